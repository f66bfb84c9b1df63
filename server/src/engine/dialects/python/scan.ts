import type { PythonSource } from '../../formats/python';
import { calls, importedModules, type CallInfo } from './query';

/** One pass over a Python file that every framework detector shares (calls, imports). */
export interface Scan {
  src: PythonSource;
  calls: CallInfo[];
  imports: Set<string>;
}

export function scan(src: PythonSource): Scan {
  return { src, calls: calls(src), imports: importedModules(src) };
}

/** Calls whose last callee segment is one of `names`. */
export function callsNamed(s: Scan, ...names: string[]): CallInfo[] {
  return s.calls.filter((c) => names.includes(c.name));
}

export function importsAny(s: Scan, ...modules: string[]): boolean {
  return modules.some((m) => s.imports.has(m));
}

/**
 * Calls of `method` on an object built by one of `ctors`: `trainer.fit(...)` where
 * `trainer = pl.Trainer(...)`, the chained `Trainer(...).fit(...)`, or a receiver whose name
 * says what it is (`self.trainer.fit`, `keras_model.fit` with `nameHint`).
 */
export function methodCallsOn(s: Scan, ctors: readonly CallInfo[], method: string, nameHint?: RegExp): CallInfo[] {
  const { src } = s;
  const vars = new Set<string>();
  for (const c of ctors) {
    const parent = c.node.parent;
    const left = parent?.type === 'assignment' ? parent.childForFieldName('left') : null;
    if (left) vars.add(src.textOf(left).replace(/\s+/g, ''));
  }
  return callsNamed(s, method).filter((m) => {
    const fn = m.node.childForFieldName('function');
    const obj = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
    if (!obj) return false;
    if (ctors.some((c) => c.node.id === obj.id)) return true;
    const text = src.textOf(obj).replace(/\s+/g, '');
    return vars.has(text) || (nameHint?.test(text) ?? false);
  });
}

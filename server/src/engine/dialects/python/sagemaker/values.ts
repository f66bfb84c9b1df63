import type { PyNode, PythonSource } from '../../../formats/python';
import type { Range } from '../../../types';
import { callInfo, kwarg, numberValue, resolve, stringValue } from '../query';

// Values of estimator arguments: literals, names assigned once (`instance_type = "ml.p3.2xlarge"`),
// pipeline parameters (`ParameterString(default_value=...)`, known only at run time) and simple
// arithmetic (`max_run=24 * 60 * 60`).

export interface ArgValue<T> {
  /** The literal, or a pipeline parameter's default; absent when nothing static says it. */
  value?: T;
  /** Where the value is written: the `key=value` argument, or the assignment it came from. */
  range: Range;
  /** Decided at run time (a pipeline parameter, a variable, an expression). */
  unresolved: boolean;
}

const PARAMETERS = new Set(['ParameterString', 'ParameterInteger', 'ParameterFloat', 'ParameterBoolean']);

/** `key=value` of a keyword argument value node, so findings cover the whole argument. */
export function argRange(src: PythonSource, value: PyNode): Range {
  const p = value.parent;
  return src.rangeOf(p?.type === 'keyword_argument' ? p : value);
}

/** Where a resolved node is written: the argument itself, or the `name = ...` that set it. */
function whereWritten(src: PythonSource, arg: PyNode, resolved: PyNode): Range {
  if (resolved.id === arg.id) return argRange(src, arg);
  const p = resolved.parent;
  return src.rangeOf(p?.type === 'assignment' ? p : resolved);
}

/** A pipeline parameter call (`ParameterString(name=..., default_value=...)`)'s default. */
function parameterDefault(src: PythonSource, n: PyNode): PyNode | undefined | null {
  if (n.type !== 'call') return null;
  const c = callInfo(src, n);
  if (!PARAMETERS.has(c.name)) return null;
  return kwarg(c, 'default_value') ?? c.args[1];
}

export function stringArg(src: PythonSource, arg: PyNode): ArgValue<string> {
  const v = resolve(src, arg) ?? arg;
  const s = stringValue(src, v);
  if (s !== undefined) return { value: s, range: whereWritten(src, arg, v), unresolved: false };
  const def = parameterDefault(src, v);
  if (def !== null) {
    const d = def ? stringValue(src, resolve(src, def) ?? def) : undefined;
    return { value: d, range: def ? argRange(src, def) : whereWritten(src, arg, v), unresolved: true };
  }
  return { range: argRange(src, arg), unresolved: true };
}

export function numberArg(src: PythonSource, arg: PyNode): ArgValue<number> {
  const v = resolve(src, arg) ?? arg;
  const def = parameterDefault(src, v);
  if (def !== null) {
    const d = def ? evaluate(src, def, 0) : undefined;
    return { value: d, range: def ? argRange(src, def) : whereWritten(src, arg, v), unresolved: true };
  }
  const n = evaluate(src, v, 0);
  return n !== undefined ? { value: n, range: whereWritten(src, arg, v), unresolved: false } : { range: argRange(src, arg), unresolved: true };
}

/** Integer arithmetic over literals and once-assigned names (`24 * 60 * 60`, `max_hours * 3600`). */
function evaluate(src: PythonSource, n: PyNode | undefined | null, depth: number): number | undefined {
  const v = resolve(src, n);
  if (!v || depth > 6) return undefined;
  const lit = numberValue(src, v);
  if (lit !== undefined) return lit;
  if (v.type === 'unary_operator' && src.textOf(v).trim().startsWith('-')) {
    const x = evaluate(src, v.childForFieldName('argument'), depth + 1);
    return x === undefined ? undefined : -x;
  }
  if (v.type !== 'binary_operator') return undefined;
  const a = evaluate(src, v.childForFieldName('left'), depth + 1);
  const b = evaluate(src, v.childForFieldName('right'), depth + 1);
  const op = v.childForFieldName('operator')?.type;
  if (a === undefined || b === undefined) return undefined;
  switch (op) {
    case '*':
      return a * b;
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '/':
      return b ? a / b : undefined;
    case '//':
      return b ? Math.floor(a / b) : undefined;
    default:
      return undefined;
  }
}

/** `True`/`False`, through once-assigned names; undefined for anything decided at run time. */
export function boolArg(src: PythonSource, arg: PyNode): boolean | undefined {
  const v = resolve(src, arg) ?? arg;
  return v.type === 'true' ? true : v.type === 'false' ? false : undefined;
}

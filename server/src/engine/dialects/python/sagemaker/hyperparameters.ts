import type { PyNode, PythonSource } from '../../../formats/python';
import type { Range } from '../../../types';
import { callInfo, resolve, stringValue } from '../query';

// An estimator's `hyperparameters={...}` become the training script's command line: SageMaker
// passes each entry as `--key value` (Python's str() of the value: `True`, `3`, `2e-5`).

export interface HyperParameter {
  key: string;
  /** As the script receives it; `$name` when only known at run time (a variable, an expression). */
  value: string;
  /** The `'key': value` pair (or `key=value` in `dict(...)`). */
  range: Range;
  valueRange: Range;
}

export function hyperparameters(src: PythonSource, arg: PyNode): HyperParameter[] {
  const v = resolve(src, arg) ?? arg;
  if (v.type === 'dictionary') {
    return v.namedChildren
      .filter((p): p is PyNode => p?.type === 'pair')
      .flatMap((p) => {
        const key = stringValue(src, resolve(src, p.childForFieldName('key')));
        const value = p.childForFieldName('value');
        return key && value ? [{ key, value: scriptValue(src, value), range: src.rangeOf(p), valueRange: src.rangeOf(value) }] : [];
      });
  }
  if (v.type === 'call' && callInfo(src, v).name === 'dict') {
    return [...callInfo(src, v).kwargs].map(([key, value]) => ({
      key,
      value: scriptValue(src, value),
      range: src.rangeOf(value.parent ?? value),
      valueRange: src.rangeOf(value),
    }));
  }
  return [];
}

/** What the script sees on its command line for a hyperparameter value. */
function scriptValue(src: PythonSource, n: PyNode): string {
  const v = resolve(src, n) ?? n;
  const s = stringValue(src, v);
  if (s !== undefined) return s;
  if (v.type === 'true') return 'True';
  if (v.type === 'false') return 'False';
  if (v.type === 'integer' || v.type === 'float') return src.textOf(v);
  // Decided at run time: a shell-style variable, which launcher parsing treats as unknown.
  return `$${src.textOf(n).replace(/\W+/g, '_')}`;
}

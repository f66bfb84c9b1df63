import { byDefault, fromFile } from '../../facts';
import type { Fact, Range } from '../../types';
import { descendants } from './query';
import type { Scan } from './scan';

// Early stopping in frameworks where it can only come from a callback (Lightning, Keras, HF).

const CALLBACK = /EarlyStopping/;

/**
 * True at the EarlyStopping callback; false (a default, at `anchor`) when the file names no such
 * callback anywhere, so a config-built callback list is not mistaken for none.
 */
export function earlyStoppingFact(s: Scan, anchor: Range, framework: string): Fact<boolean> {
  const { src } = s;
  const call = s.calls.find((c) => CALLBACK.test(c.name));
  if (call) return fromFile(true, src.rangeOf(call.node), call.callee);
  const named = descendants(src.root, 'identifier').some((i) => CALLBACK.test(src.textOf(i)));
  if (named) return fromFile(true, anchor, 'EarlyStopping');
  return byDefault(false, `no EarlyStopping callback is given to the ${framework}`, anchor);
}

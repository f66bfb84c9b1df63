// Precision fixes that set one keyword of the call that configures training:
// HF `TrainingArguments(bf16=True)`, Lightning `Trainer(precision="bf16-mixed")`,
// Accelerate `Accelerator(mixed_precision="bf16")`.

import { appendItem, quoteOf, replace, type CallSnap } from '../../../edit/pythonEdit';
import type { LineIndex } from '../../../formats/lineIndex';
import type { Fix } from '../../../types';

export type PrecisionMode = 'bf16' | 'fp16';

const hasSplat = (c: CallSnap) => c.positional.some((p) => p.type === 'dictionary_splat');

/** `bf16=True` on TrainingArguments / a TRL config; `bf16=False` is flipped. */
export function hfArgsPrecision(text: string, lines: LineIndex, c: CallSnap, mode: PrecisionMode): Fix | undefined {
  if (hasSplat(c)) return undefined;
  const own = c.kwargs.get(mode);
  const other = c.kwargs.get(mode === 'bf16' ? 'fp16' : 'bf16');
  if (other?.value.type === 'true') return undefined; // already in the other half precision
  const name = c.callee.split('.').pop();
  if (own) {
    if (own.value.type !== 'false') return undefined; // True, or decided at run time
    return { title: `Train in ${mode}: set ${mode}=True in ${name}`, edits: [replace(lines, own.value.start, own.value.end, 'True')], safe: true };
  }
  return { title: `Train in ${mode}: add ${mode}=True to ${name}`, edits: appendItem(text, lines, c.args, `${mode}=True`), safe: true };
}

/** A string keyword set to `value`: its literal replaced (quotes kept), or the keyword added. */
function stringKwarg(text: string, lines: LineIndex, c: CallSnap, key: string, value: string, title: string): Fix | undefined {
  if (hasSplat(c)) return undefined;
  const kw = c.kwargs.get(key);
  if (kw) {
    const q = quoteOf(kw.value);
    return { title, edits: [replace(lines, kw.value.start, kw.value.end, `${q}${value}${q}`)], safe: true };
  }
  return { title, edits: appendItem(text, lines, c.args, `${key}="${value}"`), safe: true };
}

export function lightningPrecision(text: string, lines: LineIndex, c: CallSnap, mode: PrecisionMode): Fix | undefined {
  const value = mode === 'bf16' ? 'bf16-mixed' : '16-mixed';
  return stringKwarg(text, lines, c, 'precision', value, `Train in ${mode}: set precision="${value}" on the Trainer`);
}

export function acceleratorPrecision(text: string, lines: LineIndex, c: CallSnap, mode: PrecisionMode): Fix | undefined {
  return stringKwarg(text, lines, c, 'mixed_precision', mode, `Train in ${mode}: set mixed_precision="${mode}" on the Accelerator`);
}

// A numeric keyword of one call set to a value: its literal replaced, or the keyword added.
import { appendItem, replace, type CallSnap } from '../../../edit/pythonEdit';
import type { LineIndex } from '../../../formats/lineIndex';
import type { Fix } from '../../../types';

export function numberKwargFix(text: string, lines: LineIndex, c: CallSnap, key: string, value: number, title: string, safe: boolean): Fix | undefined {
  if (c.positional.some((p) => p.type === 'dictionary_splat')) return undefined;
  const kw = c.kwargs.get(key);
  if (kw) return { title, edits: [replace(lines, kw.value.start, kw.value.end, String(value))], safe };
  return { title, edits: appendItem(text, lines, c.args, `${key}=${value}`), safe };
}

/** Several numeric keywords of one call in one fix: literals replaced, missing ones added together. */
export function numberKwargsFix(text: string, lines: LineIndex, c: CallSnap, values: [string, number][], title: string, safe: boolean): Fix | undefined {
  if (c.positional.some((p) => p.type === 'dictionary_splat')) return undefined;
  const edits = [];
  const missing: string[] = [];
  for (const [key, value] of values) {
    const kw = c.kwargs.get(key);
    if (kw) edits.push(replace(lines, kw.value.start, kw.value.end, String(value)));
    else missing.push(`${key}=${value}`);
  }
  if (missing.length) edits.push(...appendItem(text, lines, c.args, missing.join(', ')));
  return { title, edits, safe };
}

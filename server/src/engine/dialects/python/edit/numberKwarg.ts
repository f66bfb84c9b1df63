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

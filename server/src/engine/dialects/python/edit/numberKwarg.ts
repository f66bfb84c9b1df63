// Keywords of one call set to values: literals replaced where written, the missing ones added
// together (one per line in a multi-line call). Shared by every Python fix that sets keywords.
import { appendItems, replace, type CallSnap } from '../../../edit/pythonEdit';
import type { LineIndex } from '../../../formats/lineIndex';
import type { Fix, TextEdit } from '../../../types';

/** `key=value` source text for each keyword: undefined when a `**kwargs` splat may already set them. */
export function kwargEdits(text: string, lines: LineIndex, c: CallSnap, set: [string, string][]): TextEdit[] | undefined {
  if (c.positional.some((p) => p.type === 'dictionary_splat')) return undefined;
  const edits: TextEdit[] = [];
  const missing: string[] = [];
  for (const [key, value] of set) {
    const kw = c.kwargs.get(key);
    if (kw) edits.push(replace(lines, kw.value.start, kw.value.end, value));
    else missing.push(`${key}=${value}`);
  }
  if (missing.length) edits.push(...appendItems(text, lines, c.args, missing));
  return edits;
}

export function numberKwargFix(text: string, lines: LineIndex, c: CallSnap, key: string, value: number, title: string, safe: boolean): Fix | undefined {
  return numberKwargsFix(text, lines, c, [[key, value]], title, safe);
}

/** Several numeric keywords of one call in one fix. */
export function numberKwargsFix(text: string, lines: LineIndex, c: CallSnap, values: [string, number][], title: string, safe: boolean): Fix | undefined {
  const edits = kwargEdits(text, lines, c, values.map(([k, v]) => [k, String(v)]));
  return edits && { title, edits, safe };
}

import type { LineIndex } from '../formats/lineIndex';
import type { TextEdit } from '../types';

// Format-neutral pieces of a minimal edit: the file's own line break and indentation, and
// offset-based edits turned into LSP ranges. YAML and JSON editors both build on these.

export type Eol = '\n' | '\r\n';

/** The file's line break: the first one found (a CRLF file stays CRLF); `\n` when there is none. */
export function detectEol(text: string): Eol {
  const i = text.indexOf('\n');
  return i > 0 && text.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
}

/** Offset where the line holding `offset` starts. */
export function lineStartAt(text: string, offset: number): number {
  let i = Math.max(0, Math.min(offset, text.length));
  while (i > 0 && text.charCodeAt(i - 1) !== 10) i--;
  return i;
}

/** Offset of the end of the line holding `offset`, before its `\r\n` / `\n`. */
export function lineEndAt(text: string, offset: number): number {
  let i = Math.max(0, Math.min(offset, text.length));
  while (i < text.length && text.charCodeAt(i) !== 10) i++;
  return i > 0 && text.charCodeAt(i - 1) === 13 && i <= text.length ? i - 1 : i;
}

/** Leading whitespace of the line holding `offset`. */
export function indentAt(text: string, offset: number): string {
  const start = lineStartAt(text, offset);
  const m = /^[ \t]*/.exec(text.slice(start, lineEndAt(text, offset)));
  return m ? m[0] : '';
}

/** Column of `offset` within its line (0-based). */
export function columnAt(text: string, offset: number): number {
  return offset - lineStartAt(text, offset);
}

/** Offset of the last non-whitespace character before `end` (or `floor` when there is none). */
export function lastContentBefore(text: string, end: number, floor = 0): number {
  let i = Math.min(end, text.length) - 1;
  while (i > floor && /\s/.test(text[i])) i--;
  return Math.max(i, floor);
}

/** `[start, end)` replaced by `newText`, as an LSP edit. */
export function edit(lines: LineIndex, start: number, end: number, newText: string): TextEdit {
  return { range: lines.range(start, end), newText };
}

export function insertAt(lines: LineIndex, offset: number, newText: string): TextEdit {
  return edit(lines, offset, offset, newText);
}

/** Re-indent every line after the first of a multi-line fragment and use the file's line break. */
export function indentLines(fragment: string, indent: string, eol: Eol): string {
  return fragment
    .split(/\r?\n/)
    .map((l, i) => (i === 0 || l === '' ? l : indent + l))
    .join(eol);
}

/** Edits sorted by position, first to last (LSP applies them as one; tests apply last to first). */
export function sortEdits(edits: TextEdit[]): TextEdit[] {
  return [...edits].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

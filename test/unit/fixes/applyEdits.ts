import * as assert from 'node:assert/strict';
import { LineIndex } from '../../../server/src/engine/formats/lineIndex';
import type { Fix, TextEdit } from '../../../server/src/engine/types';

// Applying a Fix's edits to text the way an editor does, plus the checks every fix must pass:
// edits never overlap, and every line they do not touch is byte-identical afterwards.

interface OffsetEdit {
  start: number;
  end: number;
  newText: string;
}

function offsets(text: string, edits: readonly TextEdit[]): OffsetEdit[] {
  const lines = new LineIndex(text);
  return edits.map((e) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), newText: e.newText }));
}

/** `text` with `edits` applied (non-overlapping; applied last to first). Throws on overlap. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = offsets(text, edits).sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].start < sorted[i - 1].end) throw new Error(`overlapping edits at offset ${sorted[i].start}`);
    if (sorted[i].start === sorted[i - 1].start && sorted[i].end === sorted[i].start && sorted[i - 1].end === sorted[i - 1].start) {
      throw new Error(`two insertions at offset ${sorted[i].start}: order undefined`);
    }
  }
  let out = text;
  for (const e of [...sorted].reverse()) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** Snippet placeholders replaced by their defaults (`${1:s3://b}` → `s3://b`), as accepted as-is. */
export function snippetDefaults(text: string): string {
  return text.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '');
}

/** The text after a fix, snippet placeholders left at their defaults. */
export function applyFix(text: string, fix: Fix): string {
  const out = applyEdits(text, fix.edits);
  return fix.snippet ? snippetDefaults(out) : out;
}

/**
 * Every line of `before` that no edit touches is in `after`, byte for byte (line break included),
 * at its shifted position; and a CRLF file has no bare LF afterwards.
 */
export function assertUntouchedOutsideEdits(before: string, after: string, edits: readonly TextEdit[], label = ''): void {
  const split = (t: string) => t.split(/(?<=\n)/);
  const a = split(before);
  const b = split(after);
  const sorted = [...edits].sort((x, y) => x.range.start.line - y.range.start.line);
  let shift = 0;
  let k = 0;
  for (let line = 0; line < a.length; line++) {
    while (k < sorted.length && sorted[k].range.end.line < line) {
      const e = sorted[k];
      shift += (e.newText.match(/\n/g) ?? []).length - (e.range.end.line - e.range.start.line);
      k++;
    }
    const touched = sorted.some((e) => e.range.start.line <= line && line <= e.range.end.line);
    if (touched) continue;
    assert.equal(b[line + shift], a[line], `${label}: line ${line + 1} changed outside the edits`);
  }
  if (before.includes('\r\n')) assert.ok(!/(^|[^\r])\n/.test(after), `${label}: a bare LF was written into a CRLF file`);
}

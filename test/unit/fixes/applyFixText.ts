import type { TextEdit } from '../../../server/src/engine/types';

/**
 * Applies LSP-style edits to text, independently of the engine's own applier (so tests of that
 * applier, and of fixes, do not check the code with itself). Positions are 0-based line and
 * UTF-16 character; edits must not overlap.
 */
export function applyFixText(text: string, edits: readonly TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) => {
    if (p.line >= lineStarts.length) return text.length;
    return Math.min(lineStarts[p.line] + p.character, p.line + 1 < lineStarts.length ? lineStarts[p.line + 1] - 1 : text.length);
  };
  const sorted = edits.map((e) => ({ s: offset(e.range.start), e: offset(e.range.end), t: e.newText })).sort((a, b) => b.s - a.s);
  let out = text;
  let limit = Infinity;
  for (const x of sorted) {
    if (x.e > limit) throw new Error('overlapping edits');
    out = out.slice(0, x.s) + x.t + out.slice(x.e);
    limit = x.s;
  }
  return out;
}

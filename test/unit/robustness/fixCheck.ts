// What a fix may do to a file: change its edit ranges and nothing else. Checked on mutated text,
// where a dialect's ranges are most likely to be wrong.
import { LineIndex } from '../../../server/src/engine/formats/lineIndex';
import type { Finding, Fix, Position, TextEdit } from '../../../server/src/engine/types';

/** Problems with one fix on `text` (empty = fine) and, when it applies, the fixed text. */
export function checkFix(text: string, fix: Fix): { problems: string[]; fixed?: string } {
  const lines = new LineIndex(text);
  const problems: string[] = [];
  const inBounds = (p: Position, what: string): boolean => {
    const ok = p.line >= 0 && p.line < lines.lineCount && p.character >= 0 && p.character <= lines.lineText(p.line).length;
    if (!ok) problems.push(`${fix.title}: ${what} ${p.line}:${p.character} is outside the text`);
    return ok;
  };
  const spans: { start: number; end: number; edit: TextEdit }[] = [];
  for (const e of fix.edits) {
    if (!inBounds(e.range.start, 'start') || !inBounds(e.range.end, 'end')) continue;
    const start = lines.offset(e.range.start);
    const end = lines.offset(e.range.end);
    if (end < start) problems.push(`${fix.title}: edit ends before it starts`);
    else spans.push({ start, end, edit: e });
  }
  if (problems.length) return { problems };
  // Applied back to front, the way editors apply a WorkspaceEdit...
  let fixed = text;
  for (const s of [...spans].sort((a, b) => b.start - a.start || b.end - a.end)) fixed = fixed.slice(0, s.start) + s.edit.newText + fixed.slice(s.end);
  // ...then every untouched stretch of the original must be found where it should be, front to back.
  // Overlapping edits break this: the overlap is counted twice.
  const ordered = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  let from = 0;
  let at = 0;
  for (const s of ordered) {
    if (s.start < from) {
      problems.push(`${fix.title}: edits overlap at offset ${s.start}`);
      return { problems };
    }
    const kept = text.slice(from, s.start);
    if (fixed.slice(at, at + kept.length) !== kept) problems.push(`${fix.title}: text before offset ${s.start} changed`);
    at += kept.length + s.edit.newText.length;
    from = s.end;
  }
  if (fixed.slice(at) !== text.slice(from)) problems.push(`${fix.title}: text after the last edit changed`);
  return { problems, fixed };
}

/** Every fix of every finding, checked; returns the problems and the texts the fixes produce. */
export function checkFixes(text: string, findings: readonly Finding[]): { problems: string[]; fixedTexts: string[]; fixes: number } {
  const problems: string[] = [];
  const fixedTexts: string[] = [];
  let fixes = 0;
  for (const f of findings) {
    for (const fix of f.fixes ?? []) {
      fixes++;
      const r = checkFix(text, fix);
      problems.push(...r.problems.map((p) => `[${f.rule}] ${p}`));
      if (r.fixed !== undefined) fixedTexts.push(r.fixed);
    }
  }
  return { problems, fixedTexts, fixes };
}

// Golden-file checks for fixes: apply a job editor's fix to `<case>.input.<ext>`, compare with
// `<case>.expected.<ext>`, and check the result re-parses cleanly, lines outside the edits are
// byte-identical, and re-analysing it shows the changed fact.

import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyze, type AnalysisResult } from '../../../server/src/engine/analyze';
import { LineIndex } from '../../../server/src/engine/formats/lineIndex';
import type { Fix, Job, JobEditor, TextEdit } from '../../../server/src/engine/types';
import { fixturePath } from '../../helpers';

export interface FixCase {
  dir: 'skypilot' | 'kubernetes' | 'python' | 'sagemaker';
  name: string;
  ext: 'yaml' | 'py';
  fix: (editor: JobEditor, job: Job) => Fix | undefined;
  /** Checks the re-analysed job of the fixed file. */
  after?: (job: Job, fix: Fix) => void;
}

/** Applies edits as an editor would (all ranges refer to the original text). */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  const spans = edits.map((e) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), text: e.newText }));
  spans.sort((a, b) => b.start - a.start || b.end - a.end);
  for (let i = 1; i < spans.length; i++) assert.ok(spans[i].end <= spans[i - 1].start, 'edits must not overlap');
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  return out;
}

/** What the user gets when accepting a snippet's defaults: `${1:x}` -> `x`, `\$` -> `$`. */
export function expandSnippet(text: string): string {
  return text.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\\([$}\\])/g, '$1');
}

/** Every line no edit touches appears unchanged, shifted by the lines the edits before it add. */
export function assertUntouchedLines(before: string, after: string, edits: TextEdit[]): void {
  const a = before.split('\n');
  const b = after.split('\n');
  for (let i = 0; i < a.length; i++) {
    if (edits.some((e) => e.range.start.line <= i && i <= e.range.end.line)) continue;
    const shift = edits
      .filter((e) => e.range.end.line < i)
      .reduce((s, e) => s + e.newText.split('\n').length - 1 - (e.range.end.line - e.range.start.line), 0);
    assert.equal(b[i + shift], a[i], `line ${i + 1} must be unchanged`);
  }
}

export async function analyzeAs(name: string, text: string): Promise<AnalysisResult> {
  return analyze({ path: path.join(path.dirname(fixturePath('fixes/x')), '__fixed__', name), text });
}

export async function runCase(c: FixCase): Promise<void> {
  const input = fixturePath(`fixes/${c.dir}/${c.name}.input.${c.ext}`);
  const expectedPath = fixturePath(`fixes/${c.dir}/${c.name}.expected.${c.ext}`);
  const text = fs.readFileSync(input, 'utf8');
  const before = await analyzeAs(`${c.name}.${c.ext}`, text);
  assert.equal(before.jobs.length, 1, 'one job in the input');
  const job = before.jobs[0];
  assert.ok(job.editor, `${job.dialect} job has an editor`);
  const fix = c.fix(job.editor!, job);
  assert.ok(fix, 'a fix is offered');
  assert.ok(fix.title.length > 10, 'the fix says what it does');
  let out = applyEdits(text, fix.edits);
  if (fix.snippet) out = expandSnippet(out);
  else assert.ok(fix.edits.every((e) => !/\$\{\d+:/.test(e.newText)), 'placeholders only in snippet fixes');
  if (process.env.UPDATE_GOLDEN && !fs.existsSync(expectedPath)) fs.writeFileSync(expectedPath, out);
  assert.equal(out, fs.readFileSync(expectedPath, 'utf8'));
  if (!fix.snippet) assertUntouchedLines(text, out, fix.edits);
  const after = await analyzeAs(`${c.name}.${c.ext}`, out);
  assert.equal(after.parseErrors.length, before.parseErrors.length, `no new parse errors: ${after.parseErrors.join('; ')}`);
  assert.equal(after.jobs.length, 1, 'still one job');
  c.after?.(after.jobs[0], fix);
}

// Property: every fix offered for every finding, over every fixture and corpus file, leaves a file
// that still parses, without the fixed finding, without new findings, and unchanged outside the
// edits' lines. Placeholders are filled with their default text, as a client without snippets does.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyze, type AnalysisResult } from '../../../server/src/engine/analyze';
import { diskFileAccess } from '../../../server/src/engine/fileAccess';
import { plainEdits } from '../../../server/src/engine/fixAll';
import type { Fix, TextEdit } from '../../../server/src/engine/types';
import { fixturesDir } from '../../helpers';
import { applyFixText } from './applyFixText';

const CORPUS = '/work/shared/corpus/files';
const EXT = /\.(ya?ml|jsonc?|py|sh)$/i;

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : EXT.test(e.name) ? [p] : [];
  });
}

function count(r: AnalysisResult, rule: string): number {
  return r.findings.filter((f) => f.rule === rule).length;
}

/** Every line before the first edited line and after the last one is byte-identical (the tail counted from the end). */
function changedOnlyInside(before: string, after: string, edits: readonly TextEdit[]): boolean {
  const a = before.split('\n');
  const b = after.split('\n');
  const first = Math.min(...edits.map((e) => e.range.start.line));
  const last = Math.max(...edits.map((e) => e.range.end.line));
  for (let i = 0; i < first; i++) if (a[i] !== b[i]) return false;
  const tail = a.length - 1 - last;
  for (let i = 1; i <= tail; i++) if (a[a.length - i] !== b[b.length - i]) return false;
  return true;
}

/**
 * A fix may reveal the next saving, never a problem: once a job checkpoints to durable storage and
 * resumes, `spot-eligible` rightly says spot would now cost less; once the hardware is right-sized,
 * the micro-batch is judged on the new GPU's memory. Only these pairs are allowed.
 */
const FOLLOW_UPS: Record<string, readonly string[]> = {
  'no-checkpointing': ['spot-eligible'],
  'spot-without-checkpoint': ['spot-eligible'],
  'oversized-gpu': ['small-batch'],
};

const files = [...walk(fixturesDir), ...walk(CORPUS)];
let fixesChecked = 0;

for (const file of files) {
  const root = file.startsWith(CORPUS) ? CORPUS : fixturesDir;
  const run = (text: string) => analyze({ path: file, text }, { files: diskFileAccess([root]) });
  test(`fixes round-trip: ${path.relative(path.dirname(root), file)}`, async () => {
    const text = fs.readFileSync(file, 'utf8');
    const before = await run(text);
    if (before.skipped || !before.findings.length) return;
    for (const finding of before.findings) {
      for (const fix of finding.fixes ?? []) {
        const what = `${finding.rule} line ${finding.range.start.line + 1}: "${fix.title}"`;
        const edits = plainEdits(fix);
        assert.ok(edits.length > 0, `${what}: a fix with no edits`);
        const fixed = applyFixText(text, edits);
        assert.notEqual(fixed, text, `${what}: changes nothing`);
        const after = await run(fixed);
        assert.ok(after.parseErrors.length <= before.parseErrors.length, `${what}: new parse error ${after.parseErrors[0]}`);
        assert.ok(count(after, finding.rule) < count(before, finding.rule), `${what}: the finding is still there\n${fixed}`);
        for (const f of after.findings) {
          if (f.rule === finding.rule || FOLLOW_UPS[finding.rule]?.includes(f.rule)) continue;
          assert.ok(count(after, f.rule) <= count(before, f.rule), `${what}: new ${f.rule} finding: ${f.message.slice(0, 160)}`);
        }
        assert.ok(changedOnlyInside(text, fixed, edits), `${what}: lines outside the edits changed`);
        fixesChecked++;
      }
    }
  });
}

test('round-trip covered fixes (not vacuous)', () => {
  // Runs last: node:test runs top-level tests in order. Every finding has at least its ignore fixes.
  assert.ok(fixesChecked > 20, `only ${fixesChecked} fixes checked`);
});

export type { Fix };

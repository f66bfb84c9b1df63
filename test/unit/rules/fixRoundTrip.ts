import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { analyze } from '../../../server/src/engine/analyze';
import { diskFileAccess } from '../../../server/src/engine/fileAccess';
import { plainEdits } from '../../../server/src/engine/fixAll';
import type { Fix } from '../../../server/src/engine/types';
import { fixturePath, fixturesDir } from '../../helpers';
import { assertUntouchedOutsideEdits } from '../fixes/applyEdits';
import { applyFixText } from '../fixes/applyFixText';

/**
 * For each fixture under test/fixtures/rules/<rule>/: the rule fires, its first fix (not an
 * ignore) applied to the real text gives a file that parses with no errors, is still the same
 * kind of job, no longer has the finding, and keeps every line outside the edits byte-identical.
 * `check` may look at the fix and the fixed text further.
 */
export function ruleFixRoundTrips(rule: string, files: string[], check?: (file: string, fix: Fix, after: string) => void): void {
  for (const file of files) {
    test(`${rule}: the fix for ${file} round-trips`, async () => {
      const p = fixturePath(path.join('rules', rule, file));
      const text = fs.readFileSync(p, 'utf8');
      const run = (t: string) => analyze({ path: p, text: t }, { files: diskFileAccess([fixturesDir]) });
      const before = await run(text);
      const finding = before.findings.find((f) => f.rule === rule);
      assert.ok(finding, `${file}: ${rule} fires`);
      const fix = (finding.fixes ?? []).find((f) => !f.title.startsWith('Ignore '));
      assert.ok(fix, `${file}: ${rule} offers a fix`);
      const edits = plainEdits(fix);
      const after = applyFixText(text, edits);
      assert.notEqual(after, text);
      const again = await run(after);
      assert.deepEqual(again.parseErrors, [], 'the fixed file parses');
      assert.deepEqual(again.jobs.map((j) => j.dialect), before.jobs.map((j) => j.dialect), 'the same jobs are found');
      assert.ok(!again.findings.some((f) => f.rule === rule), `${fix.title} removed the finding: ${again.findings.filter((f) => f.rule === rule).map((f) => f.message).join(' | ')}`);
      assertUntouchedOutsideEdits(text, after, edits, file);
      check?.(file, fix, after);
    });
  }
}

import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeFixture, fixturesDir } from '../../helpers';

/** A fixture under test/fixtures/rules/<rule>/ and the 1-based lines where the rule must fire ([] = silent). */
export interface RuleCase {
  file: string;
  lines: number[];
  /** Substrings the first finding's message must contain. */
  says?: string[];
  why: string;
}

/** Runs every case for `rule`, and checks that no fixture in its folder is left untested. */
export function ruleCases(rule: string, cases: RuleCase[]): void {
  for (const c of cases) {
    test(`${rule}: ${c.file} — ${c.why}`, async () => {
      const r = await analyzeFixture(path.join('rules', rule, c.file));
      const hits = r.findings.filter((f) => f.rule === rule);
      assert.deepEqual(
        hits.map((f) => f.range.start.line + 1),
        c.lines,
        `findings: ${JSON.stringify(hits.map((f) => `${f.range.start.line + 1}: ${f.message}`))}; jobs: ${r.jobs.map((j) => j.dialect).join(',') || 'none'}`,
      );
      for (const s of c.says ?? []) assert.ok(hits[0]?.message.includes(s), `message should say "${s}": ${hits[0]?.message}`);
    });
  }
  test(`${rule}: every fixture in its folder has a case`, () => {
    const dir = path.join(fixturesDir, 'rules', rule);
    const listed = new Set(cases.map((c) => c.file));
    const linkedOnly = new Set(['ds-fp16.json']); // read through a link, not on its own
    const orphans = fs.readdirSync(dir).filter((f) => !listed.has(f) && !linkedOnly.has(f));
    assert.deepEqual(orphans, []);
  });
}

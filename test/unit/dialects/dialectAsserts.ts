import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import type { Fact, Job, Range } from '../../../server/src/engine/types';
import { analyzeFixture, fixturePath } from '../../helpers';

// Shared questions dialect tests ask of a fixture folder: its jobs of one dialect, the line of a
// piece of text, and a fact's file source.

export function dialectFixtures(folder: string, dialect: string) {
  const jobs = async (rel: string): Promise<Job[]> => (await analyzeFixture(`${folder}/${rel}`)).jobs.filter((j) => j.dialect === dialect);
  return {
    jobs,
    async onlyJob(rel: string): Promise<Job> {
      const found = await jobs(rel);
      assert.equal(found.length, 1, `one job expected in ${rel}, got ${found.length}`);
      return found[0];
    },
    /** 0-based line of the `nth` line of a fixture containing `needle`. */
    lineOf(rel: string, needle: string, nth = 0): number {
      const lines = fs.readFileSync(fixturePath(`${folder}/${rel}`), 'utf8').split('\n');
      const hits = lines.map((l, i) => (l.includes(needle) ? i : -1)).filter((i) => i >= 0);
      assert.ok(hits.length > nth, `${needle} not in ${rel}`);
      return hits[nth];
    },
  };
}

export function fileSource(f: Fact<unknown> | undefined): { key: string; range: Range; uri?: string } {
  assert.ok(f, 'fact expected');
  assert.equal(f.source.kind, 'file', `expected a file source, got ${JSON.stringify(f.source)}`);
  if (f.source.kind !== 'file') throw new Error('unreachable');
  return f.source;
}

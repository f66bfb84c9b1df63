// Real-world regression corpus: every file in test/fixtures/realworld goes through the real engine
// and its findings are compared with the labels reviewed by hand (expected.tsv, rule + line ±1).
// Today's engine does not match every label: known-disagreements.tsv lists the differences and is
// kept exact, so a change that breaks a real case fails here, and one that fixes a case must say so.
import { strict as assert } from 'node:assert';
import * as fs from 'fs';
import * as path from 'path';
import { describe, it } from 'node:test';
import { RULES } from '../../rules';
import {
  ALLOWED_LICENCES,
  FILES_DIR,
  PLANNED_RULES,
  REGENERATE,
  analyzeCorpus,
  disagreementKey,
  disagreements,
  readBaseline,
  readExpected,
  readManifest,
} from './realworldCorpus';

const manifest = readManifest();
const expected = readExpected();

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : [path.relative(FILES_DIR, p).split(path.sep).join('/')];
  });
}

describe('real-world corpus: provenance and labels', () => {
  it('lists every copied file exactly once, with repository, commit and a permissive licence', () => {
    const onDisk = walk(FILES_DIR).sort();
    const listed = manifest.map((m) => m.local).sort();
    assert.deepEqual(listed, onDisk);
    assert.equal(new Set(manifest.map((m) => m.id)).size, manifest.length, 'ids are unique');
    for (const m of manifest) {
      assert.match(m.repo, /^[\w.-]+\/[\w.-]+$/, `${m.id}: repo`);
      assert.match(m.commit, /^[0-9a-f]{40}$/, `${m.id}: commit`);
      assert.ok(ALLOWED_LICENCES.includes(m.licence), `${m.id}: licence ${m.licence}`);
      assert.ok(m.path && m.family, `${m.id}: path and family`);
    }
    assert.ok(manifest.length >= 150, `at least 150 files (${manifest.length})`);
    assert.ok(new Set(manifest.map((m) => m.repo)).size >= 30, 'at least 30 repositories');
  });

  it('has reviewed labels for every file, with known rule ids and lines inside the file', () => {
    const rules = new Set([...RULES.map((r) => r.id), ...PLANNED_RULES, 'none']);
    const byId = new Map(manifest.map((m) => [m.id, m]));
    for (const m of manifest) assert.ok(expected.some((e) => e.id === m.id), `${m.id} (${m.local}) has no row in expected.tsv`);
    for (const e of expected) {
      const m = byId.get(e.id);
      assert.ok(m, `expected.tsv names unknown id ${e.id}`);
      assert.ok(rules.has(e.rule), `${e.id}: unknown rule ${e.rule}`);
      assert.ok(['high', 'medium', 'low'].includes(e.confidence), `${e.id}: confidence ${e.confidence}`);
      const lines = fs.readFileSync(path.join(FILES_DIR, m.local), 'utf8').split('\n').length;
      assert.ok(Number.isInteger(e.line) && e.line >= 0 && e.line <= lines, `${e.id}: line ${e.line} outside ${m.local}`);
      assert.ok(e.reason.length > 10, `${e.id}: a reason`);
    }
  });
});

describe('real-world corpus: how findings are matched to labels', () => {
  const row = { id: 'x1', repo: 'o/r', path: 'a.yaml', commit: '0'.repeat(40), licence: 'MIT', local: 'r/a.yaml', family: 'hf' };
  const label = (line: number, rule: string, confidence: 'high' | 'medium' | 'low' = 'high') => ({ id: 'x1', line, rule, confidence, reason: 'why' });
  const at = (...fs: [string, number][]) => [{ row, findings: fs.map(([rule, line]) => ({ rule, line, message: 'm' })) }];
  const keys = (ds: ReturnType<typeof disagreements>) => ds.map((d) => `${d.kind} ${d.rule}:${d.line}`);

  it('accepts a finding within one line of the label, and anywhere for line 0', () => {
    assert.deepEqual(keys(disagreements(at(['fp32-training', 11]), [label(10, 'fp32-training')], ['fp32-training'])), []);
    assert.deepEqual(keys(disagreements(at(['fp32-training', 40]), [label(0, 'fp32-training')], ['fp32-training'])), []);
    assert.deepEqual(keys(disagreements(at(['fp32-training', 12]), [label(10, 'fp32-training')], ['fp32-training'])), [
      'missed fp32-training:10',
      'false-alarm fp32-training:12',
    ]);
  });

  it('ignores low-confidence labels both ways and rules that are not registered', () => {
    assert.deepEqual(keys(disagreements(at(['small-batch', 5]), [label(5, 'small-batch', 'low')], ['small-batch'])), []);
    assert.deepEqual(keys(disagreements(at(), [label(5, 'small-batch', 'low')], ['small-batch'])), []);
    assert.deepEqual(keys(disagreements(at(), [label(5, 'grid-search')], ['fp32-training'])), []);
    assert.deepEqual(keys(disagreements(at(), [label(0, 'none')], ['fp32-training'])), []);
  });
});

describe('real-world corpus: the engine against the reviewed labels', () => {
  it('disagrees with the labels exactly where known-disagreements.tsv says', async () => {
    const outcomes = await analyzeCorpus(manifest);
    const now = disagreements(outcomes, expected);
    const known = readBaseline();
    const nowKeys = new Set(now.map(disagreementKey));
    const knownKeys = new Set(known.map(disagreementKey));
    const fresh = now.filter((d) => !knownKeys.has(disagreementKey(d)));
    const gone = known.filter((d) => !nowKeys.has(disagreementKey(d)));
    const show = (ds: typeof now) => ds.map((d) => `  ${d.kind} ${d.rule} ${d.local}:${d.line} (${d.id}) — ${d.why}`).join('\n');
    assert.ok(
      !fresh.length && !gone.length,
      [
        fresh.length ? `New disagreements with the reviewed labels (a regression, or a label to re-check):\n${show(fresh)}` : '',
        gone.length ? `Listed disagreements that no longer occur (the engine improved: remove them):\n${show(gone)}` : '',
        `If the change is intended, regenerate the list with: ${REGENERATE}`,
      ]
        .filter(Boolean)
        .join('\n'),
    );
  });
});

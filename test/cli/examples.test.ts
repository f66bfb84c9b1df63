import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../rules';
import { mlcost, repoRoot } from './run';

// The bundled examples/ workspace is what the README's main command runs on: every rule must fire
// there at least once, and the clean twins and non-ML files must stay silent.

interface JsonReport {
  findings: { file: string; rule: string }[];
}

const examples = path.join(repoRoot, 'examples');

test('examples/smelly: every rule fires at least once', () => {
  const r = mlcost(['check', 'examples/smelly', '--format', 'json', '--fail-on', 'none']);
  const report = JSON.parse(r.stdout) as JsonReport;
  const fired = new Set(report.findings.map((f) => f.rule));
  assert.deepEqual(RULES.map((x) => x.id).filter((id) => !fired.has(id)), []);
});

test('examples/smelly: every file has findings and a clean twin', () => {
  const r = mlcost(['check', 'examples/smelly', '--format', 'json', '--fail-on', 'none']);
  const report = JSON.parse(r.stdout) as JsonReport;
  for (const name of fs.readdirSync(path.join(examples, 'smelly'))) {
    assert.ok(report.findings.some((f) => f.file.endsWith(name)), `no finding in smelly/${name}`);
    assert.ok(fs.existsSync(path.join(examples, 'clean', name)), `no clean twin for ${name}`);
  }
});

test('examples/clean and examples/not-ml: no findings, exit 0', () => {
  const r = mlcost(['check', 'examples/clean', 'examples/not-ml', '--format', 'json']);
  assert.equal(r.code, 0);
  assert.deepEqual((JSON.parse(r.stdout) as JsonReport).findings, []);
});

test('the README main command exits 1 on the examples (smelly files have warnings)', () => {
  const r = mlcost(['check', 'examples/']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /problems? \(/);
});

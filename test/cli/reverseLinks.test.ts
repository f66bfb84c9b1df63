import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { jsonFindings, mlcost } from './run';

// The CLI's second pass: files that other checked files launch are judged with those launchers.

test('check on a Hydra config folder: trainer/default.yaml (cpu) is judged on the GPU of the trainers that compose it', () => {
  const all = jsonFindings(mlcost(['check', '--format', 'json', '--fail-on', 'none', 'test/fixtures/lightning/hydra-compose/configs']));
  const fp32 = all.filter((f) => f.rule === 'fp32-training' && f.file.endsWith('trainer/default.yaml'));
  assert.equal(fp32.length, 1, JSON.stringify(all.map((f) => `${f.file}:${f.line} ${f.rule}`)));
  assert.equal(fp32[0].line, 12);
  // Reported once, in the base: the trainers that inherit it stay quiet about it.
  assert.deepEqual(all.filter((f) => f.rule === 'fp32-training' && /trainer\/(gpu|ddp)\.yaml$/.test(f.file)), []);
});

test('negative: the same base checked alone (no launcher among the checked files) stays CPU-only and quiet', () => {
  const alone = jsonFindings(mlcost(['check', '--format', 'json', '--fail-on', 'none', 'test/fixtures/lightning/hydra-compose/configs/trainer/default.yaml']));
  assert.deepEqual(alone.filter((f) => f.rule === 'fp32-training'), []);
});

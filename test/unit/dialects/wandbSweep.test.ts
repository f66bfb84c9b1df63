import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { wandbSweepDialect } from '../../../server/src/engine/dialects/wandbSweep';
import { analyzeFixture, analyzeText } from '../../helpers';
import { detectDirect } from './detectDirect';
import { fileSource } from './dialectAsserts';

test('a W&B grid sweep is a training job with search facts: nested parameters, int_uniform, run_cap', async () => {
  const r = await analyzeFixture('wandb/sweep-grid.yaml');
  assert.equal(r.jobs.length, 1);
  const job = r.jobs[0];
  assert.equal(job.dialect, 'wandb-sweep');
  assert.equal(job.workload, 'training');
  assert.equal(job.search?.library, 'wandb');
  assert.equal(job.search?.method.value, 'grid');
  assert.equal(fileSource(job.search?.method).key, 'method');
  // 3 learning rates x (2 x 2 optimizer settings) x 3 epochs = 36 points, capped by run_cap: 30.
  assert.equal(job.search?.trials?.value, 30);
  assert.equal(fileSource(job.search?.trials).key, 'run_cap');
  assert.equal(job.search?.earlyTermination?.value, false);
  assert.equal(job.search?.earlyTermination?.source.kind, 'default');
  assert.equal(job.anchor.start.line, 1);
});

test('the sweep reads its program: one run\'s model and schedule come from train_lm.py, reported there', async () => {
  const r = await analyzeFixture('wandb/sweep-grid.yaml');
  const job = r.jobs[0];
  assert.ok(job.linkedFiles.some((f) => f.endsWith('train_lm.py')), JSON.stringify(job.linkedFiles));
  assert.equal(job.model?.id?.value, 'gpt2');
  assert.equal(job.schedule?.maxSteps?.value, 2000);
  assert.ok(fileSource(job.schedule?.maxSteps).uri?.endsWith('train_lm.py'), 'the fact says it was read in the program');
  // Nothing from the program is reported in the sweep file.
  assert.deepEqual(r.findings.filter((f) => f.rule !== 'grid-search'), []);
});

test('Bayesian sweep with Hyperband: method bayes, early termination from the file, flow-style metric', async () => {
  const r = await analyzeFixture('wandb/sweep-bayes-hyperband.yaml');
  const job = r.jobs[0];
  assert.equal(job?.dialect, 'wandb-sweep');
  assert.equal(job.search?.method.value, 'bayes');
  assert.equal(job.search?.trials, undefined, 'a Bayesian sweep without run_cap runs until stopped');
  assert.equal(job.search?.earlyTermination?.value, true);
  assert.equal(fileSource(job.search?.earlyTermination).key, 'early_terminate');
  assert.equal(job.name, 'bayes-lr');
});

test('look-alikes are not sweeps: OpenAPI operations, configs with other keys, scalar parameters, Hydra sweepers', async () => {
  for (const f of ['wandb/lookalike-openapi.yaml', 'wandb/lookalike-extra-keys.yaml', 'wandb/lookalike-scalar-params.yaml', 'lightning/hydra/hparams_search/optuna.yaml']) {
    assert.deepEqual(await detectDirect(wandbSweepDialect, f), [], f);
  }
  for (const f of ['wandb/lookalike-openapi.yaml', 'wandb/lookalike-scalar-params.yaml']) {
    const r = await analyzeFixture(f);
    assert.deepEqual(r.findings, [], f);
  }
});

test('a sweep in a multi-document file, and YAML that is not a map, are handled', async () => {
  const r = await analyzeText('s.yaml', '- method: grid\n---\nmethod: grid\nparameters:\n  a:\n    values: [1, 2, 3, 4]\n  b:\n    values: [1, 2, 3]\n');
  assert.equal(r.jobs.length, 1);
  assert.equal(r.jobs[0].search?.trials?.value, 12);
  assert.deepEqual(r.findings.map((f) => [f.rule, f.range.start.line]), [['grid-search', 2]]);
});

test('continuous ranges cannot be gridded: the count is unknown and nothing is claimed', async () => {
  const r = await analyzeText('s.yaml', 'method: grid\nparameters:\n  lr:\n    min: 0.0001\n    max: 0.1\n  bs:\n    values: [8, 16, 32, 64, 128]\n');
  assert.equal(r.jobs[0]?.search?.trials, undefined);
  assert.deepEqual(r.findings, []);
});

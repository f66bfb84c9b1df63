import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeFixture, analyzeText, fixturePath } from '../../helpers';
import type { Fact, Job } from '../../../server/src/engine/types';

// Hydra composition on lightning-hydra-template's layout (fixtures/lightning/hydra-compose, see its
// README): a config gets the facts of the configs its `defaults:` list composes, with their file
// as the source, so each fact is reported once, in the file that writes (or omits) it.

const dir = 'lightning/hydra-compose/configs';

async function composed(rel: string): Promise<{ job: Job; rules: string[] }> {
  const r = await analyzeFixture(`${dir}/${rel}`);
  assert.equal(r.jobs.length, 1, `${rel}: one job`);
  assert.equal(r.jobs[0].dialect, 'lightning');
  return { job: r.jobs[0], rules: r.findings.map((f) => f.rule) };
}

function from(f: Fact<unknown> | undefined): string {
  if (!f) return 'absent';
  const s = f.source;
  const file = 'uri' in s && s.uri ? s.uri.slice(fixturePath(dir).length + 1) : 'self';
  const key = s.kind === 'file' ? s.key : s.kind;
  return `${file}:${key}`;
}

test('trainer/gpu.yaml inherits `default`: fp32 default and epochs from the base file, GPU from its own keys', async () => {
  const { job, rules } = await composed('trainer/gpu.yaml');
  assert.equal(job.precision?.value, 'fp32');
  assert.equal(from(job.precision), 'trainer/default.yaml:default');
  assert.equal(job.hardware?.gpuCount?.value, 1);
  assert.equal(from(job.hardware?.gpuCount), 'self:devices');
  assert.equal(job.hardware?.cpuOnly, undefined, "the base's accelerator: cpu is overridden");
  assert.equal(job.schedule?.epochs?.value, 10);
  assert.equal(from(job.schedule?.epochs), 'trainer/default.yaml:max_epochs');
  assert.ok(job.linkedFiles.some((p) => p.endsWith('trainer/default.yaml')));
  // The base's missing precision is the base's to report: not flagged again here.
  assert.ok(!rules.includes('fp32-training'), rules.join());
});

test('defaults entry with the .yaml extension (ddp.yaml: `- default.yaml`) composes the same base', async () => {
  const { job } = await composed('trainer/ddp.yaml');
  assert.equal(from(job.precision), 'trainer/default.yaml:default');
  assert.equal(job.hardware?.gpuCount?.value, 2);
  assert.equal(job.hardware?.nodes?.value, 1);
});

test('primary train.yaml: `trainer: default.yaml`, `callbacks: default.yaml` compose a job; nothing reported in train.yaml itself', async () => {
  const r = await analyzeFixture(`${dir}/train.yaml`);
  assert.equal(r.jobs.length, 1);
  const job = r.jobs[0];
  assert.equal(job.name, 'Lightning Trainer (Hydra, composed)');
  assert.equal(job.anchor.start.line, 4, 'anchored at `defaults:`');
  assert.equal(from(job.precision), 'trainer/default.yaml:default');
  assert.equal(job.hardware?.cpuOnly, true);
  // The callbacks group composes model_checkpoint.yaml in turn (a chain of two links).
  assert.equal(job.checkpoint?.periodic?.value, true);
  assert.equal(from(job.checkpoint?.periodic), 'callbacks/default.yaml:save_last');
  assert.equal(job.schedule?.earlyStopping?.value, true);
  assert.deepEqual(r.findings, []);
});

test('experiment with `override /trainer: gpu.yaml` (an absolute group from experiment/): the chain gpu -> default, own trainer keys win', async () => {
  const { job } = await composed('experiment/gpu_example.yaml');
  assert.equal(job.hardware?.gpuCount?.value, 1);
  assert.equal(from(job.hardware?.gpuCount), 'trainer/gpu.yaml:devices');
  assert.equal(job.schedule?.epochs?.value, 20);
  assert.equal(from(job.schedule?.epochs), 'self:max_epochs');
  assert.equal(from(job.precision), 'trainer/default.yaml:default');
});

test('`_self_` first: the configs after it override this file (devices: 8 loses to gpu.yaml\'s 1)', async () => {
  const { job } = await composed('trainer/self_first.yaml');
  assert.equal(job.hardware?.gpuCount?.value, 1);
  assert.equal(from(job.hardware?.gpuCount), 'trainer/gpu.yaml:devices');
  // gpu.yaml composes default.yaml, whose max_epochs: 10 also comes after `_self_`.
  assert.equal(job.schedule?.epochs?.value, 10);
  assert.equal(from(job.schedule?.epochs), 'trainer/default.yaml:max_epochs');
});

test('${oc.env:VAR,default} reads the default; without a default it stays unknown; ${a.b} reads the tree', async () => {
  const { job } = await composed('trainer/env.yaml');
  assert.equal(job.hardware?.gpuCount?.value, 4);
  assert.equal(job.precision?.value, 'bf16');
  assert.equal(from(job.precision), 'self:precision');
  assert.equal(job.hardware?.nodes?.value, 2);
  assert.equal(from(job.hardware?.nodes), 'self:num_nodes');
  const r = await analyzeText('t.yaml', 'trainer:\n  accelerator: gpu\n  devices: 2\n  max_epochs: ${epochs}\n  precision: ${oc.env:PRECISION}\nepochs: 7\n');
  assert.equal(r.jobs[0].schedule?.epochs?.value, 7);
  assert.equal(r.jobs[0].precision?.value, 'dynamic', 'an env variable without a default is decided at run time');
});

test('devices: auto is decided on the machine: no GPU count, marked unresolved (rules needing it stay silent)', async () => {
  const { job } = await composed('trainer/auto.yaml');
  assert.equal(job.hardware?.gpuCount, undefined);
  assert.equal(job.hardware?.unresolved, true);
  const minus = await analyzeText('t.yaml', 'trainer:\n  accelerator: gpu\n  devices: -1\n  max_epochs: 3\n');
  assert.equal(minus.jobs[0].hardware?.gpuCount, undefined);
  assert.equal(minus.jobs[0].hardware?.unresolved, true);
});

test('a base not in the workspace: own keys only, no precision claim (the base may set it)', async () => {
  const { job, rules } = await composed('trainer/missing_base.yaml');
  assert.equal(job.precision, undefined);
  assert.equal(job.hardware?.gpuCount?.value, 2);
  assert.ok(!rules.includes('fp32-training'));
});

test('negative: a non-Hydra YAML with a `defaults:` list naming nothing readable gets no job', async () => {
  const r = await analyzeText('app.yaml', 'defaults:\n  - base\n  - theme: dark\nserver:\n  port: 8080\n');
  assert.deepEqual(r.jobs, []);
});

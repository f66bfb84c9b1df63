import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { Fact, DatasetRef } from '../../../server/src/engine/types';
import { analyzeAs, runCase, type FixCase } from './fixHarness';

const csv = (ds: Fact<DatasetRef>[]) => ds.find((d) => d.value.format === 'csv')!;

const cases: FixCase[] = [
  {
    dir: 'skypilot',
    name: 'precision-crlf',
    ext: 'yaml',
    fix: (e) => e.setPrecision?.('bf16'),
    after: (job, fix) => {
      assert.equal(job.precision?.value, 'bf16');
      assert.equal(fix.safe, true);
    },
  },
  { dir: 'skypilot', name: 'precision-flip', ext: 'yaml', fix: (e) => e.setPrecision?.('bf16'), after: (job) => assert.equal(job.precision?.value, 'bf16') },
  {
    dir: 'skypilot',
    name: 'hardware',
    ext: 'yaml',
    fix: (e) => e.setHardware?.({ gpu: 'L4', gpuCount: 1, instanceType: 'g6.xlarge', title: 'Use 1×L4 (g6.xlarge)' }),
    after: (job, fix) => {
      assert.equal(job.hardware?.gpu?.value, 'L4');
      assert.equal(job.hardware?.gpuCount?.value, 1);
      assert.equal(fix.safe, false);
      assert.equal(fix.title, 'Use 1×L4 (g6.xlarge)');
    },
  },
  {
    dir: 'skypilot',
    name: 'checkpoint',
    ext: 'yaml',
    fix: (e) => e.addCheckpointing?.(),
    after: (job, fix) => {
      assert.equal(job.checkpoint?.storage?.value, 'durable');
      assert.equal(job.checkpoint?.location?.value, '/checkpoints/results');
      assert.equal(fix.snippet, true);
      assert.equal(fix.safe, false);
    },
  },
  {
    dir: 'skypilot',
    name: 'parquet',
    ext: 'yaml',
    fix: (e, job) => e.useParquet?.(csv(job.datasets)),
    after: (job, fix) => {
      assert.equal(job.datasets[0].value.format, 'parquet');
      assert.equal(fix.safe, false);
      assert.match(fix.title, /convert/);
    },
  },
  { dir: 'kubernetes', name: 'precision-flow', ext: 'yaml', fix: (e) => e.setPrecision?.('bf16'), after: (job) => assert.equal(job.precision?.value, 'bf16') },
  { dir: 'kubernetes', name: 'precision-block', ext: 'yaml', fix: (e) => e.setPrecision?.('fp16'), after: (job) => assert.equal(job.precision?.value, 'fp16') },
  {
    dir: 'kubernetes',
    name: 'hardware',
    ext: 'yaml',
    fix: (e) => e.setHardware?.({ gpu: 'L4', gpuCount: 1, title: 'Use 1×L4 instead of 4×A100' }),
    after: (job) => {
      assert.equal(job.hardware?.gpuCount?.value, 1);
      assert.equal(job.hardware?.gpu?.value, 'L4');
    },
  },
  { dir: 'kubernetes', name: 'parquet', ext: 'yaml', fix: (e, job) => e.useParquet?.(csv(job.datasets)), after: (job) => assert.equal(job.datasets[0].value.format, 'parquet') },
];

for (const c of cases) test(`${c.dir} fix: ${c.name}`, () => runCase(c));

test('skypilot: no precision fix when the precision comes from a linked config or a plain script', async () => {
  const plain = await analyzeAs('t.yaml', 'resources:\n  accelerators: L4:1\nrun: python my_loop.py --epochs 3\n');
  assert.equal(plain.jobs[0].editor?.setPrecision?.('bf16'), undefined, 'an arbitrary script may not accept --bf16');
  const cfg = await analyzeAs('t.yaml', 'resources:\n  accelerators: L4:1\nrun: python run_clm.py config.yaml --output_dir /o --num_train_epochs 1\n');
  assert.equal(cfg.jobs[0].editor?.setPrecision?.('bf16'), undefined, 'HfArgumentParser reads the YAML, not the flags');
});

test('skypilot: hardware fix needs the kind of choice the file states', async () => {
  const r = await analyzeAs('t.yaml', 'resources:\n  instance_type: p4d.24xlarge\nrun: python train.py\n');
  assert.equal(r.jobs[0].editor?.setHardware?.({ gpu: 'L4', title: 'x' }), undefined);
  const fix = r.jobs[0].editor?.setHardware?.({ instanceType: 'g6.xlarge', gpu: 'L4', title: 'Use g6.xlarge' });
  assert.deepEqual(fix?.edits.map((e) => e.newText), ['g6.xlarge']);
});

test('kubernetes: a GPU label without a value for the new GPU blocks the hardware fix', async () => {
  const text = 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      nodeSelector:\n        cloud.google.com/gke-accelerator: nvidia-tesla-a100\n      containers:\n        - name: t\n          command: ["python", "train.py"]\n          resources:\n            limits:\n              nvidia.com/gpu: 8\n';
  const r = await analyzeAs('j.yaml', text);
  assert.equal(r.jobs[0].editor?.setHardware?.({ gpu: 'A10G', gpuCount: 1, title: 'x' }), undefined);
});

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { DatasetRef, Fact } from '../../../server/src/engine/types';
import { analyzeAs, runCase, type FixCase } from './fixHarness';

const csv = (ds: Fact<DatasetRef>[]) => ds.find((d) => d.value.format === 'csv')!;

const cases: FixCase[] = [
  { dir: 'python', name: 'hf-multiline', ext: 'py', fix: (e) => e.setPrecision?.('bf16'), after: (job) => assert.equal(job.precision?.value, 'bf16') },
  { dir: 'python', name: 'hf-save-no', ext: 'py', fix: (e) => e.addCheckpointing?.(), after: (job) => assert.equal(job.checkpoint?.periodic?.value, true) },
  { dir: 'python', name: 'lightning', ext: 'py', fix: (e) => e.setPrecision?.('bf16'), after: (job) => assert.equal(job.precision?.value, 'bf16') },
  {
    dir: 'python',
    name: 'lightning-callbacks',
    ext: 'py',
    fix: (e) => e.addCheckpointing?.(),
    after: (job, fix) => {
      assert.equal(job.checkpoint?.periodic?.value, true);
      assert.equal(job.checkpoint?.periodic?.source.kind, 'file');
      assert.equal(fix.safe, false, 'joins an existing callbacks list');
    },
  },
  {
    dir: 'python',
    name: 'keras-early-stopping',
    ext: 'py',
    fix: (e) => e.addEarlyStopping?.(3),
    after: (job, fix) => {
      assert.equal(job.schedule?.earlyStopping?.value, true);
      assert.match(fix.title, /val_loss has not improved for 3 epochs/);
      assert.equal(fix.safe, false, 'stopping early changes what the run produces');
    },
  },
  {
    dir: 'python',
    name: 'lightning-early-stopping',
    ext: 'py',
    fix: (e) => e.addEarlyStopping?.(3),
    after: (job, fix) => {
      assert.equal(job.schedule?.earlyStopping?.value, true);
      assert.match(fix.title, /^Stop when val_loss has not improved for 3 validations/);
    },
  },
  {
    dir: 'python',
    name: 'hf-batch',
    ext: 'py',
    fix: (e) => e.setBatch?.({ perDevice: 8, gradientAccumulation: 1, title: 'Use micro-batch 8 (global batch 1 → 8)' }),
    after: (job, fix) => {
      assert.equal(job.batch?.perDevice?.value, 8);
      assert.equal(job.batch?.gradientAccumulation, undefined, 'accumulation 1 is the default: not written');
      assert.equal(fix.safe, false);
    },
  },
  { dir: 'python', name: 'accelerate', ext: 'py', fix: (e) => e.setPrecision?.('bf16'), after: (job) => assert.equal(job.precision?.value, 'bf16') },
  { dir: 'python', name: 'keras', ext: 'py', fix: (e) => e.setPrecision?.('bf16'), after: (job) => assert.equal(job.precision?.value, 'bf16') },
  { dir: 'python', name: 'torch-loop', ext: 'py', fix: (e) => e.setPrecision?.('bf16'), after: (job) => assert.equal(job.precision?.value, 'bf16') },
  { dir: 'python', name: 'torch-loop-fp16', ext: 'py', fix: (e) => e.setPrecision?.('fp16'), after: (job) => assert.equal(job.precision?.value, 'fp16') },
  {
    dir: 'python',
    name: 'pandas',
    ext: 'py',
    fix: (e, job) => e.useParquet?.(csv(job.datasets)),
    after: (job, fix) => {
      assert.equal(job.datasets[0].value.format, 'parquet');
      assert.match(fix.title, /sep=/);
      assert.equal(fix.safe, false);
    },
  },
  { dir: 'python', name: 'load-dataset', ext: 'py', fix: (e, job) => e.useParquet?.(csv(job.datasets)), after: (job) => assert.equal(job.datasets[0].value.format, 'parquet') },
  { dir: 'sagemaker', name: 'hyperparameters', ext: 'py', fix: (e) => e.setPrecision?.('bf16'), after: (job) => assert.equal(job.precision?.value, 'bf16') },
  { dir: 'sagemaker', name: 'no-hyperparameters', ext: 'py', fix: (e) => e.setPrecision?.('bf16'), after: (job) => assert.equal(job.precision?.value, 'bf16') },
  {
    dir: 'sagemaker',
    name: 'no-hyperparameters-checkpoint',
    ext: 'py',
    fix: (e) => e.addCheckpointing?.(),
    after: (job, fix) => {
      assert.equal(job.checkpoint?.storage?.value, 'durable');
      assert.equal(fix.snippet, true);
    },
  },
  {
    dir: 'sagemaker',
    name: 'pipeline-instance',
    ext: 'py',
    fix: (e) => e.setHardware?.({ instanceType: 'g6.xlarge', gpu: 'L4', gpuCount: 1, title: 'Use ml.g6.xlarge (1×L4)' }),
    after: (job) => assert.equal(job.hardware?.instanceType?.value, 'ml.g6.xlarge'),
  },
  {
    dir: 'sagemaker',
    name: 'content-type',
    ext: 'py',
    fix: (e, job) => e.useParquet?.(csv(job.datasets)),
    after: (job) => assert.equal(job.datasets.find((d) => d.value.reader === 'content_type')?.value.format, 'parquet'),
  },
];

for (const c of cases) test(`${c.dir} fix: ${c.name}`, () => runCase(c));

test('torch loop of an unrecognised shape gets no precision fix', async () => {
  const fs = await import('fs');
  const { fixturePath } = await import('../../helpers');
  const r = await analyzeAs('t.py', fs.readFileSync(fixturePath('fixes/python/torch-unrecognised.input.py'), 'utf8'));
  assert.equal(r.jobs[0].dialect, 'python-script');
  assert.equal(r.jobs[0].editor?.setPrecision?.('bf16'), undefined);
});

test('plain torch loop saving only at the end: no automatic checkpointing', async () => {
  const fs = await import('fs');
  const { fixturePath } = await import('../../helpers');
  const r = await analyzeAs('t.py', fs.readFileSync(fixturePath('fixes/python/torch-loop.input.py'), 'utf8'));
  assert.equal(r.jobs[0].editor?.addCheckpointing?.(), undefined);
});

test('HF: fp16 already on leaves bf16 alone; a one-line call gets `, bf16=True`', async () => {
  const on = await analyzeAs('t.py', 'from transformers import Trainer, TrainingArguments\nargs = TrainingArguments("o", fp16=True)\nTrainer(args=args).train()\ntrainer = Trainer(args=args)\ntrainer.train()\n');
  assert.equal(on.jobs[0].editor?.setPrecision?.('bf16'), undefined);
  const off = await analyzeAs('t.py', 'from transformers import Trainer, TrainingArguments\nargs = TrainingArguments("o", bf16=False)\ntrainer = Trainer(args=args)\ntrainer.train()\n');
  assert.deepEqual(off.jobs[0].editor?.setPrecision?.('bf16')?.edits.map((e) => e.newText), ['True']);
});

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeFixture, analyzeText } from '../../helpers';
import { deepspeedDialect } from '../../../server/src/engine/dialects/deepspeed';
import type { Job } from '../../../server/src/engine/types';
import { detectDirect } from './detectDirect';

async function onlyJob(rel: string): Promise<Job> {
  const r = await analyzeFixture(rel);
  assert.equal(r.jobs.length, 1, `${rel}: one job`);
  const job = r.jobs[0];
  assert.equal(job.dialect, 'deepspeed');
  assert.equal(job.name, 'DeepSpeed config');
  assert.equal(job.workload, 'training');
  assert.equal(job.anchor.start.line, 0);
  assert.equal(job.checkpoint, undefined); // saving happens in code
  return job;
}

function fileSource(job: Job): { key: string; line: number } {
  const s = job.precision?.source;
  assert.ok(s && s.kind === 'file', `file source expected, got ${s?.kind}`);
  return { key: s.key, line: s.range.start.line };
}

test('fp16 enabled: fp16 from "enabled"; micro batch and accumulation read', async () => {
  const job = await onlyJob('deepspeed/zero2-fp16.json');
  assert.equal(job.precision?.value, 'fp16');
  assert.deepEqual(fileSource(job), { key: 'fp16.enabled', line: 5 });
  assert.equal(job.batch?.perDevice?.value, 8);
  assert.equal(job.batch?.gradientAccumulation?.value, 4);
});

test('"enabled": "auto" is dynamic (filled from TrainingArguments); "auto" batch sizes stay unknown', async () => {
  const job = await onlyJob('deepspeed/zero3-auto.json');
  assert.equal(job.precision?.value, 'dynamic');
  assert.deepEqual(fileSource(job), { key: 'bf16.enabled', line: 1 });
  assert.equal(job.batch?.perDevice, undefined, '"auto" micro-batch stays unknown');
  assert.equal(job.batch?.gradientAccumulation, undefined);
  assert.equal(job.batch?.zeroStage?.value, 3, 'the ZeRO stage is read (the scaling model moves 1.5x the bytes under ZeRO-3)');
});

test('no fp16/bf16 section: fp32 by DeepSpeed default', async () => {
  const job = await onlyJob('deepspeed/gan-no-precision.json');
  assert.equal(job.precision?.value, 'fp32');
  const s = job.precision!.source;
  assert.ok(s.kind === 'default' && /fp16 or bf16 section/.test(s.reason));
});

test('fp16 section with enabled false: fp32 pointed at that key', async () => {
  const job = await onlyJob('deepspeed/fp16-disabled.json');
  assert.equal(job.precision?.value, 'fp32');
  assert.deepEqual(fileSource(job), { key: 'fp16.enabled', line: 8 });
  assert.equal(job.batch?.perDevice?.value, 32);
});

test('JSONC with comments and trailing commas: bf16 enabled', async () => {
  const job = await onlyJob('deepspeed/bf16.jsonc');
  assert.equal(job.precision?.value, 'bf16');
  assert.deepEqual(fileSource(job), { key: 'bf16.enabled', line: 5 });
});

test('apex "amp" section enabled is fp16; an empty "bf16": {} section is off (fp32)', async () => {
  const amp = await analyzeText('ds.json', '{"train_batch_size": 16, "amp": {"enabled": true, "opt_level": "O1"}}');
  assert.equal(amp.jobs[0]?.precision?.value, 'fp16');
  const empty = await analyzeText('ds.json', '{\n"train_batch_size": 16,\n"bf16": {}\n}');
  assert.equal(empty.jobs[0]?.precision?.value, 'fp32');
  assert.equal(empty.jobs[0]?.precision?.source.kind, 'file');
});

test('non-DeepSpeed JSON (package.json, tsconfig.json, HF trainer_state.json, model config.json) yields no job', async () => {
  for (const f of ['package.json', 'tsconfig.json', 'trainer_state.json', 'model-config.json']) {
    assert.deepEqual(await detectDirect(deepspeedDialect, `deepspeed/not-ml/${f}`), [], f);
    assert.deepEqual((await analyzeFixture(`deepspeed/not-ml/${f}`)).jobs, [], f);
  }
});

test('a single DeepSpeed-looking key is not enough', async () => {
  assert.deepEqual((await analyzeText('x.json', '{"train_batch_size": 8, "lr": 0.1}')).jobs, []);
  assert.deepEqual((await analyzeText('x.json', '{"optimizer": {"type": "Adam"}, "scheduler": {"type": "Cosine"}}')).jobs, []);
});

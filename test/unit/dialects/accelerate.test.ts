import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeFixture, fixturePath } from '../../helpers';
import { accelerateDialect } from '../../../server/src/engine/dialects/accelerate';
import type { Job } from '../../../server/src/engine/types';
import { detectDirect } from './detectDirect';

async function onlyJob(rel: string): Promise<Job> {
  const r = await analyzeFixture(rel);
  assert.equal(r.jobs.length, 1, `${rel}: one job`);
  assert.equal(r.jobs[0].dialect, 'accelerate');
  assert.equal(r.jobs[0].name, 'Accelerate config');
  assert.equal(r.jobs[0].workload, 'training');
  assert.equal(r.jobs[0].anchor.start.line, 0);
  return r.jobs[0];
}

test('multi-node DDP without mixed_precision: fp32 default; 16 processes on 2 machines = 8 GPUs per node', async () => {
  const job = await onlyJob('accelerate/multi-node-ddp.yaml');
  assert.equal(job.precision?.value, 'fp32');
  assert.equal(job.precision?.source.kind, 'default');
  assert.match((job.precision!.source as { reason: string }).reason, /mixed_precision='no'/);
  assert.equal((job.precision!.source as { range?: unknown }).range, undefined); // no comment to point at
  assert.equal(job.hardware?.gpuCount?.value, 8);
  assert.equal(job.hardware?.nodes?.value, 2);
  assert.equal(job.checkpoint, undefined);
});

test("FSDP with mixed_precision: 'bf16' (downcast_bf16: 'no' is not precision)", async () => {
  const job = await onlyJob('accelerate/fsdp-bf16.yaml');
  assert.equal(job.precision?.value, 'bf16');
  const s = job.precision!.source;
  assert.ok(s.kind === 'file' && s.key === 'mixed_precision' && s.range.start.line === 10 && s.uri === undefined);
  assert.equal(job.hardware?.gpuCount?.value, 4);
  assert.equal(job.hardware?.cpuOnly, undefined);
});

test('commented-out mixed_precision: fp32 default points at the comment', async () => {
  const job = await onlyJob('accelerate/commented-precision.yaml');
  assert.equal(job.precision?.value, 'fp32');
  const s = job.precision!.source;
  assert.ok(s.kind === 'default' && s.range?.start.line === 5);
});

test('deepspeed_config_file with fp16 enabled: precision is fp16, read from the JSON (source.uri), despite a commented mixed_precision', async () => {
  const job = await onlyJob('accelerate/configs/deepspeed-file.yaml');
  const json = fixturePath('deepspeed/zero2-fp16.json');
  assert.equal(job.precision?.value, 'fp16');
  const s = job.precision!.source;
  assert.ok(s.kind === 'file', s.kind);
  assert.equal(s.uri, json);
  assert.equal(s.key, 'fp16.enabled');
  assert.equal(s.range.start.line, 5);
  assert.deepEqual(job.linkedFiles, [json]);
  assert.equal(job.hardware?.gpuCount?.value, 2);
  // The JSON reports fp16 itself; nothing about precision is flagged in the accelerate file.
  const r = await analyzeFixture('accelerate/configs/deepspeed-file.yaml');
  assert.equal(r.findings.filter((f) => /precision|fp32/i.test(f.rule)).length, 0);
});

test('repo-root-relative deepspeed_config_file with "auto": mixed_precision of the accelerate file fills it', async () => {
  const job = await onlyJob('accelerate/configs/deepspeed-repo-relative.yaml');
  assert.deepEqual(job.linkedFiles, [fixturePath('accelerate/deepspeed/zero3-auto.json')]);
  assert.equal(job.precision?.value, 'bf16');
  const s = job.precision!.source;
  assert.ok(s.kind === 'file' && s.key === 'mixed_precision' && s.uri === undefined && s.range.start.line === 5);
  assert.equal(job.hardware?.gpuCount?.value, 8);
});

test('linked DeepSpeed JSON with no precision section: fp32 kept, pointed at the deepspeed_config_file line here', async () => {
  const job = await onlyJob('accelerate/configs/deepspeed-fp32-json.yaml');
  assert.equal(job.precision?.value, 'fp32');
  const s = job.precision!.source;
  assert.ok(s.kind === 'default' && s.range?.start.line === 3, JSON.stringify(s));
  assert.match(s.kind === 'default' ? s.reason : '', /DeepSpeed trains in fp32/);
});

test('deepspeed_config_file that is not in the workspace: precision unknown (absent), not fp32', async () => {
  const job = await onlyJob('accelerate/configs/deepspeed-missing.yaml');
  assert.equal(job.precision, undefined);
  assert.deepEqual(job.linkedFiles, []);
});

test('inline ZeRO-3 deepspeed_config with mixed_precision "fp16"', async () => {
  const job = await onlyJob('accelerate/zero3-inline.yaml');
  assert.equal(job.precision?.value, 'fp16');
  assert.equal(job.hardware?.gpuCount?.value, 8);
  assert.equal(job.hardware?.nodes?.value, 1);
});

test("use_cpu: true is CPU-only; mixed_precision 'no' is fp32 from the key", async () => {
  const job = await onlyJob('accelerate/cpu.yaml');
  assert.equal(job.hardware?.cpuOnly, true);
  assert.equal(job.hardware?.gpuCount, undefined);
  assert.equal(job.precision?.value, 'fp32');
  assert.equal(job.precision?.source.kind, 'file');
});

test('TPU config: no GPU count from num_processes', async () => {
  const job = await onlyJob('accelerate/tpu.yaml');
  assert.equal(job.hardware?.gpuCount, undefined);
  assert.equal(job.hardware?.cpuOnly, undefined);
});

test('non-ML YAML and other ML YAML (Lightning, Hydra) yield no Accelerate job', async () => {
  for (const rel of [
    'lightning/not-ml/ci.yml',
    'lightning/not-ml/docker-compose.yml',
    'lightning/not-ml/deployment.yaml',
    'lightning/not-ml/app-config.yaml',
    'lightning/cli/fit-bf16-mixed.yaml',
    'lightning/hydra/train.yaml',
  ]) {
    assert.deepEqual(await detectDirect(accelerateDialect, rel), [], rel);
  }
});

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeFixture, analyzeText } from '../../helpers';
import { dialectFixtures, fileSource } from './dialectAsserts';
import { acceleratorGpu, durationHours, machineKind } from '../../../server/src/engine/dialects/vertex/machines';

// Vertex AI custom jobs through the real analyze(): the CustomJobSpec YAML of
// `gcloud ai custom-jobs create --config=` and google.cloud.aiplatform SDK launcher scripts.

const { jobs, onlyJob, lineOf } = dialectFixtures('vertex', 'vertex');

test('CustomJobSpec on 8 x A100 with a 24 h timeout and nowhere durable to write: no-checkpointing at the timeout', async () => {
  const rel = 'a100_long_no_output.yaml';
  const job = await onlyJob(rel);
  assert.equal(job.workload, 'training');
  assert.equal(job.anchor.start.line, lineOf(rel, 'workerPoolSpecs:'));
  assert.equal(job.hardware?.gpu?.value, 'A100-40GB');
  assert.equal(fileSource(job.hardware?.gpu).key, 'acceleratorType');
  assert.equal(job.hardware?.gpuCount?.value, 8);
  assert.equal(job.hardware?.nodes?.value, 1);
  assert.equal(job.hardware?.instanceType?.value, 'a2-highgpu-8g');
  assert.equal(job.spot?.value, false);
  assert.equal(job.spot?.source.kind, 'default');
  assert.equal(job.schedule?.hours?.value, 24);
  assert.equal(fileSource(job.schedule?.hours).range.start.line, lineOf(rel, 'timeout: 86400s'));
  assert.equal(job.checkpoint?.storage?.value, 'ephemeral');
  const r = await analyzeFixture(`vertex/${rel}`);
  const f = r.findings.filter((x) => x.rule === 'no-checkpointing');
  assert.equal(f.length, 1);
  assert.equal(f[0].range.start.line, lineOf(rel, 'timeout: 86400s'));
});

test('baseOutputDirectory on gs://: durable checkpoint location, AIP_CHECKPOINT_DIR expanded; replicas summed over GPU pools only', async () => {
  const rel = 'with_output_dir.yaml';
  const job = await onlyJob(rel);
  assert.equal(job.hardware?.nodes?.value, 5, 'chief (2) + workers (3); the reduction-server CPU pool adds no GPUs');
  assert.equal(job.checkpoint?.storage?.value, 'durable');
  assert.match(job.checkpoint?.location?.value ?? '', /^gs:\/\/my-bucket\/resnet-run\/checkpoints/);
  assert.equal(job.schedule?.hours?.value, 48);
  const r = await analyzeFixture(`vertex/${rel}`);
  assert.deepEqual(r.findings.map((x) => x.rule).filter((id) => id === 'no-checkpointing' || id === 'spot-without-checkpoint'), []);
});

test('snake_case CustomJob body (job_spec) with a Python package on Spot and an HF --output_dir on /gcs (Cloud Storage FUSE)', async () => {
  const rel = 'hf_package_snake_case.yaml';
  const job = await onlyJob(rel);
  assert.equal(job.name, 'llama-sft');
  assert.equal(job.hardware?.gpu?.value, 'L4');
  assert.equal(job.hardware?.gpuCount?.value, 2);
  assert.equal(job.spot?.value, true);
  assert.equal(fileSource(job.spot).key, 'strategy');
  assert.equal(job.checkpoint?.location?.value, '/gcs/my-bucket/llama-sft');
  assert.equal(job.checkpoint?.storage?.value, 'durable');
  const r = await analyzeFixture(`vertex/${rel}`);
  assert.deepEqual(r.findings.map((x) => x.rule).filter((id) => /checkpoint/.test(id)), []);
});

test("transformers' run_clm.py without --bf16 in the container command: fp32 from the HF default; the fix appends to args", async () => {
  const rel = 'h100_fp32_args.yaml';
  const job = await onlyJob(rel);
  assert.equal(job.hardware?.gpu?.value, 'H100');
  assert.equal(job.precision?.value, 'fp32');
  const r = await analyzeFixture(`vertex/${rel}`);
  const f = r.findings.find((x) => x.rule === 'fp32-training');
  assert.ok(f, 'fp32-training expected');
  const fix = f.fixes?.find((x) => /bf16/.test(x.title));
  assert.ok(fix, 'a bf16 fix expected');
  assert.match(fix.edits[0].newText, /--bf16/);
});

test('SDK CustomTrainingJob.run: machine, accelerator, replicas and a module-constant timeout resolve; no output dir -> no-checkpointing', async () => {
  const rel = 'sdk_custom_training_job.py';
  const job = await onlyJob(rel);
  assert.equal(job.name, 'Vertex AI CustomTrainingJob');
  assert.equal(job.hardware?.gpu?.value, 'A100-80GB');
  assert.equal(job.hardware?.gpuCount?.value, 8);
  assert.equal(job.hardware?.nodes?.value, 2);
  assert.equal(job.hardware?.instanceType?.value, 'a2-ultragpu-8g');
  assert.equal(job.schedule?.hours?.value, 72);
  assert.equal(fileSource(job.schedule?.hours).range.start.line, lineOf(rel, 'TIMEOUT_S = '));
  assert.equal(job.spot?.value, false);
  const r = await analyzeFixture(`vertex/${rel}`);
  assert.equal(r.findings.filter((x) => x.rule === 'no-checkpointing').length, 1);
});

test('SDK CustomJob from worker_pool_specs dicts: gapic accelerator enum, Spot strategy enum, base_output_dir durable', async () => {
  const rel = 'sdk_custom_job_spot.py';
  const job = await onlyJob(rel);
  assert.equal(job.name, 'Vertex AI CustomJob');
  assert.equal(job.hardware?.gpu?.value, 'T4');
  assert.equal(job.hardware?.gpuCount?.value, 1);
  assert.equal(job.hardware?.instanceType, undefined, 'an n1 host with attached GPUs is priced by its GPUs');
  assert.equal(job.spot?.value, true);
  assert.equal(fileSource(job.spot).key, 'scheduling_strategy');
  assert.equal(job.schedule?.hours?.value, 10);
  assert.equal(job.checkpoint?.storage?.value, 'durable');
  const r = await analyzeFixture(`vertex/${rel}`);
  assert.deepEqual(r.findings.map((x) => x.rule).filter((id) => /checkpoint/.test(id)), []);
});

test('bash -lc script in args: read by the shell parser (flags, /tmp output), H200 from the accelerator enum', async () => {
  const rel = 'shell_command.yaml';
  const job = await onlyJob(rel);
  assert.equal(job.hardware?.gpu?.value, 'H200');
  assert.equal(job.hardware?.gpuCount?.value, 8);
  assert.equal(job.precision?.value, 'bf16');
  assert.equal(fileSource(job.precision).range.start.line, lineOf(rel, '--bf16'));
  assert.equal(job.checkpoint?.location?.value, '/tmp/sft-out');
  assert.equal(job.checkpoint?.storage?.value, 'ephemeral');
  assert.equal(job.model?.id?.value, 'Qwen/Qwen2.5-7B');
});

test('a custom-task TrainingPipeline body: the worker pools under trainingTaskInputs', async () => {
  const r = await analyzeText(
    'pipeline.yaml',
    'displayName: train\ntrainingTaskDefinition: gs://google-cloud-aiplatform/schema/trainingjob/definition/custom_task_1.0.0.yaml\ntrainingTaskInputs:\n  workerPoolSpecs:\n    - machineSpec: {machineType: g2-standard-8, acceleratorType: NVIDIA_L4, acceleratorCount: 1}\n      replicaCount: 1\n      containerSpec: {imageUri: us-docker.pkg.dev/p/t/img, command: [python, train.py]}\n',
  );
  const jobs = r.jobs.filter((j) => j.dialect === 'vertex');
  assert.equal(jobs.length, 1);
  assert.equal(jobs[0].hardware?.gpu?.value, 'L4');
});

test('Vertex look-alikes are no jobs: an endpoint deployment, a workerPoolSpecs list without machine specs, SDK batch prediction', async () => {
  for (const rel of ['endpoint_deploy.yaml', 'notebook_schedule.yaml', 'sdk_batch_predict.py']) {
    const r = await analyzeFixture(`vertex/${rel}`);
    assert.deepEqual(await jobs(rel), [], rel);
    assert.deepEqual(r.findings, [], rel);
  }
});

test('a project class named CustomJob that is not from aiplatform is not a Vertex job', async () => {
  const r = await analyzeText(
    'launch.py',
    'from google.cloud import aiplatform\nfrom myproject.jobs import CustomJob\n\njob = CustomJob(machine_type="a2-highgpu-8g", timeout=86400)\njob.run()\n',
  );
  assert.deepEqual(r.jobs.filter((j) => j.dialect === 'vertex'), []);
});

test('machine and accelerator tables: enums, bundled GPU machine types, durations', () => {
  assert.equal(acceleratorGpu('NVIDIA_TESLA_A100'), 'A100-40GB');
  assert.equal(acceleratorGpu('NVIDIA_A100_80GB'), 'A100-80GB');
  assert.equal(acceleratorGpu('NVIDIA_H100_80GB'), 'H100');
  assert.equal(acceleratorGpu('NVIDIA_L4'), 'L4');
  assert.equal(acceleratorGpu('NVIDIA_TESLA_T4'), 'T4');
  assert.equal(acceleratorGpu('NVIDIA_TESLA_V100'), 'V100');
  assert.equal(acceleratorGpu('TPU_V5_LITEPOD'), undefined);
  assert.deepEqual(machineKind('a3-highgpu-8g'), { kind: 'gpu', gpu: 'H100', count: 8 });
  assert.deepEqual(machineKind('a2-ultragpu-2g'), { kind: 'gpu', gpu: 'A100-80GB', count: 2 });
  assert.deepEqual(machineKind('g2-standard-24'), { kind: 'gpu', gpu: 'L4', count: 2 });
  assert.deepEqual(machineKind('n1-standard-8'), { kind: 'general' });
  assert.equal(durationHours('86400s'), 24);
  assert.equal(durationHours(7200), 2);
  assert.equal(durationHours('1h'), undefined);
});

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeFixture, analyzeText } from '../../helpers';
import { dialectFixtures, fileSource } from './dialectAsserts';

// SageMaker estimator scripts, through the real analyze() (the python-script dialect hands
// SageMaker launchers to detectSageMakerJobs first).

const { jobs: sageJobs, onlyJob, lineOf } = dialectFixtures('sagemaker', 'sagemaker');

test('PyTorch estimator on ml.p3.2xlarge with spot and no checkpoint_s3_uri', async () => {
  const rel = 'pytorch_spot_no_checkpoint.py';
  const job = await onlyJob(rel);
  assert.equal(job.name, 'SageMaker PyTorch');
  assert.equal(job.workload, 'training');
  assert.equal(job.anchor.start.line, lineOf(rel, '= PyTorch('));
  assert.equal(job.hardware?.instanceType?.value, 'ml.p3.2xlarge');
  const it = fileSource(job.hardware?.instanceType);
  assert.equal(it.key, 'instance_type');
  assert.equal(it.range.start.line, lineOf(rel, 'instance_type='));
  assert.equal(job.hardware?.gpu?.value, 'V100');
  assert.equal(job.hardware?.gpuCount?.value, 1);
  assert.equal(job.hardware?.nodes?.value, 1);
  assert.equal(fileSource(job.hardware?.nodes).key, 'instance_count');
  assert.equal(job.spot?.value, true);
  assert.equal(fileSource(job.spot).range.start.line, lineOf(rel, 'use_spot_instances=True'));
  assert.equal(job.checkpoint?.storage, undefined, 'no checkpoint_s3_uri: storage not stated');
  assert.equal(job.checkpoint?.location, undefined);
  assert.equal(job.schedule?.hours?.value, 8);
  assert.equal(fileSource(job.schedule?.hours).key, 'max_run');
  assert.equal(job.schedule?.epochs?.value, 20);
  assert.equal(fileSource(job.schedule?.epochs).range.start.line, lineOf(rel, '"epochs": 20'));
});

test('checkpoint_s3_uri (through a variable): S3 location, durable, resumes; fit() CSV by extension', async () => {
  const rel = 'pytorch_spot_checkpoint.py';
  const job = await onlyJob(rel);
  assert.equal(job.checkpoint?.location?.value, 's3://example-bucket/checkpoints/resnet50');
  assert.equal(fileSource(job.checkpoint?.location).range.start.line, lineOf(rel, 'checkpoint_uri = '));
  assert.equal(job.checkpoint?.storage?.value, 'durable');
  const st = fileSource(job.checkpoint?.storage);
  assert.equal(st.key, 'checkpoint_s3_uri');
  assert.equal(st.range.start.line, lineOf(rel, 'checkpoint_s3_uri='));
  assert.equal(job.checkpoint?.resume?.value, true);
  assert.ok(job.checkpoint?.resume?.source.kind === 'default' && /opt\/ml\/checkpoints/.test(job.checkpoint.resume.source.reason));
  assert.equal(job.hardware?.gpu?.value, 'A10G');
  assert.equal(job.hardware?.gpuCount?.value, 4);
  assert.equal(job.hardware?.nodes?.value, 2);
  assert.equal(job.schedule?.hours?.value, 24);
  assert.deepEqual(
    job.datasets.map((d) => d.value),
    [{ format: 'csv', path: 's3://example-bucket/imagenet/train.csv', reader: '.fit' }],
  );
  assert.equal(fileSource(job.datasets[0]).range.start.line, lineOf(rel, '.fit('));
});

test('SDK v1 names: train_instance_type, train_instance_count, train_use_spot_instances, train_max_run', async () => {
  const rel = 'sdk_v1.py';
  const job = await onlyJob(rel);
  assert.equal(job.name, 'SageMaker TensorFlow');
  assert.equal(job.hardware?.instanceType?.value, 'ml.p2.xlarge');
  assert.equal(fileSource(job.hardware?.instanceType).key, 'train_instance_type');
  assert.equal(job.hardware?.gpu?.value, 'K80');
  assert.equal(job.hardware?.nodes?.value, 1);
  assert.equal(fileSource(job.hardware?.nodes).key, 'train_instance_count');
  assert.equal(job.spot?.value, true);
  assert.equal(fileSource(job.spot).key, 'train_use_spot_instances');
  assert.equal(job.schedule?.hours?.value, 2);
});

test('pipeline ParameterString instance type: default value, unresolved, CPU-only; TrainingInput text/csv', async () => {
  const rel = 'pipeline_xgboost.py';
  const job = await onlyJob(rel);
  assert.equal(job.name, 'SageMaker Estimator');
  assert.equal(job.hardware?.unresolved, true);
  assert.equal(job.hardware?.instanceType?.value, 'ml.m5.xlarge');
  assert.equal(fileSource(job.hardware?.instanceType).range.start.line, lineOf(rel, 'default_value="ml.m5.xlarge"'));
  assert.equal(job.hardware?.cpuOnly, true);
  assert.equal(job.hardware?.gpu, undefined);
  assert.equal(job.hardware?.nodes?.value, 1);
  assert.equal(job.spot?.value, false);
  assert.equal(job.spot?.source.kind, 'default');
  assert.equal(job.precision, undefined);
  assert.deepEqual(
    job.datasets.map((d) => d.value),
    [
      { format: 'csv', path: 's3://example-bucket/churn/train', reader: 'content_type' },
      { format: 'csv', path: 's3://example-bucket/churn/validation', reader: 'content_type' },
    ],
  );
  const ds = fileSource(job.datasets[0]);
  assert.equal(ds.key, 'content_type');
  assert.equal(ds.range.start.line, lineOf(rel, 'churn/train"'));
});

test('HuggingFace estimator: bf16 hyperparameter read as precision, at the dict entry', async () => {
  const rel = 'hf_bf16.py';
  const job = await onlyJob(rel);
  assert.equal(job.name, 'SageMaker HuggingFace');
  assert.equal(job.precision?.value, 'bf16');
  assert.equal(fileSource(job.precision).range.start.line, lineOf(rel, '"bf16": True'));
  assert.equal(job.hardware?.gpu?.value, 'A100-40GB');
  assert.equal(job.hardware?.gpuCount?.value, 8);
  assert.equal(job.spot?.value, false);
  assert.equal(job.spot?.source.kind, 'default');
  assert.deepEqual(job.datasets.map((d) => d.value.format), ['jsonl']);
});

test('HuggingFace estimator without a precision hyperparameter: fp32 by default, with a reason', async () => {
  const job = await onlyJob('hf_default_precision.py');
  assert.equal(job.precision?.value, 'fp32');
  assert.equal(job.precision?.source.kind, 'default');
  assert.equal(job.hardware?.gpu?.value, 'V100');
  // /opt/ml/model reaches S3 when the job ends: not a scratch disk, not safe mid-run either.
  assert.equal(job.checkpoint?.location?.value, '/opt/ml/model');
  const st = job.checkpoint?.storage;
  assert.equal(st?.value, 'unknown');
  assert.ok(st?.source.kind === 'default' && /when the job ends/.test(st.source.reason));
  assert.equal(st?.source.kind === 'default' ? st.source.range?.start.line : -1, lineOf('hf_default_precision.py', '"output_dir"'));
  assert.equal(job.schedule?.epochs?.value, 1);
});

test('no job: a script that only uses boto3', async () => {
  const r = await analyzeFixture('sagemaker/boto3_only.py');
  assert.deepEqual(r.jobs, []);
});

test('no SageMaker job: an Estimator class imported from elsewhere, sagemaker imported for a session', async () => {
  assert.deepEqual(await sageJobs('own_estimator_class.py'), []);
});

test('aliases and dotted callees; sklearn gets no precision; local mode is a dev run', async () => {
  const text = `import sagemaker
import sagemaker.sklearn as sks
from sagemaker.pytorch import PyTorch as PT

a = sks.SKLearn(entry_point="fit.py", instance_type="ml.c5.2xlarge", framework_version="1.2-1", hyperparameters={"fp16": True})
b = PT(entry_point="train.py", instance_type="local_gpu", instance_count=1)
c = sagemaker.estimator.Estimator(image_uri="x", instance_type=args.instance_type, instance_count=1)
`;
  const jobs = (await analyzeText('mixed.py', text)).jobs.filter((j) => j.dialect === 'sagemaker');
  assert.deepEqual(jobs.map((j) => j.name), ['SageMaker SKLearn', 'SageMaker PyTorch', 'SageMaker Estimator']);
  assert.equal(jobs[0].precision, undefined);
  assert.equal(jobs[0].hardware?.cpuOnly, true);
  assert.equal(jobs[1].workload, 'dev');
  assert.equal(jobs[2].hardware?.unresolved, true);
  assert.equal(jobs[2].hardware?.instanceType, undefined);
});

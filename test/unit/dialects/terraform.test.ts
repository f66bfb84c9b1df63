import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeFixture, analyzeText } from '../../helpers';
import { dialectFixtures, fileSource } from './dialectAsserts';

const tf = dialectFixtures('terraform', 'terraform');

test('terraform: a module of several files; variables with defaults resolve from variables.tf', async () => {
  const jobs = await tf.jobs('ml-module/main.tf');
  assert.deepEqual(jobs.map((j) => j.name), ['aws_instance devbox', 'aws_eks_node_group gpu', 'aws_sagemaker_notebook_instance explore', 'aws_sagemaker_endpoint_configuration serve']);
  const [devbox, gpu, notebook, serve] = jobs;
  assert.equal(devbox.hardware?.instanceType?.value, 'g5.12xlarge');
  // The fact points at the reference in main.tf, where the value is used.
  assert.equal(fileSource(devbox.hardware?.instanceType).range.start.line, tf.lineOf('ml-module/main.tf', 'instance_type = var.trainer_instance_type'));
  assert.equal(devbox.resource?.kind, 'dev-machine');
  assert.equal(devbox.idleShutdown?.value, false);
  assert.deepEqual(devbox.tags?.keys.value, ['Name']);
  assert.equal(gpu.hardware?.instanceType?.value, 'p4d.24xlarge');
  assert.equal(gpu.hardware?.nodes?.value, 2);
  assert.equal(gpu.spot?.value, false);
  assert.deepEqual([gpu.scaling?.min?.value, gpu.scaling?.max?.value], [2, 4]);
  assert.equal(notebook.hardware?.instanceType?.value, 'ml.g5.xlarge');
  assert.equal(notebook.resource?.kind, 'notebook');
  assert.equal(serve.workload, 'inference');
  assert.equal(serve.hardware?.nodes?.value, 2);
});

test('terraform: a variable without a default stays unresolved; no hardware is guessed', async () => {
  const r = await analyzeText(
    'main.tf',
    'variable "itype" { type = string }\nresource "aws_instance" "gpu" {\n  instance_type = var.itype\n  tags = { team = "a" }\n}\nresource "aws_s3_bucket" "c" { bucket = "x-checkpoints" }\n',
  );
  // The instance cannot be shown to be a GPU machine: only the checkpoint bucket is reported on.
  assert.deepEqual(r.jobs.map((j) => j.name), ['aws_s3_bucket c']);
});

test('terraform: monthly cost of each GPU resource, 730 h, from the catalog', async () => {
  const r = await analyzeFixture('terraform/ml-module/main.tf');
  const devbox = r.estimates.find((e) => e.jobName === 'aws_instance devbox');
  assert.ok(devbox?.onDemandPerHour && devbox.monthly?.onDemand, 'priced');
  assert.equal(Math.round(devbox.monthly.onDemand * 100), Math.round(devbox.onDemandPerHour * 730 * 100));
  assert.match(devbox.monthly.basis, /730 hours/);
  const pool = r.estimates.find((e) => e.jobName === 'aws_eks_node_group gpu');
  assert.ok(pool?.onDemandPerHour);
  assert.ok(pool.hardwareLabel?.includes('2 × p4d.24xlarge'), pool.hardwareLabel);
});

test('terraform: lifecycle configuration in the same module counts for the bucket it points at', async () => {
  const jobs = await tf.jobs('ml-module/storage.tf');
  const ckpt = jobs.find((j) => j.name === 'aws_s3_bucket checkpoints');
  const data = jobs.find((j) => j.name === 'aws_s3_bucket datasets');
  assert.equal(ckpt?.bucket?.purpose.value, 'checkpoints');
  assert.equal(ckpt?.bucket?.lifecycle?.value, false);
  assert.equal(data?.bucket?.purpose.value, 'datasets');
  assert.equal(data?.bucket?.lifecycle?.value, true);
});

test('terraform: GCP guest accelerators, provider default labels, Workbench idle shutdown off; Azure N-series with a shutdown schedule', async () => {
  const jobs = await tf.jobs('gcp-azure/main.tf');
  const by = (n: string) => jobs.find((j) => j.name === n)!;
  const box = by('google_compute_instance a100_box');
  assert.equal(box.hardware?.instanceType?.value, 'a2-highgpu-1g');
  assert.deepEqual(box.tags?.keys.value, ['team']);
  assert.equal(box.idleShutdown?.value, false);
  const pool = by('google_container_node_pool t4_pool');
  assert.equal(pool.hardware?.gpu?.value, 'T4');
  assert.equal(pool.hardware?.gpuCount?.value, 1);
  assert.equal(pool.hardware?.nodes?.value, 1);
  assert.equal(pool.spot?.value, true);
  assert.equal(pool.scaling?.autoscaled?.value, true);
  assert.equal(by('google_workbench_instance lab').idleShutdown?.value, false);
  assert.equal(by('google_storage_bucket ckpt').bucket?.lifecycle?.value, false);
  const nc = by('azurerm_linux_virtual_machine nc');
  assert.equal(nc.hardware?.instanceType?.value, 'Standard_NC24ads_A100_v4');
  assert.equal(nc.idleShutdown?.value, true);
});

test('terraform: non-ML Terraform (web servers, asset and log buckets) yields no jobs and no findings', async () => {
  const r = await analyzeFixture('terraform/web-app/main.tf');
  assert.equal(r.format, 'hcl');
  assert.deepEqual(r.jobs, []);
  assert.deepEqual(r.findings, []);
});

test('terraform: malformed HCL is still analysed where it parses, with a parse error', async () => {
  const r = await analyzeText('broken.tf', 'resource "aws_instance" "gpu" {\n  instance_type = "p3.2xlarge"\n  tags = {\n}\nresource "aws_s3_bucket" {{{\n');
  assert.ok(r.parseErrors.length > 0);
  for (const f of r.findings) assert.ok(f.range.start.line < 6);
});

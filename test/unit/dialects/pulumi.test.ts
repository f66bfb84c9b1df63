import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeFixture, analyzeText } from '../../helpers';
import { dialectFixtures, fileSource } from './dialectAsserts';

const pulumi = dialectFixtures('pulumi', 'pulumi');

test('pulumi: a program with AWS and GCP resources; spreads of const labels resolve; config values stay unresolved', async () => {
  const jobs = await pulumi.jobs('gpu-program/index.ts');
  assert.deepEqual(jobs.map((j) => j.name), [
    'aws.sagemaker.NotebookInstance research-notebook',
    'aws.eks.NodeGroup gpu-nodes',
    'aws.s3.BucketV2 checkpoints',
    'aws.s3.BucketV2 datasets',
    'gcp.container.NodePool t4-pool',
  ]);
  const [nb, nodes, ckpt, data, pool] = jobs;
  assert.equal(nb.hardware?.instanceType?.value, 'ml.g5.xlarge');
  assert.equal(nb.idleShutdown?.value, false);
  assert.equal(nodes.hardware?.instanceType?.value, 'g5.12xlarge');
  assert.equal(fileSource(nodes.hardware?.instanceType).range.start.line, pulumi.lineOf('gpu-program/index.ts', "instanceTypes: ['g5.12xlarge']"));
  assert.equal(nodes.spot?.value, true);
  assert.deepEqual(nodes.tags?.keys.value, ['team', 'project']);
  assert.equal(ckpt.bucket?.lifecycle?.value, false);
  assert.equal(data.bucket?.lifecycle?.value, true, 'BucketLifecycleConfigurationV2 pointing at datasets.id');
  assert.equal(pool.hardware?.gpu?.value, 'T4');
  assert.equal(pool.hardware?.nodes?.value, 2);
});

test('pulumi: findings and monthly costs on the program; a spot node group is not a checkpointing job', async () => {
  const r = await analyzeFixture('pulumi/gpu-program/index.ts');
  assert.deepEqual(r.findings.map((f) => `${f.rule}:${f.range.start.line + 1}`), ['missing-cost-tags:10', 'no-autostop:10', 'storage-lifecycle:26']);
  const pool = r.estimates.find((e) => e.jobName === 'gcp.container.NodePool t4-pool');
  assert.ok(pool?.monthly?.onDemand && pool.onDemandPerHour);
  assert.equal(Math.round(pool.monthly.onDemand), Math.round(pool.onDemandPerHour * 730));
});

test('pulumi: stack config default tags make the keys unknown: missing-cost-tags stays silent', async () => {
  const files = {
    read: (ref: string) => (ref === 'Pulumi.dev.yaml' ? { path: '/p/Pulumi.dev.yaml', text: 'config:\n  aws:defaultTags:\n    tags:\n      team: research\n' } : undefined),
    list: () => ['index.ts', 'Pulumi.yaml', 'Pulumi.dev.yaml'],
  };
  const { analyze } = await import('../../../server/src/engine/analyze');
  const text = "import * as aws from '@pulumi/aws';\nnew aws.sagemaker.NotebookInstance('nb', { instanceType: 'ml.g5.xlarge', roleArn: 'r', lifecycleConfigName: 'stop' });\n";
  const r = await analyze({ path: '/p/index.ts', text }, { files });
  assert.equal(r.jobs.length, 1);
  assert.equal(r.jobs[0].tags?.unresolved, true);
  assert.deepEqual(r.findings.filter((f) => f.rule === 'missing-cost-tags'), []);
});

test('pulumi: a non-ML Pulumi program yields nothing', async () => {
  const r = await analyzeText('index.ts', "import * as aws from '@pulumi/aws';\nconst site = new aws.s3.BucketV2('site', { bucket: 'acme-www' });\nnew aws.ec2.Instance('web', { instanceType: 't3.micro', ami: 'ami-1' });\n");
  assert.deepEqual([r.jobs.length, r.findings.length], [0, 0]);
});

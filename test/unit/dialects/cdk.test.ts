import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeFixture, analyzeText } from '../../helpers';
import { dialectFixtures, fileSource } from './dialectAsserts';

const cdk = dialectFixtures('cdk', 'aws-cdk');
const tsMorphLoaded = () => Object.keys(require.cache).some((k) => k.includes(`${'ts-morph'}`) && k.includes('node_modules'));

// First in this file: nothing has loaded ts-morph yet.
test('cdk: TypeScript that imports no IaC library is refused before ts-morph loads (a React hook)', async () => {
  const r = await analyzeFixture('cdk/web-app/App.ts');
  assert.equal(r.format, 'typescript');
  assert.match(r.skipped ?? '', /imports no infrastructure library/);
  assert.deepEqual(r.findings, []);
  assert.equal(tsMorphLoaded(), false, 'ts-morph must not load for non-IaC TypeScript');
});

test('cdk: the project\'s own sources get nothing', async () => {
  const fs = await import('fs');
  const path = await import('path');
  const { repoRoot } = await import('../../helpers');
  for (const rel of ['server/src/engine/analyze.ts', 'server/src/engine/dialects/cdk.ts', 'server/src/engine/formats/typescript.ts', 'rules/no-autostop.ts']) {
    const p = path.join(repoRoot, rel);
    const r = await analyzeText(path.basename(p), fs.readFileSync(p, 'utf8'));
    assert.deepEqual([r.jobs.length, r.findings.length], [0, 0], rel);
  }
});

test('cdk: instance types from enum members, const bindings and strings; node group capacity type and sizes', async () => {
  const jobs = await cdk.jobs('ml-app/lib/ml-platform-stack.ts');
  assert.deepEqual(jobs.map((j) => j.name), ['ec2.Instance Workstation', 'eks.Nodegroup TrainingNodes', 'sagemaker.CfnNotebookInstance Explore', 'sagemaker.CfnEndpointConfig Serve', 's3.Bucket Checkpoints', 's3.Bucket Datasets']);
  const [ws, nodes, nb, serve, ckpt, data] = jobs;
  assert.equal(ws.hardware?.instanceType?.value, 'g5.2xlarge');
  assert.equal(fileSource(ws.hardware?.instanceType).range.start.line, cdk.lineOf('ml-app/lib/ml-platform-stack.ts', 'ec2.InstanceClass.G5'));
  assert.equal(nodes.hardware?.instanceType?.value, 'p4d.24xlarge'); // InstanceSize via `const GPU_SIZE`
  assert.equal(nodes.hardware?.nodes?.value, 2);
  assert.equal(nodes.spot?.value, false);
  // Spread of a const object plus a literal key, and the app-wide tag from bin/app.ts (cdk.json).
  assert.deepEqual([...(nodes.tags?.keys.value ?? [])].sort(), ['project', 'project', 'team']);
  assert.equal(nb.hardware?.instanceType?.value, 'ml.g5.xlarge');
  assert.equal(nb.idleShutdown?.value, false);
  assert.equal(serve.hardware?.nodes?.value, 1);
  assert.ok(ckpt.tags?.keys.value.includes('team'), 'Tags.of(checkpoints) reaches the bound bucket');
  assert.equal(ckpt.bucket?.lifecycle?.value, false);
  assert.equal(data.bucket?.lifecycle?.value, true);
  assert.equal(tsMorphLoaded(), true);
});

test('cdk: runtime values stay unresolved; nothing is guessed', async () => {
  const r = await analyzeText(
    'stack.ts',
    "import * as ec2 from 'aws-cdk-lib/aws-ec2';\nexport function make(scope: any, vpc: any, size: string) {\n  new ec2.Instance(scope, 'Box', { vpc, instanceType: new ec2.InstanceType(size), machineImage: ec2.MachineImage.latestAmazonLinux2023() });\n}\n",
  );
  assert.deepEqual(r.jobs, []);
});

test('cdk: a non-ML CDK stack (t3 web server, asset buckets) yields no jobs', async () => {
  const r = await analyzeFixture('cdk/web-app/web-stack.ts');
  assert.equal(r.skipped, undefined);
  assert.deepEqual(r.jobs, []);
  assert.deepEqual(r.findings, []);
});

test('cdk: monthly lens figures for the stack', async () => {
  const r = await analyzeFixture('cdk/ml-app/lib/ml-platform-stack.ts');
  const nodes = r.estimates.find((e) => e.jobName === 'eks.Nodegroup TrainingNodes');
  assert.ok(nodes?.monthly?.onDemand && nodes.onDemandPerHour);
  assert.equal(Math.round(nodes.monthly.onDemand), Math.round(nodes.onDemandPerHour * 730));
  assert.equal(r.estimates.some((e) => e.jobName.startsWith('s3.Bucket')), false, 'buckets get no machine estimate');
});

test('cdk: a syntax error is reported and the rest still analysed', async () => {
  const r = await analyzeText('broken.ts', "import * as ec2 from 'aws-cdk-lib/aws-ec2';\nnew ec2.Instance(this, 'Box', { instanceType: new ec2.InstanceType('p3.2xlarge'), \nconst x = ;\n");
  assert.ok(r.parseErrors.length > 0);
  assert.equal(r.jobs.length, 1);
});

// CDK for Terraform stacks: read into the Terraform resource types (class name → snake_case type),
// the cloud rules and the monthly lens apply, fixes write TypeScript that still parses.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { analyze } from '../../../server/src/engine/analyze';
import { snakeCase } from '../../../server/src/engine/dialects/cdktf';
import { analyzeFixture, analyzeText, fixturePath } from '../../helpers';
import { applyEdits, assertUntouchedLines, expandSnippet } from '../fixes/fixHarness';
import { dialectFixtures, fileSource } from './dialectAsserts';

const cdktf = dialectFixtures('cdktf', 'cdktf');
const STACK = 'ml-stack/main.ts';

test('cdktf: class names map onto Terraform resource types generically', () => {
  assert.equal(snakeCase('SagemakerNotebookInstance'), 'sagemaker_notebook_instance');
  assert.equal(snakeCase('S3BucketLifecycleConfiguration'), 's3_bucket_lifecycle_configuration');
  assert.equal(snakeCase('ComputeInstance'), 'compute_instance');
  assert.equal(snakeCase('guestAccelerator'), 'guest_accelerator');
});

test('cdktf: a stack of AWS and Google resources gives the Terraform facts', async () => {
  const jobs = await cdktf.jobs(STACK);
  assert.deepEqual(jobs.map((j) => j.name), [
    'aws_instance gpu_workstation',
    'aws_sagemaker_notebook_instance explore',
    'aws_eks_node_group gpu_nodes',
    'aws_s3_bucket checkpoints',
    'aws_s3_bucket datasets',
    'google_container_node_pool t4_pool',
  ]);
  const [ws, nb, nodes, ckpt, data, pool] = jobs;
  assert.equal(ws.hardware?.instanceType?.value, 'g5.2xlarge');
  assert.equal(fileSource(ws.hardware?.instanceType).range.start.line, cdktf.lineOf(STACK, "instanceType: 'g5.2xlarge'"));
  assert.deepEqual(ws.tags?.keys.value, ['team', 'project', 'Name'], 'a spread of a const object resolves');
  assert.equal(ws.idleShutdown?.value, false);
  assert.equal(nb.hardware?.instanceType?.value, 'ml.g5.xlarge');
  assert.equal(nb.idleShutdown?.value, false);
  assert.equal(nodes.hardware?.instanceType?.value, 'p4d.24xlarge');
  assert.equal(nodes.hardware?.nodes?.value, 2, 'scalingConfig is the scaling_config block');
  assert.equal(nodes.spot?.value, false);
  assert.equal(ckpt.bucket?.purpose.value, 'checkpoints');
  assert.equal(ckpt.bucket?.lifecycle?.value, false);
  assert.equal(data.bucket?.lifecycle?.value, true, 'an S3BucketLifecycleConfiguration whose bucket is datasets.id');
  assert.equal(pool.hardware?.gpu?.value, 'T4', 'guestAccelerator array = guest_accelerator blocks');
  assert.equal(pool.hardware?.nodes?.value, 2);
  assert.equal(pool.spot?.value, true);
});

test('cdktf: findings and $/month lens figures on the stack', async () => {
  const r = await analyzeFixture(`cdktf/${STACK}`);
  const at = (needle: string) => cdktf.lineOf(STACK, needle) + 1;
  assert.deepEqual(r.findings.map((f) => `${f.rule}:${f.range.start.line + 1}`).sort(), [
    `missing-cost-tags:${at('new SagemakerNotebookInstance')}`,
    `no-autostop:${at('new Instance(')}`,
    `no-autostop:${at('new SagemakerNotebookInstance')}`,
    `storage-lifecycle:${at("new S3Bucket(this, 'checkpoints'")}`,
  ].sort());
  const nodes = r.estimates.find((e) => e.jobName === 'aws_eks_node_group gpu_nodes');
  assert.ok(nodes?.monthly?.onDemand && nodes.onDemandPerHour);
  assert.equal(Math.round(nodes.monthly.onDemand), Math.round(nodes.onDemandPerHour * 730));
});

test('cdktf: a non-ML CDKTF stack yields nothing; nor does TypeScript importing only cdktf core', async () => {
  const r = await analyzeFixture('cdktf/web-stack/main.ts');
  assert.deepEqual([r.jobs.length, r.findings.length], [0, 0]);
  const core = await analyzeText('main.ts', "import { App, TerraformStack } from 'cdktf';\nconst app = new App();\napp.synth();\n");
  assert.deepEqual([core.jobs.length, core.findings.length], [0, 0]);
});

test('cdktf: namespace imports, `cdktf get` bindings, provider default tags and runtime values', async () => {
  const text = [
    "import { TerraformStack, TerraformVariable } from 'cdktf';",
    "import * as aws from '@cdktf/provider-aws';",
    "import { ComputeInstance } from './.gen/providers/google/compute-instance';",
    'class S extends TerraformStack {',
    '  constructor(scope: any, id: string) {',
    '    super(scope, id);',
    "    new aws.provider.AwsProvider(this, 'aws', { region: 'us-east-1', defaultTags: [{ tags: { team: 'ml', project: 'x' } }] });",
    "    const size = new TerraformVariable(this, 'size', { type: 'string' });",
    "    const gpuType = new TerraformVariable(this, 'gpu_type', { type: 'string', default: 'g5.12xlarge' });",
    "    new aws.instance.Instance(this, 'defaulted', { ami: 'ami-1', instanceType: gpuType.stringValue, tags: { team: 'ml', project: 'x' } });",
    "    new aws.instance.Instance(this, 'box', { ami: 'ami-1', instanceType: 'p3.2xlarge' });",
    "    new aws.instance.Instance(this, 'sized', { ami: 'ami-1', instanceType: size.stringValue, tags: { team: 'ml', project: 'x' } });",
    "    new ComputeInstance(this, 'vm', { name: 'vm', zone: 'us-central1-a', machineType: 'n1-standard-8', guestAccelerator: [{ type: 'nvidia-tesla-v100', count: 2 }], bootDisk: { initializeParams: { image: 'debian-cloud/debian-12' } }, networkInterface: [{ network: 'default' }] });",
    '  }',
    '}',
    '',
  ].join('\n');
  const r = await analyzeText('main.ts', text);
  const [defaulted, box, vm] = r.jobs;
  // A TerraformVariable with no default is not guessed: nothing says it is a GPU machine; one with a
  // default resolves to it, as a .tf variable's does.
  assert.deepEqual(r.jobs.map((j) => j.name), ['aws_instance defaulted', 'aws_instance box', 'google_compute_instance vm']);
  assert.equal(defaulted.hardware?.instanceType?.value, 'g5.12xlarge');
  assert.equal(fileSource(defaulted.hardware?.instanceType).range.start.line, 9, 'the fact points at the reference, where this file says it');
  assert.equal(box.hardware?.instanceType?.value, 'p3.2xlarge');
  assert.deepEqual(box.tags?.keys.value, ['team', 'project'], 'AwsProvider defaultTags reach every AWS resource');
  assert.equal(vm.hardware?.gpu?.value, 'V100');
  assert.equal(vm.hardware?.gpuCount?.value, 2);
  assert.equal(r.findings.some((f) => f.rule === 'missing-cost-tags' && f.range.start.line === 10), false);
});

// ---- fix round-trips: the fixed text parses, the finding is gone, other lines are untouched ----

async function roundTrip(rule: string, name: string, text: string, titleMatch?: RegExp): Promise<string> {
  const where = path.join(fixturePath('cdktf'), '__alone__', name);
  const before = await analyze({ path: where, text });
  const finding = before.findings.find((f) => f.rule === rule);
  assert.ok(finding, `${rule} fires before the fix`);
  const fix = finding.fixes?.find((f) => !f.title.startsWith('Ignore') && (!titleMatch || titleMatch.test(f.title)));
  assert.ok(fix, `a rule fix is offered: ${JSON.stringify(finding.fixes?.map((f) => f.title))}`);
  const edits = fix.edits.map((e) => ({ ...e, newText: fix.snippet ? expandSnippet(e.newText) : e.newText }));
  const after = applyEdits(text, edits);
  assertUntouchedLines(text, after, edits);
  const again = await analyze({ path: where, text: after });
  assert.deepEqual(again.parseErrors, [], `fixed text parses:\n${after}`);
  assert.equal(again.findings.some((f) => f.rule === rule && f.range.start.line === finding.range.start.line), false, `finding gone:\n${after}`);
  assert.equal(again.jobs.length, before.jobs.length, 'the same resources are read');
  return after;
}

const stack = () => fs.readFileSync(fixturePath(`cdktf/${STACK}`), 'utf8');

test('cdktf fix round-trip: missing-cost-tags adds a tags map to the notebook', async () => {
  const after = await roundTrip('missing-cost-tags', 'main.ts', stack());
  assert.match(after, /instanceType: 'ml\.g5\.xlarge',\n\s+tags: \{ team: '[^']+', project: '[^']+' \},/);
});

test('cdktf fix round-trip: no-autostop attaches a lifecycle configuration to the notebook', async () => {
  const text = stack().replace(/(new SagemakerNotebookInstance\(this, 'explore', \{\n)/, '$1      tags: teamTags,\n');
  const after = await roundTrip('no-autostop', 'main.ts', text.replace(/new Instance\(this, 'gpu_workstation'[\s\S]*?\}\);\n/, ''), /lifecycle/i);
  assert.match(after, /lifecycleConfigName: '/);
});

test('cdktf fix round-trip: storage-lifecycle adds an S3BucketLifecycleConfiguration (import kept, or added)', async () => {
  const after = await roundTrip('storage-lifecycle', 'main.ts', stack());
  assert.match(after, /new S3BucketLifecycleConfiguration\(this, 'checkpoints-lifecycle', \{\n\s+bucket: checkpoints\.id,/);
  const noImport = stack()
    .replace(/import \{ S3BucketLifecycleConfiguration \}.*\n/, '')
    .replace(/\n    new S3BucketLifecycleConfiguration\(this, 'datasets_lifecycle'[\s\S]*?\}\);\n/, '\n');
  const added = await roundTrip('storage-lifecycle', 'main.ts', noImport);
  assert.match(added, /import \{ S3BucketLifecycleConfiguration \} from '@cdktf\/provider-aws\/lib\/s3-bucket-lifecycle-configuration';/);
});

test('cdktf fix round-trip: storage-lifecycle on a Google bucket adds lifecycleRule', async () => {
  const text = [
    "import { TerraformStack } from 'cdktf';",
    "import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';",
    "import { ComputeInstance } from '@cdktf/provider-google/lib/compute-instance';",
    'export class S extends TerraformStack {',
    '  constructor(scope: any, id: string) {',
    '    super(scope, id);',
    "    new ComputeInstance(this, 'trainer', {",
    "      name: 'trainer',",
    "      machineType: 'a2-highgpu-1g',",
    "      resourcePolicies: ['projects/p/regions/r/resourcePolicies/hours'],",
    "      labels: { team: 'ml', project: 'x' },",
    '    });',
    "    new StorageBucket(this, 'ckpt', {",
    "      name: 'acme-checkpoints',",
    "      location: 'US',",
    "      labels: { team: 'ml', project: 'x' },",
    '    });',
    '  }',
    '}',
    '',
  ].join('\n');
  const after = await roundTrip('storage-lifecycle', 'main.ts', text);
  assert.match(after, /lifecycleRule: \[\{ condition: \{ age: \d+ \}/);
});

test('cdktf: azurerm VMs with a shutdown schedule, SageMaker endpoints and their scaling target, the CDK Terrain fork', async () => {
  const text = [
    "import { TerraformStack } from 'cdktn';",
    "import { LinuxVirtualMachine } from '@cdktn/provider-azurerm/lib/linux-virtual-machine';",
    "import { DevTestGlobalVmShutdownSchedule } from '@cdktn/provider-azurerm/lib/dev-test-global-vm-shutdown-schedule';",
    "import { SagemakerEndpointConfiguration } from '../../.gen/providers/aws/sagemaker-endpoint-configuration';",
    'export class S extends TerraformStack {',
    '  constructor(scope: any, id: string) {',
    '    super(scope, id);',
    "    const tags = { team: 'ml', project: 'x' };",
    "    const ws = new LinuxVirtualMachine(this, 'ws', { name: 'ws', size: 'Standard_NC24ads_A100_v4', priority: 'Spot', tags });",
    "    new DevTestGlobalVmShutdownSchedule(this, 'ws_stop', { virtualMachineId: ws.id, location: 'eastus', enabled: true, dailyRecurrenceTime: '1900', timezone: 'UTC', notificationSettings: { enabled: false } });",
    "    new LinuxVirtualMachine(this, 'other', { name: 'other', size: 'Standard_NC6s_v3', tags });",
    "    new SagemakerEndpointConfiguration(this, 'serve', { productionVariants: [{ variantName: 'AllTraffic', instanceType: 'ml.g5.2xlarge', initialInstanceCount: 2, modelName: 'm' }], tags });",
    '  }',
    '}',
    '',
  ].join('\n');
  const r = await analyzeText('main.ts', text);
  assert.deepEqual(r.jobs.map((j) => j.name), ['azurerm_linux_virtual_machine ws', 'azurerm_linux_virtual_machine other', 'aws_sagemaker_endpoint_configuration serve']);
  const [ws, other, serve] = r.jobs;
  assert.equal(ws.hardware?.instanceType?.value, 'Standard_NC24ads_A100_v4');
  assert.equal(ws.spot?.value, true);
  assert.equal(ws.idleShutdown?.value, true, 'DevTestGlobalVmShutdownSchedule whose virtualMachineId is ws.id');
  assert.equal(other.idleShutdown?.value, false);
  assert.equal(serve.hardware?.nodes?.value, 2);
  assert.equal(serve.scaling?.autoscaled?.value, false);
  assert.deepEqual(r.findings.map((f) => `${f.rule}:${f.range.start.line}`).sort(), ['no-autostop:10', 'serving-autoscaling:11']);
  const scaled = await analyzeText('main.ts', text.replace("    new LinuxVirtualMachine(this, 'other'", "    new AppautoscalingTarget(this, 'scale', { serviceNamespace: 'sagemaker', resourceId: 'endpoint/e/variant/AllTraffic', scalableDimension: 'sagemaker:variant:DesiredInstanceCount', minCapacity: 1, maxCapacity: 4 });\n    new LinuxVirtualMachine(this, 'other'").replace("import { SagemakerEndpointConfiguration }", "import { AppautoscalingTarget } from '../../.gen/providers/aws/appautoscaling-target';\nimport { SagemakerEndpointConfiguration }"));
  assert.equal(scaled.jobs.find((j) => j.name.startsWith('aws_sagemaker'))?.scaling?.autoscaled?.value, true, 'an aws_appautoscaling_target on SageMaker in the stack');
});

test('cdktf fix round-trip: serving-autoscaling adds a scaling target and a target-tracking policy (with their imports)', async () => {
  const text = [
    "import { TerraformStack } from 'cdktf';",
    "import { SagemakerEndpointConfiguration } from '@cdktf/provider-aws/lib/sagemaker-endpoint-configuration';",
    'export class S extends TerraformStack {',
    '  constructor(scope: any, id: string) {',
    '    super(scope, id);',
    "    new SagemakerEndpointConfiguration(this, 'serve', {",
    "      productionVariants: [{ variantName: 'AllTraffic', instanceType: 'ml.g5.2xlarge', initialInstanceCount: 2, modelName: 'm' }],",
    "      tags: { team: 'ml', project: 'x' },",
    '    });',
    '  }',
    '}',
    '',
  ].join('\n');
  const after = await roundTrip('serving-autoscaling', 'main.ts', text);
  assert.match(after, /import \{ AppautoscalingTarget \} from '@cdktf\/provider-aws\/lib\/appautoscaling-target';\nimport \{ AppautoscalingPolicy \} from '@cdktf\/provider-aws\/lib\/appautoscaling-policy';/);
  assert.match(after, /const serveScaling = new AppautoscalingTarget\(this, 'serve-scaling', \{[\s\S]*scalableDimension: serveScaling\.scalableDimension,/);
});

test("cdktf: the project's own sources get nothing (dialects that name IaC modules, tests that hold stacks in strings)", async () => {
  const { repoRoot } = await import('../../helpers');
  for (const rel of ['server/src/engine/dialects/cdktf.ts', 'server/src/engine/dialects/pulumi.ts', 'server/src/engine/dialects/iac/tsValues.ts', 'test/unit/dialects/cdktf.test.ts', 'test/unit/dialects/pulumiAzure.test.ts']) {
    const p = path.join(repoRoot, rel);
    const r = await analyzeText(path.basename(p), fs.readFileSync(p, 'utf8'));
    assert.deepEqual([r.jobs.length, r.findings.length], [0, 0], rel);
  }
});

test('cdktf fix round-trip: no-autostop on an azurerm GPU VM adds a DevTestGlobalVmShutdownSchedule (and its import)', async () => {
  const text = [
    "import { TerraformStack } from 'cdktf';",
    "import { LinuxVirtualMachine } from '@cdktf/provider-azurerm/lib/linux-virtual-machine';",
    'export class S extends TerraformStack {',
    '  constructor(scope: any, id: string) {',
    '    super(scope, id);',
    "    const ws = new LinuxVirtualMachine(this, 'ws', {",
    "      name: 'ws',",
    "      size: 'Standard_NC24ads_A100_v4',",
    "      tags: { team: 'ml', project: 'x' },",
    '    });',
    '  }',
    '}',
    '',
  ].join('\n');
  const after = await roundTrip('no-autostop', 'main.ts', text);
  assert.match(after, /import \{ DevTestGlobalVmShutdownSchedule \} from '@cdktf\/provider-azurerm\/lib\/dev-test-global-vm-shutdown-schedule';/);
  assert.match(after, /new DevTestGlobalVmShutdownSchedule\(this, 'ws_shutdown', \{\n\s+virtualMachineId: ws\.id,/);
});

test('cdktf fix round-trip: no-autostop on a Google GPU VM declares an instance schedule before it and names it', async () => {
  const text = [
    "import { TerraformStack } from 'cdktf';",
    "import { ComputeInstance } from '@cdktf/provider-google/lib/compute-instance';",
    'export class S extends TerraformStack {',
    '  constructor(scope: any, id: string) {',
    '    super(scope, id);',
    "    new ComputeInstance(this, 'dev_box', {",
    "      name: 'dev-box',",
    "      machineType: 'g2-standard-8',",
    "      labels: { team: 'ml', project: 'x' },",
    '    });',
    '  }',
    '}',
    '',
  ].join('\n');
  const after = await roundTrip('no-autostop', 'main.ts', text);
  assert.match(after, /import \{ ComputeResourcePolicy \} from '@cdktf\/provider-google\/lib\/compute-resource-policy';/);
  assert.match(after, /    const devBoxHours = new ComputeResourcePolicy\(this, 'dev_box_hours', \{[\s\S]*\}\);\n    new ComputeInstance\(this, 'dev_box', \{[\s\S]*resourcePolicies: \[devBoxHours\.id\],/);
});

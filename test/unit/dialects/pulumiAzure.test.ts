// Pulumi azure-native programs: N-series VMs, AKS pools (ManagedCluster profiles and AgentPool),
// blob containers with the account's ManagementPolicy; the same facts as the azurerm Terraform
// resources, priced from the catalog's Azure rows; fixes that keep the program parsing.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { analyze } from '../../../server/src/engine/analyze';
import { instanceByType } from '../../../server/src/engine/cost/catalog';
import { analyzeFixture, fixturePath } from '../../helpers';
import { applyEdits, assertUntouchedLines, expandSnippet } from '../fixes/fixHarness';
import { dialectFixtures, fileSource } from './dialectAsserts';

const pulumi = dialectFixtures('pulumi', 'pulumi');
const PROGRAM = 'azure-program/index.ts';

test('pulumi azure-native: VM size, AKS pool profiles and agent pools, blob containers', async () => {
  const jobs = await pulumi.jobs(PROGRAM);
  assert.deepEqual(jobs.map((j) => j.name), [
    'azure-native.compute.VirtualMachine a100-workstation',
    'azure-native.containerservice.ManagedCluster aks/a100spot',
    'azure-native.containerservice.AgentPool t4pool',
    'azure-native.storage.BlobContainer checkpoints',
  ]);
  const [vm, spotPool, t4, ckpt] = jobs;
  assert.equal(vm.hardware?.instanceType?.value, 'Standard_NC24ads_A100_v4');
  assert.equal(fileSource(vm.hardware?.instanceType).range.start.line, pulumi.lineOf(PROGRAM, "vmSize: 'Standard_NC24ads_A100_v4'"));
  assert.equal(vm.idleShutdown?.value, false);
  assert.deepEqual(vm.tags?.keys.value, ['team', 'project']);
  assert.equal(spotPool.hardware?.instanceType?.value, 'Standard_NC24ads_A100_v4', 'an enum member of the library is its name');
  assert.equal(spotPool.hardware?.nodes?.value, 2);
  assert.equal(spotPool.spot?.value, true);
  assert.equal(t4.hardware?.instanceType?.value, 'Standard_NC8as_T4_v3');
  assert.equal(t4.scaling?.autoscaled?.value, true);
  assert.equal(t4.scaling?.max?.value, 4);
  assert.equal(ckpt.bucket?.provider, 'azure');
  assert.equal(ckpt.bucket?.lifecycle?.value, false);
  assert.deepEqual(ckpt.tags?.keys.value, ['team', 'project'], "a container's tags are its storage account's");
});

test('pulumi azure-native: the catalog prices the N-series sizes; findings and $/month', async () => {
  for (const size of ['Standard_NC24ads_A100_v4', 'Standard_NC8as_T4_v3', 'Standard_NC40ads_H100_v5', 'Standard_NV36ads_A10_v5']) assert.ok(instanceByType(size)?.gpu, size);
  const r = await analyzeFixture(`pulumi/${PROGRAM}`);
  const at = (needle: string) => pulumi.lineOf(PROGRAM, needle) + 1;
  assert.deepEqual(r.findings.map((f) => `${f.rule}:${f.range.start.line + 1}`).sort(), [
    `missing-cost-tags:${at("new azure.containerservice.AgentPool('t4pool'")}`,
    `no-autostop:${at("new azure.compute.VirtualMachine('a100-workstation'")}`,
    `storage-lifecycle:${at("new azure.storage.BlobContainer('checkpoints'")}`,
  ].sort());
  const vm = r.estimates.find((e) => e.jobName === 'azure-native.compute.VirtualMachine a100-workstation');
  assert.ok(vm?.monthly?.onDemand && vm.onDemandPerHour);
  assert.equal(Math.round(vm.monthly.onDemand), Math.round(vm.onDemandPerHour * 730));
  const spot = r.estimates.find((e) => e.jobName === 'azure-native.containerservice.ManagedCluster aks/a100spot');
  assert.ok(spot?.monthly?.spot && spot.monthly.spot < spot.monthly.onDemand!);
});

test('pulumi azure-native: a schedule, a management policy and versioned API namespaces count', async () => {
  const text = [
    "import * as compute from '@pulumi/azure-native/compute';",
    "import * as azure from '@pulumi/azure-native';",
    "const vm = new compute.v20230301.VirtualMachine('box', { resourceGroupName: 'rg', hardwareProfile: { vmSize: 'Standard_NC6s_v3' }, tags: { team: 't', project: 'p' } });",
    "new azure.devtestlab.GlobalSchedule('stop', { resourceGroupName: 'rg', name: 'shutdown-computevm-box', status: 'Enabled', taskType: 'ComputeVmShutdownTask', dailyRecurrence: { time: '1900' }, timeZoneId: 'UTC', targetResourceId: vm.id });",
    "new azure.storage.BlobContainer('ds', { resourceGroupName: 'rg', accountName: 'mldata', containerName: 'training-datasets' });",
    "new azure.storage.ManagementPolicy('lc', { resourceGroupName: 'rg', accountName: 'mldata', managementPolicyName: 'default', policy: { rules: [] } });",
    '',
  ].join('\n');
  const r = await analyze({ path: '/p/index.ts', text });
  const [vm, ds] = r.jobs;
  assert.equal(vm.name, 'azure-native.compute.VirtualMachine box');
  assert.equal(vm.idleShutdown?.value, true);
  assert.equal(ds.bucket?.lifecycle?.value, true);
  assert.equal(ds.tags?.unresolved, true, 'the account is not in this program: its tags are unknown');
  assert.deepEqual(r.findings.map((f) => f.rule), []);
});

async function roundTrip(rule: string, text: string): Promise<string> {
  const where = path.join(fixturePath('pulumi'), '__alone__', 'index.ts');
  const before = await analyze({ path: where, text });
  const finding = before.findings.find((f) => f.rule === rule);
  assert.ok(finding, `${rule} fires before the fix`);
  const fix = finding.fixes?.find((f) => !f.title.startsWith('Ignore'));
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

const program = () => fs.readFileSync(fixturePath(`pulumi/${PROGRAM}`), 'utf8');

test('pulumi azure-native fix round-trip: no-autostop adds a GlobalSchedule targeting the VM', async () => {
  const after = await roundTrip('no-autostop', program());
  assert.match(after, /new azure\.devtestlab\.GlobalSchedule\('a100-workstation-shutdown', \{[\s\S]*targetResourceId: workstation\.id,/);
});

test('pulumi azure-native fix round-trip: storage-lifecycle adds the account ManagementPolicy', async () => {
  const after = await roundTrip('storage-lifecycle', program());
  assert.match(after, /managementPolicyName: 'default',[\s\S]*prefixMatch: \['checkpoints\/'\][\s\S]*tierToCool: \{ daysAfterModificationGreaterThan: \d+ \}/);
});

test('pulumi azure-native fix round-trip: missing-cost-tags tags the agent pool', async () => {
  const after = await roundTrip('missing-cost-tags', program());
  assert.match(after, /mode: 'User',\n  tags: \{ team: '[^']+', project: '[^']+' \},\n\}\);/);
});

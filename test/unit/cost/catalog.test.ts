import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  allInstances,
  catalogMeta,
  cheapestCpu,
  cheapestFits,
  gcpAcceleratorPrice,
  instanceByType,
  instancesFor,
  SAGEMAKER_NOTE,
} from '../../../server/src/engine/cost/catalog';
import { gpuSpec, normaliseGpuName } from '../../../server/src/engine/cost/gpus';

describe('price catalog', () => {
  it('loads every provider with its source and date', () => {
    const rows = allInstances();
    assert.ok(rows.length >= 99, `only ${rows.length} rows`);
    for (const p of ['aws', 'gcp', 'azure', 'lambda']) assert.ok(rows.some((r) => r.provider === p), p);
    const meta = catalogMeta();
    assert.match(meta.source, /skypilot-catalog/);
    assert.match(meta.source, /catalogs\/v8\/aws\/vms\.csv@e385a0d3/);
    assert.match(meta.source, /catalogs\/v6\/azure\/vms\.csv@098741e7/);
    assert.match(meta.retrieved, /^\d{4}-\d{2}-\d{2}$/);
    assert.equal(meta.currency, 'USD');
    for (const r of rows) assert.ok(r.onDemand > 0 && (r.spot === null || r.spot > 0), r.instanceType);
  });

  it('prices GCP as host VM + GPUs', () => {
    const a2 = instanceByType('a2-highgpu-1g', 'gcp');
    assert.ok(a2?.gcpParts);
    // SkyPilot gcp/vms.csv @8427bbff: host 0.73948 + A100 x1 2.93391.
    assert.equal(a2.gcpParts.hostOnDemand, 0.73948);
    assert.equal(a2.gcpParts.acceleratorsOnDemand, 2.93391);
    assert.ok(Math.abs(a2.onDemand - (0.73948 + 2.93391)) < 1e-6);
    assert.ok(a2.spot !== null && Math.abs(a2.spot - (0.36975 + 1.4341)) < 1e-6);
    for (const r of allInstances().filter((i) => i.gcpParts)) {
      assert.ok(Math.abs(r.onDemand - r.gcpParts!.hostOnDemand - r.gcpParts!.acceleratorsOnDemand) < 1e-4, r.instanceType);
    }
  });

  it('applies the README caveats', () => {
    const nd = instanceByType('Standard_ND96isr_H100_v5');
    assert.equal(nd?.gpuCount, 8);
    assert.equal(nd?.spot, null);
    assert.equal(instanceByType('Standard_NC40ads_H100_v5')?.spot, null);
    assert.equal(instanceByType('a3-highgpu-8g')?.lowConfidence, true);
    assert.equal(instanceByType('a3-megagpu-8g')?.gpu, 'H100');
    assert.equal(instanceByType('a2-ultragpu-8g')?.lowConfidence, undefined);
    assert.equal(instanceByType('gpu_8x_h100_sxm5')?.spot, null);
    assert.equal(instanceByType('p5.4xlarge')?.spot, null);
  });

  it('finds instance types of every provider, case-insensitively', () => {
    const p4d = instanceByType('p4d.24xlarge');
    assert.equal(p4d?.provider, 'aws');
    assert.equal(p4d?.gpu, 'A100-40GB');
    assert.equal(p4d?.gpuCount, 8);
    assert.equal(p4d?.onDemand, 21.957642);
    assert.equal(instanceByType('P4DE.24XLARGE')?.gpu, 'A100-80GB');
    assert.equal(instanceByType('g2-standard-4')?.gpu, 'L4');
    assert.equal(instanceByType('NC24ads_A100_v4', 'azure')?.instanceType, 'Standard_NC24ads_A100_v4');
    assert.equal(instanceByType('gpu_1x_a10')?.provider, 'lambda');
    assert.equal(instanceByType('gpu_1x_a10')?.gpu, 'A10');
    assert.equal(instanceByType('p4d.24xlarge', 'gcp'), undefined);
    assert.equal(instanceByType('x9.unknown'), undefined);
  });

  it('answers SageMaker ml.* with the EC2 row and says the price is EC2s', () => {
    const sm = instanceByType('ml.p4d.24xlarge');
    assert.equal(sm?.instanceType, 'ml.p4d.24xlarge');
    assert.equal(sm?.ec2InstanceType, 'p4d.24xlarge');
    assert.equal(sm?.sagemakerFromEc2, true);
    assert.equal(sm?.onDemand, 21.957642);
    assert.ok(sm?.notes?.startsWith(SAGEMAKER_NOTE));
    assert.match(SAGEMAKER_NOTE, /premium/);
    assert.equal(instanceByType('ml.g5.xlarge')?.gpu, 'A10G');
    assert.equal(instanceByType('ml.p4d.24xlarge', 'gcp'), undefined);
    assert.equal(instanceByType('p4d.24xlarge')?.sagemakerFromEc2, undefined);
  });

  it('lists 8x A100 (40 GB) instances cheapest first', () => {
    const rows = instancesFor('A100', 8);
    const types = rows.map((r) => r.instanceType);
    assert.deepEqual(types.slice(0, 4), ['gpu_8x_a100', 'p4d.24xlarge', 'Standard_ND96asr_v4', 'a2-highgpu-8g']);
    for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1].onDemand <= rows[i].onDemand);
    assert.ok(rows.every((r) => r.gpu === 'A100-40GB' && (r.gpuCount ?? 0) >= 8));
    assert.ok(instancesFor('nvidia-a100-80gb', 8).every((r) => r.gpu === 'A100-80GB'));
    assert.deepEqual(instancesFor('A100', 8, { provider: 'aws' }).map((r) => r.instanceType), ['p4d.24xlarge']);
    assert.deepEqual(instancesFor('H100', 1, { region: 'eastus' })[0].instanceType, 'Standard_NC40ads_H100_v5');
  });

  it('GCP T4/V100 multi-GPU shapes are composed from the accelerator rows', () => {
    const v = instanceByType('n1-standard-8+V100x8');
    assert.equal(v?.gpuCount, 8);
    assert.ok(v && Math.abs(v.onDemand - (0.38 + 19.84)) < 1e-6);
    assert.equal(gcpAcceleratorPrice('nvidia-tesla-t4', 4)?.onDemand, 1.4);
    assert.equal(gcpAcceleratorPrice('H100', 8)?.lowConfidence, true);
  });

  it('cheapest GPU for a 10 GiB need is a small one, sorted by price', () => {
    const rows = cheapestFits({ minGpuMemoryGiB: 10 });
    assert.ok(rows.length >= 5);
    assert.ok(['T4', 'L4', 'A10G', 'A10'].includes(rows[0].gpu ?? ''), rows[0].gpu);
    assert.equal(rows[0].onDemand, 0.526);
    for (let i = 1; i < rows.length; i++) assert.ok(rows[i - 1].onDemand <= rows[i].onDemand);
    assert.ok(rows.every((r) => gpuSpec(r.gpu ?? '') !== undefined), 'only known CUDA GPUs');
  });

  it('cheapestFits honours bf16, memory, GPU count, provider and limit', () => {
    const bf16 = cheapestFits({ minGpuMemoryGiB: 10, requireBf16: true }, { limit: 3 });
    assert.equal(bf16.length, 3);
    assert.ok(bf16.every((r) => gpuSpec(r.gpu!)?.bf16));
    assert.notEqual(bf16[0].gpu, 'T4');
    const big = cheapestFits({ minGpuMemoryGiB: 60, gpuCount: 8 });
    assert.ok(big.every((r) => (r.gpuMemoryGiB ?? 0) * 0.9 >= 60 && (r.gpuCount ?? 0) >= 8));
    assert.ok(big.length > 0);
    const aws = cheapestFits({ minGpuMemoryGiB: 21 }, { provider: 'aws' });
    assert.ok(aws.every((r) => r.provider === 'aws'));
    assert.ok(!aws.some((r) => r.gpu === 'A10G'), 'A10G (22.35 GiB usable) cannot hold 21 GiB with headroom');
    assert.ok(cheapestFits({ minGpuMemoryGiB: 20 }, { provider: 'aws' }).some((r) => r.gpu === 'A10G'));
    assert.deepEqual(cheapestFits({ minGpuMemoryGiB: 1000 }), []);
  });

  it('suggests the cheapest CPU-only machines', () => {
    const cpu = cheapestCpu();
    assert.equal(cpu[0].instanceType, 'c7i.large');
    assert.ok(cpu.every((r) => r.gpu === undefined));
    assert.equal(cheapestCpu({ minVcpus: 8, provider: 'gcp' })[0].instanceType, 'n1-standard-8');
  });

  it('GPU names agree with normaliseGpuName', () => {
    for (const r of allInstances()) {
      if (!r.gpu) continue;
      if (r.sourceGpuName) assert.equal(normaliseGpuName(r.sourceGpuName), r.gpu, r.instanceType);
      else assert.ok([r.gpu, undefined].includes(normaliseGpuName(r.gpu)), r.instanceType);
    }
  });
});

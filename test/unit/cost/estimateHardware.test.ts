import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeFixture } from '../../helpers';

// Hardware resolution, one small fixture per dialect under test/fixtures/estimate/.
describe('estimates: hardware from each dialect', () => {
  test('SkyPilot accelerators × num_nodes, cheapest catalog instance with that GPU', async () => {
    const r = await analyzeFixture('estimate/skypilot-task.yaml');
    const [e] = r.estimates;
    assert.equal(e.gpus, 16);
    assert.equal(e.hardwareLabel, '16×A100-80GB (2 × gpu_8x_a100_80gb_sxm4)');
    assert.equal(e.onDemandPerHour, 2 * 14.32);
    assert.equal(e.usesSpot, true);
    assert.equal(e.tokens, 2e9, 'tokens annotation');
    assert.ok(e.monthly && Math.abs(e.monthly.onDemand! - 2 * e.runCostOnDemand!) < 1e-9, 'runs-per-month=2');
  });

  test('SkyPilot instance_type; steps and batch from the run command', async () => {
    const [e] = (await analyzeFixture('estimate/skypilot-instance.yaml')).estimates;
    assert.equal(e.instanceType, 'p4d.24xlarge');
    assert.equal(e.gpus, 8);
    assert.equal(e.tokens, 2000 * 8 * 8 * 1024, 'max_steps × per-device 8 × 8 GPUs × 1024 (assumed)');
    assert.ok(e.assumptions.some((a) => a.name === 'sequence length' && a.source.kind === 'default'));
  });

  test('SageMaker ml.* × instance_count: EC2 rate, flagged as a lower bound', async () => {
    const [e] = (await analyzeFixture('estimate/sagemaker_estimator.py')).estimates;
    assert.equal(e.gpus, 16);
    assert.ok(Math.abs(e.onDemandPerHour! - 2 * 21.957642) < 1e-6);
    const price = e.assumptions.find((a) => a.name === 'price (on-demand)')!;
    assert.match(price.value, /EC2 rate: SageMaker charges more/);
  });

  test('Kubernetes nvidia.com/gpu × replicas with a GKE accelerator selector', async () => {
    const [e] = (await analyzeFixture('estimate/k8s-pytorchjob.yaml')).estimates;
    assert.equal(e.gpus, 8);
    assert.match(e.hardwareLabel!, /^8×H100 \(4 × /);
    assert.equal(e.tokens, 500 * 8 * 8 * 1024);
  });

  test('Lightning devices: count without type → the file\'s count, the cheapest fitting GPU type per run, said so', async () => {
    const [e] = (await analyzeFixture('estimate/lightning-trainer.yaml')).estimates;
    assert.equal(e.gpus, 4, 'the count in the file is kept');
    assert.match(e.hardwareAssumed!, /^GPU type not stated: on 4×\S+, the cheapest per run that fits$/);
    assert.ok(e.runCostOnDemand! > 0, 'a run cost on the assumed hardware');
    assert.equal(e.assumptions.find((a) => a.name === 'GPUs')?.source.kind, 'model');
  });

  test('Accelerate num_processes without a model size: no hardware can be chosen, the lens names the one thing to add', async () => {
    const [e] = (await analyzeFixture('estimate/accelerate-config.yaml')).estimates;
    assert.equal(e.hardwareLabel, undefined);
    assert.match(e.missing!, /add the model size/);
  });

  test('Lightning devices with defaultHardware: the file\'s count, the setting\'s GPU type', async () => {
    const { analyze } = await import('../../../server/src/engine/analyze');
    const fs = await import('node:fs');
    const { fixturePath } = await import('../../helpers');
    const p = fixturePath('estimate/lightning-trainer.yaml');
    const r = await analyze({ path: p, text: fs.readFileSync(p, 'utf8') }, { pricing: { defaultHardware: 'H100:8', provider: 'lambda' } });
    const [e] = r.estimates;
    assert.equal(e.gpus, 4);
    assert.equal(e.instanceType, 'gpu_4x_h100_sxm5');
    assert.equal(e.tokens, 1e9);
  });

  test('.mlcost.yaml pricing: provider, defaultHardware and an overrides file', async () => {
    const [e] = (await analyzeFixture('estimate/project/train.yaml')).estimates;
    assert.equal(e.instanceType, 'p4d.24xlarge');
    assert.equal(e.onDemandPerHour, 12.5);
    assert.equal(e.spotPerHour, 4);
    assert.equal(e.runCostOnDemand, e.hours! * 12.5);
  });
});

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, test } from 'node:test';
import { DEFAULT_BUDGET, periodCost } from '../../../server/src/engine/budget';
import { estimateJob } from '../../../server/src/engine/cost/estimate';
import { referenceText } from '../../../server/src/engine/cost/referenceText';
import { jobRun } from '../../../server/src/engine/savings';
import type { Fact, Job, PrecisionMode, Range } from '../../../server/src/engine/types';
import { fixturePath } from '../../helpers';

interface ThroughputRow {
  model: string;
  parameters: number;
  precision: string;
  microBatch: number;
  sequenceLength: number;
  tokensPerSecond: number;
}
interface TrainingRow {
  model: string;
  precision: string;
  peakGiB: number;
}
const calibration = JSON.parse(fs.readFileSync(fixturePath('cost/calibration.json'), 'utf8')) as { throughput: ThroughputRow[]; training: TrainingRow[] };

const R: Range = { start: { line: 3, character: 0 }, end: { line: 3, character: 5 } };
const file = <T>(value: T, key = 'k'): Fact<T> => ({ value, source: { kind: 'file', range: R, key } });

/** A job as a dialect would hand it over: GPT-2 on one H100 at batch 8 × 1024. */
function gpt2Job(id: string, precision: PrecisionMode, extra: Partial<Job> = {}): Job {
  return {
    dialect: 'test',
    name: id,
    workload: 'training',
    anchor: R,
    datasets: [],
    linkedFiles: [],
    precision: file(precision, 'precision'),
    hardware: { gpu: file('H100', 'accelerators'), gpuCount: file(1, 'accelerators') },
    model: { id: file(id, 'model') },
    batch: { perDevice: file(8, 'batch'), sequenceLength: file(1024, 'seq') },
    schedule: { maxSteps: file(1000, 'max_steps') },
    ...extra,
  };
}

const MODELS: [string, string][] = [
  ['gpt2', 'gpt2-124M'],
  ['gpt2-medium', 'gpt2-355M'],
  ['gpt2-large', 'gpt2-774M'],
];
const MEASURED_SPEEDUP = [5.4, 6.7, 7.7];
const MEASURED_PEAK_BF16 = [8.9, 16.1, 27.6];

const within = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual / expected - 1) <= tolerance, `${what}: predicted ${actual.toFixed(1)}, measured ${expected} (±${tolerance * 100}%)`);

describe('estimator accuracy against the H100 calibration (GPT-2, batch 8 × 1024)', () => {
  MODELS.forEach(([id, name], i) => {
    const measured = (p: string) => calibration.throughput.find((r) => r.model === name && r.precision === p)!.tokensPerSecond;
    test(`${name}: bf16 and fp32 tokens/s within ±25%`, () => {
      for (const p of ['bf16', 'fp32'] as const) {
        const e = estimateJob(gpt2Job(id, p));
        assert.ok(e?.tokensPerSecond, 'a throughput is predicted');
        within(e.tokensPerSecond, measured(p), 0.25, `${name} ${p} tok/s`);
      }
    });
    test(`${name}: fp32 → bf16 speed-up within ±25% of ${MEASURED_SPEEDUP[i]}x`, () => {
      const fp32 = estimateJob(gpt2Job(id, 'fp32'))!;
      const bf16 = estimateJob(gpt2Job(id, 'bf16'))!;
      within(bf16.tokensPerSecond! / fp32.tokensPerSecond!, MEASURED_SPEEDUP[i], 0.25, `${name} speed-up`);
      assert.equal(fp32.precisionSpeedup?.to, 'bf16');
      within(fp32.precisionSpeedup!.factor, MEASURED_SPEEDUP[i], 0.25, `${name} precisionSpeedup`);
      assert.equal(bf16.precisionSpeedup, undefined, 'a bf16 job has nothing to gain');
    });
    test(`${name}: bf16 peak memory within ±30% of ${MEASURED_PEAK_BF16[i]} GiB`, () => {
      const e = estimateJob(gpt2Job(id, 'bf16'))!;
      const peak = calibration.training.find((r) => r.model === name && r.precision === 'bf16')!.peakGiB;
      within(e.memory!.needGiB, peak, 0.3, `${name} memory`);
      assert.equal(e.memory!.fits, true);
    });
  });
});

describe('estimateJob', () => {
  test('run cost = hours × hourly price; gpuHours = hours × GPUs; tokens from max_steps × batch × GPUs × sequence', () => {
    const e = estimateJob(gpt2Job('gpt2-medium', 'bf16', { hardware: { gpu: file('A100-80GB'), gpuCount: file(8) } }), { provider: 'aws' })!;
    assert.equal(e.instanceType, 'p4de.24xlarge');
    assert.equal(e.tokens, 1000 * 8 * 8 * 1024);
    assert.ok(e.hours! > 0);
    assert.equal(e.gpus, 8);
    assert.ok(Math.abs(e.gpuHours! - e.hours! * 8) < 1e-9);
    assert.ok(Math.abs(e.runCostOnDemand! - e.hours! * e.onDemandPerHour!) < 1e-9);
    assert.ok(Math.abs(e.runCostSpot! - e.hours! * e.spotPerHour!) < 1e-9);
    assert.match(e.hardwareLabel!, /^8×A100-80GB \(p4de\.24xlarge\)$/);
    const scaling = e.assumptions.find((a) => a.name === 'scaling');
    assert.match(scaling!.value, /^\d+% per GPU over 8 GPUs$/);
    assert.match(JSON.stringify(scaling!.source), /all-reduce of .* NVLink/);
  });

  test('without tokens or steps: a typical dataset sizes a placeholder run, named with what to add', () => {
    const e = estimateJob(gpt2Job('gpt2', 'bf16', { schedule: undefined }))!;
    assert.ok(e.onDemandPerHour! > 0);
    assert.ok(e.runCostOnDemand! > 0, 'an estimate is never empty');
    assert.equal(e.missing, undefined);
    assert.match(e.reference!.data!.assumed, /tokens of typical fine-tuning data/);
    assert.match(e.reference!.data!.add, /`# mlcost: tokens=/);
    assert.equal(e.reference!.model, undefined, 'the model is stated');
    assert.match(JSON.stringify(e.assumptions.find((a) => a.name === 'dataset tokens')?.source), /median training split of the \d+ instruction, chat/);
    assert.match(referenceText(e)!, /^not stated, assumed [\d.e]+ tokens of typical fine-tuning data: add `# mlcost: tokens=/);
    // No saving is claimed from a made-up dataset; a run on a made-up model stays out of the total.
    assert.equal(jobRun(e), undefined);
    assert.equal(periodCost({ ...e, placeholder: true }, undefined, DEFAULT_BUDGET).periodCostUsd, undefined);
    assert.equal(periodCost(e, undefined, DEFAULT_BUDGET).periodCostUsd, e.runCostOnDemand);
    // A time limit the file states bounds the run instead of a made-up dataset.
    const limited = estimateJob(gpt2Job('gpt2', 'bf16', { schedule: { hours: file(3, 'max_run') } }))!;
    assert.equal(limited.reference, undefined);
    assert.equal(limited.hours, 3);
  });

  test('the memory line agrees with the options table: activation checkpointing and sharding count on both', () => {
    for (const batch of [
      { perDevice: file(8, 'b'), sequenceLength: file(2048, 's'), activationCheckpointing: file(true, 'gradient_checkpointing') },
      { perDevice: file(8, 'b'), sequenceLength: file(2048, 's'), zeroStage: file(3, 'zero_stage') },
    ]) {
      const e = estimateJob(gpt2Job('meta-llama/Meta-Llama-3-8B', 'bf16', { hardware: undefined, batch }))!;
      const chosen = e.options!.find((o) => o.chosen)!;
      assert.ok(chosen.fits);
      assert.equal(e.memory!.fits, true, `${JSON.stringify(batch)}: the breakdown must not say "does not fit" for the hardware chosen because it fits`);
    }
  });

  test('a DeepSpeed or Accelerate config that names no model: a typical 7B model, said so', () => {
    const ds: Job = { dialect: 'deepspeed', name: 'DeepSpeed config', workload: 'training', anchor: R, datasets: [], linkedFiles: [], batch: { zeroStage: file(3, 'zero_optimization.stage') } };
    const e = estimateJob(ds)!;
    assert.ok(e.runCostOnDemand! > 0);
    assert.equal(e.reference!.model!.assumed, 'a 7B model');
    assert.match(referenceText(e)!, /assumed a 7B model and .* typical fine-tuning data: name the model/);
    assert.match(e.hardwareAssumed!, /hardware not stated/);
    // Where the typical model cannot fit the stated GPUs, the lens asks for the model instead:
    // see estimateHardware.test.ts (Accelerate num_processes without a model size).
    // Other dialects never get a made-up model.
    assert.match(estimateJob({ ...ds, dialect: 'skypilot' })!.missing ?? 'priced', /add the model size|hardware unknown/);
  });

  test('no hardware: the cheapest fitting choice per run; the defaultHardware setting wins, as a setting assumption', () => {
    const bare = gpt2Job('gpt2', 'bf16', { hardware: undefined });
    const assumed = estimateJob(bare)!;
    assert.match(assumed.hardwareAssumed!, /^hardware not stated: on 1×\S+, the cheapest per run that fits$/);
    assert.ok(assumed.runCostOnDemand! > 0);
    const chosen = assumed.options!.find((o) => o.chosen)!;
    assert.ok(chosen.fits);
    for (const o of assumed.options!) if (o.fits && o.runCostOnDemand !== undefined) assert.ok(o.runCostOnDemand >= chosen.runCostOnDemand! - 1e-9, `${o.gpus}×${o.gpu} is not cheaper per run than the chosen one`);
    assert.equal(estimateJob(bare, { defaultHardware: 'A100:8', provider: 'gcp' })!.hardwareAssumed, undefined, 'a setting is no assumption of ours');
    const e = estimateJob(bare, { defaultHardware: 'A100:8', provider: 'gcp' })!;
    assert.equal(e.instanceType, 'a2-highgpu-8g');
    assert.equal(e.gpus, 8);
    const gpus = e.assumptions.find((a) => a.name === 'GPUs');
    assert.deepEqual(gpus?.source, { kind: 'setting', name: 'mlcost.defaultHardware' });
  });

  test('a price override replaces the catalog row', () => {
    const job = gpt2Job('gpt2', 'bf16', { hardware: { instanceType: file('p4d.24xlarge') } });
    const catalog = estimateJob(job)!;
    const mine = estimateJob(job, { overrides: [{ instanceType: 'p4d.24xlarge', onDemand: 10, spot: 3 }] })!;
    assert.ok(Math.abs(catalog.onDemandPerHour! - 21.957642) < 1e-6);
    assert.equal(mine.onDemandPerHour, 10);
    assert.equal(mine.spotPerHour, 3);
    assert.deepEqual(mine.assumptions.find((a) => a.name === 'price (on-demand)')?.source, { kind: 'setting', name: 'mlcost.pricing.overridesFile' });
  });

  test('an hours annotation sets the time; the file\'s time limit caps a longer predicted run', () => {
    const ann: Fact<number> = { value: 12, source: { kind: 'annotation', range: R, key: 'hours' } };
    const e = estimateJob(gpt2Job('gpt2', 'bf16', { schedule: { hours: ann } }))!;
    assert.equal(e.hours, 12);
    const capped = estimateJob(gpt2Job('gpt2-large', 'fp32', { schedule: { maxSteps: file(1e6), hours: file(2, 'max_time') } }))!;
    assert.equal(capped.hours, 2);
    assert.match(capped.assumptions.find((a) => a.name === 'hours')!.value, /time limit/);
  });

  test('runs-per-month gives a monthly figure', () => {
    const runs: Fact<number> = { value: 4, source: { kind: 'annotation', range: R, key: 'runs-per-month' } };
    const e = estimateJob(gpt2Job('gpt2', 'bf16', { runsPerMonth: runs }))!;
    assert.ok(Math.abs(e.monthly!.onDemand! - 4 * e.runCostOnDemand!) < 1e-9);
  });

  test('unknown model: attention is not counted, the run needs params', () => {
    const e = estimateJob(gpt2Job('acme/secret-model', 'bf16'))!;
    assert.equal(e.tokensPerSecond, undefined);
    assert.match(e.missing!, /model size unknown/);
    const stated = estimateJob(gpt2Job('acme/secret-model', 'bf16', { model: { id: file('acme/secret-model'), parameters: file(1e9) } }))!;
    assert.match(stated.assumptions.find((a) => a.name === 'FLOPs per token')!.value, /attention not counted/);
    assert.ok(stated.runCostOnDemand! > 0);
  });

  test('CPU-only jobs are not estimated', () => {
    assert.equal(estimateJob(gpt2Job('gpt2', 'fp32', { hardware: { cpuOnly: true } })), undefined);
  });
});

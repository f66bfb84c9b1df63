import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import { fixturePath } from '../../helpers';
import {
  DEFAULT_MICRO_BATCH,
  estimateInferenceMemory,
  estimateTrainingMemory,
  fits,
} from '../../../server/src/engine/cost/memory';
import type { PrecisionMode, TrainingMode } from '../../../server/src/engine/types';

interface Measured {
  model: string;
  parameters: number;
  precision: PrecisionMode;
  trainingMode: TrainingMode;
  microBatch: number;
  sequenceLength: number;
  peakGiB: number;
}
const calibration = JSON.parse(fs.readFileSync(fixturePath('cost/calibration.json'), 'utf8')) as {
  training: Measured[];
  activationCheckpointing: Measured[];
};

const within = (estimate: number, measured: number, tolerance: number) =>
  assert.ok(Math.abs(estimate / measured - 1) <= tolerance, `estimate ${estimate.toFixed(1)} GiB vs measured ${measured} GiB`);

describe('training memory vs H100 calibration', () => {
  for (const m of calibration.training) {
    it(`${m.model} ${m.precision} ${m.trainingMode} within ±30% of ${m.peakGiB} GiB`, () => {
      const e = estimateTrainingMemory({ ...m });
      within(e.perGpuGiB, m.peakGiB, 0.3);
      assert.equal(e.totalGiB, e.perGpuGiB);
    });
  }
  for (const m of calibration.activationCheckpointing) {
    it(`${m.model} with activation checkpointing within ±30% of ${m.peakGiB} GiB`, () => {
      within(estimateTrainingMemory({ ...m, activationCheckpointing: true }).perGpuGiB, m.peakGiB, 0.3);
    });
  }
});

describe('training memory rules', () => {
  const n = 7e9;
  it('mixed-precision and fp32 AdamW both hold 16 B/param', () => {
    assert.equal(estimateTrainingMemory({ parameters: n, precision: 'bf16' }).weightsOptimizerGiB, (16 * n) / 2 ** 30);
    assert.equal(estimateTrainingMemory({ parameters: n, precision: 'fp32' }).weightsOptimizerGiB, (16 * n) / 2 ** 30);
    assert.equal(estimateTrainingMemory({ parameters: n, precision: 'bf16', optimizer8bit: true }).weightsOptimizerGiB, (10 * n) / 2 ** 30);
  });

  it('LoRA < full, QLoRA < LoRA', () => {
    const full = estimateTrainingMemory({ parameters: n, precision: 'bf16', microBatch: 4, sequenceLength: 2048 });
    const lora = estimateTrainingMemory({ parameters: n, precision: 'bf16', trainingMode: 'lora', microBatch: 4, sequenceLength: 2048 });
    const qlora = estimateTrainingMemory({ parameters: n, precision: 'bf16', trainingMode: 'qlora', microBatch: 4, sequenceLength: 2048 });
    assert.ok(lora.perGpuGiB < full.perGpuGiB / 2, `${lora.perGpuGiB} vs ${full.perGpuGiB}`);
    assert.ok(qlora.weightsOptimizerGiB < lora.weightsOptimizerGiB / 2);
    assert.ok(qlora.perGpuGiB < lora.perGpuGiB);
  });

  it('states the default batch when none is given', () => {
    const e = estimateTrainingMemory({ parameters: 124e6 });
    assert.ok(e.basis.some((b) => b.includes(`micro-batch ${DEFAULT_MICRO_BATCH}`) && b.includes('1024')), e.basis.join(' | '));
    assert.ok(e.basis.some((b) => /precision unknown/.test(b)));
    assert.equal(e.activationsGiB, estimateTrainingMemory({ parameters: 124e6, microBatch: 8, sequenceLength: 1024 }).activationsGiB);
  });

  it('activations grow with tokens', () => {
    const a = estimateTrainingMemory({ parameters: n, microBatch: 1, sequenceLength: 1024 }).activationsGiB;
    const b = estimateTrainingMemory({ parameters: n, microBatch: 4, sequenceLength: 1024 }).activationsGiB;
    assert.ok(Math.abs(b / a - 4) < 1e-9);
  });

  it('ZeRO-3 / FSDP splits the state over GPUs; DDP does not', () => {
    const ddp = estimateTrainingMemory({ parameters: n, gpuCount: 8, microBatch: 1, sequenceLength: 2048 });
    const z3 = estimateTrainingMemory({ parameters: n, gpuCount: 8, zeroStage: 3, microBatch: 1, sequenceLength: 2048 });
    const fsdp = estimateTrainingMemory({ parameters: n, gpuCount: 8, sharded: true, microBatch: 1, sequenceLength: 2048 });
    const z1 = estimateTrainingMemory({ parameters: n, gpuCount: 8, zeroStage: 1, microBatch: 1, sequenceLength: 2048 });
    assert.ok(Math.abs(ddp.perGpuGiB - (ddp.weightsOptimizerGiB + ddp.activationsGiB)) < 1e-9);
    assert.ok(Math.abs(z3.perGpuGiB - (z3.weightsOptimizerGiB / 8 + z3.activationsGiB)) < 1e-9);
    assert.equal(fsdp.perGpuGiB, z3.perGpuGiB);
    assert.ok(z3.perGpuGiB < z1.perGpuGiB && z1.perGpuGiB < ddp.perGpuGiB);
    assert.ok(Math.abs(ddp.totalGiB - 8 * ddp.perGpuGiB) < 1e-9);
  });
});

describe('fits', () => {
  it('a 7B full fine-tune does not fit one A100-80GB; LoRA does', () => {
    const full = estimateTrainingMemory({ parameters: 7e9, precision: 'bf16', microBatch: 1, sequenceLength: 1024 });
    const lora = estimateTrainingMemory({ parameters: 7e9, precision: 'bf16', trainingMode: 'lora', microBatch: 1, sequenceLength: 1024 });
    assert.equal(fits(full, 'A100-80GB'), false);
    assert.equal(fits(lora, 'A100-80GB'), true);
    assert.equal(fits(lora, 'T4'), false);
  });

  it('re-splits sharded state over the GPU count asked about', () => {
    const z3 = estimateTrainingMemory({ parameters: 7e9, precision: 'bf16', zeroStage: 3, microBatch: 1, sequenceLength: 1024 });
    assert.equal(fits(z3, 'A100-80GB', 1), false);
    assert.equal(fits(z3, 'A100-80GB', 8), true);
    assert.equal(fits(z3, { gpuMemoryGiB: 80 }, 8), true);
    assert.equal(fits(z3, 'RTX 4090', 8), undefined);
  });

  it('inference: weights x bytes + 20%', () => {
    const e = estimateInferenceMemory(8e9, 2);
    assert.ok(Math.abs(e.weightsGiB - 14.9) < 0.05);
    assert.ok(Math.abs(e.totalGiB - e.weightsGiB * 1.2) < 1e-9);
    assert.equal(fits(e, 'L4'), true);
    assert.equal(fits(estimateInferenceMemory(70e9, 2), 'H100'), false);
    assert.equal(fits(estimateInferenceMemory(70e9, 2), 'H100', 4), true);
  });
});

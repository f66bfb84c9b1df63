// Model FLOPs utilisation (MFU): the share of a GPU's dense peak a training step achieves. Defaults
// come from the project's H100 calibration (one NVIDIA H100 80GB SXM, PyTorch 2.11 eager + fused
// AdamW, GPT-2-shaped models, 2026-11-23; figures copied in test/fixtures/cost/calibration.json,
// `throughput` and `batchSweep`). One run each: the numbers are evidence, not constants.
import type { PrecisionMode } from '../types';
import type { GpuSpec } from './gpus';

export const MFU_SOURCE = 'mlcost H100 calibration, 2026-11-23 (GPT-2 124M-774M, eager PyTorch)';

/** Calibration model sizes (total parameters, embeddings included). */
const SIZES = [124475904, 354871296, 774090240];
/** bf16 autocast tokens/s × FLOPs per token / bf16 peak, batch 8 × 1024: 0.241 / 0.320 / 0.357. */
const MIXED_MFU = [0.241, 0.3198, 0.357];
/** Strict fp32 (TF32 matmuls off, PyTorch's default) against the fp32 peak: 0.657 / 0.705 / 0.686. */
const FP32_EFFICIENCY = [0.657, 0.7053, 0.6856];
/** TF32 matmuls against the TF32 peak: 0.242 / 0.287 / 0.306. */
const TF32_MFU = [0.2423, 0.2868, 0.3064];
/** Tokens per micro-batch (batch × 1024) and bf16 MFU of the 124M model, batch 1..32. */
const SWEEP_TOKENS = [1024, 2048, 4096, 8192, 16384, 32768];
const SWEEP_MFU = [0.0459, 0.0789, 0.154, 0.241, 0.2705, 0.2893];
const SWEEP_REFERENCE_MFU = 0.241; // batch 8, where the size points were measured
const SWEEP_REFERENCE_TOKENS = 8192;

/**
 * Data-parallel scaling: no multi-GPU calibration exists, so we assume 95% per-GPU efficiency
 * within one node (NVLink all-reduce) and 90% across nodes (network all-reduce). A project
 * assumption, stated with every estimate that uses it.
 */
export const SCALING_WITHIN_NODE = 0.95;
export const SCALING_ACROSS_NODES = 0.9;

export type ComputeMode = 'mixed' | 'fp32' | 'tf32';

/** What a precision setting computes in: bf16/fp16/fp8 autocast run on tensor cores ("mixed"). */
export function computeMode(p: PrecisionMode | undefined): ComputeMode {
  return p === 'fp32' ? 'fp32' : p === 'tf32' ? 'tf32' : 'mixed';
}

export interface Peak {
  tflops: number;
  label: string;
}

/** Dense peak of `gpu` for a compute mode; mixed uses bf16, or fp16 on GPUs without bf16. */
export function peakFor(gpu: GpuSpec, mode: ComputeMode): Peak {
  if (mode === 'fp32') return { tflops: gpu.peakTflops.fp32, label: `${gpu.name} fp32 peak ${gpu.peakTflops.fp32} TFLOP/s` };
  if (mode === 'tf32') {
    // Pre-Ampere GPUs have no TF32: their fp32 units do the work.
    const t = gpu.peakTflops.tf32 ?? gpu.peakTflops.fp32;
    return { tflops: t, label: `${gpu.name} ${gpu.peakTflops.tf32 ? 'TF32' : 'fp32 (no TF32)'} peak ${t} TFLOP/s` };
  }
  const half = gpu.peakTflops.bf16 ?? gpu.peakTflops.fp16;
  return { tflops: half, label: `${gpu.name} ${gpu.peakTflops.bf16 ? 'bf16' : 'fp16'} dense peak ${half} TFLOP/s` };
}

export interface Mfu {
  value: number;
  basis: string;
}

/**
 * MFU for a model of `parameters` at `tokensPerMicroBatch` tokens per GPU per step.
 * - Size: piecewise linear in log(parameters) through the three calibration sizes, held flat
 *   outside them (larger tuned runs reach 0.4-0.56, so this errs towards cost for big models).
 * - Batch (mixed precision only): the 124M batch sweep, read at the micro-batch's work relative to
 *   124M (tokens × parameters / 124M), as a factor of the batch-8 MFU. Larger models were measured
 *   only at batch 8, so for them the factor is capped at 1 (no speed is claimed that was not seen).
 *   fp32/TF32 are compute-bound at their lower peaks; the batch effect was not measured for them.
 */
export function modelFlopsUtilisation(mode: ComputeMode, parameters: number, tokensPerMicroBatch: number): Mfu {
  const table = mode === 'fp32' ? FP32_EFFICIENCY : mode === 'tf32' ? TF32_MFU : MIXED_MFU;
  const base = interpolate(SIZES.map(Math.log), table, Math.log(parameters));
  const what = mode === 'fp32' ? 'fp32 efficiency' : mode === 'tf32' ? 'TF32 MFU' : 'bf16 MFU';
  const sizeBasis = `${what} ${base.toFixed(2)} at ${formatSize(parameters)} (measured ${table.map((x) => x.toFixed(2)).join('/')} at 124M/355M/774M, batch 8×1024, held flat outside)`;
  if (mode !== 'mixed') return { value: base, basis: sizeBasis };
  const effective = tokensPerMicroBatch * (parameters / SIZES[0]);
  let factor = interpolate(SWEEP_TOKENS.map(Math.log), SWEEP_MFU, Math.log(Math.max(1, effective))) / SWEEP_REFERENCE_MFU;
  if (parameters > SIZES[0]) factor = Math.min(1, factor);
  if (Math.abs(factor - 1) < 0.005) return { value: base, basis: sizeBasis };
  return {
    value: base * factor,
    basis: `${sizeBasis}; ×${factor.toFixed(2)} for ${Math.round(tokensPerMicroBatch)} tokens per micro-batch (124M batch sweep: MFU 0.05 at batch 1 to 0.29 at batch 32)`,
  };
}

/** Training FLOPs per token: 6·N (Kaplan et al. 2020), plus 12·L·d·T for attention when the shape is known. */
export function flopsPerToken(parameters: number, shape?: { layers: number; dModel: number }, sequenceLength?: number): number {
  const attention = shape && sequenceLength ? 12 * shape.layers * shape.dModel * sequenceLength : 0;
  return 6 * parameters + attention;
}

/** Per-GPU efficiency of data-parallel training over `gpus` GPUs on `nodes` nodes. */
export function scalingEfficiency(gpus: number, nodes: number): number {
  if (gpus <= 1) return 1;
  return nodes > 1 ? SCALING_WITHIN_NODE * SCALING_ACROSS_NODES : SCALING_WITHIN_NODE;
}

function interpolate(xs: number[], ys: number[], x: number): number {
  if (x <= xs[0]) return ys[0];
  for (let i = 1; i < xs.length; i++) {
    if (x <= xs[i]) return ys[i - 1] + ((ys[i] - ys[i - 1]) * (x - xs[i - 1])) / (xs[i] - xs[i - 1]);
  }
  return ys[ys.length - 1];
}

function formatSize(n: number): string {
  return n >= 1e9 ? `${+(n / 1e9).toPrecision(3)}B` : `${+(n / 1e6).toPrecision(3)}M`;
}

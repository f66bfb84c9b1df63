// GPU memory estimates for training and inference: weights + gradients + optimizer state from
// bytes-per-parameter rules (ZeRO paper, Rajbhandari et al. 2020: mixed-precision Adam = (2+2+12)Ψ),
// plus activations from a one-line fit to the project's H100 calibration (2026-11-23; figures in
// test/fixtures/cost/calibration.json). Rough by design: the tests hold it to ±30% of measured peaks.
import type { PrecisionMode, TrainingMode, Offload } from '../types';
import { gpuSpec } from './gpus';

const GIB = 2 ** 30;

/**
 * Share of a GPU's listed memory a job can count on. The calibration peaks are
 * torch.cuda.max_memory_allocated(), which leaves out the CUDA context (~0.5 GiB) and the caching
 * allocator's slack; 90% is our allowance for both (a project decision, not a measurement).
 */
export const USABLE_MEMORY_FRACTION = 0.9;

/**
 * Activations in GiB per token for bf16 autocast training, at 1e9 parameters; they scale with
 * sqrt(parameters). Fitted to (peak - 16 B/param) over tokens in the calibration: GPT-2 124M/355M/
 * 774M at 8 x 1024 and Llama-shaped 1.1B at 4 x 2048 gave 2.43, 2.22, 2.22, 2.22 e-3 GiB per token
 * per sqrt(B params); 2.27e-3 is their geometric mean. The batch sweep (124M, batch 1-32) confirmed
 * activations grow linearly with tokens.
 */
const ACT_GIB_PER_TOKEN_AT_1B = 2.27e-3;
/** fp32 activations over bf16 autocast ones, same models: 1.25 / 1.43 / 1.52 (calibration). */
const FP32_ACTIVATION_FACTOR = 1.4;
/** LoRA over full fine-tuning activations: 15.7 / 19.0 GiB on the 1.1B run (calibration). */
const FROZEN_BASE_ACTIVATION_FACTOR = 0.83;
/** Activation checkpointing kept 22% (774M) and 10% (1.1B) of activations; we use the larger. */
const CHECKPOINTED_ACTIVATION_FACTOR = 0.22;
/** Trainable share of a LoRA/head-only run when unknown: r=16 on q,k,v,o was 0.41% of a 1.1B model. */
export const ADAPTER_SHARE = 0.005;
/** QLoRA base: NF4 4 bits + double-quantised constants (~0.13 bit) = 0.52 B/param (Dettmers et al.
 *  2023), rounded up for the embeddings and norms left in 16 bit. */
const QLORA_BASE_BYTES = 0.6;

export const DEFAULT_MICRO_BATCH = 8;
export const DEFAULT_SEQUENCE_LENGTH = 1024;

export interface TrainingMemoryInput {
  parameters: number;
  trainingMode?: TrainingMode;
  precision?: PrecisionMode;
  /** 8-bit Adam (bitsandbytes): 2 B of moments per parameter instead of 8. */
  optimizer8bit?: boolean;
  /** Per-device micro-batch (samples). */
  microBatch?: number;
  /** Tokens per sample. */
  sequenceLength?: number;
  gpuCount?: number;
  /** DeepSpeed ZeRO stage: 1 shards optimizer state, 2 also gradients, 3 also weights. */
  zeroStage?: 0 | 1 | 2 | 3;
  /** FSDP full sharding: same as ZeRO-3. */
  sharded?: boolean;
  /** ZeRO-Offload: what lives in CPU memory instead of the GPU's. */
  offload?: Offload;
  activationCheckpointing?: boolean;
}

export interface TrainingMemoryEstimate {
  /** Summed over all GPUs. Equals perGpuGiB on one GPU. */
  totalGiB: number;
  /** What each GPU must hold. */
  perGpuGiB: number;
  /** Weights + gradients + optimizer state for the whole model, before sharding. */
  weightsOptimizerGiB: number;
  /** The part of weightsOptimizerGiB that is split across GPUs (ZeRO / FSDP); 0 when not sharded. */
  shardedGiB: number;
  /** Per GPU (the micro-batch is per device). */
  activationsGiB: number;
  gpuCount: number;
  basis: string[];
}

interface StateBytes {
  weights: number;
  grads: number;
  optimizer: number;
  /** Trainable parameters (all of them, or the adapter). */
  trainable: number;
  label: string;
}

function isFp32(p: PrecisionMode | undefined): boolean {
  return p === 'fp32' || p === 'tf32';
}

function stateBytes(input: TrainingMemoryInput): StateBytes {
  const n = input.parameters;
  const mode = input.trainingMode ?? 'full';
  const fp32 = isFp32(input.precision);
  const moments = input.optimizer8bit ? 2 : 8;
  const adam = input.optimizer8bit ? '8-bit Adam moments 2' : 'Adam moments 8';
  if (mode === 'full') {
    // fp32: weights 4 + grads 4 + moments 8. Mixed: bf16 weights 2 + grads 2 + fp32 master 4 + moments 8.
    return fp32
      ? { weights: 4 * n, grads: 4 * n, optimizer: moments * n, trainable: n, label: `fp32 AdamW: weights 4 + grads 4 + ${adam} B/param` }
      : { weights: 2 * n, grads: 2 * n, optimizer: (4 + moments) * n, trainable: n, label: `mixed-precision AdamW: weights 2 + grads 2 + fp32 master 4 + ${adam} B/param (ZeRO paper (2+2+12)Ψ)` };
  }
  const base = mode === 'qlora' ? QLORA_BASE_BYTES : fp32 ? 4 : 2;
  const trainable = ADAPTER_SHARE * n;
  // Trainable adapter/head in fp32 with AdamW: weights 4 + grads 4 + moments.
  return {
    weights: base * n + 4 * trainable,
    grads: 4 * trainable,
    optimizer: moments * trainable,
    trainable,
    label: `${mode}: frozen base ${base} B/param + trainable ${ADAPTER_SHARE * 100}% of parameters (assumed) at ${8 + moments} B/param`,
  };
}

/** Memory to train a model of `parameters` parameters, per GPU and in total. */
export function estimateTrainingMemory(input: TrainingMemoryInput): TrainingMemoryEstimate {
  const basis: string[] = [];
  const gpuCount = Math.max(1, Math.floor(input.gpuCount ?? 1));
  const mode = input.trainingMode ?? 'full';
  if (input.precision === undefined || input.precision === 'dynamic') basis.push('precision unknown: assumed bf16 mixed precision');
  const s = stateBytes(input);
  basis.push(s.label);

  // ZeRO-Offload keeps the fp32 master weights, Adam moments and gradients in CPU memory (Ren et al.
  // 2021); with offload_param the 16-bit weights too, streamed in layer by layer (ZeRO-Infinity).
  const off = input.offload;
  const weights = off === 'optimizer+parameters' ? 0 : s.weights;
  const grads = off ? 0 : s.grads;
  const optimizer = off ? 0 : s.optimizer;
  if (off) basis.push(`ZeRO-Offload: ${off === 'optimizer+parameters' ? 'weights, gradients and optimizer state' : 'gradients and optimizer state'} in CPU memory, not on the GPU`);
  const stage = input.sharded ? 3 : (input.zeroStage ?? 0);
  const sharded = stage >= 3 ? weights + grads + optimizer : stage === 2 ? grads + optimizer : stage === 1 ? optimizer : 0;
  if (stage > 0) basis.push(`ZeRO stage ${stage}${input.sharded ? ' (FSDP full shard)' : ''}: ${stage >= 3 ? 'weights, gradients and optimizer state' : stage === 2 ? 'gradients and optimizer state' : 'optimizer state'} split over ${gpuCount} GPU(s)`);

  const microBatch = input.microBatch ?? DEFAULT_MICRO_BATCH;
  const seq = input.sequenceLength ?? DEFAULT_SEQUENCE_LENGTH;
  if (input.microBatch === undefined || input.sequenceLength === undefined) {
    basis.push(`batch not known: assumed ${input.microBatch === undefined ? `micro-batch ${DEFAULT_MICRO_BATCH}` : `micro-batch ${microBatch}`} x ${input.sequenceLength === undefined ? `${DEFAULT_SEQUENCE_LENGTH} tokens (default)` : `${seq} tokens`}`);
  }
  let act = ACT_GIB_PER_TOKEN_AT_1B * Math.sqrt(input.parameters / 1e9) * microBatch * seq;
  let actBasis = `activations ≈ ${(ACT_GIB_PER_TOKEN_AT_1B * 1024).toFixed(2)} MiB/token x sqrt(params/1e9) x ${microBatch} x ${seq} tokens (fit to H100 calibration)`;
  if (isFp32(input.precision)) (act *= FP32_ACTIVATION_FACTOR), (actBasis += `, x${FP32_ACTIVATION_FACTOR} for fp32`);
  if (mode !== 'full') (act *= FROZEN_BASE_ACTIVATION_FACTOR), (actBasis += `, x${FROZEN_BASE_ACTIVATION_FACTOR} for a frozen base (LoRA calibration; an upper bound for frozen-backbone)`);
  if (input.activationCheckpointing) (act *= CHECKPOINTED_ACTIVATION_FACTOR), (actBasis += `, x${CHECKPOINTED_ACTIVATION_FACTOR} with activation checkpointing`);
  basis.push(actBasis);

  const weightsOptimizerGiB = (weights + grads + optimizer) / GIB;
  const shardedGiB = sharded / GIB;
  const activationsGiB = act;
  const perGpuGiB = weightsOptimizerGiB - shardedGiB + shardedGiB / gpuCount + activationsGiB;
  const totalGiB = (weightsOptimizerGiB - shardedGiB + activationsGiB) * gpuCount + shardedGiB;
  return { totalGiB, perGpuGiB, weightsOptimizerGiB, shardedGiB, activationsGiB, gpuCount, basis };
}

export interface InferenceMemoryEstimate {
  totalGiB: number;
  weightsGiB: number;
  basis: string[];
}

/** Bytes per parameter for serving: fp32 4, bf16/fp16 2, int8 1, int4 0.5 (cost-model.md). */
export const INFERENCE_BYTES = { fp32: 4, bf16: 2, fp16: 2, int8: 1, int4: 0.5 } as const;

/** Weights plus ~20% runtime overhead (cost-model.md); the KV cache is extra and not included. */
export function estimateInferenceMemory(parameters: number, bytesPerParam: number): InferenceMemoryEstimate {
  const weightsGiB = (parameters * bytesPerParam) / GIB;
  return {
    weightsGiB,
    totalGiB: weightsGiB * 1.2,
    basis: [`weights ${bytesPerParam} B/param + 20% overhead; KV cache not included`],
  };
}

/**
 * Whether the estimate fits `count` GPUs (default: the estimate's own count) of a kind given by
 * name, by memory in GiB, or by a catalog row's `gpuMemoryGiB`. Sharded state is re-split over
 * `count`. Undefined when the GPU is unknown.
 */
export function fits(
  estimate: TrainingMemoryEstimate | InferenceMemoryEstimate,
  gpu: string | number | { gpuMemoryGiB?: number },
  count?: number,
): boolean | undefined {
  const memory = typeof gpu === 'number' ? gpu : typeof gpu === 'string' ? gpuSpec(gpu)?.memoryGiB : gpu.gpuMemoryGiB;
  if (memory === undefined) return undefined;
  const n = Math.max(1, count ?? ('gpuCount' in estimate ? estimate.gpuCount : 1));
  const perGpu =
    'shardedGiB' in estimate
      ? estimate.weightsOptimizerGiB - estimate.shardedGiB + estimate.shardedGiB / n + estimate.activationsGiB
      : estimate.totalGiB / n; // inference: assume the weights are split (tensor parallel) when n > 1
  return perGpu <= memory * USABLE_MEMORY_FRACTION;
}

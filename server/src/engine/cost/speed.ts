// Training throughput of one job on one hardware choice: the FLOPs of a token over what the GPUs
// deliver (peak × MFU × data-parallel scaling), with the step-time effects the file states
// (activation checkpointing, torch.compile, QLoRA's dequantisation). Pure; used for the job's own
// estimate and, unchanged, for every row of the hardware options table, so that a comparison of
// two choices uses the same model on both sides.
import type { Job, TrainingMode } from '../types';
import type { Assumption } from './estimateTypes';
import type { GpuSpec } from './gpus';
import { ADAPTER_SHARE } from './memory';
import { dataParallelScaling, flopsPerToken, fp8GemmSpeedup, MFU_SOURCE, modelFlopsUtilisation, peakFor, type ComputeMode } from './mfu';
import type { ModelShape } from './modelShapes';

/** Activation checkpointing re-runs the forward pass: +28% step time measured (774M, 0.120 → 0.154 s;
 *  1.1B: 40,510 → 31,949 tok/s, +27%), mlcost H100 calibration 2026-11-23. */
export const CHECKPOINTING_SLOWDOWN = 1.28;
/** torch.compile: 1.12-1.15x tokens/s measured (124M 1.15, 355M 1.15, 774M 1.12); the lower bound. */
export const COMPILE_SPEEDUP = 1.12;
/** QLoRA dequantises each NF4 weight to bf16 on every pass: read 0.5 B, write 2 B per parameter. */
const DEQUANT_BYTES_PER_PARAM = 2.5;

export interface SpeedInput {
  gpu: GpuSpec;
  mode: ComputeMode;
  parameters: number;
  shape?: ModelShape;
  perDeviceBatch: number;
  sequenceLength: number;
  accumulation: number;
  /** `accumulation` counts the micro-batches of every GPU together (nanoGPT, llm.c's -d, Megatron's global batch). */
  accumulationIsGlobal?: boolean;
  /** All GPUs of the request, and the nodes they span. */
  gpus: number;
  nodes: number;
  trainingMode?: TrainingMode;
  activationCheckpointing?: boolean;
  compiled?: boolean;
  fullySharded?: boolean;
  /** FP8 training (Transformer Engine / torchao float8): the linear layers' GEMMs in fp8. */
  fp8?: boolean;
}

export interface Speed {
  /** All GPUs together. */
  tokensPerSecond: number;
  mfu: number;
  /** Per-GPU data-parallel efficiency, 0-1. */
  scaling: number;
  assumptions: Assumption[];
}

/** The step-time facts of a job, as SpeedInput fields. */
export function stepFacts(job: Job): Pick<SpeedInput, 'accumulation' | 'accumulationIsGlobal' | 'trainingMode' | 'activationCheckpointing' | 'compiled' | 'fullySharded' | 'fp8'> {
  const b = job.batch;
  return {
    fp8: job.precision?.value === 'fp8',
    accumulation: Math.max(1, b?.gradientAccumulation?.value ?? 1),
    accumulationIsGlobal: b?.accumulationIsGlobal?.value === true,
    trainingMode: job.model?.trainingMode?.value,
    activationCheckpointing: b?.activationCheckpointing?.value === true,
    compiled: b?.compiled?.value === true,
    fullySharded: (b?.zeroStage?.value ?? 0) >= 3,
  };
}

export function trainingSpeed(i: SpeedInput): Speed {
  const n = i.parameters;
  const peak = peakFor(i.gpu, i.mode);
  const microTokens = i.perDeviceBatch * i.sequenceLength;
  const mfu = modelFlopsUtilisation(i.mode, n, microTokens, i.gpu);
  const perToken = flopsPerToken(n, i.shape, i.sequenceLength);
  // fp8 speeds up the linear layers' 6·N share only; attention stays at the bf16 rate.
  const fp8 = i.fp8 && i.mode === 'mixed' ? fp8GemmSpeedup(i.gpu) : 1;
  const timedPerToken = perToken - 6 * n + (6 * n) / fp8;
  let microSeconds = (microTokens * timedPerToken) / (peak.tflops * 1e12 * mfu.value);
  const assumptions: Assumption[] = [
    { name: 'peak', value: peak.label, source: { kind: 'catalog', detail: 'GPU spec table: NVIDIA datasheets as tabulated by PyTorch Lightning (_CUDA_FLOPS)' } },
    { name: 'MFU', value: mfu.value.toFixed(3), source: { kind: 'calibration', detail: `${mfu.basis}; ${MFU_SOURCE}` } },
    {
      name: 'FLOPs per token',
      value: i.shape ? `6·N + 6·L·d·T = ${perToken.toExponential(2)}` : `6·N = ${perToken.toExponential(2)} (attention not counted: layers/hidden size unknown)`,
      source: { kind: 'default', reason: '6·N·D training FLOPs (Kaplan et al. 2020) plus causal attention 6·L·d·T per token (the masked half skipped, as FlashAttention and SDPA do)' },
    },
  ];
  if (i.fp8) {
    assumptions.push({
      name: 'fp8',
      value: fp8 > 1 ? `linear layers ×${fp8} faster (attention at the bf16 rate): ×${(perToken / timedPerToken).toFixed(2)} tokens/s` : `no FP8 tensor cores on ${i.gpu.name}: timed as bf16`,
      source: { kind: 'calibration', detail: 'llm-foundry H100 amp_bf16 vs amp_fp8 on the same MPT configs: ×1.27-1.35 tokens/s at seq 512-2048, the GEMMs ×1.29-1.35 once attention is taken out (mosaicml/llm-foundry scripts/train/benchmarking/README.md)' },
    });
  }
  if (i.activationCheckpointing) {
    microSeconds *= CHECKPOINTING_SLOWDOWN;
    assumptions.push({ name: 'activation checkpointing', value: `×${CHECKPOINTING_SLOWDOWN} step time`, source: { kind: 'calibration', detail: 'measured +28% step time (774M, H100) and +27% (1.1B), mlcost calibration 2026-11-23' } });
  }
  if (i.compiled) {
    microSeconds /= COMPILE_SPEEDUP;
    assumptions.push({ name: 'torch.compile', value: `×${COMPILE_SPEEDUP} tokens/s`, source: { kind: 'calibration', detail: 'measured 1.12-1.15x on GPT-2 124M-774M (H100, bf16); the lower bound' } });
  }
  if (i.trainingMode === 'qlora') {
    const passes = i.activationCheckpointing ? 3 : 2;
    const dequant = (passes * n * DEQUANT_BYTES_PER_PARAM) / (i.gpu.bandwidthGBs * 1e9);
    assumptions.push({
      name: 'QLoRA dequantisation',
      value: `+${((dequant / microSeconds) * 100).toFixed(0)}% step time`,
      source: {
        kind: 'model',
        detail: `NF4 weights dequantised to bf16 on each of ${passes} passes (${DEQUANT_BYTES_PER_PARAM} B/param of memory traffic at ${i.gpu.bandwidthGBs} GB/s); at ordinary batch sizes this is small, as the QLoRA authors state ("roughly on par with 16-bit LoRA", artidoro/qlora#107), and grows at small batches`,
      },
    });
    microSeconds += dequant;
  }
  const gpus = Math.max(1, i.gpus);
  const trainable = i.trainingMode && i.trainingMode !== 'full' ? ADAPTER_SHARE * n : n;
  // A global count is shared out: each GPU accumulates its part of it before the all-reduce.
  const accumulation = i.accumulationIsGlobal ? Math.max(1, i.accumulation / gpus) : i.accumulation;
  const scaling = dataParallelScaling({ gpu: i.gpu, gpus, nodes: i.nodes, trainableParameters: trainable, microStepSeconds: microSeconds, accumulation, fullySharded: i.fullySharded });
  if (gpus > 1) {
    assumptions.push({ name: 'scaling', value: `${(scaling.efficiency * 100).toFixed(0)}% per GPU over ${gpus} GPUs`, source: { kind: 'model', detail: scaling.basis } });
  }
  const tokensPerSecond = (gpus * scaling.efficiency * microTokens) / microSeconds;
  return { tokensPerSecond, mfu: mfu.value, scaling: scaling.efficiency, assumptions };
}

// Model FLOPs utilisation (MFU): the share of a GPU's dense peak a training step achieves. Defaults
// come from the project's H100 calibration (one NVIDIA H100 80GB SXM, PyTorch 2.11 eager + fused
// AdamW, GPT-2-shaped models, 2026-11-23; figures copied in test/fixtures/cost/calibration.json,
// `throughput` and `batchSweep`). One run each: the numbers are evidence, not constants.
import type { PrecisionMode } from '../types';
import type { GpuSpec } from './gpus';

export const MFU_SOURCE = 'mlcost H100 calibration, 2026-11-23 (GPT-2 124M-774M, eager PyTorch)';

/** Calibration model sizes (total parameters, embeddings included), and their layers × width (GPT-2 configs). */
const SIZES = [124475904, 354871296, 774090240];
const SIZE_SHAPES = [{ layers: 12, dModel: 768 }, { layers: 24, dModel: 1024 }, { layers: 36, dModel: 1280 }];
const CALIBRATION_SEQUENCE = 1024;

/**
 * The calibration's MFU figures (and llm-foundry's) count attention as 12·L·d·T FLOPs per token;
 * flopsPerToken counts the 6·L·d·T a causal kernel computes. Re-expressed here so that the time
 * model reproduces the measured tokens/s exactly: MFU × (6N + 6LdT) / (6N + 12LdT).
 */
function causalMfu(mfu: number, parameters: number, shape: { layers: number; dModel: number }, sequenceLength: number): number {
  const attention = 6 * shape.layers * shape.dModel * sequenceLength;
  return (mfu * (6 * parameters + attention)) / (6 * parameters + 2 * attention);
}
const rescaled = (measured: number[]) => measured.map((m, i) => causalMfu(m, SIZES[i], SIZE_SHAPES[i], CALIBRATION_SEQUENCE));

/** bf16 autocast tokens/s × FLOPs per token (full attention) / bf16 peak, batch 8 × 1024: 0.241 / 0.320 / 0.357. */
const MIXED_MEASURED = [0.241, 0.3198, 0.357];
const MIXED_MFU = rescaled(MIXED_MEASURED);
/**
 * Mixed precision keeps gaining past our largest calibration size: wider layers fill the tensor
 * cores better. llm-foundry's H100 bf16 table (mosaicml/llm-foundry
 * scripts/train/benchmarking/README.md, commit 061f2c7; same code, seq 2048, no activation
 * checkpointing) has MPT-760M at MFU 34.9 / 37.9 / 37.6% (8 / 16 / 32 GPUs, median 37.6%) and
 * MPT-7B at 46.4% (8 GPUs): ×1.24 from 760M to 7B (×1.30 with attention counted causally, MPT-760M
 * 24 × 1536, MPT-7B 32 × 4096 from the llm-foundry yamls). The A100-80GB rows rise less (56.9% →
 * 64.2%, ×1.13); there the MFU cap (MAX_MFU) binds first. Applied log-linearly from 774M to 7B,
 * flat above (the 13B-70B rows sit at 40-44%, not higher).
 */
const LARGE_SIZE = 7e9;
const LARGE_SIZE_GAIN =
  causalMfu(0.4644, 6658859008, { layers: 32, dModel: 4096 }, 2048) / causalMfu(0.3757, 760470528, { layers: 24, dModel: 1536 }, 2048);
/** Strict fp32 (TF32 matmuls off, PyTorch's default) against the fp32 peak: 0.657 / 0.705 / 0.686. */
const FP32_EFFICIENCY = rescaled([0.657, 0.7053, 0.6856]);
/** TF32 matmuls against the TF32 peak: 0.242 / 0.287 / 0.306. */
const TF32_MFU = rescaled([0.2423, 0.2868, 0.3064]);
/** Tokens per micro-batch (batch × 1024) and bf16 MFU of the 124M model, batch 1..32. */
const SWEEP_TOKENS = [1024, 2048, 4096, 8192, 16384, 32768];
const SWEEP_MFU = [0.0459, 0.0789, 0.154, 0.241, 0.2705, 0.2893];
const SWEEP_REFERENCE_MFU = 0.241; // batch 8, where the size points were measured
const SWEEP_REFERENCE_TOKENS = 8192;

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
 * - Size: piecewise linear in log(parameters) through the three calibration sizes; in mixed
 *   precision rising on to ×1.30 at 7B (LARGE_SIZE_GAIN, llm-foundry) and flat beyond; fp32/TF32
 *   held flat outside the calibration.
 * - Batch (mixed precision only): the 124M batch sweep, read at the micro-batch's work relative to
 *   124M (tokens × parameters / 124M), as a factor of the batch-8 MFU. Larger models were measured
 *   only at batch 8, so for them the factor is capped at 1 (no speed is claimed that was not seen).
 *   fp32/TF32 are compute-bound at their lower peaks; the batch effect was not measured for them.
 */
export function modelFlopsUtilisation(mode: ComputeMode, parameters: number, tokensPerMicroBatch: number, gpu?: GpuSpec): Mfu {
  const h100 = h100Mfu(mode, parameters, tokensPerMicroBatch);
  const g = gpu ? generationFactor(gpu, mode) : undefined;
  if (!g || g.factor === 1) return h100;
  const value = Math.min(MAX_MFU, h100.value * g.factor);
  return { value, basis: `${h100.basis}; ×${g.factor.toFixed(2)} for ${gpu!.name} (${g.basis})${value === MAX_MFU ? `, capped at ${MAX_MFU}` : ''}` };
}

/** No dense training run we know of sustains more (llm-foundry's best A100 rows: 0.60-0.64). */
const MAX_MFU = 0.6;
const H100_BANDWIDTH_GBS = 3350;

/**
 * How a GPU's MFU compares with the calibrated H100's, for the same model and batch. Derived, not
 * measured per GPU: sqrt of (memory bandwidth / peak) relative to the H100's. A GPU that feeds its
 * tensor cores from relatively more memory bandwidth keeps them busier. The rule reproduces the one
 * cross-GPU comparison we have from a single software stack: llm-foundry's benchmark tables
 * (mosaicml/llm-foundry scripts/train/benchmarking/README.md, commit 061f2c7) measured A100-80GB
 * MFU 1.2-1.4x (median ≈1.4x) the H100's on the same 760M-7B configurations (e.g. 1B at 2048:
 * 0.599 vs 0.418; 7B: 0.642 vs 0.464); the rule gives 1.39x. Strict fp32 runs on the SIMT units at
 * 0.66-0.71 of their peak on the H100 and gets no factor.
 */
export function generationFactor(gpu: GpuSpec, mode: ComputeMode): { factor: number; basis: string } {
  if (mode === 'fp32' || gpu.name === 'H100') return { factor: 1, basis: 'measured on H100' };
  const h100 = mode === 'tf32' ? 494.7 : 989.4;
  const peak = peakFor(gpu, mode).tflops;
  const ratio = gpu.bandwidthGBs / peak / (H100_BANDWIDTH_GBS / h100);
  const derived = Math.min(1.6, Math.max(0.6, Math.sqrt(ratio)));
  const basis = `sqrt of its bandwidth/peak (${gpu.bandwidthGBs} GB/s / ${peak} TFLOP/s) over the H100's; checked against llm-foundry's A100 vs H100 tables`;
  if (!preAmpere(gpu)) return { factor: derived, basis };
  return { factor: derived * PRE_AMPERE_UTILISATION, basis: `${basis}; ×${PRE_AMPERE_UTILISATION} for pre-Ampere tensor cores (Megatron-LM: 30% of peak on V100 vs 44% on A100, same code)` };
}

/**
 * First- and second-generation tensor cores (Volta V100, Turing T4) are fed from smaller caches
 * without Ampere's asynchronous copies, and reach a smaller share of their peak than the bandwidth
 * rule says. The same code base measured both: Megatron-LM sustained 39 TFLOP/s on one V100, "30%
 * of peak" (Shoeybi et al. 2019, 1.2B baseline), and 137 TFLOP/s, 44% of peak, on A100s at 1.7B
 * (Narayanan et al. 2021, Table 1), both counting the same FLOPs: V100 utilisation = 0.68 × A100's.
 * With the bandwidth rule's 1.39 for the A100-80GB and 1.46 for the V100, 0.68 × 1.39 / 1.46 =
 * 0.65. Turing has no such measurement; it shares Volta's tensor-core design and gets the same.
 */
const PRE_AMPERE_UTILISATION = 0.65;

function preAmpere(gpu: GpuSpec): boolean {
  return gpu.tensorCores && !gpu.bf16;
}

function h100Mfu(mode: ComputeMode, parameters: number, tokensPerMicroBatch: number): Mfu {
  const table = mode === 'fp32' ? FP32_EFFICIENCY : mode === 'tf32' ? TF32_MFU : MIXED_MFU;
  const sizes = mode === 'mixed' ? [...SIZES, LARGE_SIZE] : SIZES;
  const values = mode === 'mixed' ? [...table, table[table.length - 1] * LARGE_SIZE_GAIN] : table;
  const base = interpolate(sizes.map(Math.log), values, Math.log(parameters));
  const what = mode === 'fp32' ? 'fp32 efficiency' : mode === 'tf32' ? 'TF32 MFU' : 'bf16 MFU';
  const beyond = mode === 'mixed' && parameters > SIZES[SIZES.length - 1]
    ? `; above 774M rising to ×${LARGE_SIZE_GAIN.toFixed(2)} at 7B and flat beyond (llm-foundry H100 bf16 tables, MPT-760M → 7B)`
    : '';
  const sizeBasis = `${what} ${base.toFixed(2)} at ${formatSize(parameters)} (measured ${table.map((x) => x.toFixed(2)).join('/')} at 124M/355M/774M, batch 8×1024, attention counted causally${beyond || ', held flat outside'})`;
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

/**
 * Training FLOPs per token: 6·N (Kaplan et al. 2020), plus attention when the shape is known:
 * 6·L·d·T, half the 12·L·d·T of a full score matrix, because causal attention kernels
 * (FlashAttention, PyTorch SDPA with is_causal) skip the masked half (FlashAttention-2, Dao 2023,
 * §4.1, counts causal FLOPs as half). NVIDIA's Megatron-Bridge tables count it the same way: Llama
 * 3.1 405B at 292 tok/s/GPU × (6 × 403.7e9 non-embedding + 6·126·16384·8192) = 737 TFLOP/s/GPU,
 * as published (docs/performance-summary.md, 25.11, DGX-H100). Encoders (BERT) attend both ways: 12·L·d·T.
 */
export function flopsPerToken(parameters: number, shape?: { layers: number; dModel: number; bidirectional?: boolean }, sequenceLength?: number): number {
  const attention = shape && sequenceLength ? (shape.bidirectional ? 12 : 6) * shape.layers * shape.dModel * sequenceLength : 0;
  return 6 * parameters + attention;
}

/**
 * FP8 training (Transformer Engine, torchao float8) runs the linear layers' GEMMs on the FP8 tensor
 * cores; attention, norms and the optimizer stay in bf16. llm-foundry measured the same MPT configs in amp_bf16 and amp_fp8
 * on 8 H100s (scripts/train/benchmarking/README.md, commit 061f2c7): 3B at seq 512 27,965 → 36,527
 * tok/s/GPU (×1.31), 3B at 2048 24,142 → 30,586 (×1.27), 1B at 512 52,275 → 70,315 (×1.35), and
 * less at long sequences where attention dominates (3B at 8192 ×1.15, at 32768 ×1.00). Taking out
 * each row's attention share (6·L·d·T of the FLOPs, MPT-1B 24 × 2048, MPT-3B 32 × 2560) leaves the
 * GEMMs ×1.29-1.35 faster; 1.31 is used. Only on GPUs with FP8 tensor cores (Ada, Hopper,
 * Blackwell); elsewhere fp8 falls back to bf16.
 */
export const FP8_GEMM_SPEEDUP = 1.31;

/** How much faster the 6·N (linear-layer) share of a token's FLOPs runs in fp8 on `gpu`; 1 without FP8 tensor cores. */
export function fp8GemmSpeedup(gpu: GpuSpec): number {
  return gpu.peakTflops.fp8 ? FP8_GEMM_SPEEDUP : 1;
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

// ---- Data-parallel scaling ---------------------------------------------------------------------

/**
 * All-reduce bus bandwidth per GPU, GB/s: NVLink's per-direction rate from NVIDIA datasheets (V100
 * 150, A100 300, H100/H200 450, B200 900) and PCIe x16 (Gen3 16, Gen4 32 GB/s per direction), each
 * times ACHIEVED_LINK_SHARE; across nodes crossNodeBandwidth(). Project assumptions, stated with every
 * multi-GPU estimate.
 */
const NVLINK_GBS: Record<string, number> = { V100: 150, 'V100-32GB': 150, 'A100-40GB': 300, 'A100-80GB': 300, H100: 450, H200: 450, GH200: 450, B200: 900 };
const PCIE_GEN3 = new Set(['T4', 'V100', 'V100-32GB', 'K80', 'P100']);
const ACHIEVED_LINK_SHARE = 0.7;
/** 200 Gb/s between nodes, the default for GPUs whose multi-node instances we have no figure for (plain VMs often 100 or less). */
export const CROSS_NODE_GBS = 25;
/**
 * Node-to-node network of the instances that carry multi-node jobs of a GPU, Gb/s per node: H100/
 * H200 instances ship 3,200 Gb/s (AWS p5.48xlarge / p5e 3,200 Gbps EFA; Azure ND H100 v5 8 × 400
 * Gb/s InfiniBand; GCP a3-ultra 3,200 Gbps; GB200/B200 systems the same or more), A100 ones 400
 * Gb/s (AWS p4d.24xlarge 400 Gbps EFA; Azure ND A100 v4 has 1,600, GCP a2 100). NCCL stripes its
 * rings over all of a node's NICs, so the node's aggregate is the all-reduce's bus bandwidth across
 * nodes; ACHIEVED_LINK_SHARE of it is taken.
 */
const CROSS_NODE_GBPS: Record<string, number> = { H100: 3200, H200: 3200, GH200: 3200, B200: 3200, 'A100-80GB': 400, 'A100-40GB': 400 };

/** Effective GB/s between the nodes of a multi-node job on `gpu`. */
export function crossNodeBandwidth(gpu: GpuSpec): number {
  const gbps = CROSS_NODE_GBPS[gpu.name];
  return gbps ? (gbps / 8) * ACHIEVED_LINK_SHARE : CROSS_NODE_GBS;
}

export interface ScalingInput {
  gpu: GpuSpec;
  gpus: number;
  nodes: number;
  /** Parameters whose gradients are all-reduced (all, or the adapter's). */
  trainableParameters: number;
  /** Seconds of compute for one micro-batch on one GPU. */
  microStepSeconds: number;
  accumulation: number;
  /** ZeRO-3 / FSDP full shard: 1.5x the data-parallel traffic (ZeRO paper, Rajbhandari et al. 2020, §7). */
  fullySharded?: boolean;
}

export interface Scaling {
  /** Per-GPU efficiency, 0-1. */
  efficiency: number;
  basis: string;
}

/**
 * Per-GPU efficiency of data-parallel training. Every optimizer step all-reduces the gradients
 * (fp32 under autocast, 4 B per trainable parameter): a ring moves 2·(g−1)/g of them through each
 * GPU's link. PyTorch DDP overlaps that with the backward pass (Li et al. 2020, "PyTorch
 * Distributed", VLDB), which is 2/3 of a micro-batch's compute (4N of 6N FLOPs per token), so only
 * the excess shows. Gradient accumulation runs `accumulation` micro-batches per all-reduce, so it
 * amortises the traffic. Small models at small batches on many GPUs, and any job across nodes or on
 * PCIe-only GPUs, lose efficiency; big batches hide the traffic.
 */
export function dataParallelScaling(i: ScalingInput): Scaling {
  const g = Math.max(1, i.gpus);
  if (g <= 1) return { efficiency: 1, basis: 'one GPU' };
  const linkName = i.nodes > 1 ? 'network' : i.gpu.link === 'nvlink' && NVLINK_GBS[i.gpu.name] ? 'NVLink' : `PCIe Gen${PCIE_GEN3.has(i.gpu.name) ? 3 : 4}`;
  const link = i.nodes > 1
    ? crossNodeBandwidth(i.gpu)
    : (i.gpu.link === 'nvlink' && NVLINK_GBS[i.gpu.name] ? NVLINK_GBS[i.gpu.name] : PCIE_GEN3.has(i.gpu.name) ? 16 : 32) * ACHIEVED_LINK_SHARE;
  const bytes = 4 * i.trainableParameters * (i.fullySharded ? 1.5 : 1);
  const comm = (2 * (g - 1) / g) * bytes / (link * 1e9);
  const step = i.microStepSeconds * Math.max(1, i.accumulation);
  const exposed = Math.max(0, comm - (2 / 3) * i.microStepSeconds);
  const efficiency = step / (step + exposed);
  const basis =
    `all-reduce of ${(bytes / 1e9).toFixed(2)} GB of gradients${i.fullySharded ? ' (×1.5 for ZeRO-3/FSDP)' : ''} over ${linkName} at ≈${Math.round(link)} GB/s: ` +
    `${(comm * 1000).toFixed(1)} ms per step against ${(step * 1000).toFixed(0)} ms of compute${i.accumulation > 1 ? ` (${i.accumulation} accumulated micro-batches)` : ''}, overlapped with the backward pass`;
  return { efficiency, basis };
}

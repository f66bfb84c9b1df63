// Time of a run whose work is counted in training FLOPs (image/audio models, work.ts → exampleFlops.ts):
//   hours = FLOPs / (GPUs × scaling × peak × MFU) / 3600
// MFU, H100-class GPUs: 0.071, measured (mlcost calibration 2026-11-23: ResNet-50, bf16, batch 64,
// data already on the GPU, 2,852 images/s × 24.5 GFLOPs / 989.4 TFLOP/s). Other GPUs: 0.20, from
// NVIDIA's ResNet-50 v1.5 figure of about 2,500 images/s in mixed precision on one A100 (NVIDIA
// DeepLearningExamples, PyTorch ResNet50 v1.5 performance table): 2,500 × 24.5 GFLOPs / 312
// TFLOP/s. Convolutional nets do not keep up with the H100's peak; both figures are about the
// same images/s. Applied to every image/audio architecture: an assumption beyond ResNet-50.
// Input pipelines are not counted: with 8 CPU loader workers resizing per sample the same H100
// trained 1,214 images/s (43% of the compute bound).
import type { Assumption } from './estimateTypes';
import type { GpuSpec } from './gpus';
import { peakFor, type ComputeMode } from './mfu';

/**
 * Data-parallel efficiency for image/audio models: their gradient volume per step is not known
 * here, so the flat assumption stands (95% per GPU in a node, ×0.9 across nodes), stated as such.
 */
function scalingEfficiency(gpus: number, nodes: number): number {
  if (gpus <= 1) return 1;
  return nodes > 1 ? 0.95 * 0.9 : 0.95;
}

const H100_CLASS = new Set(['H100', 'H200', 'GH200']);
const MEASURED = { mfu: 0.071, basis: 'image/audio models on H100-class GPUs: ResNet-50 bf16 batch 64, data on the GPU, 2,852 images/s measured (mlcost calibration 2026-11-23) = 2,852 × 24.5 GFLOPs / 989.4 TFLOP/s ≈ 0.071; assumed for other architectures; data loading not counted' };
const VENDOR = { mfu: 0.2, basis: 'image/audio models: ResNet-50 v1.5 mixed precision ≈ 2,500 images/s on one A100 (NVIDIA DeepLearningExamples) = 2,500 × 24.5 GFLOPs / 312 TFLOP/s ≈ 0.20; assumed for other GPUs and architectures; data loading not counted' };

/**
 * Strict fp32 does not run on the tensor cores: its peak is the SIMT units', which eager PyTorch kept
 * 66-71% busy in the H100 calibration (GPT-2 124M/355M/774M: 0.657 / 0.705 / 0.686 of the fp32 peak,
 * mlcost calibration 2026-11-23, `throughput`). The image figures above are tensor-core (mixed
 * precision) utilisations, so they do not carry over to an fp32 peak. Assumed for convolutions
 * (cuDNN) as for matmuls; not measured on an image model.
 */
const FP32 = { mfu: 0.686, basis: 'strict fp32 runs on the SIMT units: 0.66-0.71 of the fp32 peak measured (mlcost H100 calibration 2026-11-23, GPT-2 124M-774M, median 0.686); assumed for image/audio models, not measured on one; data loading not counted' };

export function exampleMfu(spec: GpuSpec, mode: ComputeMode = 'mixed'): { mfu: number; basis: string } {
  // TF32 on a GPU without it computes in fp32 on the same SIMT units (peakFor).
  if (mode === 'fp32' || (mode === 'tf32' && !spec.peakTflops.tf32)) return FP32;
  return H100_CLASS.has(spec.name) ? MEASURED : VENDOR;
}

/**
 * Least time of one training step in eager PyTorch, however little it computes: the kernels are
 * launched from the CPU one by one. The H100 calibration's GPT-2 124M (12 blocks, fused AdamW) took
 * 19.4 / 22.6 / 23.1 ms per step at batch 1 / 2 / 4 × 1024 tokens, where its batch-32 rate gives
 * 3 / 6 / 12 ms of compute (mlcost calibration 2026-11-23, batch sweep). Small images (CIFAR, MNIST)
 * on a ResNet hit this floor long before the FLOPs bound.
 */
export const STEP_FLOOR_S = 0.019;
const STEP_FLOOR_BASIS = 'eager PyTorch launches each kernel from the CPU: the H100 calibration\'s GPT-2 124M steps took 19.4-23.1 ms at batch 1-4 against 3-12 ms of compute (mlcost calibration 2026-11-23, batch sweep)';

/**
 * PyTorch runs cuDNN convolutions in TF32 on GPUs that have it unless told not to
 * (`torch.backends.cudnn.allow_tf32` defaults to True; matmuls default to strict fp32): an "fp32"
 * convolutional net computes on the tensor cores in TF32 there.
 */
const CONV_TF32 = 'PyTorch runs cuDNN convolutions in TF32 by default on GPUs that have it (torch.backends.cudnn.allow_tf32 = True; PyTorch docs, CUDA semantics, "TensorFloat-32 (TF32) on Ampere (and later) devices")';

export function hoursForFlops(flops: number, spec: GpuSpec, asked: ComputeMode, gpus: number, nodes: number, microSteps?: number, convolutional = false): { hours: number; assumptions: Assumption[] } {
  const convTf32 = asked === 'fp32' && convolutional && spec.peakTflops.tf32 !== undefined;
  const mode: ComputeMode = convTf32 ? 'tf32' : asked;
  const peak = peakFor(spec, mode);
  const n = Math.max(1, gpus);
  const scaling = scalingEfficiency(n, nodes);
  const m = exampleMfu(spec, mode);
  const perSecond = n * scaling * peak.tflops * 1e12 * m.mfu;
  const computeSeconds = flops / perSecond;
  const floorSeconds = microSteps !== undefined ? microSteps * STEP_FLOOR_S : 0;
  const floor: Assumption[] =
    floorSeconds > computeSeconds
      ? [{ name: 'step time', value: `at least ${STEP_FLOOR_S * 1000} ms × ${Math.round(microSteps!).toLocaleString('en-US')} steps per GPU = ${(floorSeconds / 3600).toFixed(2)} h (the FLOPs alone: ${(computeSeconds / 3600).toFixed(2)} h)`, source: { kind: 'calibration', detail: STEP_FLOOR_BASIS } }]
      : [];
  return {
    hours: Math.max(computeSeconds, floorSeconds) / 3600,
    assumptions: [
      ...floor,
      ...(convTf32 ? [{ name: 'convolutions', value: 'TF32 (fp32 asked)', source: { kind: 'default' as const, reason: CONV_TF32 } }] : []),
      { name: 'peak', value: peak.label, source: { kind: 'catalog', detail: 'GPU spec table: NVIDIA datasheets as tabulated by PyTorch Lightning (_CUDA_FLOPS)' } },
      { name: 'MFU', value: m.mfu.toFixed(3), source: { kind: 'calibration', detail: m.basis } },
      ...(n > 1 ? [{ name: 'scaling', value: `${(scaling * 100).toFixed(0)}% per GPU over ${n} GPUs`, source: { kind: 'default' as const, reason: 'mlcost assumption (not measured): data parallel' } }] : []),
    ],
  };
}

// GPU reference data. Peak dense TFLOP/s and memory from NVIDIA datasheets as tabulated by
// PyTorch Lightning (lightning/fabric/utilities/throughput.py, _CUDA_FLOPS) and
// glennklockwood.com's processor notes; copied from the project's reference notes
// (shared/reference/cost-model.md, 2026-11). Sparse figures are 2x these and are not used.
// GH200 and A6000 were added for the price catalog's Lambda rows: GH200 carries an H100 with 96 GB
// HBM3 (NVIDIA GH200 datasheet; same dense peaks as H100 SXM); RTX A6000 per the NVIDIA RTX A6000
// datasheet (48 GB GDDR6, FP32 38.7, tensor TF32 154.8 / FP16-BF16 309.7 sparse, halved here;
// re-checked 2026-12: 154.8 TFLOP/s dense FP16/BF16, as in Microway's Ampere comparison).
// Memory is the marketed GB converted to GiB (conservative: cards expose slightly more).
// Memory bandwidth (GB/s) and the GPU-to-GPU link per the same NVIDIA datasheets (SXM figures for
// H100/A100/V100, the parts cloud 8-GPU instances carry); the throughput model uses them for the
// MFU of GPUs other than the calibrated H100 and for data-parallel communication (mfu.ts).

export interface GpuSpec {
  /** Canonical name used across the engine and the price catalog. */
  name: string;
  memoryGiB: number;
  peakTflops: { fp32: number; tf32?: number; bf16?: number; fp16: number; fp8?: number };
  bf16: boolean;
  /** Tensor cores that speed up mixed precision (all but pre-Volta parts). */
  tensorCores: boolean;
  /** Memory bandwidth, GB/s (NVIDIA datasheets; SXM parts where there are several). */
  bandwidthGBs: number;
  /** How GPUs of one instance talk: NVLink (SXM boards) or PCIe only. */
  link: 'nvlink' | 'pcie';
}

const GIB_PER_GB = 1e9 / 2 ** 30;

function spec(name: string, memoryGB: number, fp32: number, tf32: number | undefined, half: number, bf16: boolean, bandwidthGBs: number, link: 'nvlink' | 'pcie', fp8?: number): GpuSpec {
  return {
    name,
    memoryGiB: Math.round(memoryGB * GIB_PER_GB * 10) / 10,
    peakTflops: { fp32, tf32, bf16: bf16 ? half : undefined, fp16: half, fp8 },
    bf16,
    tensorCores: true,
    bandwidthGBs,
    link,
  };
}

export const GPUS: readonly GpuSpec[] = [
  spec('H100', 80, 67, 494.7, 989.4, true, 3350, 'nvlink', 1979),
  spec('H200', 141, 67, 494.7, 989.4, true, 4800, 'nvlink', 1979),
  spec('GH200', 96, 67, 494.7, 989.4, true, 4000, 'nvlink', 1979),
  spec('B200', 192, 80, 1100, 2250, true, 8000, 'nvlink', 4500),
  spec('A100-80GB', 80, 19.5, 156, 312, true, 2039, 'nvlink'),
  spec('A100-40GB', 40, 19.5, 156, 312, true, 1555, 'nvlink'),
  spec('L40S', 48, 91.6, 183, 362, true, 864, 'pcie', 733),
  spec('L4', 24, 30.3, 60, 121, true, 300, 'pcie', 242),
  spec('A10G', 24, 31.2, 62.5, 125, true, 600, 'pcie'),
  spec('A10', 24, 31.2, 62.5, 125, true, 600, 'pcie'),
  spec('A6000', 48, 38.7, 77.4, 154.8, true, 768, 'pcie'),
  spec('T4', 16, 8.1, undefined, 65, false, 320, 'pcie'),
  spec('V100-32GB', 32, 15.7, undefined, 125, false, 900, 'nvlink'),
  spec('V100', 16, 15.7, undefined, 125, false, 900, 'nvlink'),
  { name: 'K80', memoryGiB: 11.2, peakTflops: { fp32: 4.1, fp16: 4.1 }, bf16: false, tensorCores: false, bandwidthGBs: 240, link: 'pcie' },
  { name: 'P100', memoryGiB: 14.9, peakTflops: { fp32: 9.3, fp16: 18.7 }, bf16: false, tensorCores: false, bandwidthGBs: 732, link: 'pcie' },
];

const BY_NAME = new Map(GPUS.map((g) => [g.name.toLowerCase(), g]));

// How real files spell GPUs: SkyPilot (A100-80GB, H100-MEGA; bare `A100` is the 40 GB part),
// GKE (nvidia-tesla-a100 = 40 GB, nvidia-a100-80gb, nvidia-h100-80gb, nvidia-h100-mega-80gb),
// NVIDIA GFD labels (NVIDIA-A100-SXM4-80GB), Modal (h100), Lambda instance names (gpu_8x_a100),
// Azure/AWS marketing names. Order matters: GH200 before H200, 80 GB before the bare A100.
// GeForce/Quadro RTX cards are not in the table and stay unknown (undefined).
const ALIASES: [RegExp, string][] = [
  [/gh200/, 'GH200'],
  [/h100/, 'H100'],
  [/h200/, 'H200'],
  [/b200/, 'B200'],
  [/a100($|[^0-9]).*80/, 'A100-80GB'],
  [/a100($|[^0-9])/, 'A100-40GB'],
  [/l40s/, 'L40S'],
  [/(^|[^a-z])l4($|[^0-9a-z])/, 'L4'],
  [/a10g/, 'A10G'],
  [/(^|[^a-z])a10($|[^0-9a-z])/, 'A10'],
  [/(^|[^a-z0-9])a6000/, 'A6000'],
  [/(^|[^a-z])t4($|[^0-9a-z])/, 'T4'],
  [/v100.*32/, 'V100-32GB'],
  [/v100/, 'V100'],
  [/k80/, 'K80'],
  [/p100/, 'P100'],
];

/** Canonical GPU name for a spelling found in a file, or undefined when it is no GPU we know. */
export function normaliseGpuName(raw: string): string | undefined {
  const s = raw.trim().toLowerCase();
  if (!s) return undefined;
  if (BY_NAME.has(s)) return BY_NAME.get(s)!.name;
  for (const [re, name] of ALIASES) if (re.test(s)) return name;
  return undefined;
}

export function gpuSpec(name: string): GpuSpec | undefined {
  const canonical = normaliseGpuName(name);
  return canonical ? BY_NAME.get(canonical.toLowerCase()) : undefined;
}

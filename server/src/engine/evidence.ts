// Measured figures that rule messages cite. Each comes from the project's H100 calibration run
// (NVIDIA H100 80GB SXM, PyTorch 2.11 + CUDA 13, 2026-11-23; scripts and raw JSON in the team's
// shared calibration folder, copied into test/fixtures/cost/ where tests check them).
// One run each: the ratios are evidence, not constants.

export const CALIBRATION_SOURCE = 'mlcost H100 calibration, 2026-11-23';

export const PRECISION = {
  /** bf16 autocast vs strict fp32 tokens/s, GPT-2 124M / 355M / 774M at batch 8 x 1024. */
  bf16OverFp32: [5.4, 6.7, 7.7],
  /** fp16 autocast + GradScaler vs strict fp32 (262,747 / 124,881 / 65,149 vs 51,179 / 19,437 / 8,816 tok/s). */
  fp16OverFp32: [5.1, 6.4, 7.4],
  /** bf16 autocast vs TF32, same models. */
  bf16OverTf32: [2.0, 2.2, 2.3],
} as const;

export const CHECKPOINT = {
  /** 355M model + AdamW state, torch.save to local NVMe. */
  sizeGB: 4.26,
  /** The model it was measured on. */
  parameters: 355e6,
  saveSeconds: 5.3,
  /** Share of run time at one save per 30 minutes. */
  overheadAt30Min: 0.003,
} as const;

export const BATCH = {
  /** bf16 tokens/s of GPT-2 124M at micro-batch 1, 2, 4, 8, 16, 32 (x 1024 tokens). */
  batches: [1, 2, 4, 8, 16, 32],
  tokensPerSecond: [52_861, 90_805, 177_175, 277_210, 311_147, 332_796],
  /** Batch 32 over batch 1. */
  batch32OverBatch1: 6.3,
} as const;

export const DATA_LOADING = {
  /** ResNet-50, bf16, batch 64, CPU resize per sample, 16 host cores: images/s. */
  workers0: 272,
  workers4: 897,
  workers8: 1_214,
  onGpu: 2_852,
  /** Share of time the GPU did useful work with num_workers=0. */
  gpuBusyAt0: 0.1,
} as const;

export const DATA_FORMAT = {
  /** 2,000,000 rows x 5 columns, pandas + pyarrow: CSV 95.4 MB vs Parquet (snappy) 44.8 MB. */
  parquetSmaller: 2.1,
  /** Read all columns: CSV 0.94 s vs Parquet 0.052 s. */
  parquetFasterRead: 18,
  /** Read two columns. */
  parquetFasterTwoColumns: 26,
} as const;

export function range(xs: readonly number[]): string {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return lo === hi ? lo.toFixed(1) : `${lo.toFixed(1)}-${hi.toFixed(1)}`;
}

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
  saveSeconds: 5.3,
  /** Share of run time at one save per 30 minutes. */
  overheadAt30Min: 0.003,
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

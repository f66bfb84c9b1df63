import { normaliseGpuName } from '../../cost/gpus';

// Vertex AI machine specs: an accelerator enum (`NVIDIA_TESLA_A100`, `NVIDIA_H100_80GB`) names the
// GPU; accelerator-optimised machine types (a2-, a3-, g2-) bundle theirs. Shared by the
// `gcloud ai custom-jobs` config dialect and the `google.cloud.aiplatform` SDK reader.

/** GPU name for a Vertex accelerator enum; undefined for TPUs and unset/unknown values. */
export function acceleratorGpu(enumValue: string): string | undefined {
  const s = enumValue.trim();
  if (!s || /^(ACCELERATOR_TYPE_UNSPECIFIED|TPU_)/i.test(s)) return undefined;
  // The enums spell the GPU the way the GPU table's aliases read it (`nvidia_a100_80gb` -> A100-80GB).
  return normaliseGpuName(s.toLowerCase()) ?? (/^NVIDIA_/i.test(s) ? s : undefined);
}

/** `TPU_V5_LITEPOD`, `TPU_V4_POD`...: an accelerator, just no GPU. */
export function isTpu(enumValue: string): boolean {
  return /^TPU_/i.test(enumValue.trim());
}

export type MachineKind =
  /** GPUs come with the machine type (a2-highgpu-8g: 8 x A100 40GB). */
  | { kind: 'gpu'; gpu: string; count?: number }
  /** A general-purpose type: GPUs only if an accelerator is attached. */
  | { kind: 'general' }
  | { kind: 'other' };

const BUNDLED: [RegExp, string][] = [
  [/^a2-ultragpu-(\d+)g$/, 'A100-80GB'],
  [/^a2-(highgpu|megagpu)-(\d+)g$/, 'A100-40GB'],
  [/^a3-ultragpu-(\d+)g$/, 'H200'],
  [/^a3-(highgpu|megagpu|edgegpu)-(\d+)g$/, 'H100'],
  [/^a4-highgpu-(\d+)g$/, 'B200'],
];

const G2_GPUS: Record<number, number> = { 4: 1, 8: 1, 12: 1, 16: 1, 32: 1, 24: 2, 48: 4, 96: 8 };

export function machineKind(machineType: string): MachineKind {
  const t = machineType.trim().toLowerCase();
  for (const [re, gpu] of BUNDLED) {
    const m = re.exec(t);
    if (m) return { kind: 'gpu', gpu, count: Number(m[m.length - 1]) };
  }
  // Google's G2 table: g2-standard-4/8/12/16/32 carry 1 L4, -24 carries 2, -48 4, -96 8.
  const g2 = /^g2-standard-(\d+)$/.exec(t);
  if (g2) return { kind: 'gpu', gpu: 'L4', count: G2_GPUS[Number(g2[1])] };
  if (/^(n1|n2|n2d|e2|c2|c2d|c3|m1|m2|m3|n4|c4)-/.test(t)) return { kind: 'general' };
  return { kind: 'other' };
}

/** A run allowed this long loses real money when a worker fails mid-run (as SageMaker's max_run). */
export const VERTEX_LONG_RUN_HOURS = 4;

export const VERTEX_NO_OUTPUT_REASON =
  'no baseOutputDirectory and no gs:// or /gcs/ checkpoint path: a Vertex worker keeps what it writes on its own disk, lost when the job fails or is preempted';

/** `"86400s"`, `"1.5h"`-free protobuf Duration text, or a plain number of seconds -> hours. */
export function durationHours(v: string | number | undefined): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v > 0 ? v / 3600 : undefined;
  const m = v ? /^\s*(\d+(?:\.\d+)?)\s*s?\s*$/.exec(v) : null;
  return m ? Number(m[1]) / 3600 : undefined;
}

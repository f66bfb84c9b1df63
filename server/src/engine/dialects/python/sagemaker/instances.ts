// SageMaker `ml.*` training instance families: GPU model and GPUs per size. The price catalog maps
// instances too; this small table lets a job state its GPU where the name says it for certain.

interface Family {
  gpu: string;
  /** GPUs by size suffix; sizes not listed leave the count unknown. */
  perSize: Record<string, number>;
}

const G_SIZES = { xlarge: 1, '2xlarge': 1, '4xlarge': 1, '8xlarge': 1, '16xlarge': 1, '12xlarge': 4, '24xlarge': 4, '48xlarge': 8 };

const FAMILIES: Record<string, Family> = {
  p2: { gpu: 'K80', perSize: { xlarge: 1, '8xlarge': 8, '16xlarge': 16 } },
  p3: { gpu: 'V100', perSize: { '2xlarge': 1, '8xlarge': 4, '16xlarge': 8 } },
  p3dn: { gpu: 'V100-32GB', perSize: { '24xlarge': 8 } },
  p4d: { gpu: 'A100-40GB', perSize: { '24xlarge': 8 } },
  p4de: { gpu: 'A100-80GB', perSize: { '24xlarge': 8 } },
  p5: { gpu: 'H100', perSize: { '48xlarge': 8 } },
  p5e: { gpu: 'H200', perSize: { '48xlarge': 8 } },
  p5en: { gpu: 'H200', perSize: { '48xlarge': 8 } },
  g4dn: { gpu: 'T4', perSize: { xlarge: 1, '2xlarge': 1, '4xlarge': 1, '8xlarge': 1, '16xlarge': 1, '12xlarge': 4 } },
  g5: { gpu: 'A10G', perSize: G_SIZES },
  g6: { gpu: 'L4', perSize: G_SIZES },
  g6e: { gpu: 'L40S', perSize: G_SIZES },
};

export type InstanceKind =
  | { kind: 'gpu'; gpu: string; count?: number }
  | { kind: 'cpu' }
  /** Trainium/Inferentia and families this table does not know. */
  | { kind: 'other' }
  /** `local` / `local_gpu`: SageMaker local mode on the developer's machine. */
  | { kind: 'local' };

export function instanceKind(type: string): InstanceKind {
  const t = type.trim().toLowerCase();
  if (t === 'local' || t === 'local_gpu') return { kind: 'local' };
  const m = /^ml\.([a-z]+\d+[a-z]*)\.(\w+)$/.exec(t);
  if (!m) return { kind: 'other' };
  const fam = FAMILIES[m[1]];
  if (fam) return { kind: 'gpu', gpu: fam.gpu, count: fam.perSize[m[2]] };
  // General purpose, compute, memory and burstable families carry no accelerator.
  if (/^[mcrt]\d/.test(m[1])) return { kind: 'cpu' };
  return { kind: 'other' };
}

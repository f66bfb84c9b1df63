import { normaliseGpuName } from '../../cost/gpus';
import { fromFile } from '../../facts';
import type { Fact } from '../../types';
import type { LabelTerm } from './pods';

// What node labels say about the machine: GPU model, instance type, and spot capacity. Labels are
// the ones GKE, EKS/Karpenter, AKS and NVIDIA's GPU feature discovery put on nodes.

const GPU_LABELS = new Set([
  'cloud.google.com/gke-accelerator',
  'nvidia.com/gpu.product',
  'karpenter.k8s.aws/instance-gpu-name',
  'accelerator',
]);

const INSTANCE_LABELS = new Set(['node.kubernetes.io/instance-type', 'beta.kubernetes.io/instance-type']);

/** Label -> the values that mean spot / preemptible capacity. */
const SPOT_LABELS: Record<string, (v: string) => boolean | undefined> = {
  'cloud.google.com/gke-spot': trueish,
  'cloud.google.com/gke-preemptible': trueish,
  'cloud.google.com/gke-provisioning': (v) => (v === 'spot' ? true : v === 'standard' ? false : undefined),
  'eks.amazonaws.com/capacityType': (v) => (v === 'spot' ? true : v === 'on_demand' ? false : undefined),
  'karpenter.sh/capacity-type': (v) => (v === 'spot' ? true : v === 'on-demand' ? false : undefined),
  'kubernetes.azure.com/scalesetpriority': (v) => (v === 'spot' ? true : v === 'regular' ? false : undefined),
};

function trueish(v: string): boolean | undefined {
  return v === 'true' ? true : v === 'false' ? false : undefined;
}

export interface SchedulingFacts {
  gpu?: Fact<string>;
  alternatives?: Fact<string>[];
  instanceType?: Fact<string>;
  spot?: Fact<boolean>;
  /** The managed cloud whose node labels the pods select (its node pools are on-demand unless spot is selected). */
  cloud?: 'gke' | 'eks' | 'aks';
}

/** Label prefixes only a managed cloud's nodes carry. */
const CLOUD_PREFIXES: [string, 'gke' | 'eks' | 'aks'][] = [
  ['cloud.google.com/', 'gke'],
  ['eks.amazonaws.com/', 'eks'],
  ['karpenter.k8s.aws/', 'eks'],
  ['karpenter.sh/', 'eks'],
  ['kubernetes.azure.com/', 'aks'],
];

export function schedulingFacts(terms: LabelTerm[]): SchedulingFacts {
  const out: SchedulingFacts = {};
  for (const t of terms) {
    const values = t.values.filter((v) => v !== '*');
    if (GPU_LABELS.has(t.key) && !t.negated && !t.toleration && values.length && !out.gpu) {
      const [first, ...rest] = values.map((v) => fromFile(normaliseGpuName(v) ?? v, t.node.range(), t.key));
      out.gpu = first;
      if (rest.length) out.alternatives = rest;
    }
    if (INSTANCE_LABELS.has(t.key) && !t.negated && !t.toleration && values.length && !out.instanceType) {
      out.instanceType = fromFile(values[0], t.node.range(), t.key);
    }
    const cloud = CLOUD_PREFIXES.find(([p]) => t.key.startsWith(p));
    if (cloud && !t.negated && !t.toleration && !out.cloud) out.cloud = cloud[1];
    const spotOf = SPOT_LABELS[t.key];
    if (spotOf && !out.spot) {
      const spot = spotValue(t, spotOf);
      if (spot !== undefined) out.spot = fromFile(spot, t.node.range(), t.key);
    }
  }
  return out;
}

/**
 * Spot when a selector requires it or a toleration lets the pod land on spot nodes (it then may be
 * preempted); on-demand only when a selector requires on-demand or excludes spot.
 */
function spotValue(t: LabelTerm, spotOf: (v: string) => boolean | undefined): boolean | undefined {
  if (t.toleration) return t.values.some((v) => v === '*' || spotOf(v.toLowerCase()) === true) ? true : undefined;
  const read = t.values.map((v) => spotOf(v.toLowerCase()));
  if (t.negated) return read.includes(true) ? false : undefined;
  if (read.includes(true)) return true;
  if (read.length && read.every((r) => r === false)) return false;
  return undefined;
}

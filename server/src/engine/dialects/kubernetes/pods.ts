import type { YamlNode } from '../../formats/yaml';
import type { ReplicaGroup } from './workloads';

// Questions about the pods of a replica group: their containers, the GPUs they ask for, and the
// node labels they are scheduled by.

export const GPU_RESOURCES = ['nvidia.com/gpu', 'amd.com/gpu'];

/** Main containers of a group (init containers do no training and ask no GPUs for it). */
export function containersOf(g: ReplicaGroup): YamlNode[] {
  return [...(g.pod?.get('containers')?.items() ?? []), ...g.extraContainers].filter((c) => c.isMap);
}

export interface GpuRequest {
  count: number;
  /** The `nvidia.com/gpu: N` entry. */
  node: YamlNode;
}

/** GPUs one container asks for; limits win over requests (the device plugin needs them equal). */
export function gpuRequest(container: YamlNode): GpuRequest | undefined {
  // TrainJob's `trainer` block names its resources `resourcesPerNode`.
  const resources = container.get('resources') ?? container.get('resourcesPerNode');
  for (const section of ['limits', 'requests']) {
    for (const key of GPU_RESOURCES) {
      const node = resources?.get(section, key);
      const count = node?.num();
      if (node && count !== undefined && count > 0) return { count, node };
    }
  }
  return undefined;
}

/** Does a container name a GPU resource whose count is not a number (a Helm `{{ .Values.gpus }}`)? */
export function templatedGpus(g: ReplicaGroup): boolean {
  return containersOf(g).some((c) => {
    const resources = c.get('resources') ?? c.get('resourcesPerNode');
    return ['limits', 'requests'].some((s) => GPU_RESOURCES.some((k) => {
      const n = resources?.get(s, k);
      return n !== undefined && n.num() === undefined;
    }));
  });
}

/** Did the group state resources at all (so that no GPU among them means CPU-only)? */
export function statesResources(g: ReplicaGroup): boolean {
  return containersOf(g).some((c) => c.get('resources') !== undefined || c.get('resourcesPerNode') !== undefined);
}

/** Total GPUs per pod of the group, with the first GPU entry as the place it was read. */
export function podGpus(g: ReplicaGroup): GpuRequest | undefined {
  const reqs = containersOf(g)
    .map(gpuRequest)
    .filter((r): r is GpuRequest => !!r);
  if (!reqs.length) return undefined;
  return { count: reqs.reduce((s, r) => s + r.count, 0), node: reqs[0].node };
}

/** One node-label constraint, from a nodeSelector, an affinity expression or a toleration. */
export interface LabelTerm {
  key: string;
  values: string[];
  /** `NotIn` / `DoesNotExist` affinity expressions exclude the values instead. */
  negated: boolean;
  /** A toleration permits scheduling there without requiring it. */
  toleration: boolean;
  node: YamlNode;
}

/** Pod-spec maps that carry scheduling keys for the group (its pod, plus TrainJob overrides). */
function podSpecs(g: ReplicaGroup): YamlNode[] {
  return [...(g.pod ? [g.pod] : []), ...g.podOverrides];
}

/** Every node-label constraint of the group's pods. */
export function labelTerms(g: ReplicaGroup): LabelTerm[] {
  const out: LabelTerm[] = [];
  for (const pod of podSpecs(g)) {
    for (const e of pod.get('nodeSelector')?.entries() ?? []) {
      const v = e.str();
      if (e.keyName && v !== undefined) out.push({ key: e.keyName, values: [v], negated: false, toleration: false, node: e });
    }
    const nodeAffinity = pod.get('affinity', 'nodeAffinity');
    const required = nodeAffinity?.get('requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms')?.items() ?? [];
    const preferred = (nodeAffinity?.get('preferredDuringSchedulingIgnoredDuringExecution')?.items() ?? []).map((p) => p.get('preference'));
    for (const term of [...required, ...preferred]) {
      for (const expr of term?.get('matchExpressions')?.items() ?? []) {
        const key = expr.get('key')?.str();
        const op = expr.get('operator')?.str() ?? 'In';
        if (!key) continue;
        const values = (expr.get('values')?.items() ?? []).map((v) => v.str()).filter((v): v is string => v !== undefined);
        out.push({ key, values, negated: op === 'NotIn' || op === 'DoesNotExist', toleration: false, node: expr });
      }
    }
    for (const t of pod.get('tolerations')?.items() ?? []) {
      const key = t.get('key')?.str();
      if (!key) continue;
      const value = t.get('value')?.str();
      // `operator: Exists` tolerates any value of the taint.
      out.push({ key, values: value !== undefined ? [value] : ['*'], negated: false, toleration: true, node: t });
    }
  }
  return out;
}

/** Volumes of the group's pods by name. */
export function volumesOf(g: ReplicaGroup): Map<string, YamlNode> {
  const out = new Map<string, YamlNode>();
  for (const pod of podSpecs(g)) {
    for (const v of pod.get('volumes')?.items() ?? []) {
      const name = v.get('name')?.str();
      if (name && !out.has(name)) out.set(name, v);
    }
  }
  return out;
}

/** volumeMounts of a container, plus those TrainJob overrides add to containers by name. */
export function mountsOf(g: ReplicaGroup, container: YamlNode): YamlNode[] {
  const own = container.get('volumeMounts')?.items() ?? [];
  const name = container.get('name')?.str();
  const extra = g.podOverrides.flatMap((o) =>
    (o.get('containers')?.items() ?? []).filter((c) => !name || c.get('name')?.str() === name || g.role === 'trainer').flatMap((c) => c.get('volumeMounts')?.items() ?? []),
  );
  return [...own, ...extra];
}

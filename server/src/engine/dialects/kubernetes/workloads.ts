import type { YamlNode } from '../../formats/yaml';

// Which Kubernetes objects run ML work, and where their pods are described. Each kind nests its
// pod template somewhere else (Job: spec.template, PyTorchJob: spec.pytorchReplicaSpecs.*.template,
// JobSet: spec.replicatedJobs[].template.spec.template...); this module hides that.

export type WorkloadClass =
  /** Kubeflow training operators: a training job even without GPUs (then CPU-only). */
  | 'training-operator'
  /** Generic batch kinds (Job, CronJob, Pod, JobSet, RayJob): training only when they ask for GPUs. */
  | 'batch'
  /** Long-running servers: inference when they ask for GPUs, else not ours. */
  | 'serving'
  /** Kubeflow notebook servers: an interactive machine when they ask for GPUs, else not ours. */
  | 'notebook';

/** One set of identical pods: a replica type of an operator job, a JobSet's replicated job... */
export interface ReplicaGroup {
  /** `Master`, `Worker`, `PS`, `head`, `trainer`, or the kind for single-template objects. */
  role: string;
  /** How many pods of this group run at once. */
  replicas: number;
  /** The `replicas:` (or `parallelism:`, `numNodes:`) node when written; absent = default 1. */
  replicasNode?: YamlNode;
  /** A PodSpec-shaped map: containers, volumes, nodeSelector, affinity, tolerations. */
  pod?: YamlNode;
  /** Extra pod-spec maps whose scheduling/volume keys also apply (TrainJob overrides). */
  podOverrides: YamlNode[];
  /** Containers described outside a PodSpec (TrainJob `trainer`, KServe `predictor.model`). */
  extraContainers: YamlNode[];
  /** A shell entrypoint that is not a container command (RayJob `entrypoint`). */
  entrypoint?: YamlNode;
}

export interface K8sWorkload {
  kind: string;
  cls: WorkloadClass;
  groups: ReplicaGroup[];
}

const KUBEFLOW_KINDS = new Set(['PyTorchJob', 'TFJob', 'MPIJob', 'XGBoostJob', 'PaddleJob', 'JAXJob', 'MXJob']);

/** Classifies one YAML document by `apiVersion` + `kind`; undefined when it runs no ML work. */
export function classify(doc: YamlNode): K8sWorkload | undefined {
  const apiVersion = doc.get('apiVersion')?.str();
  const kind = doc.get('kind')?.str();
  if (!apiVersion || !kind) return undefined;
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  const spec = doc.get('spec');
  if (!spec?.isMap) return undefined;

  if (group === 'kubeflow.org' && KUBEFLOW_KINDS.has(kind)) return { kind, cls: 'training-operator', groups: operatorGroups(spec) };
  if (group === 'kubeflow.org' && kind === 'Notebook') return { kind, cls: 'notebook', groups: [podGroup(kind, spec.get('template', 'spec'), 1)] };
  if (group === 'trainer.kubeflow.org' && kind === 'TrainJob') return { kind, cls: 'training-operator', groups: trainJobGroups(spec) };
  if (group === 'batch' && kind === 'Job') return { kind, cls: 'batch', groups: [jobGroup(kind, spec)] };
  if (group === 'batch' && kind === 'CronJob') {
    const jobSpec = spec.get('jobTemplate', 'spec');
    return jobSpec ? { kind, cls: 'batch', groups: [jobGroup(kind, jobSpec)] } : undefined;
  }
  if (group === '' && kind === 'Pod') return { kind, cls: 'batch', groups: [podGroup(kind, spec, 1)] };
  if (group === 'jobset.x-k8s.io' && kind === 'JobSet') return { kind, cls: 'batch', groups: jobSetGroups(spec) };
  if (group === 'ray.io' && kind === 'RayJob') return { kind, cls: 'batch', groups: rayJobGroups(spec) };
  if ((group === 'apps' || group === 'extensions') && (kind === 'Deployment' || kind === 'StatefulSet')) {
    const replicas = spec.get('replicas');
    return { kind, cls: 'serving', groups: [{ ...podGroup(kind, spec.get('template', 'spec'), replicas?.num() ?? 1), replicasNode: replicas }] };
  }
  if (group === 'serving.kserve.io' && kind === 'InferenceService') return { kind, cls: 'serving', groups: kserveGroups(spec) };
  if (group === 'machinelearning.seldon.io' && kind === 'SeldonDeployment') return { kind, cls: 'serving', groups: seldonGroups(spec) };
  return undefined;
}

function podGroup(role: string, pod: YamlNode | undefined, replicas: number): ReplicaGroup {
  return { role, replicas, pod: pod?.isMap ? pod : undefined, podOverrides: [], extraContainers: [] };
}

/** batch/v1 Job spec: `parallelism` pods at once (default 1). */
function jobGroup(role: string, jobSpec: YamlNode): ReplicaGroup {
  const parallelism = jobSpec.get('parallelism');
  const n = parallelism?.num();
  return { ...podGroup(role, jobSpec.get('template', 'spec'), n && n > 0 ? n : 1), replicasNode: n ? parallelism : undefined };
}

/** Kubeflow v1 operators: `spec.<x>ReplicaSpecs.<Role>.{replicas, template.spec}`. */
function operatorGroups(spec: YamlNode): ReplicaGroup[] {
  const specs = spec.entries().find((e) => e.keyName?.endsWith('ReplicaSpecs') && e.isMap);
  if (!specs) return [];
  return specs.entries().map((r) => {
    const replicas = r.get('replicas');
    return { ...podGroup(r.keyName ?? 'replica', r.get('template', 'spec'), replicas?.num() ?? 1), replicasNode: replicas };
  });
}

/** Kubeflow Trainer v2: the `trainer` block is a container; pod details live in overrides. */
function trainJobGroups(spec: YamlNode): ReplicaGroup[] {
  const trainer = spec.get('trainer');
  const numNodes = trainer?.get('numNodes');
  const overrides = [...(spec.get('podSpecOverrides')?.items() ?? []), ...(spec.get('podTemplateOverrides')?.items() ?? [])]
    .map((o) => o.get('spec') ?? o)
    .filter((o) => o.isMap);
  return [
    {
      role: 'trainer',
      replicas: numNodes?.num() ?? 1,
      replicasNode: numNodes,
      podOverrides: overrides,
      extraContainers: trainer?.isMap ? [trainer] : [],
    },
  ];
}

/** JobSet: each replicated job runs `replicas` copies of a Job with `parallelism` pods. */
function jobSetGroups(spec: YamlNode): ReplicaGroup[] {
  return (spec.get('replicatedJobs')?.items() ?? []).map((rj) => {
    const jobSpec = rj.get('template', 'spec');
    const inner = jobSpec ? jobGroup(rj.get('name')?.str() ?? 'job', jobSpec) : podGroup('job', undefined, 1);
    const replicas = rj.get('replicas');
    return { ...inner, replicas: (replicas?.num() ?? 1) * inner.replicas, replicasNode: replicas ?? inner.replicasNode };
  });
}

/** RayJob: a head group and worker groups; the work is the `entrypoint` shell command. */
function rayJobGroups(spec: YamlNode): ReplicaGroup[] {
  const cluster = spec.get('rayClusterSpec');
  const entrypoint = spec.get('entrypoint');
  const head: ReplicaGroup = { ...podGroup('head', cluster?.get('headGroupSpec', 'template', 'spec'), 1), entrypoint };
  const workers = (cluster?.get('workerGroupSpecs')?.items() ?? []).map((w) => {
    const replicas = w.get('replicas') ?? w.get('minReplicas');
    return { ...podGroup(w.get('groupName')?.str() ?? 'worker', w.get('template', 'spec'), replicas?.num() ?? 1), replicasNode: replicas };
  });
  return [head, ...workers];
}

/** KServe: `predictor` is a PodSpec plus a model/runtime container (`model`, `pytorch`, ...). */
function kserveGroups(spec: YamlNode): ReplicaGroup[] {
  const predictor = spec.get('predictor');
  if (!predictor?.isMap) return [];
  const min = predictor.get('minReplicas');
  const runtimes = predictor.entries().filter((e) => e.isMap && e.get('resources') !== undefined);
  return [{ ...podGroup('predictor', predictor, Math.max(1, min?.num() ?? 1)), replicasNode: min, extraContainers: runtimes }];
}

/**
 * Seldon Core v1: each predictor runs `replicas` copies (its own, else the deployment's, default 1)
 * of every componentSpec's PodSpec; a componentSpec may override the count.
 */
function seldonGroups(spec: YamlNode): ReplicaGroup[] {
  const top = spec.get('replicas');
  return (spec.get('predictors')?.items() ?? []).flatMap((p) => {
    const own = p.get('replicas') ?? top;
    return (p.get('componentSpecs')?.items() ?? []).map((c) => {
      const replicas = c.get('replicas') ?? own;
      return { ...podGroup(p.get('name')?.str() ?? 'predictor', c.get('spec'), replicas?.num() ?? 1), replicasNode: replicas };
    });
  });
}

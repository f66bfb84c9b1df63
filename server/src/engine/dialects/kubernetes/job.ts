import { byDefault, fromFile } from '../../facts';
import type { YamlNode } from '../../formats/yaml';
import type { AnalysisContext, CheckpointFacts, Fact, HardwareRequest, Job, Range, StorageKind, Workload } from '../../types';
import { classifyInvocation, launchedJobFacts, type Invocation } from '../launch';
import { kubernetesEditor } from './editor';
import { labelTags } from './labels';
import { containerInvocations, looksInteractive, shellInvocations } from './commands';
import { containersOf, gpuRequest, labelTerms, mountsOf, podGpus, statesResources, templatedGpus, volumesOf, type GpuRequest } from './pods';
import { kubeflowNotebook } from './notebook';
import { servingScaling } from './serving';
import { servedModel } from './servedModel';
import { runTimeLimit } from './deadline';
import { schedulingFacts, type SchedulingFacts } from './scheduling';
import { absolutePath, durableOutputMount, mountTable, storageOfContainerPath, type Mount } from './storage';
import type { K8sWorkload, ReplicaGroup } from './workloads';

// Builds the Job of one Kubernetes object: hardware from resources, replicas and node labels;
// the rest from the command its containers run, read through the shared launcher parser.

const DIALECT = 'kubernetes';

export async function buildJob(doc: YamlNode, w: K8sWorkload, ctx: AnalysisContext): Promise<Job | undefined> {
  const gpuGroups = w.groups.map((g) => ({ g, gpus: podGpus(g) })).filter((x): x is { g: ReplicaGroup; gpus: GpuRequest } => !!x.gpus);
  // Servers and generic batch pods are ML work here only when they ask for accelerators.
  if (!gpuGroups.length && w.cls !== 'training-operator') return undefined;

  const anchor = (doc.get('kind') ?? doc).range();
  // The groups that do the work: those with GPUs (a TFJob's parameter servers have none).
  const groups = gpuGroups.length ? gpuGroups.map((x) => x.g) : w.groups;
  const sched = schedulingFacts(groups.flatMap(labelTerms));
  const job: Job = {
    dialect: DIALECT,
    name: doc.get('metadata', 'name')?.str() ?? w.kind,
    workload: 'training',
    anchor,
    hardware: hardwareOf(w, gpuGroups, groups, sched, anchor),
    datasets: [],
    linkedFiles: [],
  };
  if (sched.spot) job.spot = sched.spot;
  else if (sched.cloud) job.spot = byDefault(false, `${sched.cloud.toUpperCase()} node pools are on-demand unless the pod selects spot capacity`, anchor);
  job.editor = kubernetesEditor(doc, job, groups);

  if (w.cls === 'serving') {
    job.workload = 'inference';
    const scaling = servingScaling(doc, w, groups, ctx, anchor);
    if (scaling) job.scaling = scaling;
    const model = await servedModel(groups.flatMap(containersOf), ctx);
    if (model) job.model = model;
    return job;
  }
  if (w.cls === 'notebook') return kubeflowNotebook(doc, job, anchor);
  // A GPU pod that sleeps or serves a notebook is a dev box: no checkpoint or precision advice.
  if (w.cls !== 'training-operator' && groups.some((g) => containersOf(g).some(looksInteractive))) {
    job.workload = 'dev' satisfies Workload;
    return job;
  }
  const run = chooseCommand(groups, w.groups);
  if (run) job.editor = kubernetesEditor(doc, job, groups, run);
  const mounts = mountsFor(run, groups);
  if (run) await mergeLaunched(job, run, mounts, w, ctx);
  // The object's own time limit caps the run; a launched config's (Lightning max_time) may be shorter.
  const limit = runTimeLimit(doc, w);
  if (limit && !(job.schedule?.hours && job.schedule.hours.value <= limit.value)) job.schedule = { ...job.schedule, hours: limit };
  job.checkpoint = checkpointStorage(job.checkpoint, run, mounts, anchor);
  // GPU training (an operator job, or a command we read as training) carries cost-attribution
  // labels; servers are judged as services, and a GPU pod running something else is not ours to tag.
  const trains = w.cls === 'training-operator' || (run?.invocations ?? []).some((i) => classifyInvocation(i) === 'training');
  const tags = gpuGroups.length && trains ? labelTags(doc) : undefined;
  if (tags) job.tags = tags;
  return job;
}

function hardwareOf(
  w: K8sWorkload,
  gpuGroups: { g: ReplicaGroup; gpus: GpuRequest }[],
  groups: ReplicaGroup[],
  sched: SchedulingFacts,
  anchor: Range,
): HardwareRequest {
  const hw: HardwareRequest = {};
  if (gpuGroups.length) {
    // The group with the most GPUs per pod is the one doing the training (MPI launchers have none).
    const main = gpuGroups.reduce((a, b) => (b.gpus.count > a.gpus.count ? b : a));
    hw.gpuCount = fromFile(main.gpus.count, main.gpus.node.range(), main.gpus.node.keyName ?? 'nvidia.com/gpu');
  } else if (w.groups.some(templatedGpus)) {
    hw.unresolved = true; // GPUs asked for, how many is filled in at deploy time
  } else if (w.kind !== 'TrainJob' || w.groups.some(statesResources)) {
    // A TrainJob without resources takes them from its runtime: unknown, not CPU-only.
    hw.cpuOnly = true;
  }
  const nodes = nodesOf(w, groups, anchor);
  if (nodes) hw.nodes = nodes;
  if (sched.gpu && gpuGroups.length) hw.gpu = sched.gpu;
  if (sched.alternatives && gpuGroups.length) hw.alternatives = sched.alternatives;
  if (sched.instanceType) hw.instanceType = sched.instanceType;
  return hw;
}

/** Pods running at once, summed over the groups that do the work (PS pods ask no GPUs). */
function nodesOf(w: K8sWorkload, groups: ReplicaGroup[], anchor: Range): Fact<number> | undefined {
  const total = groups.reduce((s, g) => s + g.replicas, 0);
  if (!groups.length || total <= 0) return undefined;
  const written = groups.map((g) => g.replicasNode).find((n): n is YamlNode => !!n && n.num() !== undefined);
  if (written) return fromFile(total, written.range(), written.keyName ?? 'replicas');
  if (w.kind === 'TrainJob') return undefined; // numNodes comes from the runtime
  return byDefault(total, `${w.kind}: one pod per replica type unless replicas/parallelism says otherwise`, anchor);
}

interface ChosenCommand {
  invocations: Invocation[];
  group: ReplicaGroup;
  container?: YamlNode;
}

/**
 * The command that does the training, read once: replicas of a job run the same command, so
 * reading each would count every flag twice. GPU containers first, then the others (an MPIJob's
 * launcher runs `mpirun` without GPUs), RayJob's entrypoint before its `ray start` containers.
 */
function chooseCommand(gpuGroups: ReplicaGroup[], all: ReplicaGroup[]): ChosenCommand | undefined {
  for (const g of all) {
    if (g.entrypoint) {
      const invocations = shellInvocations(g.entrypoint);
      if (invocations.length) return { invocations, group: g };
    }
  }
  const candidates: { g: ReplicaGroup; c: YamlNode }[] = [];
  for (const g of gpuGroups) for (const c of containersOf(g)) if (gpuRequest(c)) candidates.push({ g, c });
  for (const g of all) for (const c of containersOf(g)) if (!candidates.some((x) => x.c === c)) candidates.push({ g, c });
  for (const { g, c } of candidates) {
    const invocations = containerInvocations(c);
    if (invocations.length) return { invocations, group: g, container: c };
  }
  return undefined;
}

async function mergeLaunched(job: Job, run: ChosenCommand, mounts: Mount[], w: K8sWorkload, ctx: AnalysisContext): Promise<void> {
  const cwd = run.container?.get('workingDir')?.str();
  const l = await launchedJobFacts(run.invocations, ctx, {
    durableMounts: mounts.filter((m) => m.durable).map((m) => m.path),
    ...(cwd ? { cwd } : {}),
  });
  // A GPU Job that runs a server or a notebook is not training; an operator's job always is.
  if (w.cls === 'batch' && (l.workload === 'inference' || l.workload === 'dev')) job.workload = l.workload;
  if (l.precision) job.precision = l.precision;
  if (l.checkpoint) job.checkpoint = l.checkpoint;
  if (l.schedule) job.schedule = l.schedule;
  if (l.datasets) job.datasets = l.datasets;
  if (l.model) job.model = l.model;
  if (l.batch) job.batch = l.batch;
  if (l.linkedFiles) job.linkedFiles = l.linkedFiles;
  if (l.spot && (!job.spot || job.spot.source.kind === 'default')) job.spot = l.spot;
  // What the pod spec says about hardware wins over what a flag or linked config suggests.
  if (l.hardware) job.hardware = { ...l.hardware, ...job.hardware };
}

/** Decides where checkpoints land: on a persistent volume, or in the container's own filesystem. */
function checkpointStorage(ck: CheckpointFacts | undefined, run: ChosenCommand | undefined, mounts: Mount[], anchor: Range): CheckpointFacts | undefined {
  const location = ck?.location;
  if (location) {
    const workingDir = run?.container?.get('workingDir')?.str();
    const abs = absolutePath(location.value, workingDir);
    // A bucket URL or a variable: the shared launcher's judgement stands.
    if (!abs) return ck;
    const s = storageOfContainerPath(abs, mounts);
    // Off any persistent volume, yet copied to a bucket while training runs (launch/checkpointSync.ts).
    if (s.kind !== 'durable' && ck.storage?.value === 'durable') return ck;
    return { ...ck, storage: storageFact(s.kind, s.reason, s.mount, ck.storage ?? location, anchor) };
  }
  const out = durableOutputMount(mounts);
  if (!out) return ck;
  const path = out.node.get('mountPath');
  return {
    ...ck,
    location: fromFile(out.path, (path ?? out.node).range(), 'mountPath'),
    storage: fromFile<StorageKind>('durable', (path ?? out.node).range(), 'volumeMounts'),
  };
}

/**
 * Durable: read from the volume mount. Otherwise inferred from the absence of a persistent volume:
 * a default with the reason, pointing where this file names the path (the flag, or the config
 * argument a linked file's path came through), else at the job.
 */
function storageFact(kind: StorageKind, reason: string, mount: Mount | undefined, where: Fact<unknown>, anchor: Range): Fact<StorageKind> {
  if (kind === 'durable' && mount) return fromFile(kind, (mount.node.get('mountPath') ?? mount.node).range(), 'volumeMounts');
  const src = where.source;
  const range = src.kind === 'file' && !src.uri ? src.range : anchor;
  return byDefault(kind, reason, range);
}

/** Mounts of the container that runs the command, else of every container of the working groups. */
function mountsFor(run: ChosenCommand | undefined, groups: ReplicaGroup[]): Mount[] {
  if (run?.container) return mountTable(mountsOf(run.group, run.container), volumesOf(run.group));
  return groups.flatMap((g) => containersOf(g).flatMap((c) => mountTable(mountsOf(g, c), volumesOf(g))));
}

// SkyPilot task YAML (`sky launch task.yaml`): resources, spot, mounts, and the commands of `run:`,
// read through the shared launcher module so a `--fp16 False` inside `run:` is a fact of this file.

import { isMap, isScalar } from 'yaml';
import type { Dialect } from '../dialect';
import type { YamlNode, YamlSource } from '../formats/yaml';
import type { AnalysisContext, HardwareRequest, Job, TagFacts, Workload } from '../types';
import { fromFile } from '../facts';
import { classifyInvocation, launchedJobFacts, parseCommands, shellTextOf, type Invocation } from './launch';
import { skypilotEditor } from './skypilot/editor';
import { noteVariables } from './launch/envNotes';
import { downloadedDataset } from './launch/downloadedDataset';
import { mentionedModel, type TextSpan } from './launch/mentionedModel';
import { durableMountsOf } from './skypilot/mounts';
import { hardwareOf, spotOf } from './skypilot/resources';
import { autostopOf } from './skypilot/autostop';

/** Top-level keys of a task (SkyPilot validates tasks strictly: any other key is an error). */
const TASK_KEYS = new Set(['name', 'workdir', 'event_callback', 'num_nodes', 'resources', 'file_mounts', 'service', 'setup', 'run', 'envs', 'secrets', 'volumes', 'inputs', 'outputs', 'file_mounts_mapping', 'config', 'experimental', 'pool', 'job']);
/** Keys of `resources:` (and of its `any_of`/`ordered` candidates). */
const RESOURCE_KEYS = new Set(['cloud', 'region', 'zone', 'infra', 'accelerators', 'accelerator_args', 'instance_type', 'cpus', 'memory', 'use_spot', 'spot_recovery', 'job_recovery', 'disk_size', 'disk_tier', 'network_tier', 'ports', 'image_id', 'labels', 'any_of', 'ordered', 'candidates', 'autostop', 'volumes', 'priority', '_docker_login_config', '_is_image_managed', '_requires_fuse', 'docker_login_config']);
/** Keys besides `run:` that only a SkyPilot task has together with it. */
const SUPPORTING_KEYS = ['setup', 'file_mounts', 'workdir', 'num_nodes', 'service', 'envs', 'secrets', 'volumes'];

/** Every top-level key, those with empty values included (`entries()` skips those). */
function topKeys(doc: YamlNode): string[] {
  if (!isMap(doc.node)) return [];
  return doc.node.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ''));
}

function isTask(doc: YamlNode): boolean {
  if (!doc.isMap) return false;
  const keys = topKeys(doc);
  if (!keys.length || !keys.every((k) => TASK_KEYS.has(k))) return false;
  const resources = doc.get('resources');
  // Newer SkyPilot versions add resource keys: one known key is enough, given the strict top level.
  const validResources = !!resources?.isMap && resources.entries().some((e) => RESOURCE_KEYS.has(e.keyName ?? ''));
  const run = doc.get('run');
  const validRun = !!run?.isScalar && typeof run.value() === 'string';
  if (resources && !validResources) return false;
  if (run && !validRun) return false;
  if (validResources) return keys.length >= 2;
  return validRun && SUPPORTING_KEYS.some((k) => keys.includes(k));
}

/**
 * `envs:` values SkyPilot exports to `run:`, plus the per-node variables it sets itself. A value
 * is the file's default (`sky launch --env` may override it); one left empty or null is filled in
 * at launch, so it stays unresolved.
 */
function envOf(doc: YamlNode, job: Pick<Job, 'hardware'>): Map<string, string> {
  const env = new Map<string, string>();
  for (const e of doc.get('envs')?.entries() ?? []) {
    const v = e.str();
    if (e.keyName && v !== undefined && v.trim() !== '') env.set(e.keyName, v);
  }
  const gpus = job.hardware?.gpuCount?.value;
  if (gpus !== undefined && !job.hardware?.unresolved) env.set('SKYPILOT_NUM_GPUS_PER_NODE', String(gpus));
  const nodes = job.hardware?.nodes?.value ?? 1;
  env.set('SKYPILOT_NUM_NODES', String(nodes));
  return env;
}

function workloadOf(doc: YamlNode, invocations: Invocation[]): Workload {
  if (doc.get('service')) return 'inference';
  const kinds = invocations.map(classifyInvocation);
  if (kinds.includes('training')) return 'training';
  if (kinds.includes('inference')) return 'inference';
  if (kinds.includes('dev') || !doc.get('run')) return 'dev';
  return 'unknown';
}

async function taskJob(src: YamlSource, doc: YamlNode, ctx: AnalysisContext): Promise<Job> {
  const resources = doc.get('resources');
  const run = doc.get('run');
  const hardware = hardwareOf(resources, doc.get('num_nodes'));
  const shell = run ? shellTextOf(run) : undefined;
  const env = envOf(doc, { hardware });
  const invocations = shell ? parseCommands(shell.text, shell.offset, src.lines, { env, newlineIsSpace: shell.newlineIsSpace }) : [];
  const workdir = doc.get('workdir')?.str();
  const launched = await launchedJobFacts(invocations, ctx, {
    durableMounts: durableMountsOf(doc),
    cwd: '~/sky_workdir',
    searchDirs: workdir && !workdir.startsWith('~') && !workdir.startsWith('/') ? [workdir] : [],
  });
  const workload = workloadOf(doc, invocations);
  const spans = textSpans(doc);
  if (!launched.model?.id && !launched.model?.parameters) {
    const named = mentionedModel(src.lines, spans, env);
    if (named) launched.model = { ...launched.model, id: named };
  }
  if (!launched.datasets?.length && workload === 'training') {
    const fetched = downloadedDataset(src.lines, spans.filter((s) => s.key === 'setup' || s.key === 'run'));
    if (fetched) launched.datasets = [fetched];
  }
  const anchorNode = resources ?? run ?? doc.entries()[0];
  const defaults = new Set((doc.get('envs')?.entries() ?? []).filter((e) => e.keyName && e.str()?.trim()).map((e) => e.keyName!));
  noteVariables(launched, src.text, src.lines, defaults, (name) => `envs.${name} default; \`sky launch --env ${name}=…\` overrides it`);
  return {
    dialect: 'skypilot',
    name: doc.get('name')?.str() ?? 'SkyPilot task',
    workload,
    anchor: anchorNode?.keyRange() ?? anchorNode?.range() ?? src.lines.lineRange(0),
    ...(launched.precision && { precision: launched.precision }),
    // The task's resource request is what gets billed; a launcher flag only fills gaps.
    ...(Object.keys({ ...launched.hardware, ...hardware }).length && { hardware: { ...launched.hardware, ...hardware } }),
    spot: spotOf(resources),
    ...(launched.checkpoint && { checkpoint: launched.checkpoint }),
    datasets: launched.datasets ?? [],
    ...(launched.schedule && { schedule: launched.schedule }),
    ...(launched.model && { model: launched.model }),
    ...(launched.batch && { batch: launched.batch }),
    ...(launched.dataLoading && { dataLoading: launched.dataLoading }),
    linkedFiles: launched.linkedFiles ?? [],
    // Training runs and dev clusters; a serving task is judged as a service (serving rules), not here.
    ...(['training', 'dev'].includes(workload) && tagsOf(resources, hardware) && { tags: tagsOf(resources, hardware) }),
    ...idleShutdownOf(doc, resources, hardware, workload),
    editor: skypilotEditor(src, doc, invocations, launched),
  };
}

/** Where a task names its model besides the training command: `envs:`, then `run:`, then `setup:`. */
function textSpans(doc: YamlNode): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const e of doc.get('envs')?.entries() ?? []) spans.push({ key: `envs.${e.keyName}`, fromLine: (e.keyRange() ?? e.range()).start.line, toLine: e.range().end.line });
  for (const key of ['run', 'setup']) {
    const n = doc.get(key);
    if (n) spans.push({ key, fromLine: n.range().start.line, toLine: n.range().end.line });
  }
  return spans;
}

/**
 * Cost-attribution labels of a GPU task: `resources.labels` (SkyPilot puts them on the instances,
 * pods or VMs it launches). Absent labels are a fact too, reported at `resources:`.
 */
function tagsOf(resources: YamlNode | undefined, hardware: HardwareRequest): TagFacts | undefined {
  if (!resources?.isMap || (!hardware.gpu && !hardware.instanceType) || hardware.cpuOnly) return undefined;
  const labels = resources.get('labels');
  const at = labels ?? resources;
  const keys = labels?.isMap ? labels.entries().map((e) => e.keyName).filter((k): k is string => !!k) : [];
  const unresolved = !!labels && !labels.isMap; // labels from a variable: the keys are not known
  return { keys: fromFile(keys, at.keyRange() ?? at.range(), 'resources.labels'), ...(unresolved && { unresolved }) };
}

/**
 * Autostop of an interactive GPU cluster (no `run:`, or a run that only keeps a notebook, an
 * editor server or `sleep infinity` going). A task whose run ends is not judged: `sky jobs launch`
 * and `sky launch --down` tear its cluster down with the job, which the file cannot show.
 * A pool's workers are managed by SkyPilot itself.
 */
function idleShutdownOf(doc: YamlNode, resources: YamlNode | undefined, hardware: HardwareRequest, workload: Workload): Pick<Job, 'idleShutdown'> {
  if (workload !== 'dev' || doc.get('pool') || !resources?.isMap || hardware.cpuOnly || (!hardware.gpu && !hardware.instanceType)) return {};
  const fact = autostopOf(resources);
  return fact ? { idleShutdown: fact } : {};
}

export const skypilotDialect: Dialect = {
  id: 'skypilot',
  formats: ['yaml'],
  async detect(doc, ctx) {
    if (doc.format !== 'yaml') return [];
    const jobs: Job[] = [];
    for (const d of doc.docs) if (isTask(d)) jobs.push(await taskJob(doc, d, ctx));
    return jobs;
  },
};

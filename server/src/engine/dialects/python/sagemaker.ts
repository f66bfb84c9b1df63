import { byDefault, fromFile } from '../../facts';
import type { PythonSource } from '../../formats/python';
import type { AnalysisContext, CheckpointFacts, DatasetRef, Fact, HardwareRequest, Job, Range } from '../../types';
import { applyLaunchedFacts, launchedJobFacts, type Flag, type Invocation } from '../launch';
import { calls, importedModules, kwarg, receiver, stringValue, resolve, type CallInfo } from './query';
import { channelDatasets, fitDatasets } from './sagemaker/inputs';
import { estimatorClass, NO_PRECISION_CLASSES, sagemakerBindings } from './sagemaker/estimators';
import { hyperparameters, type HyperParameter } from './sagemaker/hyperparameters';
import { sagemakerEditor } from './sagemaker/editor';
import { instanceKind } from './sagemaker/instances';
import { estimatorTags } from './sagemaker/tags';
import { argRange, boolArg, numberArg, stringArg } from './sagemaker/values';

// SageMaker Python SDK scripts: each estimator constructed (`PyTorch(...)`, `HuggingFace(...)`,
// `Estimator(...)`) is one training job. Its keyword arguments say the hardware, spot and
// checkpointing; its hyperparameters are the training script's command line, read through the
// shared launcher parser like any other command.

const DIALECT = 'sagemaker';

export async function detectSageMakerJobs(src: PythonSource, ctx: AnalysisContext): Promise<Job[]> {
  if (!importedModules(src).has('sagemaker')) return [];
  const bindings = sagemakerBindings(src);
  const allCalls = calls(src);
  const channels = channelDatasets(src, allCalls);
  const jobs: Job[] = [];
  for (const c of allCalls) {
    const cls = estimatorClass(c, bindings);
    if (cls) jobs.push(await estimatorJob(src, ctx, c, cls, allCalls, channels));
  }
  return jobs;
}

async function estimatorJob(
  src: PythonSource,
  ctx: AnalysisContext,
  c: CallInfo,
  cls: string,
  allCalls: readonly CallInfo[],
  channels: Fact<DatasetRef>[],
): Promise<Job> {
  const callee = c.node.childForFieldName('function');
  // The class name, not the whole (often 20-line) call: findings about what is missing go here.
  const anchor = src.rangeOf(callee ?? c.node);
  const { hardware, local } = hardwareOf(src, c, anchor);
  const job: Job = {
    dialect: DIALECT,
    name: `SageMaker ${cls}`,
    workload: local ? 'dev' : 'training',
    anchor,
    hardware,
    datasets: [],
    linkedFiles: [],
    editor: sagemakerEditor(src, c, allCalls, () => job),
  };

  const spotArg = kwarg(c, 'use_spot_instances', 'train_use_spot_instances');
  const spot = spotArg ? boolArg(src, spotArg) : undefined;
  if (spotArg && spot !== undefined) job.spot = fromFile(spot, argRange(src, spotArg), keyOf(src, spotArg));
  else if (!spotArg && !local) job.spot = byDefault(false, 'SageMaker estimators run on-demand unless use_spot_instances=True', anchor);

  const maxRun = kwarg(c, 'max_run', 'train_max_run');
  const hours = maxRun ? numberArg(src, maxRun) : undefined;
  if (hours?.value !== undefined && !hours.unresolved) job.schedule = { hours: fromFile(hours.value / 3600, hours.range, keyOf(src, maxRun!)) };

  await mergeLaunched(job, src, c, ctx);
  const s3 = s3Checkpoint(src, c);
  if (s3) job.checkpoint = { ...job.checkpoint, ...s3 };
  else if (job.checkpoint) job.checkpoint = artifactDirs(job.checkpoint);
  if (!s3 && !local) longRunWithoutSync(job);

  if (NO_PRECISION_CLASSES.has(cls)) delete job.precision;
  else if (cls === 'HuggingFace' && !job.precision && runsHfTrainer(src, c)) {
    job.precision = byDefault(
      'fp32',
      'HuggingFace estimator runs an HF Trainer script: TrainingArguments train in fp32 unless the bf16/fp16 hyperparameter is passed',
      argRange(src, kwarg(c, 'hyperparameters') ?? c.node),
    );
  }

  job.datasets = dedupe([...job.datasets, ...channels, ...fitCalls(src, c, allCalls).flatMap((f) => fitDatasets(src, f))]);
  // GPU training jobs carry cost-attribution tags (as SkyPilot and Kubernetes GPU jobs do).
  if (!local && job.hardware?.gpu) {
    const tags = estimatorTags(src, c, anchor);
    job.tags = tags.facts;
    job.editor = { ...job.editor, addTags: tags.addTags };
  }
  return job;
}

/** The keyword a value was passed as (`instance_type`, SDK v1 `train_instance_type`). */
function keyOf(src: PythonSource, value: CallInfo['node']): string {
  const p = value.parent;
  const k = p?.type === 'keyword_argument' ? p.childForFieldName('name') : null;
  return k ? src.textOf(k) : 'argument';
}

function hardwareOf(src: PythonSource, c: CallInfo, anchor: Range): { hardware: HardwareRequest; local: boolean } {
  const hw: HardwareRequest = {};
  let local = false;
  const typeArg = kwarg(c, 'instance_type', 'train_instance_type');
  if (typeArg) {
    const t = stringArg(src, typeArg);
    const key = keyOf(src, typeArg);
    if (t.unresolved) hw.unresolved = true;
    if (t.value !== undefined) {
      hw.instanceType = fromFile(t.value, t.range, key);
      const kind = instanceKind(t.value);
      if (kind.kind === 'gpu') {
        hw.gpu = fromFile(kind.gpu, t.range, key);
        if (kind.count !== undefined) hw.gpuCount = fromFile(kind.count, t.range, key);
      } else if (kind.kind === 'cpu') hw.cpuOnly = true;
      else if (kind.kind === 'local') local = true;
    }
  }
  const countArg = kwarg(c, 'instance_count', 'train_instance_count');
  if (countArg) {
    const n = numberArg(src, countArg);
    if (n.value !== undefined) hw.nodes = fromFile(n.value, n.range, keyOf(src, countArg));
    if (n.unresolved) hw.unresolved = true;
  } else if (!kwarg(c, 'instance_groups')) {
    hw.nodes = byDefault(1, 'SageMaker trains on one instance unless instance_count says otherwise', anchor);
  }
  return { hardware: hw, local };
}

/** `checkpoint_s3_uri`: SageMaker uploads /opt/ml/checkpoints there and restores it on restart. */
function s3Checkpoint(src: PythonSource, c: CallInfo): CheckpointFacts | undefined {
  const arg = kwarg(c, 'checkpoint_s3_uri');
  if (!arg || (resolve(src, arg) ?? arg).type === 'none') return undefined;
  const v = stringArg(src, arg);
  const range = argRange(src, arg);
  return {
    location: fromFile(v.value ?? src.textOf(arg), v.value !== undefined ? v.range : range, 'checkpoint_s3_uri'),
    storage: fromFile('durable', range, 'checkpoint_s3_uri'),
    resume: byDefault(true, 'SageMaker syncs /opt/ml/checkpoints back on restart', range),
  };
}

const ARTIFACT_DIR = /^\/opt\/ml\/(model|output)(\/|$)/;
const ARTIFACT_REASON =
  'SageMaker uploads /opt/ml/model and /opt/ml/output to S3 when the job ends, not during the run (checkpoint_s3_uri syncs /opt/ml/checkpoints while it runs)';

/**
 * SageMaker's model and output dirs reach S3 at the end of the job: neither lost like a scratch
 * disk nor safe from an interruption mid-run, so `unknown`, with the reason. (Spot rules still
 * want checkpoint_s3_uri; an on-demand job writing there is SageMaker's normal pattern.)
 */
function artifactDirs(ck: CheckpointFacts): CheckpointFacts {
  const loc = ck.location;
  if (!loc || !ARTIFACT_DIR.test(loc.value) || ck.storage?.value !== 'ephemeral') return ck;
  const s = ck.storage.source;
  const range = s.kind === 'file' || s.kind === 'default' ? s.range : undefined;
  return { ...ck, storage: byDefault('unknown', ARTIFACT_REASON, range) };
}

/** A run allowed this long loses real money when the instance fails mid-run (spot or not). */
export const LONG_RUN_HOURS = 4;
export const NO_SYNC_REASON =
  'no checkpoint_s3_uri: SageMaker syncs nothing to S3 during the run, so checkpoints written on the instance are lost if it fails';

/**
 * A long SageMaker job (max_run of LONG_RUN_HOURS or more) without checkpoint_s3_uri keeps its
 * checkpoints on the instance until the end, on-demand too: a failure mid-run restarts from zero.
 * Says so at `max_run`, unless the job writes durable storage itself or saves nothing at all
 * (then no-checkpointing reports that instead).
 */
function longRunWithoutSync(job: Job): void {
  const hours = job.schedule?.hours;
  // Spot jobs: spot-without-checkpoint already reads the missing checkpoint_s3_uri its own way.
  if (!hours || hours.value < LONG_RUN_HOURS || hours.source.kind !== 'file' || job.spot?.value === true) return;
  const c = job.checkpoint;
  if (c?.storage?.value === 'durable' || c?.periodic?.value === false) return;
  job.checkpoint = { ...c, storage: byDefault('ephemeral', NO_SYNC_REASON, hours.source.range) };
}

/** The script's command line, from `entry_point` (+ `source_dir`) and `hyperparameters`. */
async function mergeLaunched(job: Job, src: PythonSource, c: CallInfo, ctx: AnalysisContext): Promise<void> {
  const hpArg = kwarg(c, 'hyperparameters');
  const params = hpArg ? hyperparameters(src, hpArg) : [];
  const entry = kwarg(c, 'entry_point');
  const entryPath = entry ? stringValue(src, resolve(src, entry) ?? entry) : undefined;
  const dirArg = kwarg(c, 'source_dir');
  const dir = dirArg ? stringValue(src, resolve(src, dirArg) ?? dirArg) : undefined;
  if (!params.length && !entryPath) return;
  const script = entryPath && dir && !/^[a-z]+:\/\//i.test(dir) ? `${dir.replace(/\/+$/, '')}/${entryPath}` : entryPath;
  const invocation: Invocation = {
    program: 'python',
    configFiles: [],
    flags: toFlags(params),
    args: [],
    range: src.rangeOf(c.node),
    ...(script ? { script, scriptRange: argRange(src, entry!) } : {}),
  };
  // The estimator's instance says the hardware; a linked script may only fill gaps.
  applyLaunchedFacts(job, await launchedJobFacts([invocation], ctx));
}

function toFlags(params: HyperParameter[]): Map<string, Flag> {
  const flags = new Map<string, Flag>();
  for (const p of params) {
    // Named as launcher flags are: no dashes, `-` read as `_` (argparse does the same).
    const name = p.key.replace(/^-+/, '').replace(/-/g, '_');
    flags.set(name, { name, value: p.value, range: p.range, valueRange: p.valueRange });
  }
  return flags;
}

/** Signs the entry point is an HF Trainer script (HF example scripts, TrainingArguments keys). */
function runsHfTrainer(src: PythonSource, c: CallInfo): boolean {
  const entry = kwarg(c, 'entry_point');
  const entryPath = entry ? stringValue(src, resolve(src, entry) ?? entry) : undefined;
  if (entryPath && /(^|\/)run_\w+\.py$/.test(entryPath)) return true;
  const git = kwarg(c, 'git_config');
  if (git && /huggingface\/transformers/.test(src.textOf(resolve(src, git) ?? git))) return true;
  const hp = kwarg(c, 'hyperparameters');
  const keys = hp ? hyperparameters(src, hp).map((p) => p.key) : [];
  return keys.some((k) => ['output_dir', 'per_device_train_batch_size', 'num_train_epochs', 'model_name_or_path'].includes(k));
}

/** `<var>.fit(...)` calls on the variable this estimator is assigned to. */
function fitCalls(src: PythonSource, c: CallInfo, allCalls: readonly CallInfo[]): CallInfo[] {
  const p = c.node.parent;
  const left = p?.type === 'assignment' ? p.childForFieldName('left') : null;
  if (left?.type !== 'identifier') return [];
  const name = src.textOf(left);
  return allCalls.filter((f) => f.name === 'fit' && receiver(f) === name);
}

function dedupe(ds: Fact<DatasetRef>[]): Fact<DatasetRef>[] {
  const seen = new Set<string>();
  return ds.filter((d) => {
    const k = `${d.value.format}|${d.value.path ?? ''}|${d.value.reader}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

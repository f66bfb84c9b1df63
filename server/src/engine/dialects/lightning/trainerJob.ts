import { byDefault, fromFile } from '../../facts';
import type { YamlNode } from '../../formats/yaml';
import type { BatchFacts, CheckpointFacts, DatasetRef, Fact, HardwareRequest, Job, ModelFacts, ScheduleFacts } from '../../types';
import { checkpointFromCallback, earlyStoppingFact, findCallbacks, type CallbackSpec } from './callbacks';
import { commentedKeyRange } from './commentedKey';
import { dataLoadingOf } from './dataModule';
import { trainerEditor } from './editor';
import { deviceCount } from './devices';
import { datasetFormatOf, literal, storageOf } from './paths';
import { LIGHTNING_FP32_DEFAULT, lightningPrecision } from './precision';
import { expManagerCheckpoint, expManagerEarlyStopping, expManagerOf, nemoCheckpointingFix, nemoEarlyStoppingFix, nemoInitModel, nemoMegatron } from './nemo';
import { isHydraComposed } from './trainerShape';

const CHECKPOINT_DEFAULT = "Lightning Trainer's enable_checkpointing=True adds a ModelCheckpoint that saves after every training epoch";

/**
 * A job from Lightning Trainer arguments: a Lightning CLI config (`trainer:` beside `model:`/`data:`)
 * or a Hydra trainer file (the keys at the root). `root` is the whole document.
 */
export function trainerJob(root: YamlNode, trainer: YamlNode, name: string): Job {
  const composed = isHydraComposed(root);
  const callbacks = [...findCallbacks(trainer.get('callbacks')), ...findCallbacks(root.get('callbacks'))];
  const em = expManagerOf(root);
  const job: Job = {
    dialect: 'lightning',
    name: em ? `${name} (NeMo exp_manager)` : name,
    workload: 'training',
    anchor: root.src.lines.lineRange((trainer.keyRange() ?? trainer.range()).start.line),
    datasets: datasetsOf(root.get('data')),
    linkedFiles: [],
  };
  const p = trainer.get('precision');
  if (p) job.precision = lightningPrecision(p);
  // A Hydra file composed from others may inherit precision: only a standalone config is fp32 by default.
  else if (!composed) job.precision = byDefault('fp32', LIGHTNING_FP32_DEFAULT, commentedKeyRange(root.src.lines, ['precision', 'trainer.precision']));
  const hw = hardwareOf(trainer);
  if (hw) job.hardware = hw;
  job.checkpoint = checkpointOf(root, trainer, callbacks);
  const schedule = scheduleOf(trainer, callbacks, composed);
  if (schedule) job.schedule = schedule;
  // NeMo: exp_manager adds the checkpoint (and early-stopping) callbacks, not the Trainer.
  if (em) {
    const emCheckpoint = expManagerCheckpoint(em);
    const off = em.get('create_checkpoint_callback');
    if (emCheckpoint) job.checkpoint = emCheckpoint;
    else if (off && job.checkpoint.periodic?.value === false) job.checkpoint.periodic = fromFile(false, off.range(), 'exp_manager.create_checkpoint_callback');
    if (schedule && !earlyStoppingFact(callbacks)) {
      const epochs = schedule.epochs?.source;
      schedule.earlyStopping = expManagerEarlyStopping(em, epochs?.kind === 'file' ? epochs.range : undefined);
    }
  }
  // NeMo Megatron: the model block states the shape and the micro/global batch (the Trainer's
  // accumulate_grad_batches stays 1; Megatron accumulates up to the global batch itself).
  const megatron = em ? nemoMegatron(root.get('model')) : {};
  const batch = megatron.batch ?? batchOf(root, trainer);
  if (batch) job.batch = batch;
  const loading = dataLoadingOf(root.get('data'));
  if (loading) job.dataLoading = loading;
  const model = modelOf(root.get('model'));
  const init = nemoInitModel(root);
  if (model || init || megatron.model) job.model = { ...megatron.model, ...init, ...model };
  job.editor = trainerEditor(root, trainer, trainer !== root, job);
  if (em) job.editor = { ...job.editor, addEarlyStopping: (patience) => nemoEarlyStoppingFix(em, patience), addCheckpointing: () => nemoCheckpointingFix(em) ?? job.editor?.addCheckpointing?.() };
  return job;
}

function hardwareOf(t: YamlNode): HardwareRequest | undefined {
  const hw: HardwareRequest = {};
  const accel = t.get('accelerator')?.str()?.trim().toLowerCase();
  const devices = t.get('devices');
  const gpus = t.get('gpus'); // Lightning 1.x
  if (accel === 'cpu') hw.cpuOnly = true;
  else if ((accel === 'gpu' || accel === 'cuda') && devices) {
    const d = deviceCount(devices);
    if (d.count) hw.gpuCount = fromFile(d.count, devices.range(), 'devices');
    if (d.unresolved) hw.unresolved = true;
  } else if (gpus && (accel === undefined || accel === 'gpu' || accel === 'cuda')) {
    if (gpus.num() === 0) hw.cpuOnly = true;
    const d = deviceCount(gpus);
    if (d.count) hw.gpuCount = fromFile(d.count, gpus.range(), 'gpus');
    if (d.unresolved) hw.unresolved = true;
  }
  const nodes = t.get('num_nodes');
  const n = nodes?.num();
  if (nodes && n !== undefined && n > 0) hw.nodes = fromFile(n, nodes.range(), 'num_nodes');
  return Object.keys(hw).length ? hw : undefined;
}

function checkpointOf(root: YamlNode, t: YamlNode, callbacks: CallbackSpec[]): CheckpointFacts {
  const enable = t.get('enable_checkpointing');
  const mc = callbacks.find((c) => c.kind === 'checkpoint');
  let out: CheckpointFacts = {};
  if (enable?.bool() === false) out.periodic = fromFile(false, enable.range(), 'enable_checkpointing');
  else if (mc) out = checkpointFromCallback(mc);
  else if (enable?.bool() === true) out.periodic = fromFile(true, enable.range(), 'enable_checkpointing');
  else out.periodic = byDefault(true, CHECKPOINT_DEFAULT);
  // Without a dirpath, checkpoints land under default_root_dir.
  const rootDir = t.get('default_root_dir');
  const dir = rootDir?.str();
  if (!out.location && out.periodic?.value && rootDir && dir) {
    out.location = fromFile(dir, rootDir.range(), 'default_root_dir');
    out.storage = fromFile(storageOf(dir), rootDir.range(), 'default_root_dir');
  }
  // `ckpt_path` sits at the root in Lightning CLI and Hydra train configs; 1.x had it on the Trainer.
  const resume = [root.get('ckpt_path'), t.get('ckpt_path'), t.get('resume_from_checkpoint')].find((n) => {
    const v = n?.value();
    return typeof v === 'string' && v.trim() !== ''; // a path or "last"; null/false = start fresh
  });
  if (resume) out.resume = fromFile(true, resume.range(), resume.keyName ?? 'ckpt_path');
  return out;
}

function scheduleOf(t: YamlNode, callbacks: CallbackSpec[], composed: boolean): ScheduleFacts | undefined {
  const s: ScheduleFacts = {};
  const positive = (k: string): Fact<number> | undefined => {
    const node = t.get(k);
    const v = node?.num();
    return node && v !== undefined && v > 0 ? fromFile(v, node.range(), k) : undefined; // -1 = unlimited
  };
  s.epochs = positive('max_epochs') ?? positive('min_epochs');
  s.maxSteps = positive('max_steps');
  const hours = maxTimeHours(t.get('max_time'));
  if (hours) s.hours = hours;
  // A Hydra file composed from others may get its callbacks there: only a standalone config has none.
  s.earlyStopping = earlyStoppingFact(callbacks) ?? (composed ? undefined : byDefault(false, 'no EarlyStopping callback among the Trainer callbacks', s.epochs?.source.kind === 'file' ? s.epochs.source.range : undefined));
  for (const k of Object.keys(s) as (keyof ScheduleFacts)[]) if (s[k] === undefined) delete s[k];
  return Object.keys(s).length ? s : undefined;
}

/** `max_time: "00:12:00:00"` (DD:HH:MM:SS) or `{days: 1, hours: 2}`. */
function maxTimeHours(node: YamlNode | undefined): Fact<number> | undefined {
  if (!node) return undefined;
  let h: number | undefined;
  if (node.isMap) {
    const n = (k: string) => node.get(k)?.num() ?? 0;
    h = n('days') * 24 + n('hours') + n('minutes') / 60 + n('seconds') / 3600;
  } else {
    const m = /^(\d+):(\d+):(\d+):(\d+)$/.exec(node.str()?.trim() ?? '');
    if (m) h = Number(m[1]) * 24 + Number(m[2]) + Number(m[3]) / 60 + Number(m[4]) / 3600;
  }
  return h ? fromFile(h, node.range(), 'max_time') : undefined;
}

/** The arguments of a `model:`/`data:` block: Lightning CLI `init_args`, or the keys themselves. */
function argsOf(block: YamlNode | undefined): YamlNode | undefined {
  if (!block?.isMap) return undefined;
  return block.get('init_args') ?? block;
}

function batchOf(root: YamlNode, t: YamlNode): BatchFacts | undefined {
  const b: BatchFacts = {};
  const bs = argsOf(root.get('data'))?.get('batch_size');
  const per = bs?.num();
  if (bs && per) b.perDevice = fromFile(per, bs.range(), 'batch_size'); // a DataModule's batch is per device
  const acc = t.get('accumulate_grad_batches');
  const ga = acc?.num();
  if (acc && ga) b.gradientAccumulation = fromFile(ga, acc.range(), 'accumulate_grad_batches');
  return Object.keys(b).length ? b : undefined;
}

const MODEL_ID_KEYS = ['model_name_or_path', 'pretrained_model_name_or_path', 'model_name', 'model_id', 'base_model'];

function modelOf(block: YamlNode | undefined): ModelFacts | undefined {
  const args = argsOf(block);
  for (const k of MODEL_ID_KEYS) {
    const n = args?.get(k);
    const id = literal(n);
    if (n && id) return { id: fromFile(id, n.range(), k) };
  }
  return undefined;
}

/** Data files named in the `data:` block (`train_file: data/train.csv`), or a CSV DataModule class. */
export function datasetsOf(block: YamlNode | undefined): Fact<DatasetRef>[] {
  if (!block?.isMap) return [];
  const out: Fact<DatasetRef>[] = [];
  const cls = block.get('class_path')?.str() ?? block.get('_target_')?.str();
  const args = argsOf(block);
  for (const e of args?.entries() ?? []) {
    const values = e.isSeq ? e.items() : [e];
    for (const v of values) {
      const path = v.isScalar ? v.str() : undefined;
      const format = path ? datasetFormatOf(path) : undefined;
      if (path && format) out.push(fromFile({ format, path, reader: cls ?? `data.${e.keyName}` }, v.range(), e.keyName ?? 'data'));
    }
  }
  const clsNode = block.get('class_path') ?? block.get('_target_');
  // litgpt's own data modules download a Hub dataset (cost/hubDatasets.ts maps them).
  if (!out.length && cls && clsNode && cls.startsWith('litgpt.data.')) out.push(fromFile({ format: 'hub', path: cls, reader: 'class_path' }, clsNode.range(), clsNode.keyName ?? 'class_path'));
  if (!out.length && cls && clsNode && /csv/i.test(cls.split('.').pop() ?? '')) {
    out.push(fromFile({ format: 'csv', reader: cls }, clsNode.range(), clsNode.keyName ?? 'class_path'));
  }
  return out;
}

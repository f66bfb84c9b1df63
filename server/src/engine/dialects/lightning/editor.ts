import { scalarsEqual, setValue } from '../../edit/configMap';
import { fromOtherFile, isRowFormat, makeFix, parquetPath, parquetTitle, precisionElsewhere } from '../../edit/fix';
import { appendItem, insertEntry, raw, setScalar, upsertEntry, type YamlValue } from '../../edit/yamlEdit';
import type { YamlNode } from '../../formats/yaml';
import { dataArgs } from './dataModule';
import type { DatasetRef, Fact, Fix, Job, JobEditor, TextEdit } from '../../types';

// Fixes for Lightning configs: Lightning CLI (`trainer:` block), Hydra trainer files (Trainer
// arguments at the root), Hydra callback files, and litgpt configs.

const MODEL_CHECKPOINT = 'lightning.pytorch.callbacks.ModelCheckpoint';
const EARLY_STOPPING = 'lightning.pytorch.callbacks.EarlyStopping';
/** Lightning writes through fsspec, so a bucket URL works as a checkpoint directory. */
const BUCKET = '${1:s3://your-bucket/checkpoints}';
const EPHEMERAL_PREFIX = /^(\/tmp|\/var\/tmp|\/dev\/shm)(?=\/|$)/;
const DEVICE_KEYS = ['devices', 'accelerator', 'strategy', 'num_nodes'];

function isModelCheckpoint(entry: YamlNode): boolean {
  const cls = entry.get('class_path')?.str() ?? entry.get('_target_')?.str();
  return !!cls && /(^|\.)ModelCheckpoint$/.test(cls);
}

/**
 * @param trainer the map of Trainer arguments (the `trainer:` block, or the root of a Hydra file)
 * @param cli true for a Lightning CLI config (callbacks can be added under `trainer:`)
 */
export function trainerEditor(root: YamlNode, trainer: YamlNode, cli: boolean, job: Job): JobEditor {
  return {
    setPrecision: (mode) => {
      if (precisionElsewhere(job) || job.precision?.value === mode) return undefined;
      const value = mode === 'bf16' ? 'bf16-mixed' : '16-mixed';
      // Hydra trainer files: at the top, after `_target_`; Lightning CLI: beside the device keys.
      const place = cli || !trainer.get('_target_') ? { after: DEVICE_KEYS } : { after: ['_target_'] };
      return makeFix(`Train in ${mode} mixed precision (precision: ${value})`, [upsertEntry(trainer, 'precision', value, place)], true);
    },
    addCheckpointing: () => trainerCheckpointing(root, trainer, cli, job),
    useParquet: (d) => useParquet(root, d),
    addEarlyStopping: (patience) => {
      // Hydra trainer files take callbacks from their own config group: only Lightning CLI files here.
      if (!cli) return undefined;
      const callbacks = trainer.get('callbacks');
      const item: YamlValue = { class_path: EARLY_STOPPING, init_args: { monitor: raw('${1:val_loss}'), patience } };
      const edit = callbacks?.isSeq ? appendItem(callbacks, item) : callbacks ? undefined : insertEntry(trainer, 'callbacks', [item], { after: ['max_epochs', 'enable_checkpointing', ...DEVICE_KEYS] });
      // The metric name is the model's to say; stopping changes the trained model: never applied unasked.
      return makeFix(`Stop early when the validation metric stops improving (EarlyStopping, patience ${patience}; name the metric)`, [edit], false, true);
    },
    setDataWorkers: (workers) => setWorkers(dataArgs(root.get('data')), job, workers),
    limitCheckpoints: (keep) => {
      for (const list of [trainer.get('callbacks'), root.get('callbacks')]) {
        const mc = list?.items().find(isModelCheckpoint);
        const fix = mc && limitTopK(mc.get('init_args') ?? mc, keep);
        if (fix) return fix;
      }
      return undefined;
    },
  };
}

/**
 * `save_top_k: -1` → `keep`. Lightning ranks checkpoints by `monitor`; without one it only accepts
 * save_top_k of -1, 0 or 1, so the fix keeps the latest checkpoint then.
 */
function limitTopK(args: YamlNode | undefined, keep: number): Fix | undefined {
  const top = args?.get('save_top_k');
  if (!args || !top || (top.num() ?? 0) >= 0) return undefined;
  const k = args.get('monitor')?.str() ? keep : 1;
  const what = k === 1 ? 'the latest checkpoint' : `the best ${k} checkpoints (by ${args.get('monitor')!.str()})`;
  // Deleting older checkpoints is a choice about what to keep: offered, never applied unasked.
  return makeFix(`Keep ${what} (save_top_k: ${k})`, [setScalar(top, k)], false);
}

function trainerCheckpointing(root: YamlNode, trainer: YamlNode, cli: boolean, job: Job): Fix | undefined {
  const c = job.checkpoint;
  if (!c || fromOtherFile(c.periodic)) return undefined;
  if (c.periodic?.value === false) {
    const edits: (TextEdit | undefined)[] = [];
    const said: string[] = [];
    const enable = trainer.get('enable_checkpointing');
    if (enable?.bool() === false) {
      edits.push(setScalar(enable, true));
      said.push('enable_checkpointing: true');
    }
    const callbacks = trainer.get('callbacks');
    const mc = callbacks?.items().find(isModelCheckpoint) ?? root.get('callbacks')?.items().find(isModelCheckpoint);
    if (mc) {
      // A ModelCheckpoint that saves nothing (save_top_k: 0 / every_n_epochs: 0): keep the last one.
      const args = mc.get('init_args') ?? (mc.get('_target_') ? mc : undefined);
      if (args?.isMap) edits.push(upsertEntry(args, 'save_last', true, { noComment: true }));
      else if (!args && mc.isMap) edits.push(insertEntry(mc, 'init_args', { save_last: true }));
      said.push('ModelCheckpoint save_last: true');
    } else if (cli) {
      const item: YamlValue = { class_path: MODEL_CHECKPOINT, init_args: { every_n_train_steps: 1000, save_last: true } };
      edits.push(callbacks?.isSeq ? appendItem(callbacks, item) : callbacks ? undefined : insertEntry(trainer, 'callbacks', [item], { after: ['enable_checkpointing', 'logger', ...DEVICE_KEYS] }));
      said.push('a ModelCheckpoint every 1000 steps');
    }
    return makeFix(`Save checkpoints periodically (${said.join(', ')})`, edits, true);
  }
  return toBucket(c.storage, (key) => (key === 'dirpath' ? findDirpath(root, trainer) : trainer.get(key)));
}

function findDirpath(root: YamlNode, trainer: YamlNode): YamlNode | undefined {
  for (const list of [trainer.get('callbacks'), root.get('callbacks')]) {
    const mc = list?.items().find(isModelCheckpoint);
    const dir = (mc?.get('init_args') ?? mc)?.get('dirpath');
    if (dir) return dir;
  }
  return undefined;
}

/** An ephemeral checkpoint directory replaced by a placeholder the user fills in (unsafe). */
function toBucket(storage: Fact<string> | undefined, nodeOf: (key: string) => YamlNode | undefined, placeholder: (dir: string) => string = () => BUCKET): Fix | undefined {
  if (storage?.value !== 'ephemeral' || storage.source.kind !== 'file' || fromOtherFile(storage)) return undefined;
  const node = nodeOf(storage.source.key);
  const dir = node?.str();
  if (!node || !dir || !EPHEMERAL_PREFIX.test(dir)) return undefined;
  return makeFix(`Write checkpoints to durable storage instead of ${dir} (fill in the location)`, [setScalar(node, placeholder(dir), { raw: true })], false, true);
}

/** A Hydra data file: its own keys are the DataModule's arguments. */
export function dataModuleEditor(root: YamlNode, job: Job): JobEditor {
  return { setDataWorkers: (workers) => setWorkers(root, job, workers) };
}

/** `num_workers: N` in a DataModule's arguments (replaced, or added beside the batch size). */
function setWorkers(args: YamlNode | undefined, job: Job, workers: number): Fix | undefined {
  if (!args?.isMap || fromOtherFile(job.dataLoading?.workers)) return undefined;
  const edit = upsertEntry(args, 'num_workers', workers, { after: ['batch_size', 'pin_memory'], noComment: true });
  // More worker processes change how data is fed, not what is trained on.
  return makeFix(`Load data in ${workers} worker processes (num_workers: ${workers})`, [edit], true);
}

/** A Hydra callbacks file: only its ModelCheckpoint can be changed here. */
export function callbacksEditor(args: YamlNode | undefined, job: Job): JobEditor {
  return {
    limitCheckpoints: (keep) => limitTopK(args, keep),
    addCheckpointing: () => {
      const c = job.checkpoint;
      if (c?.periodic?.value === false && args?.isMap) {
        return makeFix('Keep the last checkpoint (ModelCheckpoint save_last: true)', [upsertEntry(args, 'save_last', true, { noComment: true })], true);
      }
      return toBucket(c?.storage, (key) => (key === 'dirpath' ? args?.get('dirpath') : undefined));
    },
  };
}

/** litgpt configs: top-level `precision`, `train.save_interval`, `out_dir` (local paths only). */
export function litgptEditor(root: YamlNode, job: Job): JobEditor {
  return {
    setPrecision: (mode) => {
      if (precisionElsewhere(job) || job.precision?.value === mode) return undefined;
      const value = mode === 'bf16' ? 'bf16-true' : '16-mixed';
      return makeFix(`Train in ${mode} (precision: ${value})`, [upsertEntry(root, 'precision', value, { after: ['devices', 'quantize', 'out_dir'] })], true);
    },
    addCheckpointing: () => {
      const c = job.checkpoint;
      const train = root.get('train');
      if (c?.periodic?.value === false && train?.isMap) {
        return makeFix('Save a checkpoint every 1000 steps (train.save_interval: 1000)', [upsertEntry(train, 'save_interval', 1000, { noComment: true })], true);
      }
      // litgpt saves with torch.save to a local Path: a mounted persistent volume, not a bucket.
      return toBucket(c?.storage, (key) => root.get(key), (dir) => dir.replace(EPHEMERAL_PREFIX, '${1:/mnt/persistent}'));
    },
    useParquet: (d) => useParquet(root, d),
    setBatch: (change) => {
      // litgpt derives the accumulation from train.global_batch_size / (micro x devices): a new
      // micro-batch that divides the global batch keeps it, and nothing else needs writing.
      const train = root.get('train');
      const micro = train?.get('micro_batch_size');
      const global = train?.get('global_batch_size')?.num();
      const devices = root.get('devices')?.num() ?? 1;
      if (!micro?.num() || global === undefined || global % (change.perDevice * devices) !== 0) return undefined;
      if (change.gradientAccumulation !== undefined && change.gradientAccumulation !== global / (change.perDevice * devices)) return undefined;
      // A different batch changes the optimisation: offered, never applied unasked.
      return makeFix(change.title, [setScalar(micro, change.perDevice)], false);
    },
  };
}

function useParquet(root: YamlNode, d: Fact<DatasetRef>): Fix | undefined {
  const path = d.value.path;
  const next = path ? parquetPath(path) : undefined;
  if (!path || !next || !isRowFormat(d.value.format) || fromOtherFile(d)) return undefined;
  const edits = scalarsEqual(root.get('data'), path).flatMap((n) => setValue(n, next));
  return makeFix(parquetTitle(next, d.value.format), edits, false);
}

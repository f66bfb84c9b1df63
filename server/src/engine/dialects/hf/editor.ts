import { scalarsEqual, setValue, upsertKey, upsertKeys, type ConfigNodeRef } from '../../edit/configMap';
import { earlyStoppingArgs } from '../../edit/earlyStoppingArgs';
import { fromOtherFile, isRowFormat, makeFix, parquetPath, parquetTitle, precisionElsewhere } from '../../edit/fix';
import type { SourceDoc } from '../../source';
import type { DatasetRef, Fact, Fix, Job, JobEditor, TextEdit } from '../../types';
import type { HfFlavour } from './flavour';

// Fixes for HF-family configs (TrainingArguments YAML/JSON, TRL, LLaMA-Factory, axolotl), written
// as minimal edits in the file's own format through the shared YAML/JSON editors.

/** Where a new precision switch goes: beside the other one, else beside the training keys. */
const PRECISION_NEIGHBOURS = ['tf32', 'bfloat16', 'float16', 'pure_bf16', 'torch_dtype', 'gradient_checkpointing'];
const TRAINING_NEIGHBOURS = [
  'warmup_ratio', 'warmup_steps', 'lr_scheduler_type', 'lr_scheduler', 'learning_rate', 'num_train_epochs', 'num_epochs',
  'max_steps', 'gradient_accumulation_steps', 'per_device_train_batch_size', 'micro_batch_size',
];
const SAVE_NEIGHBOURS = ['save_strategy', 'save_total_limit', 'logging_steps', 'output_dir'];
const HUB_NEIGHBOURS = ['push_to_hub', 'hub_model_id', 'save_steps', 'saves_per_epoch', 'save_strategy', 'output_dir'];
/** Half-precision switches that must go off when the other mode is turned on. */
const CASTS: Record<'bf16' | 'fp16', string[]> = { bf16: ['fp16', 'float16'], fp16: ['bf16', 'bfloat16', 'pure_bf16'] };

export function hfEditor(doc: SourceDoc, flavour: HfFlavour, job: Job): JobEditor | undefined {
  const root: ConfigNodeRef | undefined = doc.format === 'yaml' ? doc.docs[0] : doc.format === 'json' ? doc.root : undefined;
  if (!root) return undefined;
  return {
    setPrecision: (mode) => setPrecision(root, job, mode),
    addCheckpointing: () => addCheckpointing(root, flavour, job),
    useParquet: (d) => useParquet(root, flavour, d),
    limitCheckpoints: (keep) => limitCheckpoints(root, job, keep),
    addEarlyStopping: (patience) => addEarlyStopping(root, flavour, job, patience),
    setBatch: (change) => setBatch(root, flavour, job, change),
    setDataWorkers: (workers) => setDataWorkers(root, job, workers),
  };
}

/** A key the job read from this file, by its fact; else `fallback`. */
function keyOf(fact: Fact<unknown> | undefined, fallback: string): string | undefined {
  if (fromOtherFile(fact)) return undefined;
  return fact?.source.kind === 'file' ? fact.source.key : fallback;
}

function limitCheckpoints(root: ConfigNodeRef, job: Job, keep: number): Fix | undefined {
  if (fromOtherFile(job.checkpoint?.retention)) return undefined;
  const edits = upsertKey(root, 'save_total_limit', keep, { after: ['save_steps', 'saves_per_epoch', 'save_strategy', ...SAVE_NEIGHBOURS] });
  // Deleting older checkpoints is a choice about what to keep: offered, never applied unasked.
  return makeFix(`Keep the last ${keep} checkpoints (save_total_limit: ${keep})`, edits, false);
}

/**
 * axolotl adds transformers' EarlyStoppingCallback when early_stopping_patience is set; the
 * callback needs the best checkpoint tracked on a metric, and an evaluation to compute it.
 * Plain TrainingArguments files cannot add a callback (it is passed in code): no fix there.
 */
function addEarlyStopping(root: ConfigNodeRef, flavour: HfFlavour, job: Job, patience: number): Fix | undefined {
  if (flavour === 'llama-factory') return llamaFactoryEarlyStopping(root, job, patience);
  if (flavour !== 'axolotl') return undefined;
  const entries: [string, string | number | boolean][] = [['early_stopping_patience', patience]];
  if (!root.get('load_best_model_at_end')) entries.push(['load_best_model_at_end', true]);
  if (!root.get('metric_for_best_model')) entries.push(['metric_for_best_model', 'eval_loss']);
  if (job.schedule?.evaluation?.value !== true) entries.push(['val_set_size', 0.05]);
  const existing = root.get('early_stopping_patience');
  const edits = existing ? setValue(existing, patience) : upsertKeys(root, entries, { after: ['evals_per_epoch', 'eval_steps', 'val_set_size', 'saves_per_epoch', ...TRAINING_NEIGHBOURS] });
  const said = entries.map(([k, v]) => `${k}: ${v}`).join(', ');
  // Stopping early changes the trained model (and a new validation split changes the training data).
  return makeFix(`Stop early when eval loss stops improving (${said})`, edits, false);
}

/**
 * LLaMA-Factory adds transformers' EarlyStoppingCallback (patience = `early_stopping_steps`), which
 * asserts what earlyStoppingArgs lists; it evaluates only with a validation split (`val_size` or an
 * `eval_dataset`), added when missing.
 */
function llamaFactoryEarlyStopping(root: ConfigNodeRef, job: Job, patience: number): Fix | undefined {
  const existing = root.get('early_stopping_steps');
  if (existing) return makeFix(`Stop early when eval loss stops improving (early_stopping_steps: ${patience})`, setValue(existing, patience), false);
  const str = (k: string) => {
    const n = root.get(k);
    return n ? (n.str() ?? null) : undefined;
  };
  const steps = (k: string) => {
    const n = root.get(k);
    const v = n?.num();
    return n ? (v !== undefined && Number.isInteger(v) && v >= 1 ? v : null) : undefined;
  };
  const best = root.get('load_best_model_at_end');
  const evalKey = root.get('evaluation_strategy') && !root.get('eval_strategy') ? 'evaluation_strategy' : 'eval_strategy';
  const needed = earlyStoppingArgs({
    evalKey,
    evalStrategy: str(evalKey),
    saveStrategy: str('save_strategy'),
    evalSteps: steps('eval_steps'),
    saveSteps: steps('save_steps'),
    loggingSteps: steps('logging_steps'),
    loadBest: best ? (best.bool() ?? null) : undefined,
    hasMetric: !!root.get('metric_for_best_model'),
  });
  if (!needed) return undefined;
  const entries: [string, string | number | boolean][] = [['early_stopping_steps', patience], ...needed];
  if (!root.get('val_size') && !root.get('eval_dataset')) entries.push(['val_size', 0.05]);
  const edits = upsertKeys(root, entries, { after: ['eval_steps', 'eval_strategy', 'val_size', 'save_steps', 'save_strategy', ...TRAINING_NEIGHBOURS] });
  const said = entries.map(([k, v]) => `${k}: ${v}`).join(', ');
  // Stopping early changes the trained model (and a new validation split changes the training data).
  return makeFix(`Stop early when eval loss stops improving (${said})`, edits, false);
}

function setBatch(root: ConfigNodeRef, flavour: HfFlavour, job: Job, change: { perDevice: number; gradientAccumulation?: number; title: string }): Fix | undefined {
  const b = job.batch;
  const perKey = keyOf(b?.perDevice, flavour === 'axolotl' ? 'micro_batch_size' : 'per_device_train_batch_size');
  if (!perKey) return undefined;
  const edits = upsertKey(root, perKey, change.perDevice, { after: TRAINING_NEIGHBOURS });
  if (change.gradientAccumulation !== undefined) {
    const gaKey = keyOf(b?.gradientAccumulation, 'gradient_accumulation_steps');
    if (!gaKey) return undefined;
    const n = root.get(gaKey);
    if (n) edits.push(...setValue(n, change.gradientAccumulation));
    else if (change.gradientAccumulation !== 1) return undefined;
  }
  return makeFix(change.title, edits, false);
}

function setDataWorkers(root: ConfigNodeRef, job: Job, workers: number): Fix | undefined {
  if (fromOtherFile(job.dataLoading?.workers)) return undefined;
  const edits = upsertKey(root, 'dataloader_num_workers', workers, { after: ['dataloader_pin_memory', 'per_device_train_batch_size', ...TRAINING_NEIGHBOURS] });
  // More worker processes only change how data is fed, not what is trained on.
  return makeFix(`Load data in ${workers} worker processes (dataloader_num_workers: ${workers})`, edits, true);
}

function setPrecision(root: ConfigNodeRef, job: Job, mode: 'bf16' | 'fp16'): Fix | undefined {
  if (precisionElsewhere(job) || job.precision?.value === mode) return undefined;
  const other = mode === 'bf16' ? 'fp16' : 'bf16';
  // `bf16: true` rather than axolotl's `auto`: the fix states the mode the rule asked for, and
  // `auto` silently stays fp32 on GPUs without bf16 instead of failing loudly.
  const edits: TextEdit[] = upsertKey(root, mode, true, { after: [other, ...PRECISION_NEIGHBOURS, ...TRAINING_NEIGHBOURS], commentedAliases: [] });
  const off: string[] = [];
  for (const key of CASTS[mode]) {
    const n = root.get(key);
    if (n?.bool() !== true) continue;
    edits.push(...setValue(n, false));
    off.push(`${key}: false`);
  }
  const title = `Train in ${mode} mixed precision (${[`${mode}: true`, ...off].join(', ')})`;
  return makeFix(title, edits, true);
}

function positive(n: ConfigNodeRef | undefined): boolean {
  const v = n?.num();
  return v !== undefined && v > 0;
}

function addCheckpointing(root: ConfigNodeRef, flavour: HfFlavour, job: Job): Fix | undefined {
  const c = job.checkpoint;
  if (!c) return undefined;
  const edits: TextEdit[] = [];
  const said: string[] = [];
  if (c.periodic?.value === false && !fromOtherFile(c.periodic)) {
    const strategy = root.get('save_strategy');
    const s = strategy?.str()?.trim().toLowerCase();
    // `no`, or `epoch` over a single epoch (only the final save): save every N steps instead.
    if (strategy && (s === 'no' || s === 'false' || s === 'epoch' || strategy.bool() === false)) {
      edits.push(...setValue(strategy, 'steps'));
      said.push('save_strategy: steps');
    }
    const hasInterval = positive(root.get('save_steps')) || positive(root.get('saves_per_epoch'));
    if (!hasInterval && flavour === 'axolotl') {
      edits.push(...upsertKey(root, 'saves_per_epoch', 4, { after: ['save_strategy', 'evals_per_epoch', ...SAVE_NEIGHBOURS] }));
      said.push('saves_per_epoch: 4');
    } else if (!hasInterval) {
      edits.push(...upsertKey(root, 'save_steps', 500, { after: SAVE_NEIGHBOURS }));
      said.push('save_steps: 500');
    }
  }
  const overwrite = root.get('overwrite_output_dir');
  if (overwrite?.bool() === true) {
    // Starting over in output_dir deletes the checkpoints a restarted run would resume from.
    edits.push(...setValue(overwrite, false));
    said.push('overwrite_output_dir: false');
  }
  if (edits.length) return makeFix(`Save checkpoints periodically (${said.join(', ')})`, edits, true);
  if (c.storage?.value === 'ephemeral' && !fromOtherFile(c.storage)) return pushToHub(root, flavour);
  return undefined;
}

/**
 * The Trainer writes only to a local output_dir (an `s3://` output_dir becomes a local folder
 * named `s3:`), so durable checkpoints from these configs go to the Hub: `hub_strategy: checkpoint`
 * pushes every save plus `last-checkpoint/` to resume from. The repo id is the user's to fill in.
 */
function pushToHub(root: ConfigNodeRef, flavour: HfFlavour): Fix | undefined {
  const keys: [string, string | boolean, { raw?: boolean }?][] = [];
  // axolotl pushes whenever hub_model_id is set; it has no push_to_hub switch.
  if (flavour !== 'axolotl') keys.push(['push_to_hub', true]);
  if (!root.get('hub_model_id')?.str()) keys.push(['hub_model_id', '${1:your-org/your-model}', { raw: true }]);
  keys.push(['hub_strategy', 'checkpoint']);
  const edits = upsertKeys(root, keys, { after: HUB_NEIGHBOURS });
  return makeFix('Push checkpoints to the Hugging Face Hub (hub_strategy: checkpoint; fill in the repo id)', edits, false, true);
}

function useParquet(root: ConfigNodeRef, flavour: HfFlavour, d: Fact<DatasetRef>): Fix | undefined {
  const path = d.value.path;
  const next = path ? parquetPath(path) : undefined;
  if (!path || !next || !isRowFormat(d.value.format) || fromOtherFile(d)) return undefined;
  const edits: TextEdit[] = [];
  for (const key of ['train_file', 'data_files']) {
    for (const n of scalarsEqual(root.get(key), path)) edits.push(...setValue(n, next));
  }
  if (flavour === 'axolotl') {
    for (const item of root.get('datasets')?.items() ?? []) edits.push(...axolotlItem(item, path, next));
  }
  return makeFix(parquetTitle(next, d.value.format), edits, false);
}

/** One `datasets:` item of axolotl: the file (`path` or `data_files`), and the loader type with it. */
function axolotlItem(item: ConfigNodeRef, path: string, next: string): TextEdit[] {
  const files = scalarsEqual(item.get('data_files'), path);
  const pathNode = item.get('path');
  const own = pathNode?.str() === path ? [pathNode] : [];
  if (!files.length && !own.length) return [];
  // data_files inside a Hub dataset repo (`path: org/name`): not the user's files to convert.
  const loader = pathNode?.str()?.trim().toLowerCase();
  const local = !loader || ['json', 'csv', 'parquet'].includes(loader) || /^[.~/]/.test(loader) || own.length > 0;
  if (files.length && !local) return [];
  const edits = [...files, ...own].flatMap((n) => setValue(n, next));
  const dsType = item.get('ds_type');
  if (dsType?.str()) edits.push(...setValue(dsType, 'parquet'));
  // `path: json` + data_files is load_dataset("json", data_files=...): the loader changes too.
  if (pathNode && files.length && (loader === 'json' || loader === 'csv')) edits.push(...setValue(pathNode, 'parquet'));
  return edits;
}

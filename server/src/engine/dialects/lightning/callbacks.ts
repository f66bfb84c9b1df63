import { byDefault, fromFile } from '../../facts';
import type { YamlNode } from '../../formats/yaml';
import type { CheckpointFacts, Fact, Range } from '../../types';
import { storageOf } from './paths';

/** A ModelCheckpoint or EarlyStopping callback as a config declares it. */
export interface CallbackSpec {
  kind: 'checkpoint' | 'early-stopping';
  /** The callback's arguments (Hydra keys beside `_target_`, or Lightning CLI `init_args`). */
  args?: YamlNode;
  /** One line that names the callback, where facts about it point. */
  line: Range;
}

// Hydra callback groups name them by convention even when `_target_` comes from a `defaults:` file.
const CHECKPOINT_NAMES = new Set(['model_checkpoint', 'checkpoint', 'checkpoint_callback', 'modelcheckpoint']);
const EARLY_NAMES = new Set(['early_stopping', 'early_stop', 'earlystopping', 'early_stopping_callback']);
const CHECKPOINT_ARGS = ['dirpath', 'save_last', 'save_top_k', 'every_n_train_steps', 'every_n_epochs', 'train_time_interval', 'filename'];
const EARLY_ARGS = ['patience', 'min_delta', 'stopping_threshold', 'divergence_threshold'];

function classKind(name: string | undefined): CallbackSpec['kind'] | undefined {
  if (!name) return undefined;
  if (/(^|\.)ModelCheckpoint$/.test(name)) return 'checkpoint';
  if (/(^|\.)EarlyStopping$/.test(name)) return 'early-stopping';
  return undefined;
}

function lineOf(node: YamlNode): Range {
  const line = (node.keyRange() ?? node.range()).start.line;
  return node.src.lines.lineRange(line);
}

/** One callback entry: `{_target_: ...}`, `{class_path: ..., init_args: {...}}`, or a named Hydra block. */
function specOf(entry: YamlNode): CallbackSpec | undefined {
  if (!entry.isMap) return undefined;
  const target = entry.get('_target_')?.str();
  const classPath = entry.get('class_path')?.str();
  const byClass = classKind(target) ?? classKind(classPath);
  if (byClass) return { kind: byClass, args: classPath ? entry.get('init_args') : entry, line: lineOf(entry) };
  if (target || classPath) return undefined; // some other callback
  const name = entry.keyName?.toLowerCase();
  const has = (keys: string[]) => keys.some((k) => entry.get(k) !== undefined);
  if (name && CHECKPOINT_NAMES.has(name) && has(CHECKPOINT_ARGS)) return { kind: 'checkpoint', args: entry, line: lineOf(entry) };
  if (name && EARLY_NAMES.has(name) && has(EARLY_ARGS)) return { kind: 'early-stopping', args: entry, line: lineOf(entry) };
  return undefined;
}

/** Callbacks in a map of named callbacks (Hydra) or a list (Lightning CLI `trainer.callbacks`). */
export function findCallbacks(node: YamlNode | undefined): CallbackSpec[] {
  if (!node) return [];
  if (node.isSeq) return node.items().map(specOf).filter((s): s is CallbackSpec => !!s);
  const own = specOf(node);
  if (own && (node.get('_target_') || node.get('class_path'))) return [own];
  return node.entries().map(specOf).filter((s): s is CallbackSpec => !!s);
}

/** What a ModelCheckpoint says about periodic saving and where checkpoints go. */
export function checkpointFromCallback(spec: CallbackSpec): CheckpointFacts {
  const out: CheckpointFacts = {};
  const a = spec.args;
  const n = (k: string) => a?.get(k)?.num();
  const saveLast = a?.get('save_last');
  const steps = a?.get('every_n_train_steps');
  const interval = a?.get('train_time_interval');
  const epochs = a?.get('every_n_epochs');
  const topK = n('save_top_k');
  if (steps && (steps.num() ?? 0) > 0) out.periodic = fromFile(true, steps.range(), 'every_n_train_steps');
  else if (interval && interval.value() != null) out.periodic = fromFile(true, interval.range(), 'train_time_interval');
  else if (epochs && (epochs.num() ?? 0) > 0) out.periodic = fromFile(true, epochs.range(), 'every_n_epochs');
  else if (saveLast && saveLast.bool()) out.periodic = fromFile(true, saveLast.range(), 'save_last');
  else if (epochs?.num() === 0 || topK === 0) {
    // every_n_epochs=0 / save_top_k=0 (without save_last) turn saving off.
    const off = epochs?.num() === 0 ? epochs : a!.get('save_top_k')!;
    out.periodic = fromFile(false, off.range(), off.keyName ?? 'save_top_k');
  } else {
    // With no interval set, ModelCheckpoint saves at the end of every training epoch.
    out.periodic = fromFile(true, spec.line, 'ModelCheckpoint');
  }
  if (out.periodic?.value) retentionOf(spec, out);
  const dir = a?.get('dirpath');
  const dirText = dir?.str();
  if (dir && dirText) {
    out.location = fromFile(dirText, dir.range(), 'dirpath');
    out.storage = fromFile(storageOf(dirText), dir.range(), 'dirpath');
  }
  return out;
}

/** save_top_k (-1 keeps all; default 1) and how often a checkpoint is written. */
function retentionOf(spec: CallbackSpec, out: CheckpointFacts): void {
  const a = spec.args;
  const top = a?.get('save_top_k');
  const k = top?.num();
  if (top && k !== undefined) out.retention = fromFile<number | 'all'>(k < 0 ? 'all' : k, top.range(), 'save_top_k');
  else out.retention = byDefault<number | 'all'>(1, 'ModelCheckpoint keeps one checkpoint by default (save_top_k=1)', spec.line);
  const steps = a?.get('every_n_train_steps');
  const sv = steps?.num();
  const epochs = a?.get('every_n_epochs');
  const ev = epochs?.num();
  if (steps && sv !== undefined && sv > 0) out.intervalSteps = fromFile(sv, steps.range(), 'every_n_train_steps');
  else if (epochs && ev !== undefined && ev > 0) out.savesPerEpoch = fromFile(1 / ev, epochs.range(), 'every_n_epochs');
  else if (!a?.get('train_time_interval')) out.savesPerEpoch = byDefault(1, 'ModelCheckpoint saves after every training epoch by default', spec.line);
}

export function earlyStoppingFact(specs: CallbackSpec[]): Fact<boolean> | undefined {
  const es = specs.find((s) => s.kind === 'early-stopping');
  return es ? fromFile(true, es.line, 'EarlyStopping') : undefined;
}

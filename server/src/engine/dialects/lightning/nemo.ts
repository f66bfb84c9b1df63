// NVIDIA NeMo training configs: a Lightning `trainer:` block beside an `exp_manager:` block. NeMo's
// scripts call `exp_manager(trainer, cfg.exp_manager)`, which adds its own ModelCheckpoint
// (NeMoModelCheckpoint) and optionally EarlyStopping; NeMo configs therefore set the Trainer's
// `enable_checkpointing: False` while still saving checkpoints. Defaults below are NeMo's
// ExpManagerConfig / CallbackParams / EarlyStoppingParams (nemo/utils/exp_manager.py).

import { makeFix } from '../../edit/fix';
import { insertEntries, insertEntry, raw, setScalar, type YamlValue } from '../../edit/yamlEdit';
import { byDefault, fromFile } from '../../facts';
import type { YamlNode } from '../../formats/yaml';
import type { BatchFacts, CheckpointFacts, Fact, Fix, ModelFacts, Range, TextEdit } from '../../types';
import { transformerFromSettings } from '../modelShape';
import { checkpointFromCallback } from './callbacks';
import { literal, storageOf } from './paths';

const CHECKPOINT_DEFAULT = 'NeMo exp_manager adds a checkpoint callback by default (create_checkpoint_callback=True) that saves every epoch';
const TOP_K_DEFAULT = 'NeMo exp_manager keeps save_top_k=3 checkpoints (plus the last) by default';
const EARLY_STOP_DEFAULT = 'NeMo exp_manager adds no EarlyStopping callback unless create_early_stopping_callback is true';
/** NeMo fine-tuning scripts start from one of these (a .nemo file or a pretrained NGC/HF name). */
const INIT_KEYS = ['init_from_nemo_model', 'init_from_pretrained_model', 'init_from_ptl_ckpt'];

/** The `exp_manager:` block of a NeMo config, when there is one. */
export function expManagerOf(root: YamlNode): YamlNode | undefined {
  const em = root.get('exp_manager');
  return em?.isMap ? em : undefined;
}

function keyLine(node: YamlNode): Range {
  return node.src.lines.lineRange((node.keyRange() ?? node.range()).start.line);
}

/**
 * The checkpoint facts exp_manager decides; undefined when it creates no checkpoint callback
 * (`create_checkpoint_callback: false`), where the Trainer's own settings apply.
 */
export function expManagerCheckpoint(em: YamlNode): CheckpointFacts | undefined {
  const create = em.get('create_checkpoint_callback');
  if (create?.bool() === false) return undefined;
  const params = em.get('checkpoint_callback_params');
  let out: CheckpointFacts;
  if (params?.isMap) {
    out = checkpointFromCallback({ kind: 'checkpoint', args: params, line: keyLine(params) });
    // checkpointFromCallback knows Lightning's defaults; NeMo's CallbackParams differ in save_top_k.
    if (out.retention?.source.kind === 'default') out.retention = byDefault<number | 'all'>(3, TOP_K_DEFAULT, keyLine(params));
  } else {
    const at = create ?? em;
    out = {
      periodic: create ? fromFile(true, create.range(), 'exp_manager.create_checkpoint_callback') : byDefault(true, CHECKPOINT_DEFAULT, keyLine(em)),
      retention: byDefault<number | 'all'>(3, TOP_K_DEFAULT, keyLine(at)),
      savesPerEpoch: byDefault(1, CHECKPOINT_DEFAULT, keyLine(at)),
    };
  }
  // Without a dirpath, checkpoints go to <explicit_log_dir | exp_dir/name/version>/checkpoints.
  if (!out.location) {
    for (const k of ['explicit_log_dir', 'exp_dir']) {
      const n = em.get(k);
      const dir = literal(n);
      if (n && dir && dir.trim()) {
        out.location = fromFile(dir, n.range(), `exp_manager.${k}`);
        out.storage = fromFile(storageOf(dir), n.range(), `exp_manager.${k}`);
        break;
      }
    }
  }
  const resume = em.get('resume_if_exists');
  const from = em.get('resume_from_checkpoint');
  const fromPath = from?.value();
  if (from && typeof fromPath === 'string' && fromPath.trim()) out.resume = fromFile(true, from.range(), 'exp_manager.resume_from_checkpoint');
  else if (resume && resume.bool() !== undefined) out.resume = fromFile(resume.bool()!, resume.range(), 'exp_manager.resume_if_exists');
  return out;
}

/** Whether exp_manager stops training early; `epochsAt` is where a default points (the epoch count). */
export function expManagerEarlyStopping(em: YamlNode, epochsAt: Range | undefined): Fact<boolean> {
  const create = em.get('create_early_stopping_callback');
  const v = create?.bool();
  if (create && v !== undefined) return fromFile(v, create.range(), 'exp_manager.create_early_stopping_callback');
  return byDefault(false, EARLY_STOP_DEFAULT, epochsAt);
}

/**
 * NeMo fine-tuning configs name the model they start from (`init_from_pretrained_model:
 * stt_en_conformer_ctc_large`) or leave the key empty for the command line to fill: either way
 * the run fine-tunes pretrained weights.
 */
export function nemoInitModel(root: YamlNode): ModelFacts | undefined {
  const keys = INIT_KEYS.map((k) => root.get(k)).filter((n): n is YamlNode => n !== undefined);
  if (!keys.length) return undefined;
  const set = (n: YamlNode) => {
    const v = literal(n)?.trim();
    return v && v !== '???' ? v : undefined; // `???` = OmegaConf's mandatory value, given at launch
  };
  const at = keys.find(set) ?? keys[0];
  const m: ModelFacts = { pretrained: fromFile(true, at.range(), at.keyName ?? INIT_KEYS[0]) };
  // Only the pretrained name is a model id; the others are checkpoint paths.
  const name = root.get('init_from_pretrained_model');
  const id = name && set(name);
  if (name && id) m.id = fromFile(id, name.range(), 'init_from_pretrained_model');
  return m;
}

/**
 * NeMo's early-stopping switch, in exp_manager (a Trainer `callbacks:` entry would not be built by
 * NeMo's scripts, which pass `cfg.trainer` to the Trainer as keyword arguments). The monitor is
 * the checkpoint callback's (ASR models log `val_wer`, not NeMo's default `val_loss`).
 */
export function nemoEarlyStoppingFix(em: YamlNode, patience: number): Fix | undefined {
  const ckpt = em.get('checkpoint_callback_params');
  const monitor = literal(ckpt?.get('monitor'));
  const mode = literal(ckpt?.get('mode'));
  const params: { [k: string]: YamlValue } = { monitor: monitor ?? raw('${1:val_loss}'), ...(mode && { mode }), patience };
  const create = em.get('create_early_stopping_callback');
  const existing = em.get('early_stopping_callback_params');
  const edits: (TextEdit | undefined)[] = [];
  if (create) edits.push(setScalar(create, true));
  if (!existing) {
    const entries: { [k: string]: YamlValue } = create ? { early_stopping_callback_params: params } : { create_early_stopping_callback: true, early_stopping_callback_params: params };
    edits.push(insertEntries(em, entries, { after: create ? ['create_early_stopping_callback'] : ['checkpoint_callback_params', 'create_checkpoint_callback'] }));
  } else if (!create) {
    edits.push(insertEntry(em, 'create_early_stopping_callback', true, { after: ['checkpoint_callback_params', 'create_checkpoint_callback'] }));
  }
  if (edits.some((e) => !e)) return undefined; // half of it would stop on NeMo's default val_loss
  // Stopping changes the trained model: offered, never applied unasked.
  return makeFix(`Stop early when ${monitor ?? 'the validation metric'} stops improving (exp_manager.create_early_stopping_callback, patience ${patience})`, edits, false, !monitor);
}

/** `create_checkpoint_callback: false` → true: NeMo's callback saves every epoch and keeps the best 3 plus the last. */
export function nemoCheckpointingFix(em: YamlNode): Fix | undefined {
  const create = em.get('create_checkpoint_callback');
  if (create?.bool() !== false) return undefined;
  return makeFix('Let exp_manager save checkpoints (create_checkpoint_callback: true)', [setScalar(create, true)], true);
}

/**
 * A NeMo Megatron model block (`model: {num_layers, hidden_size, ffn_hidden_size, micro_batch_size,
 * global_batch_size, encoder_seq_length, ...}`): the model's shape, and a batch in which Megatron
 * accumulates micro-batches up to the global batch across all data-parallel GPUs.
 */
export function nemoMegatron(model: YamlNode | undefined): { model?: ModelFacts; batch?: BatchFacts } {
  if (!model?.isMap) return {};
  const int = (...names: string[]): Fact<number> | undefined => {
    for (const k of names) {
      const n = model.get(k);
      const v = n?.num();
      if (n && v !== undefined && Number.isInteger(v) && v > 0) return fromFile(v, n.range(), `model.${k}`);
    }
    return undefined;
  };
  const shape = transformerFromSettings({
    int,
    bool: (...names) => names.map((k) => model.get(k)?.bool()).find((b) => b !== undefined),
    str: (...names) => names.map((k) => model.get(k)?.str()).find((s) => s !== undefined),
  });
  const out: { model?: ModelFacts; batch?: BatchFacts } = {};
  if (shape) out.model = shape;
  const micro = int('micro_batch_size');
  const global = int('global_batch_size');
  const seq = int('encoder_seq_length', 'seq_length', 'max_position_embeddings');
  if (micro || seq) {
    const b: BatchFacts = {};
    if (micro) b.perDevice = micro;
    if (seq) b.sequenceLength = seq;
    const globalNode = model.get('global_batch_size');
    if (micro && global && globalNode && global.value >= micro.value) {
      b.gradientAccumulation = fromFile(global.value / micro.value, globalNode.range(), 'model.global_batch_size');
      b.accumulationIsGlobal = fromFile(true, globalNode.range(), 'model.global_batch_size');
    }
    out.batch = b;
  }
  return out;
}

import type { YamlNode } from '../../formats/yaml';

// Arguments of `lightning.pytorch.Trainer` (2.x, plus 1.x names still found in configs).
const TRAINER_KEYS = new Set([
  'accelerator', 'strategy', 'devices', 'num_nodes', 'precision', 'logger', 'callbacks', 'fast_dev_run',
  'max_epochs', 'min_epochs', 'max_steps', 'min_steps', 'max_time', 'limit_train_batches', 'limit_val_batches',
  'limit_test_batches', 'limit_predict_batches', 'overfit_batches', 'val_check_interval',
  'check_val_every_n_epoch', 'num_sanity_val_steps', 'log_every_n_steps', 'enable_checkpointing',
  'enable_progress_bar', 'enable_model_summary', 'accumulate_grad_batches', 'gradient_clip_val',
  'gradient_clip_algorithm', 'deterministic', 'benchmark', 'inference_mode', 'use_distributed_sampler',
  'profiler', 'detect_anomaly', 'barebones', 'plugins', 'sync_batchnorm', 'reload_dataloaders_every_n_epochs',
  'default_root_dir', 'gpus', 'tpu_cores', 'auto_select_gpus', 'resume_from_checkpoint', 'amp_backend',
]);

// The subset no other tool we know spells the same way: one of these is strong evidence.
const DISTINCTIVE = new Set([
  'max_epochs', 'min_epochs', 'check_val_every_n_epoch', 'num_sanity_val_steps', 'log_every_n_steps',
  'enable_checkpointing', 'enable_progress_bar', 'enable_model_summary', 'accumulate_grad_batches',
  'gradient_clip_val', 'gradient_clip_algorithm', 'limit_train_batches', 'limit_val_batches',
  'val_check_interval', 'overfit_batches', 'sync_batchnorm', 'reload_dataloaders_every_n_epochs',
  'default_root_dir', 'use_distributed_sampler', 'tpu_cores',
]);

// Keys of other trainers' configs (HF TrainingArguments, torchtune, axolotl) that share Lightning
// words such as `log_every_n_steps` or `max_steps`: their presence at the root rules Lightning out.
const FOREIGN_KEYS = ['num_train_epochs', 'per_device_train_batch_size', 'checkpointer', 'output_dir', 'base_model', 'recipe', 'max_steps_per_epoch'];

/** torchtune wires its parts with `_component_`: a file that does is torchtune's, not Lightning's. */
function isForeign(map: YamlNode): boolean {
  if (FOREIGN_KEYS.some((k) => map.get(k) !== undefined)) return true;
  return map.entries().some((e) => e.isMap && e.get('_component_') !== undefined);
}

const ACCELERATORS = new Set(['gpu', 'cuda', 'cpu', 'tpu', 'mps', 'hpu', 'ipu', 'auto']);

const TRAINER_TARGET = /^(lightning(\.pytorch)?|pytorch_lightning)(\.trainer){0,2}\.Trainer$/;

export function isLightningTrainerTarget(s: string | undefined): boolean {
  return !!s && TRAINER_TARGET.test(s.trim());
}

/**
 * Whether `map` holds Trainer arguments: a Hydra `_target_` naming the Trainer, or enough Trainer
 * keys that no other tool would write together (`accelerator: gpu` + `devices: 1` counts, as in
 * lightning-hydra-template's `trainer/gpu.yaml`).
 */
export function looksLikeTrainer(map: YamlNode | undefined): boolean {
  if (!map?.isMap) return false;
  const target = map.get('_target_')?.str();
  if (target !== undefined) return isLightningTrainerTarget(target);
  if (map.get('class_path') !== undefined || isForeign(map)) return false;
  const keys = map.entries().map((e) => e.keyName ?? '');
  const all = keys.filter((k) => TRAINER_KEYS.has(k)).length;
  const distinctive = keys.filter((k) => DISTINCTIVE.has(k)).length;
  const accel = map.get('accelerator')?.str()?.toLowerCase();
  const knownAccel = accel !== undefined && ACCELERATORS.has(accel);
  return distinctive >= 2 || (distinctive >= 1 && all >= 3) || (knownAccel && (map.get('devices') !== undefined || map.get('strategy') !== undefined));
}

/** Hydra composes this file from others (`defaults:` names more than `_self_`): unset keys may be set there. */
export function isHydraComposed(root: YamlNode): boolean {
  const d = root.get('defaults');
  if (!d?.isSeq) return false;
  return d.items().some((i) => i.str() !== '_self_');
}

import type { ConfigNode } from './configNode';

// Which HF-family tool reads a config decides the defaults that apply when a key is absent
// (TRL: bf16 on; LLaMA-Factory: dtype from the model; axolotl and plain TrainingArguments: fp32).

export type HfFlavour = 'llama-factory' | 'axolotl' | 'trl' | 'trainer';

/**
 * Keys that only HF-style training configs use. One of them plus one more distinctive key makes
 * the file ours; generic words (`output_dir`, `dataset`, `template`) never count alone.
 */
const STRONG = new Set([
  // transformers TrainingArguments / example-script arguments
  'per_device_train_batch_size', 'per_device_eval_batch_size', 'num_train_epochs',
  'gradient_accumulation_steps', 'model_name_or_path', 'save_strategy', 'save_total_limit',
  'eval_strategy', 'evaluation_strategy', 'logging_steps', 'warmup_ratio', 'lr_scheduler_type',
  'dataset_name', 'do_train', 'push_to_hub', 'hub_model_id', 'hub_strategy', 'overwrite_output_dir',
  'max_seq_length', 'bf16', 'fp16', 'torch_dtype', 'gradient_checkpointing', 'save_steps',
  // TRL / alignment-handbook
  'use_peft', 'dataset_mixture', 'dataset_mixer', 'dataset_text_field',
  // LLaMA-Factory
  'finetuning_type', 'cutoff_len', 'pure_bf16', 'quantization_bit', 'lora_target', 'lora_rank',
  // axolotl
  'base_model', 'micro_batch_size', 'sequence_len', 'sample_packing', 'saves_per_epoch',
  'evals_per_epoch', 'val_set_size', 'auto_resume_from_checkpoints', 'dataset_prepared_path',
  'lora_target_linear',
]);

/** Also distinctive, but common outside ML configs too. */
const WEAK = new Set([
  'output_dir', 'learning_rate', 'num_epochs', 'max_steps', 'weight_decay', 'warmup_steps',
  'report_to', 'dataset', 'datasets', 'template', 'stage', 'adapter', 'lora_r', 'lora_alpha',
  'resume_from_checkpoint', 'max_length', 'train_file',
]);

/** Keys of formats other dialects own, or of files that are not training configs at all. */
const FOREIGN = [
  'apiVersion', 'services', 'compilerOptions', 'openapi', 'swagger', // k8s, compose, tsconfig, OpenAPI
  'trainer', 'precision', // Lightning / litgpt
  'zero_optimization', 'train_micro_batch_size_per_gpu', 'train_batch_size', // DeepSpeed
  'compute_environment', 'distributed_type', // Accelerate
  'log_history', 'global_step', // trainer_state.json written into checkpoints
  'peft_type', 'architectures', // adapter_config.json, model config.json
  'resources', 'setup', 'run', // SkyPilot
];

/** Shapes a real HF config gives these keys (wandb's `config.yaml` wraps each value in a map). */
function plausible(n: ConfigNode): boolean {
  switch (n.key) {
    case 'datasets':
      return n.shape === 'seq';
    case 'dataset_mixture':
    case 'dataset_mixer':
      return n.shape === 'map';
    case 'report_to':
      return n.shape !== 'map';
    default:
      return n.shape === 'scalar';
  }
}

/** True when `root` reads as an HF-family training config. */
export function looksLikeHfConfig(root: ConfigNode): boolean {
  if (FOREIGN.some((k) => root.getRaw(k) !== undefined)) return false;
  // torchtune (and other instantiate-style configs) own files with `_component_` blocks.
  if (root.entries().some((e) => e.shape === 'map' && e.getRaw('_component_') !== undefined)) return false;
  let strong = 0;
  let weak = 0;
  for (const e of root.entries()) {
    if (!e.key || e.isNull || !plausible(e)) continue;
    if (STRONG.has(e.key)) strong++;
    else if (WEAK.has(e.key)) weak++;
  }
  return strong >= 1 && strong + weak >= 2;
}

const LF_STAGES = new Set(['pt', 'sft', 'rm', 'ppo', 'dpo', 'kto']);
// `export_*` and `adapter_name_or_path` are LLaMA-Factory's merge/export and chat configs' keys.
const LF_KEYS = ['finetuning_type', 'cutoff_len', 'pure_bf16', 'quantization_bit', 'lora_target', 'infer_backend', 'dataset_dir', 'export_dir', 'export_size', 'adapter_name_or_path'];
const AXOLOTL_KEYS = [
  'base_model', 'micro_batch_size', 'sequence_len', 'sample_packing', 'saves_per_epoch', 'evals_per_epoch',
  'val_set_size', 'auto_resume_from_checkpoints', 'dataset_prepared_path', 'lora_target_linear', 'float16', 'bfloat16',
];
/** Arguments only TRL's configs (SFT/DPO/KTO/ORPO/GRPO/reward) and alignment-handbook take. */
const TRL_KEYS = [
  'dataset_mixture', 'dataset_mixer', 'dataset_splits', 'dataset_text_field', 'packing', 'use_peft', 'beta',
  'max_prompt_length', 'max_completion_length', 'completion_only_loss', 'assistant_only_loss', 'loss_type',
  'dataset_num_proc', 'dataset_train_split', 'dataset_test_split', 'num_generations', 'use_vllm',
  'reward_model_path', 'sft_model_path', 'ref_model_init_kwargs', 'model_init_kwargs', 'padding_free',
];

export function flavourOf(root: ConfigNode, text: string): HfFlavour {
  const stage = root.get('stage')?.str();
  if (LF_KEYS.some((k) => root.has(k)) || (stage && LF_STAGES.has(stage)) || (root.has('template') && (root.has('dataset') || !isSurelyTrainingArguments(root)))) {
    return 'llama-factory';
  }
  if (AXOLOTL_KEYS.some((k) => root.has(k))) return 'axolotl';
  if (TRL_KEYS.some((k) => root.has(k))) return 'trl';
  // The config says it is for the TRL CLI (`trl sft --config config.yaml`).
  if (/^\s*(#|\/\/).*\btrl\s+(sft|dpo|kto|grpo|reward|orpo)\b/m.test(text)) return 'trl';
  // transformers' example scripts train only with `do_train`; a Hub dataset config without it is
  // a TRL script's (those always train).
  if (root.has('dataset_name') && !root.has('do_train')) return 'trl';
  return 'trainer';
}

/** Fields of transformers' TrainingArguments: enough of them and the fp32 default surely applies. */
const TRAINING_ARGUMENTS = [
  'output_dir', 'per_device_train_batch_size', 'per_device_eval_batch_size', 'num_train_epochs', 'max_steps',
  'learning_rate', 'gradient_accumulation_steps', 'save_strategy', 'save_steps', 'eval_strategy',
  'evaluation_strategy', 'logging_steps', 'warmup_ratio', 'warmup_steps', 'lr_scheduler_type', 'do_train',
  'weight_decay', 'save_total_limit', 'overwrite_output_dir', 'push_to_hub', 'report_to', 'seed',
];

export function isSurelyTrainingArguments(root: ConfigNode): boolean {
  return TRAINING_ARGUMENTS.filter((k) => root.has(k)).length >= 3;
}

export const FLAVOUR_NAMES: Record<HfFlavour, string> = {
  'llama-factory': 'LLaMA-Factory config',
  axolotl: 'axolotl config',
  trl: 'TRL config',
  trainer: 'TrainingArguments config',
};

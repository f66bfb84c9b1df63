// What a launched command is for: training, serving a model, an interactive dev box, or neither
// (`pip install`, `cd`, `echo`). Conservative: a command is training only when the launcher, the
// CLI subcommand, the script's name or its flags say so.

import { basename, readsFlagPairs, YOLO_PROGRAMS } from './argv';
import type { Invocation } from './types';

export type LaunchKind = 'training' | 'inference' | 'dev' | 'other';

// `train` but not `constraint`; short method names only as whole words (`run_sft.py`, not `support.py`).
const TRAINISH_RE = [
  /(?<!(con|re)s)train/i,
  /finetun|fine[-_]tun|distill/i,
  /(^|[^a-z])(sft|dpo|orpo|kto|grpo|ppo|rlhf|rloo|simpo|cpo)([^a-z]|$)/i,
  /run_(clm|mlm|glue|qa|ner|swag|summarization|translation|classification|seq2seq|image|speech|xnli|plm|t5)/i,
];
const TRAINISH = { test: (s: string): boolean => TRAINISH_RE.some((re) => re.test(s)) };
const SERVEISH = /serve|server|inference|infer\b|infer[-_.]|predict|generate|chat|api_server|launch_server|openai/i;
/** Steps around training that a launcher also runs: data prep, evaluation, merging weights. */
const AUXILIARY = /preprocess|prepare|download|convert|export|merge|eval|benchmark|quantiz/i;
const DEVISH_MODULES = /^(jupyter|jupyterlab|notebook|jupyter_server)(\.|$)/;
const DEV_PROGRAMS = new Set(['jupyter', 'jupyter-lab', 'jupyter-notebook', 'jupyterhub', 'code-server', 'openvscode-server']);
const INFERENCE_PROGRAMS = new Set(['vllm', 'text-generation-launcher', 'text-generation-server', 'tgi', 'tritonserver', 'trtllm-serve', 'llama-server', 'sglang', 'lmdeploy', 'ollama', 'uvicorn', 'gunicorn']);
const INFERENCE_MODULES = /^(vllm|sglang|fastchat\.serve|text_generation_server|lmdeploy|tensorrt_llm\.serve|llama_cpp\.server)(\.|$)/;
const TRAINING_MODULES = /^(axolotl\.cli\.train|llamafactory\.(train|launcher)|trl\.scripts|torchtune|composer|nanotron|megatron|litgpt\.(finetune|pretrain))/;
const TRL_TRAINING = /^(sft|dpo|kto|orpo|grpo|rloo|ppo|reward|cpo|bco|gkd|nash_md|online_dpo|xpo|prm)$/;

/** HF TrainingArguments flags: a command carrying one runs a Trainer script. */
const HF_DISTINCTIVE = ['per_device_train_batch_size', 'per_device_eval_batch_size', 'num_train_epochs', 'do_train', 'eval_strategy', 'evaluation_strategy', 'save_strategy', 'lr_scheduler_type', 'warmup_ratio', 'overwrite_output_dir', 'save_total_limit', 'logging_strategy', 'logging_dir'];
const HF_COMMON = ['output_dir', 'learning_rate', 'model_name_or_path', 'logging_steps', 'gradient_accumulation_steps', 'save_steps', 'max_steps', 'weight_decay', 'warmup_steps', 'report_to'];
/** Flags only a training command has. */
const TRAINING_FLAGS = [...HF_DISTINCTIVE, 'learning_rate', 'lr', 'epochs', 'max_epochs', 'num_epochs', 'max_steps', 'max_iters', 'train_file', 'gradient_accumulation_steps', 'save_steps', 'batch_size', 'micro_batch_size'];
const PYTHON_FAMILY = new Set(['python', 'torchrun', 'accelerate', 'deepspeed']);

export function hasFlag(inv: Invocation, name: string): boolean {
  for (const k of inv.flags.keys()) if (k.toLowerCase() === name || k.toLowerCase().endsWith('.' + name)) return true;
  return false;
}

/** A python/torchrun/accelerate/deepspeed command passing TrainingArguments flags. */
export function isHfTrainerStyle(inv: Invocation): boolean {
  if (!PYTHON_FAMILY.has(inv.program)) return false;
  if (HF_DISTINCTIVE.some((f) => inv.flags.has(f))) return true;
  return HF_COMMON.filter((f) => inv.flags.has(f)).length >= 2;
}

/** `yolo train ...` / `yolo task=detect mode=train ...`: Ultralytics' training CLI. */
export function isYoloTraining(inv: Invocation): boolean {
  return YOLO_PROGRAMS.has(inv.program) && inv.script === 'train';
}

/** `trl sft|dpo|...`: TRL's configs default to bf16. */
export function isTrlTraining(inv: Invocation): boolean {
  return inv.program === 'trl' && !!inv.script && TRL_TRAINING.test(inv.script);
}

/**
 * A python-family command running some script that is no data-prep/eval step: when nothing else
 * in a launch reads as training, such a command (a SageMaker `entry_point`, a container's argv)
 * still carries the job's flags.
 */
export function isPlainScriptLaunch(inv: Invocation): boolean {
  return PYTHON_FAMILY.has(inv.program) && !!inv.script && !AUXILIARY.test(basename(inv.script)) && !DEVISH_MODULES.test(inv.script);
}

export function classifyInvocation(inv: Invocation): LaunchKind {
  const p = inv.program;
  const s = inv.script ?? '';
  const scriptName = basename(s);
  if (DEV_PROGRAMS.has(p) || (p === 'python' && DEVISH_MODULES.test(s))) return 'dev';
  if (p === 'sleep' && /^(infinity|inf)$/.test(inv.args[0]?.text ?? '')) return 'dev';
  if (p === 'tail' && inv.args.some((a) => a.text === '/dev/null')) return 'dev';
  if (INFERENCE_PROGRAMS.has(p) || (p === 'python' && INFERENCE_MODULES.test(s))) return 'inference';
  switch (p) {
    case 'axolotl':
      return s === 'train' ? 'training' : /inference|chat/.test(s) ? 'inference' : 'other';
    case 'llamafactory-cli':
    case 'lmf':
      return s === 'train' ? 'training' : /^(chat|api|webchat|webui)$/.test(s) ? 'inference' : 'other';
    case 'trl':
      return TRL_TRAINING.test(s) ? 'training' : s === 'chat' ? 'inference' : 'other';
    case 'litgpt':
      return /^(finetune|pretrain)/.test(s) ? 'training' : /^(serve|generate|chat)/.test(s) ? 'inference' : 'other';
    case 'tune':
      return /generate/.test(s) ? 'inference' : /eval/.test(s) ? 'other' : s ? 'training' : 'other';
    case 'composer':
      return 'training';
  }
  // Ultralytics: `yolo train ...`; predict/val/export/benchmark are one-off steps, not a workload to cost.
  if (YOLO_PROGRAMS.has(p)) return s === 'train' ? 'training' : 'other';
  if (PYTHON_FAMILY.has(p)) {
    // detectron2's `train_net.py --eval-only` (and scripts like it) only evaluate a checkpoint.
    if (inv.flags.get('eval_only') && !/^(false|0|no)$/i.test(inv.flags.get('eval_only')!.value ?? '')) return 'other';
    if (TRAINING_MODULES.test(s) || TRAINISH.test(scriptName)) return 'training';
    if (isHfTrainerStyle(inv) || TRAINING_FLAGS.some((f) => hasFlag(inv, f))) return 'training';
    if (SERVEISH.test(scriptName)) return 'inference';
    if (AUXILIARY.test(scriptName)) return 'other';
    // A distributed launcher runs training unless the script says otherwise.
    return p !== 'python' && s ? 'training' : 'other';
  }
  // Compiled trainers and shell wrappers: `./train_gpt2cu`, `bash finetune.sh`.
  if (readsFlagPairs(p)) return 'training';
  if (TRAINISH.test(basename(p)) || ((p === 'bash' || p === 'sh') && TRAINISH.test(basename(inv.args[0]?.text ?? '')))) return 'training';
  return 'other';
}

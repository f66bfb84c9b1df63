import { byDefault, fromFile } from '../../facts';
import type { BatchFacts, Fact, ModelFacts, ScheduleFacts, TrainingMode, TrainingObjective, Workload } from '../../types';
import { strOf, type ConfigNode } from './configNode';
import type { HfFlavour } from './flavour';

// Model, batch, schedule and workload of HF-family configs: the same facts under each tool's names.

/** First present key of `keys` with a positive number. */
function firstNum(root: ConfigNode, keys: readonly string[], min = 0): Fact<number> | undefined {
  for (const k of keys) {
    const n = root.get(k);
    const v = n?.num();
    if (n && v !== undefined && v > min) return fromFile(v, n.range(), k);
  }
  return undefined;
}

export function hfBatch(root: ConfigNode): BatchFacts | undefined {
  const b: BatchFacts = {};
  const perDevice = firstNum(root, ['per_device_train_batch_size', 'micro_batch_size', 'batch_size']);
  const accumulation = firstNum(root, ['gradient_accumulation_steps']);
  const seq = firstNum(root, ['max_seq_length', 'max_length', 'sequence_len', 'cutoff_len', 'block_size', 'max_seq_len']);
  if (perDevice) b.perDevice = perDevice;
  if (accumulation) b.gradientAccumulation = accumulation;
  if (seq) b.sequenceLength = seq;
  const flag = (keys: readonly string[]): Fact<boolean> | undefined => {
    for (const k of keys) {
      const n = root.get(k);
      const v = n?.bool();
      if (n && v !== undefined) return fromFile(v, n.range(), k);
    }
    return undefined;
  };
  const checkpointing = flag(['gradient_checkpointing', 'activation_checkpointing', 'enable_activation_checkpointing']);
  const compiled = flag(['torch_compile', 'compile']);
  if (checkpointing) b.activationCheckpointing = checkpointing;
  if (compiled) b.compiled = compiled;
  for (const k of ['packing', 'sample_packing', 'neat_packing']) {
    const n = root.get(k);
    const v = n?.bool();
    if (n && v !== undefined) {
      b.packing = fromFile(v, n.range(), k);
      if (v) break;
    }
  }
  return Object.keys(b).length ? b : undefined;
}

/** Keys that turn evaluation on, in order; each is "on" when its value is positive / not `no`. */
const EVAL_KEYS = ['eval_strategy', 'evaluation_strategy', 'eval_steps', 'evals_per_epoch', 'eval_dataset', 'val_set_size', 'val_size', 'validation_file', 'test_datasets', 'do_eval'];

/** Whether the run computes a validation signal (what early stopping would watch). */
function evaluation(root: ConfigNode, flavour: HfFlavour): Fact<boolean> | undefined {
  for (const k of EVAL_KEYS) {
    const n = root.get(k);
    if (!n) continue;
    const s = n.str()?.trim().toLowerCase();
    const v = n.num();
    const on = n.bool() ?? (v !== undefined ? v > 0 : s !== undefined ? s !== 'no' && s !== 'false' && s !== '' : n.shape !== 'scalar');
    if (on) return fromFile(true, n.range(), k);
  }
  // transformers' eval_strategy defaults to "no"; axolotl and LLaMA-Factory evaluate only with a validation split.
  return byDefault(false, flavour === 'axolotl' ? 'axolotl evaluates only with val_set_size or test_datasets' : "transformers' eval_strategy defaults to \"no\"");
}

export function hfSchedule(root: ConfigNode, flavour: HfFlavour): ScheduleFacts | undefined {
  const s: ScheduleFacts = {};
  const epochs = firstNum(root, ['num_train_epochs', 'num_epochs', 'epochs']);
  // max_steps: -1 is transformers' "use num_train_epochs".
  const maxSteps = firstNum(root, ['max_steps']);
  if (epochs) s.epochs = epochs;
  else if (!maxSteps) s.epochs = defaultEpochs(flavour);
  if (maxSteps) s.maxSteps = maxSteps;
  const ev = evaluation(root, flavour);
  if (ev) s.evaluation = ev;
  // load_best_model_at_end only keeps the best checkpoint; it never stops training early.
  const patience = root.get('early_stopping_patience') ?? root.get('early_stopping_steps');
  const p = patience?.num();
  if (patience && p !== undefined) s.earlyStopping = fromFile(p > 0, patience.range(), patience.key ?? 'early_stopping_patience');
  else if (flavour === 'axolotl') {
    s.earlyStopping = byDefault(false, 'axolotl adds an EarlyStoppingCallback only when early_stopping_patience is set', epochs?.source.kind === 'file' ? epochs.source.range : undefined);
  } else if (flavour === 'llama-factory') {
    s.earlyStopping = byDefault(false, 'LLaMA-Factory adds an EarlyStoppingCallback only when early_stopping_steps is set', epochs?.source.kind === 'file' ? epochs.source.range : undefined);
  }
  const objective = objectiveOf(root, flavour);
  if (objective) s.objective = objective;
  return Object.keys(s).length ? s : undefined;
}

const LF_OBJECTIVE: Record<string, TrainingObjective> = { pt: 'pretraining', sft: 'fine-tuning', rm: 'preference', dpo: 'preference', kto: 'preference', ppo: 'rl' };
const AXOLOTL_RL: Record<string, TrainingObjective> = { dpo: 'preference', ipo: 'preference', orpo: 'preference', kto: 'preference', simpo: 'preference', grpo: 'rl' };

/** What the run trains for: LLaMA-Factory `stage`, axolotl `rl`, TRL's DPO/ORPO `beta` or GRPO `num_generations`. */
function objectiveOf(root: ConfigNode, flavour: HfFlavour): Fact<TrainingObjective> | undefined {
  const key = flavour === 'llama-factory' ? 'stage' : flavour === 'axolotl' ? 'rl' : undefined;
  const n = key ? root.get(key) : undefined;
  const v = strOf(n)?.toLowerCase();
  const o = v ? (flavour === 'llama-factory' ? LF_OBJECTIVE : AXOLOTL_RL)[v] : undefined;
  if (n && o) return fromFile(o, n.range(), key!);
  if (flavour !== 'trl') return undefined;
  const gen = root.get('num_generations');
  if (gen) return fromFile('rl', gen.range(), 'num_generations');
  const beta = root.get('beta');
  return beta ? fromFile('preference', beta.range(), 'beta') : undefined;
}

/** Epochs when the config sets neither epochs nor max_steps: the reading tool's default. */
function defaultEpochs(flavour: HfFlavour): Fact<number> {
  if (flavour === 'axolotl') return byDefault(1, 'axolotl: num_epochs defaults to 1');
  return byDefault(3, 'transformers TrainingArguments: num_train_epochs defaults to 3 (TRL and LLaMA-Factory configs inherit it)');
}

function mode(value: TrainingMode, n: ConfigNode): Fact<TrainingMode> {
  return fromFile(value, n.range(), n.key ?? '');
}

/** Quantised base weights turn LoRA into QLoRA. */
function quantised4bit(root: ConfigNode): ConfigNode | undefined {
  const q = root.get('quantization_bit');
  if (q?.num() === 4) return q;
  const l = root.get('load_in_4bit');
  return l?.bool() === true ? l : undefined;
}

function trainingMode(root: ConfigNode, flavour: HfFlavour): Fact<TrainingMode> | undefined {
  const q = quantised4bit(root);
  const lora = (n: ConfigNode): Fact<TrainingMode> => (q ? mode('qlora', q) : mode('lora', n));
  if (flavour === 'llama-factory') {
    const ft = root.get('finetuning_type');
    const s = strOf(ft)?.toLowerCase();
    if (!ft) return q ? mode('qlora', q) : byDefault('lora', "LLaMA-Factory's finetuning_type defaults to lora");
    if (s === 'lora' || s === 'oft') return lora(ft);
    if (s === 'full') return mode('full', ft);
    if (s === 'freeze') return mode('frozen-backbone', ft);
    return undefined;
  }
  if (flavour === 'axolotl') {
    const adapter = root.get('adapter');
    const s = strOf(adapter)?.toLowerCase();
    if (adapter && s === 'qlora') return mode('qlora', adapter);
    if (adapter && s === 'lora') return lora(adapter);
    // lora_r and friends are ignored by axolotl without an adapter: all weights train.
    if (!adapter) return byDefault('full', 'axolotl trains all weights when adapter is unset', root.getRaw('adapter')?.range());
    return undefined;
  }
  const peft = root.get('use_peft');
  if (peft?.bool() === true) return lora(peft);
  if (peft?.bool() === false) return mode('full', peft);
  if (flavour === 'trl') return byDefault('full', 'TRL trains all weights unless use_peft is true');
  const rank = root.get('lora_r') ?? root.get('lora_rank');
  return rank ? lora(rank) : undefined;
}

export function hfModel(root: ConfigNode, flavour: HfFlavour): ModelFacts | undefined {
  const m: ModelFacts = {};
  for (const k of ['model_name_or_path', 'base_model', 'model_id', 'model_name']) {
    const n = root.get(k);
    const s = strOf(n);
    if (n && s) {
      m.id = fromFile(s, n.range(), k);
      break;
    }
  }
  const tm = trainingMode(root, flavour);
  if (tm) m.trainingMode = tm;
  return Object.keys(m).length ? m : undefined;
}

export function hfWorkload(root: ConfigNode, flavour: HfFlavour): Workload {
  const doTrain = root.get('do_train')?.bool();
  if (doTrain === false) return 'inference';
  if (flavour === 'llama-factory' && doTrain !== true) {
    if (root.get('do_predict')?.bool() === true || root.has('infer_backend')) return 'inference';
    // Merge/export configs (export_dir, no stage) do not train.
    if (!root.has('stage')) return root.has('export_dir') ? 'unknown' : 'inference';
  }
  return 'training';
}

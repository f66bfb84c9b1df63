import { byDefault, fromFile } from '../../facts';
import type { YamlNode } from '../../formats/yaml';
import type { BatchFacts, CheckpointFacts, DatasetRef, Fact, HardwareRequest, Job, ModelFacts, ScheduleFacts } from '../../types';
import { deviceCount } from './devices';
import { litgptEditor } from './editor';
import { literal, storageOf } from './paths';
import { lightningPrecision } from './precision';
import { datasetsOf } from './trainerJob';

// litgpt.args.TrainArgs fields, as its `train:` block spells them.
const TRAIN_ARGS = ['save_interval', 'log_interval', 'global_batch_size', 'micro_batch_size', 'lr_warmup_steps', 'lr_warmup_fraction', 'epochs', 'max_tokens', 'max_steps', 'max_seq_length', 'tie_embeddings', 'max_norm', 'min_lr'];
// Top-level arguments of `litgpt finetune*` / `litgpt pretrain`.
const TOP_ARGS = ['checkpoint_dir', 'out_dir', 'model_name', 'model_config', 'precision', 'devices', 'num_nodes', 'quantize', 'lora_r', 'logger_name', 'tokenizer_dir', 'initial_checkpoint_dir', 'resume', 'seed'];

/** A litgpt finetune/pretrain config: a `train:` block of TrainArgs plus litgpt's top-level arguments. */
export function isLitgptConfig(root: YamlNode): boolean {
  const train = root.get('train');
  if (!train?.isMap) return false;
  const trainHits = TRAIN_ARGS.filter((k) => train.get(k) !== undefined).length;
  const topHits = TOP_ARGS.filter((k) => root.get(k) !== undefined).length;
  const litgptData = /^litgpt\.data\./.test(root.get('data', 'class_path')?.str() ?? '');
  return trainHits >= 2 && (topHits >= 2 || litgptData);
}

const AUTO_PRECISION = "litgpt picks bf16-mixed (or 16-mixed where bf16 is unsupported) when precision is unset";
const NO_EARLY_STOPPING = 'litgpt has no early stopping: its finetune and pretrain loops run every epoch they are given, and TrainArgs/EvalArgs have no patience setting';
const KEEPS_ALL = 'litgpt keeps every checkpoint it saves (one step-N folder per save_interval; it has no retention setting)';
const SAVE_DEFAULT = 'litgpt TrainArgs.save_interval defaults to saving every 1000 optimizer steps';

export function litgptJob(root: YamlNode): Job {
  const lora = root.entries().some((e) => /^lora_/.test(e.keyName ?? ''));
  const job: Job = {
    dialect: 'lightning',
    name: lora ? 'litgpt LoRA finetune' : 'litgpt config',
    workload: 'training',
    anchor: root.src.lines.lineRange(root.entries()[0]?.range().start.line ?? 0),
    datasets: litgptData(root.get('data')),
    linkedFiles: [],
  };
  const p = root.get('precision');
  job.precision = p && p.value() != null ? lightningPrecision(p) : byDefault('dynamic', AUTO_PRECISION, p?.range());
  const hw = hardwareOf(root);
  if (hw) job.hardware = hw;
  job.checkpoint = checkpointOf(root);
  const schedule = scheduleOf(root.get('train'), root.get('model'));
  if (schedule) job.schedule = schedule;
  const batch = batchOf(root, hw);
  if (batch) job.batch = batch;
  job.model = modelOf(root, lora);
  job.editor = litgptEditor(root, job);
  return job;
}

function hardwareOf(root: YamlNode): HardwareRequest | undefined {
  const hw: HardwareRequest = {};
  const devices = root.get('devices');
  const d = deviceCount(devices);
  // litgpt runs on accelerator="auto": its devices are GPUs on any machine it is meant for.
  if (devices && d.count) hw.gpuCount = fromFile(d.count, devices.range(), 'devices');
  if (d.unresolved) hw.unresolved = true;
  const nodes = root.get('num_nodes');
  const n = nodes?.num();
  if (nodes && n && n > 0) hw.nodes = fromFile(n, nodes.range(), 'num_nodes');
  return Object.keys(hw).length ? hw : undefined;
}

function checkpointOf(root: YamlNode): CheckpointFacts {
  const out: CheckpointFacts = {};
  const save = root.get('train', 'save_interval');
  if (!save) out.periodic = byDefault(true, SAVE_DEFAULT);
  else if (save.value() == null) out.periodic = fromFile(false, save.range(), 'save_interval'); // null: only the final save
  else if ((save.num() ?? 0) > 0) out.periodic = fromFile(true, save.range(), 'save_interval');
  if (out.periodic?.value === true) {
    // Every save is a new `step-XXXXXXXX` folder; litgpt deletes none of them.
    out.intervalSteps = save ? fromFile(save.num()!, save.range(), 'save_interval') : byDefault(1000, SAVE_DEFAULT);
    out.retention = byDefault<number | 'all'>('all', KEEPS_ALL, save?.range());
  }
  const dir = root.get('out_dir');
  const dirText = literal(dir) ?? dir?.str();
  if (dir && dirText) {
    out.location = fromFile(dirText, dir.range(), 'out_dir');
    out.storage = fromFile(storageOf(dirText), dir.range(), 'out_dir');
  }
  // `resume: true | auto | <path>` picks up the latest checkpoint in out_dir.
  const resume = root.get('resume');
  const r = resume?.str()?.toLowerCase();
  if (resume && r !== undefined) out.resume = fromFile(r !== 'false' && r !== 'no', resume.range(), 'resume');
  return out;
}

/** `data: TinyLlama` names a litgpt data module as `class_path: litgpt.data.TinyLlama` does. */
function litgptData(data: YamlNode | undefined): Fact<DatasetRef>[] {
  const name = data?.isScalar ? literal(data) : undefined;
  if (data && name && /^[A-Z]\w*$/.test(name)) return [fromFile({ format: 'hub', path: `litgpt.data.${name}`, reader: 'data' }, data.range(), 'data')];
  return datasetsOf(data);
}

function scheduleOf(train: YamlNode | undefined, model: YamlNode | undefined): ScheduleFacts | undefined {
  const s: ScheduleFacts = {};
  // `litgpt pretrain` stops at max_tokens (TinyLlama: 3e12): optimizer steps = max_tokens /
  // (global_batch_size x sequence length), the sequence being train.max_seq_length or else the
  // model's block_size (litgpt pretrain.py).
  const tokens = train?.get('max_tokens');
  const tv = tokens?.num();
  if (tokens && tv && tv > 0) {
    s.tokens = fromFile(tv, tokens.range(), 'max_tokens');
    const global = train?.get('global_batch_size')?.num();
    const seq = train?.get('max_seq_length')?.num() ?? model?.get('block_size')?.num();
    if (global && seq && !train?.get('max_steps')?.num()) s.maxSteps = fromFile(Math.floor(tv / (global * seq)), tokens.range(), 'max_tokens');
  }
  const epochs = train?.get('epochs');
  const e = epochs?.num();
  if (epochs && e && e > 0) s.epochs = fromFile(e, epochs.range(), 'epochs');
  if (epochs && s.epochs) s.earlyStopping = byDefault(false, NO_EARLY_STOPPING, epochs.range());
  const steps = train?.get('max_steps');
  const m = steps?.num();
  if (steps && m && m > 0) s.maxSteps = fromFile(m, steps.range(), 'max_steps');
  return Object.keys(s).length ? s : undefined;
}

function batchOf(root: YamlNode, hw: HardwareRequest | undefined): BatchFacts | undefined {
  const b: BatchFacts = {};
  const micro = root.get('train', 'micro_batch_size');
  const mv = micro?.num();
  if (micro && mv) b.perDevice = fromFile(mv, micro.range(), 'micro_batch_size');
  // litgpt: accumulation = global_batch_size / (devices * nodes) / micro_batch_size.
  const global = root.get('train', 'global_batch_size');
  const gv = global?.num();
  const ranks = (hw?.gpuCount?.value ?? NaN) * (hw?.nodes?.value ?? 1);
  if (global && gv && mv && Number.isFinite(ranks)) {
    const acc = Math.floor(gv / ranks / mv);
    if (acc >= 1) b.gradientAccumulation = fromFile(acc, global.range(), 'global_batch_size');
  }
  const seq = root.get('train', 'max_seq_length');
  const sv = seq?.num();
  if (seq && sv) b.sequenceLength = fromFile(sv, seq.range(), 'max_seq_length');
  return Object.keys(b).length ? b : undefined;
}

function modelOf(root: YamlNode, lora: boolean): ModelFacts {
  const m: ModelFacts = {};
  const dir = root.get('checkpoint_dir');
  const name = root.get('model_name');
  const dirText = literal(dir);
  // litgpt downloads hub models to checkpoints/<org>/<name>: the rest of the path is the hub id.
  // `litgpt pretrain` configs nest the model: `model: {name: tiny-llama-1.1b, n_layer: 22, n_embd: 2048, …}`.
  const nested = root.get('model', 'name');
  if (dir && dirText) m.id = fromFile(dirText.replace(/^(\.\/)?checkpoints\//, '').replace(/\/+$/, ''), dir.range(), 'checkpoint_dir');
  else if (name && literal(name)) m.id = fromFile(literal(name)!, name.range(), 'model_name');
  else if (nested && literal(nested)) m.id = fromFile(literal(nested)!, nested.range(), 'model.name');
  const layers = root.get('model', 'n_layer');
  const hidden = root.get('model', 'n_embd');
  if (layers?.num() && hidden?.num()) {
    m.layers = fromFile(layers.num()!, layers.range(), 'model.n_layer');
    m.hidden = fromFile(hidden.num()!, hidden.range(), 'model.n_embd');
  }
  const quantize = root.get('quantize');
  const q = literal(quantize);
  const loraR = root.get('lora_r');
  if (lora && quantize && q && /^bnb\./.test(q)) m.trainingMode = fromFile('qlora', quantize.range(), 'quantize');
  else if (lora && loraR) m.trainingMode = fromFile('lora', loraR.range(), 'lora_r');
  return m;
}

import type { Dialect } from '../dialect';
import { byDefault, fromFile } from '../facts';
import type { SourceDoc } from '../source';
import type { CheckpointFacts, DatasetRef, Fact, GenerationFacts, Job, ModelFacts, PrecisionMode, ScheduleFacts, BatchFacts } from '../types';
import { anchorOf, configRoot, strOf, type ConfigNode } from './hf/configNode';
import { formatOfPath, formatOfRef, storageOfPath } from './hf/paths';
import { torchtuneEditor } from './torchtune/editor';

/**
 * torchtune recipe configs: top-level blocks instantiated from `_component_: torchtune....`
 * (model, tokenizer, checkpointer, dataset, loss), and the flat configs of torchtune's first
 * releases (early 2024: `model: llama2_7b`, `model_checkpoint:`, `tokenizer_checkpoint:`,
 * `dataset: alpaca`, resolved by name in the recipe). One job per file.
 */
export const torchtuneDialect: Dialect = {
  id: 'torchtune',
  formats: ['yaml'],
  detect: (doc) => detectTorchtune(doc),
};

const DTYPES: Record<string, PrecisionMode> = { bf16: 'bf16', fp16: 'fp16', fp32: 'fp32', fp64: 'fp32' };
/** `dtype:` today; torchtune's first recipes read `cfg.precision` (`precision: fp32`) for the same switch. */
const DTYPE_KEYS = ['dtype', 'precision'];
// Recipes call training.get_dtype(cfg.dtype), which returns torch.float32 for an unset dtype.
const DTYPE_DEFAULT = 'torchtune recipes pass cfg.dtype to training.get_dtype(), which returns torch.float32 when dtype is unset';
const SAVE_DEFAULT = 'torchtune recipes save a checkpoint at the end of every epoch';

function component(n: ConfigNode | undefined): string | undefined {
  return n?.shape === 'map' ? strOf(n.get('_component_')) : undefined;
}

function isTorchtune(root: ConfigNode): boolean {
  return ['model', 'tokenizer', 'checkpointer', 'dataset', 'loss'].some((k) => component(root.get(k))?.startsWith('torchtune.')) || isFlatTorchtune(root);
}

/** A builder name (`llama2_7b`, `lora_llama2_7b`) beside the keys only torchtune's flat configs had. */
function isFlatTorchtune(root: ConfigNode): boolean {
  const model = root.get('model');
  return model?.shape === 'scalar' && /^[a-z][a-z0-9_]*_\d+(_\d+)?b$/i.test(strOf(model) ?? '') && root.has('model_checkpoint') && root.has('tokenizer_checkpoint');
}

/** `${output_dir}/x` resolved against top-level keys (OmegaConf interpolation, one level). */
function resolve(root: ConfigNode, s: string): { value: string; via?: ConfigNode } {
  const m = /^\$\{([\w.]+)\}(.*)$/.exec(s);
  const target = m ? root.get(m[1]) : undefined;
  const base = strOf(target);
  return target && base && m ? { value: base + m[2], via: target } : { value: s };
}

function detectTorchtune(doc: SourceDoc): Job[] {
  const root = configRoot(doc);
  if (!root || !isTorchtune(root)) return [];
  const training = root.has('optimizer') || root.has('loss') || root.has('epochs');
  const job: Job = {
    dialect: 'torchtune',
    name: `torchtune ${training ? 'fine-tuning' : 'generation/evaluation'} config`,
    workload: training ? 'training' : 'inference',
    anchor: anchorOf(doc, root),
    datasets: datasets(root),
    linkedFiles: [],
  };
  const precision = dtype(root, training);
  if (precision) job.precision = precision;
  if (training) {
    job.checkpoint = checkpoint(root);
    const s = schedule(root);
    if (s) job.schedule = s;
    const b = batch(root);
    if (b) job.batch = b;
  }
  const m = model(root);
  if (m) job.model = m;
  if (!training) {
    const g = generation(root);
    if (g) job.generation = g;
  }
  // `device: cpu` (an eval recipe run on the CPU): no GPU to price.
  const device = root.get('device');
  if (device && /^cpu$/i.test(strOf(device) ?? '')) job.hardware = { cpuOnly: true };
  job.editor = torchtuneEditor(doc, job);
  return [job];
}

/**
 * The generate recipe answers one prompt (`prompt:`, or the early `instruction:`/`input:`) with up
 * to `max_new_tokens` (`max_gen_len` in early configs); the quantize recipe loads the weights and
 * writes a quantized copy. Eval recipes run harness tasks whose size we do not know: no work.
 */
function generation(root: ConfigNode): GenerationFacts | undefined {
  const quantizer = root.get('quantizer');
  const prompt = ['prompt', 'instruction', 'input'].map((k) => root.get(k)).find((n) => n !== undefined);
  const max = ['max_new_tokens', 'max_gen_len'].map((k) => ({ k, n: root.get(k) })).find((x) => x.n?.num() !== undefined);
  if (prompt && max?.n && !root.has('tasks')) {
    return { prompts: fromFile(1, prompt.range(), 'prompt (one per run)'), newTokens: fromFile(max.n.num()!, max.n.range(), max.k) };
  }
  if (component(quantizer) && !root.has('tasks')) return { writesWeights: fromFile(true, quantizer!.range(), 'quantizer') };
  return undefined;
}

function dtype(root: ConfigNode, training: boolean): Fact<PrecisionMode> | undefined {
  const key = DTYPE_KEYS.find((k) => root.has(k));
  const n = key ? root.get(key) : undefined;
  const mode = DTYPES[strOf(n)?.toLowerCase() ?? ''];
  if (key && n && mode) return fromFile(mode, n.range(), key);
  return training && !n ? byDefault('fp32', DTYPE_DEFAULT) : undefined;
}

function checkpoint(root: ConfigNode): CheckpointFacts {
  const ckpt = root.get('checkpointer');
  const every = root.get('save_every_n_steps');
  const everyN = every?.num();
  const out: CheckpointFacts = {
    periodic: every && everyN !== undefined ? fromFile(everyN > 0, every.range(), 'save_every_n_steps') : byDefault(true, SAVE_DEFAULT),
  };
  const dirNode = ckpt?.get('output_dir') ?? root.get('output_dir');
  const raw = strOf(dirNode);
  if (dirNode && raw) {
    // Point at the key that actually names the directory (`output_dir: ${output_dir}` defers to the top level).
    const { value, via } = resolve(root, raw);
    const at = via ?? dirNode;
    const key = via ? (via.key ?? 'output_dir') : dirNode === root.get('output_dir') ? 'output_dir' : 'checkpointer.output_dir';
    out.location = fromFile(value, at.range(), key);
    out.storage = fromFile(storageOfPath(value), at.range(), key);
  }
  const r = root.get('resume_from_checkpoint');
  const rv = r?.bool();
  if (r && rv !== undefined) out.resume = fromFile(rv, r.range(), 'resume_from_checkpoint');
  return out;
}

function schedule(root: ConfigNode): ScheduleFacts | undefined {
  const s: ScheduleFacts = {};
  const epochs = root.get('epochs');
  const e = epochs?.num();
  if (epochs && e !== undefined && e > 0) s.epochs = fromFile(e, epochs.range(), 'epochs');
  // max_steps_per_epoch caps each epoch: over the whole run that is epochs x cap.
  const cap = root.get('max_steps_per_epoch');
  const c = cap?.num();
  if (cap && c !== undefined && c > 0) s.maxSteps = fromFile(c * (e ?? 1), cap.range(), 'max_steps_per_epoch');
  return Object.keys(s).length ? s : undefined;
}

function batch(root: ConfigNode): BatchFacts | undefined {
  const b: BatchFacts = {};
  const pick = (n: ConfigNode | undefined, key: string): Fact<number> | undefined => {
    const v = n?.num();
    return n && v !== undefined && v > 0 ? fromFile(v, n.range(), key) : undefined;
  };
  const perDevice = pick(root.get('batch_size'), 'batch_size');
  const accumulation = pick(root.get('gradient_accumulation_steps'), 'gradient_accumulation_steps');
  const seq = pick(root.get('tokenizer')?.get('max_seq_len'), 'tokenizer.max_seq_len');
  if (perDevice) b.perDevice = perDevice;
  if (accumulation) b.gradientAccumulation = accumulation;
  if (seq) b.sequenceLength = seq;
  const ac = root.get('enable_activation_checkpointing');
  if (ac?.bool() !== undefined) b.activationCheckpointing = fromFile(ac.bool()!, ac.range(), 'enable_activation_checkpointing');
  const packed = root.get('dataset')?.get('packed');
  if (packed?.bool() !== undefined) b.packing = fromFile(packed.bool()!, packed.range(), 'dataset.packed');
  return Object.keys(b).length ? b : undefined;
}

/** `source:` of torchtune's generic dataset builders is a load_dataset() path: `csv`, `json`, or a Hub id. */
function datasetRef(block: ConfigNode): Fact<DatasetRef> | undefined {
  const files = block.get('data_files');
  const file = strOf(files) ?? strOf(files?.items()[0]);
  const source = block.get('source');
  const src = strOf(source);
  if (files && file) {
    const format = formatOfPath(file) ?? formatOfPath(`x.${src ?? ''}`) ?? 'unknown';
    return fromFile({ format, path: file, reader: 'data_files' }, files.range(), 'data_files');
  }
  // Builders pass `name` (the Hub config) and `split` (`train[:95%]`) to load_dataset.
  const hub: Partial<DatasetRef> = {};
  const subset = strOf(block.get('name'));
  const split = strOf(block.get('split'));
  if (subset) hub.subset = subset;
  if (split) hub.split = split;
  if (source && src) {
    const format = formatOfPath(`x.${src}`) ?? formatOfRef(src);
    return fromFile({ format, path: src, reader: 'source', ...hub }, source.range(), 'source');
  }
  const comp = block.get('_component_');
  const name = strOf(comp);
  // Built-in builders (alpaca_dataset, slimorca_dataset...) download a Hub dataset.
  if (comp && name?.startsWith('torchtune.datasets.')) return fromFile({ format: 'hub', path: name, reader: '_component_', ...hub }, comp.range(), '_component_');
  return undefined;
}

function datasets(root: ConfigNode): Fact<DatasetRef>[] {
  const d = root.get('dataset');
  // Flat configs: `dataset: alpaca`, the recipe's name for its builder (`alpaca_dataset`).
  const name = d?.shape === 'scalar' ? strOf(d) : undefined;
  if (d && name && /^[a-z][a-z0-9_]*$/i.test(name)) return [fromFile({ format: 'hub', path: `torchtune.datasets.${name.replace(/_dataset$/, '')}_dataset`, reader: 'dataset' }, d.range(), 'dataset')];
  const blocks = d?.shape === 'seq' ? d.items() : d ? [d] : [];
  const out: Fact<DatasetRef>[] = [];
  for (const b of blocks) {
    const ref = b.shape === 'map' ? datasetRef(b) : undefined;
    if (ref) out.push(ref);
  }
  return out;
}

/**
 * `llama3_8b`, `lora_qwen2_0_5b`: torchtune builder names end in the parameter count. A version
 * digit before a one-digit count is ambiguous (`llama3_2_1b` is 1B, `qwen2_5_1_5b` is 1.5B): unknown.
 */
function parametersOf(builder: string): number | undefined {
  const parts = builder.toLowerCase().split('_');
  const last = /^(\d+)b$/.exec(parts[parts.length - 1] ?? '');
  if (!last) return undefined;
  const prev = parts[parts.length - 2] ?? '';
  if (prev === '0') return Number(`0.${last[1]}`) * 1e9;
  if (/^\d$/.test(prev) && last[1].length === 1) return undefined;
  return Number(last[1]) * 1e9;
}

function model(root: ConfigNode): ModelFacts | undefined {
  const m: ModelFacts = {};
  const modelBlock = root.get('model');
  // Flat configs name the builder itself (`model: llama2_7b`) and the weights in `model_checkpoint`.
  const flat = modelBlock?.shape === 'scalar';
  const compNode = flat ? modelBlock : modelBlock?.get('_component_');
  const comp = strOf(compNode);
  const builder = comp?.split('.').pop() ?? '';
  const dirNode = flat ? root.get('model_checkpoint') : root.get('checkpointer')?.get('checkpoint_dir');
  const dir = strOf(dirNode);
  // `/tmp/Meta-Llama-3-8B-Instruct/original/` names the model one level up (Meta-format weights).
  const dirName = dir && !dir.includes('${') ? dir.replace(/(\/+(original|hf|checkpoints?))*\/*$/i, '').split('/').pop() : undefined;
  const compKey = flat ? 'model' : 'model._component_';
  if (dirNode && dirName) m.id = fromFile(dirName, dirNode.range(), flat ? 'model_checkpoint' : 'checkpointer.checkpoint_dir');
  else if (compNode && builder) m.id = fromFile(builder, compNode.range(), compKey);
  const params = parametersOf(builder);
  if (compNode && params) m.parameters = fromFile(params, compNode.range(), compKey);
  if (compNode && comp) {
    const lower = builder.toLowerCase();
    const mode = lower.includes('qlora') ? 'qlora' : lower.includes('lora') ? 'lora' : 'full';
    m.trainingMode = fromFile(mode, compNode.range(), compKey);
  }
  return Object.keys(m).length ? m : undefined;
}

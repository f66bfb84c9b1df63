// Iteration-style scripts in the shape of karpathy/nanoGPT's train.py: module-level settings
// (`max_iters`, `batch_size`, `block_size`, `gradient_accumulation_steps`, `n_layer`, `n_embd`,
// `init_from`) that `configurator.py` lets a `config/*.py` file override. Tokens per iteration are
// gradient_accumulation_steps × batch_size × block_size, where train.py's accumulation counts every
// GPU: it divides it by the world size (`gradient_accumulation_steps //= ddp_world_size`).
import type { PyNode, PythonSource } from '../../formats/python';
import { byDefault, fromFile } from '../../facts';
import type { AnalysisContext, BatchFacts, DatasetRef, Fact, Job, ModelFacts, ScheduleFacts } from '../../types';
import { assignmentsTo, descendants, resolve, stringValue } from './query';
import type { Scan } from './scan';

/** A number written as a literal or simple arithmetic over literals and names (`5 * 8`, `2**10`). */
export function evalNumber(src: PythonSource, n: PyNode | null | undefined, depth = 0): number | undefined {
  const v = resolve(src, n);
  if (!v || depth > 8) return undefined;
  if (v.type === 'integer' || v.type === 'float') {
    const x = Number(src.textOf(v).replace(/_/g, ''));
    return Number.isFinite(x) ? x : undefined;
  }
  if (v.type === 'unary_operator') {
    const x = evalNumber(src, v.childForFieldName('argument'), depth + 1);
    const op = src.textOf(v).trim()[0];
    return x === undefined ? undefined : op === '-' ? -x : x;
  }
  if (v.type === 'binary_operator') {
    const l = evalNumber(src, v.childForFieldName('left'), depth + 1);
    const r = evalNumber(src, v.childForFieldName('right'), depth + 1);
    const op = v.childForFieldName('operator')?.type;
    if (l === undefined || r === undefined) return undefined;
    switch (op) {
      case '+': return l + r;
      case '-': return l - r;
      case '*': return l * r;
      case '/': return r ? l / r : undefined;
      case '//': return r ? Math.floor(l / r) : undefined;
      case '**': return l ** r;
      default: return undefined;
    }
  }
  return undefined;
}

/**
 * The value of a name assigned exactly once at module level, else the default of an argparse
 * option of that name (`parser.add_argument('--max_iters', default=5000)`: what runs unless a flag
 * changes it).
 */
function setting(src: PythonSource, name: string): { node: PyNode; value: PyNode; key?: string } | undefined {
  const rhs = assignmentsTo(src, name).filter((r) => r.parent?.parent?.parent?.type === 'module');
  if (rhs.length === 1 && rhs[0].parent) return { node: rhs[0].parent, value: rhs[0] };
  return argparseDefault(src, name);
}

export function argparseDefault(src: PythonSource, name: string): { node: PyNode; value: PyNode; key: string } | undefined {
  const flags = new Set([`--${name}`, `--${name.replace(/_/g, '-')}`]);
  for (const call of descendants(src.root, 'call')) {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'attribute' || src.textOf(fn.childForFieldName('attribute') ?? fn) !== 'add_argument') continue;
    const args = call.childForFieldName('arguments')?.namedChildren ?? [];
    const first = args[0];
    if (!first || !flags.has(stringValue(src, first) ?? '')) continue;
    for (const a of args) {
      if (a?.type === 'keyword_argument' && src.textOf(a.childForFieldName('name') ?? a) === 'default') {
        const v = a.childForFieldName('value');
        if (v) return { node: call, value: v, key: `--${name} default` };
      }
    }
  }
  return undefined;
}

function numSetting(src: PythonSource, name: string): Fact<number> | undefined {
  const s = setting(src, name);
  const v = s ? evalNumber(src, s.value) : undefined;
  return s && v !== undefined && v > 0 ? fromFile(v, src.rangeOf(s.node), s.key ?? name) : undefined;
}

function strSetting(src: PythonSource, name: string): Fact<string> | undefined {
  const s = setting(src, name);
  const v = s ? stringValue(src, s.value) : undefined;
  return s && v !== undefined ? fromFile(v, src.rangeOf(s.node), s.key ?? name) : undefined;
}

/** `gradient_accumulation_steps //= ddp_world_size` (or `/=`): the setting counts all GPUs. */
function accumulationSpansGpus(src: PythonSource): Fact<boolean> | undefined {
  for (const a of descendants(src.root, 'augmented_assignment')) {
    const text = src.textOf(a).replace(/\s+/g, '');
    if (/^(\w+\.)*gradient_accumulation_steps\/\/?=(\w+\.)*\w*world_size\w*$/.test(text)) return fromFile(true, src.rangeOf(a), 'gradient_accumulation_steps //= world_size');
  }
  return undefined;
}

export interface NanoGptFacts {
  schedule?: ScheduleFacts;
  batch?: BatchFacts;
  model?: ModelFacts;
  dataset?: Fact<DatasetRef>;
}

/** nanoGPT's vocabulary: GPT-2's 50,257 padded to 50,304 (train.py, when the data has no meta.pkl). */
const NANOGPT_VOCAB = 50304;

/** The nanoGPT-style settings `src` assigns (train.py itself or a config override). */
export function nanoGptSettings(src: PythonSource): NanoGptFacts {
  const out: NanoGptFacts = {};
  const first = (names: string[]) => names.map((n) => numSetting(src, n)).find((f) => f !== undefined);
  const iters = first(['max_iters', 'max_steps', 'max_train_steps', 'num_iterations', 'total_steps', 'train_steps', 'num_steps']);
  const epochs = first(['num_train_epochs', 'num_epochs', 'epochs', 'max_epochs']);
  if (iters || epochs) out.schedule = { ...(iters && { maxSteps: iters }), ...(epochs && { epochs }) };
  const b: BatchFacts = {};
  const batch = first(['batch_size', 'micro_batch_size', 'per_device_train_batch_size', 'train_batch_size']);
  const block = first(['block_size', 'max_seq_length', 'seq_len', 'sequence_length', 'context_length']);
  const accum = first(['gradient_accumulation_steps', 'grad_accum_steps', 'accumulation_steps']);
  if (batch) b.perDevice = batch;
  if (block) b.sequenceLength = block;
  if (accum) b.gradientAccumulation = accum;
  const spans = accumulationSpansGpus(src);
  if (spans) b.accumulationIsGlobal = spans;
  if (Object.keys(b).length) out.batch = b;

  const m: ModelFacts = {};
  const init = strSetting(src, 'init_from');
  const layers = numSetting(src, 'n_layer');
  const hidden = numSetting(src, 'n_embd');
  if (init && /^gpt2/.test(init.value)) m.id = init;
  else {
    if (layers) m.layers = layers;
    if (hidden) m.hidden = hidden;
  }
  if (Object.keys(m).length) out.model = m;
  const dataset = strSetting(src, 'dataset');
  if (dataset) out.dataset = { value: { format: 'hub', path: dataset.value, reader: 'dataset' }, source: dataset.source };
  return out;
}

/** Parameters of a GPT from its shape: 12·L·d² (blocks) + (vocabulary + context)·d (embeddings). */
export function gptParameters(layers: number, hidden: number, block: number, vocab = NANOGPT_VOCAB): number {
  return 12 * layers * hidden * hidden + (vocab + block) * hidden;
}

/** Fills parameters from layers × width once all settings (train.py + override) are merged. */
export function completeGptModel(model: ModelFacts | undefined, batch: BatchFacts | undefined, dataset: string | undefined): void {
  if (!model || model.parameters || model.id || !model.layers || !model.hidden) return;
  const block = batch?.sequenceLength?.value ?? 1024;
  // Character-level data sets (nanoGPT's shakespeare_char: 65 symbols) have tiny vocabularies.
  const vocab = dataset && /_char$/.test(dataset) ? 65 : NANOGPT_VOCAB;
  const n = gptParameters(model.layers.value, model.hidden.value, block, vocab);
  model.parameters = byDefault(n, `12·L·d² + (vocabulary ${vocab} + context ${block})·d with L=${model.layers.value}, d=${model.hidden.value} (nanoGPT model.py GPT)`, model.layers.source.kind === 'file' ? model.layers.source.range : undefined);
}

/** Names only nanoGPT-style scripts and their config overrides assign. */
const DISTINCTIVE = ['max_iters', 'lr_decay_iters', 'eval_iters', 'eval_interval', 'init_from', 'block_size', 'gradient_accumulation_steps', 'n_layer', 'n_embd', 'n_head', 'warmup_iters', 'always_save_checkpoint'];

/** A `config/*.py` override: only assignments of nanoGPT settings, no training code of its own. */
export function looksLikeNanoGptConfig(s: Scan): boolean {
  if (s.calls.some((c) => !['int', 'float', 'str', 'dict', 'list', 'time'].includes(c.name))) return false;
  const assigned = DISTINCTIVE.filter((k) => setting(s.src, k));
  return assigned.length >= 3 && assigned.some((k) => k === 'max_iters' || k === 'init_from' || k === 'lr_decay_iters');
}

/** The job of a nanoGPT config override: train.py's job with this file's settings on top. */
export async function nanoGptConfigJob(s: Scan, ctx: AnalysisContext): Promise<Job[]> {
  let base: Job | undefined;
  for (const ref of ['../train.py', 'train.py']) {
    const linked = await ctx.linked(ref);
    if (linked && /configurator\.py/.test(linked.text) && linked.jobs[0]) {
      base = linked.jobs[0];
      base.linkedFiles = [...base.linkedFiles, linked.path];
      break;
    }
  }
  if (!base) return [];

  const mine = nanoGptSettings(s.src);
  const anchorFact = mine.schedule?.maxSteps ?? mine.batch?.perDevice ?? mine.model?.id;
  const anchor = anchorFact?.source.kind === 'file' ? anchorFact.source.range : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const job: Job = { ...base, name: 'nanoGPT config', anchor, editor: undefined };
  job.schedule = { ...base.schedule, ...mine.schedule };
  job.batch = { ...base.batch, ...mine.batch };
  // A model named by init_from replaces the shape train.py would build; a new shape drops the old size.
  job.model = mine.model?.id ? { ...mine.model } : mine.model ? { ...withoutDerived(base.model), ...mine.model } : { ...base.model };
  if (mine.dataset) job.datasets = [mine.dataset];
  const ds = job.datasets.find((d) => d.value.reader === 'dataset')?.value.path;
  completeGptModel(job.model, job.batch, ds);
  return [job];
}

function withoutDerived(m: ModelFacts | undefined): ModelFacts {
  if (!m) return {};
  const { parameters, id, ...rest } = m;
  const keep: ModelFacts = { ...rest };
  if (parameters && parameters.source.kind !== 'default') keep.parameters = parameters;
  if (id && !/^gpt2/.test(id.value)) keep.id = id;
  return keep;
}

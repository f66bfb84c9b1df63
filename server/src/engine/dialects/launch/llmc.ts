// karpathy/llm.c's trainers (`mpirun -np 8 ./train_gpt2cu -e d12 -b 64 -t 1024 -d 524288 ...`):
// their one- and two-letter flags as job facts, each with its flag as the source, and the defaults
// of the trainer's main() where a flag is absent. Read from llm.c's usage text (error_usage) and
// main() of train_gpt2.cu, train_gpt2_fp32.cu and train_gpt2.c at karpathy/llm.c f1e2ace
// (2025-05-10), and train_llama3.cu on its `llama3` branch (d36f0e6). argv.ts reads these
// commands as strict `-x value` pairs, as llm.c does.

import { DEFAULT_VOCAB, transformerParameters } from '../../cost/transformerSize';
import { byDefault, fromFile } from '../../facts';
import { lookupHubDataset } from '../../cost/hubDatasets';
import type { BatchFacts, CheckpointFacts, DatasetRef, Fact, HardwareRequest, Job, ModelFacts, PrecisionMode, Range, ScheduleFacts } from '../../types';
import { basename, readsFlagPairs } from './argv';
import { isUnresolved } from './shell';
import { resolvePath, storageOf } from './storage';
import type { Flag, Invocation } from './types';

interface Trainer {
  /** The flags its main() reads (any other one makes it exit with its usage text). */
  flags: ReadonlySet<string>;
  /** What it loads without `-e`. */
  model: string;
  batch: number;
  sequence: number;
  /** Steps it runs regardless of the data (train_gpt2.c: 40); else one epoch unless `-x`. */
  fixedSteps?: number;
  precision: PrecisionMode;
  precisionReason: string;
  tokenizer: 'gpt-2' | 'llama-3';
}

const CUDA_FLAGS = new Set(['i', 'j', 'e', 'o', 'lg', 'n', 'nk', 'nm', 'y', 'b', 't', 'd', 'x', 'k', 'l', 'u', 'q', 'c', 'sl', 'sg', 'v', 'm', 's', 'g', 'h', 'a', 'f', 'w', 'ge', 'z', 'r', 'pn', 'pr', 'pg', 'pi', 'ps', 'pf']);
const BF16_MAKE = "llm.c's Makefile builds its CUDA trainers in bf16 unless `make ... PRECISION=FP32` (Makefile: PRECISION ?= BF16)";

const TRAINERS: Record<string, Trainer> = {
  train_gpt2cu: { flags: CUDA_FLAGS, model: 'gpt2_124M_bf16.bin', batch: 4, sequence: 1024, precision: 'bf16', precisionReason: BF16_MAKE, tokenizer: 'gpt-2' },
  train_llama3cu: { flags: CUDA_FLAGS, model: 'llama3.2_1B_bf16.bin', batch: 4, sequence: 64, precision: 'bf16', precisionReason: BF16_MAKE, tokenizer: 'llama-3' },
  train_gpt2fp32cu: {
    flags: new Set(['i', 'j', 'o', 'b', 't', 'l', 'v', 'm', 's', 'g']),
    model: 'gpt2_124M.bin',
    batch: 4,
    sequence: 1024,
    precision: 'tf32',
    precisionReason: 'train_gpt2fp32cu is llm.c\'s fp32 CUDA trainer; it turns on TF32 tensor cores on Ampere and newer GPUs (train_gpt2_fp32.cu: enable_tf32 = deviceProp.major >= 8)',
    tokenizer: 'gpt-2',
  },
  train_gpt2: {
    flags: new Set(),
    model: 'gpt2_124M.bin',
    batch: 4,
    sequence: 64,
    fixedSteps: 40,
    precision: 'fp32',
    precisionReason: 'train_gpt2 is llm.c\'s fp32 CPU reference trainer (train_gpt2.c)',
    tokenizer: 'gpt-2',
  },
};

/** An llm.c trainer command (`./train_gpt2cu`, behind `mpirun`/`srun` or not). */
export function isLlmcTrainer(inv: Invocation): boolean {
  return readsFlagPairs(inv.program) && TRAINERS[inv.program] !== undefined;
}

/** GPT-2 vocabulary (50,257 tokens), as llm.c's descriptors set it (gpt_build_from_descriptor). */
const GPT2_VOCAB = DEFAULT_VOCAB; // GPT-2's BPE vocabulary

/** llm.c's `dX` / `gpt2:dX` depths: channels and the name its source gives (gpt2_set_hyperparameters). */
const GPT2_DEPTHS: Record<number, [channels: number, name: string]> = {
  6: [384, 'GPT-2 tiny 30M (unofficial)'],
  12: [768, 'GPT-2 124M'],
  24: [1024, 'GPT-2 Medium 350M'],
  36: [1280, 'GPT-2 Large 774M'],
  48: [1600, 'GPT-2 XL 1558M'],
  60: [1920, '2.7B (unofficial)'],
  72: [2880, '7.3B (unofficial)'],
  84: [3456, '12.2B (unofficial)'],
};
/** llm.c's `gpt3:cX` channels: depth and name (gpt3_set_hyperparameters; context 2048). */
const GPT3_CHANNELS: Record<number, [layers: number, name: string]> = {
  384: [6, 'GPT-3 tiny 31M (unofficial)'],
  768: [12, 'GPT-3 Small 125M'],
  1024: [24, 'GPT-3 Medium 350M'],
  1536: [24, 'GPT-3 Large 760M'],
  2048: [24, 'GPT-3 XL 1.3B'],
  2560: [32, 'GPT-3 2.7B'],
  4096: [32, 'GPT-3 6.7B'],
  5140: [40, 'GPT-3 13B'],
  12288: [96, 'GPT-3 175B'],
};
/** The sizes llm.c's checkpoints are named by (train_gpt2.py writes `gpt2_124M.bin` ... `gpt2_1558M.bin`). */
const GPT2_CHECKPOINTS: Record<string, number> = { '124': 12, '350': 24, '355': 24, '774': 36, '1558': 48 };

/**
 * Parameters of llm.c's GPT-2 schema (GPT-3 descriptors use it too): per layer 12·d² weights and
 * 13·d biases and LayerNorm gains; token and position embeddings; the final LayerNorm. For d12 this
 * is 124,439,808, GPT-2 small's count (llm.c pads the token table to 50,304 rows for speed; the
 * padding rows are never trained, so they are not counted).
 */
export function gpt2SchemaParameters(layers: number, channels: number, context: number): number {
  // The shared decoder formula (12·L·d² + V·d here) plus what it leaves out: biases, LayerNorm gains, positions.
  return transformerParameters({ layers, hidden: channels, vocab: GPT2_VOCAB }) + 13 * layers * channels + context * channels + 2 * channels;
}

export interface LlmcModel {
  /** A Hub id the model table knows (Llama 3 checkpoints). */
  id?: string;
  layers?: number;
  channels?: number;
  parameters?: number;
  /** Where the size comes from, in one line. */
  basis: string;
  /** Loaded from weights (a `.bin`), not built from a descriptor with random weights. */
  pretrained: boolean;
}

/** What `-e` names: a descriptor (`d12`, `gpt2:d48`, `gpt3:c768`) or a `.bin` checkpoint. */
export function llmcModel(value: string): LlmcModel | undefined {
  const v = value.trim().replace(/^['"]|['"]$/g, '');
  const shape = (layers: number, channels: number, context: number, name: string, how: string, pretrained: boolean): LlmcModel => {
    const parameters = gpt2SchemaParameters(layers, channels, context);
    return {
      layers,
      channels,
      parameters,
      pretrained,
      basis: `${how}: ${name}, ${layers} layers × ${channels} channels; 12·L·d² + 13·L·d + (${GPT2_VOCAB.toLocaleString('en-US')} + ${context})·d + 2·d = ${parameters.toLocaleString('en-US')} (GPT-2 schema, llm.c train_gpt2.cu)`,
    };
  };
  const d = /^(?:gpt2:)?d(\d+)$/.exec(v);
  if (d) {
    const depth = Number(d[1]);
    const hit = GPT2_DEPTHS[depth];
    return hit ? shape(depth, hit[0], 1024, hit[1], `llm.c builds GPT-2 of depth ${depth} with random weights (gpt2_set_hyperparameters)`, false) : undefined;
  }
  const c = /^gpt3:c(\d+)$/.exec(v);
  if (c) {
    const channels = Number(c[1]);
    const hit = GPT3_CHANNELS[channels];
    return hit ? shape(hit[0], channels, 2048, hit[1], `llm.c builds GPT-3 of width ${channels} with random weights (gpt3_set_hyperparameters)`, false) : undefined;
  }
  if (!/\.bin$/i.test(v)) return undefined;
  const g = /gpt2_(\d+)M/i.exec(v);
  if (g && GPT2_CHECKPOINTS[g[1]]) {
    const depth = GPT2_CHECKPOINTS[g[1]];
    return shape(depth, GPT2_DEPTHS[depth][0], 1024, GPT2_DEPTHS[depth][1], `GPT-2 weights of the size the file name says (${basename(v)})`, true);
  }
  const l = /llama(3)(?:\.(\d))?_(\d+)B/i.exec(v);
  if (l) return { id: `meta-llama/Llama-3${l[2] ? '.' + l[2] : ''}-${l[3]}B`, basis: `Llama 3 weights of the size the file name says (${basename(v)})`, pretrained: true };
  return { basis: `weights from ${basename(v)}: size not known from the name`, pretrained: true };
}

export interface LlmcData {
  /** Training tokens in one epoch of the files `-i` names. */
  tokens: number;
  /** How the count was obtained. */
  basis: string;
}

/** llm.c writes FineWeb in shards of 10^8 tokens and keeps shard 0 as the validation split (dev/data/fineweb.py). */
const FINEWEB_VAL_SHARD = 1e8;

/** Training tokens of the data an `-i` pattern reads, for the datasets llm.c's dev/data scripts write. */
export function llmcData(pattern: string, tokenizer: 'gpt-2' | 'llama-3'): LlmcData | undefined {
  const p = pattern.toLowerCase();
  const gpt2 = tokenizer === 'gpt-2';
  if (/tiny_?shakespeare/.test(p)) {
    const tokens = gpt2 ? 305_260 : 276_224;
    return { tokens, basis: `tiny Shakespeare's ${tokenizer} train split: ${tokens.toLocaleString('en-US')} tokens, as llm.c's dev/data/tinyshakespeare.py prints when it writes tiny_shakespeare_train.bin` };
  }
  if (/tinystories/.test(p)) {
    const tokens = gpt2 ? 925_653_391 : 907_021_844;
    return { tokens, basis: `TinyStories' ${tokenizer} train split: ${tokens.toLocaleString('en-US')} tokens, as llm.c's dev/data/tinystories.py prints when it writes TinyStories_train.bin` };
  }
  if (/fineweb/.test(p)) {
    const size = /(?:^|[^0-9])(10|100)b(?![a-z0-9])/.exec(p)?.[1];
    if (!size) return undefined;
    const edu = /edu/.test(p);
    const id = edu ? 'HuggingFaceFW/fineweb-edu' : 'HuggingFaceFW/fineweb';
    const config = `sample-${size}BT`;
    const hub = lookupHubDataset(id, config, 'train');
    if (!hub?.tokens) return undefined;
    const tokens = hub.tokens - FINEWEB_VAL_SHARD;
    return {
      tokens,
      basis: `llm.c's dev/data/fineweb.py${edu ? ' -t edu' : ''} -v ${size}B writes ${id} ${config} (${hub.tokens.toExponential(1).replace('e+', 'e')} GPT-2 tokens, Hugging Face dataset table, retrieved ${hub.retrieved}) in 10^8-token shards, the first one the validation split: ${tokens.toExponential(3).replace('e+', 'e')} training tokens`,
    };
  }
  return undefined;
}

/** The retention llm.c applies without `-nk` (checkpoint-retention advises `-nk` on seeing it). */
export const LLMC_RETENTION_REASON = 'llm.c keeps every checkpoint when -nk is not set (checkpoints_keep 0)';

const number = (flag: Flag | undefined): number | undefined => {
  if (!flag?.value || isUnresolved(flag.value)) return undefined;
  const n = Number(flag.value.trim().replace(/^['"]|['"]$/g, ''));
  return Number.isFinite(n) ? n : undefined;
};

/** The job facts of one llm.c trainer command. `cwd` and `durableMounts` place its `-o` log dir. */
export function llmcFacts(inv: Invocation, cwd: string | undefined, durableMounts: string[] | undefined): Partial<Job> {
  const trainer = TRAINERS[inv.program];
  const flag = (name: string): Flag | undefined => (trainer.flags.has(name) ? inv.flags.get(name) : undefined);
  const fact = <T>(value: T, f: Flag): Fact<T> => fromFile(value, f.range, '-' + f.name);
  const dflt = <T>(value: T, reason: string): Fact<T> => byDefault(value, `${inv.program}: ${reason}`, inv.range);
  const positive = (name: string): { n: number; flag: Flag } | undefined => {
    const f = flag(name);
    const n = number(f);
    return f && n !== undefined && n > 0 ? { n, flag: f } : undefined;
  };
  const job: Partial<Job> = { datasets: [] };

  // Model (-e): a descriptor builds random weights (pretraining); a .bin loads them.
  const eFlag = flag('e');
  const eValue = eFlag?.value && !isUnresolved(eFlag.value) ? eFlag.value : eFlag ? undefined : trainer.model;
  const m = eValue !== undefined ? llmcModel(eValue) : undefined;
  if (m) {
    const model: ModelFacts = {};
    const where = eFlag ? `-e ${eValue}` : `no -e: loads ${trainer.model}`;
    const range: Range = eFlag?.range ?? inv.range;
    if (m.id) model.id = eFlag ? fromFile(m.id, eFlag.range, `-e ${eValue}`) : dflt(m.id, `no -e: loads ${trainer.model}`);
    if (m.layers && m.channels) {
      model.layers = eFlag ? fact(m.layers, eFlag) : dflt(m.layers, where);
      model.hidden = eFlag ? fact(m.channels, eFlag) : dflt(m.channels, where);
    }
    if (m.parameters) model.parameters = byDefault(m.parameters, `${where}: ${m.basis}`, range);
    model.pretrained = eFlag ? fact(m.pretrained, eFlag) : dflt(m.pretrained, where);
    model.trainingMode = eFlag ? fact('full', eFlag) : dflt('full', 'llm.c trains every weight');
    job.model = model;
  }

  // Batch: -b micro-batch per GPU, -t sequence length, -d total tokens per step (all GPUs).
  const batch: BatchFacts = {};
  const b = positive('b');
  const t = positive('t');
  // A flag whose value is a run-time variable (`-b $B`) says nothing: no default is claimed for it.
  if (b) batch.perDevice = fact(b.n, b.flag);
  else if (!flag('b')) batch.perDevice = dflt(trainer.batch, `no -b: micro-batch ${trainer.batch} per GPU`);
  if (t) batch.sequenceLength = fact(t.n, t.flag);
  else if (!flag('t')) batch.sequenceLength = dflt(trainer.sequence, `no -t: sequence length ${trainer.sequence}`);
  const d = positive('d');
  if (d && batch.perDevice && batch.sequenceLength) {
    // llm.c: grad_accum_steps = total_batch_size / (B · T · num_processes); the count here spans every GPU.
    const accumulation = d.n / (batch.perDevice.value * batch.sequenceLength.value);
    if (accumulation >= 1) {
      batch.gradientAccumulation = fact(accumulation, d.flag);
      batch.accumulationIsGlobal = fact(true, d.flag);
    }
  }
  // -r recomputes only GeLU (1, the default) or GeLU and LayerNorm (2): no re-run of whole layers.
  const r = flag('r');
  const rn = number(r);
  if (r && rn !== undefined) batch.activationCheckpointing = fact(false, r);
  const z = flag('z');
  const zn = number(z);
  if (z && zn !== undefined && zn >= 0 && zn <= 3) batch.zeroStage = fact(Math.floor(zn), z);
  job.batch = batch;

  // Schedule: -x steps (-1, the default: one epoch of the -i data); train_gpt2 always runs 40.
  const schedule: ScheduleFacts = {};
  const x = positive('x');
  if (trainer.fixedSteps) schedule.maxSteps = dflt(trainer.fixedSteps, `runs ${trainer.fixedSteps} steps (train_gpt2.c main)`);
  else if (x) schedule.maxSteps = fact(x.n, x.flag);
  const iFlag = flag('i');
  const pattern = iFlag ? iFlag.value : 'dev/data/tinyshakespeare/tiny_shakespeare_train.bin';
  if (pattern && !isUnresolved(pattern)) {
    const ref: DatasetRef = { format: 'binary', path: pattern, reader: iFlag ? '-i' : `${inv.program} default` };
    job.datasets!.push(iFlag ? fact(ref, iFlag) : dflt(ref, 'no -i: trains on tiny Shakespeare'));
    const data = llmcData(pattern, trainer.tokenizer);
    // `-x $STEPS`: the steps are decided at run time, not one epoch.
    const stepsUnknown = flag('x') !== undefined && number(flag('x')) === undefined;
    if (data && !schedule.maxSteps && !stepsUnknown) {
      schedule.datasetTokens = byDefault(data.tokens, `${iFlag ? `-i ${pattern}` : 'no -i'}: ${data.basis}`, iFlag?.range ?? inv.range);
      schedule.epochs = dflt(1, 'no -x: one epoch of the -i data (max_steps -1)');
    }
  }
  // A descriptor builds random weights: pretraining; a .bin loads weights to train on.
  if (m && eFlag) schedule.objective = fact(m.pretrained ? 'fine-tuning' : 'pretraining', eFlag);
  const v = flag('v');
  const vn = number(v);
  if (v && vn !== undefined) schedule.evaluation = fact(vn > 0, v);
  job.schedule = schedule;

  job.checkpoint = checkpointFacts(inv, flag, fact, dflt, cwd, durableMounts);
  // One epoch of the data (no -x) is tokens / -d steps: the saves it makes (checkpoint-retention counts them).
  const every = job.checkpoint.intervalSteps;
  if (job.checkpoint.periodic?.value === true && every && d && schedule.datasetTokens && !schedule.maxSteps) {
    const steps = Math.floor(schedule.datasetTokens.value / d.n);
    job.checkpoint.savesPerEpoch = byDefault(Math.floor(steps / every.value), `-n ${every.value} over one epoch of ${steps.toLocaleString('en-US')} steps (the -i data's tokens / -d ${d.n})`, every.source.kind === 'file' ? every.source.range : inv.range);
  }
  const hw = hardwareFacts(inv, flag, fact);
  if (hw) job.hardware = hw;
  return job;
}

function checkpointFacts(
  inv: Invocation,
  flag: (name: string) => Flag | undefined,
  fact: <T>(value: T, f: Flag) => Fact<T>,
  dflt: <T>(value: T, reason: string) => Fact<T>,
  cwd: string | undefined,
  durableMounts: string[] | undefined,
): CheckpointFacts {
  const out: CheckpointFacts = {};
  const o = flag('o');
  const dir = o?.value && !isUnresolved(o.value) ? o.value : undefined;
  const n = flag('n');
  const every = number(n);
  // llm.c writes checkpoints only with both -n N > 0 and an -o log dir (train_gpt2.cu main loop).
  if (!TRAINERS[inv.program].flags.has('n')) out.periodic = dflt(false, 'writes no checkpoints');
  else if (!n) out.periodic = dflt(false, 'no -n: writes no checkpoints (checkpoint_every 0)');
  else if (every !== undefined) {
    out.periodic = fact(every > 0 && o !== undefined, n);
    if (every > 0) out.intervalSteps = fact(every, n);
  }
  if (o && dir) {
    out.location = fact(dir, o);
    out.storage = fact(storageOf(resolvePath(dir, cwd), durableMounts ?? []), o);
  }
  const y = flag('y');
  const resume = number(y);
  if (y && resume !== undefined) out.resume = fact(resume === 1, y);
  else if (TRAINERS[inv.program].flags.has('y')) out.resume = dflt(false, 'no -y 1: starts over instead of resuming from the -o log dir');
  if (out.periodic?.value === true) {
    const nk = flag('nk');
    const keep = number(nk);
    out.retention = nk && keep !== undefined && keep > 0 ? fact<number | 'all'>(keep, nk) : byDefault<number | 'all'>('all', LLMC_RETENTION_REASON, inv.range);
    out.keepLastAdvice = '`-nk 3` on the llm.c command line keeps the last 3 (add `-nm N` to keep every N-th step\'s checkpoint for good)';
  }
  return out;
}

/** llm.c's default GPUs per node (`-pg`, gpus_per_node = 8 in train_gpt2.cu main). */
const GPUS_PER_NODE = 8;

/**
 * One process per GPU: `-pn` processes in all (else the wrapper's `mpirun -np N` / `srun -n N`)
 * over `-pg` GPUs per node (llm.c's default 8).
 */
function hardwareFacts(inv: Invocation, flag: (name: string) => Flag | undefined, fact: <T>(value: T, f: Flag) => Fact<T>): HardwareRequest | undefined {
  const pg = flag('pg');
  const pgN = number(pg);
  const perNode = pg && pgN !== undefined && pgN >= 1 ? pgN : GPUS_PER_NODE;
  const pn = flag('pn');
  const procFlag = pn && number(pn) !== undefined ? pn : inv.processes;
  const procs = number(procFlag);
  if (!procFlag || procs === undefined || !Number.isInteger(procs) || procs < 1) return undefined;
  const countFrom = pg && pgN !== undefined ? pg : procFlag;
  return {
    gpuCount: procs > perNode && countFrom === procFlag ? byDefault(perNode, `${procs} processes, llm.c's default ${GPUS_PER_NODE} GPUs per node (-pg)`, procFlag.range) : fact(Math.min(perNode, procs), countFrom),
    nodes: fact(Math.max(1, Math.ceil(procs / perNode)), procFlag),
  };
}

/** The precision the trainer binary computes in: the build's, not a flag's. */
export function llmcPrecision(inv: Invocation): Fact<PrecisionMode> {
  const t = TRAINERS[inv.program];
  return byDefault(t.precision, t.precisionReason, inv.range);
}

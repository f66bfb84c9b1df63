import { byDefault, fromFile } from '../../facts';
import type { BatchFacts, CheckpointFacts, Fact, PrecisionMode, Range, ScheduleFacts } from '../../types';
import type { PyNode } from '../../formats/python';
import { earlyStoppingFact } from './earlyStopping';
import type { Fragment } from './fragment';
import { storageOf } from './paths';
import { boolValue, hasKwargsSplat, importedFrom, kwarg, numberValue, pathValue, resolve, stringValue, type CallInfo } from './query';
import { callsNamed, importsAny, methodCallsOn, type Scan } from './scan';

// Hugging Face `Trainer` / TRL trainers: `TrainingArguments(...)` (or a TRL config) + `trainer.train()`.

const HF_MODULES = ['transformers', 'trl', 'unsloth', 'optimum', 'setfit'];
const ARGS = ['TrainingArguments', 'Seq2SeqTrainingArguments'];
const TRL_CONFIGS = ['SFTConfig', 'DPOConfig', 'KTOConfig', 'GRPOConfig', 'ORPOConfig', 'RewardConfig', 'PPOConfig', 'CPOConfig', 'RLOOConfig', 'OnlineDPOConfig', 'GKDConfig', 'PRMConfig', 'BCOConfig', 'NashMDConfig', 'XPOConfig'];
const PARSERS = ['HfArgumentParser', 'TrlParser'];
const FP32_DEFAULT = 'transformers TrainingArguments default to fp32 (bf16=False, fp16=False)';
const TRL_DEFAULT = 'TRL configs default to bf16=True when fp16 is unset';

/** A `...Trainer(` call of the HF family: not Lightning's Trainer. */
export function isHfTrainer(s: Scan, c: CallInfo): boolean {
  if (!c.name.endsWith('Trainer')) return false;
  if (/^(pl|L|lightning|pytorch_lightning)\./.test(c.callee)) return false;
  const from = importedFrom(s.src, c.name);
  return !from || !/^(lightning|pytorch_lightning)/.test(from);
}

export function detectHfTrainer(s: Scan): Fragment | undefined {
  if (!importsAny(s, ...HF_MODULES)) return undefined;
  const { src } = s;
  const trainers = s.calls.filter((c) => isHfTrainer(s, c));
  const train = methodCallsOn(s, trainers, 'train', /trainer/i);
  const argsCall = s.calls.find((c) => ARGS.includes(c.name) || TRL_CONFIGS.includes(c.name));
  const parser = callsNamed(s, ...PARSERS)[0];
  const trains = trainers.length > 0 && train.length > 0;
  if (!trains) return { framework: 'hf', trains: false };
  const trainer = trainers[0];
  const anchorCall = argsCall ?? trainer;
  const anchor = src.rangeOf(anchorCall.node);
  return {
    framework: 'hf',
    trains: true,
    anchor,
    name: trainer.name === 'Trainer' ? 'HF Trainer' : trainer.name,
    precision: argsCall ? argsPrecision(s, argsCall) : cliPrecision(s, parser, trainer),
    checkpoint: hfCheckpoint(s, argsCall, train[0], anchor),
    schedule: hfSchedule(s, argsCall, src.rangeOf(trainer.node)),
    batch: argsCall ? hfBatch(s, argsCall) : undefined,
  };
}

function kwFact<T>(s: Scan, n: PyNode, key: string, value: T): Fact<T> {
  return fromFile(value, s.src.rangeOf(n.parent ?? n), key);
}

function argsPrecision(s: Scan, a: CallInfo): Fact<PrecisionMode> {
  const { src } = s;
  const r = src.rangeOf(a.node);
  const bf16 = kwarg(a, 'bf16');
  const fp16 = kwarg(a, 'fp16');
  const bfv = boolValue(resolve(src, bf16));
  const fpv = boolValue(resolve(src, fp16));
  if (bf16 && bfv === true) return kwFact(s, bf16, 'bf16', 'bf16');
  if (fp16 && fpv === true) return kwFact(s, fp16, 'fp16', 'fp16');
  if (bf16 && bfv === undefined) return kwFact<PrecisionMode>(s, bf16, 'bf16', 'dynamic');
  if (fp16 && fpv === undefined) return kwFact<PrecisionMode>(s, fp16, 'fp16', 'dynamic');
  if (hasKwargsSplat(a)) return byDefault<PrecisionMode>('dynamic', `${a.name} may set bf16/fp16 through **kwargs`, r);
  const trl = TRL_CONFIGS.includes(a.name);
  if (trl && !bf16) return byDefault<PrecisionMode>('bf16', TRL_DEFAULT, r);
  const tf32 = kwarg(a, 'tf32');
  if (tf32 && boolValue(resolve(src, tf32)) === true) return kwFact<PrecisionMode>(s, tf32, 'tf32', 'tf32');
  // Both switches written as False: an explicit fp32 run.
  if (bf16 || fp16) return kwFact<PrecisionMode>(s, (bf16 ?? fp16)!, bf16 ? 'bf16' : 'fp16', 'fp32');
  return byDefault<PrecisionMode>('fp32', FP32_DEFAULT, r);
}

/** No TrainingArguments call: the arguments come from the command line, or from elsewhere. */
function cliPrecision(s: Scan, parser: CallInfo | undefined, trainer: CallInfo): Fact<PrecisionMode> {
  if (parser) return byDefault<PrecisionMode>('dynamic', `bf16/fp16 are set on the command line (${parser.name})`, s.src.rangeOf(parser.node));
  if (kwarg(trainer, 'args') || trainer.args.length > 1)
    return byDefault<PrecisionMode>('dynamic', 'the training arguments are built outside this file', s.src.rangeOf(trainer.node));
  return byDefault<PrecisionMode>('fp32', `${FP32_DEFAULT}; ${trainer.name} was given no args`, s.src.rangeOf(trainer.node));
}

function hfCheckpoint(s: Scan, a: CallInfo | undefined, train: CallInfo, anchor: Range): CheckpointFacts {
  const { src } = s;
  const out: CheckpointFacts = {};
  const strategy = a && kwarg(a, 'save_strategy');
  const sv = strategy && resolve(src, strategy);
  const literal = sv && (stringValue(src, sv) ?? (sv.type === 'attribute' ? src.textOf(sv).split('.').pop()!.toLowerCase() : undefined));
  if (strategy && literal !== undefined) out.periodic = kwFact(s, strategy, 'save_strategy', literal !== 'no');
  else if (!strategy)
    out.periodic = byDefault(true, "transformers Trainer saves a checkpoint every 500 steps by default (save_strategy='steps')", anchor);
  const dir = a && kwarg(a, 'output_dir') ? kwarg(a, 'output_dir') : a?.args[0];
  const p = pathValue(src, dir);
  if (dir && p !== undefined) {
    out.location = kwFact(s, dir, 'output_dir', p);
    out.storage = kwFact(s, dir, 'output_dir', storageOf(p));
  }
  if (out.periodic?.value === true && a) retention(s, a, literal, out);
  const resume = kwarg(train, 'resume_from_checkpoint') ?? (a && kwarg(a, 'resume_from_checkpoint'));
  const rv = resume && resolve(src, resume);
  if (resume && rv?.type !== 'none' && rv?.type !== 'false') out.resume = kwFact(s, resume, 'resume_from_checkpoint', true);
  return out;
}

/** save_total_limit (unset keeps every checkpoint) and the save interval, as in the YAML configs. */
function retention(s: Scan, a: CallInfo, strategy: string | undefined, out: CheckpointFacts): void {
  const { src } = s;
  const limit = kwarg(a, 'save_total_limit');
  const lv = limit && resolve(src, limit);
  const n = numberValue(src, lv);
  if (limit && n !== undefined && n > 0) out.retention = kwFact<number | 'all'>(s, limit, 'save_total_limit', n);
  else if (!limit && !hasKwargsSplat(a)) out.retention = byDefault<number | 'all'>('all', 'transformers keeps every checkpoint when save_total_limit is unset (None)', src.rangeOf(a.node));
  const steps = numKw(s, a, 'save_steps');
  if (strategy === 'epoch') out.savesPerEpoch = kwFact(s, kwarg(a, 'save_strategy')!, 'save_strategy', 1);
  else if (steps && steps.value >= 1) out.intervalSteps = steps;
  else if (!kwarg(a, 'save_steps') && (strategy === undefined || strategy === 'steps')) out.intervalSteps = byDefault(500, "transformers saves every 500 steps by default (save_steps=500)");
}

function numKw(s: Scan, a: CallInfo, key: string): Fact<number> | undefined {
  const n = kwarg(a, key);
  const v = numberValue(s.src, resolve(s.src, n));
  return n && v !== undefined && v > 0 ? kwFact(s, n, key, v) : undefined;
}

function hfSchedule(s: Scan, a: CallInfo | undefined, trainerRange: Range): ScheduleFacts {
  const out: ScheduleFacts = {};
  const epochs = a && numKw(s, a, 'num_train_epochs');
  if (epochs) out.epochs = epochs;
  const steps = a && numKw(s, a, 'max_steps');
  if (steps) out.maxSteps = steps;
  out.earlyStopping = earlyStoppingFact(s, trainerRange, 'Trainer');
  return out;
}

function hfBatch(s: Scan, a: CallInfo): BatchFacts | undefined {
  const out: BatchFacts = {};
  const per = numKw(s, a, 'per_device_train_batch_size');
  if (per) out.perDevice = per;
  const acc = numKw(s, a, 'gradient_accumulation_steps');
  if (acc) out.gradientAccumulation = acc;
  const seq = numKw(s, a, 'max_seq_length') ?? numKw(s, a, 'max_length');
  if (seq) out.sequenceLength = seq;
  return Object.keys(out).length ? out : undefined;
}

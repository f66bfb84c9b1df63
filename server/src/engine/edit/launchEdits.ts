// Fixes shared by the dialects that launch a command (SkyPilot `run:`, shell scripts, Kubernetes containers):
// which invocation a precision flag belongs on, and the edits that only touch that command.

import { addFlag, flipToTrue, parquetPath, replaceWithin, setFlagNumber, setFlagValue, type FileText } from './shellEdit';
import { earlyStoppingArgs, trainerArgsState } from './earlyStoppingArgs';
import type { DatasetRef, Fact, Fix, PrecisionMode, Range, TextEdit } from '../types';
import { isDetectron2Launch } from '../dialects/launch/detectron2';
import { isHfTrainerStyle, isTrlTraining, isYoloTraining } from '../dialects/launch/classify';
import { isLlamaFactoryFlagsLaunch, workloadInvocations } from '../dialects/launch/jobFacts';
import { findFlag, flagBool } from '../dialects/launch/flagFacts';
import type { Flag, Invocation } from '../dialects/launch/types';

const CONFIG_ARG = /\.(ya?ml|jsonc?)$/i;
const PYTHON_FAMILY = new Set(['python', 'torchrun', 'accelerate', 'deepspeed']);

export interface PrecisionTarget {
  inv: Invocation;
  /** `--bf16 False` already on the command line: flip it rather than add a flag. */
  existing?: Flag;
}

/**
 * The command a `--bf16`/`--fp16` switch goes on: an HF-Trainer-style or TRL command whose
 * precision this file states or defaults. Undefined when the precision comes from a linked file
 * (that file gets its own fix) or the script reads a config file instead of its flags.
 */
export function precisionTarget(invocations: Invocation[], precision: Fact<PrecisionMode> | undefined, mode: 'bf16' | 'fp16'): PrecisionTarget | undefined {
  const src = precision?.source;
  if (src?.kind === 'file' && src.uri) return undefined;
  const inv = trainerCommand(invocations, mode);
  if (!inv) return undefined;
  const existing = findFlag(inv, mode);
  return existing ? { inv, existing } : { inv };
}

/** `--nproc_per_node 8` (and the like) set to the new GPU count, where written as a number. */
export function gpuCountFlagEdits(f: FileText, invocations: Invocation[], count: number): TextEdit[] {
  const out: TextEdit[] = [];
  for (const inv of workloadInvocations(invocations)) {
    const flag = findFlag(inv, 'nproc_per_node', 'num_gpus', 'gpus');
    const e = flag && setFlagNumber(f, flag, count);
    if (e) out.push(e);
  }
  return out;
}

/** `--train_file data/x.csv` -> `data/x.parquet`, for a dataset read from a flag of this file. */
export function parquetFlagFix(f: FileText, dataset: Fact<DatasetRef>): Fix | undefined {
  const src = dataset.source;
  const path = dataset.value.path;
  if (src.kind !== 'file' || src.uri || !path || !src.key.startsWith('--')) return undefined;
  const to = parquetPath(path);
  const edit = to && replaceWithin(f, src.range, path, to);
  if (!edit || !to) return undefined;
  return { title: `Read ${to} instead of ${path} (convert the data to Parquet first)`, edits: [edit], safe: false };
}


/** The HF-style command whose Trainer flags a fix sets: the one that writes `flag`, else the first. */
function trainerCommand(invocations: Invocation[], flag: string): Invocation | undefined {
  const relevant = workloadInvocations(invocations);
  const inv = relevant.find((i) => findFlag(i, flag)) ?? relevant.find(isHfTrainerStyle) ?? relevant.find(isTrlTraining);
  // `python train.py config.yaml`: HfArgumentParser reads the file and ignores other flags.
  if (!inv || (PYTHON_FAMILY.has(inv.program) && inv.args.some((a) => CONFIG_ARG.test(a.text)))) return undefined;
  return inv;
}

/**
 * How new words reach a command: shell text (a `run:` block, a script, a `sh -c` string) gets
 * ` --flag 3` after the script; an argv list (Kubernetes `args:`) gets one item per word.
 */
export type FlagAdder = (inv: Invocation, words: string[]) => TextEdit | undefined;

export function shellAdder(f: FileText): FlagAdder {
  return (inv, words) => addFlag(f, inv, flagGroups(words));
}

/** `--a 1 --b --c x` -> `--a 1`, `--b`, `--c x`: one option (with its value) per group. */
function flagGroups(words: string[]): string[] {
  const out: string[] = [];
  for (const w of words) {
    if (w.startsWith('-') || !out.length) out.push(w);
    else out[out.length - 1] += ` ${w}`;
  }
  return out;
}

/** `--name N` set where written as a number, else added to the command. */
function numberFlagEdit(f: FileText, inv: Invocation, name: string, n: number, add: FlagAdder): TextEdit | undefined {
  const flag = findFlag(inv, name);
  return flag ? setFlagNumber(f, flag, n) : add(inv, [`--${name}`, String(n)]);
}

/** `--save_total_limit N` on the training command (deleting old checkpoints is a choice: unsafe). */
export function retentionFlagFix(f: FileText, invocations: Invocation[], keep: number, add: FlagAdder = shellAdder(f)): Fix | undefined {
  const inv = trainerCommand(invocations, 'save_total_limit');
  const e = inv && numberFlagEdit(f, inv, 'save_total_limit', keep, add);
  return e && { title: `Keep the last ${keep} checkpoints (--save_total_limit ${keep})`, edits: [e], safe: false };
}

/** `--per_device_train_batch_size` (and `--gradient_accumulation_steps` where it changes) on the training command. */
export function batchFlagFix(f: FileText, invocations: Invocation[], change: { perDevice: number; gradientAccumulation?: number; title: string }, add: FlagAdder = shellAdder(f)): Fix | undefined {
  const inv = trainerCommand(invocations, 'per_device_train_batch_size');
  if (!inv) return undefined;
  const edits: TextEdit[] = [];
  const per = numberFlagEdit(f, inv, 'per_device_train_batch_size', change.perDevice, add);
  if (!per) return undefined;
  edits.push(per);
  if (change.gradientAccumulation !== undefined && (findFlag(inv, 'gradient_accumulation_steps') || change.gradientAccumulation !== 1)) {
    const ga = numberFlagEdit(f, inv, 'gradient_accumulation_steps', change.gradientAccumulation, add);
    if (!ga) return undefined;
    // Two flags added after the same token: one edit, so their order is defined.
    if (ga.range.start.line === per.range.start.line && ga.range.start.character === per.range.start.character && ga.range.end.character === per.range.end.character && per.range.start.character === per.range.end.character) {
      edits[0] = { range: per.range, newText: `${per.newText}${ga.newText}` };
    } else edits.push(ga);
  }
  // A different batch changes the optimisation: offered, never applied unasked.
  return { title: change.title, edits, safe: false };
}

/**
 * `--bf16` on a launched command (a SkyPilot `run:` block, a shell script, a container's argv): an
 * existing `--bf16 False` is flipped, else the flag is added. `where` ends the title (` in run:`).
 */
export function shellPrecisionFix(f: FileText, invocations: Invocation[], precision: Fact<PrecisionMode> | undefined, mode: 'bf16' | 'fp16', where = '', adder?: FlagAdder): Fix | undefined {
  // Ultralytics trains in AMP (fp16) unless `amp=False`: the fix flips that word, whatever the GPU.
  const yolo = workloadInvocations(invocations).find(isYoloTraining);
  if (yolo) {
    const amp = yolo.flags.get('amp');
    const e = amp && flipToTrue(f, amp);
    return e && { title: `Train in mixed precision: set amp=${e.newText}${where}`, edits: [e], safe: true };
  }
  const d2 = detectron2PrecisionFix(f, invocations, precision, where, adder === undefined);
  if (d2 !== null) return d2;
  const add = adder ?? shellAdder(f);
  const t = precisionTarget(invocations, precision, mode);
  if (!t) return undefined;
  if (t.existing) {
    const e = flipToTrue(f, t.existing);
    return e && { title: `Train in ${mode}: set --${mode} to ${e.newText}${where}`, edits: [e], safe: true };
  }
  const e = add(t.inv, [`--${mode}`]);
  return e && { title: `Train in ${mode}: add --${mode} to the training command${where}`, edits: [e], safe: true };
}

/**
 * detectron2 reads its config overrides after every flag (argparse REMAINDER), so `--fp16` would
 * break the command: an existing `SOLVER.AMP.ENABLED False` (`train.amp.enabled=False`) is flipped,
 * else `SOLVER.AMP.ENABLED True` goes after the command's last word (shell text only: `appendable`).
 * null when no detectron2 command trains here; undefined when it does but cannot be edited safely.
 */
function detectron2PrecisionFix(f: FileText, invocations: Invocation[], precision: Fact<PrecisionMode> | undefined, where: string, appendable: boolean): Fix | undefined | null {
  const inv = workloadInvocations(invocations).find(isDetectron2Launch);
  if (!inv) return null;
  if (precision?.source.kind === 'file' && precision.source.uri) return undefined; // the config file gets its own fix
  const lazy = /lazyconfig_/.test(inv.script ?? '');
  const existing = inv.flags.get('SOLVER.AMP.ENABLED') ?? inv.flags.get('train.amp.enabled');
  const title = (what: string) => ({ title: `Train in fp16 (detectron2 AMP): ${what}${where}`, safe: true });
  if (existing) {
    const e = flagBool(existing) === false ? flipToTrue(f, existing) : undefined;
    return e && { ...title(`set ${existing.key ?? existing.name} to ${e.newText}`), edits: [e] };
  }
  const words = inv.words ?? [];
  const last = words[words.length - 1];
  // Inside `bash -c "..."` every word has the string's range: no place to append.
  if (!appendable || !last || words.length < 2 || sameRange(words[0].range, last.range)) return undefined;
  const add = lazy ? 'train.amp.enabled=True' : 'SOLVER.AMP.ENABLED True';
  return { ...title(`add ${add} at the end of the command`), edits: [{ range: { start: last.range.end, end: last.range.end }, newText: ` ${add}` }] };
}

const sameRange = (a: Range, b: Range): boolean => a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

/**
 * `--early_stopping_steps N` on a `llamafactory-cli train --flags` command, with the
 * TrainingArguments transformers' EarlyStoppingCallback asserts (earlyStoppingArgs) and a validation
 * split when none is named. Only LLaMA-Factory reads an early-stopping setting from its command line:
 * transformers' example scripts have none, so their launches get no fix.
 */
export function earlyStoppingFlagFix(f: FileText, invocations: Invocation[], patience: number, add: FlagAdder = shellAdder(f)): Fix | undefined {
  const inv = workloadInvocations(invocations).find(isLlamaFactoryFlagsLaunch);
  if (!inv || findFlag(inv, 'early_stopping_steps')) return undefined;
  const str = (name: string) => {
    const fl = findFlag(inv, name);
    return fl ? (fl.value !== undefined && /^[a-z]+$/i.test(fl.value) ? fl.value : null) : undefined;
  };
  const steps = (name: string) => {
    const fl = findFlag(inv, name);
    return fl ? (fl.value !== undefined && /^\d+$/.test(fl.value) && Number(fl.value) >= 1 ? Number(fl.value) : null) : undefined;
  };
  const needed = earlyStoppingArgs(
    trainerArgsState({
      str,
      steps,
      bool: (name) => {
        const fl = findFlag(inv, name);
        return fl ? (flagBool(fl) ?? null) : undefined;
      },
      has: (name) => !!findFlag(inv, name),
    }),
  );
  if (!needed) return undefined;
  const set: [string, string][] = [['early_stopping_steps', String(patience)], ...needed.map(([k, v]): [string, string] => [k, String(v)])];
  if (!findFlag(inv, 'val_size') && !findFlag(inv, 'eval_dataset')) set.push(['val_size', '0.05']);
  const edits: TextEdit[] = [];
  const words: string[] = [];
  for (const [name, value] of set) {
    const existing = findFlag(inv, name);
    if (existing) {
      // `--load_best_model_at_end False`, `--save_steps 500`: the value is rewritten in place.
      const e = existing.value !== undefined ? setFlagValue(f, existing, value) : undefined;
      if (!e) return undefined;
      edits.push(e);
    } else words.push(`--${name}`, value);
  }
  if (words.length) {
    const e = add(inv, words);
    if (!e) return undefined;
    edits.push(e);
  }
  const said = set.map(([k, v]) => `--${k} ${v}`).join(' ');
  // Stopping early changes the trained model (and a new validation split changes the training data).
  return { title: `Stop early when eval loss stops improving (${said})`, edits, safe: false };
}

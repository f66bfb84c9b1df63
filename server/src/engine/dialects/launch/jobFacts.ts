// The facts a set of launched commands implies: their flags, merged over the facts of the configs
// and scripts they name (read through ctx.linked), plus the defaults of the library the command
// runs (HF TrainingArguments: fp32 and a checkpoint every 500 steps; TRL: bf16).

import * as posix from 'path/posix';
import { byDefault, fromFile } from '../../facts';
import type { AnalysisContext, Fact, Job, PrecisionMode, Range } from '../../types';
import { architectureInName } from '../../cost/exampleFlops';
import { basename } from './argv';
import { classifyInvocation, isHfTrainerStyle, isPlainScriptLaunch, isTrlTraining } from './classify';
import { flagFacts, flagPrecision } from './flagFacts';
import { D2_FP32_REASON, detectron2DefaultFacts, detectron2ImpliedFacts, detectron2StatedFacts, isDetectron2Launch, splitLinkedBatch } from './detectron2';
import { isLlmcTrainer, llmcPrecision } from './llmc';
import { syncedCheckpoints } from './checkpointSync';
import { resolvePath, storageOf } from './storage';
import type { Invocation } from './types';

export interface LaunchFactOptions {
  /** Mount points whose writes survive the machine (MOUNTed buckets, persistent volumes). */
  durableMounts?: string[];
  /** Directories, relative to the analysed file, where relative script/config refs may live (SkyPilot `workdir`). */
  searchDirs?: string[];
  /** Working directory the commands start in (`~/sky_workdir` for SkyPilot). */
  cwd?: string;
}

export const HF_FP32_REASON = 'transformers TrainingArguments defaults to fp32; no --bf16/--fp16 on this command line';
export const HF_SAVE_REASON = 'transformers TrainingArguments saves a checkpoint every 500 steps by default (save_strategy="steps")';
export const HF_RETENTION_REASON = 'transformers keeps every checkpoint when save_total_limit is unset (None); no --save_total_limit on this command line';
export const HF_EARLY_STOPPING_REASON = "transformers' Trainer stops early only with an EarlyStoppingCallback, which its example scripts do not add";
export const LF_EARLY_STOPPING_REASON = 'LLaMA-Factory adds an EarlyStoppingCallback only when early_stopping_steps is set; no --early_stopping_steps on this command line';
export const TRL_BF16_REASON = 'TRL training configs (SFTConfig, DPOConfig, ...) default to bf16=True';

interface LinkedJob {
  job: Job;
  /** Where this file names the linked file (the config argument, the script). */
  via: { ref: string; range: Range };
  cwd: string | undefined;
}

/** Commands that carry the workload: training ones, else serving ones, else plain script runs. */
export function workloadInvocations(invocations: Invocation[]): Invocation[] {
  const training = invocations.filter((i) => classifyInvocation(i) === 'training');
  if (training.length) return training;
  const serving = invocations.filter((i) => classifyInvocation(i) === 'inference');
  return serving.length ? serving : invocations.filter((i) => classifyInvocation(i) === 'other' && isPlainScriptLaunch(i));
}

export async function launchedJobFacts(invocations: Invocation[], ctx: AnalysisContext, opts: LaunchFactOptions = {}): Promise<Partial<Job>> {
  const cwds = workingDirs(invocations, opts.cwd);
  const relevant = workloadInvocations(invocations);
  const job: Partial<Job> = { datasets: [], linkedFiles: [] };
  if (!relevant.length) return job;
  const kind = classifyInvocation(relevant[0]);
  if (kind === 'training' || kind === 'inference') job.workload = kind;

  const linked: LinkedJob[] = [];
  /** Commands whose script was found in the workspace (its own code says its defaults). */
  const followed = new Set<Invocation>();
  for (const inv of relevant) {
    const cwd = cwds.get(inv);
    const own = flagFacts(inv, cwd, opts.durableMounts);
    fill(job, own);
    fill(job, detectron2StatedFacts(inv));
    job.datasets!.push(...(own.datasets ?? []));
    const refs = [...inv.configFiles];
    if (inv.script && /\.py$/.test(inv.script) && inv.scriptRange) refs.push({ ref: inv.script, range: inv.scriptRange });
    for (const r of refs) {
      const hit = await linkRef(r.ref, cwd, ctx, opts.searchDirs ?? []);
      if (!hit) continue;
      if (r.ref === inv.script) followed.add(inv);
      if (!job.linkedFiles!.includes(hit.path)) job.linkedFiles!.push(hit.path);
      for (const j of hit.jobs) {
        linked.push({ job: j, via: r, cwd });
        for (const p of j.linkedFiles) if (!job.linkedFiles!.includes(p)) job.linkedFiles!.push(p);
      }
    }
  }

  // A checkpoint path a linked config writes: this file decides where that lands (its mounts, its cwd).
  if (!job.checkpoint?.location && opts.durableMounts) {
    const withLoc = linked.find((l) => typeof l.job.checkpoint?.location?.value === 'string');
    if (withLoc) {
      const loc = withLoc.job.checkpoint!.location!;
      const storage = storageOf(resolvePath(loc.value, withLoc.cwd), opts.durableMounts);
      const key = loc.source.kind === 'file' ? loc.source.key : 'output_dir';
      job.checkpoint = { ...job.checkpoint, location: loc, storage: fromFile(storage, withLoc.via.range, `${key} (in ${basename(withLoc.via.ref)})`) };
    }
  }
  for (const l of linked) {
    fill(job, l.job);
    for (const d of l.job.datasets) if (!job.datasets!.some((x) => x.value.path === d.value.path)) job.datasets!.push(d);
  }

  // detectron2: what the config name implies, then the library's defaults, under everything stated.
  for (const inv of relevant) {
    splitLinkedBatch(inv, job);
    const implied = detectron2ImpliedFacts(inv, job);
    fill(job, implied);
    if (implied.datasets) job.datasets!.push(...implied.datasets);
    fill(job, detectron2DefaultFacts(inv, job));
  }

  const precision = choosePrecision(relevant, linked.map((l) => l.job), followed);
  if (precision) job.precision = precision;

  // Checkpoints written to the machine's disk but copied to a bucket while training runs survive it.
  const c = job.checkpoint;
  if (c?.storage?.value === 'ephemeral' && c.location) {
    // Relative to the training command's directory, where the trainer resolves it.
    const synced = syncedCheckpoints(invocations, cwds, resolvePath(c.location.value, cwds.get(relevant[0])), opts.durableMounts ?? [], relevant[0]);
    if (synced) job.checkpoint = { ...c, storage: synced };
  }

  const hf = relevant.find((i) => hfDefaultsApply(i, followed));
  if (hf && job.checkpoint?.periodic === undefined) job.checkpoint = { ...job.checkpoint, periodic: byDefault(true, HF_SAVE_REASON, hf.range) };
  // TrainingArguments: save_total_limit=None keeps every checkpoint; save_steps=500 unless stated.
  const ck = job.checkpoint;
  if (hf && ck?.periodic?.value === true) {
    if (ck.retention === undefined) ck.retention = byDefault<number | 'all'>('all', HF_RETENTION_REASON, hf.range);
    if (ck.intervalSteps === undefined && ck.savesPerEpoch === undefined) ck.intervalSteps = byDefault(500, HF_SAVE_REASON, hf.range);
  }
  // The Trainer stops early only with an EarlyStoppingCallback, which the example scripts never add.
  if (hf && job.schedule?.epochs && job.schedule.earlyStopping === undefined) job.schedule = { ...job.schedule, earlyStopping: byDefault(false, HF_EARLY_STOPPING_REASON, hf.range) };
  // `llamafactory-cli train --flags` (no config file: a config's own facts say it).
  const lf = relevant.find(isLlamaFactoryFlagsLaunch);
  if (lf && job.schedule?.epochs && job.schedule.earlyStopping === undefined) job.schedule = { ...job.schedule, earlyStopping: byDefault(false, LF_EARLY_STOPPING_REASON, lf.range) };
  if (kind === 'training') nameModel(job, relevant);
  return job;
}

/**
 * Nothing states the model, but the training script is named after a vision architecture
 * (`resnet_ddp.py`, `train_vit_b_16.py`): that model, as an assumption (rules that right-size
 * hardware do not rest on it).
 */
function nameModel(job: Partial<Job>, relevant: Invocation[]): void {
  const m = job.model;
  if (m?.id || m?.parameters || m?.declared || m?.layers) return;
  for (const inv of relevant) {
    if (!inv.script || !inv.scriptRange) continue;
    const hit = architectureInName(inv.script);
    if (!hit) continue;
    const file = basename(inv.script);
    const reason = hit.sized
      ? `the training script's name (${file}) names ${hit.id}; the command states no model`
      : `the training script's name (${file}) names the architecture but not its size: ${hit.id}, ${hit.basis}; the command states no model`;
    job.model = { ...m, id: byDefault(hit.id, reason, inv.scriptRange) };
    return;
  }
}

/** `llamafactory-cli train --stage sft ...`: every setting on the command line, none in a config file. */
export function isLlamaFactoryFlagsLaunch(inv: Invocation): boolean {
  return (inv.program === 'llamafactory-cli' || inv.program === 'lmf') && inv.script === 'train' && !inv.configFiles.length && inv.flags.size > 0;
}

// transformers' example scripts (their `*_no_trainer` variants use Accelerate, not TrainingArguments).
const HF_EXAMPLE_SCRIPT = /(^|\/)run_[a-z0-9_]+\.py$/i;
const NO_TRAINER = /_no_trainer\.py$/i;
// TRL's example scripts, by their place in TRL's tree (a bare `sft.py` may be anyone's).
const TRL_SCRIPT = /(^|\/)(trl\/scripts|trl\/examples\/scripts|examples\/scripts)\/(sft|dpo|kto|orpo|cpo|grpo|rloo|ppo|reward_modeling|gkd|online_dpo|nash_md|xpo|bco|prm)\w*\.py$/i;

/**
 * Does the HF TrainingArguments default (fp32, a save every 500 steps) apply to a command passing
 * HF-style flags? Only when we know the script: one of transformers' examples, or a script found
 * in the workspace (then its own code, read through its dialect, says more). A custom script we
 * cannot read may set other defaults: then only what the command line states is judged.
 */
function hfDefaultsApply(inv: Invocation, followed: ReadonlySet<Invocation>): boolean {
  if (!isHfTrainerStyle(inv) || isTrlScript(inv)) return false;
  if (followed.has(inv)) return true;
  const s = inv.script ?? '';
  return HF_EXAMPLE_SCRIPT.test(s) && !NO_TRAINER.test(s);
}

function isTrlScript(inv: Invocation): boolean {
  return !!inv.script && (TRL_SCRIPT.test(inv.script) || /^trl\.scripts\./.test(inv.script));
}

/** Flags win; then what linked files state; then the launched library's default. */
function choosePrecision(relevant: Invocation[], linked: Job[], followed: ReadonlySet<Invocation>): Fact<PrecisionMode> | undefined {
  const flags = relevant.map(flagPrecision);
  const explicit = flags.find((f) => f.explicit)?.explicit;
  if (explicit) return explicit;
  // llm.c's precision is the binary's build, not a flag.
  const llmc = relevant.find(isLlmcTrainer);
  if (llmc) return llmcPrecision(llmc);
  const stated = linked.map((j) => j.precision).filter((p): p is Fact<PrecisionMode> => !!p);
  const fromFileOrNote = stated.find((p) => p.value !== 'dynamic' && p.source.kind !== 'default');
  if (fromFileOrNote) return fromFileOrNote;
  // A library default a linked file knows (TRL's bf16) beats the generic HF fp32 default.
  const knownDefault = stated.find((p) => p.value !== 'dynamic' && p.value !== 'fp32');
  if (knownDefault) return knownDefault;
  const negatives = flags.flatMap((f) => f.negatives);
  const tf32 = flags.find((f) => f.tf32)?.tf32;
  const hf = relevant.find((i) => hfDefaultsApply(i, followed));
  if (hf) return tf32 ?? (negatives[0] ? fromFile<PrecisionMode>('fp32', negatives[0].range, '--' + negatives[0].name) : byDefault<PrecisionMode>('fp32', HF_FP32_REASON, hf.range));
  const trl = relevant.find((i) => isTrlTraining(i) || isTrlScript(i));
  if (trl) return byDefault<PrecisionMode>('bf16', TRL_BF16_REASON, trl.range);
  const d2 = relevant.find(isDetectron2Launch);
  if (d2 && !stated.length) return byDefault<PrecisionMode>('fp32', D2_FP32_REASON, d2.range);
  const other = stated[0];
  if (other) return other;
  if (tf32) return tf32;
  const names = new Set(negatives.map((n) => n.name.toLowerCase()));
  if (names.has('bf16') && names.has('fp16')) return fromFile<PrecisionMode>('fp32', negatives[0].range, '--' + negatives[0].name);
  return undefined;
}

/** The working directory each command runs in, following `cd` (relative dirs are joined). */
function workingDirs(invocations: Invocation[], start: string | undefined): Map<Invocation, string | undefined> {
  const out = new Map<Invocation, string | undefined>();
  let cwd = start;
  for (const inv of invocations) {
    out.set(inv, cwd);
    if (inv.program === 'cd') {
      const to = inv.args[0]?.text ?? '~';
      cwd = to === '-' ? undefined : resolvePath(to, cwd ?? '.');
    }
  }
  return out;
}

/** Reads a referenced file: as written, relative to the commands' directory, then to the search dirs. */
async function linkRef(ref: string, cwd: string | undefined, ctx: AnalysisContext, searchDirs: string[]) {
  const r = ref.replace(/^~\/sky_workdir\//, '');
  if (/\$|`/.test(r) || /^[a-z][a-z0-9+.-]*:\/\//i.test(r)) return undefined;
  const candidates = [r];
  if (!r.startsWith('/') && !r.startsWith('~')) {
    const rel = cwd?.replace(/^~\/sky_workdir\/?/, '');
    if (rel && !rel.startsWith('/') && !rel.startsWith('~')) candidates.push(posix.join(rel, r));
    for (const d of searchDirs) candidates.push(posix.join(d, r));
  }
  for (const c of [...new Set(candidates)]) {
    const hit = await ctx.linked(c);
    if (hit) return hit;
  }
  return undefined;
}

const GROUPS = ['hardware', 'checkpoint', 'schedule', 'model', 'batch', 'dataLoading'] as const;

/** Copies into `target` every fact of `source` that `target` lacks (group by group). */
function fill(target: Partial<Job>, source: Partial<Job>): void {
  if (target.spot === undefined && source.spot !== undefined) target.spot = source.spot;
  for (const g of GROUPS) {
    const from = source[g] as Record<string, unknown> | undefined;
    if (!from) continue;
    const to = (target[g] ?? {}) as Record<string, unknown>;
    for (const [k, v] of Object.entries(from)) if (to[k] === undefined && v !== undefined) to[k] = v;
    (target as Record<string, unknown>)[g] = to;
  }
}

/**
 * A job that declares its machine (a SageMaker estimator, a Vertex worker pool) takes the facts of
 * the command it runs; its own schedule keys and hardware win, the command only fills gaps.
 */
export function applyLaunchedFacts(job: Job, l: Partial<Job>): void {
  if (l.precision) job.precision = l.precision;
  if (l.checkpoint) job.checkpoint = l.checkpoint;
  if (l.schedule) job.schedule = { ...l.schedule, ...job.schedule };
  if (l.datasets) job.datasets = l.datasets;
  if (l.model) job.model = l.model;
  if (l.batch) job.batch = l.batch;
  if (l.dataLoading) job.dataLoading = l.dataLoading;
  if (l.linkedFiles) job.linkedFiles = l.linkedFiles;
  if (l.hardware) job.hardware = { ...l.hardware, ...job.hardware };
}

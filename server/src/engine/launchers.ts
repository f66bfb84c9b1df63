// Reverse links: a config that some other workspace file runs (a SkyPilot task, a Kubernetes job,
// an `accelerate launch`/`torchrun`/`deepspeed` command, a Hydra config that composes it) is
// judged with that launcher's hardware and command-line flags when the config itself is analysed.
// Who launches whom is data the faces pass in (the LSP workspace index, the CLI's first pass): the
// engine only reads the launcher, with this file cut out of its links so nothing loops.
//
// One launcher decides, chosen deterministically: the first (by path) whose job asks for GPUs,
// else the first by path. Every fact taken from it names it (and how many others launch the file).

import * as path from 'path';
import type { AnalysisContext, Fact, HardwareRequest, Job, LinkedFile } from './types';

/** Launchers read per analysis at most (the choice needs their hardware). */
const MAX_LAUNCHERS = 5;

export async function applyLaunchers(jobs: Job[], launchers: readonly string[], ctx: AnalysisContext): Promise<void> {
  if (!jobs.length || !launchers.length) return;
  const sorted = [...new Set(launchers)].filter((l) => l !== ctx.path).sort();
  const read: { file: LinkedFile; job: Job }[] = [];
  for (const l of sorted.slice(0, MAX_LAUNCHERS)) {
    const file = await ctx.linked(l);
    const job = file?.jobs.find((j) => j.workload === 'training') ?? file?.jobs[0];
    if (file && job) read.push({ file, job });
  }
  if (!read.length) return;
  const chosen = read.find((r) => asksForGpus(r.job, r.file.path)) ?? read[0];
  const rel = path.relative(path.dirname(ctx.path), chosen.file.path) || path.basename(chosen.file.path);
  const others = sorted.length - 1;
  const note = `in ${rel}, which launches this file${others ? `; ${others} other launcher${others > 1 ? 's' : ''} also do, the figure uses this one` : ''}`;
  const own = <T>(f: Fact<T> | undefined): Fact<T> | undefined => (f && sourceUri(f) === chosen.file.path ? noted(f, note) : undefined);
  for (const job of jobs) {
    mergeLauncher(job, chosen.job, own);
    job.launchedBy = rel;
  }
}

function sourceUri(f: Fact<unknown>): string | undefined {
  const s = f.source;
  return s.kind === 'file' || s.kind === 'default' ? s.uri : undefined;
}

function asksForGpus(job: Job, launcherPath: string): boolean {
  const hw = job.hardware;
  const mine = (f: Fact<unknown> | undefined) => !!f && sourceUri(f) === launcherPath;
  return !!hw && !hw.cpuOnly && (mine(hw.gpu) || mine(hw.gpuCount) || mine(hw.instanceType));
}

function noted<T>(f: Fact<T>, note: string): Fact<T> {
  const s = f.source;
  if (s.kind === 'file') return { value: f.value, source: { ...s, key: `${s.key} (${note})` } };
  if (s.kind === 'default') return { value: f.value, source: { ...s, reason: `${s.reason} (${note})` } };
  return f;
}

type Own = <T>(f: Fact<T> | undefined) => Fact<T> | undefined;

/**
 * The launcher's own statements win: the hardware it requests is what is billed, its flags
 * override the config's keys. A library default the launcher assumes (HF's fp32 when no flag
 * says) does not override what the config writes.
 */
function mergeLauncher(job: Job, launcher: Job, own: Own): void {
  const hw = launcherHardware(launcher.hardware, own);
  if (hw) {
    const base: HardwareRequest = { ...job.hardware };
    // The launcher settles what the config left to run time (`devices: auto`) or to the machine.
    delete base.unresolved;
    delete base.cpuOnly;
    if (hw.gpu || hw.instanceType) delete base.instanceType;
    job.hardware = { ...base, ...hw };
  }
  // The model and data the launcher's command names are the run's (an Accelerate or DeepSpeed
  // config never names them itself).
  const m = launcher.model;
  const id = own(m?.id);
  const parameters = own(m?.parameters);
  if ((id || parameters) && !job.model?.id && !job.model?.parameters) job.model = { ...job.model, ...(id && { id }), ...(parameters && { parameters }) };
  const mode = own(m?.trainingMode);
  if (mode && (mode.source.kind !== 'default' || !job.model?.trainingMode)) job.model = { ...job.model, trainingMode: mode };
  if (!job.datasets.length) job.datasets = launcher.datasets.map(own).filter((d): d is NonNullable<typeof d> => !!d);
  const spot = own(launcher.spot);
  if (spot && (spot.source.kind !== 'default' || !job.spot)) job.spot = spot;
  const precision = own(launcher.precision);
  if (precision && (precision.source.kind !== 'default' || !job.precision)) job.precision = precision;
  for (const g of ['schedule', 'batch'] as const) {
    const from = launcher[g] as Record<string, Fact<unknown> | undefined> | undefined;
    if (!from) continue;
    const to = { ...(job[g] as Record<string, Fact<unknown> | undefined> | undefined) };
    for (const [k, f] of Object.entries(from)) {
      const mine = own(f);
      if (mine && (mine.source.kind !== 'default' || !to[k])) to[k] = mine;
    }
    (job as unknown as Record<string, unknown>)[g] = to;
  }
}

function launcherHardware(hw: HardwareRequest | undefined, own: Own): HardwareRequest | undefined {
  if (!hw) return undefined;
  const out: HardwareRequest = {};
  const gpu = own(hw.gpu);
  const gpuCount = own(hw.gpuCount);
  const nodes = own(hw.nodes);
  const instanceType = own(hw.instanceType);
  if (gpu) out.gpu = gpu;
  if (gpuCount) out.gpuCount = gpuCount;
  if (nodes) out.nodes = nodes;
  if (instanceType) out.instanceType = instanceType;
  const alternatives = hw.alternatives?.map(own).filter((f): f is Fact<string> => !!f);
  if (alternatives?.length) out.alternatives = alternatives;
  if (!Object.keys(out).length) return hw.cpuOnly && (own(hw.nodes) || own(hw.instanceType)) ? { cpuOnly: true } : undefined;
  if (hw.cpuOnly) out.cpuOnly = true;
  if (hw.unresolved) out.unresolved = true;
  return out;
}

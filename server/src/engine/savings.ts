// What a suggestion saves, and the ONE function that computes it (`savingOf`): every saving the
// product shows (rule messages, quick-fix titles, the budget tooltip, the breakdown) is a `Saving`
// made here, in USD per run (or per month for always-on services, priced by the hour), with the
// change of wall time. Rules call the helpers below; faces read `Finding.saving` and word it with
// `savingText`. Pure.
//  - fp32-training: the run gets faster by the model's predicted mixed-precision speed-up s, so it
//    costs run × (1 − 1/s) less (s from the calibrated throughput model, estimate.precisionSpeedup).
//  - oversized-gpu, training: the run on the job's hardware vs the same work on the suggested one,
//    both timed by the same throughput model (options.ts): a cheaper GPU that takes 20x longer
//    saves nothing.
//  - oversized-gpu, services: (requested − suggested $/h) × hours per month.
// Several suggestions shrink the same bill multiplicatively: together 1 − Π(1 − share), never more
// than the run costs (runSaving).
import type { CostEstimate } from './cost/estimateTypes';
import type { HardwareOption } from './cost/options';
import type { Finding, Job, Saving } from './types';

/** A run (or a month of a service) before or after a change: what it costs and how long it takes. */
export interface Outcome {
  usd: number;
  hours?: number;
}

/**
 * THE savings function. `before` and `after` must be priced alike (both on-demand, or both spot).
 * Undefined when the change saves nothing.
 */
export function savingOf(before: Outcome, after: Outcome, basis: string, per: 'run' | 'month' = 'run'): Saving | undefined {
  const usd = before.usd - after.usd;
  if (!(usd > 0) || !Number.isFinite(usd)) return undefined;
  const hoursDelta = before.hours !== undefined && after.hours !== undefined ? after.hours - before.hours : undefined;
  return { usdPerRun: usd, ...(per === 'month' && { per }), ...(hoursDelta !== undefined && Math.abs(hoursDelta) > 1e-9 && { hoursDelta }), basis };
}

/** The job's run as the budget prices it: on spot when it asks for spot, else on-demand. What
 *  every saving is a share of; undefined when there is none to claim a saving from. */
export function jobRun(e: CostEstimate): Outcome | undefined {
  // A run sized on a reference workload (a typical model or dataset) is a placeholder: no saving from it.
  if (e.reference) return undefined;
  const usd = e.usesSpot && e.runCostSpot !== undefined ? e.runCostSpot : e.runCostOnDemand;
  return usd !== undefined && usd > 0 ? { usd, hours: e.hours } : undefined;
}

/** The hourly price the job is billed at: spot when it runs on spot and a spot price is known, else
 *  on-demand. Every per-hour and per-month figure of a rule reads it (a spot machine idles at spot). */
export function billedPerHour(e: CostEstimate | undefined): { usd: number; spot: boolean } | undefined {
  if (e?.usesSpot && e.spotPerHour !== undefined) return { usd: e.spotPerHour, spot: true };
  return e?.onDemandPerHour !== undefined ? { usd: e.onDemandPerHour, spot: false } : undefined;
}

/** fp32/TF32 → mixed precision: the run at the predicted speed-up. */
export function precisionSaving(e: CostEstimate | undefined): Saving | undefined {
  const run = e && jobRun(e);
  if (!run || !e?.precisionSpeedup) return undefined;
  const f = e.precisionSpeedup.factor;
  // Bound by per-step overhead (small images at a small batch): no faster, nothing saved, and the
  // finding is judged by that (a hint under minSavingUsd), not by the calibration's speed-up.
  if (f <= 1 + 1e-9 && f > 0) return { usdPerRun: 0, basis: `${e.precisionSpeedup.to} predicted no faster on ${e.hardwareLabel ?? 'this hardware'}: each step is bound by launch overhead, not arithmetic (${e.precisionSpeedup.basis})` };
  if (!(f > 1)) return undefined;
  const after: Outcome = { usd: run.usd / f, ...(run.hours !== undefined && { hours: run.hours / f }) };
  return savingOf(run, after, `${e.precisionSpeedup.to} predicted ${f.toFixed(1)}x faster on ${e.hardwareLabel ?? 'this hardware'} (${e.precisionSpeedup.basis})`);
}

/** Training: the job's run vs the same work (its tokens) on `option`, timed by the same model. */
export function hardwareRunSaving(e: CostEstimate | undefined, option: HardwareOption): Saving | undefined {
  let run = e && jobRun(e);
  if (!run || option.hours === undefined) return undefined;
  // The job's own time limit stops a run that takes longer: such an option does not do the work.
  if (e!.timeLimitHours !== undefined && option.hours > e!.timeLimitHours) return undefined;
  // Cut short by its limit on its own hardware: compare the whole work on both.
  if (e!.stoppedAt !== undefined && e!.stoppedAt > 0) run = { usd: run.usd / e!.stoppedAt, ...(run.hours !== undefined && { hours: run.hours / e!.stoppedAt }) };
  const spot = e!.usesSpot && e!.runCostSpot !== undefined;
  const usd = spot ? option.runCostSpot : option.runCostOnDemand;
  if (usd === undefined) return undefined;
  return savingOf(run, { usd, hours: option.hours }, `the same ${e!.tokens?.toExponential(2) ?? ''} tokens on ${option.gpus}×${option.gpu} (${option.instanceType}, ${option.provider}) vs ${e!.hardwareLabel}, both timed by the mlcost throughput model, ${spot ? 'spot' : 'on-demand'} list prices`);
}

/** Services and dev machines: work is per hour, so $/h less × the hours of a month. */
export function hourlySaving(beforePerHour: number, afterPerHour: number, hoursPerMonth: number, basis: string): Saving | undefined {
  return savingOf({ usd: beforePerHour * hoursPerMonth }, { usd: afterPerHour * hoursPerMonth }, `${basis}; $${(beforePerHour - afterPerHour).toFixed(2)}/h less × ${hoursPerMonth} h a month`, 'month');
}

/** `$1,240` / `$12.30` / `$0.42`: money in savings text. */
export function usdText(usd: number): string {
  if (usd >= 100) return `$${Math.round(usd).toLocaleString('en-US')}`;
  return `$${usd.toFixed(2)}`;
}

/** How every face words a saving: `saves ≈ $412 per run (run 3.1 h shorter)`, `saves ≈ $2,900 a month`. */
export function savingText(s: Saving): string {
  const per = s.per === 'month' ? 'a month' : 'per run';
  let time = '';
  if (s.hoursDelta !== undefined) {
    const h = Math.abs(s.hoursDelta);
    const amount = h >= 1 ? `${h.toFixed(1)} h` : `${Math.max(1, Math.round(h * 60))} min`;
    time = ` (run ${amount} ${s.hoursDelta < 0 ? 'shorter' : 'longer'})`;
  }
  return `saves ≈ ${usdText(s.usdPerRun)} ${per}${time}`;
}

export interface SavingPart {
  rule: string;
  /** USD per run. */
  usd: number;
  basis: string;
}

export interface RunSaving {
  /** USD per run; 0 when nothing offered saves a known amount. */
  usd: number;
  parts: SavingPart[];
}

/** The findings a saving is computed from: the rule id and the saving the rule states. */
export type SavingFinding = Pick<Finding, 'rule' | 'saving'>;

/**
 * What the findings of one job save together on a run of `runCostUsd` (the budget's figure: spot
 * or on-demand per the job). Only per-run savings count; each is a share of the run.
 */
export function runSaving(runCostUsd: number | undefined, findings: readonly SavingFinding[]): RunSaving {
  if (runCostUsd === undefined || !(runCostUsd > 0)) return { usd: 0, parts: [] };
  const parts: SavingPart[] = [];
  let kept = 1;
  const seen = new Set<string>();
  for (const f of findings) {
    const s = f.saving;
    if (!s || s.per === 'month' || !(s.usdPerRun > 0) || seen.has(f.rule)) continue;
    seen.add(f.rule);
    const share = Math.min(1, s.usdPerRun / runCostUsd);
    kept *= 1 - share;
    parts.push({ rule: f.rule, usd: s.usdPerRun, basis: s.basis });
  }
  return { usd: runCostUsd * (1 - kept), parts };
}

/**
 * Which job each finding is about: the job whose anchor is nearest above-or-at the finding's line
 * (jobs of a multi-document file follow each other), else the first job. One job: all of them.
 */
export function findingsByJob<F extends Pick<Finding, 'range'>>(jobs: readonly Pick<Job, 'anchor'>[], findings: readonly F[]): F[][] {
  const out: F[][] = jobs.map(() => []);
  if (!jobs.length) return out;
  for (const f of findings) {
    const line = f.range.start.line;
    let best = -1;
    jobs.forEach((j, i) => {
      if (j.anchor.start.line <= line && (best < 0 || j.anchor.start.line > jobs[best].anchor.start.line)) best = i;
    });
    if (best < 0) best = jobs.reduce((b, j, i) => (j.anchor.start.line < jobs[b].anchor.start.line ? i : b), 0);
    out[best].push(f);
  }
  return out;
}

/** The estimate of a job: the one at its anchor line (with its name, when several share the line). */
export function estimateFor(job: Pick<Job, 'anchor' | 'name'>, estimates: readonly CostEstimate[]): CostEstimate | undefined {
  return (
    estimates.find((e) => e.anchor.start.line === job.anchor.start.line && e.jobName === job.name) ??
    estimates.find((e) => e.anchor.start.line === job.anchor.start.line)
  );
}

// What the fixes mlcost offers would save on a job's run, for the budget readout. Pure.
//  - fp32-training: the run gets faster by the measured bf16 speed-up, so it costs run × (1 − 1/s).
//    s = 5.4, the LOWER bound of the calibration (GPT-2 124M; larger models measured 6.7-7.7x):
//    a budget figure should not promise more than was measured on the smallest model.
//  - oversized-gpu: (requested − suggested $/h) × run hours, when both are known (as a share of the
//    on-demand run, applied to the spot run for spot jobs).
// Both shrink the same bill multiplicatively, so together they save 1 − (1 − a)(1 − b), never
// more than the run costs.
import type { CostEstimate } from './cost/estimateTypes';
import { PRECISION } from './evidence';
import type { Finding, Job } from './types';

export const FP32_SPEEDUP = Math.min(...PRECISION.bf16OverFp32);

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
export type SavingFinding = Pick<Finding, 'rule' | 'savingUsdPerHour'>;

/**
 * The hourly saving oversized-gpu states to the user in its message (`— saves ≈ $37.86/h`); the
 * budget reads the same figure from `Finding.savingUsdPerHour`, not from the text.
 */
export function statedHourlySaving(message: string): number | undefined {
  const m = /saves ≈ \$([\d,]+(?:\.\d+)?)\/h/.exec(message);
  if (!m) return undefined;
  const n = Number(m[1].replace(/,/g, ''));
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

export interface RunFigures {
  /** The run cost the budget uses (spot or on-demand per the job). */
  runCostUsd?: number;
  /** The same run on-demand: oversized-gpu's hourly saving is an on-demand price difference. */
  runCostOnDemand?: number;
  hours?: number;
}

export function runSaving(run: RunFigures, findings: readonly SavingFinding[]): RunSaving {
  const cost = run.runCostUsd;
  if (cost === undefined || !(cost > 0)) return { usd: 0, parts: [] };
  const parts: SavingPart[] = [];
  const fractions: number[] = [];
  if (findings.some((f) => f.rule === 'fp32-training')) {
    const fraction = 1 - 1 / FP32_SPEEDUP;
    fractions.push(fraction);
    parts.push({ rule: 'fp32-training', usd: cost * fraction, basis: `bf16 runs ≥ ${FP32_SPEEDUP}x faster than fp32 (calibration lower bound)` });
  }
  const oversized = findings.find((f) => f.rule === 'oversized-gpu');
  const perHour = oversized?.savingUsdPerHour !== undefined && oversized.savingUsdPerHour > 0 ? oversized.savingUsdPerHour : undefined;
  const { hours, runCostOnDemand } = run;
  if (perHour !== undefined && hours !== undefined && hours > 0 && runCostOnDemand !== undefined && runCostOnDemand > 0) {
    // (requested − suggested $/h) × hours, as a share of the on-demand run; on spot the same share
    // of the (cheaper) spot run, so a spot job is not promised its on-demand difference.
    const fraction = Math.min(1, (perHour * hours) / runCostOnDemand);
    fractions.push(fraction);
    parts.push({ rule: 'oversized-gpu', usd: cost * fraction, basis: `$${perHour.toFixed(2)}/h less on-demand × ${hours.toFixed(1)} h` });
  }
  const kept = fractions.reduce((k, f) => k * (1 - f), 1);
  return { usd: cost * (1 - kept), parts };
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

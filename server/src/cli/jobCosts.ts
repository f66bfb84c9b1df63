// What each job of an analysed file costs per month, by the budget arithmetic the status bar uses
// (engine/budget.ts: run cost at the capacity the job asks for × runs per month). Shared by the
// budget gate of `mlcost check` and by `mlcost diff`.
import { referenceText } from '../engine/cost/referenceText';
import type { AnalysisResult } from '../engine/analyze';
import { alwaysOnMonthlyOf, periodCost, type BudgetSettings } from '../engine/budget';
import type { Assumption } from '../engine/cost/estimateTypes';
import { estimateFor, findingsByJob } from '../engine/savings';
import type { Severity } from '../engine/types';

export interface JobFinding {
  rule: string;
  severity: Severity;
  /** 1-based. */
  line: number;
  message: string;
}

export interface JobCost {
  /** Path as displayed (repository-relative in a diff). */
  file: string;
  job: string;
  /** 1-based line of the job's anchor. */
  line: number;
  hardware?: string;
  usesSpot: boolean;
  /** One run at the capacity the job asks for (spot when it uses spot). */
  runCostUsd?: number;
  runsPerMonth: number;
  monthlyUsd?: number;
  /** Why there is no run cost, when there is none. */
  missing?: string;
  assumptions: Assumption[];
  findings: JobFinding[];
}

export function monthlyBudget(runsPerMonthDefault = 1): BudgetSettings {
  return { period: 'month', warnAt: 0.8, runsPerMonthDefault };
}

export function jobCosts(file: string, result: AnalysisResult, budget: BudgetSettings): JobCost[] {
  const byJob = findingsByJob(result.jobs, result.findings);
  return result.jobs.map((job, i) => {
    const e = estimateFor(job, result.estimates);
    const cost = periodCost(e && { ...e, alwaysOnMonthly: alwaysOnMonthlyOf(e), placeholder: e.reference?.model !== undefined }, job.runsPerMonth?.value, budget);
    return {
      file,
      job: job.name,
      line: job.anchor.start.line + 1,
      ...(e?.hardwareLabel !== undefined && { hardware: e.hardwareLabel }),
      usesSpot: e?.usesSpot ?? job.spot?.value === true,
      ...(cost.runCostUsd !== undefined && { runCostUsd: cost.runCostUsd }),
      runsPerMonth: cost.runsPerPeriod,
      ...(cost.periodCostUsd !== undefined && { monthlyUsd: cost.periodCostUsd }),
      ...(e?.missing !== undefined && { missing: e.missing }),
      ...(e?.reference?.model && { missing: `not counted in the monthly total: ${referenceText(e)}` }),
      ...(e?.countedAt && { missing: `counted in the monthly total at ${e.countedAt}, which launches it` }),
      ...(cost.runCostUsd === undefined && e?.missing === undefined && { missing: e ? 'no run cost' : 'no estimate for this job' }),
      assumptions: e?.assumptions ?? [],
      findings: byJob[i].map((f) => ({ rule: f.rule, severity: f.severity, line: f.range.start.line + 1, message: f.message })),
    };
  });
}

/** Whole-dollar style for reports: `$1,234` from $100 up, cents below. */
export function usd(x: number): string {
  const sign = x < 0 ? '−' : '';
  const a = Math.abs(x);
  return `${sign}$${a >= 100 ? Math.round(a).toLocaleString('en-US') : a.toFixed(2)}`;
}

/** `+$12.40`, `−$3,100`, `$0.00`. */
export function signedUsd(x: number): string {
  if (Math.abs(x) < 0.005) return '$0.00';
  return x > 0 ? `+${usd(x)}` : usd(x);
}

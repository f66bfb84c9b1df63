// Budget arithmetic for the workspace cost readout: what each job costs per budget period, the
// totals, and when to alert. Pure: no I/O, no editor; the LSP index feeds it slim records.
import type { CostEstimate } from './cost/estimateTypes';

export type BudgetPeriod = 'month' | 'total';

export interface BudgetSettings {
  /** USD per period; undefined = no budget set (the readout shows the plan only). */
  amount?: number;
  period: BudgetPeriod;
  /** Share of the budget at which to warn (0..1]. */
  warnAt: number;
  /** Runs per month of a job with no `# mlcost: runs-per-month=N` annotation. */
  runsPerMonthDefault: number;
}

export const DEFAULT_BUDGET: Readonly<BudgetSettings> = Object.freeze({ period: 'month', warnAt: 0.8, runsPerMonthDefault: 1 });

/** The part of a CostEstimate the budget needs (the index keeps only this, not the whole estimate). */
export type RunCostInput = Pick<CostEstimate, 'usesSpot' | 'runCostOnDemand' | 'runCostSpot'> & {
  /** An always-on machine's cost per month (IaC resources, inference services): it has no run. */
  alwaysOnMonthly?: number;
  /** The run is sized on a model the file does not name (a typical size): a placeholder, shown on
   *  its job but not added to the total (an Accelerate or DeepSpeed config beside the configs that
   *  launch it would count the same run twice, at a made-up size). Assumed hardware or data count. */
  placeholder?: boolean;
  /** Launched by another workspace file, whose own estimate is the same run: counted there. */
  countedAt?: string;
};

/** Cost of one run at the capacity the job itself asks for: spot if it uses spot (and a spot price is known). */
export function runCostOf(e: RunCostInput | undefined): number | undefined {
  if (!e) return undefined;
  const cost = e.usesSpot && e.runCostSpot !== undefined ? e.runCostSpot : e.runCostOnDemand;
  return cost !== undefined && Number.isFinite(cost) && cost >= 0 ? cost : undefined;
}

/** The always-on monthly figure of an estimate (its `monthly` when that is not run cost × runs). */
export function alwaysOnMonthlyOf(e: Pick<CostEstimate, 'monthly' | 'runCostOnDemand' | 'usesSpot'> | undefined): number | undefined {
  if (!e?.monthly || e.runCostOnDemand !== undefined) return undefined;
  const m = e.usesSpot && e.monthly.spot !== undefined ? e.monthly.spot : e.monthly.onDemand;
  return m !== undefined && Number.isFinite(m) && m >= 0 ? m : undefined;
}

/** Runs in one budget period: the annotation, else the default; a 'total' budget counts each job once. */
export function runsPerPeriod(annotatedRunsPerMonth: number | undefined, budget: BudgetSettings): number {
  if (budget.period === 'total') return 1;
  const n = annotatedRunsPerMonth ?? budget.runsPerMonthDefault;
  return Number.isFinite(n) && n >= 0 ? n : budget.runsPerMonthDefault;
}

export interface PeriodCost {
  runCostUsd?: number;
  runsPerPeriod: number;
  /** Undefined when the run cost is unknown: such a job adds nothing to the total. */
  periodCostUsd?: number;
}

export function periodCost(estimate: RunCostInput | undefined, annotatedRunsPerMonth: number | undefined, budget: BudgetSettings): PeriodCost {
  const run = runCostOf(estimate);
  // A machine that is always on costs its month; it has no run, and no 'total' for a one-off budget.
  const always = estimate?.alwaysOnMonthly;
  if (run === undefined && always !== undefined && Number.isFinite(always) && always >= 0) {
    return { runsPerPeriod: 1, periodCostUsd: budget.period === 'month' ? always : undefined };
  }
  const runs = runsPerPeriod(annotatedRunsPerMonth, budget);
  return { runCostUsd: run, runsPerPeriod: runs, periodCostUsd: run === undefined || estimate?.placeholder || estimate?.countedAt ? undefined : run * runs };
}

/** Sum of the defined figures (unknown costs add nothing rather than poisoning the total). */
export function sumUsd(values: readonly (number | undefined)[]): number {
  let total = 0;
  for (const v of values) if (v !== undefined && Number.isFinite(v)) total += v;
  return total;
}

/** Where spending stands against the budget: 'none' when no budget is set. */
export type BudgetLevel = 'none' | 'below' | 'warn' | 'over';

export function budgetLevel(totalUsd: number, budget: Pick<BudgetSettings, 'amount' | 'warnAt'>): BudgetLevel {
  if (budget.amount === undefined || !(budget.amount > 0)) return 'none';
  const share = totalUsd / budget.amount;
  if (share > 1) return 'over';
  if (share >= budget.warnAt) return 'warn';
  return 'below';
}

const RANK: Record<BudgetLevel, number> = { none: 0, below: 0, warn: 1, over: 2 };

/**
 * The alert state machine. An alert fires once when spending crosses warnAt or 100% upwards; it
 * does not fire again while it stays there (or drops only partway), only after it has dropped
 * below that threshold and crossed it again. `previous` is the level last seen (start: 'none').
 */
export function nextAlert(previous: BudgetLevel, current: BudgetLevel): { level: BudgetLevel; notify?: 'warn' | 'over' } {
  if (RANK[current] > RANK[previous]) return { level: current, notify: current === 'over' ? 'over' : 'warn' };
  return { level: current };
}

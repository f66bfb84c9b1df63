// The settings the workspace index and the budget read: `mlcost.index.enable`, `mlcost.exclude`,
// `mlcost.runsPerMonthDefault`, `mlcost.budget.{amount,period,warnAt}`, and VS Code's
// `files.exclude`. Untrusted workspace values: a wrong one is ignored with one line, never thrown.
import { DEFAULT_BUDGET, type BudgetSettings } from '../../engine/budget';

export interface IndexSettings {
  /** `mlcost.enable`: false = nothing of this folder is analysed. */
  enable: boolean;
  /** `mlcost.index.enable`: analyse unopened files. */
  indexEnable: boolean;
  /** `mlcost.exclude` globs, relative to the folder. */
  exclude: string[];
  runsPerMonthDefault: number;
}

export const DEFAULT_INDEX_SETTINGS: Readonly<IndexSettings> = Object.freeze({ enable: true, indexEnable: true, exclude: [], runsPerMonthDefault: 1 });

type Problem = (message: string) => void;

function asObject(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** VS Code nests dotted keys (`budget.amount` → `budget: { amount }`); some clients send them flat. */
function pick(section: Record<string, unknown>, group: string, key: string): unknown {
  return asObject(section[group])?.[key] ?? section[`${group}.${key}`];
}

export function parseIndexSettings(raw: unknown, problem: Problem): IndexSettings {
  const out: IndexSettings = { ...DEFAULT_INDEX_SETTINGS, exclude: [] };
  const s = asObject(raw);
  if (!s) return out;
  if (typeof s.enable === 'boolean') out.enable = s.enable;
  const idx = pick(s, 'index', 'enable');
  if (idx !== undefined && idx !== null) {
    if (typeof idx === 'boolean') out.indexEnable = idx;
    else problem(`mlcost: setting mlcost.index.enable ignored: expected true or false, got ${typeof idx}`);
  }
  if (s.exclude !== undefined && s.exclude !== null) {
    if (Array.isArray(s.exclude) && s.exclude.every((g) => typeof g === 'string')) out.exclude = (s.exclude as string[]).filter((g) => g.trim() !== '');
    else problem('mlcost: setting mlcost.exclude ignored: expected an array of glob strings');
  }
  const runs = s.runsPerMonthDefault;
  if (runs !== undefined && runs !== null) {
    if (typeof runs === 'number' && Number.isFinite(runs) && runs >= 0 && runs <= 10_000) out.runsPerMonthDefault = runs;
    else problem('mlcost: setting mlcost.runsPerMonthDefault ignored: expected a number from 0 to 10000');
  }
  return out;
}

export function parseBudgetSettings(raw: unknown, runsPerMonthDefault: number, problem: Problem): BudgetSettings {
  const out: BudgetSettings = { ...DEFAULT_BUDGET, runsPerMonthDefault };
  const s = asObject(raw);
  if (!s) return out;
  const amount = pick(s, 'budget', 'amount');
  if (amount !== undefined && amount !== null) {
    if (typeof amount === 'number' && Number.isFinite(amount) && amount > 0) out.amount = amount;
    else if (amount !== 0) problem('mlcost: setting mlcost.budget.amount ignored: expected a positive number of USD');
  }
  const period = pick(s, 'budget', 'period');
  if (period !== undefined && period !== null) {
    if (period === 'month' || period === 'total') out.period = period;
    else problem('mlcost: setting mlcost.budget.period ignored: expected month or total');
  }
  const warnAt = pick(s, 'budget', 'warnAt');
  if (warnAt !== undefined && warnAt !== null) {
    if (typeof warnAt === 'number' && Number.isFinite(warnAt) && warnAt > 0 && warnAt <= 1) out.warnAt = warnAt;
    else problem('mlcost: setting mlcost.budget.warnAt ignored: expected a share from 0 to 1 (e.g. 0.8)');
  }
  return out;
}

/** `files.exclude`: the globs set to true (conditional `{ when }` entries are left out). */
export function filesExcludeGlobs(raw: unknown): string[] {
  const s = asObject(raw);
  const ex = s && asObject(s.exclude);
  if (!ex) return [];
  return Object.entries(ex)
    .filter(([, v]) => v === true)
    .map(([g]) => g);
}

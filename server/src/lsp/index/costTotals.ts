// Running cost totals of the index, updated per file (subtract the old record, add the new one), so
// a change notification costs O(1) instead of re-costing and sorting every job of the workspace.
// The full sorted job list is built only when asked (mlcost/workspaceCost) and kept until a record
// changes.
import { budgetLevel, periodCost, sumUsd, type BudgetSettings } from '../../engine/budget';
import type { WorkspaceCostChangedParams, WorkspaceCostFolder } from './protocol';
import type { IndexedFile, IndexedJob } from './records';
import { compareJobs, costJob, costJobs, folderEntry, withoutFolder, type FolderJob } from './summary';

interface Sum {
  totalUsd: number;
  savingsUsd: number;
  jobCount: number;
}

interface Entry extends Sum {
  file: IndexedFile;
}

const zero = (): Sum => ({ totalUsd: 0, savingsUsd: 0, jobCount: 0 });

function add(to: Sum, e: Sum, sign: 1 | -1): void {
  to.totalUsd += sign * e.totalUsd;
  to.savingsUsd += sign * e.savingsUsd;
  to.jobCount += sign * e.jobCount;
}

export class CostTotals {
  /** By local path; files with at least one job. */
  private readonly entries = new Map<string, Entry>();
  private all: Sum = zero();
  private readonly perFolder = new Map<string, Sum>();
  private sorted?: { revision: number; jobs: FolderJob[] };
  /** Bumped by every change of a job record or of the budget. */
  revision = 0;

  constructor(private budget: BudgetSettings) {}

  /** The file's new record (undefined: gone). False when its jobs are as they were. */
  set(abs: string, file: IndexedFile | undefined): boolean {
    const prev = this.entries.get(abs);
    const next = file?.jobs.length ? this.entryOf(file) : undefined;
    if (!prev && !next) return false;
    // Typing in an open file re-analyses it on every keystroke; most keystrokes change no job.
    if (prev && next && prev.file.folder === next.file.folder && prev.file.uri === next.file.uri && sameJobs(prev.file.jobs, next.file.jobs)) {
      prev.file = next.file;
      return false;
    }
    if (prev) this.apply(prev, -1);
    if (next) {
      this.entries.set(abs, next);
      this.apply(next, 1);
    } else this.entries.delete(abs);
    this.revision++;
    return true;
  }

  /** Runs per month or the period changed: every job's period cost changes (once per settings change). */
  setBudget(budget: BudgetSettings): void {
    const same = JSON.stringify(budget) === JSON.stringify(this.budget);
    this.budget = budget;
    if (same) return;
    for (const [abs, e] of this.entries) this.entries.set(abs, this.entryOf(e.file));
    this.resum();
    this.revision++;
  }

  /** Recount from the per-file sums: drops the rounding drift of many add/subtract steps. */
  resum(): void {
    this.all = zero();
    this.perFolder.clear();
    for (const e of this.entries.values()) this.apply(e, 1);
  }

  /** The change notification: totals and the `top` most expensive priced jobs. */
  summary(folders: readonly string[], state: { indexing: boolean; filesIndexed: number }, top: number): WorkspaceCostChangedParams {
    const perFolder: WorkspaceCostFolder[] | undefined =
      folders.length > 1 ? folders.map((f) => {
        const s = this.perFolder.get(f) ?? zero();
        return folderEntry(f, clean(s.totalUsd), clean(s.savingsUsd), s.jobCount);
      }) : undefined;
    const totalUsd = clean(this.all.totalUsd);
    return {
      totalUsd,
      budgetUsd: this.budget.amount ?? null,
      period: this.budget.period,
      warnAt: this.budget.warnAt,
      level: budgetLevel(totalUsd, this.budget),
      jobs: this.top(top).map(withoutFolder),
      jobCount: this.all.jobCount,
      revision: this.revision,
      savingsUsd: clean(this.all.savingsUsd),
      ...(perFolder && { folders: perFolder }),
      indexing: state.indexing,
      filesIndexed: state.filesIndexed,
    };
  }

  /** Every job, sorted (compareJobs); rebuilt only after a change. */
  sortedJobs(): readonly FolderJob[] {
    if (this.sorted?.revision !== this.revision) {
      this.sorted = { revision: this.revision, jobs: costJobs([...this.entries.values()].map((e) => e.file), this.budget) };
    }
    return this.sorted.jobs;
  }

  /** The n most expensive priced jobs: one pass keeping n candidates, no sort of the whole list. */
  private top(n: number): FolderJob[] {
    const best: { file: IndexedFile; job: IndexedJob; periodCostUsd: number; uri: string; line: number }[] = [];
    for (const { file } of this.entries.values()) {
      for (const job of file.jobs) {
        const cost = periodCost(job, job.runsPerMonth, this.budget).periodCostUsd;
        if (cost === undefined) continue;
        const cand = { file, job, periodCostUsd: cost, uri: file.uri, line: job.line };
        if (best.length === n && compareJobs(cand, best[n - 1]) >= 0) continue;
        let i = best.length;
        while (i > 0 && compareJobs(cand, best[i - 1]) < 0) i--;
        best.splice(i, 0, cand);
        if (best.length > n) best.pop();
      }
    }
    return best.map((b) => costJob(b.file, b.job, this.budget));
  }

  private entryOf(file: IndexedFile): Entry {
    const jobs = file.jobs.map((j) => costJob(file, j, this.budget));
    return { file, totalUsd: sumUsd(jobs.map((j) => j.periodCostUsd)), savingsUsd: sumUsd(jobs.map((j) => j.savingsUsd)), jobCount: jobs.length };
  }

  private apply(e: Entry, sign: 1 | -1): void {
    add(this.all, e, sign);
    let f = this.perFolder.get(e.file.folder);
    if (!f) this.perFolder.set(e.file.folder, (f = zero()));
    add(f, e, sign);
  }
}

/** Job records are small (a few per file): comparing their JSON is cheap and exact. */
function sameJobs(a: readonly IndexedJob[], b: readonly IndexedJob[]): boolean {
  return a.length === b.length && JSON.stringify(a) === JSON.stringify(b);
}

/** Subtracting the last file can leave -1e-13 rather than 0. */
function clean(usd: number): number {
  return Math.abs(usd) < 1e-9 ? 0 : usd;
}

// Index records + budget settings → the `mlcost/workspaceCost` payload. The arithmetic is the
// engine's (budget.ts, savings.ts); this only assembles and sorts.
import * as path from 'path';
import { pathToFileURL } from 'url';
import { budgetLevel, periodCost, sumUsd, type BudgetSettings } from '../../engine/budget';
import { runSaving } from '../../engine/savings';
import type { IndexedFile, IndexedJob } from './records';
import type { WorkspaceCost, WorkspaceCostFolder, WorkspaceCostJob } from './protocol';

export type FolderJob = WorkspaceCostJob & { folder: string };

export function costJob(f: IndexedFile, j: IndexedJob, budget: BudgetSettings): FolderJob {
  const cost = periodCost(j, j.runsPerMonth, budget);
  const saving = runSaving(cost.runCostUsd, j.findings);
  return {
    folder: f.folder,
    uri: f.uri,
    line: j.line,
    name: j.name,
    ...(j.hardware !== undefined && { hardware: j.hardware }),
    ...(cost.runCostUsd !== undefined && { runCostUsd: cost.runCostUsd }),
    runsPerPeriod: cost.runsPerPeriod,
    ...(cost.periodCostUsd !== undefined && { periodCostUsd: cost.periodCostUsd }),
    runSavingsUsd: saving.usd,
    savingsUsd: saving.usd * cost.runsPerPeriod,
    ...(j.missing !== undefined && { missing: j.missing }),
    ...(j.assumed && { assumed: j.assumed }),
    findings: j.findings,
  };
}

/** Most expensive first; unknown costs last, then by file and line so the order is stable. */
export function compareJobs(a: Pick<WorkspaceCostJob, 'periodCostUsd' | 'uri' | 'line'>, b: Pick<WorkspaceCostJob, 'periodCostUsd' | 'uri' | 'line'>): number {
  return (b.periodCostUsd ?? -1) - (a.periodCostUsd ?? -1) || (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0) || a.line - b.line;
}

export function costJobs(files: Iterable<IndexedFile>, budget: BudgetSettings): FolderJob[] {
  const out: FolderJob[] = [];
  for (const f of files) for (const j of f.jobs) out.push(costJob(f, j, budget));
  return out.sort(compareJobs);
}

export function withoutFolder({ folder: _folder, ...job }: FolderJob): WorkspaceCostJob {
  return job;
}

export function folderEntry(folder: string, totalUsd: number, savingsUsd: number, jobCount: number): WorkspaceCostFolder {
  return { uri: pathToFileURL(folder).href, name: path.basename(folder), totalUsd, savingsUsd, jobCount };
}

/** The full payload from the costed jobs, already sorted (compareJobs). */
export function workspaceCost(
  sorted: readonly FolderJob[],
  budget: BudgetSettings,
  folders: readonly string[],
  state: { indexing: boolean; filesIndexed: number },
  onlyFolder?: string,
): WorkspaceCost {
  const all = onlyFolder === undefined ? sorted : sorted.filter((j) => j.folder === onlyFolder);
  const totalUsd = sumUsd(all.map((j) => j.periodCostUsd));
  const savingsUsd = sumUsd(all.map((j) => j.savingsUsd));
  const perFolder: WorkspaceCostFolder[] | undefined =
    folders.length > 1 && onlyFolder === undefined
      ? folders.map((folder) => {
          const mine = all.filter((j) => j.folder === folder);
          return folderEntry(folder, sumUsd(mine.map((j) => j.periodCostUsd)), sumUsd(mine.map((j) => j.savingsUsd)), mine.length);
        })
      : undefined;
  return {
    totalUsd,
    budgetUsd: budget.amount ?? null,
    period: budget.period,
    warnAt: budget.warnAt,
    level: budgetLevel(totalUsd, budget),
    jobs: all.map(withoutFolder),
    savingsUsd,
    ...(perFolder && { folders: perFolder }),
    indexing: state.indexing,
    filesIndexed: state.filesIndexed,
  };
}

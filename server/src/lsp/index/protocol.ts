// The workspace-cost messages between server and client. Types only (no runtime imports), so the
// client can import them without pulling server code into its bundle.
import type { BudgetLevel, BudgetPeriod } from '../../engine/budget';
import type { Saving } from '../../engine/types';

/** Request: the workspace's planned cost; params optional `{ folder }` (a folder URI) narrows it. */
export const WORKSPACE_COST_REQUEST = 'mlcost/workspaceCost';
/**
 * Server → client notification, sent (throttled) when the figures change: the totals and the few
 * most expensive jobs, not the whole list (thousands of jobs, megabytes, many times a minute while
 * indexing). The full list is `mlcost/workspaceCost`, asked when it is shown.
 */
export const WORKSPACE_COST_CHANGED = 'mlcost/workspaceCostChanged';
/** Request: forget the index and walk every folder again. */
export const REINDEX_REQUEST = 'mlcost/reindex';

export interface WorkspaceCostParams {
  folder?: string;
}

export interface JobFindingSummary {
  rule: string;
  severity: string;
  message: string;
  line: number;
  /** What the finding's suggestion saves (engine savings.ts), when known. */
  saving?: Saving;
}

export interface WorkspaceCostJob {
  uri: string;
  /** 0-based line of the job's anchor. */
  line: number;
  name: string;
  /** `8×A100-80GB (p4de.24xlarge)`; absent when unknown. */
  hardware?: string;
  /** One run at the capacity the job asks for (spot when it uses spot); absent when unknown. */
  runCostUsd?: number;
  runsPerPeriod: number;
  periodCostUsd?: number;
  /** What the offered fixes would save in the period (per run × runs). */
  savingsUsd: number;
  runSavingsUsd: number;
  /** Why no cost could be given (from the estimator). */
  missing?: string;
  /** What the estimate assumed rather than read from the file (`hardware`, `tokens`): it still counts in the total. */
  assumed?: ('hardware' | 'tokens' | 'model')[];
  findings: JobFindingSummary[];
}

export interface WorkspaceCostFolder {
  uri: string;
  name: string;
  totalUsd: number;
  savingsUsd: number;
  jobCount: number;
}

export interface WorkspaceCost {
  totalUsd: number;
  /** null when no budget is set. */
  budgetUsd: number | null;
  period: BudgetPeriod;
  warnAt: number;
  level: BudgetLevel;
  /** Most expensive first. */
  jobs: WorkspaceCostJob[];
  savingsUsd: number;
  /** Per workspace folder (multi-root); absent for a single folder. */
  folders?: WorkspaceCostFolder[];
  /** True while the background index is still walking or analysing. */
  indexing: boolean;
  filesIndexed: number;
}

/** How many jobs the notification carries in `jobs` (the status-bar tooltip's table). */
export const TOP_JOBS = 5;

export interface WorkspaceCostChangedParams extends WorkspaceCost {
  /**
   * NOT the full list: only the TOP_JOBS most expensive priced jobs, most expensive first (what the
   * status-bar tooltip shows). Ask `mlcost/workspaceCost` for every job.
   */
  jobs: WorkspaceCostJob[];
  /** How many jobs the workspace has (the length of the full list). */
  jobCount: number;
  /** Bumped whenever any job record changes (cost, findings): a shown full list is then stale. */
  revision: number;
  /** Present once when spending crosses warnAt or 100% upwards (the budget state machine). */
  alert?: 'warn' | 'over';
}

// Pairs the jobs of two sides of a diff and says what changed: cost per month and per run,
// hardware, findings that are new or fixed. Pure: JobCost lists in, DiffReport out.
import type { JobCost, JobFinding } from '../jobCosts';

export type JobStatus = 'added' | 'removed' | 'changed';

export interface JobDiff {
  status: JobStatus;
  /** The file on the head side (the base side's name for a removed job). */
  file: string;
  /** The base side's name when the file was renamed. */
  previousFile?: string;
  job: string;
  before?: JobCost;
  after?: JobCost;
  /** after − before, USD per month; unknown sides count as 0 (and say so through `missing`). */
  monthlyDeltaUsd: number;
  newFindings: JobFinding[];
  fixedFindings: JobFinding[];
}

export interface DiffTotals {
  beforeMonthlyUsd: number;
  afterMonthlyUsd: number;
  deltaMonthlyUsd: number;
  /** Jobs whose monthly cost is unknown on a side (left out of that side's total). */
  unknownBefore: number;
  unknownAfter: number;
}

export interface DiffReport {
  base: string;
  head: string;
  /** Only jobs that changed; identical trees give none. */
  jobs: JobDiff[];
  totals: DiffTotals;
  files: { added: string[]; deleted: string[]; renamed: { from: string; to: string }[] };
}

export interface SideJobs {
  /** Jobs by file (repository-relative path). */
  byFile: Map<string, JobCost[]>;
}

/**
 * Compares base and head. `renamedFrom` maps a head path to its base path when git saw a rename:
 * the jobs of the two files are paired, not reported as removed + added.
 */
export function compareSides(base: SideJobs, head: SideJobs, renamedFrom: ReadonlyMap<string, string>, labels: { base: string; head: string }): DiffReport {
  const jobs: JobDiff[] = [];
  const pairedBase = new Set<string>();
  const added: string[] = [];
  const renamed: { from: string; to: string }[] = [];
  for (const [file, after] of [...head.byFile].sort(byKey)) {
    const from = renamedFrom.get(file);
    const baseFile = from !== undefined && base.byFile.has(from) ? from : base.byFile.has(file) ? file : undefined;
    if (baseFile === undefined) added.push(file);
    else {
      pairedBase.add(baseFile);
      if (baseFile !== file) renamed.push({ from: baseFile, to: file });
    }
    jobs.push(...compareFile(file, baseFile, baseFile === undefined ? [] : base.byFile.get(baseFile)!, after));
  }
  const deleted: string[] = [];
  for (const [file, before] of [...base.byFile].sort(byKey)) {
    if (pairedBase.has(file)) continue;
    deleted.push(file);
    jobs.push(...compareFile(file, file, before, []));
  }
  const sum = (side: SideJobs) => {
    let usd = 0;
    let unknown = 0;
    for (const list of side.byFile.values()) for (const j of list) j.monthlyUsd === undefined ? unknown++ : (usd += j.monthlyUsd);
    return { usd, unknown };
  };
  const b = sum(base);
  const a = sum(head);
  return {
    base: labels.base,
    head: labels.head,
    jobs,
    totals: { beforeMonthlyUsd: b.usd, afterMonthlyUsd: a.usd, deltaMonthlyUsd: a.usd - b.usd, unknownBefore: b.unknown, unknownAfter: a.unknown },
    files: { added, deleted, renamed },
  };
}

const byKey = <T>(x: [string, T], y: [string, T]) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0);

/** Jobs pair by name, in order among jobs of the same name (multi-document files). */
function compareFile(file: string, baseFile: string | undefined, before: JobCost[], after: JobCost[]): JobDiff[] {
  const out: JobDiff[] = [];
  const remaining = [...before];
  for (const a of after) {
    const k = remaining.findIndex((b) => b.job === a.job);
    const b = k >= 0 ? remaining.splice(k, 1)[0] : undefined;
    const d = diffJob(file, baseFile, b, a);
    if (d) out.push(d);
  }
  for (const b of remaining) out.push(diffJob(baseFile ?? file, undefined, b, undefined)!);
  return out;
}

function diffJob(file: string, baseFile: string | undefined, before: JobCost | undefined, after: JobCost | undefined): JobDiff | undefined {
  const { added, removed } = findingChanges(before?.findings ?? [], after?.findings ?? []);
  const delta = (after?.monthlyUsd ?? 0) - (before?.monthlyUsd ?? 0);
  const status: JobStatus = !before ? 'added' : !after ? 'removed' : 'changed';
  if (status === 'changed' && !added.length && !removed.length && sameCost(before!, after!)) return undefined;
  return {
    status,
    file,
    ...(baseFile !== undefined && baseFile !== file && { previousFile: baseFile }),
    job: (after ?? before)!.job,
    ...(before && { before }),
    ...(after && { after }),
    monthlyDeltaUsd: delta,
    newFindings: added,
    fixedFindings: removed,
  };
}

function sameCost(a: JobCost, b: JobCost): boolean {
  const near = (x?: number, y?: number) => (x === undefined || y === undefined ? x === y : Math.abs(x - y) < 0.005);
  return a.hardware === b.hardware && near(a.runCostUsd, b.runCostUsd) && near(a.monthlyUsd, b.monthlyUsd) && a.missing === b.missing;
}

/**
 * New and fixed findings, by rule: a finding whose rule and message appear on both sides is the
 * same one even when lines moved; the rest of a rule's findings are new (head) or fixed (base).
 * Messages quote figures that change with the estimate, so a second pass pairs by rule alone.
 */
function findingChanges(before: readonly JobFinding[], after: readonly JobFinding[]): { added: JobFinding[]; removed: JobFinding[] } {
  const left = [...before];
  const unmatched: JobFinding[] = [];
  for (const f of after) {
    const k = left.findIndex((b) => b.rule === f.rule && b.message === f.message);
    if (k >= 0) left.splice(k, 1);
    else unmatched.push(f);
  }
  const added: JobFinding[] = [];
  for (const f of unmatched) {
    const k = left.findIndex((b) => b.rule === f.rule);
    if (k >= 0) left.splice(k, 1);
    else added.push(f);
  }
  return { added, removed: left };
}

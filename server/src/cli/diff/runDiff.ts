// `mlcost diff`: analyses the jobs of a base revision and of the head (a revision, or the working
// tree) and compares them. Everything is read from git objects or the disk; nothing is checked out.
import * as path from 'path';
import { analyze } from '../../engine/analyze';
import { monthlyBudget, jobCosts, type JobCost } from '../jobCosts';
import { compareSides, type DiffReport, type SideJobs } from './compare';
import { GitError, renames, repoRoot, resolveRev } from './git';
import { revisionSnapshot, workingTreeSnapshot, type Snapshot } from './snapshot';

export interface DiffOptions {
  base: string;
  /** A revision; undefined = the working tree. */
  head?: string;
  /** Paths as given on the command line, relative to `cwd`; empty = the whole repository. */
  paths: string[];
  runsPerMonthDefault?: number;
  log: (m: string) => void;
}

export async function runDiff(cwd: string, opts: DiffOptions): Promise<DiffReport> {
  const root = repoRoot(cwd);
  const scopes = opts.paths.map((p) => {
    const rel = path.relative(root, path.resolve(cwd, p)).split(path.sep).join('/');
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new GitError(`path outside the repository: ${p}`);
    return rel === '' ? '.' : rel;
  });
  const baseRev = resolveRev(root, opts.base);
  const headRev = opts.head !== undefined ? resolveRev(root, opts.head) : undefined;
  const base = revisionSnapshot(root, baseRev, scopes);
  const head = headRev ? revisionSnapshot(root, headRev, scopes) : workingTreeSnapshot(root, scopes);
  const renamedFrom = new Map(renames(root, baseRev, headRev).map((r) => [r.to, r.from]));
  const budget = monthlyBudget(opts.runsPerMonthDefault);
  const [b, h] = [await sideJobs(base, budget, opts.log), await sideJobs(head, budget, opts.log)];
  return compareSides(b, h, renamedFrom, { base: label(opts.base, baseRev), head: headRev ? label(opts.head!, headRev) : 'working tree' });
}

/** `main (1a2b3c4)`; a commit id given in full is shown short. */
function label(asked: string, sha: string): string {
  return sha.startsWith(asked) && asked.length >= 7 ? sha.slice(0, 7) : `${asked} (${sha.slice(0, 7)})`;
}

async function sideJobs(side: Snapshot, budget: ReturnType<typeof monthlyBudget>, log: (m: string) => void): Promise<SideJobs> {
  const byFile = new Map<string, JobCost[]>();
  for (const rel of side.files) {
    const text = side.text(rel);
    if (text === undefined) continue;
    const result = await analyze({ path: path.join(side.root, rel), text }, { files: side.access, log });
    if (result.jobs.length) byFile.set(rel, jobCosts(rel, result, budget));
  }
  return { byFile };
}

import * as fs from 'fs';
import { analyze } from '../engine/analyze';
import { diskFileAccess, MAX_FILE_BYTES } from '../engine/fileAccess';
import type { FileAccess } from '../engine/types';
import { LaunchMap, linkedFilesOf } from '../engine/launchMap';
import type { BudgetSettings } from '../engine/budget';
import type { TargetFile } from './collectFiles';
import { jobCosts, monthlyBudget } from './jobCosts';
import type { CheckReport, FileResult } from './report';
import type { RuleLevel } from './severity';

export interface RunOptions {
  /** Folders linked files and `.mlcost.yaml` may be read from. */
  roots: string[];
  ruleSeverity: Record<string, RuleLevel>;
  log: (message: string) => void;
  concurrency?: number;
  /** Monthly budget arithmetic for the per-job costs (default: 1 run per month). */
  budget?: BudgetSettings;
}

/**
 * Runs the engine over every file, a few at a time; the report keeps the input order. A second
 * pass re-checks the files that other checked files launch (their `linkedFiles`), judged with
 * those launchers (reverse links), as the editor's workspace index does.
 */
export async function runCheck(files: TargetFile[], opts: RunOptions): Promise<CheckReport> {
  const access = diskFileAccess(opts.roots);
  const results: FileResult[] = new Array(files.length);
  const launches = new LaunchMap();
  await forEach(files.length, opts.concurrency, async (i) => {
    const { result, linked } = await checkFile(files[i], access, opts, []);
    results[i] = result;
    launches.set(files[i].absPath, linked);
  });
  const again = files.map((f, i) => ({ f, i, launchers: launches.launchersOf(f.absPath) })).filter((x) => x.launchers.length && !results[x.i].skipped);
  await forEach(again.length, opts.concurrency, async (k) => {
    const { f, i, launchers } = again[k];
    results[i] = (await checkFile(f, access, opts, launchers)).result;
  });
  return { files: results };
}

async function forEach(count: number, concurrency: number | undefined, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await work(next++);
  };
  const n = Math.max(1, Math.min(concurrency ?? 8, count));
  await Promise.all(Array.from({ length: n }, worker));
}

async function checkFile(file: TargetFile, access: FileAccess, opts: RunOptions, launchers: string[]): Promise<{ result: FileResult; linked: string[] }> {
  const base = { display: file.display, absPath: file.absPath, findings: [] };
  let text: string;
  try {
    // Size is checked before reading, so a huge file is never loaded.
    const st = await fs.promises.stat(file.absPath);
    if (st.size > MAX_FILE_BYTES) return { result: { ...base, skipped: `file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` }, linked: [] };
    text = await fs.promises.readFile(file.absPath, 'utf8');
  } catch (e) {
    return { result: { ...base, skipped: `could not read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` }, linked: [] };
  }
  const r = await analyze({ path: file.absPath, text }, { files: access, ruleSeverity: opts.ruleSeverity, log: opts.log, launchers });
  return {
    result: {
      ...base,
      findings: r.findings,
      skipped: r.skipped,
      ...(r.estimates.length && { estimates: r.estimates }),
      ...(r.jobs.length && { jobCosts: jobCosts(file.display, r, opts.budget ?? monthlyBudget()) }),
    },
    linked: linkedFilesOf(r),
  };
}

import * as fs from 'fs';
import { analyze } from '../engine/analyze';
import { diskFileAccess, MAX_FILE_BYTES } from '../engine/fileAccess';
import type { FileAccess } from '../engine/types';
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

/** Runs the engine over every file, a few at a time; the report keeps the input order. */
export async function runCheck(files: TargetFile[], opts: RunOptions): Promise<CheckReport> {
  const access = diskFileAccess(opts.roots);
  const results: FileResult[] = new Array(files.length);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const i = next++;
      results[i] = await checkFile(files[i], access, opts);
    }
  };
  const n = Math.max(1, Math.min(opts.concurrency ?? 8, files.length));
  await Promise.all(Array.from({ length: n }, worker));
  return { files: results };
}

async function checkFile(file: TargetFile, access: FileAccess, opts: RunOptions): Promise<FileResult> {
  const base = { display: file.display, absPath: file.absPath, findings: [] };
  let text: string;
  try {
    // Size is checked before reading, so a huge file is never loaded.
    const st = await fs.promises.stat(file.absPath);
    if (st.size > MAX_FILE_BYTES) return { ...base, skipped: `file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` };
    text = await fs.promises.readFile(file.absPath, 'utf8');
  } catch (e) {
    return { ...base, skipped: `could not read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
  }
  const r = await analyze({ path: file.absPath, text }, { files: access, ruleSeverity: opts.ruleSeverity, log: opts.log });
  return {
    ...base,
    findings: r.findings,
    skipped: r.skipped,
    ...(r.estimates.length && { estimates: r.estimates }),
    ...(r.jobs.length && { jobCosts: jobCosts(file.display, r, opts.budget ?? monthlyBudget()) }),
  };
}

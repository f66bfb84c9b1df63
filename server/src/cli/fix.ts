import * as fs from 'fs';
import * as path from 'path';
import { analyze } from '../engine/analyze';
import { diskFileAccess, maxBytesFor } from '../engine/fileAccess';
import { applyTextEdits, chooseFixAll, withFileEol } from '../engine/fixAll';
import type { TargetFile } from './collectFiles';
import type { RuleLevel } from './severity';

// `mlcost check --fix`: applies the SAFE fixes (the same choice as the editor's fix-all) to the
// files on disk. Each file is re-analysed after its edits, so a fix that uncovers another safe fix
// gets a second pass; the report of what remains is the normal check run afterwards.

export interface FixOptions {
  roots: string[];
  ruleSeverity: Record<string, RuleLevel>;
  minSavingUsd?: number;
  log: (message: string) => void;
  /** Compute and report, write nothing. */
  dryRun?: boolean;
}

export interface FileFixes {
  display: string;
  /** Titles of the fixes applied (or that would be). */
  applied: string[];
}

export interface FixSummary {
  files: FileFixes[];
  /** Findings that a fix removed. */
  fixed: number;
}

/** Passes per file: a fix may make room for another (overlapping edits wait for the next pass). */
const MAX_PASSES = 3;

export async function fixFiles(files: TargetFile[], opts: FixOptions): Promise<FixSummary> {
  const access = diskFileAccess(opts.roots);
  const out: FileFixes[] = [];
  let fixed = 0;
  for (const file of files) {
    const r = await fixFile(file, access, opts);
    if (r.applied.length) out.push({ display: file.display, applied: r.applied });
    fixed += r.fixed;
  }
  return { files: out, fixed };
}

async function fixFile(file: TargetFile, access: ReturnType<typeof diskFileAccess>, opts: FixOptions): Promise<{ applied: string[]; fixed: number }> {
  let text: string;
  try {
    if ((await fs.promises.stat(file.absPath)).size > maxBytesFor(file.absPath)) return { applied: [], fixed: 0 };
    text = await fs.promises.readFile(file.absPath, 'utf8');
  } catch {
    return { applied: [], fixed: 0 };
  }
  const original = text;
  const applied: string[] = [];
  const run = (t: string) => analyze({ path: file.absPath, text: t }, { files: access, ruleSeverity: opts.ruleSeverity, log: opts.log, minSavingUsd: opts.minSavingUsd });
  let result = await run(text);
  const before = result.findings.length;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const chosen = chooseFixAll(result.findings);
    if (!chosen.length) break;
    const next = applyTextEdits(text, withFileEol(chosen.flatMap((c) => c.fix.edits), text));
    const after = await run(next);
    // A fix must never break the file: keep the text as it was before this pass.
    if (after.parseErrors.length > result.parseErrors.length || (after.skipped !== undefined && result.skipped === undefined)) {
      opts.log(`mlcost: --fix left ${file.display} unchanged: the fixes would introduce a parse error`);
      break;
    }
    applied.push(...chosen.map((c) => c.fix.title));
    text = next;
    result = after;
  }
  if (text === original) return { applied: [], fixed: 0 };
  if (!opts.dryRun) await writeAtomically(file.absPath, text);
  return { applied, fixed: Math.max(0, before - result.findings.length) };
}

/** Temp file in the same folder, same mode, then rename: a crash never leaves half a config. */
async function writeAtomically(target: string, text: string): Promise<void> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.mlcost-${process.pid}.tmp`);
  const mode = (await fs.promises.stat(target)).mode;
  try {
    await fs.promises.writeFile(temp, text, { encoding: 'utf8', mode });
    await fs.promises.rename(temp, target);
  } catch (e) {
    await fs.promises.rm(temp, { force: true });
    throw e;
  }
}

/** `fixed 3 findings in 2 files`, then one line per file. */
export function fixSummaryText(s: FixSummary, dryRun: boolean): string {
  const verb = dryRun ? 'would fix' : 'fixed';
  const head = `mlcost: ${verb} ${s.fixed} finding${s.fixed === 1 ? '' : 's'} in ${s.files.length} file${s.files.length === 1 ? '' : 's'}\n`;
  return head + s.files.map((f) => `  ${f.display}: ${f.applied.join('; ')}\n`).join('');
}

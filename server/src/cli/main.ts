import * as path from 'path';
import { diskFileAccess } from '../engine/fileAccess';
import { findProjectConfig, type ProjectConfig } from '../engine/projectConfig';
import { parseCommand, UsageError, type CheckOptions, type DiffCommandOptions } from './args';
import { diffJson, diffMarkdown, diffText } from './diff/formats';
import { GitError } from './diff/git';
import { runDiff } from './diff/runDiff';
import { writeInit } from './init';
import { monthlyBudget, usd } from './jobCosts';
import { collectFiles, PathError } from './collectFiles';
import { fixFiles, fixSummaryText } from './fix';
import { buildJsonReport, writeJsonReport } from './formats/json';
import { buildSarifReport } from './formats/sarif';
import { buildTextReport } from './formats/text';
import { USAGE } from './help';
import { listRules } from './listRules';
import { locatedFindings } from './report';
import { runCheck } from './runCheck';
import { fails } from './severity';
import { TOOL_VERSION } from './toolInfo';

/** Where the CLI writes; the process streams in real use. */
export interface Io {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: { write(s: string): unknown; isTTY?: boolean; once?(event: 'drain', listener: () => void): unknown };
  stderr: { write(s: string): unknown };
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/** Runs one command line and returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  try {
    const cmd = parseCommand(argv);
    switch (cmd.kind) {
      case 'help':
        io.stdout.write(USAGE);
        return EXIT_OK;
      case 'version':
        io.stdout.write(`${TOOL_VERSION}\n`);
        return EXIT_OK;
      case 'rules':
        io.stdout.write(listRules(cmd.format === 'json' ? 'json' : 'text'));
        return EXIT_OK;
      case 'check':
        return await check(cmd.options, io);
      case 'diff':
        return await diff(cmd.options, io);
      case 'init': {
        const r = writeInit(io.cwd, cmd.force);
        if (!r.written) {
          io.stderr.write(`mlcost: ${r.path} already exists (--force replaces it)\n`);
          return EXIT_USAGE;
        }
        io.stdout.write(`wrote ${r.path}: every section is commented out; uncomment what the team needs\n`);
        return EXIT_OK;
      }
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof PathError || e instanceof GitError) {
      io.stderr.write(`mlcost: ${e.message}\n`);
      if (e instanceof UsageError) io.stderr.write('Run `mlcost --help` for usage.\n');
      return EXIT_USAGE;
    }
    throw e;
  }
}

async function check(opts: CheckOptions, io: Io): Promise<number> {
  const { files, roots } = collectFiles(opts.paths, io.cwd);
  const log = opts.verbose ? (m: string) => io.stderr.write(`${m.startsWith('mlcost:') ? m : `mlcost: ${m}`}\n`) : () => {};
  if (opts.fix) {
    // Fixes first; the report below is then what remains. Summary on stderr keeps json/sarif parseable.
    const summary = await fixFiles(files, { roots: [io.cwd, ...roots], ruleSeverity: opts.ruleSeverity, log, dryRun: opts.fix === 'dry-run' });
    (opts.format === 'text' ? io.stdout : io.stderr).write(fixSummaryText(summary, opts.fix === 'dry-run'));
  }
  const project = projectConfigAt(io.cwd);
  const report = await runCheck(files, { roots: [io.cwd, ...roots], ruleSeverity: opts.ruleSeverity, log, budget: monthlyBudget(project?.budget?.runsPerMonthDefault) });
  for (const f of report.files) if (f.skipped !== undefined) io.stderr.write(`mlcost: skipped ${f.display}: ${f.skipped}\n`);

  const all = locatedFindings(report);
  const failing = all.filter((f) => fails(f.severity, opts.failOn));
  const shown = opts.quiet ? failing : all;
  switch (opts.format) {
    case 'json':
      await writeJsonReport(buildJsonReport(report, shown), (s) => writeWithBackpressure(io.stdout, s));
      break;
    case 'sarif':
      io.stdout.write(JSON.stringify(buildSarifReport(report, shown, io.cwd), null, 2) + '\n');
      break;
    case 'text':
      io.stdout.write(buildTextReport(report, shown, { color: useColor(io), quiet: opts.quiet }));
      break;
  }
  const limit = opts.maxMonthly ?? project?.budget?.monthly;
  let overBudget = false;
  if (limit !== undefined) {
    const jobs = report.files.flatMap((f) => f.jobCosts ?? []);
    const total = jobs.reduce((s, j) => s + (j.monthlyUsd ?? 0), 0);
    const unpriced = jobs.filter((j) => j.monthlyUsd === undefined).length;
    const from = opts.maxMonthly !== undefined ? '--max-monthly' : `budget.monthly in ${PROJECT_CONFIG_NAME}`;
    overBudget = total > limit;
    const note = unpriced ? ` (${unpriced} job(s) without a run cost not counted)` : '';
    // On stderr: json/sarif on stdout stay parseable.
    io.stderr.write(overBudget ? `mlcost: over budget: estimated ${usd(total)}/month is above ${usd(limit)} (${from})${note}\n` : `mlcost: budget: estimated ${usd(total)}/month of ${usd(limit)} (${from})${note}\n`);
  }
  return failing.length || overBudget ? EXIT_FINDINGS : EXIT_OK;
}

const PROJECT_CONFIG_NAME = '.mlcost.yaml';

/** The \`.mlcost.yaml\` of the folder the command runs in (budget settings for the whole run). */
function projectConfigAt(cwd: string): ProjectConfig | undefined {
  return findProjectConfig(path.join(cwd, PROJECT_CONFIG_NAME), diskFileAccess([cwd]));
}

async function diff(opts: DiffCommandOptions, io: Io): Promise<number> {
  const log = opts.verbose ? (m: string) => io.stderr.write(`${m.startsWith('mlcost:') ? m : `mlcost: ${m}`}\n`) : () => {};
  const project = projectConfigAt(io.cwd);
  const report = await runDiff(io.cwd, { base: opts.base, ...(opts.head !== undefined && { head: opts.head }), paths: opts.paths, runsPerMonthDefault: project?.budget?.runsPerMonthDefault, log });
  io.stdout.write(opts.format === 'json' ? diffJson(report) : opts.format === 'markdown' ? diffMarkdown(report) : diffText(report));
  let code = EXIT_OK;
  const t = report.totals;
  const limit = opts.maxMonthly ?? project?.budget?.monthly;
  if (limit !== undefined && t.afterMonthlyUsd > limit) {
    io.stderr.write(`mlcost: over budget: estimated ${usd(t.afterMonthlyUsd)}/month after this change is above ${usd(limit)}\n`);
    code = EXIT_FINDINGS;
  }
  if (opts.maxIncrease !== undefined && t.deltaMonthlyUsd > opts.maxIncrease) {
    io.stderr.write(`mlcost: this change adds ${usd(t.deltaMonthlyUsd)}/month, more than --max-increase ${usd(opts.maxIncrease)}\n`);
    code = EXIT_FINDINGS;
  }
  return code;
}

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
function useColor(io: Io): boolean {
  return io.stdout.isTTY === true && !io.env.NO_COLOR;
}

/** Waits for a piped stdout to drain, so a large report is not queued in memory all at once. */
function writeWithBackpressure(out: Io['stdout'], s: string): Promise<void> | undefined {
  if (out.write(s) !== false || !out.once) return undefined;
  return new Promise((resolve) => out.once!('drain', resolve));
}

import { parseCommand, UsageError, type CheckOptions } from './args';
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
    }
  } catch (e) {
    if (e instanceof UsageError || e instanceof PathError) {
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
    const summary = await fixFiles(files, { roots: [io.cwd, ...roots], ruleSeverity: opts.ruleSeverity, minSavingUsd: opts.minSavingUsd, log, dryRun: opts.fix === 'dry-run' });
    (opts.format === 'text' ? io.stdout : io.stderr).write(fixSummaryText(summary, opts.fix === 'dry-run'));
  }
  const report = await runCheck(files, { roots: [io.cwd, ...roots], ruleSeverity: opts.ruleSeverity, minSavingUsd: opts.minSavingUsd, log });
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
  return failing.length ? EXIT_FINDINGS : EXIT_OK;
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

import type { Severity } from '../../engine/types';
import { estimateSummary, locatedEstimates } from '../estimates';
import { checkedCount, type CheckReport, type LocatedFinding } from '../report';

export interface TextOptions {
  color: boolean;
  /** Only findings that fail the run are shown (`--quiet`); the summary is dropped when there are none. */
  quiet: boolean;
}

const SGR: Record<Severity | 'dim' | 'bold', string> = {
  error: '31',
  warning: '33',
  info: '36',
  hint: '2',
  dim: '2',
  bold: '1',
};

/**
 * ESLint/Ruff-like: `path:line:col  severity  message  [rule-id]`, then one summary line. In a
 * notebook, as Ruff does, the place is the cell: `train.ipynb:cell 3:2:5`.
 */
export function buildTextReport(report: CheckReport, findings: LocatedFinding[], opts: TextOptions): string {
  const paint = (code: keyof typeof SGR, s: string) => (opts.color ? `\x1b[${SGR[code]}m${s}\x1b[0m` : s);
  const lines = findings.map(
    (f) =>
      `${paint('bold', f.cell ? `${f.file}:cell ${f.cell.cell}:${f.cell.line}:${f.cell.column}` : `${f.file}:${f.line}:${f.column}`)}  ${paint(f.severity, f.severity.padEnd(7))}  ${oneLine(f.message)}  ${paint('dim', `[${f.rule}]`)}`,
  );
  // One cost line per job (not with --quiet, which shows only what fails the run).
  // Jobs with no known hardware are left out here (json lists them with `missing`).
  const estimates = opts.quiet ? [] : locatedEstimates(report).filter((e) => e.hardware !== undefined);
  if (estimates.length) {
    if (lines.length) lines.push('');
    for (const e of estimates) lines.push(`${paint('bold', `${e.file}:${e.line}`)}  ${paint('dim', 'cost')}  ${estimateSummary(e)}`);
  }
  if (findings.length) lines.push('', summary(findings));
  else if (!opts.quiet) lines.push(`No problems found in ${plural(checkedCount(report), 'file')}`);
  return lines.length ? lines.join('\n') + '\n' : '';
}

function summary(findings: LocatedFinding[]): string {
  const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const parts = [plural(count('error'), 'error'), plural(count('warning'), 'warning'), `${count('info')} info`];
  if (count('hint')) parts.push(plural(count('hint'), 'hint'));
  const files = new Set(findings.map((f) => f.file)).size;
  return `${plural(findings.length, 'problem')} (${parts.join(', ')}) in ${plural(files, 'file')}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Messages are one line each, so `grep` and editors' problem matchers can read the output. */
function oneLine(s: string): string {
  return s.replace(/\s*\r?\n\s*/g, ' ');
}


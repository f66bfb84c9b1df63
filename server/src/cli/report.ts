import type { CostEstimate } from '../engine/cost/estimateTypes';
import type { Finding, Severity } from '../engine/types';
import { compareText } from './collectFiles';
import type { JobCost } from './jobCosts';

/** What one `mlcost check` run found; every output format is built from this. */
export interface CheckReport {
  /** Every file considered, sorted by display path. */
  files: FileResult[];
}

export interface FileResult {
  /** Path as given on the command line, or relative as walked. */
  display: string;
  absPath: string;
  /** Engine findings (0-based LSP ranges), sorted by position. */
  findings: Finding[];
  /** Cost estimates of the file's jobs (absent when none). */
  estimates?: CostEstimate[];
  /** Why the file was not analysed, when it was not. */
  skipped?: string;
  /** Each job's cost per month, for the budget gate. */
  jobCosts?: JobCost[];
}

/** A finding with its file, positions 1-based (line and UTF-16 column; end column exclusive). */
export interface LocatedFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: Severity;
  message: string;
}

/** Findings of every file, in output order: path, line, column, then rule id. */
export function locatedFindings(report: CheckReport): LocatedFinding[] {
  const out: LocatedFinding[] = [];
  for (const f of report.files) {
    for (const x of f.findings) {
      out.push({
        file: f.display,
        line: x.range.start.line + 1,
        column: x.range.start.character + 1,
        endLine: x.range.end.line + 1,
        endColumn: x.range.end.character + 1,
        rule: x.rule,
        severity: x.severity,
        message: x.message,
      });
    }
  }
  return out.sort((a, b) => compareText(a.file, b.file) || a.line - b.line || a.column - b.column || compareText(a.rule, b.rule));
}

/** Files that were analysed (not skipped). */
export function checkedCount(report: CheckReport): number {
  return report.files.filter((f) => f.skipped === undefined).length;
}

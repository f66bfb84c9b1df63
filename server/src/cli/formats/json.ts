import type { CheckReport, LocatedFinding } from '../report';

/**
 * `--format json`. One object so fields can be added beside `findings` (cost `estimates` are
 * planned) without breaking readers.
 */
export interface JsonReport {
  findings: LocatedFinding[];
}

export function buildJsonReport(_report: CheckReport, findings: LocatedFinding[]): JsonReport {
  return {
    findings: findings.map((f) => ({
      file: f.file,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
      rule: f.rule,
      severity: f.severity,
      message: f.message,
    })),
  };
}

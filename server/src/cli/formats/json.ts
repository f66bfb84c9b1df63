import { locatedEstimates, type LocatedEstimate } from '../estimates';
import type { CheckReport, LocatedFinding } from '../report';

/**
 * `--format json`. One object so fields can be added beside `findings` and `estimates` (one per
 * job that could be priced; USD, see docs/cost-model.md) without breaking readers.
 */
export interface JsonReport {
  findings: LocatedFinding[];
  estimates: LocatedEstimate[];
}

export function buildJsonReport(report: CheckReport, findings: LocatedFinding[]): JsonReport {
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
    estimates: locatedEstimates(report),
  };
}

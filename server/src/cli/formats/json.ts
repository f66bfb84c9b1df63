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
      ...(f.cell && { cell: f.cell }),
    })),
    estimates: locatedEstimates(report),
  };
}

/**
 * Writes `buildJsonReport`'s object exactly as `JSON.stringify(report, null, 2)` would, one item
 * at a time: on a large tree the single pretty-printed string was the CLI's biggest allocation.
 */
export async function writeJsonReport(report: JsonReport, write: (s: string) => Promise<void> | undefined): Promise<void> {
  const keys = Object.keys(report) as (keyof JsonReport)[];
  await write('{\n');
  for (const [k, key] of keys.entries()) {
    const items: readonly unknown[] = report[key];
    const close = k === keys.length - 1 ? '\n' : ',\n';
    if (!items.length) {
      await write(`  ${JSON.stringify(key)}: []${close}`);
      continue;
    }
    await write(`  ${JSON.stringify(key)}: [\n`);
    for (const [i, item] of items.entries()) await write(`    ${JSON.stringify(item, null, 2).replace(/\n/g, '\n    ')}${i === items.length - 1 ? '\n' : ',\n'}`);
    await write(`  ]${close}`);
  }
  await write('}\n');
}

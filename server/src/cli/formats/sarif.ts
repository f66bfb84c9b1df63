import * as path from 'path';
import { pathToFileURL } from 'url';
import { RULES } from '../../../../rules';
import type { Severity } from '../../engine/types';
import type { CheckReport, LocatedFinding } from '../report';
import { TOOL_NAME, TOOL_VERSION, ruleDocUri, toolInformationUri } from '../toolInfo';

// The subset of SARIF 2.1.0 (OASIS) that mlcost writes; validated against the schema in tests.
type SarifLevel = 'error' | 'warning' | 'note';

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  defaultConfiguration: { level: SarifLevel };
  helpUri?: string;
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId?: string };
      region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
    };
    /** Notebooks: the cell, for readers that show logical locations; code scanning uses the line. */
    logicalLocations?: { name: string; kind: string }[];
  }[];
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: { driver: { name: string; version: string; semanticVersion: string; informationUri: string; rules: SarifRule[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    columnKind: 'utf16CodeUnits';
    results: SarifResult[];
  }[];
}

const SRCROOT = '%SRCROOT%';

/** SARIF has no info/hint: both are `note`. */
export function sarifLevel(s: Severity): SarifLevel {
  return s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note';
}

/** One run; paths relative to `%SRCROOT%` (= `cwd`) so code-scanning uploads map them to the repo. */
export function buildSarifReport(_report: CheckReport, findings: LocatedFinding[], cwd: string): SarifLog {
  const ruleIndex = new Map(RULES.map((r, i) => [r.id, i]));
  const rules: SarifRule[] = RULES.map((r) => {
    const helpUri = ruleDocUri(r.id);
    return {
      id: r.id,
      name: pascalCase(r.id),
      shortDescription: { text: r.title },
      defaultConfiguration: { level: sarifLevel(r.defaultSeverity) },
      ...(helpUri ? { helpUri } : {}),
    };
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: TOOL_NAME, version: TOOL_VERSION, semanticVersion: TOOL_VERSION, informationUri: toolInformationUri(), rules },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: pathToFileURL(path.resolve(cwd) + path.sep).href } },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.rule,
          ruleIndex: ruleIndex.get(f.rule) ?? -1,
          level: sarifLevel(f.severity),
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifactLocation(f.file, cwd),
                region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
              },
              ...(f.cell && { logicalLocations: [{ name: `cell ${f.cell.cell}, line ${f.cell.line}`, kind: 'member' }] }),
            },
          ],
        })),
      },
    ],
  };
}

/** Relative (URI-encoded, `/`-separated) under `%SRCROOT%`, or an absolute file URI outside it. */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(path.resolve(cwd), abs);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return { uri: pathToFileURL(abs).href };
  return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/** `fp32-training` → `Fp32Training`: SARIF's `name` is an identifier-like label. */
function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');
}

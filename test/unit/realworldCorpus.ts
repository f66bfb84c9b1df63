// The real-world regression corpus (test/fixtures/realworld): real files from public repositories,
// copied unchanged, with findings reviewed by hand in expected.tsv. Shared by the corpus test
// (realworld.test.ts) and `node scripts/corpus-score.mjs --realworld`, so both judge alike.
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../rules';
import { analyze } from '../../server/src/engine/analyze';
import { diskFileAccess } from '../../server/src/engine/fileAccess';
import { fixturesDir } from '../helpers';

export const REALWORLD_DIR = path.join(fixturesDir, 'realworld');
export const FILES_DIR = path.join(REALWORLD_DIR, 'files');
export const BASELINE = path.join(REALWORLD_DIR, 'known-disagreements.tsv');
export const REGENERATE = 'npm run compile-tests && node scripts/corpus-score.mjs --realworld --write-baseline';

/** The rule ids issue 11 adds, labelled already so each is scored the day it is registered. */
export const PLANNED_RULES = ['no-early-stopping', 'small-batch', 'dataloader-workers', 'spot-eligible', 'grid-search', 'checkpoint-retention'];
export const ALLOWED_LICENCES = ['MIT', 'MIT-0', 'Apache-2.0', 'BSD-2-Clause', 'BSD-3-Clause'];

export interface ManifestRow {
  id: string;
  repo: string;
  path: string;
  commit: string;
  licence: string;
  /** Relative to files/; the first segment is the repository's folder (its link root). */
  local: string;
  family: string;
}

export interface ExpectedRow {
  id: string;
  /** 1-based; 0 = about a key missing altogether (matches a finding on any line). */
  line: number;
  /** A rule id, or `none` (a note that nothing, or nothing else, should be flagged). */
  rule: string;
  confidence: 'high' | 'medium' | 'low';
  reason: string;
}

export interface Disagreement {
  id: string;
  local: string;
  rule: string;
  line: number;
  kind: 'missed' | 'false-alarm';
  why: string;
}

export interface FileOutcome {
  row: ManifestRow;
  /** Findings of registered rules: rule and 1-based line. */
  findings: { rule: string; line: number; message: string }[];
  skipped?: string;
}

export function readTsv(file: string): Record<string, string>[] {
  const [head, ...rows] = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  const cols = head.split('\t');
  return rows.map((r) => Object.fromEntries(r.split('\t').map((v, i) => [cols[i], v])));
}

export function readManifest(): ManifestRow[] {
  return readTsv(path.join(REALWORLD_DIR, 'manifest.tsv')) as unknown as ManifestRow[];
}

export function readExpected(): ExpectedRow[] {
  return readTsv(path.join(REALWORLD_DIR, 'expected.tsv')).map((r) => ({
    id: r.id,
    line: Number(r.line),
    rule: r.rule,
    confidence: r.confidence as ExpectedRow['confidence'],
    reason: r.reason,
  }));
}

export function readBaseline(): Disagreement[] {
  if (!fs.existsSync(BASELINE)) return [];
  return readTsv(BASELINE).map((r) => ({ id: r.id, local: r.local, rule: r.rule, line: Number(r.line), kind: r.kind as Disagreement['kind'], why: r.why }));
}

export const registeredRules = (): string[] => RULES.map((r) => r.id);

/** Analyses one corpus file as the CLI would, with its repository folder as the workspace root. */
export async function analyzeCorpusFile(row: ManifestRow): Promise<FileOutcome> {
  const abs = path.join(FILES_DIR, row.local);
  const root = path.join(FILES_DIR, row.local.split('/')[0]);
  const r = await analyze({ path: abs, text: fs.readFileSync(abs, 'utf8') }, { files: diskFileAccess([root]) });
  return {
    row,
    findings: r.findings.map((f) => ({ rule: f.rule, line: f.range.start.line + 1, message: f.message })),
    skipped: r.skipped,
  };
}

export async function analyzeCorpus(rows = readManifest()): Promise<FileOutcome[]> {
  const out: FileOutcome[] = [];
  for (const row of rows) out.push(await analyzeCorpusFile(row));
  return out;
}

const near = (expectedLine: number, line: number) => expectedLine === 0 || Math.abs(expectedLine - line) <= 1;

/**
 * Compares findings with the reviewed labels, for registered rules only. Low-confidence labels
 * are left out both ways: neither a miss when absent nor a false alarm when present.
 */
export function disagreements(outcomes: FileOutcome[], expected: ExpectedRow[], rules = registeredRules()): Disagreement[] {
  const out: Disagreement[] = [];
  for (const o of outcomes) {
    const labels = expected.filter((e) => e.id === o.row.id && rules.includes(e.rule));
    const sure = labels.filter((e) => e.confidence !== 'low');
    for (const e of sure) {
      if (!o.findings.some((f) => f.rule === e.rule && near(e.line, f.line))) {
        out.push({ id: o.row.id, local: o.row.local, rule: e.rule, line: e.line, kind: 'missed', why: e.reason });
      }
    }
    for (const f of o.findings) {
      if (!rules.includes(f.rule)) continue;
      if (labels.some((e) => e.rule === f.rule && near(e.line, f.line))) continue;
      const dup = out.some((d) => d.id === o.row.id && d.kind === 'false-alarm' && d.rule === f.rule && d.line === f.line);
      if (!dup) out.push({ id: o.row.id, local: o.row.local, rule: f.rule, line: f.line, kind: 'false-alarm', why: f.message.replace(/\s+/g, ' ').slice(0, 160) });
    }
  }
  return out;
}

export const disagreementKey = (d: Pick<Disagreement, 'id' | 'rule' | 'line' | 'kind'>) => `${d.id}\t${d.rule}\t${d.line}\t${d.kind}`;

export function formatBaseline(ds: Disagreement[]): string {
  const sorted = [...ds].sort((a, b) => a.id.localeCompare(b.id) || a.rule.localeCompare(b.rule) || a.line - b.line || a.kind.localeCompare(b.kind));
  const head = [
    '# Disagreements between today\'s engine and the reviewed labels (expected.tsv), kept exact by',
    '# test/unit/realworld.test.ts. A fix that removes one must delete its row; regenerate with:',
    `#   ${REGENERATE}`,
  ];
  return [...head, 'id\tlocal\trule\tline\tkind\twhy', ...sorted.map((d) => [d.id, d.local, d.rule, d.line, d.kind, d.why.replace(/\t/g, ' ')].join('\t'))].join('\n') + '\n';
}

export interface RuleScore {
  rule: string;
  registered: boolean;
  tp: number;
  fp: number;
  fn: number;
}

/** Per-rule counts over labels of high/medium confidence (a finding on a low label counts neither way). */
export function scoreByRule(outcomes: FileOutcome[], expected: ExpectedRow[]): RuleScore[] {
  const registered = registeredRules();
  const all = [...registered, ...PLANNED_RULES.filter((r) => !registered.includes(r))];
  return all.map((rule) => {
    let tp = 0;
    let fn = 0;
    let fp = 0;
    for (const o of outcomes) {
      const labels = expected.filter((e) => e.id === o.row.id && e.rule === rule);
      const fired = o.findings.filter((f) => f.rule === rule);
      for (const e of labels.filter((l) => l.confidence !== 'low')) {
        if (fired.some((f) => near(e.line, f.line))) tp++;
        else fn++;
      }
      fp += fired.filter((f) => !labels.some((e) => near(e.line, f.line))).length;
    }
    return { rule, registered: registered.includes(rule), tp, fp, fn };
  });
}

// The fuzz loop shared by the bounded test (fuzz.test.ts) and `npm run fuzz` (bench/fuzz.ts):
// every fixture, mutated, through the real analyze(). Nothing may throw, hang or go out of range.
import * as fs from 'fs';
import * as path from 'path';
import { analyze } from '../../../server/src/engine/analyze';
import { diskFileAccess } from '../../../server/src/engine/fileAccess';
import { formatOf } from '../../../server/src/engine/source';
import type { AnalysisResult } from '../../../server/src/engine/analyze';
import type { FormatKind } from '../../../server/src/engine/types';
import { fixturesDir } from '../../helpers';
import { checkFixes } from './fixCheck';
import { MUTATION_NAMES, mutate, type MutationName } from './mutations';
import { caseSeed, Prng } from './prng';

export interface FuzzFixture {
  path: string;
  format: FormatKind;
  text: string;
}

/** Every YAML, JSON and Python file under test/fixtures (the other files are not analysed). */
export function fuzzFixtures(dir = fixturesDir): FuzzFixture[] {
  const out: FuzzFixture[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else {
        // Notebooks are JSON files analysed for their cells: mutated as JSON.
        const format = formatOf(p) ?? (p.endsWith('.ipynb') ? 'json' : undefined);
        if (format) out.push({ path: p, format, text: fs.readFileSync(p, 'utf8') });
      }
    }
  };
  walk(dir);
  return out;
}

export interface FuzzFailure {
  caseNo: number;
  fixture: string;
  ops: MutationName[];
  problem: string;
}

export interface FuzzSummary {
  seed: number;
  cases: number;
  fixtures: number;
  failures: FuzzFailure[];
  /** Slowest case in CPU milliseconds (user + system of this process). */
  maxMs: number;
  maxWallMs: number;
  slowest: { caseNo: number; fixture: string; ops: MutationName[]; chars: number };
  /** How often each mutation was applied (a case may apply several). */
  opCounts: Record<MutationName, number>;
  fixturesCovered: number;
  fixesChecked: number;
  skipped: number;
  withParseErrors: number;
  withFindings: number;
}

/** Findings must point inside the text they were computed on (editors trust these ranges). */
function rangeProblems(text: string, r: AnalysisResult): string[] {
  const lineLengths = text.split('\n').map((l) => l.length);
  const bad = r.findings.filter((f) =>
    [f.range.start, f.range.end].some((p) => p.line < 0 || p.line >= lineLengths.length || p.character < 0 || p.character > lineLengths[p.line]),
  );
  return bad.map((f) => `finding ${f.rule} range ${JSON.stringify(f.range)} is outside the text`);
}

/**
 * Runs `cases` cases seeded by `seed`. Case i mutates fixture i mod n, so every fixture is hit when
 * cases >= n; the first round forces the mutations in turn so every kind runs on every kind of file.
 */
export async function runFuzz(opts: { cases: number; seed: number; onProgress?: (done: number) => void }): Promise<FuzzSummary> {
  const fixtures = fuzzFixtures();
  const files = diskFileAccess([fixturesDir]);
  const opCounts = Object.fromEntries(MUTATION_NAMES.map((n) => [n, 0])) as Record<MutationName, number>;
  const covered = new Set<string>();
  const s: FuzzSummary = {
    seed: opts.seed,
    cases: 0,
    fixtures: fixtures.length,
    failures: [],
    maxMs: 0,
    maxWallMs: 0,
    slowest: { caseNo: -1, fixture: '', ops: [], chars: 0 },
    opCounts,
    fixturesCovered: 0,
    fixesChecked: 0,
    skipped: 0,
    withParseErrors: 0,
    withFindings: 0,
  };
  for (let i = 0; i < opts.cases; i++) {
    const fx = fixtures[i % fixtures.length];
    const rnd = new Prng(caseSeed(opts.seed, i));
    const round = Math.floor(i / fixtures.length);
    const { text, ops } = mutate(fx.text, fx.format, rnd, round === 0 ? MUTATION_NAMES[i % MUTATION_NAMES.length] : undefined);
    ops.forEach((o) => opCounts[o]++);
    const rel = path.relative(fixturesDir, fx.path);
    const fail = (problem: string) => s.failures.push({ caseNo: i, fixture: rel, ops, problem });
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    let r: AnalysisResult | undefined;
    try {
      r = await analyze({ path: fx.path, text }, { files, log: () => {} });
    } catch (e) {
      fail(`analyze threw: ${(e as Error).stack ?? e}`);
    }
    const cpu = process.cpuUsage(cpu0);
    // CPU time, not wall time, is what the cap is held to: on a loaded 2-core machine (tests run two
    // files at once) wall time measures the neighbours too.
    const ms = (cpu.user + cpu.system) / 1000;
    s.maxWallMs = Math.max(s.maxWallMs, performance.now() - t0);
    if (ms > s.maxMs) {
      s.maxMs = ms;
      s.slowest = { caseNo: i, fixture: rel, ops, chars: text.length };
    }
    s.cases++;
    covered.add(fx.path);
    if (!r) continue;
    if (r.skipped) s.skipped++;
    if (r.parseErrors.length) s.withParseErrors++;
    if (r.findings.length) s.withFindings++;
    rangeProblems(text, r).forEach(fail);
    const fx2 = checkFixes(text, r.findings);
    s.fixesChecked += fx2.fixes;
    fx2.problems.forEach(fail);
    // A fixed file is a file too: analysing it must not throw either (the first fix per case
    // keeps the run short; each fix is still range-checked above).
    for (const fixed of fx2.fixedTexts.slice(0, 1)) {
      try {
        await analyze({ path: fx.path, text: fixed }, { files, log: () => {} });
      } catch (e) {
        fail(`analyze threw on the fixed text: ${(e as Error).message}`);
      }
    }
    opts.onProgress?.(i + 1);
  }
  s.fixturesCovered = covered.size;
  return s;
}

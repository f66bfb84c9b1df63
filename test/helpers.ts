import * as fs from 'fs';
import * as path from 'path';
import { analyze, type AnalysisResult } from '../server/src/engine/analyze';
import { diskFileAccess } from '../server/src/engine/fileAccess';

/** The repository root, found from wherever the compiled test runs (out/test/...). */
export const repoRoot = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || /^out(-|$)/.test(path.basename(dir))) dir = path.dirname(dir);
  return dir;
})();

export const fixturesDir = path.join(repoRoot, 'test', 'fixtures');

export function fixturePath(rel: string): string {
  return path.join(fixturesDir, rel);
}

/** Analyse a fixture from disk, with linked files resolved inside test/fixtures. */
export function analyzeFixture(rel: string): Promise<AnalysisResult> {
  const p = fixturePath(rel);
  return analyze({ path: p, text: fs.readFileSync(p, 'utf8') }, { files: diskFileAccess([fixturesDir]) });
}

/** Analyse inline text as if it were a file called `name` (no other files visible). */
export function analyzeText(name: string, text: string): Promise<AnalysisResult> {
  return analyze({ path: path.join(fixturesDir, '__inline__', name), text });
}

/** Rule ids found, sorted, for compact assertions. */
export function ruleIds(r: AnalysisResult): string[] {
  return r.findings.map((f) => f.rule).sort();
}

import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** The repository root, from wherever the compiled test runs (out/test/cli, out-x/test/cli). Not from ../helpers:
 *  that imports the engine, and these tests only need the built CLI. */
export const repoRoot = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || /^out(-|$)/.test(path.basename(dir))) dir = path.dirname(dir);
  return dir;
})();

export function fixturePath(rel: string): string {
  return path.join(repoRoot, 'test', 'fixtures', rel);
}

export const CLI = path.join(repoRoot, 'dist', 'cli.js');
export const BIN = path.join(repoRoot, 'bin', 'mlcost.js');
/** The fixture folder as a user would type it from the repository root. */
export const FIX = 'test/fixtures/cli';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI (or bin/mlcost.js) as a child process, colour-free unless env says otherwise. */
export function mlcost(args: string[], opts: { cwd?: string; env?: Record<string, string>; entry?: string } = {}): CliRun {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...opts.env };
  const r = spawnSync(process.execPath, [opts.entry ?? CLI, ...args], { cwd: opts.cwd ?? repoRoot, env, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface JsonFinding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: string;
  message: string;
}

export function jsonFindings(run: CliRun): JsonFinding[] {
  const parsed = JSON.parse(run.stdout) as { findings: JsonFinding[] };
  return parsed.findings;
}

/** A scratch copy of the fixture folder, for layouts git would not keep (node_modules, dist...). */
export function scratchCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlcost-cli-'));
  fs.cpSync(path.join(repoRoot, FIX), dir, { recursive: true });
  return dir;
}

export function write(root: string, rel: string, content: string | Buffer): void {
  const p = path.join(root, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
}

/** `--rule id=off` for every rule: lets a test count walked files whatever the rules report. */
export function allRulesOff(ids: readonly string[]): string[] {
  return ids.flatMap((id) => ['--rule', `${id}=off`]);
}

// `npm run fuzz -- [--cases N] [--seed S]`: the robustness fuzz (test/unit/robustness) at length.
import { runFuzz } from '../test/unit/robustness/fuzz';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} wants a whole number`);
  return v;
}

async function main(): Promise<void> {
  const cases = arg('cases', 20_000);
  const seed = arg('seed', Date.now() % 1_000_000);
  const t0 = Date.now();
  const s = await runFuzz({ cases, seed, onProgress: (n) => n % 1000 === 0 && process.stderr.write(`  ${n}/${cases}\n`) });
  console.log(`seed ${seed}: ${s.cases} cases over ${s.fixtures} fixtures in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  console.log(`slowest: ${s.maxMs.toFixed(0)} ms CPU (wall max ${s.maxWallMs.toFixed(0)} ms): case ${s.slowest.caseNo}, ${s.slowest.fixture}, ${s.slowest.ops.join('+')}, ${s.slowest.chars} chars`);
  console.log(`${s.skipped} skipped, ${s.withParseErrors} with parse errors, ${s.withFindings} with findings, ${s.fixesChecked} fixes checked`);
  console.log(`mutations: ${JSON.stringify(s.opCounts)}`);
  for (const f of s.failures.slice(0, 20)) console.log(`FAIL case ${f.caseNo} ${f.fixture} [${f.ops.join('+')}]: ${f.problem.split('\n')[0]}`);
  const slow = s.maxMs >= 1000;
  if (slow) console.log('FAIL: a case took 1 s of CPU or more');
  process.exit(s.failures.length || slow ? 1 : 0);
}

void main();

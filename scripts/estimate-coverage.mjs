#!/usr/bin/env node
// How many job files of the real-world corpus get a run cost from `mlcost check --format json`
// (issue 10's coverage figure, quoted in the README). Needs `npm run build` first.
//   node scripts/estimate-coverage.mjs [--list]
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = join('test', 'fixtures', 'realworld', 'files');
const out = execFileSync(process.execPath, [join(root, 'dist', 'cli.js'), 'check', corpus, '--format', 'json', '--fail-on', 'none'], { cwd: root, maxBuffer: 64 << 20 });
const { estimates } = JSON.parse(out.toString());

const byFile = new Map();
for (const e of estimates) (byFile.get(e.file) ?? byFile.set(e.file, []).get(e.file)).push(e);
const count = (pred) => [...byFile.values()].filter((es) => es.some(pred)).length;
const files = byFile.size;
const run = count((e) => e.runCostOnDemand !== undefined);
const stated = count((e) => e.runCostOnDemand !== undefined && !e.reference);
const monthly = count((e) => e.runCostOnDemand !== undefined || e.monthly?.onDemand !== undefined);
const hourly = count((e) => e.onDemandPerHour !== undefined);
const pct = (n, of = files) => `${Math.round((100 * n) / of)}%`;
// Services and dev machines never end: they are priced per month, not per run.
const isRun = (es) => es.some((e) => e.workload === 'training' || e.workload === 'batch-inference' || e.workload === 'unknown');
const runFiles = [...byFile.values()].filter(isRun);
const runCovered = runFiles.filter((es) => es.some((e) => e.runCostOnDemand !== undefined)).length;
console.log(`job files with an estimate: ${files}`);
console.log(`  with a run cost:                    ${run} (${pct(run)})`);
console.log(`    of which on the file's own work:  ${stated} (${pct(stated)}); the rest on a typical model or dataset, said so`);
console.log(`  with a run or monthly cost:         ${monthly} (${pct(monthly)})`);
console.log(`  with an hourly price:               ${hourly} (${pct(hourly)})`);
console.log(`jobs that end (training, batch inference, unknown): ${runFiles.length}`);
console.log(`  with a run cost:                    ${runCovered} (${pct(runCovered, runFiles.length)})`);
console.log(`services and dev machines (priced per month): ${files - runFiles.length}`);
if (process.argv.includes('--list')) {
  const missing = new Map();
  for (const [file, es] of byFile) {
    if (es.some((e) => e.runCostOnDemand !== undefined)) continue;
    const why = es.find((e) => e.missing)?.missing ?? 'no run cost';
    (missing.get(why) ?? missing.set(why, []).get(why)).push(file.slice(corpus.length + 1));
  }
  for (const [why, list] of [...missing].sort((a, b) => b[1].length - a[1].length)) console.log(`\n${list.length} × ${why}\n  ${list.join('\n  ')}`);
}

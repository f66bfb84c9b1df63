// Runs every compiled test file (out/test/**/*.test.js) with Node's test runner.
// Node 20's --test takes no globs, so the files are listed here. Extra args filter by substring.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = 'out/test';
const filters = process.argv.slice(2);
const files = [];
const walk = (d) => {
  for (const n of readdirSync(d)) {
    const p = join(d, n);
    if (statSync(p).isDirectory()) walk(p);
    else if (n.endsWith('.test.js') && (!filters.length || filters.some((f) => p.includes(f)))) files.push(p);
  }
};
walk(root);
if (!files.length) {
  console.error('no test files found under out/test');
  process.exit(1);
}
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);

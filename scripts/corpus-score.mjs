// Per-rule precision and recall of `mlcost check` on the development corpus
// (../shared/corpus: real configs from public repositories with expert labels).
//   node scripts/corpus-score.mjs [corpus-dir]      (after `npm run build`)
// Skips cleanly when the corpus is absent: the project must not need ../shared.
// Scoring is per (file, rule): a labelled smell counts as found when the rule fires anywhere in
// that file (labels at line 0 mean "a key is missing", which has no line to match); lines that
// also match (±1) are reported separately. Only files with a local copy are scored.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const corpus = resolve(process.argv[2] ?? join(root, '..', 'shared', 'corpus'));
if (!existsSync(join(corpus, 'labels.tsv'))) {
  console.log(`corpus not found at ${corpus}: skipped`);
  process.exit(0);
}
const RULES = JSON.parse(execFileSync(process.execPath, [join(root, 'dist', 'cli.js'), 'rules', '--format', 'json'], { encoding: 'utf8' })).rules.map((r) => r.id);

const tsv = (f) => {
  const [head, ...rows] = readFileSync(join(corpus, f), 'utf8').trim().split('\n');
  const cols = head.split('\t');
  return rows.map((r) => Object.fromEntries(r.split('\t').map((v, i) => [cols[i], v])));
};
const manifest = tsv('manifest.tsv').filter((m) => m.local_copy);
// Label names that predate the rule ids (corpus README).
const ALIASES = { 'on-demand-fault-tolerant': 'spot-eligible', 'small-batch-underutilization': 'small-batch', 'dataloader-bottleneck': 'dataloader-workers', 'idle-dev-resources': 'no-autostop' };
const labels = tsv('labels.tsv').map((l) => ({ ...l, smell: ALIASES[l.smell] ?? l.smell }));
const files = manifest.map((m) => join(corpus, m.local_copy));
const out = execFileSync(process.execPath, [join(root, 'dist', 'cli.js'), 'check', ...files, '--format', 'json', '--fail-on', 'none'], {
  encoding: 'utf8',
  cwd: corpus,
});
const findings = JSON.parse(out).findings;

const rows = [];
let totals = { tp: 0, fp: 0, fn: 0, lineHits: 0 };
for (const rule of RULES) {
  let tp = 0, fp = 0, fn = 0, lineHits = 0;
  const details = [];
  for (const m of manifest) {
    const fired = findings.filter((f) => resolve(corpus, f.file) === join(corpus, m.local_copy) && f.rule === rule);
    const wanted = labels.filter((l) => l.id === m.id && l.smell === rule);
    if (wanted.length && fired.length) {
      tp++;
      if (wanted.some((w) => w.line === '0' || fired.some((f) => Math.abs(f.line - Number(w.line)) <= 1))) lineHits++;
    } else if (wanted.length) {
      fn++;
      details.push(`  missed   ${m.local_copy}:${wanted.map((w) => w.line).join(',')}`);
    } else if (fired.length) {
      fp++;
      details.push(`  extra    ${m.local_copy}:${fired.map((f) => f.line).join(',')}  ${fired[0].message.slice(0, 90)}`);
    }
  }
  totals = { tp: totals.tp + tp, fp: totals.fp + fp, fn: totals.fn + fn, lineHits: totals.lineHits + lineHits };
  const p = tp + fp ? (tp / (tp + fp)).toFixed(2) : 'n/a';
  const r = tp + fn ? (tp / (tp + fn)).toFixed(2) : 'n/a';
  rows.push(`${rule.padEnd(26)} precision ${p.padEnd(5)} recall ${r.padEnd(5)} (tp ${tp}, fp ${fp}, fn ${fn}; line agrees on ${lineHits}/${tp})`);
  rows.push(...details);
}
console.log(`mlcost on ${manifest.length} corpus files with local copies (${corpus})`);
console.log(rows.join('\n'));
const P = totals.tp + totals.fp ? (totals.tp / (totals.tp + totals.fp)).toFixed(2) : 'n/a';
const R = totals.tp + totals.fn ? (totals.tp / (totals.tp + totals.fn)).toFixed(2) : 'n/a';
console.log(`all rules                  precision ${P} recall ${R}`);

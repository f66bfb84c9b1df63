// The pull-request step of action.yml: runs `mlcost diff --format markdown` against the PR's base
// commit and creates or updates ONE comment, found by a hidden marker. Exits with the diff's code
// (1 when --max-increase / --max-monthly is passed), after the comment is written.
// Environment (set by GitHub Actions and action.yml): GITHUB_EVENT_PATH, GITHUB_REPOSITORY,
// GITHUB_API_URL, GITHUB_TOKEN, GITHUB_WORKSPACE, MLCOST_PATHS, MLCOST_COMMENT, MLCOST_MAX_*.
// MLCOST_CLI overrides the CLI to run (tests); default: the dist/cli.js beside this script.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MARKER = '<!-- mlcost-diff -->';

const env = process.env;
const cli = env.MLCOST_CLI ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli.js');
const cwd = env.GITHUB_WORKSPACE ?? process.cwd();
const fail = (m) => {
  process.stderr.write(`mlcost action: ${m}\n`);
  process.exit(2);
};

const event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH ?? fail('GITHUB_EVENT_PATH is not set'), 'utf8'));
const pr = event.pull_request ?? fail('not a pull_request event');
const base = pr.base?.sha ?? fail('the event has no pull_request.base.sha');

// A shallow clone may lack the base commit: fetch just that one.
if (spawnSync('git', ['cat-file', '-e', `${base}^{commit}`], { cwd }).status !== 0) {
  spawnSync('git', ['fetch', '--no-tags', '--depth=1', 'origin', base], { cwd, stdio: 'inherit' });
}

const args = ['diff', '--base', base, '--format', 'markdown'];
if (env.MLCOST_MAX_INCREASE) args.push('--max-increase', env.MLCOST_MAX_INCREASE);
if (env.MLCOST_MAX_MONTHLY) args.push('--max-monthly', env.MLCOST_MAX_MONTHLY);
args.push(...(env.MLCOST_PATHS ?? '').split(/\s+/).filter((p) => p && p !== '.'));
const run = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
process.stderr.write(run.stderr ?? '');
if (run.status === 2 || run.status === null) fail(`mlcost diff failed (exit ${run.status})`);
const gate = run.stderr.split('\n').filter((l) => /over budget|more than --max-increase/.test(l));
const body = [MARKER, run.stdout.trimEnd(), ...(gate.length ? ['', ...gate.map((l) => `> ❌ ${l.replace(/^mlcost: /, '')}`)] : [])].join('\n') + '\n';

if (env.MLCOST_COMMENT !== 'false') {
  await upsertComment(body);
}
process.stdout.write(body);
process.exit(run.status);

async function upsertComment(text) {
  const api = (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, '');
  const repo = env.GITHUB_REPOSITORY ?? event.repository?.full_name ?? fail('GITHUB_REPOSITORY is not set');
  const token = env.GITHUB_TOKEN ?? fail('GITHUB_TOKEN is not set');
  const headers = { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', 'content-type': 'application/json', 'user-agent': 'mlcost-action' };
  const number = pr.number ?? event.number;
  let existing;
  for (let page = 1; page <= 20 && !existing; page++) {
    const res = await fetch(`${api}/repos/${repo}/issues/${number}/comments?per_page=100&page=${page}`, { headers });
    if (!res.ok) fail(`listing comments: HTTP ${res.status}`);
    const list = await res.json();
    existing = list.find((c) => typeof c.body === 'string' && c.body.includes(MARKER));
    if (list.length < 100) break;
  }
  const res = existing
    ? await fetch(`${api}/repos/${repo}/issues/comments/${existing.id}`, { method: 'PATCH', headers, body: JSON.stringify({ body: text }) })
    : await fetch(`${api}/repos/${repo}/issues/${number}/comments`, { method: 'POST', headers, body: JSON.stringify({ body: text }) });
  if (!res.ok) fail(`${existing ? 'updating' : 'creating'} the comment: HTTP ${res.status}`);
  process.stderr.write(`mlcost action: ${existing ? 'updated' : 'created'} the cost comment on #${number}\n`);
}

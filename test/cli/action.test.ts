import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { CLI, fixturePath, repoRoot } from './run';

// The GitHub Action's pull-request step (scripts/action/pr-comment.mjs) run as Actions runs it:
// a real git repository with a base and a head commit, a pull_request event payload, and a local
// HTTP server standing in for the GitHub REST API (on 127.0.0.1). The comment body is a golden
// file; UPDATE_GOLDEN=1 rewrites it after a deliberate change of the estimate or the wording.

const SCRIPT = path.join(repoRoot, 'scripts', 'action', 'pr-comment.mjs');
const GOLDEN = fixturePath('action/comment.md');
const FIXED_DATE = { GIT_AUTHOR_DATE: '2026-11-30T12:00:00Z', GIT_COMMITTER_DATE: '2026-11-30T12:00:00Z' };

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, ...FIXED_DATE } });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

/** Base: the two diff fixtures. Head: the A100 job moves to H100s and loses its durable path. */
function pullRequestRepo(): { dir: string; base: string; head: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlcost-action-'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'ci@example.com');
  git(dir, 'config', 'user.name', 'CI');
  fs.mkdirSync(path.join(dir, 'configs'));
  for (const f of ['sky_a100.yaml', 'sky_l4.yaml']) fs.copyFileSync(fixturePath(`diff/${f}`), path.join(dir, 'configs', f));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  const base = git(dir, 'rev-parse', 'HEAD');
  const a100 = path.join(dir, 'configs', 'sky_a100.yaml');
  fs.writeFileSync(a100, fs.readFileSync(a100, 'utf8').replace('A100-80GB:8', 'H100:8'));
  const l4 = path.join(dir, 'configs', 'sky_l4.yaml');
  fs.writeFileSync(l4, fs.readFileSync(l4, 'utf8').replace(/file_mounts:[\s\S]*?MOUNT\n\n/, ''));
  git(dir, 'commit', '-q', '-am', 'head');
  return { dir, base, head: git(dir, 'rev-parse', 'HEAD') };
}

interface Recorded {
  method: string;
  url: string;
  body?: { body: string };
}

/** A stand-in for the three REST calls the script makes; `comments` is the PR's comment list. */
async function fakeGitHub(comments: { id: number; body: string }[]): Promise<{ url: string; calls: Recorded[]; close(): Promise<void> }> {
  const calls: Recorded[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      calls.push({ method: req.method!, url: req.url!, ...(raw && { body: JSON.parse(raw) as { body: string } }) });
      if (req.headers.authorization !== 'Bearer test-token') {
        res.writeHead(401).end();
        return;
      }
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET') res.end(JSON.stringify(comments));
      else res.writeHead(req.method === 'POST' ? 201 : 200).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, calls, close: () => new Promise((r) => server.close(() => r())) };
}

function runScript(dir: string, api: string, event: object, extra: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const eventPath = path.join(dir, '..', `${path.basename(dir)}-event.json`);
  fs.writeFileSync(eventPath, JSON.stringify(event));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SCRIPT], {
      cwd: dir,
      env: { ...process.env, GITHUB_EVENT_PATH: eventPath, GITHUB_REPOSITORY: 'acme/train', GITHUB_API_URL: api, GITHUB_TOKEN: 'test-token', GITHUB_WORKSPACE: dir, MLCOST_CLI: CLI, ...extra },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const event = (base: string, head: string) => ({ number: 7, pull_request: { number: 7, base: { sha: base }, head: { sha: head } }, repository: { full_name: 'acme/train' } });

describe('GitHub Action: pull-request comment', () => {
  test('first run creates the comment; its body is the golden file', async () => {
    const { dir, base, head } = pullRequestRepo();
    const gh = await fakeGitHub([{ id: 1, body: 'LGTM' }]);
    try {
      const r = await runScript(dir, gh.url, event(base, head));
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(gh.calls.map((c) => `${c.method} ${c.url.split('?')[0]}`), ['GET /repos/acme/train/issues/7/comments', 'POST /repos/acme/train/issues/7/comments']);
      const body = gh.calls[1].body!.body;
      assert.ok(body.startsWith('<!-- mlcost-diff -->\n'), 'the hidden marker finds the comment next time');
      if (process.env.UPDATE_GOLDEN) fs.writeFileSync(GOLDEN, body);
      assert.equal(body, fs.readFileSync(GOLDEN, 'utf8'), 'comment differs from test/fixtures/action/comment.md (UPDATE_GOLDEN=1 after a deliberate change)');
    } finally {
      await gh.close();
    }
  });

  test('a later run updates the marked comment instead of adding one', async () => {
    const { dir, base, head } = pullRequestRepo();
    const gh = await fakeGitHub([{ id: 1, body: 'LGTM' }, { id: 42, body: '<!-- mlcost-diff -->\nold figures' }]);
    try {
      const r = await runScript(dir, gh.url, event(base, head));
      assert.equal(r.code, 0, r.stderr);
      assert.equal(gh.calls[1].method, 'PATCH');
      assert.equal(gh.calls[1].url, '/repos/acme/train/issues/comments/42');
      assert.equal(gh.calls.length, 2);
    } finally {
      await gh.close();
    }
  });

  test('max-increase: the comment says why, then the step fails', async () => {
    const { dir, base, head } = pullRequestRepo();
    const gh = await fakeGitHub([]);
    try {
      const r = await runScript(dir, gh.url, event(base, head), { MLCOST_MAX_INCREASE: '1' });
      assert.equal(r.code, 1);
      assert.match(gh.calls[1].body!.body, /^> ❌ this change adds \$[\d,.]+\/month, more than --max-increase \$1\.00$/m);
    } finally {
      await gh.close();
    }
  });

  test('a bad token is reported, not ignored', async () => {
    const { dir, base, head } = pullRequestRepo();
    const gh = await fakeGitHub([]);
    try {
      const r = await runScript(dir, gh.url, event(base, head), { GITHUB_TOKEN: 'wrong' });
      assert.equal(r.code, 2);
      assert.match(r.stderr, /listing comments: HTTP 401/);
    } finally {
      await gh.close();
    }
  });
});

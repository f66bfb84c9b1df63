import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { repoRoot } from './run';

// How mlcost reaches CI: the npm package pre-commit installs, the pre-commit hook, the Action.

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
}

describe('pre-commit hook', () => {
  const hooks = parse(fs.readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };

  test('runs the package bin on the file types mlcost reads, and only those', () => {
    const hook = hooks.find((h) => h.id === 'mlcost')!;
    assert.equal(hook.language, 'node');
    assert.equal(hook.entry, 'mlcost check');
    assert.ok(pkg.bin.mlcost, 'entry names a bin of the package');
    const files = new RegExp(hook.files);
    for (const f of ['a.yaml', 'b/c.yml', 'ds.json', 'x.jsonc', 'train.py', 'nb.ipynb']) assert.ok(files.test(f), f);
    for (const f of ['README.md', 'a.yaml.bak', 'main.ts', 'data.csv']) assert.ok(!files.test(f), f);
  });

  test('the package pre-commit installs holds the built CLI (prepare builds it, .npmignore packs it)', () => {
    assert.match(pkg.scripts.prepare, /scripts\/build\.mjs/);
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const files = (JSON.parse(r.stdout) as { files: { path: string }[] }[])[0].files.map((f) => f.path);
    for (const f of ['bin/mlcost.js', 'dist/cli.js', 'dist/tree-sitter.wasm', 'dist/tree-sitter-python.wasm', 'package.json']) assert.ok(files.includes(f), `${f} packed`);
    assert.ok(!files.some((f) => f.startsWith('server/') || f.startsWith('test/') || f.startsWith('node_modules/')), files.join(' '));
  });
});

describe('GitHub Action', () => {
  const action = parse(fs.readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as {
    runs: { using: string; steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] };
    inputs: Record<string, unknown>;
  };

  test('is a composite action on Node 20 that runs the scripts it ships', () => {
    assert.equal(action.runs.using, 'composite');
    const node = action.runs.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    assert.equal(node?.with?.['node-version'], 20);
    const runs = action.runs.steps.map((s) => s.run ?? '').join('\n');
    assert.match(runs, /check \$MLCOST_PATHS --format sarif/);
    for (const [, rel] of runs.matchAll(/\$GITHUB_ACTION_PATH\/([\w./-]+\.m?js)/g)) {
      if (rel.startsWith('dist/')) continue; // built by the action's first step
      assert.ok(fs.existsSync(path.join(repoRoot, rel)), `${rel} exists`);
    }
    assert.ok(action.runs.steps.some((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@')));
    for (const i of ['paths', 'max-increase', 'max-monthly', 'github-token']) assert.ok(i in action.inputs, i);
  });
});

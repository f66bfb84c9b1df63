import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { revisionSnapshot } from '../../server/src/cli/diff/snapshot';
import { SAMPLE_BYTES } from '../../server/src/engine/datasetSize';

// `mlcost diff` judges a base revision from git objects: its data files are sampled from the blob,
// boundedly, so base and head are sized the same way.
test('a revision snapshot samples a data file from git: its size, and at most the head asked for', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mlcost-rev-'));
  const git = (...args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  git('init', '-q');
  git('config', 'user.email', 't@example.com');
  git('config', 'user.name', 't');
  const line = JSON.stringify({ instruction: 'a'.repeat(50), output: 'b'.repeat(200) }) + '\n';
  fs.writeFileSync(path.join(root, 'data.jsonl'), line.repeat(20000)); // ≈ 5.4 MB
  fs.writeFileSync(path.join(root, 'small.jsonl'), line.repeat(3));
  fs.writeFileSync(path.join(root, 'config.yml'), 'base_model: gpt2\n');
  git('add', '.');
  git('commit', '-qm', 'base');
  const rev = git('rev-parse', 'HEAD').stdout.trim();
  const snap = revisionSnapshot(root, rev, []);
  const big = snap.access.sample!('data.jsonl', path.join(root, 'config.yml'), { headBytes: SAMPLE_BYTES })!;
  assert.equal(big.size, line.length * 20000);
  assert.equal(big.head.length, SAMPLE_BYTES);
  assert.equal(new TextDecoder().decode(big.head.subarray(0, line.length)), line);
  const small = snap.access.sample!('small.jsonl', path.join(root, 'config.yml'), { headBytes: SAMPLE_BYTES, tailBytes: 10 })!;
  assert.equal(small.head.length, line.length * 3);
  assert.equal(small.tail!.length, 10);
  assert.equal(snap.access.sample!('../outside.jsonl', path.join(root, 'config.yml'), { headBytes: 10 }), undefined);
  assert.equal(snap.access.sample!('absent.jsonl', path.join(root, 'config.yml'), { headBytes: 10 }), undefined);
});

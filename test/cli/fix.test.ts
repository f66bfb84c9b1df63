import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { fixturePath, jsonFindings, mlcost } from './run';

/** A temp copy of test/fixtures/fixes-e2e (the CLI rewrites files). */
function copy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlcost-fix-'));
  fs.cpSync(fixturePath('fixes-e2e'), dir, { recursive: true });
  return dir;
}

test('check --fix applies safe fixes on disk, reports them, and exits by what remains', () => {
  const dir = copy();
  const sky = fs.readFileSync(path.join(dir, 'skypilot-oversized.yaml'));
  const before = jsonFindings(mlcost(['check', '--format', 'json', dir]));
  assert.ok(before.some((f) => f.rule === 'fp32-training' && f.file.endsWith('train_args.yaml')));
  const run = mlcost(['check', '--fix', '--format', 'json', dir]);
  assert.match(run.stderr, /mlcost: fixed [1-9]\d* findings? in 1 file\b/);
  assert.match(run.stderr, /train_args\.yaml: .*bf16/);
  const after = jsonFindings(run);
  assert.ok(!after.some((f) => f.rule === 'fp32-training'), 'fp32 was fixed');
  assert.ok(after.some((f) => f.rule === 'oversized-gpu'), 'the unsafe hardware change was not applied');
  assert.deepEqual(fs.readFileSync(path.join(dir, 'skypilot-oversized.yaml')), sky, 'a file with only unsafe fixes is untouched');
  assert.equal(run.code, 1, 'oversized-gpu (a warning) remains');
  assert.ok(!fs.readdirSync(dir).some((f) => f.includes('.tmp')), 'no temp file left');
  // Nothing safe is left to do: a second --fix changes nothing.
  const again = mlcost(['check', '--fix', dir]);
  assert.match(again.stdout, /mlcost: fixed 0 findings in 0 files/);
});

test('check --fix keeps CRLF line endings and exits 0 when nothing remains', () => {
  const dir = copy();
  const file = path.join(dir, 'train_args.yaml');
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
  const run = mlcost(['check', '--fix', '--rule', 'oversized-gpu=off', file]);
  const text = fs.readFileSync(file, 'utf8');
  assert.notEqual(text, fs.readFileSync(fixturePath('fixes-e2e/train_args.yaml'), 'utf8').replace(/\n/g, '\r\n'), 'the file changed');
  assert.equal(text.split('\n').length - 1, text.split('\r\n').length - 1, 'every line break is still CRLF');
  assert.match(run.stdout, /fixed \d+ findings? in 1 file/);
  assert.equal(run.code, 0, run.stdout);
});

test('check --fix-dry-run says what it would fix and writes nothing', () => {
  const dir = copy();
  const file = path.join(dir, 'train_args.yaml');
  const original = fs.readFileSync(file);
  const run = mlcost(['check', '--fix-dry-run', dir]);
  assert.match(run.stdout, /would fix [1-9]\d* findings? in 1 file/);
  assert.deepEqual(fs.readFileSync(file), original);
});

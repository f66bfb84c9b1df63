import { test, describe, before } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fixturePath, mlcost } from './run';

// `mlcost diff` and the budget gate on real git repositories made here: commits, renames and
// deletions are git's own; the CLI is the built one.

interface DiffJob {
  status: string;
  file: string;
  previousFile?: string;
  job: string;
  before?: { hardware?: string; runCostUsd?: number; monthlyUsd?: number; runsPerMonth: number };
  after?: { hardware?: string; runCostUsd?: number; monthlyUsd?: number; runsPerMonth: number };
  monthlyDeltaUsd: number;
  newFindings: { rule: string; line: number }[];
  fixedFindings: { rule: string }[];
}
interface DiffJson {
  jobs: DiffJob[];
  totals: { beforeMonthlyUsd: number; afterMonthlyUsd: number; deltaMonthlyUsd: number };
  files: { added: string[]; deleted: string[]; renamed: { from: string; to: string }[] };
}

function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

/** A repository with the two fixture jobs committed under configs/. */
function repo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlcost-diff-'));
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.email', 'ci@example.com');
  git(dir, 'config', 'user.name', 'CI');
  fs.mkdirSync(path.join(dir, 'configs'));
  for (const f of ['sky_a100.yaml', 'sky_l4.yaml']) fs.copyFileSync(fixturePath(`diff/${f}`), path.join(dir, 'configs', f));
  fs.writeFileSync(path.join(dir, 'README.md'), '# not a job\n');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  return dir;
}

const diffJson = (cwd: string, ...args: string[]) => {
  const r = mlcost(['diff', '--format', 'json', ...args], { cwd });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as DiffJson;
};
const edit = (dir: string, rel: string, from: string | RegExp, to: string) => {
  const p = path.join(dir, rel);
  const before = fs.readFileSync(p, 'utf8');
  const after = before.replace(from, to);
  assert.notEqual(after, before, `edit of ${rel} changed nothing`);
  fs.writeFileSync(p, after);
};

describe('mlcost diff', () => {
  let base: { a100: number; l4: number };
  before(() => {
    // The base's monthly costs, from `mlcost check`'s own estimates (runs per month applied).
    const dir = repo();
    const r = mlcost(['check', '.', '--format', 'json', '--fail-on', 'none'], { cwd: dir });
    const est = (JSON.parse(r.stdout) as { estimates: { file: string; runCostOnDemand?: number }[] }).estimates;
    const run = (f: string) => est.find((e) => e.file.endsWith(f))?.runCostOnDemand;
    assert.ok(run('sky_a100.yaml')! > 0 && run('sky_l4.yaml')! > 0, 'fixtures must be priced');
    base = { a100: run('sky_a100.yaml')! * 4, l4: run('sky_l4.yaml')! };
  });

  test('identical trees give an empty diff', () => {
    const dir = repo();
    const j = diffJson(dir);
    assert.deepEqual(j.jobs, []);
    assert.ok(Math.abs(j.totals.beforeMonthlyUsd - (base.a100 + base.l4)) < 0.02, JSON.stringify(j.totals));
    assert.equal(j.totals.deltaMonthlyUsd, 0);
    const text = mlcost(['diff'], { cwd: dir });
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^No change in training jobs between HEAD \([0-9a-f]{7}\) and working tree\.$/m);
  });

  test('a hardware change in the working tree: before and after per run and per month', () => {
    const dir = repo();
    edit(dir, 'configs/sky_a100.yaml', 'A100-80GB:8', 'H100:8');
    const j = diffJson(dir);
    assert.equal(j.jobs.length, 1);
    const d = j.jobs[0];
    assert.equal(d.status, 'changed');
    assert.equal(d.file, 'configs/sky_a100.yaml');
    assert.match(d.before!.hardware!, /^8×A100-80GB/);
    assert.match(d.after!.hardware!, /^8×H100/);
    assert.equal(d.after!.runsPerMonth, 4);
    assert.ok(Math.abs(d.after!.monthlyUsd! - d.after!.runCostUsd! * 4) < 0.01);
    assert.ok(Math.abs(d.monthlyDeltaUsd - (d.after!.monthlyUsd! - d.before!.monthlyUsd!)) < 0.01);
    assert.ok(d.monthlyDeltaUsd > 0, 'H100s cost more per hour at the same stated hours');
    assert.ok(Math.abs(j.totals.deltaMonthlyUsd - d.monthlyDeltaUsd) < 0.01);
  });

  test('added, deleted and renamed files; a rename with no change is no job change', () => {
    const dir = repo();
    git(dir, 'mv', 'configs/sky_l4.yaml', 'configs/lora.yaml');
    git(dir, 'rm', '-q', 'configs/sky_a100.yaml');
    fs.copyFileSync(fixturePath('diff/sky_a100.yaml'), path.join(dir, 'configs', 'new_job.yaml'));
    edit(dir, 'configs/new_job.yaml', 'name: sft', 'name: sft-v2');
    const j = diffJson(dir);
    assert.deepEqual(j.files.renamed, [{ from: 'configs/sky_l4.yaml', to: 'configs/lora.yaml' }]);
    assert.deepEqual(j.files.deleted, ['configs/sky_a100.yaml']);
    assert.deepEqual(j.files.added, ['configs/new_job.yaml']);
    assert.deepEqual(j.jobs.map((x) => `${x.status} ${x.file} ${x.job}`).sort(), ['added configs/new_job.yaml sft-v2', 'removed configs/sky_a100.yaml sft']);
    assert.ok(Math.abs(j.totals.deltaMonthlyUsd) < 0.01, 'same job under a new name: same total');
  });

  test('a renamed and edited file is compared with its old self', () => {
    const dir = repo();
    git(dir, 'mv', 'configs/sky_l4.yaml', 'configs/lora.yaml');
    edit(dir, 'configs/lora.yaml', 'hours=2', 'hours=3');
    const j = diffJson(dir);
    assert.equal(j.jobs.length, 1);
    assert.equal(j.jobs[0].status, 'changed');
    assert.equal(j.jobs[0].previousFile, 'configs/sky_l4.yaml');
    assert.ok(Math.abs(j.jobs[0].after!.runCostUsd! - 1.5 * j.jobs[0].before!.runCostUsd!) < 0.01);
  });

  test('new and fixed findings; --head compares two commits without touching the working tree', () => {
    const dir = repo();
    const first = git(dir, 'rev-parse', 'HEAD');
    edit(dir, 'configs/sky_a100.yaml', '/checkpoints', 's3://team-bucket/ckpt');
    edit(dir, 'configs/sky_l4.yaml', /file_mounts:[\s\S]*?MOUNT\n/, '');
    git(dir, 'commit', '-q', '-am', 'head');
    fs.writeFileSync(path.join(dir, 'configs', 'sky_l4.yaml'), 'garbage: [\n'); // the working tree must not matter
    const j = diffJson(dir, '--base', first, '--head', 'HEAD');
    const byJob = new Map(j.jobs.map((x) => [x.job, x]));
    assert.deepEqual(byJob.get('sft')?.fixedFindings.map((f) => f.rule), ['no-checkpointing']);
    assert.deepEqual(byJob.get('lora-small')?.newFindings.map((f) => f.rule), ['no-checkpointing']);
  });

  test('markdown is a PR comment: a table, the total change, findings collapsed', () => {
    const dir = repo();
    edit(dir, 'configs/sky_a100.yaml', 'A100-80GB:8', 'H100:8');
    const r = mlcost(['diff', '--format', 'markdown'], { cwd: dir });
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^### mlcost: training cost of this change$/m);
    assert.match(r.stdout, /^\*\*\+\$[\d,.]+\/month\*\*/m);
    assert.match(r.stdout, /^\| ✏️ \| `configs\/sky_a100\.yaml` · sft \| 8×A100-80GB .* → 8×H100 .*\| \+\$[\d,.]+ \|$/m);
    assert.match(r.stdout, /^\[\^1\]: configs\/sky_a100\.yaml · sft — .*hours: 10/m, 'assumptions are footnoted');
  });

  test('--max-increase and --max-monthly gate the diff', () => {
    const dir = repo();
    edit(dir, 'configs/sky_a100.yaml', 'A100-80GB:8', 'H100:8');
    const delta = diffJson(dir).totals.deltaMonthlyUsd;
    const over = mlcost(['diff', '--max-increase', String(Math.floor(delta - 1))], { cwd: dir });
    assert.equal(over.code, 1);
    assert.match(over.stderr, /this change adds \$[\d,.]+\/month, more than --max-increase/);
    assert.equal(mlcost(['diff', '--max-increase', String(Math.ceil(delta + 1))], { cwd: dir }).code, 0);
    assert.equal(mlcost(['diff', '--max-monthly', '1'], { cwd: dir }).code, 1);
  });

  test('git errors are usage errors (exit 2) with a clear message', () => {
    const dir = repo();
    const bad = mlcost(['diff', '--base', 'no-such-rev'], { cwd: dir });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown revision 'no-such-rev'/);
    const notRepo = fs.mkdtempSync(path.join(os.tmpdir(), 'mlcost-norepo-'));
    const r = mlcost(['diff'], { cwd: notRepo });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not inside a git repository/);
    assert.equal(mlcost(['diff', '--fix'], { cwd: dir }).code, 2, '--fix is not a diff option');
  });
});

describe('budget gate of mlcost check', () => {
  test('.mlcost.yaml budget.monthly: exit 1 above it, 0 below, --max-monthly wins', () => {
    const dir = repo();
    const total = diffJson(dir).totals.afterMonthlyUsd;
    fs.writeFileSync(path.join(dir, '.mlcost.yaml'), `budget:\n  monthly: ${Math.floor(total - 10)}\n`);
    const over = mlcost(['check', '.', '--fail-on', 'none'], { cwd: dir });
    assert.equal(over.code, 1);
    assert.match(over.stderr, /over budget: estimated \$[\d,.]+\/month is above \$[\d,.]+ \(budget\.monthly in \.mlcost\.yaml\)/);
    const json = mlcost(['check', '.', '--fail-on', 'none', '--format', 'json'], { cwd: dir });
    assert.equal(json.code, 1);
    JSON.parse(json.stdout); // the budget line goes to stderr: stdout stays JSON
    const under = mlcost(['check', '.', '--fail-on', 'none', '--max-monthly', String(Math.ceil(total + 10))], { cwd: dir });
    assert.equal(under.code, 0, under.stderr);
    assert.match(under.stderr, /budget: estimated \$[\d,.]+\/month of \$[\d,.]+ \(--max-monthly\)/);
  });

  test('no budget set: exit code from findings only, no budget line', () => {
    const dir = repo();
    const r = mlcost(['check', '.', '--fail-on', 'none'], { cwd: dir });
    assert.equal(r.code, 0);
    assert.doesNotMatch(r.stderr, /budget/);
  });

  test('an always-on GPU machine in Terraform counts its month toward the gate', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlcost-gate-tf-'));
    fs.copyFileSync(path.join(fixturePath('..'), '..', 'examples', 'smelly', 'gpu_devbox.tf'), path.join(dir, 'gpu_devbox.tf'));
    const r = mlcost(['check', '.', '--fail-on', 'none', '--max-monthly', '100'], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /over budget: estimated \$[\d,]+\/month is above \$100/);
    assert.equal(mlcost(['check', '.', '--fail-on', 'none', '--max-monthly', '5000'], { cwd: dir }).code, 0);
  });

  test('--max-monthly must be an amount', () => {
    assert.equal(mlcost(['check', '.', '--max-monthly', 'lots']).code, 2);
  });
});

describe('mlcost init', () => {
  test('writes a commented .mlcost.yaml that changes nothing, refuses to overwrite without --force', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlcost-init-'));
    const r = mlcost(['init'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const text = fs.readFileSync(path.join(dir, '.mlcost.yaml'), 'utf8');
    assert.match(text, /^# budget:\n#   monthly: 5000$/m);
    assert.match(text, /^#   fp32-training: warning/m);
    assert.ok(text.split('\n').every((l) => l === '' || l.startsWith('#')), 'every line is a comment');
    assert.equal(mlcost(['init'], { cwd: dir }).code, 2);
    fs.writeFileSync(path.join(dir, '.mlcost.yaml'), 'rules: {}\n');
    assert.equal(mlcost(['init', '--force'], { cwd: dir }).code, 0);
    assert.match(fs.readFileSync(path.join(dir, '.mlcost.yaml'), 'utf8'), /^# mlcost project settings/);
  });
});

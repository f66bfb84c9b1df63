// The workspace cost index over the wire: the built dist/server.js on a temp workspace of real
// files (copies of examples/smelly and examples/not-ml, plus test/fixtures/workspace). This file
// drives its own small client because it needs capabilities the shared harness does not announce
// (workDoneProgress, watched-file registration) and per-section settings (`mlcost`, `files`).
// Build first: node scripts/build.mjs.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { ConfigurationParams, ProgressToken, PublishDiagnosticsParams, WorkDoneProgressBegin, WorkDoneProgressEnd, WorkDoneProgressReport } from 'vscode-languageserver-protocol';
import type { WorkspaceCost, WorkspaceCostChangedParams } from '../../server/src/lsp/index/protocol';
import { fileUri, repoRoot, serverPath, WAIT_MS } from './lspSession';

type ProgressValue = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;
interface ProgressParams<T> {
  token: ProgressToken;
  value: T;
}

/** Waits for the first item (already seen or still to come) that `accept` takes. */
class Stream<T> {
  readonly seen: T[] = [];
  private waiters: { accept: (t: T) => boolean; resolve: (t: T) => void }[] = [];
  push(t: T): void {
    this.seen.push(t);
    const hit = this.waiters.filter((w) => w.accept(t));
    this.waiters = this.waiters.filter((w) => !hit.includes(w));
    hit.forEach((w) => w.resolve(t));
  }
  /** From index `from` on (so a test can ask only for what comes after its action). */
  next(what: string, accept: (t: T) => boolean, from = this.seen.length): Promise<T> {
    const old = this.seen.slice(from).find(accept);
    if (old) return Promise.resolve(old);
    return within(what, new Promise<T>((resolve) => this.waiters.push({ accept, resolve })));
  }
}

function within<T>(what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), WAIT_MS)));
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

class IndexClient {
  readonly diagnostics = new Stream<PublishDiagnosticsParams>();
  readonly progress = new Stream<ProgressParams<ProgressValue>>();
  readonly costChanged = new Stream<WorkspaceCostChangedParams>();
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  readonly logs: string[] = [];
  private constructor(
    private readonly proc: ChildProcessWithoutNullStreams,
    readonly rpc: MessageConnection,
    readonly sections: Record<string, unknown>,
  ) {}

  static async start(dir: string, sections: Record<string, unknown>): Promise<IndexClient> {
    const proc = spawn(process.execPath, [serverPath, '--stdio'], { cwd: repoRoot, stdio: 'pipe' });
    const rpc = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const c = new IndexClient(proc, rpc, sections);
    rpc.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => c.diagnostics.push(p));
    rpc.onNotification('$/progress', (p: ProgressParams<ProgressValue>) => c.progress.push(p));
    rpc.onNotification('mlcost/workspaceCostChanged', (p: WorkspaceCostChangedParams) => c.costChanged.push(p));
    rpc.onNotification('window/logMessage', (m: { message: string }) => c.logs.push(m.message));
    rpc.onRequest('workspace/configuration', (p: ConfigurationParams) => p.items.map((i) => c.sections[i.section ?? ''] ?? null));
    rpc.onRequest('client/registerCapability', (p: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      c.registrations.push(...p.registrations);
      return null;
    });
    rpc.onRequest('client/unregisterCapability', () => null);
    rpc.onRequest('window/workDoneProgress/create', () => null);
    rpc.onRequest('workspace/codeLens/refresh', () => null);
    rpc.listen();
    await within(
      'initialize',
      rpc.sendRequest('initialize', {
        processId: process.pid,
        rootUri: fileUri(dir),
        workspaceFolders: [{ uri: fileUri(dir), name: path.basename(dir) }],
        capabilities: {
          window: { workDoneProgress: true },
          workspace: { configuration: true, workspaceFolders: true, didChangeWatchedFiles: { dynamicRegistration: true }, didChangeConfiguration: { dynamicRegistration: true } },
          textDocument: { publishDiagnostics: { versionSupport: true } },
        },
      }),
    );
    await rpc.sendNotification('initialized', {});
    return c;
  }

  /** The `end` of the first progress that began at or after `from`. */
  async indexed(from = 0): Promise<void> {
    const begin = await this.progress.next('index progress begin', (p) => p.value.kind === 'begin', from);
    await this.progress.next('index progress end', (p) => p.token === begin.token && p.value.kind === 'end', from);
  }

  cost(): Promise<WorkspaceCost> {
    return within('mlcost/workspaceCost', this.rpc.sendRequest<WorkspaceCost>('mlcost/workspaceCost', {}));
  }

  /**
   * The notification carries totals and the top jobs only, so a test that looks at one job waits
   * for notifications sent after `from` and asks for the full list after each, until `accept`.
   */
  async costAfterChange(what: string, accept: (cost: WorkspaceCost, changed: WorkspaceCostChangedParams) => boolean, from: number): Promise<{ cost: WorkspaceCost; changed: WorkspaceCostChangedParams }> {
    const deadline = Date.now() + WAIT_MS;
    for (let i = from; ; ) {
      const changed = await this.costChanged.next(what, () => true, i);
      i = this.costChanged.seen.indexOf(changed) + 1;
      const cost = await this.cost();
      if (accept(cost, changed)) return { cost, changed };
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    }
  }

  async watched(uri: string, type: 1 | 2 | 3): Promise<void> {
    await this.rpc.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type }] });
  }

  dispose(): void {
    this.rpc.dispose();
    this.proc.kill();
  }
}

function tempWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlcost-index-'));
  fs.cpSync(path.join(repoRoot, 'examples', 'smelly'), path.join(dir, 'smelly'), { recursive: true });
  fs.cpSync(path.join(repoRoot, 'examples', 'not-ml'), path.join(dir, 'not-ml'), { recursive: true });
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace', 'tree'), dir, { recursive: true });
  fs.renameSync(path.join(dir, 'gitignore.txt'), path.join(dir, '.gitignore'));
  return dir;
}

const fixture = (name: string): string => fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'workspace', 'added', name), 'utf8');

describe('workspace cost index (built server over stdio)', () => {
  let dir: string;
  let client: IndexClient;

  before(async () => {
    dir = tempWorkspace();
    client = await IndexClient.start(dir, { mlcost: { budget: { amount: 100, period: 'month' }, exclude: ['ignored-by-setting/**'] }, files: { exclude: { '**/excluded-by-files': true } } });
    await client.indexed();
  });
  after(() => {
    client?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows a progress bar that begins, reports and ends', () => {
    const kinds = client.progress.seen.map((p) => p.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.ok(kinds.includes('report'), `reports: ${kinds.join(',')}`);
    assert.equal(kinds[kinds.length - 1], 'end');
  });

  it('registers a watcher for the candidate files', () => {
    const w = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.ok(w, 'didChangeWatchedFiles registered');
    assert.match(JSON.stringify(w.registerOptions), /yaml.*py/);
  });

  it('lists every job of the workspace with its costs and the budget', async () => {
    const cost = await client.cost();
    assert.equal(cost.indexing, false);
    assert.equal(cost.budgetUsd, 100);
    assert.equal(cost.period, 'month');
    const names = cost.jobs.map((j) => j.name);
    for (const n of ['gpt2-finetune', 'bert-pretrain', 'SageMaker HuggingFace', 'Lightning Trainer', 'PyTorch training loop']) assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
    assert.ok(!cost.jobs.some((j) => j.uri.includes('/not-ml/')), 'non-ML files hold no jobs');
    for (const j of cost.jobs) {
      assert.ok(j.uri.startsWith('file://') && j.line >= 0 && j.runsPerPeriod >= 0 && j.savingsUsd >= 0, JSON.stringify(j));
      // A run sized on a model the file does not name is shown, not added to the total.
      const placeholder = j.assumed?.includes('model') === true;
      if (j.runCostUsd !== undefined) assert.ok(j.runCostUsd >= 0 && j.periodCostUsd === (placeholder ? undefined : j.runCostUsd * j.runsPerPeriod), JSON.stringify(j));
    }
    assert.ok(cost.totalUsd >= 0 && cost.savingsUsd >= 0);
    // Depends on the estimator: the SageMaker example states hours and hardware, so it has a price.
    const sm = cost.jobs.find((j) => j.name === 'SageMaker HuggingFace');
    assert.ok(sm?.runCostUsd !== undefined && sm.runCostUsd > 0, `SageMaker job priced: ${JSON.stringify(sm)}`);
    assert.ok(sm.savingsUsd > 0 && sm.savingsUsd < sm.runCostUsd, 'fp32 + oversized fixes save part of the run');
    assert.ok(sm.findings.some((f) => f.rule === 'oversized-gpu'));
    assert.ok(Math.abs(cost.totalUsd - cost.jobs.reduce((t, j) => t + (j.periodCostUsd ?? 0), 0)) < 1e-6);
    assert.equal(cost.level, cost.totalUsd > 100 ? 'over' : cost.totalUsd >= 80 ? 'warn' : 'below');
  });

  it('publishes diagnostics for files nobody opened, not for excluded or ignored ones', () => {
    const uris = new Set(client.diagnostics.seen.filter((p) => p.diagnostics.length).map((p) => p.uri));
    assert.ok(uris.has(fileUri(path.join(dir, 'smelly', 'hf_sft.yaml'))), [...uris].join('\n'));
    const hf = client.diagnostics.seen.find((p) => p.uri === fileUri(path.join(dir, 'smelly', 'hf_sft.yaml')));
    assert.ok(hf?.diagnostics.some((d) => d.code === 'fp32-training'));
    for (const out of ['ignored-by-git', 'ignored-by-setting', 'excluded-by-files']) {
      assert.ok(![...uris].some((u) => u.includes(`/${out}/`)), `${out} is not indexed`);
    }
  });

  it('sends totals and the five most expensive jobs, not the whole list', async () => {
    const cost = await client.cost();
    const last = client.costChanged.seen.at(-1);
    assert.ok(last, 'a notification was sent');
    assert.equal(last.indexing, false);
    assert.equal(last.jobCount, cost.jobs.length);
    assert.ok(Math.abs(last.totalUsd - cost.totalUsd) < 1e-6 && Math.abs(last.savingsUsd - cost.savingsUsd) < 1e-6, `${last.totalUsd} vs ${cost.totalUsd}`);
    assert.equal(last.level, cost.level);
    assert.equal(last.budgetUsd, 100);
    const top = cost.jobs.filter((j) => j.periodCostUsd !== undefined).slice(0, 5);
    assert.deepEqual(last.jobs, top, 'the tooltip table: the five most expensive priced jobs, in order');
    // One report per percent at most (plus the last), not one per file.
    const reports = client.progress.seen.filter((p) => p.value.kind === 'report').length;
    assert.ok(reports >= 1 && reports <= 102, `${reports} reports`);
  });

  it('a new file adds its job and sends mlcost/workspaceCostChanged', async () => {
    const before = await client.cost();
    const from = client.costChanged.seen.length;
    const file = path.join(dir, 'new_job.yaml');
    fs.writeFileSync(file, fixture('priced_job.yaml'));
    await client.watched(fileUri(file), 1);
    const { cost, changed } = await client.costAfterChange('cost changed with the new job', (c) => c.jobs.some((j) => j.uri === fileUri(file)), from);
    const job = cost.jobs.find((j) => j.uri === fileUri(file))!;
    assert.equal(job.runsPerPeriod, 4, 'from `# mlcost: runs-per-month=4`');
    assert.ok(job.runCostUsd !== undefined && job.runCostUsd > 0, `priced: ${JSON.stringify(job)}`);
    assert.ok(changed.totalUsd > before.totalUsd, `${changed.totalUsd} > ${before.totalUsd}`);
    assert.equal(changed.jobCount, before.jobs.length + 1);
    assert.equal(cost.jobs.length, before.jobs.length + 1);
  });

  it('an edit on disk changes the figures', async () => {
    const file = path.join(dir, 'new_job.yaml');
    const uri = fileUri(file);
    const now = (await client.cost()).jobs.find((j) => j.uri === uri);
    assert.ok(now, 'the job from the previous test is indexed');
    const from = client.costChanged.seen.length;
    fs.writeFileSync(file, fixture('priced_job.yaml').replace('runs-per-month=4', 'runs-per-month=8'));
    await client.watched(uri, 2);
    const { cost, changed } = await client.costAfterChange('cost changed after the edit', (c) => c.jobs.some((j) => j.uri === uri && j.runsPerPeriod === 8), from);
    const job = cost.jobs.find((j) => j.uri === uri)!;
    assert.ok(changed.totalUsd > now.periodCostUsd!, 'the notification carries the new total');
    assert.equal(job.periodCostUsd, job.runCostUsd! * 8);
    assert.ok(job.periodCostUsd! > now.periodCostUsd!);
  });

  it('a deleted file loses its job and its diagnostics', async () => {
    const file = path.join(dir, 'smelly', 'train_loop.py');
    const uri = fileUri(file);
    assert.ok((await client.cost()).jobs.some((j) => j.uri === uri));
    const cleared = client.diagnostics.next('cleared diagnostics', (p) => p.uri === uri && p.diagnostics.length === 0);
    fs.rmSync(file);
    await client.watched(uri, 3);
    await cleared;
    assert.ok(!(await client.cost()).jobs.some((j) => j.uri === uri));
  });

  it('an open document wins over the disk, and closing it goes back to the disk', async () => {
    const file = path.join(dir, 'smelly', 'lightning_trainer.yaml');
    const uri = fileUri(file);
    const text = fs.readFileSync(file, 'utf8');
    const from = client.costChanged.seen.length;
    await client.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: text.replace('precision: 32-true', 'precision: bf16-mixed') } });
    const { cost: open } = await client.costAfterChange('cost from the open document', (c) => c.jobs.some((j) => j.uri === uri && !j.findings.some((f) => f.rule === 'fp32-training')), from);
    assert.ok(open.jobs.some((j) => j.uri === uri));
    const from2 = client.costChanged.seen.length;
    const back = client.diagnostics.next('disk diagnostics after close', (p) => p.uri === uri && p.version === undefined && p.diagnostics.some((d) => d.code === 'fp32-training'));
    await client.rpc.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await back;
    await client.costAfterChange('cost from disk again', (c) => c.jobs.some((j) => j.uri === uri && j.findings.some((f) => f.rule === 'fp32-training')), from2);
  });

  it('mlcost/reindex walks again with progress', async () => {
    const from = client.progress.seen.length;
    await within('reindex', client.rpc.sendRequest('mlcost/reindex'));
    await client.indexed(from);
    assert.equal((await client.cost()).indexing, false);
  });
});

describe('workspace cost index with mlcost.index.enable false', () => {
  let dir: string;
  let client: IndexClient;
  before(async () => {
    dir = tempWorkspace();
    client = await IndexClient.start(dir, { mlcost: { index: { enable: false } } });
  });
  after(() => {
    client?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('publishes nothing for unopened files; an opened one still counts', async () => {
    const uri = fileUri(path.join(dir, 'smelly', 'hf_sft.yaml'));
    const published = client.diagnostics.next('diagnostics of the opened file', (p) => p.uri === uri && p.version === 1);
    await client.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: fs.readFileSync(path.join(dir, 'smelly', 'hf_sft.yaml'), 'utf8') } });
    await published;
    // Settled: with the index on, `indexing: false` would come only after every file was published.
    const { cost } = await client.costAfterChange('settled totals with the open file', (c, p) => !p.indexing && c.jobs.some((j) => j.uri === uri), 0);
    assert.deepEqual(
      client.diagnostics.seen.filter((p) => p.uri !== uri && p.diagnostics.length).map((p) => p.uri),
      [],
      'no unopened file got diagnostics',
    );
    assert.deepEqual(cost.jobs.map((j) => j.uri), [uri], 'only the open file counts');
    assert.equal(client.progress.seen.length, 0, 'no indexing progress');
  });
});

describe('workspace index: reverse links (built server over stdio)', () => {
  let dir: string;
  let client: IndexClient;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlcost-launch-'));
    fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'lightning', 'hydra-compose', 'configs'), path.join(dir, 'configs'), { recursive: true });
    client = await IndexClient.start(dir, { mlcost: {} });
    await client.indexed();
  });
  after(() => {
    client?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('re-judges a base config once the trainers composing it are indexed: fp32 reported in trainer/default.yaml, on their GPU', async () => {
    const uri = fileUri(path.join(dir, 'configs', 'trainer', 'default.yaml'));
    const hit = await client.diagnostics.next('fp32-training in trainer/default.yaml', (p) => p.uri === uri && p.diagnostics.some((d) => d.code === 'fp32-training'), 0);
    const d = hit.diagnostics.find((x) => x.code === 'fp32-training')!;
    assert.equal(d.range.start.line, 11);
    // The trainers that inherit it do not report it again.
    const gpu = fileUri(path.join(dir, 'configs', 'trainer', 'gpu.yaml'));
    assert.ok(!client.diagnostics.seen.some((p) => p.uri === gpu && p.diagnostics.some((x) => x.code === 'fp32-training')));
  });
});

describe('workspace index: folder siblings (built server over stdio)', () => {
  let dir: string;
  let client: IndexClient;
  const serving = path.join(repoRoot, 'test', 'fixtures', 'rules', 'serving-autoscaling');

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlcost-siblings-'));
    fs.mkdirSync(path.join(dir, 'k8s'));
    fs.copyFileSync(path.join(serving, 'tgi-deployment.yaml'), path.join(dir, 'k8s', 'tgi-deployment.yaml'));
    client = await IndexClient.start(dir, { mlcost: {} });
    await client.indexed();
  });
  after(() => {
    client?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('an HPA added beside a GPU Deployment clears serving-autoscaling there; deleting it brings it back', async () => {
    const deployment = fileUri(path.join(dir, 'k8s', 'tgi-deployment.yaml'));
    const flagged = (p: PublishDiagnosticsParams) => p.uri === deployment && p.diagnostics.some((d) => d.code === 'serving-autoscaling');
    await client.diagnostics.next('serving-autoscaling on the fixed Deployment', flagged, 0);
    const hpa = path.join(dir, 'k8s', 'tgi-hpa.yaml');
    const from = client.diagnostics.seen.length;
    fs.copyFileSync(path.join(serving, 'tgi-hpa.yaml'), hpa);
    await client.watched(fileUri(hpa), 1);
    await client.diagnostics.next('the Deployment judged again without the finding', (p) => p.uri === deployment && !flagged(p), from);
    const from2 = client.diagnostics.seen.length;
    fs.rmSync(hpa);
    await client.watched(fileUri(hpa), 3);
    await client.diagnostics.next('the finding back once the HPA is gone', flagged, from2);
  });
});

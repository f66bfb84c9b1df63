// A declared stop/start schedule through the BUILT server: the $/month lens of the scheduled GPU
// group uses the schedule's hours and says so; a SkyPilot dev cluster gets its no-autostop finding.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileUri, LspSession, repoRoot } from './lspSession';
import { lenses, resolve } from './costWorkspace';

describe('stop schedules and dev clusters over stdio', () => {
  let ws: string;
  let session: LspSession;

  before(async () => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mlcost-sched-'));
    fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'cdk', 'scheduled'), path.join(ws, 'cdk'), { recursive: true });
    fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'rules', 'no-autostop', 'sky-dev-cluster.yaml'), path.join(ws, 'dev.yaml'));
    session = await LspSession.start({ workspaceDir: ws, settings: {} });
  });
  after(() => {
    session?.dispose();
    if (ws) fs.rmSync(ws, { recursive: true, force: true });
  });

  async function openFile(rel: string, languageId: string) {
    const p = path.join(ws, rel);
    const text = fs.readFileSync(p, 'utf8');
    const uri = fileUri(p);
    const published = session.expectVersion(uri, 1);
    await session.open(uri, text, languageId);
    return { uri, text, diagnostics: (await published).diagnostics };
  }

  it('CDK scaleOnSchedule: the lens prices the scheduled hours, the unscheduled group 730 h', { timeout: 60_000 }, async () => {
    const { uri, text } = await openFile('cdk/workstations-stack.ts', 'typescript');
    const all = await lenses(session, uri);
    const titleAt = async (needle: string) => {
      const line = text.split('\n').findIndex((l) => l.includes(needle));
      const lens = all.find((l) => l.range.start.line === line);
      assert.ok(lens, `a lens at ${needle}`);
      return (await resolve(session, lens)).command?.title ?? '';
    };
    assert.match(await titleAt("'GpuWorkstations'"), /^≈ \$[\d,]+\/month \(on its stop\/start schedule, 261 hours per month\)/);
    assert.match(await titleAt("'AlwaysOn'"), /^≈ \$[\d,]+\/month \(always on, 730 hours per month\)/);
  });

  it('a SkyPilot GPU dev cluster without autostop: no-autostop with its idle money', { timeout: 60_000 }, async () => {
    const { diagnostics } = await openFile('dev.yaml', 'yaml');
    const d = diagnostics.find((x) => x.code === 'no-autostop');
    assert.ok(d, JSON.stringify(diagnostics.map((x) => x.code)));
    assert.equal(d.range.start.line, 3);
    assert.match(d.message, /idles about 556 h a month: ≈ \$[\d,]+\/month/);
  });
});

// Infrastructure code through the BUILT server (dist/server.js, with dist/ts-morph.js and the
// Terraform wasm beside it): a CDK stack and a Terraform file get findings and $/month lenses; a
// React component gets nothing.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileUri, LspSession, repoRoot } from './lspSession';
import { lenses, resolve } from './costWorkspace';

describe('infrastructure code over stdio', () => {
  let ws: string;
  let session: LspSession;

  before(async () => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mlcost-iac-'));
    fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'cdk'), path.join(ws, 'cdk'), { recursive: true });
    fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'terraform', 'ml-module'), path.join(ws, 'tf'), { recursive: true });
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

  it('a CDK stack: no-autostop on the workstation and a $/month lens on the GPU node group', { timeout: 60_000 }, async () => {
    const { uri, text, diagnostics } = await openFile('cdk/ml-app/lib/ml-platform-stack.ts', 'typescript');
    const line = text.split('\n').findIndex((l) => l.includes("new ec2.Instance(this, 'Workstation'"));
    assert.ok(diagnostics.some((d) => d.code === 'no-autostop' && d.range.start.line === line), JSON.stringify(diagnostics.map((d) => [d.code, d.range.start.line])));
    const nodeLine = text.split('\n').findIndex((l) => l.includes("new eks.Nodegroup(this, 'TrainingNodes'"));
    const lens = (await lenses(session, uri)).find((l) => l.range.start.line === nodeLine);
    assert.ok(lens, 'a lens on the node group');
    const title = (await resolve(session, lens)).command?.title ?? '';
    assert.match(title, /^≈ \$[\d,]+\/month \(always on, 730 hours per month\) · \$43\.92\/h on 16×A100-40GB \(2 × p4d\.24xlarge\)/);
  });

  it('a Terraform module file: findings with money and a monthly lens', { timeout: 60_000 }, async () => {
    const { uri, text, diagnostics } = await openFile('tf/main.tf', 'terraform');
    assert.ok(diagnostics.some((d) => d.code === 'no-autostop' && /\/month/.test(d.message)));
    const line = text.split('\n').findIndex((l) => l.startsWith('resource "aws_instance" "devbox"'));
    const lens = (await lenses(session, uri)).find((l) => l.range.start.line === line);
    assert.ok(lens);
    assert.match((await resolve(session, lens)).command?.title ?? '', /\/month .* on 4×A10G \(g5\.12xlarge\)/);
  });

  it('a React component gets no diagnostics and no lenses', { timeout: 60_000 }, async () => {
    const { uri, diagnostics } = await openFile('cdk/web-app/App.ts', 'typescript');
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(await lenses(session, uri), []);
  });
});

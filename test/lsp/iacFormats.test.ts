// CDK for Terraform and Pulumi azure-native through the BUILT server (dist/server.js with
// dist/ts-morph.js beside it): findings, $/month lenses, and a bucket's storage lens from a size
// annotation.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileUri, LspSession, repoRoot } from './lspSession';
import { lenses, resolve } from './costWorkspace';

describe('CDKTF and Pulumi azure-native over stdio', () => {
  let ws: string;
  let session: LspSession;

  before(async () => {
    ws = fs.mkdtempSync(path.join(os.tmpdir(), 'mlcost-iacformats-'));
    fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'cdktf', 'ml-stack'), path.join(ws, 'cdktf'), { recursive: true });
    fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'pulumi', 'azure-program'), path.join(ws, 'azure'), { recursive: true });
    session = await LspSession.start({ workspaceDir: ws, settings: {} });
  });
  after(() => {
    session?.dispose();
    if (ws) fs.rmSync(ws, { recursive: true, force: true });
  });

  async function open(rel: string, text: string) {
    const p = path.join(ws, rel);
    fs.writeFileSync(p, text);
    const uri = fileUri(p);
    const published = session.expectVersion(uri, 1);
    await session.open(uri, text, 'typescript');
    return { uri, diagnostics: (await published).diagnostics };
  }

  async function lensOn(uri: string, text: string, needle: string): Promise<string> {
    const line = text.split('\n').findIndex((l) => l.includes(needle));
    const lens = (await lenses(session, uri)).find((l) => l.range.start.line === line);
    assert.ok(lens, `a lens on ${needle}`);
    return (await resolve(session, lens)).command?.title ?? '';
  }

  it('a CDKTF stack: findings, a $/month lens on the GPU node group, a storage lens on a sized bucket', { timeout: 60_000 }, async () => {
    const text = fs
      .readFileSync(path.join(ws, 'cdktf', 'main.ts'), 'utf8')
      .replace("    const checkpoints = new S3Bucket(this, 'checkpoints', {", "    // mlcost: size=5TB\n    const checkpoints = new S3Bucket(this, 'checkpoints', {");
    const { uri, diagnostics } = await open('cdktf/main.ts', text);
    assert.deepEqual([...new Set(diagnostics.map((d) => d.code))].sort(), ['missing-cost-tags', 'no-autostop', 'storage-lifecycle']);
    assert.match(await lensOn(uri, text, "new EksNodeGroup(this, 'gpu_nodes'"), /^≈ \$[\d,]+\/month \(always on, 730 hours per month\) · \$[\d.]+\/h on 16×A100-40GB \(2 × p4d\.24xlarge\)/);
    assert.match(await lensOn(uri, text, "new S3Bucket(this, 'checkpoints'"), /^≈ \$115\/month storage \(5 TB in S3 Standard at \$0\.023\/GB-month\)/);
  });

  it('a Pulumi azure-native program: the A100 VM priced per month from the Azure catalog rows', { timeout: 60_000 }, async () => {
    const text = fs.readFileSync(path.join(ws, 'azure', 'index.ts'), 'utf8');
    const { uri, diagnostics } = await open('azure/index.ts', text);
    assert.ok(diagnostics.some((d) => d.code === 'no-autostop' && /\/month/.test(d.message)), JSON.stringify(diagnostics.map((d) => d.code)));
    assert.match(await lensOn(uri, text, "new azure.compute.VirtualMachine('a100-workstation'"), /^≈ \$2,6\d\d\/month \(always on, 730 hours per month\) · \$3\.67\/h on 1×A100-80GB \(Standard_NC24ads_A100_v4\)/);
  });
});

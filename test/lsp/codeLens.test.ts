// Cost CodeLenses, the estimate breakdown request and the pricing settings, against the BUILT
// server (dist/server.js) over stdio on real fixture files (test/fixtures/lsp-cost/).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileUri, lineOf, LspSession, repoRoot } from './lspSession';
import { copyCostWorkspace, lenses, openCopy, resolve, titlesOn } from './costWorkspace';

describe('cost CodeLens over stdio', () => {
  let ws: string;
  let session: LspSession;

  before(async () => {
    ws = copyCostWorkspace();
    session = await LspSession.start({ workspaceDir: ws, settings: {} });
  });
  after(() => {
    session?.dispose();
    if (ws) fs.rmSync(ws, { recursive: true, force: true });
  });

  it('advertises codeLens (with resolve) and hover', () => {
    const caps = session.initializeResult?.capabilities;
    assert.equal(caps?.codeLensProvider?.resolveProvider, true);
    assert.ok(caps?.hoverProvider);
  });

  it('puts an unresolved lens on the job anchor that resolves to run cost, GPU-hours and hardware', async () => {
    const { uri, text } = await openCopy(session, ws, 'sft-task.yaml', 'lens-run.yaml');
    const anchor = lineOf(text, 'resources:');
    const all = await lenses(session, uri);
    const lens = all.find((l) => l.range.start.line === anchor);
    assert.ok(lens, `a lens on the resources: line (${anchor}); got lines ${all.map((l) => l.range.start.line)}`);
    assert.equal(lens.command, undefined, 'comes back unresolved');
    assert.ok(lens.data, 'carries data for resolve');
    const resolved = await resolve(session, lens);
    const title = resolved.command?.title ?? '';
    assert.match(title, /^≈ \$[\d,]+(\.\d\d)?\/run/);
    assert.match(title, /[\d,.]+ GPU-h on 8×A100-40GB/);
    assert.match(title, /\$\d+\.\d\d\/h on-demand/);
    assert.equal(resolved.command?.command, 'mlcost.showEstimateBreakdown');
    assert.deepEqual(resolved.command?.arguments, [uri, 0]);
    await session.close(uri);
  });

  it('a SLURM batch script (.slurm, any language id) gets a run-cost lens bounded by its --time', async () => {
    const text = fs.readFileSync(path.join(repoRoot, 'test', 'fixtures', 'shell', 'slurm', 'pretrain.slurm'), 'utf8');
    for (const languageId of ['plaintext', 'shellscript']) {
      const p = path.join(ws, `lens-${languageId}.slurm`);
      fs.writeFileSync(p, text);
      const uri = fileUri(p);
      session.settingsByUri.set(uri, {});
      const published = session.expectVersion(uri, 1);
      await session.open(uri, text, languageId);
      await published;
      const [title] = await titlesOn(session, uri, lineOf(text, 'srun -l torchrun'));
      assert.match(title ?? '', /^≤ \$[\d,]+(\.\d\d)?\/run · 768 GPU-h on 16×H100/, `${languageId}: at most, the work being unknown: ${title}`);
      await session.close(uri);
    }
  });

  it('says what is missing when the work of the run is unknown', async () => {
    const { uri, text } = await openCopy(session, ws, 'no-work-task.yaml', 'lens-nowork.yaml', { pricing: { provider: 'aws' } });
    const [title] = await titlesOn(session, uri, lineOf(text, 'resources:'));
    assert.ok(title, 'a job lens');
    // No model and no steps: the model is the first thing to add (without it nothing sizes the run).
    assert.match(title, /^\$21\.96\/h on 8×A100-40GB \(p4d\.24xlarge\) · model size unknown: set `# mlcost: params=/);
    assert.doesNotMatch(title, /≈|\/run/);
    await session.close(uri);
  });

  it('puts a price lens on the line that names the hardware', async () => {
    const { uri, text } = await openCopy(session, ws, 'sft-task.yaml', 'lens-hw.yaml', { pricing: { provider: 'aws' } });
    const [title] = await titlesOn(session, uri, lineOf(text, 'accelerators:'));
    assert.equal(title, '$21.96/h on-demand · $6.29/h spot (p4d.24xlarge, aws us-east-1)');
    await session.close(uri);
  });

  it('prices in the provider the settings name, and again after the setting changes', async () => {
    const { uri, text } = await openCopy(session, ws, 'sft-task.yaml', 'lens-provider.yaml', { pricing: { provider: 'aws' } });
    const line = lineOf(text, 'resources:');
    const [aws] = await titlesOn(session, uri, line);
    assert.match(aws, /\(p4d\.24xlarge\) · \$21\.96\/h on-demand, \$6\.29\/h spot$/);
    session.settingsByUri.set(uri, { pricing: { provider: 'gcp' } });
    const republished = session.expectDiagnostics(uri, () => true, 'diagnostics after the settings change');
    await session.configurationChanged();
    await republished;
    const [gcp] = await titlesOn(session, uri, line);
    assert.match(gcp, /\(a2-highgpu-8g\) · \$29\.39\/h on-demand, \$14\.43\/h spot$/);
    await session.close(uri);
  });

  it('uses a negotiated price from mlcost.pricing.overridesFile instead of the catalog', async () => {
    const { uri, text } = await openCopy(session, ws, 'no-work-task.yaml', 'lens-override.yaml', { pricing: { provider: 'aws', overridesFile: 'prices.csv' } });
    const [title] = await titlesOn(session, uri, lineOf(text, 'resources:'));
    assert.match(title, /^\$11\.11\/h on 8×A100-40GB \(p4d\.24xlarge\)/);
    await session.close(uri);
  });

  it('re-reads the overrides file when it changes on disk', async () => {
    const file = path.join(ws, 'changing-prices.csv');
    fs.writeFileSync(file, 'instance_type,provider,region,on_demand,spot\np4d.24xlarge,aws,us-east-1,11.11,3.33\n');
    const { uri, text } = await openCopy(session, ws, 'no-work-task.yaml', 'lens-reread.yaml', { pricing: { provider: 'aws', overridesFile: 'changing-prices.csv' } });
    const line = lineOf(text, 'resources:');
    assert.match((await titlesOn(session, uri, line))[0], /^\$11\.11\/h/);
    fs.writeFileSync(file, 'instance_type,provider,region,on_demand,spot\np4d.24xlarge,aws,us-east-1,15.5,3.33\n');
    const republished = session.expectDiagnostics(uri, () => true, 'diagnostics after the overrides file changed');
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(file), type: 2 }] });
    await republished;
    assert.match((await titlesOn(session, uri, line))[0], /^\$15\.50\/h/);
    await session.close(uri);
  });

  it('reports a malformed overrides file on that file and keeps the catalog prices', async () => {
    const badUri = fileUri(path.join(ws, 'bad-prices.csv'));
    const onBad = session.expectDiagnostics(badUri, (p) => p.diagnostics.length > 0, 'overrides diagnostics');
    const { uri, text } = await openCopy(session, ws, 'no-work-task.yaml', 'lens-bad-override.yaml', { pricing: { provider: 'aws', overridesFile: 'bad-prices.csv' } });
    const [d] = (await onBad).diagnostics;
    assert.equal(d.source, 'mlcost');
    assert.equal(d.code, 'pricing-overrides');
    assert.equal(d.range.start.line, 1, 'on the bad row');
    const [title] = await titlesOn(session, uri, lineOf(text, 'resources:'));
    assert.match(title, /^\$21\.96\/h/, 'catalog price still used');
    await session.close(uri);
  });

  it('refuses an overrides file outside the workspace with a log line', async () => {
    const { uri } = await openCopy(session, ws, 'no-work-task.yaml', 'lens-escape.yaml', { pricing: { overridesFile: '../../etc/prices.csv' } });
    const line = await session.expectLog(/overridesFile ignored: '\.\.\/\.\.\/etc\/prices\.csv' is outside the workspace/);
    assert.ok(line.message.length > 0);
    await session.close(uri);
  });

  it('refuses pricing settings of the wrong type or size with a log line each', async () => {
    const { uri } = await openCopy(session, ws, 'no-work-task.yaml', 'lens-wrong.yaml', { pricing: { provider: 'ibm', region: 42 }, hoursPerMonth: 1e9 });
    await session.expectLog(/mlcost\.pricing\.provider ignored/);
    await session.expectLog(/mlcost\.pricing\.region ignored/);
    await session.expectLog(/mlcost\.hoursPerMonth ignored/);
    await session.close(uri);
  });

  it('answers mlcost/estimateBreakdown with a table of every assumption and its source', async () => {
    const { uri } = await openCopy(session, ws, 'sft-task.yaml', 'breakdown.yaml', { pricing: { provider: 'aws' } });
    const md = await session.within('breakdown', session.connection.sendRequest<string>('mlcost/estimateBreakdown', { uri, job: 0 }));
    assert.match(md, /^# Cost estimate: llama3-sft/);
    assert.match(md, /\| Assumption \| Value \| Source \|/);
    assert.match(md, /\| parameters \|[^\n]*\|/);
    assert.match(md, /\| steps \| 2,000 \| file: `--max_steps`, breakdown\.yaml line 10 \|/);
    assert.match(md, /\| MFU \| [\d.]+ \| calibration: /);
    assert.match(md, /retrieved \d{4}-\d\d-\d\d/);
    const none = await session.connection.sendRequest<string>('mlcost/estimateBreakdown', { uri, job: 7 });
    assert.match(none, /No cost estimate for job 7/);
    await session.close(uri);
  });

  it('names no hardware: estimates on the cheapest fitting choice per run and says so in the lens', async () => {
    const { uri, text } = await openCopy(session, ws, 'no-hardware.yaml', 'lens-nohw.yaml');
    const [title] = await titlesOn(session, uri, lineOf(text, 'base_model:'));
    assert.ok(title, 'a job lens');
    assert.match(title, /^≈ \$[\d,.]+\/run · [\d,.]+ GPU-h · /);
    assert.match(title, /hardware not stated: on 1×\S+, the cheapest per run that fits$/);
    await session.close(uri);
  });

  it('knows no model size: the lens shows what is known and names the one thing to add', async () => {
    const { uri, text } = await openCopy(session, ws, 'nothing-known.yaml', 'lens-nothing.yaml');
    const [title] = await titlesOn(session, uri, lineOf(text, 'output_dir:'));
    assert.equal(title, 'mlcost: 4.1e6 tokens · add the model size (`# mlcost: params=7e9`, or a known model id) to estimate on the cheapest GPU that fits');
    await session.close(uri);
  });

  it('the breakdown of a job naming no hardware marks it assumed and lists the hardware options, per run', async () => {
    const { uri } = await openCopy(session, ws, 'no-hardware.yaml', 'breakdown-nohw.yaml');
    const md = await session.within('breakdown', session.connection.sendRequest<string>('mlcost/estimateBreakdown', { uri, job: 0 }));
    assert.match(md, /\*\*Hardware:\*\* 1×\S+ .* — _assumed: hardware not stated: on 1×\S+, the cheapest per run that fits_/);
    assert.match(md, /## Hardware options/);
    assert.match(md, /\| Hardware \| Instance \| Wall time \| \$\/run on-demand \| \$\/run spot \| \$\/h \| Fits \|/);
    const rows = md.split('\n').filter((l) => /^\| \*\*\d+×/.test(l));
    assert.ok(rows.length >= 4 && rows.length <= 6, `4-6 options:\n${rows.join('\n')}`);
    assert.ok(rows.some((r) => r.includes('(assumed)') && r.endsWith('| yes |')), 'the assumed choice fits');
    await session.close(uri);
  });
});

// Hover on hardware names (instance types, GPU requests) against the BUILT server over stdio.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { lineOf, LspSession } from './lspSession';
import { copyCostWorkspace, hoverText, openCopy } from './costWorkspace';

describe('hardware hover over stdio', () => {
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

  it('shows specs, prices and the catalog source on an instance type', async () => {
    const { uri, text } = await openCopy(session, ws, 'no-work-task.yaml', 'hover-instance.yaml', { pricing: { provider: 'aws' } });
    const line = lineOf(text, 'p4d.24xlarge');
    const md = await hoverText(session, uri, line, text.split('\n')[line].indexOf('p4d') + 2);
    assert.ok(md, 'a hover');
    assert.match(md, /\*\*8×A100-40GB\*\* · 37\.3 GiB per GPU · bf16 yes · peak dense TFLOP\/s: 312 bf16/);
    assert.match(md, /\| p4d\.24xlarge \| aws us-east-1 \| \$21\.96\/h \| \$6\.29\/h \| catalog \|/);
    assert.match(md, /retrieved \d{4}-\d\d-\d\d/);
    await session.close(uri);
  });

  it('shows the price of a GPU request and cheaper instances that still fit the job', async () => {
    const { uri, text } = await openCopy(session, ws, 'sft-task.yaml', 'hover-gpu.yaml', { pricing: { provider: 'aws' } });
    const line = lineOf(text, 'A100:8');
    const md = await hoverText(session, uri, line, text.split('\n')[line].indexOf('A100') + 1);
    assert.ok(md, 'a hover');
    assert.match(md, /\| p4d\.24xlarge \| aws us-east-1 \| \$21\.96\/h/);
    assert.match(md, /\*\*Cheapest catalog instances that hold this job\*\* \(≈ [\d.]+ GiB per GPU\)/);
    const rows = md.split('\n').filter((l) => /^\| \S+ \| \d+×/.test(l));
    assert.ok(rows.length >= 1 && rows.length <= 3, `one to three alternatives, got ${rows.length}`);
    for (const r of rows) assert.match(r, /\| −\d+% \|$/, 'cheaper than the 8×A100 the task asks for');
    await session.close(uri);
  });

  it('says nothing off the hardware lines', async () => {
    const { uri, text } = await openCopy(session, ws, 'sft-task.yaml', 'hover-none.yaml');
    assert.equal(await hoverText(session, uri, lineOf(text, 'name:'), 2), undefined);
    await session.close(uri);
  });

  it('hovers a job\'s anchor line with its estimate and the hardware options table', async () => {
    const { uri, text } = await openCopy(session, ws, 'no-hardware.yaml', 'hover-job.yaml');
    const md = await hoverText(session, uri, lineOf(text, 'base_model:'), 3);
    assert.ok(md, 'a hover on the job line');
    assert.match(md, /^\*\*mlcost: /);
    assert.match(md, /hardware not stated/);
    assert.match(md, /## Hardware options/);
    assert.match(md, /\| Wall time \|/);
    await session.close(uri);
  });
});

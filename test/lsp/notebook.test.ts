// Notebook sync over stdio (LSP 3.17 notebookDocument/*): the built server analyses a notebook's
// code cells as one program and answers per cell: diagnostics, code actions, lenses.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CodeLens, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { copyWorkspace, fileUri, LspSession, repoRoot } from './lspSession';

interface NbCell {
  kind: 1 | 2;
  document: string;
}

/** Applies LSP text edits to a text (same-position inserts in order). */
function apply(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const off = (l: number, c: number) => lines.slice(0, l).reduce((n, x) => n + x.length + 1, 0) + c;
  const spans = edits.map((e) => ({ s: off(e.range.start.line, e.range.start.character), e: off(e.range.end.line, e.range.end.character), t: e.newText })).sort((a, b) => a.s - b.s);
  let out = '';
  let at = 0;
  for (const x of spans) {
    out += text.slice(at, x.s) + x.t;
    at = x.e;
  }
  return out + text.slice(at);
}

describe('notebook documents over stdio', () => {
  let s: LspSession;
  let dir: string;
  let nbUri: string;
  const cellUri = (i: number) => `vscode-notebook-cell:${nbUri.slice('file:'.length)}#W${i}sZmlsZQ%3D%3D`;
  // Cell 0 markdown, 1 imports (+ a magic), 2 the loop (fp32), 3 %%bash, 4 the final save.
  const sources = [
    '# Churn model',
    '%pip install torch\nimport torch\nfrom torch import nn\nmodel = nn.Linear(512, 1).to("cuda")\noptimizer = torch.optim.AdamW(model.parameters())\nloss_fn = nn.MSELoss()',
    'for epoch in range(50):\n    for xb, yb in loader:\n        optimizer.zero_grad()\n        loss = loss_fn(model(xb), yb)\n        loss.backward()\n        optimizer.step()',
    '%%bash\nnvidia-smi',
    'torch.save(model.state_dict(), "model.pt")',
  ];
  const cells: NbCell[] = sources.map((_, i) => ({ kind: i === 0 ? 1 : 2, document: '' }));

  before(async () => {
    dir = copyWorkspace();
    const nbPath = path.join(dir, 'explore.ipynb');
    // On disk a smelly notebook: the workspace index reports it on the file until it is opened.
    fs.copyFileSync(path.join(repoRoot, 'examples', 'smelly', 'explore.ipynb'), nbPath);
    nbUri = fileUri(nbPath);
    cells.forEach((c, i) => (c.document = cellUri(i)));
    const indexed = new Promise<void>((resolve) => {
      const wait = () => (s?.published.some((p) => p.uri === nbUri && p.diagnostics.length > 0) ? resolve() : setTimeout(wait, 50));
      wait();
    });
    s = await LspSession.start({ workspaceDir: dir });
    await s.within('the index reporting explore.ipynb', indexed);
  });
  after(() => s?.dispose());

  it('advertises notebook sync for Jupyter Python cells', () => {
    const sync = s.initializeResult!.capabilities.notebookDocumentSync as { notebookSelector: { notebook: { notebookType: string }; cells: { language: string }[] }[] };
    assert.equal(sync.notebookSelector[0].notebook.notebookType, 'jupyter-notebook');
    assert.deepEqual(sync.notebookSelector[0].cells, [{ language: 'python' }]);
  });

  let fp32: Diagnostic;
  it('publishes each finding on the cell and line it is about; markdown and magics never break it', async () => {
    const withdrawn = s.expectDiagnostics(nbUri, (p) => p.diagnostics.length === 0, 'the index entry withdrawn');
    const loop = s.expectDiagnostics(cellUri(2), (p) => p.diagnostics.length > 0);
    const save = s.expectDiagnostics(cellUri(4), (p) => p.diagnostics.length > 0);
    await s.connection.sendNotification('notebookDocument/didOpen', {
      notebookDocument: { uri: nbUri, notebookType: 'jupyter-notebook', version: 1, cells },
      cellTextDocuments: sources.map((text, i) => ({ uri: cellUri(i), languageId: i === 0 ? 'markdown' : 'python', version: 1, text })),
    });
    await withdrawn;
    const d = await loop;
    fp32 = d.diagnostics.find((x) => x.code === 'fp32-training')!;
    assert.ok(fp32, JSON.stringify(d.diagnostics));
    assert.equal(fp32.range.start.line, 4, 'loss.backward() is line 5 of the loop cell');
    const ckpt = (await save).diagnostics.find((x) => x.code === 'no-checkpointing');
    assert.equal(ckpt?.range.start.line, 0);
    assert.ok(!s.published.some((p) => p.uri === cellUri(0) && p.diagnostics.length), 'nothing on the markdown cell');
  });

  it('offers the fix on the cell; its edit targets that cell and, applied, clears the finding', async () => {
    const actions = (await s.within('codeAction', s.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri: cellUri(2) },
      range: fp32.range,
      context: { diagnostics: [fp32] },
    }))) as CodeAction[];
    const fix = actions.find((a) => /bf16/.test(a.title))!;
    assert.ok(fix, actions.map((a) => a.title).join(' | '));
    const resolved = fix.edit ? fix : ((await s.connection.sendRequest('codeAction/resolve', fix)) as CodeAction);
    const changes = resolved.edit!.changes ?? Object.fromEntries((resolved.edit!.documentChanges ?? []).map((c) => ['textDocument' in c ? c.textDocument.uri : '', 'edits' in c ? c.edits : []]));
    assert.deepEqual(Object.keys(changes), [cellUri(2)], 'only the loop cell is edited');
    const fixed = apply(sources[2], changes[cellUri(2)] as TextEdit[]);
    assert.match(fixed, /\n {8}with torch\.autocast\("cuda", dtype=torch\.bfloat16\):\n {12}loss = loss_fn/);
    // didChange on that one cell: the finding goes away.
    const cleared = s.expectDiagnostics(cellUri(2), (p) => !p.diagnostics.some((x) => x.code === 'fp32-training'));
    await s.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: nbUri, version: 2 },
      change: { cells: { textContent: [{ document: { uri: cellUri(2), version: 2 }, changes: [{ text: fixed }] }] } },
    });
    await cleared;
  });

  it('puts the cost lens on the cell that starts training', async () => {
    const lensesOf = async (i: number) => (await s.within('codeLens', s.connection.sendRequest('textDocument/codeLens', { textDocument: { uri: cellUri(i) } }))) as CodeLens[];
    const all = await Promise.all([1, 2, 3, 4].map(lensesOf));
    const withLens = all.map((l, k) => (l.length ? k + 1 : -1)).filter((k) => k > 0);
    assert.equal(withLens.length, 1, `one cell carries the job lens: ${JSON.stringify(all)}`);
  });

  it('a suppression comment in a cell silences the finding there', async () => {
    const suppressed = '# mlcost: ignore[no-checkpointing]\n' + sources[4];
    const cleared = s.expectDiagnostics(cellUri(4), (p) => p.diagnostics.length === 0);
    await s.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: nbUri, version: 3 },
      change: { cells: { textContent: [{ document: { uri: cellUri(4), version: 2 }, changes: [{ text: suppressed }] }] } },
    });
    await cleared;
  });

  it('closing the notebook clears every cell that shows a finding', async () => {
    const back = s.expectDiagnostics(cellUri(4), (p) => p.diagnostics.length > 0);
    await s.connection.sendNotification('notebookDocument/didChange', {
      notebookDocument: { uri: nbUri, version: 4 },
      change: { cells: { textContent: [{ document: { uri: cellUri(4), version: 3 }, changes: [{ text: sources[4] }] }] } },
    });
    await back;
    const cleared = s.expectDiagnostics(cellUri(4), (p) => p.diagnostics.length === 0);
    await s.connection.sendNotification('notebookDocument/didClose', { notebookDocument: { uri: nbUri }, cellTextDocuments: sources.map((_, i) => ({ uri: cellUri(i) })) });
    await cleared;
    assert.ok(s.alive);
  });
});

// Code actions over the wire: fixes from Diagnostic.data, resolve against the analysed version,
// ignore actions, fix-all (safe only), and the CSV → Parquet command with progress.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { CodeAction, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { applyFixText } from '../unit/fixes/applyFixText';
import { FixSession } from './fixSession';
import { fileUri, repoRoot } from './lspSession';

let dir: string;
let s: FixSession;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlcost-fixes-'));
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'fixes-e2e'), dir, { recursive: true });
  s = await FixSession.start(dir, {
    workspace: { workspaceEdit: { documentChanges: true }, configuration: true },
    textDocument: { codeAction: { resolveSupport: { properties: ['edit'] }, codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } } },
    window: { workDoneProgress: true },
  });
});
after(() => s?.dispose());

/** Opens a temp copy of a fixture and returns its text, URI and first diagnostics. */
let copies = 0;
async function open(name: string): Promise<{ uri: string; text: string; diags: Diagnostic[] }> {
  // A fresh copy per test, so no test sees another's open document or its closing publication.
  const file = path.join(dir, `${++copies}-${name}`);
  fs.copyFileSync(path.join(dir, name), file);
  const uri = fileUri(file);
  const text = fs.readFileSync(file, 'utf8');
  const published = s.diagnostics(uri, (p) => p.version === 1);
  await s.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  return { uri, text, diags: (await published).diagnostics };
}

function editsOf(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  assert.ok(edit, 'the action has an edit');
  const dc = edit.documentChanges?.find((c) => 'textDocument' in c && c.textDocument.uri === uri);
  assert.ok(dc && 'edits' in dc, 'a TextDocumentEdit for the document');
  return dc.edits as TextEdit[];
}

async function actions(uri: string, diags: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const range = diags[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  return s.within('codeAction', s.rpc.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: diags, ...(only ? { only } : {}) } }));
}

/** Sends `text` as version `version` and returns the diagnostics published for it. */
async function change(uri: string, version: number, text: string): Promise<Diagnostic[]> {
  const published = s.diagnostics(uri, (p) => p.version === version);
  await s.rpc.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
  return (await published).diagnostics;
}

test('the fp32 quickfix, resolved and applied, clears the diagnostic; docs and ignore actions are offered', async () => {
  const { uri, text, diags } = await open('train_args.yaml');
  const fp32 = diags.find((d) => d.code === 'fp32-training');
  assert.ok(fp32, 'fp32 diagnostic');
  assert.deepEqual(Object.keys(fp32.data as object).sort(), ['index', 'rule', 'version']);
  const list = await actions(uri, [fp32], ['quickfix']);
  const titles = list.map((a) => a.title);
  assert.ok(titles.includes('Ignore fp32-training on this line') && titles.includes('Ignore fp32-training in this file'), titles.join(' | '));
  const docs = list.find((a) => a.title === 'Show documentation for fp32-training');
  assert.equal(docs?.command?.command, 'mlcost.showRuleDocs');
  const preferred = list.filter((a) => a.isPreferred);
  assert.equal(preferred.length, 1);
  assert.match(preferred[0].title, /bf16/);
  assert.equal(preferred[0].edit, undefined, 'the edit waits for resolve');
  const resolved: CodeAction = await s.within('resolve', s.rpc.sendRequest('codeAction/resolve', preferred[0]));
  const fixed = applyFixText(text, editsOf(resolved.edit, uri));
  const next = await change(uri, 2, fixed);
  assert.ok(!next.some((d) => d.code === 'fp32-training'), 'fp32 is gone');
  // The action made for version 1 no longer resolves to an edit.
  const stale: CodeAction = await s.rpc.sendRequest('codeAction/resolve', preferred[0]);
  assert.equal(stale.edit, undefined);
  await change(uri, 3, text);
});

for (const which of ['on this line', 'in this file']) {
  test(`"Ignore … ${which}" suppresses the finding`, async () => {
    const { uri, text, diags } = await open('skypilot-oversized.yaml');
    const d = diags.find((x) => x.code === 'oversized-gpu');
    assert.ok(d, 'oversized-gpu diagnostic');
    const list = await actions(uri, [d], ['quickfix']);
    assert.ok(list.some((a) => /^Use 1×\S+ .* saves ≈ \$/.test(a.title)), 'hardware alternatives offered');
    assert.ok(!list.some((a) => a.isPreferred && a.title.startsWith('Use ')), 'an unsafe fix is never preferred');
    const ignore = list.find((a) => a.title === `Ignore oversized-gpu ${which}`)!;
    const resolved: CodeAction = await s.rpc.sendRequest('codeAction/resolve', ignore);
    const next = await change(uri, 2, applyFixText(text, editsOf(resolved.edit, uri)));
    assert.ok(!next.some((x) => x.code === 'oversized-gpu'));
    await s.rpc.sendNotification('textDocument/didClose', { textDocument: { uri } });
  });
}

test('source.fixAll.mlcost applies only safe fixes', async () => {
  const sky = await open('skypilot-oversized.yaml');
  assert.deepEqual(await actions(sky.uri, [], ['source.fixAll.mlcost']), [], 'hardware changes are never in fix-all');
  const { uri, text, diags } = await open('train_args.yaml');
  assert.ok(diags.some((d) => d.code === 'fp32-training'), diags.map((d) => d.code).join(','));
  const [fixAll] = await actions(uri, [], ['source.fixAll']);
  assert.equal(fixAll?.kind, 'source.fixAll.mlcost');
  const edits = editsOf(fixAll.edit, uri);
  assert.ok(!edits.some((e) => e.newText.includes('mlcost: ignore')), 'no suppression in fix-all');
  const next = await change(uri, 10, applyFixText(text, edits));
  assert.ok(!next.some((d) => d.code === 'fp32-training'));
  assert.ok(next.length < diags.length);
});

test('mlcost.convertCsvToParquet converts with progress and reports sizes', async () => {
  const csv = path.join(dir, 'data', 'train.csv');
  const answer = (await s.within(
    'convert',
    s.rpc.sendRequest('workspace/executeCommand', { command: 'mlcost.convertCsvToParquet', arguments: [fileUri(csv)] }),
  )) as { status: string; rows: number; columns: unknown[]; bytesBefore: number; bytesAfter: number; output: string };
  assert.equal(answer.status, 'converted', JSON.stringify(answer));
  assert.equal(answer.rows, 4);
  assert.equal(answer.columns.length, 5);
  const out = path.join(dir, 'data', 'train.parquet');
  assert.equal(answer.output, out);
  assert.equal(answer.bytesAfter, fs.statSync(out).size);
  assert.ok(fs.existsSync(csv), 'the CSV is kept');
  const { parquetReadObjects } = (await import('hyparquet')) as typeof import('hyparquet');
  const buf = fs.readFileSync(out);
  const rows = await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer });
  assert.equal(rows[0].text, 'hello, world');
  assert.ok(s.progressTokens.length >= 1, 'the server created a progress');
  const kinds = s.progress.map((p) => p.value.kind);
  assert.equal(kinds[0], 'begin');
  assert.equal(kinds.at(-1), 'end');
  // showMessage is a notification sent just before the answer; give the stream a moment.
  for (let i = 0; i < 50 && !s.messages.length; i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(s.messages.some((m) => /4 rows, 5 columns/.test(m.message)), JSON.stringify(s.messages));
});

test('a client cancel of the conversion progress stops it and writes nothing', async () => {
  const lines = ['a,b'];
  for (let i = 0; i < 400_000; i++) lines.push(`${i},row ${i}`);
  const csv = path.join(dir, 'data', 'big.csv');
  fs.writeFileSync(csv, lines.join('\n'));
  s.onProgress = (token, kind) => {
    if (kind === 'report') void s.rpc.sendNotification('window/workDoneProgress/cancel', { token });
  };
  const answer = (await s.within('convert', s.rpc.sendRequest('workspace/executeCommand', { command: 'mlcost.convertCsvToParquet', arguments: [fileUri(csv)] }))) as { status: string };
  s.onProgress = undefined;
  assert.equal(answer.status, 'cancelled');
  assert.ok(!fs.existsSync(path.join(dir, 'data', 'big.parquet')));
  assert.deepEqual(fs.readdirSync(path.join(dir, 'data')).filter((f) => f.includes('big')), ['big.csv']);
});

// The built language server (dist/server.js --stdio) over JSON-RPC, as an editor drives it.
// Build first: node scripts/build.mjs.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic, PublishDiagnosticsParams, TextDocumentContentChangeEvent } from 'vscode-languageserver-protocol';
import { copyWorkspace, fileUri, lineOf, LspSession } from './lspSession';

const FP32 = 'fp32-training';
const WARNING = 2;
const ERROR = 1;

const fp32 = (p: PublishDiagnosticsParams): Diagnostic[] => p.diagnostics.filter((d) => d.code === FP32);

/** Replace `from` with `to` on the first line containing `from`: one incremental change. */
function replaceOnLine(text: string, from: string, to: string): { change: TextDocumentContentChangeEvent; text: string } {
  const line = lineOf(text, from);
  const character = text.split('\n')[line].indexOf(from);
  const change = { range: { start: { line, character }, end: { line, character: character + from.length } }, text: to };
  const lines = text.split('\n');
  lines[line] = lines[line].slice(0, character) + to + lines[line].slice(character + from.length);
  return { change, text: lines.join('\n') };
}

describe('mlcost language server over stdio', () => {
  let ws: string;
  let session: LspSession;
  let trainText: string;
  /** A fresh file in the temp workspace with the TrainingArguments text, one per test. */
  const trainCopy = (name: string): string => {
    const p = path.join(ws, name);
    fs.writeFileSync(p, trainText);
    return fileUri(p);
  };

  before(async () => {
    ws = copyWorkspace();
    trainText = fs.readFileSync(path.join(ws, 'train_args.yaml'), 'utf8');
    session = await LspSession.start({ workspaceDir: ws, settings: {} });
  });
  after(() => {
    session?.dispose();
    if (ws) fs.rmSync(ws, { recursive: true, force: true });
  });

  it('initializes with incremental sync, open/close and save notifications', () => {
    const sync = session.initializeResult?.capabilities.textDocumentSync;
    assert.ok(sync && typeof sync === 'object', 'textDocumentSync options');
    assert.equal(sync.change, 2, 'TextDocumentSyncKind.Incremental');
    assert.equal(sync.openClose, true);
    assert.ok(sync.save, 'save notifications');
    assert.equal(session.initializeResult?.serverInfo?.name, 'mlcost');
  });

  it('publishes no diagnostics for a GitHub workflow, after pulling the mlcost settings for it', async () => {
    const uri = fileUri(path.join(ws, '.github', 'workflows', 'ci.yml'));
    const published = session.expectVersion(uri, 1);
    await session.open(uri, fs.readFileSync(path.join(ws, '.github', 'workflows', 'ci.yml'), 'utf8'));
    const p = await published;
    assert.deepEqual(p.diagnostics, []);
    const asked = session.configurationRequests.flatMap((r) => r.items).find((i) => i.scopeUri === uri);
    assert.equal(asked?.section, 'mlcost');
    await session.close(uri);
  });

  it('reports fp32-training on a TrainingArguments YAML with bf16 and fp16 false [needs hf-config + fp32-training]', async () => {
    const uri = fileUri(path.join(ws, 'train_args.yaml'));
    const published = session.expectVersion(uri, 1);
    await session.open(uri, trainText);
    const [d] = fp32(await published);
    assert.ok(d, 'an fp32-training diagnostic');
    assert.equal(d.source, 'mlcost');
    assert.equal(d.severity, WARNING);
    assert.ok([lineOf(trainText, 'bf16:'), lineOf(trainText, 'fp16:')].includes(d.range.start.line), `range on the bf16/fp16 line, got line ${d.range.start.line}`);
    assert.match(d.codeDescription?.href ?? '', /^file:\/\/.*\/rules\/fp32-training\.md$/);
    assert.ok(fs.existsSync(new URL(d.codeDescription!.href)), 'the linked rule doc exists');
    assert.ok(d.message.length > 0);
    await session.close(uri);
  });

  it('clears fp32-training after an incremental edit to bf16: true and reports it again when reverted [needs hf-config + fp32-training]', async () => {
    const uri = trainCopy('flip.yaml');
    const v1 = session.expectVersion(uri, 1);
    await session.open(uri, trainText);
    assert.equal(fp32(await v1).length, 1, 'flagged before the edit');

    const on = replaceOnLine(trainText, 'bf16: false', 'bf16: true');
    const v2 = session.expectVersion(uri, 2);
    await session.change(uri, 2, [on.change]);
    assert.deepEqual(fp32(await v2), [], 'bf16: true trains in bf16');

    const off = replaceOnLine(on.text, 'bf16: true', 'bf16: false');
    const v3 = session.expectVersion(uri, 3);
    await session.change(uri, 3, [off.change]);
    assert.equal(fp32(await v3).length, 1, 'flagged again after the revert');
    await session.close(uri);
  });

  it('honours a # mlcost: ignore[fp32-training] line above the finding [needs hf-config + fp32-training]', async () => {
    const uri = trainCopy('suppressed.yaml');
    const v1 = session.expectVersion(uri, 1);
    await session.open(uri, trainText);
    const [d] = fp32(await v1);
    assert.ok(d, 'flagged before the comment');
    const line = d.range.start.line;
    const v2 = session.expectVersion(uri, 2);
    await session.change(uri, 2, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '# mlcost: ignore[fp32-training]\n' }]);
    assert.deepEqual(fp32(await v2), []);
    await session.close(uri);
  });

  it('survives malformed YAML: logs it, publishes, and still analyses the next document', async () => {
    const bad = fileUri(path.join(ws, 'malformed.yaml'));
    const badPublished = session.expectVersion(bad, 1);
    await session.open(bad, fs.readFileSync(path.join(ws, 'malformed.yaml'), 'utf8'));
    await badPublished;
    await session.expectLog(/malformed\.yaml/);

    const next = trainCopy('after-malformed.yaml');
    const nextPublished = session.expectVersion(next, 1);
    await session.open(next, trainText);
    await nextPublished;
    assert.ok(session.alive, 'server still running');
    await session.close(bad);
    await session.close(next);
  });

  it('skips a binary (NUL-containing) document with empty diagnostics and a log line', async () => {
    const uri = fileUri(path.join(ws, 'weights.json'));
    const published = session.expectVersion(uri, 1);
    await session.open(uri, `{"a": "\u0000\u0001\u0002\u0000"}\u0000\u0000`, 'json');
    assert.deepEqual((await published).diagnostics, []);
    await session.expectLog(/weights\.json.*binary/);
    assert.ok(session.alive);
    await session.close(uri);
  });

  it('does not analyse other languages or schemes, and says so once in the log', async () => {
    const md = fileUri(path.join(ws, 'README.md'));
    await session.open(md, '# bf16: false', 'markdown');
    await session.expectLog(/not analysing .*README\.md/);
    const git = 'git:/repo/train.yaml?ref=HEAD';
    await session.open(git, trainText, 'yaml');
    await session.expectLog(/not analysing git:.*scheme 'git'/);
    assert.equal(session.published.filter((p) => p.uri === md || p.uri === git).length, 0);
    await session.close(md);
    await session.close(git);
  });

  it('analyses a Python script (the tree-sitter parser loads from dist/ on first use)', async () => {
    const uri = fileUri(path.join(ws, 'train.py'));
    const published = session.expectVersion(uri, 1);
    await session.open(uri, fs.readFileSync(path.join(ws, 'train.py'), 'utf8'), 'python');
    assert.ok(Array.isArray((await published).diagnostics));
    const trouble = session.logs.filter((m) => m.message.includes('train.py') && /failed|could not/.test(m.message));
    assert.deepEqual(trouble, []);
    await session.close(uri);
  });

  it('analyses an untitled buffer by its language id', async () => {
    const uri = 'untitled:Untitled-1';
    const published = session.expectVersion(uri, 1);
    await session.open(uri, trainText, 'yaml');
    const [d] = fp32(await published);
    assert.ok(d, 'untitled buffers are analysed (by language id: the URI has no extension)');
    await session.close(uri);
  });

  it('reads .mlcost.yaml from disk inside the workspace folder [needs hf-config + fp32-training]', async () => {
    const dir = path.join(ws, 'team-disk');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, '.mlcost.yaml'), `rules:\n  ${FP32}: error\n`);
    const uri = fileUri(path.join(dir, 'train.yaml'));
    fs.writeFileSync(path.join(dir, 'train.yaml'), trainText);
    const published = session.expectVersion(uri, 1);
    await session.open(uri, trainText);
    assert.equal(fp32(await published)[0]?.severity, ERROR);
    await session.close(uri);
  });

  it('uses the unsaved text of an open .mlcost.yaml over the disk [needs hf-config + fp32-training]', async () => {
    const dir = path.join(ws, 'team-open');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, '.mlcost.yaml'), `rules:\n  ${FP32}: error\n`);
    fs.writeFileSync(path.join(dir, 'train.yaml'), trainText);
    const cfg = fileUri(path.join(dir, '.mlcost.yaml'));
    const cfgPublished = session.expectVersion(cfg, 1);
    await session.open(cfg, `rules:\n  ${FP32}: off\n`);
    await cfgPublished;
    const uri = fileUri(path.join(dir, 'train.yaml'));
    const published = session.expectVersion(uri, 1);
    await session.open(uri, trainText);
    assert.deepEqual(fp32(await published), [], 'the editor says off; the disk says error');
    await session.close(uri);
    await session.close(cfg);
  });

  it('applies mlcost.rules from workspace/configuration: error, then off [needs hf-config + fp32-training]', async () => {
    const uri = trainCopy('levels.yaml');
    const v1 = session.expectVersion(uri, 1);
    await session.open(uri, trainText);
    assert.equal(fp32(await v1)[0]?.severity, WARNING, 'default severity first');

    session.settingsByUri.set(uri, { rules: { [FP32]: 'error' } });
    const asError = session.expectDiagnostics(uri, () => true, 'republish after settings change');
    await session.configurationChanged();
    assert.equal(fp32(await asError)[0]?.severity, ERROR);

    session.settingsByUri.set(uri, { rules: { [FP32]: 'off' } });
    const asOff = session.expectDiagnostics(uri, () => true, 'republish after settings change');
    await session.configurationChanged();
    assert.deepEqual(fp32(await asOff), []);

    session.settingsByUri.set(uri, { enable: false });
    const back = session.expectDiagnostics(uri, () => true, 'republish with rules back on');
    await session.configurationChanged();
    assert.deepEqual((await back).diagnostics, [], 'mlcost.enable: false publishes nothing');
    session.settingsByUri.delete(uri);
    await session.close(uri);
  });

  it('ignores wrongly-typed settings with one log line each and keeps analysing with defaults', async () => {
    const uri = trainCopy('bad-settings.yaml');
    session.settingsByUri.set(uri, { enable: 'yes', debounceMs: 'soon', rules: { [FP32]: 'loud', other: 3 } });
    const published = session.expectVersion(uri, 1);
    await session.open(uri, trainText);
    await published;
    await session.expectLog(/mlcost\.enable ignored/);
    await session.expectLog(/mlcost\.debounceMs ignored/);
    await session.expectLog(/mlcost\.rules\.fp32-training ignored/);
    // A second analysis of the same settings does not repeat the lines.
    const again = session.expectVersion(uri, 2);
    await session.change(uri, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }]);
    await again;
    assert.equal(session.logs.filter((m) => /mlcost\.enable ignored/.test(m.message)).length, 1);
    session.settingsByUri.delete(uri);
    await session.close(uri);
  });

  it('coalesces a burst of edits: only the latest version is analysed and published', async () => {
    const uri = trainCopy('burst.yaml');
    session.settingsByUri.set(uri, { debounceMs: 1500 });
    const v1 = session.expectVersion(uri, 1);
    await session.open(uri, trainText);
    await v1;
    const v5 = session.expectVersion(uri, 5);
    for (let v = 2; v <= 5; v++) {
      await session.change(uri, v, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: `# edit ${v}\n` }]);
    }
    assert.equal((await v5).version, 5);
    const versions = session.published.filter((p) => p.uri === uri).map((p) => p.version);
    assert.deepEqual(versions, [1, 5], 'versions 2-4 were superseded before their debounce ended');
    session.settingsByUri.delete(uri);
    await session.close(uri);
  });

  it('re-analyses a document when it is saved', async () => {
    const uri = trainCopy('saved.yaml');
    const v1 = session.expectVersion(uri, 1);
    await session.open(uri, trainText);
    await v1;
    const onSave = session.expectDiagnostics(uri, () => true, 'publication after save');
    await session.save(uri);
    assert.equal((await onSave).version, 1);
    await session.close(uri);
  });

  it('clears a document’s diagnostics when it is closed', async () => {
    const uri = trainCopy('closed.yaml');
    const v1 = session.expectVersion(uri, 1);
    await session.open(uri, trainText);
    await v1;
    const cleared = session.expectDiagnostics(uri, (p) => p.version === undefined, 'clearing publication');
    await session.close(uri);
    assert.deepEqual((await cleared).diagnostics, []);
  });

  it('ends with exit code 0 on shutdown + exit', async () => {
    assert.ok(session.alive);
    assert.equal(await session.shutdown(), 0);
    assert.equal(session.alive, false);
  });
});

describe('mlcost language server with a client that cannot answer workspace/configuration', () => {
  let ws: string;
  let session: LspSession;
  before(async () => {
    ws = copyWorkspace();
    session = await LspSession.start({ workspaceDir: ws, configuration: false });
  });
  after(() => {
    session?.dispose();
    if (ws) fs.rmSync(ws, { recursive: true, force: true });
  });

  it('analyses with defaults and never asks for settings', async () => {
    const uri = fileUri(path.join(ws, '.github', 'workflows', 'ci.yml'));
    const published = session.expectVersion(uri, 1);
    await session.open(uri, fs.readFileSync(path.join(ws, '.github', 'workflows', 'ci.yml'), 'utf8'));
    assert.deepEqual((await published).diagnostics, []);
    assert.equal(session.configurationRequests.length, 0);
  });

  it('takes pushed settings from didChangeConfiguration [needs hf-config + fp32-training]', async () => {
    const uri = fileUri(path.join(ws, 'train_args.yaml'));
    const text = fs.readFileSync(path.join(ws, 'train_args.yaml'), 'utf8');
    const v1 = session.expectVersion(uri, 1);
    await session.open(uri, text);
    assert.equal(fp32(await v1)[0]?.severity, WARNING);
    const pushed = session.expectDiagnostics(uri, () => true, 'republish after pushed settings');
    await session.configurationChanged({ mlcost: { rules: { [FP32]: 'error' } } });
    assert.equal(fp32(await pushed)[0]?.severity, ERROR);
    assert.equal(session.configurationRequests.length, 0);
  });
});

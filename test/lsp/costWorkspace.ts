// Shared by the cost lens and hover tests: a temp copy of test/fixtures/lsp-cost/ and helpers.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CodeLens, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { fileUri, repoRoot, type LspSession } from './lspSession';

export function copyCostWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlcost-cost-'));
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'lsp-cost'), dir, { recursive: true });
  return dir;
}

/** Copies `fixture` to a fresh name (so each test has its own document and settings), opens it, waits for its analysis. */
export async function openCopy(session: LspSession, ws: string, fixture: string, name: string, settings: unknown = {}): Promise<{ uri: string; text: string }> {
  const text = fs.readFileSync(path.join(ws, fixture), 'utf8');
  const p = path.join(ws, name);
  fs.writeFileSync(p, text);
  const uri = fileUri(p);
  session.settingsByUri.set(uri, settings);
  const published = session.expectVersion(uri, 1);
  await session.open(uri, text);
  await published;
  return { uri, text };
}

export function lenses(session: LspSession, uri: string): Promise<CodeLens[]> {
  return session.within('codeLens', session.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } }));
}

export function resolve(session: LspSession, lens: CodeLens): Promise<CodeLens> {
  return session.within('codeLens/resolve', session.connection.sendRequest<CodeLens>('codeLens/resolve', lens));
}

/** Resolved titles of the lenses on `line`. */
export async function titlesOn(session: LspSession, uri: string, line: number): Promise<string[]> {
  const on = (await lenses(session, uri)).filter((l) => l.range.start.line === line);
  return Promise.all(on.map(async (l) => (await resolve(session, l)).command?.title ?? ''));
}

export async function hoverText(session: LspSession, uri: string, line: number, character: number): Promise<string | undefined> {
  const h = await session.within('hover', session.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line, character } }));
  return h ? (h.contents as MarkupContent).value : undefined;
}

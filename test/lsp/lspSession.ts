// Drives the BUILT language server (dist/server.js --stdio) as a child process over JSON-RPC, the
// way an editor does. Nothing here imports the server's code: the test sees only the wire.
import { spawn, type ChildProcessWithoutNullStreams } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type {
  ConfigurationParams,
  InitializeParams,
  InitializeResult,
  LogMessageParams,
  PublishDiagnosticsParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';

/** Generous: only there so that a failure ends the test instead of hanging it. */
export const WAIT_MS = 10_000;

export const repoRoot = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || /^out(-|$)/.test(path.basename(dir))) dir = path.dirname(dir);
  return dir;
})();

export const serverPath = path.join(repoRoot, 'dist', 'server.js');

/** A fresh temp copy of test/fixtures/lsp/, so tests may write files without touching the repo. */
export function copyWorkspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlcost-lsp-'));
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'lsp'), dir, { recursive: true });
  return dir;
}

export function fileUri(p: string): string {
  return pathToFileURL(p).href;
}

export interface SessionOptions {
  workspaceDir?: string;
  /** Advertise `workspace.configuration` (pull settings); false = a client without it. */
  configuration?: boolean;
  /** Answer to each `workspace/configuration` item (the `mlcost` section). */
  settings?: unknown;
}

interface DiagnosticsWaiter {
  uri: string;
  accept: (p: PublishDiagnosticsParams) => boolean;
  resolve: (p: PublishDiagnosticsParams) => void;
}

interface LogWaiter {
  pattern: RegExp;
  resolve: (m: LogMessageParams) => void;
}

export class LspSession {
  readonly logs: LogMessageParams[] = [];
  readonly published: PublishDiagnosticsParams[] = [];
  /** Every `workspace/configuration` request's items, in order. */
  readonly configurationRequests: ConfigurationParams[] = [];
  /** What the "editor" answers for the `mlcost` section; tests change it. */
  settings: unknown;
  /** Answers for particular documents (scopeUri), before `settings`. */
  readonly settingsByUri = new Map<string, unknown>();
  stderr = '';
  readonly exited: Promise<number | null>;
  initializeResult?: InitializeResult;
  private diagnosticWaiters: DiagnosticsWaiter[] = [];
  private logWaiters: LogWaiter[] = [];
  private exitCode: number | null | undefined;

  private constructor(
    private readonly proc: ChildProcessWithoutNullStreams,
    readonly connection: MessageConnection,
  ) {
    this.exited = new Promise((resolve) =>
      proc.on('exit', (code) => {
        this.exitCode = code;
        resolve(code);
      }),
    );
    proc.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      const hit = this.diagnosticWaiters.filter((w) => w.uri === p.uri && w.accept(p));
      this.diagnosticWaiters = this.diagnosticWaiters.filter((w) => !hit.includes(w));
      hit.forEach((w) => w.resolve(p));
    });
    connection.onNotification('window/logMessage', (m: LogMessageParams) => {
      this.logs.push(m);
      const hit = this.logWaiters.filter((w) => w.pattern.test(m.message));
      this.logWaiters = this.logWaiters.filter((w) => !hit.includes(w));
      hit.forEach((w) => w.resolve(m));
    });
    connection.onRequest('workspace/configuration', (p: ConfigurationParams) => {
      this.configurationRequests.push(p);
      return p.items.map((i) => (i.scopeUri !== undefined && this.settingsByUri.has(i.scopeUri) ? this.settingsByUri.get(i.scopeUri) : this.settings) ?? null);
    });
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
  }

  static async start(opts: SessionOptions = {}): Promise<LspSession> {
    if (!fs.existsSync(serverPath)) throw new Error(`${serverPath} is missing: build first (node scripts/build.mjs)`);
    const proc = spawn(process.execPath, [serverPath, '--stdio'], { cwd: repoRoot, stdio: 'pipe' });
    const connection = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const session = new LspSession(proc, connection);
    session.settings = opts.settings;
    connection.listen();
    const folder = opts.workspaceDir;
    const params: InitializeParams = {
      processId: process.pid,
      rootUri: folder ? fileUri(folder) : null,
      workspaceFolders: folder ? [{ uri: fileUri(folder), name: path.basename(folder) }] : null,
      capabilities: {
        workspace: { configuration: opts.configuration !== false, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: true } },
        textDocument: { publishDiagnostics: { versionSupport: true, codeDescriptionSupport: true } },
      },
    };
    session.initializeResult = await session.within('initialize', connection.sendRequest<InitializeResult>('initialize', params));
    await connection.sendNotification('initialized', {});
    return session;
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  /** The next publication for `uri` that `accept` takes; register it BEFORE the action that causes it. */
  expectDiagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true, what = 'diagnostics'): Promise<PublishDiagnosticsParams> {
    const p = new Promise<PublishDiagnosticsParams>((resolve) => this.diagnosticWaiters.push({ uri, accept, resolve }));
    return this.within(`${what} for ${path.basename(uri)}`, p);
  }

  /** The publication for `uri` at document `version` (or later). */
  expectVersion(uri: string, version: number): Promise<PublishDiagnosticsParams> {
    return this.expectDiagnostics(uri, (p) => p.version !== undefined && p.version >= version, `version ${version}`);
  }

  /** A log line matching `pattern`, already received or still to come. */
  expectLog(pattern: RegExp): Promise<LogMessageParams> {
    const seen = this.logs.find((m) => pattern.test(m.message));
    if (seen) return Promise.resolve(seen);
    return this.within(`log ${pattern}`, new Promise<LogMessageParams>((resolve) => this.logWaiters.push({ pattern, resolve })));
  }

  async open(uri: string, text: string, languageId = 'yaml', version = 1): Promise<void> {
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  async change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  async save(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Settings changed in the editor: the server should pull them again. */
  async configurationChanged(settings: unknown = null): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings });
  }

  /** shutdown + exit, as an editor ends a session; resolves to the exit code. */
  async shutdown(): Promise<number | null> {
    await this.within('shutdown', this.connection.sendRequest('shutdown'));
    await this.connection.sendNotification('exit');
    return this.within('process exit', this.exited, false);
  }

  /** Ends the process whatever state it is in (test cleanup). */
  dispose(): void {
    this.connection.dispose();
    if (this.alive) this.proc.kill();
  }

  /**
   * Rejects after WAIT_MS, or at once if the server process ends (unless that is what is awaited),
   * with what the server said, so a failure explains itself instead of hanging.
   */
  within<T>(what: string, p: Promise<T>, exitIsFailure = true): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const context = () => {
      const log = this.logs.slice(-8).map((m) => `  [log] ${m.message.split('\n')[0]}`).join('\n');
      return `${log}\n  [stderr] ${this.stderr.slice(-1500)}`;
    };
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${WAIT_MS} ms waiting for ${what}\n${context()}`)), WAIT_MS);
    });
    const racers: Promise<T>[] = [p, timeout];
    if (exitIsFailure) racers.push(this.exited.then((code) => Promise.reject(new Error(`server exited (code ${code}) while waiting for ${what}\n${context()}`))));
    return Promise.race(racers).finally(() => clearTimeout(timer));
  }
}

/** Where `needle` is in `text` (0-based line), for assertions that do not hard-code lines. */
export function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`fixture has no line containing ${JSON.stringify(needle)}`);
  return i;
}

// A bare LSP client for the bench: dist/server.js over stdio, timed from the outside.
import { spawn, type ChildProcessWithoutNullStreams } from 'child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { pathToFileURL } from 'url';

export interface Published {
  uri: string;
  version?: number;
  diagnostics: unknown[];
}

export class BenchServer {
  readonly logs: string[] = [];
  capabilities: Record<string, unknown> = {};
  private waiters: { uri: string; version: number; resolve: (p: Published) => void }[] = [];

  private constructor(
    readonly proc: ChildProcessWithoutNullStreams,
    readonly conn: MessageConnection,
  ) {
    conn.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      const hit = this.waiters.filter((w) => w.uri === p.uri && (p.version ?? -1) >= w.version);
      this.waiters = this.waiters.filter((w) => !hit.includes(w));
      hit.forEach((w) => w.resolve(p));
    });
    conn.onNotification('window/logMessage', (m: { message: string }) => this.logs.push(m.message));
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('window/workDoneProgress/create', () => null);
  }

  /** Starts the server and resolves once `initialize` is answered; `ms` is that time from spawn. */
  static async start(serverJs: string, settings: unknown, root: string, nodeArgs: string[] = []): Promise<{ server: BenchServer; ms: number }> {
    const t0 = performance.now();
    const proc = spawn(process.execPath, [...nodeArgs, serverJs, '--stdio'], { stdio: 'pipe' });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const server = new BenchServer(proc, conn);
    conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => settings));
    conn.listen();
    const uri = pathToFileURL(root).href;
    const res = await conn.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: 'bench' }],
      capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: { versionSupport: true } } },
    });
    const ms = performance.now() - t0;
    server.capabilities = res.capabilities;
    await conn.sendNotification('initialized', {});
    return { server, ms };
  }

  diagnostics(uri: string, version: number): Promise<Published> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} in 30 s`)), 30_000);
      this.waiters.push({ uri, version, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  }

  async stop(): Promise<void> {
    try {
      await this.conn.sendRequest('shutdown');
      await this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    this.conn.dispose();
    this.proc.kill();
  }
}

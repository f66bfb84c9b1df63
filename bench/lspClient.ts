// A bare LSP client for the bench: dist/server.js over stdio, timed from the outside.
import { spawn, type ChildProcessWithoutNullStreams } from 'child_process';
import * as fs from 'fs';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { pathToFileURL } from 'url';

export interface Published {
  uri: string;
  version?: number;
  diagnostics: unknown[];
}

export interface Progress {
  token: string | number;
  value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; percentage?: number };
  /** performance.now() when the client read it. */
  at: number;
}

export interface StartOptions {
  nodeArgs?: string[];
  /** Merged into the client capabilities sent with `initialize` (workDoneProgress, resolveSupport). */
  capabilities?: Record<string, unknown>;
}

export class BenchServer {
  readonly logs: string[] = [];
  readonly progress: Progress[] = [];
  /** The latest publishDiagnostics per URI (what a client keeps and sends back in codeAction). */
  readonly latest = new Map<string, Published>();
  capabilities: Record<string, unknown> = {};
  /** performance.now() when `initialized` was sent. */
  initializedAt = 0;
  private waiters: { uri: string; version: number; resolve: (p: Published) => void }[] = [];
  private progressWaiters: { accept: (p: Progress) => boolean; resolve: (p: Progress) => void }[] = [];

  private constructor(
    readonly proc: ChildProcessWithoutNullStreams,
    readonly conn: MessageConnection,
  ) {
    conn.onNotification('textDocument/publishDiagnostics', (p: Published) => {
      this.latest.set(p.uri, p);
      const hit = this.waiters.filter((w) => w.uri === p.uri && (p.version ?? -1) >= w.version);
      this.waiters = this.waiters.filter((w) => !hit.includes(w));
      hit.forEach((w) => w.resolve(p));
    });
    conn.onNotification('$/progress', (p: Omit<Progress, 'at'>) => {
      const seen = { ...p, at: performance.now() };
      this.progress.push(seen);
      const hit = this.progressWaiters.filter((w) => w.accept(seen));
      this.progressWaiters = this.progressWaiters.filter((w) => !hit.includes(w));
      hit.forEach((w) => w.resolve(seen));
    });
    conn.onNotification('window/logMessage', (m: { message: string }) => this.logs.push(m.message));
    conn.onRequest('client/registerCapability', () => null);
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onRequest('workspace/codeLens/refresh', () => null);
  }

  /**
   * Starts the server and resolves once `initialize` is answered; `ms` is that time from spawn.
   * `settings` answers the `mlcost` section of workspace/configuration; other sections get null
   * (the defaults), as a client with nothing set would answer.
   */
  static async start(serverJs: string, settings: unknown, root: string, nodeArgsOrOpts: string[] | StartOptions = []): Promise<{ server: BenchServer; ms: number }> {
    const opts: StartOptions = Array.isArray(nodeArgsOrOpts) ? { nodeArgs: nodeArgsOrOpts } : nodeArgsOrOpts;
    const t0 = performance.now();
    const proc = spawn(process.execPath, [...(opts.nodeArgs ?? []), serverJs, '--stdio'], { stdio: 'pipe' });
    const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const server = new BenchServer(proc, conn);
    conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map((i) => (i.section === 'mlcost' ? settings : null)));
    conn.listen();
    const uri = pathToFileURL(root).href;
    const res = await conn.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: 'bench' }],
      capabilities: {
        workspace: { configuration: true },
        ...opts.capabilities,
        textDocument: { publishDiagnostics: { versionSupport: true }, ...(opts.capabilities?.textDocument as object | undefined) },
      },
    });
    const ms = performance.now() - t0;
    server.capabilities = res.capabilities;
    server.initializedAt = performance.now();
    await conn.sendNotification('initialized', {});
    return { server, ms };
  }

  diagnostics(uri: string, version: number): Promise<Published> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} in 30 s`)), 30_000);
      this.waiters.push({ uri, version, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  }

  /** The first `$/progress` (already seen or still to come) that `accept` takes. */
  nextProgress(accept: (p: Progress) => boolean, timeoutMs = 120_000): Promise<Progress> {
    const old = this.progress.find(accept);
    if (old) return Promise.resolve(old);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching $/progress in ${timeoutMs / 1000} s`)), timeoutMs);
      this.progressWaiters.push({ accept, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  }

  /** Resident and peak memory of the server process in MB, from /proc (Linux only; NaN elsewhere). */
  memory(): { rss: number; hwm: number } {
    try {
      const status = fs.readFileSync(`/proc/${this.proc.pid}/status`, 'utf8');
      const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
      return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
    } catch {
      return { rss: NaN, hwm: NaN };
    }
  }

  /** CPU seconds (user + system) the server process has used so far, from /proc (NaN elsewhere). */
  cpuSeconds(): number {
    try {
      // Fields after the command name: state is field 3, utime 14, stime 15 (clock ticks, 100/s).
      const f = fs.readFileSync(`/proc/${this.proc.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(f[11]) + Number(f[12])) / 100;
    } catch {
      return NaN;
    }
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

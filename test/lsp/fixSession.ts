// A minimal LSP client over the BUILT server for the fixes tests: like lspSession.ts, but the
// capabilities are the test's (resolve support, documentChanges, progress) and it records
// $/progress and window/showMessage. Sees only the wire.
import { spawn, type ChildProcessWithoutNullStreams } from 'child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import type { ClientCapabilities, PublishDiagnosticsParams, ShowMessageParams } from 'vscode-languageserver-protocol';
import { fileUri, repoRoot, serverPath, WAIT_MS } from './lspSession';

export class FixSession {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly progress: { token: unknown; value: { kind: string; message?: string; percentage?: number } }[] = [];
  readonly messages: ShowMessageParams[] = [];
  readonly progressTokens: unknown[] = [];
  private waiters: { uri: string; ok: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  onProgress?: (token: unknown, kind: string) => void;

  private constructor(
    private readonly proc: ChildProcessWithoutNullStreams,
    readonly rpc: MessageConnection,
  ) {
    rpc.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      const hit = this.waiters.filter((w) => w.uri === p.uri && w.ok(p));
      this.waiters = this.waiters.filter((w) => !hit.includes(w));
      hit.forEach((w) => w.resolve(p));
    });
    rpc.onNotification('$/progress', (p: { token: unknown; value: { kind: string } }) => {
      this.progress.push(p as FixSession['progress'][number]);
      this.onProgress?.(p.token, p.value.kind);
    });
    rpc.onNotification('window/showMessage', (m: ShowMessageParams) => this.messages.push(m));
    rpc.onNotification('window/logMessage', () => {});
    rpc.onRequest('window/workDoneProgress/create', (p: { token: unknown }) => {
      this.progressTokens.push(p.token);
      return null;
    });
    rpc.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    rpc.onRequest('client/registerCapability', () => null);
    rpc.onRequest('window/showMessageRequest', () => null);
    rpc.onRequest('workspace/codeLens/refresh', () => null);
  }

  static async start(workspaceDir: string, capabilities: ClientCapabilities): Promise<FixSession> {
    const proc = spawn(process.execPath, [serverPath, '--stdio'], { cwd: repoRoot, stdio: 'pipe' });
    const rpc = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
    const s = new FixSession(proc, rpc);
    rpc.listen();
    await s.within(
      'initialize',
      rpc.sendRequest('initialize', { processId: process.pid, rootUri: fileUri(workspaceDir), workspaceFolders: [{ uri: fileUri(workspaceDir), name: 'ws' }], capabilities }),
    );
    await rpc.sendNotification('initialized', {});
    return s;
  }

  diagnostics(uri: string, ok: (p: PublishDiagnosticsParams) => boolean = () => true): Promise<PublishDiagnosticsParams> {
    return this.within(`diagnostics for ${uri}`, new Promise((resolve) => this.waiters.push({ uri, ok, resolve })));
  }

  within<T>(what: string, p: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), WAIT_MS)));
    return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
  }

  dispose(): void {
    this.rpc.dispose();
    this.proc.kill();
  }
}

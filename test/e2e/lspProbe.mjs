// Asks the BUILT language server what it offers: spawn `dist/server.js --stdio`, send initialize,
// read the result, shut it down. Dependency-free (hand-framed JSON-RPC) so it also bundles into
// the extension-host suite. The editor tests use it to tell "feature not built yet" (skip, and
// say so) from "feature built but broken" (fail).
import { spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/**
 * @param {string} serverJs absolute path of dist/server.js
 * @param {{ node?: string, env?: NodeJS.ProcessEnv, cwd?: string, timeoutMs?: number }} [opts]
 * @returns {Promise<Record<string, unknown>>} InitializeResult.capabilities
 */
export function serverCapabilities(serverJs, opts = {}) {
  const cwd = opts.cwd ?? process.cwd();
  const proc = spawn(opts.node ?? process.execPath, [serverJs, '--stdio'], {
    cwd,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let buf = Buffer.alloc(0);
  let stderr = '';
  /** @type {Record<string, unknown> | undefined} */
  let caps;
  const send = (msg) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }), 'utf8');
    proc.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    proc.stdin.write(body);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`no initialize result within ${opts.timeoutMs ?? 10000} ms; stderr: ${stderr}`)), opts.timeoutMs ?? 10000);
    let done = false;
    function finish(err, caps) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (caps) {
        // Polite shutdown; kill anyway shortly after so a hung server cannot hold the test.
        send({ id: 2, method: 'shutdown', params: null });
        send({ method: 'exit', params: null });
        setTimeout(() => proc.kill('SIGKILL'), 1000).unref();
      } else proc.kill('SIGKILL');
      if (err) reject(err);
      else resolve(caps);
    }
    proc.stderr.on('data', (d) => (stderr += d));
    proc.on('error', (e) => finish(e));
    proc.on('exit', (code) => finish(new Error(`server exited (${code}) before initialize answered; stderr: ${stderr}`)));
    proc.stdout.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        const headerEnd = buf.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        const m = /Content-Length: (\d+)/i.exec(buf.subarray(0, headerEnd).toString('ascii'));
        if (!m) return finish(new Error('bad header from server'));
        const len = Number(m[1]);
        if (buf.length < headerEnd + 4 + len) return;
        const msg = JSON.parse(buf.subarray(headerEnd + 4, headerEnd + 4 + len).toString('utf8'));
        buf = buf.subarray(headerEnd + 4 + len);
        if (msg.id === 1 && 'result' in msg) {
          // Some servers register features dynamically after `initialized`: collect those too.
          caps = { ...(msg.result.capabilities ?? {}) };
          send({ method: 'initialized', params: {} });
          setTimeout(() => finish(undefined, caps), 500);
        } else if (msg.method === 'client/registerCapability' && caps) {
          for (const r of msg.params?.registrations ?? []) {
            const key = DYNAMIC[r.method];
            if (key) caps[key] = caps[key] ?? r.registerOptions ?? true;
          }
          send({ id: msg.id, result: null });
        }
        else if (msg.id === 1 && msg.error) finish(new Error(`initialize failed: ${msg.error.message}`));
        // Requests from the server (configuration...) get an empty answer.
        else if (msg.method && msg.id !== undefined) send({ id: msg.id, result: msg.method === 'workspace/configuration' ? (msg.params?.items ?? []).map(() => null) : null });
      }
    });
    send({
      id: 1,
      method: 'initialize',
      params: {
        processId: process.pid,
        rootUri: pathToFileURL(cwd).href,
        workspaceFolders: null,
        // Claim what VS Code claims for the features probed, so a server that registers them
        // only for capable clients still advertises them.
        capabilities: {
          textDocument: {
            codeLens: { dynamicRegistration: true },
            hover: { contentFormat: ['markdown', 'plaintext'] },
            codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source'] } }, resolveSupport: { properties: ['edit'] } },
            publishDiagnostics: {},
          },
          workspace: { codeLens: { refreshSupport: true }, configuration: true },
          window: { workDoneProgress: true },
        },
      },
    });
  });
}

/** Dynamic registrations' methods → the static capability they stand for. */
const DYNAMIC = {
  'textDocument/codeLens': 'codeLensProvider',
  'textDocument/hover': 'hoverProvider',
  'textDocument/codeAction': 'codeActionProvider',
};

/** Prints and returns the reason a step is skipped, so a skip is never silent. */
export function skipReason(feature, capability) {
  return `skipped: not yet available (the server does not advertise ${capability}; ${feature} is still being built)`;
}

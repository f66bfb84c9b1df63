// Shared plumbing for the real-editor tests (test:e2e, test:vscode): packaging the .vsix, a
// throwaway code-server on a free 127.0.0.1 port (its own process group, so one kill stops the
// server and its file watchers), headless Debian Chromium via playwright-core, and an LSP
// capability probe that decides which steps can run yet.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const e2eDir = join(root, '.e2e');
export const codeServerBin = join(e2eDir, 'node_modules', '.bin', 'code-server');
export const chromiumPath = process.env.MLCOST_CHROMIUM ?? '/usr/bin/chromium';
export const shotsDir = join(root, 'test-results', 'e2e');

/** Why the real-editor tests cannot run here, or undefined when they can. */
export function whyCannotRun() {
  if (process.platform !== 'linux') return `needs Linux (this is ${process.platform})`;
  if (!existsSync(codeServerBin)) return 'code-server is not installed in .e2e/ (run scripts/install-e2e.sh)';
  if (!existsSync(chromiumPath)) return `no Chromium at ${chromiumPath} (apt-get install chromium)`;
  return undefined;
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * Production build + vsce, as `npm run package` does, into test-results/ (per checkout: .e2e/ may
 * be a symlink shared by several git worktrees, whose runs would overwrite each other's package). `--no-rewrite-relative-links`
 * because package.json has no `repository` yet (vsce refuses to package without one otherwise);
 * an installed extension resolves README links locally either way.
 */
export function packageVsix() {
  run(process.execPath, ['scripts/build.mjs', '--production']);
  mkdirSync(join(root, 'test-results'), { recursive: true });
  const out = join(root, 'test-results', 'mlcost.vsix');
  const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  run(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '-o', out]);
  return out;
}

/** A fresh temp folder: a COPY of examples/ as the workspace, plus the editor's own dirs. */
/**
 * Bundles the extension-host suite (test/vscode) into .e2e/out/vscode; returns that folder, whose
 * index.js is the extensionTestsPath entry point (code-server payload or @vscode/test-electron).
 */
export async function bundleVscodeSuite() {
  const { build } = await import('esbuild');
  const outDir = join(e2eDir, 'out', 'vscode');
  await build({
    absWorkingDir: root,
    entryPoints: { index: 'test/vscode/index.ts', 'extension.test': 'test/vscode/extension.test.ts' },
    outdir: outDir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return outDir;
}

export function makeSandbox() {
  const dir = mkdtempSync(join(tmpdir(), 'mlcost-e2e-'));
  const sb = {
    dir,
    workspace: join(dir, 'examples'),
    userData: join(dir, 'user-data'),
    extensions: join(dir, 'extensions'),
    config: join(dir, 'config.yaml'),
  };
  cpSync(join(root, 'examples'), sb.workspace, { recursive: true });
  mkdirSync(join(sb.userData, 'User'), { recursive: true });
  mkdirSync(sb.extensions, { recursive: true });
  // An empty config so code-server never reads the user's ~/.config/code-server.
  writeFileSync(sb.config, '');
  // Without the trust setting a "Do you trust the authors" dialog blocks the workbench.
  const settings = {
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'editor.codeLens': true,
    'editor.hover.delay': 100,
    'files.autoSave': 'off',
    'window.restoreWindows': 'none',
  };
  writeFileSync(join(sb.userData, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
  return sb;
}

export function removeSandbox(sb) {
  rmSync(sb.dir, { recursive: true, force: true });
}

function csArgs(sb) {
  return ['--config', sb.config, '--user-data-dir', sb.userData, '--extensions-dir', sb.extensions];
}

/** Installs the .vsix into the sandbox's profile; returns code-server's output. */
export function installVsix(sb, vsix) {
  return run(codeServerBin, [...csArgs(sb), '--install-extension', vsix]);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts code-server for the sandbox on 127.0.0.1:<free port>. `detached` makes the child a
 * session/process-group leader (setsid), so stop() can signal the whole group.
 */
export async function startCodeServer(sb, { log = () => {} } = {}) {
  const port = await freePort();
  const args = [
    ...csArgs(sb),
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    sb.workspace,
  ];
  const child = spawn(codeServerBin, args, { cwd: sb.dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const onData = (d) => {
    output += d;
    for (const line of String(d).split('\n')) if (line.trim()) log(line);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((r) => child.once('exit', r));
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return; // already gone
    }
    const t = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    }, 5000);
    await exited;
    clearTimeout(t);
    // Stragglers in the group (watchers) get the same end.
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  };
  // Last resort if the runner dies before its own cleanup.
  process.once('exit', () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited (${child.exitCode}):\n${output}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {}
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer on ${url} within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { port, url, stop, output: () => output, pid: child.pid };
}

export async function launchChromium() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/**
 * The capabilities the BUILT server advertises (initialize over stdio, then shutdown). Steps
 * for features the server does not offer yet are reported as skipped instead of failing.
 */
export { serverCapabilities } from '../test/e2e/lspProbe.mjs';

// npm run test:vscode — the Mocha suite in test/vscode/ run INSIDE a real VS Code extension host.
// @vscode/test-electron cannot download VS Code here, so the same entry point (extensionTestsPath's
// run()) is launched through code-server's `payload` (extensionDevelopmentPath + extensionTestsPath
// as vscode-remote:// URIs) in headless Chromium; the workbench reports the exit code by calling
// window.codeAutomationExit. Where it cannot run at all it says so in one line and exits 0 (1 on CI).
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import * as lib from './e2e-lib.mjs';

const started = Date.now();
const NOISE = /Resolving connection token|Resolved connection token|Creating a socket|web worker extension host|Updating additional builtin|Service Worker|allow-scripts and allow-same-origin|ChatSessionStore|Overwriting extension|open-vsx|gallery|Failed to load resource|extensionEnabledApiProposals|punycode/i;

async function consoleLine(m) {
  const vals = await Promise.all(m.args().map((a) => a.jsonValue().catch(() => String(a))));
  if (typeof vals[0] === 'string') {
    let fmt = vals.shift();
    const styles = (fmt.match(/%c/g) ?? []).length;
    fmt = fmt.replace(/%c/g, '');
    vals.splice(0, styles);
    vals.unshift(fmt);
  }
  // The workbench prefixes a level label as its own argument; the suite's format string follows.
  if (vals.length > 1 && typeof vals[0] === 'string' && /^\s*(INFO|WARN|ERR|TRACE|DEBUG)?\s*$/.test(vals[0])) vals.shift();
  const text = format(...vals).replace(/^\s*(INFO|WARN|TRACE|DEBUG)\s/, '').replace(/^\s*\[Extension Host\]\s?/, '');
  return NOISE.test(text) ? undefined : text;
}
const why = lib.whyCannotRun();
if (why) {
  console.log(`test:vscode not run: ${why}`);
  process.exit(process.env.CI ? 1 : 0);
}

// The development extension is the repository itself (package.json main → dist/extension.js).
// --no-build: test the dist/ already there (e.g. while the tree is mid-edit).
if (!process.argv.includes('--no-build')) {
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: lib.root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}
const outDir = await lib.bundleVscodeSuite();

const sb = lib.makeSandbox();
let cs;
let browser;
let code = 1;
try {
  cs = await lib.startCodeServer(sb, { log: (l) => /\[mlcost|Error|rror:/.test(l) && console.log(`[code-server] ${l}`) });
  const remote = (p) => `vscode-remote://127.0.0.1:${cs.port}${p}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(lib.root)],
    ['extensionTestsPath', remote(join(outDir, 'index.js'))],
  ]);
  browser = await lib.launchChromium();
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  let done;
  const exited = new Promise((r) => (done = r));
  await page.exposeFunction('codeAutomationExit', (c) => done(c));
  // The suite's reporter output reaches the page console, formatted like Chrome's console
  // (%c styles dropped); the workbench's own chatter is filtered out.
  let printing = Promise.resolve();
  page.on('console', (m) => {
    printing = printing.then(async () => {
      const line = await consoleLine(m);
      if (line !== undefined) console.log(line);
    });
  });
  await page.goto(`${cs.url}/?folder=${encodeURIComponent(sb.workspace)}&payload=${encodeURIComponent(payload)}`);
  const timeout = new Promise((r) => setTimeout(() => r('timeout'), 180_000));
  const result = await Promise.race([exited, timeout]);
  mkdirSync(lib.shotsDir, { recursive: true });
  await page.screenshot({ path: join(lib.shotsDir, 'vscode-suite-end.png') }).catch(() => {});
  if (result === 'timeout') console.log('test:vscode: the suite did not finish within 180 s');
  else code = Number(result);
} catch (e) {
  console.error(e);
} finally {
  await browser?.close().catch(() => {});
  await cs?.stop();
  lib.removeSandbox(sb);
}
console.log(`test:vscode: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(code);

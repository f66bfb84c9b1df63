// npm run test:electron — the extension-host suite (test/vscode) in a real, downloaded VS Code,
// through @vscode/test-electron: for developer machines and hosted CI, where VS Code can be
// downloaded. Here (no network but the package registries) the download fails; `npm run
// test:vscode` runs the same suite in code-server instead. On Linux without a display, run it
// under `xvfb-run -a`.
//   npm run test:electron [-- --vscode-version 1.100.3]
import { spawnSync } from 'node:child_process';
import * as lib from './e2e-lib.mjs';

const at = process.argv.indexOf('--vscode-version');
const version = at > 0 ? process.argv[at + 1] : '1.100.3';

const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: lib.root, stdio: 'inherit' });
if (b.status !== 0) process.exit(b.status ?? 1);
const outDir = await lib.bundleVscodeSuite();
const { runTests } = await import('@vscode/test-electron');
const sb = lib.makeSandbox();
let code = 1;
try {
  await runTests({
    version,
    extensionDevelopmentPath: lib.root,
    extensionTestsPath: `${outDir}/index.js`,
    launchArgs: [sb.workspace, '--disable-extensions', `--user-data-dir=${sb.userData}`, '--disable-workspace-trust'],
  });
  code = 0;
} catch (e) {
  console.error(`test:electron: ${e instanceof Error ? e.message : String(e)}`);
  console.error('test:electron: where VS Code cannot be downloaded, `npm run test:vscode` runs this suite in code-server.');
} finally {
  lib.removeSandbox(sb);
}
process.exit(code);

// The extensionTestsPath entry point: VS Code's extension host calls run() with the development
// extension loaded (the @vscode/test-electron contract; here driven through code-server's
// `payload`, see scripts/e2e-vscode.mjs). Mocha comes from the root when a project installs it,
// else from the git-ignored .e2e/ tools folder, so the root needs no extra dependency.
import * as path from 'path';
import type MochaType from 'mocha';

function loadMocha(): typeof MochaType {
  // Bundle lives in .e2e/out/vscode/: the repository root is three levels up.
  const candidates = ['mocha', path.resolve(__dirname, '..', '..', 'node_modules', 'mocha')];
  for (const c of candidates) {
    try {
      return require(c) as typeof MochaType;
    } catch {
      // try the next place
    }
  }
  throw new Error('mocha not found (run scripts/install-e2e.sh)');
}

export function run(): Promise<void> {
  const Mocha = loadMocha();
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: 'spec' });
  mocha.addFile(path.join(__dirname, 'extension.test.js'));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
  });
}

// npm run test:nvim — the language server under a client that is not VS Code: Neovim's built-in
// LSP client (test/nvim/check.lua) must report the same rule codes, on the same lines, as the CLI
// for examples/smelly/hf_sft.yaml. Without nvim it says so in one line and exits 0 (1 on CI).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './e2e-lib.mjs';

const FILE = 'examples/smelly/hf_sft.yaml';
const started = Date.now();
const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
if (nvim.status !== 0) {
  console.log('test:nvim not run: nvim is not installed (apt-get install neovim)');
  process.exit(process.env.CI ? 1 : 0);
}
console.log(`using ${nvim.stdout.split('\n')[0]}`);
if (!process.argv.includes('--no-build')) {
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

// What the CLI says: the reference.
const cli = spawnSync(process.execPath, ['dist/cli.js', 'check', FILE, '--format', 'json', '--fail-on', 'none'], { cwd: root, encoding: 'utf8' });
const expected = JSON.parse(cli.stdout).findings.map((f) => `${f.rule}@${f.line}`).sort();

const dir = mkdtempSync(join(tmpdir(), 'mlcost-nvim-'));
const out = join(dir, 'diagnostics.tsv');
let failed = 0;
const check = (name, ok, detail) => {
  console.log(`${ok ? '✔' : '✖'} ${name}${ok ? '' : `\n    ${detail}`}`);
  if (!ok) failed++;
};
try {
  const r = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', 'luafile test/nvim/check.lua'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, MLCOST_FILE: FILE, MLCOST_NVIM_OUT: out },
  });
  check('nvim exited 0 with diagnostics', r.status === 0, `exit ${r.status} ${r.signal ?? ''} ${r.stderr}`);
  const lines = r.status === 0 ? readFileSync(out, 'utf8').trim().split('\n') : [];
  for (const l of lines) console.log(`    nvim: ${l.slice(0, 110)}`);
  const got = lines.map((l) => l.split('\t')).map(([code, line]) => `${code}@${line}`).sort();
  check(`same rule codes and lines as the CLI (${expected.join(', ')})`, JSON.stringify(got) === JSON.stringify(expected), `nvim: ${got.join(', ')}`);
  check('fp32-training is among them', got.some((g) => g.startsWith('fp32-training@')), got.join(', '));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`test:nvim: ${3 - failed} passed, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);

// Bundles a bench entry (bench/<name>.ts) with esbuild into out-bench-run/ and runs it, passing the
// remaining arguments: `node bench/run.mjs bench`, `node bench/run.mjs fuzz --cases 20000 --seed 7`.
// Bundled, not compiled with tsc, so the run does not depend on the rest of the tree type-checking.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [name = 'bench', ...args] = process.argv.slice(2);
const outfile = join(root, 'out-bench-run', `${name}.js`);
await esbuild.build({
  absWorkingDir: root,
  entryPoints: [join(root, 'bench', `${name}.ts`)],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  mainFields: ['module', 'main'],
  // As scripts/build.mjs: web-tree-sitter reads import.meta.url; the .wasm files are then found
  // through node_modules (require.resolve) since none lie beside this bundle.
  define: { 'import.meta.url': 'import_meta_url' },
  banner: { js: "const import_meta_url = require('url').pathToFileURL(__filename).href;" },
});
const r = spawnSync(process.execPath, ['--enable-source-maps', '--expose-gc', outfile, ...args], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);

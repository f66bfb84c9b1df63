// Bundles the three faces with esbuild into dist/ and copies the tree-sitter .wasm files beside
// them (the Python parser loads them from its own folder at run time).
//   node scripts/build.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const entries = [
  { in: 'client/src/extension.ts', out: 'extension', external: ['vscode'] },
  // ts-morph (the TypeScript compiler inside) is its own file, required on the first IaC .ts file.
  { in: 'server/src/server.ts', out: 'server', external: ['ts-morph'] },
  { in: 'server/src/cli.ts', out: 'cli', external: ['ts-morph'] },
  { in: require.resolve('ts-morph'), out: 'ts-morph', external: [] },
].filter((e) => existsSync(e.in.startsWith('/') ? e.in : join(root, e.in)));

mkdirSync(join(root, 'dist'), { recursive: true });
for (const [pkg, file] of [
  ['web-tree-sitter', 'tree-sitter.wasm'],
  ['tree-sitter-python', 'tree-sitter-python.wasm'],
  ['@tree-sitter-grammars/tree-sitter-hcl', 'tree-sitter-terraform.wasm'],
]) {
  copyFileSync(require.resolve(`${pkg}/${file}`), join(root, 'dist', file));
}

const contexts = await Promise.all(
  entries.map((e) =>
    esbuild.context({
      absWorkingDir: root,
      entryPoints: { [e.out]: e.in },
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outdir: 'dist',
      external: e.external,
      sourcemap: !production,
      minify: production,
      logLevel: 'warning',
      // jsonc-parser's default (UMD) entry loads its parts dynamically; its ESM entry bundles.
      mainFields: ['module', 'main'],
      // web-tree-sitter probes for these Node built-ins only in some environments.
      define: { 'import.meta.url': 'import_meta_url' },
      banner: { js: "const import_meta_url = require('url').pathToFileURL(__filename).href;" },
    }),
  ),
);
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  console.log(`built ${entries.map((e) => `dist/${e.out}.js`).join(', ')}`);
}

import * as fs from 'fs';
import * as path from 'path';

// web-tree-sitter's runtime is initialised once per process and shared by every grammar (Python,
// Terraform): a second `Parser.init` would replace the wasm module the first grammar lives in.

type TreeSitter = typeof import('web-tree-sitter');
let runtime: Promise<TreeSitter> | undefined;

/** Finds a .wasm shipped beside the bundle (dist/) or, in development, in node_modules. */
export function locateWasm(file: string, pkg: string): string {
  const beside = path.join(__dirname, file);
  if (fs.existsSync(beside)) return beside;
  return require.resolve(`${pkg}/${file}`);
}

/** Loads and initialises web-tree-sitter once, on the first file that needs it. */
export function treeSitterRuntime(): Promise<TreeSitter> {
  runtime ??= (async () => {
    const ts = await import('web-tree-sitter');
    await ts.Parser.init({ locateFile: () => locateWasm('tree-sitter.wasm', 'web-tree-sitter') });
    return ts;
  })();
  return runtime;
}

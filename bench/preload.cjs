// Loaded with `node -r bench/preload.cjs` into a process the bench watches: says on stderr when
// WebAssembly is first instantiated (web-tree-sitter loading) and, at exit, the peak RSS.
const write = (s) => process.stderr.write(`MLCOST_BENCH ${s}\n`);
const original = WebAssembly.instantiate;
let said = false;
WebAssembly.instantiate = function (...args) {
  if (!said) write(`wasm-instantiated rss=${Math.round(process.memoryUsage().rss / 1048576)}MB`);
  said = true;
  return original.apply(this, args);
};
process.on('exit', () => write(`maxrss=${Math.round(process.resourceUsage().maxRSS / 1024)}MB`));

// `node bench/run.mjs profile yaml|json|python|cdk|tf` (add `--cpu-prof` through NODE_OPTIONS or run
// `node --cpu-prof out-bench-run/profile.js <kind>`): analyze() on a generated file, for finding where
// the time beyond the parser goes. yaml/json/python: the 10,000-line file 20 times; cdk/tf: the
// 1,000-line file 150 times with one character typed per run (as the LSP typing bench does), printing
// the median and p95 per analysis.
import * as path from 'path';
import { analyze } from '../server/src/engine/analyze';
import { fixturesDir } from '../test/helpers';
import { cdkOf, jsonOf, pythonOf, terraformOf, yamlOf } from './generate';
import { summary } from './stats';

const kind = process.argv[2] ?? 'yaml';
void (async () => {
  if (kind === 'cdk' || kind === 'tf') {
    const [base, name] = kind === 'cdk' ? [cdkOf(1000), 'stack.ts'] : [terraformOf(1000), 'main.tf'];
    const typed = kind === 'cdk' ? '// typing a comment one key at a time ' : '# typing a comment one key at a time ';
    const times: number[] = [];
    let text = base;
    for (let k = 0; k < 150; k++) {
      text += typed[k % typed.length];
      const t0 = performance.now();
      await analyze({ path: path.join(fixturesDir, '__bench__', name), text });
      if (k >= 5) times.push(performance.now() - t0);
    }
    const s = summary(times);
    console.log(`${kind}: ${s.n} analyses, median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms`);
    return;
  }
  const [text, name] = kind === 'json' ? [jsonOf(10_000), 'a.jsonc'] : kind === 'python' ? [pythonOf(10_000), 'a.py'] : [yamlOf(10_000), 'a.yaml'];
  for (let i = 0; i < 20; i++) await analyze({ path: path.join(fixturesDir, '__bench__', name), text });
})();

// `NODE_OPTIONS=--cpu-prof node bench/run.mjs profile yaml|json|python`: analyze() on the 10,000-line
// generated file 20 times, for finding where the time beyond the parser goes.
import * as path from 'path';
import { analyze } from '../server/src/engine/analyze';
import { fixturesDir } from '../test/helpers';
import { jsonOf, pythonOf, yamlOf } from './generate';

const kind = process.argv[2] ?? 'yaml';
const [text, name] = kind === 'json' ? [jsonOf(10_000), 'a.jsonc'] : kind === 'python' ? [pythonOf(10_000), 'a.py'] : [yamlOf(10_000), 'a.yaml'];
void (async () => {
  for (let i = 0; i < 20; i++) await analyze({ path: path.join(fixturesDir, '__bench__', name), text });
})();

#!/usr/bin/env node
// Entry point for `npx mlcost` / the installed `mlcost` command: the CLI is bundled into dist/.
'use strict';
try {
  require.resolve('../dist/cli.js');
} catch {
  process.stderr.write('mlcost: dist/cli.js is missing; run `npm run build` first.\n');
  process.exit(2);
}
require('../dist/cli.js');

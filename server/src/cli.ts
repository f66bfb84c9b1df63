// `mlcost` command line: a thin face over the engine (see cli/main.ts). bin/mlcost.js loads the
// bundled dist/cli.js, which runs this on load.
import { main } from './cli/main';

// `mlcost check | head`: a closed pipe ends the run quietly instead of with a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

main(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    // exitCode, not exit(): lets a large report drain to a pipe before the process ends.
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`mlcost: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 2;
  },
);

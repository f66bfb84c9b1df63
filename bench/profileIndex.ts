// `node bench/run.mjs profileIndex [files]`: the built server indexes a generated workspace (10,000
// files by default) under `node --cpu-prof`; prints the top self-time functions and leaves the
// .cpuprofile in out-bench-run/ for Chrome DevTools. For finding where the index time goes.
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../test/helpers';
import { makeWorkspace } from './indexBench';
import { BenchServer } from './lspClient';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function (ms), largest first. */
export function selfTimes(p: CpuProfile): [string, number][] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const ms = new Map<string, number>();
  p.samples.forEach((id, i) => {
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${path.basename(f.url)}:${f.lineNumber + 1}`;
    ms.set(key, (ms.get(key) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  });
  return [...ms].sort((a, b) => b[1] - a[1]);
}

void (async () => {
  const n = Number(process.argv[2] ?? 10_000);
  const dir = makeWorkspace(n);
  const profDir = path.join(repoRoot, 'out-bench-run', 'index-prof');
  fs.rmSync(profDir, { recursive: true, force: true });
  const { server } = await BenchServer.start(path.join(repoRoot, 'dist', 'server.js'), null, dir, {
    nodeArgs: ['--cpu-prof', '--cpu-prof-dir', profDir],
    capabilities: { window: { workDoneProgress: true } },
  });
  let changed = 0;
  let changedBytes = 0;
  server.conn.onNotification('mlcost/workspaceCostChanged', (p: unknown) => {
    changed++;
    changedBytes += JSON.stringify(p).length;
  });
  const cpu0 = process.cpuUsage();
  const begin = await server.nextProgress((p) => p.value.kind === 'begin');
  const end = await server.nextProgress((p) => p.token === begin.token && p.value.kind === 'end');
  const client = process.cpuUsage(cpu0);
  console.log(`indexed ${n} files in ${((end.at - server.initializedAt) / 1000).toFixed(2)} s; server CPU ${server.cpuSeconds().toFixed(2)} s, this client's CPU ${((client.user + client.system) / 1e6).toFixed(2)} s`);
  console.log(`$/progress: ${server.progress.length}; mlcost/workspaceCostChanged: ${changed} (${(changedBytes / 1048576).toFixed(0)} MB of JSON); publishDiagnostics URIs: ${server.latest.size}`);
  // A clean exit (shutdown, exit) so Node writes the profile; a kill would lose it.
  const exited = new Promise((r) => server.proc.once('exit', r));
  await server.conn.sendRequest('shutdown');
  await server.conn.sendNotification('exit');
  await exited;
  fs.rmSync(dir, { recursive: true, force: true });
  const file = fs.readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no .cpuprofile written');
  const top = selfTimes(JSON.parse(fs.readFileSync(path.join(profDir, file), 'utf8')) as CpuProfile);
  const total = top.reduce((s, [, t]) => s + t, 0);
  for (const [name, t] of top.slice(0, 25)) console.log(`${t.toFixed(0).padStart(7)} ms ${((t / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
  console.log(`profile: ${path.join(profDir, file)}`);
  process.exit(0);
})();

// The server's own workspace index, measured over the wire: the built dist/server.js started on a
// generated 10,000-file folder, as VS Code would start it (workDoneProgress, workspace/configuration).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { fuzzFixtures } from '../test/unit/robustness/fuzz';
import type { WorkspaceCost } from '../server/src/lsp/index/protocol';
import { yamlOf } from './generate';
import { BenchServer, type Progress } from './lspClient';
import { summary, time } from './stats';

/** What VS Code announces that the index uses: the progress bar and pulled settings. */
const INDEX_CAPS = { window: { workDoneProgress: true }, workspace: { configuration: true } };

/** `n` fixture copies (YAML, JSON, Python) round-robin in 1,000 nested folders. */
export function makeWorkspace(n: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlcost-bench-ws-'));
  const fx = fuzzFixtures();
  for (let i = 0; i < n; i++) {
    const f = fx[i % fx.length];
    const sub = path.join(dir, `team${i % 10}`, `proj${Math.floor(i / 10) % 100}`);
    fs.mkdirSync(sub, { recursive: true });
    fs.writeFileSync(path.join(sub, `${i}-${path.basename(f.path)}`), f.text);
  }
  return dir;
}

export interface ColdIndex {
  /** `initialized` → `$/progress` begin (the walk), and → end (walk + analysis), seconds. */
  beginS: number;
  endS: number;
  /** From the last progress report (`done/total files`). */
  filesReported: string;
  filesIndexed: number;
  jobs: number;
  filesWithDiagnostics: number;
  rssMb: number;
  peakMb: number;
  cost: ReturnType<typeof summary>;
  costBytes: number;
  /** Server CPU (all its threads) to the end, and what it sent on the way (evidence for a miss). */
  serverCpuS: number;
  progressCount: number;
  changedCount: number;
  changedMb: number;
}

const isEnd = (p: Progress) => p.value.kind === 'end';

/** Cold index with every setting at its default; nothing is opened, so nothing competes with it. */
export async function coldIndex(serverJs: string, dir: string): Promise<ColdIndex> {
  const { server } = await BenchServer.start(serverJs, null, dir, { capabilities: INDEX_CAPS });
  let changedCount = 0;
  let changedBytes = 0;
  server.conn.onNotification('mlcost/workspaceCostChanged', (p: unknown) => {
    changedCount++;
    changedBytes += JSON.stringify(p).length;
  });
  try {
    const begin = await server.nextProgress((p) => p.value.kind === 'begin');
    const end = await server.nextProgress((p) => p.token === begin.token && isEnd(p));
    const mem = server.memory(); // right after the end: what the index keeps, before any request
    const serverCpuS = server.cpuSeconds();
    const progressCount = server.progress.length;
    const changedAtEnd = { count: changedCount, mb: changedBytes / 1048576 };
    const reports = server.progress.filter((p) => p.token === begin.token && p.value.kind === 'report');
    let payload: WorkspaceCost | undefined;
    const cost = summary(await time(async () => (payload = await server.conn.sendRequest<WorkspaceCost>('mlcost/workspaceCost', {})), 20, 2));
    const withDiags = [...server.latest.values()].filter((p) => p.diagnostics.length).length;
    return {
      beginS: (begin.at - server.initializedAt) / 1000,
      endS: (end.at - server.initializedAt) / 1000,
      filesReported: reports.at(-1)?.value.message ?? '?',
      filesIndexed: payload?.filesIndexed ?? NaN,
      jobs: payload?.jobs.length ?? NaN,
      filesWithDiagnostics: withDiags,
      rssMb: mem.rss,
      peakMb: mem.hwm,
      cost,
      costBytes: Buffer.byteLength(JSON.stringify(payload)),
      serverCpuS,
      progressCount,
      changedCount: changedAtEnd.count,
      changedMb: changedAtEnd.mb,
    };
  } finally {
    await server.stop();
  }
}

export interface TypingDuringIndex {
  latency: ReturnType<typeof summary> & { max: number };
  /** Seconds from `initialized` to the index's end in this run (typing competes with it). */
  endS: number;
}

/**
 * Typing while the index runs: a 1,000-line YAML open in the workspace, one character every 100 ms
 * (a brisk typist) from `initialized` until the index ends; each waits for its diagnostics.
 * `mlcost.debounceMs` 0 so the figure is comparable with the idle-server table.
 */
export async function typingDuringIndex(serverJs: string, dir: string): Promise<TypingDuringIndex> {
  const { server } = await BenchServer.start(serverJs, { debounceMs: 0 }, dir, { capabilities: INDEX_CAPS });
  try {
    const ended = server.nextProgress((p) => p.value.kind === 'begin').then((b) => server.nextProgress((p) => p.token === b.token && isEnd(p)));
    let done = false;
    void ended.then(() => (done = true));
    // Not on disk: the open document is the only version, so the index never reads it.
    const uri = pathToFileURL(path.join(dir, 'typing', 'train-1000.yaml')).href;
    const text = yamlOf(1000);
    const line = text.split('\n').length - 1;
    const first = server.diagnostics(uri, 1);
    await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    await first;
    const times: number[] = [];
    for (let version = 2; !done && version < 2000; version++) {
      const wait = server.diagnostics(uri, version);
      const t0 = performance.now();
      const character = version - 2;
      await server.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: { line, character }, end: { line, character } }, text: version === 2 ? '#' : 'x' }],
      });
      await wait;
      const t = performance.now() - t0;
      if (!done) times.push(t); // only keystrokes answered while the index was still running
      await new Promise((r) => setTimeout(r, 100));
    }
    const end = await ended;
    return { latency: { ...summary(times), max: Math.max(...times) }, endS: (end.at - server.initializedAt) / 1000 };
  } finally {
    await server.stop();
  }
}

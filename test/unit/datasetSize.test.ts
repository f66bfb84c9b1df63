import assert from 'node:assert/strict';
import * as fs from 'node:fs';
// The module object itself (not an import namespace), so the spy below replaces what the engine calls.
import fsModule = require('node:fs');
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { SAMPLE_BYTES, sizeLocalDatasets } from '../../server/src/engine/datasetSize';
import { diskFileAccess } from '../../server/src/engine/fileAccess';
import { convertCsvToParquet } from '../../server/src/convert/csvToParquet';
import type { AnalysisContext, DatasetRef, Fact, Job } from '../../server/src/engine/types';

const R = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mlcost-size-'));
}

function jobWith(...refs: DatasetRef[]): Job {
  return { dialect: 'test', name: 't', workload: 'training', anchor: R, linkedFiles: [], datasets: refs.map((value): Fact<DatasetRef> => ({ value, source: { kind: 'file', range: R, key: 'data' } })) };
}

function ctxFor(dir: string): AnalysisContext {
  return { path: path.join(dir, 'train.yaml'), files: diskFileAccess([dir]), log: () => undefined, linked: async () => undefined };
}

/** Counts the bytes fs.readSync hands back while `fn` runs: the proof that a file is not read whole. */
async function bytesRead<T>(fn: () => Promise<T>): Promise<{ result: T; bytes: number }> {
  const real = fsModule.readSync;
  let bytes = 0;
  const spy = ((...args: Parameters<typeof fs.readSync>) => {
    const n = (real as (...a: unknown[]) => number)(...args);
    bytes += n;
    return n;
  }) as typeof fs.readSync;
  fsModule.readSync = spy;
  try {
    return { result: await fn(), bytes };
  } finally {
    fsModule.readSync = real;
  }
}

describe('local dataset files: size and rows from a bounded sample', () => {
  test('a large JSON Lines file is sized from its first 64 kB, never read whole', async () => {
    const dir = tempDir();
    const line = JSON.stringify({ instruction: 'x'.repeat(80), output: 'y'.repeat(300) }) + '\n';
    const rows = 60_000; // ≈ 24 MB
    fs.writeFileSync(path.join(dir, 'big.jsonl'), line.repeat(rows));
    const size = fs.statSync(path.join(dir, 'big.jsonl')).size;
    const job = jobWith({ format: 'jsonl', path: './big.jsonl', reader: 'data_files' });
    const { bytes } = await bytesRead(() => sizeLocalDatasets([job], ctxFor(dir)));
    const s = job.datasets[0].value.size!;
    assert.ok(bytes <= SAMPLE_BYTES, `read ${bytes} bytes of ${size}`);
    assert.ok(bytes > 0);
    assert.equal(s.bytes, size);
    assert.equal(s.rowsExact, false);
    assert.ok(Math.abs(s.rows! - rows) / rows < 0.01, `${s.rows} rows estimated`);
    assert.match(s.basis, /extrapolated/);
  });

  test('small CSV: whole file read, exact rows without the header; JSON arrays count objects', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'small.csv'), 'text,label\n"a, b",1\nc,0\nd,1\n');
    fs.writeFileSync(path.join(dir, 'a.json'), JSON.stringify([{ q: 'a', a: '{[' }, { q: 'b', a: 'c' }, { q: '"x"', a: 'd' }], null, 2));
    const job = jobWith({ format: 'csv', path: 'small.csv', reader: 'pd.read_csv' }, { format: 'json', path: 'a.json', reader: 'load_dataset("json")' });
    await sizeLocalDatasets([job], ctxFor(dir));
    assert.equal(job.datasets[0].value.size!.rows, 3);
    assert.equal(job.datasets[0].value.size!.rowsExact, true);
    assert.equal(job.datasets[1].value.size!.rows, 3);
  });

  test('Parquet: rows and uncompressed bytes from the footer, reading only the tail', async () => {
    const dir = tempDir();
    const csv = path.join(dir, 'data.csv');
    fs.writeFileSync(csv, 'text,label\n' + Array.from({ length: 5000 }, (_, i) => `row number ${i} with some text,${i % 2}`).join('\n') + '\n');
    await convertCsvToParquet(csv);
    const job = jobWith({ format: 'parquet', path: 'data.parquet', reader: 'pd.read_parquet' });
    const { bytes } = await bytesRead(() => sizeLocalDatasets([job], ctxFor(dir)));
    const s = job.datasets[0].value.size!;
    assert.equal(s.rows, 5000);
    assert.equal(s.rowsExact, true);
    assert.ok(s.textBytes > 0);
    assert.match(s.basis, /Parquet footer/);
    assert.ok(bytes <= SAMPLE_BYTES + 1024 * 1024, `read ${bytes} bytes`);
  });

  test('missing files, globs, Hub ids and files outside the workspace are left alone', async () => {
    const dir = tempDir();
    const job = jobWith(
      { format: 'csv', path: 'nope.csv', reader: 'x' },
      { format: 'csv', path: 'data/*.csv', reader: 'x' },
      { format: 'hub', path: 'tatsu-lab/alpaca', reader: 'x' },
      { format: 'csv', path: '../../../../etc/passwd.csv', reader: 'x' },
    );
    await sizeLocalDatasets([job], ctxFor(dir));
    assert.ok(job.datasets.every((d) => d.value.size === undefined));
  });

  test('end to end: an axolotl config naming ./data.jsonl gets a run estimate from the file', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'data.jsonl'), (JSON.stringify({ instruction: 'say hi', output: 'hi '.repeat(100) }) + '\n').repeat(1000));
    const cfg = path.join(dir, 'config.yml');
    const text = '# mlcost: gpu=A10G:1\nbase_model: TinyLlama/TinyLlama-1.1B-Chat-v1.0\ndatasets:\n  - path: ./data.jsonl\n    type: alpaca\nsequence_len: 1024\nmicro_batch_size: 2\nnum_epochs: 2\n';
    fs.writeFileSync(cfg, text);
    const r = await analyze({ path: cfg, text }, { files: diskFileAccess([dir]) });
    const e = r.estimates[0];
    assert.ok(e.runCostOnDemand! > 0);
    const bytes = fs.statSync(path.join(dir, 'data.jsonl')).size;
    assert.equal(e.tokens, (bytes / 4) * 2);
    assert.ok(e.assumptions.some((a) => a.name === 'dataset ./data.jsonl' && /1,000 rows/.test(a.value)));
  });
});

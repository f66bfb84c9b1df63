import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { ConversionCancelled, convertCsvToParquet, OutputExists } from '../../../server/src/convert/csvToParquet';
import { fixturePath } from '../../helpers';

/** Reads a Parquet file back with hyparquet (the reader, not the writer under test). */
async function readBack(file: string): Promise<Record<string, unknown>[]> {
  const { parquetReadObjects } = (await import('hyparquet')) as typeof import('hyparquet');
  const buf = fs.readFileSync(file);
  return parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer });
}

function tempCopy(name: string, content?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlcost-convert-'));
  const p = path.join(dir, name);
  if (content === undefined) fs.copyFileSync(fixturePath(`convert/${name}`), p);
  else fs.writeFileSync(p, content);
  return p;
}

test('converts a CSV next to itself, keeps it, infers types, reads back with hyparquet', async () => {
  const csv = tempCopy('small.csv');
  const original = fs.readFileSync(csv);
  const r = await convertCsvToParquet(csv);
  assert.equal(r.output, csv.replace(/\.csv$/, '.parquet'));
  assert.deepEqual(fs.readFileSync(csv), original, 'the CSV is kept unchanged');
  assert.equal(r.rows, 4);
  assert.deepEqual(r.columns, [
    { name: 'id', type: 'int' },
    { name: 'text', type: 'string' },
    { name: 'score', type: 'float' },
    { name: 'label', type: 'bool' },
    { name: 'weight', type: 'int' },
  ]);
  assert.equal(r.bytesBefore, original.length);
  assert.equal(r.bytesAfter, fs.statSync(r.output).size);
  const rows = await readBack(r.output);
  assert.equal(rows.length, 4);
  assert.deepEqual(Object.keys(rows[0]), ['id', 'text', 'score', 'label', 'weight']);
  assert.equal(rows[0].text, 'hello, world');
  assert.equal(rows[0].weight, null, 'an empty cell is null');
  assert.equal(rows[2].text, 'say "hi"');
  assert.equal(rows[3].text, null);
  assert.equal(rows[1].score, 1.25);
  assert.equal(rows[1].label, false);
  assert.equal(rows[2].id, 3n);
});

test('refuses to overwrite unless asked', async () => {
  const csv = tempCopy('small.csv');
  fs.writeFileSync(csv.replace(/\.csv$/, '.parquet'), 'keep me');
  await assert.rejects(convertCsvToParquet(csv), OutputExists);
  assert.equal(fs.readFileSync(csv.replace(/\.csv$/, '.parquet'), 'utf8'), 'keep me');
  const r = await convertCsvToParquet(csv, { overwrite: true });
  assert.equal((await readBack(r.output)).length, 4);
});

test('streams in row groups; a value unlike the sampled ones makes that column text; cancellation leaves nothing', async () => {
  const lines = ['n,code'];
  for (let i = 0; i < 1200; i++) lines.push(`${i},${i === 1100 ? 'X7' : i}`);
  const csv = tempCopy('big.csv', lines.join('\n') + '\n');
  const groups: number[] = [];
  const r = await convertCsvToParquet(csv, { rowGroupSize: 500, sampleRows: 100, onProgress: (p) => groups.push(p.rows) });
  assert.equal(r.rows, 1200);
  assert.deepEqual(r.columns.map((c) => c.type), ['int', 'string']);
  assert.deepEqual(groups.slice(-3), [500, 1000, 1200]);
  const back = await readBack(r.output);
  assert.equal(back[1100].code, 'X7');
  assert.equal(back[5].code, '5');
  fs.rmSync(r.output);
  let checks = 0;
  await assert.rejects(convertCsvToParquet(csv, { rowGroupSize: 100, isCancelled: () => ++checks >= 2 }), ConversionCancelled);
  assert.deepEqual(fs.readdirSync(path.dirname(csv)), ['big.csv'], 'no partial output or temp file is left');
});

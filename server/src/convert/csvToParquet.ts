// CSV/TSV → Parquet, streamed: csv-parse reads records, hyparquet-writer's ParquetWriter writes one
// row group at a time to a temp file that is renamed into place when complete. The original file
// is kept; the output is never overwritten unless asked. File I/O lives here, outside the engine.
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'csv-parse';
import { ByteWriter, ParquetWriter, schemaFromColumnData, type ColumnSource } from 'hyparquet-writer';

export type ColumnType = 'int' | 'float' | 'bool' | 'string';

export interface ConvertOptions {
  /** Where to write; default `<name>.parquet` next to the input. */
  output?: string;
  overwrite?: boolean;
  /** Rows per row group (and between cancellation checks). */
  rowGroupSize?: number;
  /** Rows whose values decide each column's type. */
  sampleRows?: number;
  /** Consulted between row groups; true stops the conversion and removes the partial output. */
  isCancelled?: () => boolean;
  onProgress?: (p: { rows: number; bytesRead: number; totalBytes: number }) => void;
}

export interface ConvertResult {
  input: string;
  output: string;
  rows: number;
  columns: { name: string; type: ColumnType }[];
  bytesBefore: number;
  bytesAfter: number;
}

export class ConversionCancelled extends Error {
  constructor() {
    super('conversion cancelled');
  }
}

/** The target exists and `overwrite` was not set. */
export class OutputExists extends Error {
  constructor(readonly output: string) {
    super(`${path.basename(output)} already exists`);
  }
}

const DEFAULT_GROUP = 50_000;
const DEFAULT_SAMPLE = 1_000;
const INT = /^[+-]?\d{1,18}$/;
const FLOAT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|infinity|nan)$/i;
const BOOL = /^(true|false)$/i;

/** Parquet path next to `csvPath`: `data/train.csv` → `data/train.parquet`. */
export function parquetPathFor(csvPath: string): string {
  const ext = path.extname(csvPath);
  return (ext ? csvPath.slice(0, -ext.length) : csvPath) + '.parquet';
}

/** A value that does not fit the type inferred from the sample: the conversion restarts with that column as text. */
class TypeMismatch extends Error {
  constructor(readonly column: number) {
    super(`column ${column} changes type after the sampled rows`);
  }
}

export async function convertCsvToParquet(input: string, opts: ConvertOptions = {}): Promise<ConvertResult> {
  const output = opts.output ?? parquetPathFor(input);
  if (path.resolve(output) === path.resolve(input)) throw new Error('output would replace the input');
  if (!opts.overwrite && fs.existsSync(output)) throw new OutputExists(output);
  const forced = new Set<number>();
  // Each retry turns one more column into text, so this ends after at most one pass per column.
  for (;;) {
    try {
      return await convertOnce(input, output, forced, opts);
    } catch (e) {
      if (!(e instanceof TypeMismatch)) throw e;
      forced.add(e.column);
    }
  }
}

async function convertOnce(input: string, output: string, forced: Set<number>, opts: ConvertOptions): Promise<ConvertResult> {
  const totalBytes = fs.statSync(input).size;
  const groupSize = Math.max(1, opts.rowGroupSize ?? DEFAULT_GROUP);
  const sampleSize = Math.max(1, opts.sampleRows ?? DEFAULT_SAMPLE);
  const tsv = /\.tsv$/i.test(input);
  const temp = `${output}.${process.pid}.${Date.now()}.tmp`;
  const handle = await fs.promises.open(temp, 'w');
  let bytesRead = 0;
  const stream = fs.createReadStream(input);
  stream.on('data', (chunk) => (bytesRead += chunk.length));
  const parser = stream.pipe(parse({ delimiter: tsv ? '\t' : ',', bom: true, relax_column_count: true, skip_empty_lines: true }));
  let done = false;
  try {
    let header: string[] | undefined;
    let types: ColumnType[] | undefined;
    let writer: ParquetWriter | undefined;
    let pending: string[][] = [];
    let rows = 0;
    const flush = async () => {
      if (!header || !types || !pending.length) return;
      writer ??= new ParquetWriter({ writer: fileSink(handle), schema: schemaFromColumnData({ columnData: columns(header, types, pending.map(() => [])) }) });
      await writer.write({ columnData: columns(header, types, pending), rowGroupSize: pending.length });
      rows += pending.length;
      pending = [];
      opts.onProgress?.({ rows, bytesRead, totalBytes });
      if (opts.isCancelled?.()) throw new ConversionCancelled();
    };
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = columnNames(record);
        continue;
      }
      if (record.length > header.length) throw new Error(`row ${rows + pending.length + 2} has ${record.length} fields; the header has ${header.length}`);
      pending.push(record);
      if (!types && pending.length >= sampleSize) types = inferTypes(header.length, pending, forced);
      if (pending.length >= groupSize) {
        types ??= inferTypes(header.length, pending, forced);
        await flush();
      }
    }
    if (!header) throw new Error('the file is empty (no header row)');
    types ??= inferTypes(header.length, pending, forced);
    await flush();
    // A header-only file still gets a valid (empty) Parquet file with its columns.
    writer ??= new ParquetWriter({ writer: fileSink(handle), schema: schemaFromColumnData({ columnData: columns(header, types, []) }) });
    await writer.finish();
    await handle.close();
    await fs.promises.rename(temp, output);
    done = true;
    return {
      input,
      output,
      rows,
      columns: header.map((name, i) => ({ name, type: types![i] })),
      bytesBefore: totalBytes,
      bytesAfter: fs.statSync(output).size,
    };
  } finally {
    if (!done) {
      stream.destroy();
      await handle.close().catch(() => {});
      await fs.promises.rm(temp, { force: true });
    }
  }
}

/** Header cells as unique, non-empty Parquet column names. */
function columnNames(record: string[]): string[] {
  const seen = new Set<string>();
  return record.map((raw, i) => {
    const base = raw.trim() || `column_${i + 1}`;
    let name = base;
    for (let n = 2; seen.has(name); n++) name = `${base}_${n}`;
    seen.add(name);
    return name;
  });
}

/** The narrowest type every non-empty sampled value fits; text when in doubt. */
function inferTypes(count: number, sample: string[][], forced: Set<number>): ColumnType[] {
  return Array.from({ length: count }, (_, c) => {
    if (forced.has(c)) return 'string';
    const values = sample.map((r) => r[c] ?? '').filter((v) => v !== '');
    if (!values.length) return 'string';
    if (values.every((v) => INT.test(v))) return 'int';
    if (values.every((v) => INT.test(v) || FLOAT.test(v))) return 'float';
    if (values.every((v) => BOOL.test(v))) return 'bool';
    return 'string';
  });
}

const PARQUET_TYPE = { int: 'INT64', float: 'DOUBLE', bool: 'BOOLEAN', string: 'STRING' } as const;

function columns(header: string[], types: ColumnType[], rows: string[][]): ColumnSource[] {
  return header.map((name, c) => ({
    name,
    type: PARQUET_TYPE[types[c]],
    nullable: true,
    data: rows.map((r) => convert(r[c], types[c], c)),
  }));
}

/** Empty (or missing) cells are null; a value that does not fit its column's type restarts as text. */
function convert(raw: string | undefined, type: ColumnType, column: number): string | number | bigint | boolean | null {
  if (raw === undefined || raw === '') return null;
  switch (type) {
    case 'string':
      return raw;
    case 'int':
      if (!INT.test(raw)) throw new TypeMismatch(column);
      return BigInt(raw);
    case 'float': {
      if (!INT.test(raw) && !FLOAT.test(raw)) throw new TypeMismatch(column);
      const lower = raw.toLowerCase().replace(/^\+/, '');
      if (/^-?inf(inity)?$/.test(lower)) return lower.startsWith('-') ? -Infinity : Infinity;
      return lower.endsWith('nan') ? NaN : Number(raw);
    }
    case 'bool':
      if (!BOOL.test(raw)) throw new TypeMismatch(column);
      return raw.toLowerCase() === 'true';
  }
}

/** hyparquet-writer's ByteWriter, flushed to the open file after each row group (async, in order). */
function fileSink(handle: fs.promises.FileHandle): ByteWriter {
  const w: ByteWriter & { flush?: () => Promise<void> } = new ByteWriter();
  const drain = async () => {
    if (!w.index) return;
    const chunk = new Uint8Array(w.buffer, 0, w.index).slice();
    w.index = 0;
    await handle.write(chunk);
  };
  w.flush = drain;
  w.finish = drain;
  return w;
}

// Sizes local dataset files a job names, from a bounded sample: the file's size on disk, and rows
// counted in the first SAMPLE_BYTES (extrapolated over the whole file) or, for Parquet, read from
// the footer. Runs on every analysis, so it never reads a whole large file: at most SAMPLE_BYTES
// from the start, and the Parquet footer (at most MAX_FOOTER_BYTES) from the end.
import type { AnalysisContext, DatasetRef, Fact, Job, LocalDataSize } from './types';

export const SAMPLE_BYTES = 64 * 1024;
const MAX_FOOTER_BYTES = 1024 * 1024;
const SIZED = new Set(['csv', 'tsv', 'json', 'jsonl', 'parquet', 'unknown']);

/** Attaches `size` to every local dataset of the training jobs that the workspace can read. */
export async function sizeLocalDatasets(jobs: Job[], ctx: AnalysisContext): Promise<void> {
  if (!ctx.files.sample) return;
  for (const job of jobs) {
    if (job.workload !== 'training') continue;
    for (const d of job.datasets) {
      if (d.value.size || !isLocalPath(d.value)) continue;
      try {
        const size = await sizeOf(d, ctx);
        if (size) d.value.size = size;
      } catch (e) {
        ctx.log(`mlcost: could not size dataset ${d.value.path}: ${(e as Error).message}`);
      }
    }
  }
}

function isLocalPath(ref: DatasetRef): boolean {
  const p = ref.path;
  if (!p || !SIZED.has(ref.format)) return false;
  // Globs, URLs, placeholders and Hub ids are not one local file.
  if (/[*?{}$]|:\/\//.test(p) || ref.format === 'unknown' && !/\.(csv|tsv|jsonl?|ndjson|parquet|txt)$/i.test(p)) return false;
  return true;
}

async function sizeOf(d: Fact<DatasetRef>, ctx: AnalysisContext): Promise<LocalDataSize | undefined> {
  const ref = d.value.path!;
  // A dataset read from a linked file is relative to that file.
  const from = d.source.kind === 'file' && d.source.uri ? d.source.uri : ctx.path;
  const fmt = d.value.format === 'unknown' ? formatOfName(ref) : d.value.format;
  if (fmt === 'parquet') return parquetSize(ref, from, ctx);
  const s = ctx.files.sample!(ref.replace(/^~(?=\/)/, ''), from, { headBytes: SAMPLE_BYTES });
  if (!s) return undefined;
  const whole = s.head.length >= s.size;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(s.head);
  const counted = fmt === 'json' ? jsonRecords(text, whole) : lineRecords(text, whole, fmt === 'csv' || fmt === 'tsv');
  const base = { path: s.path, bytes: s.size, textBytes: s.size };
  if (!counted || counted.rows === 0) return { ...base, basis: `${formatBytes(s.size)} on disk; rows not countable from the first ${formatBytes(s.head.length)}` };
  if (whole) return { ...base, rows: counted.rows, rowsExact: true, basis: `${formatBytes(s.size)} on disk, ${counted.rows.toLocaleString('en-US')} rows (whole file read: it is under ${formatBytes(SAMPLE_BYTES)})` };
  const perRow = counted.bytes / counted.rows;
  const rows = Math.max(1, Math.round((s.size - counted.headerBytes) / perRow));
  return {
    ...base,
    rows,
    rowsExact: false,
    basis: `${formatBytes(s.size)} on disk; about ${rows.toLocaleString('en-US')} rows (${counted.rows} rows in the first ${formatBytes(s.head.length)}, ${Math.round(perRow)} bytes each, extrapolated)`,
  };
}

function formatOfName(p: string): string {
  const m = /\.([a-z]+)$/i.exec(p.replace(/\.(gz|bz2|xz|zst)$/i, ''));
  const ext = m?.[1].toLowerCase();
  return ext === 'ndjson' ? 'jsonl' : ext === 'txt' ? 'jsonl' : (ext ?? 'unknown');
}

/** Complete lines in the sample (the last, cut one is dropped unless the file is whole). */
function lineRecords(text: string, whole: boolean, header: boolean): { rows: number; bytes: number; headerBytes: number } | undefined {
  let lines = text.split('\n');
  if (!whole) lines = lines.slice(0, -1);
  const enc = new TextEncoder();
  let headerBytes = 0;
  if (header && lines.length) headerBytes = enc.encode(lines.shift()! + '\n').length;
  const rows = lines.filter((l) => l.trim() !== '');
  const bytes = rows.reduce((n, l) => n + enc.encode(l).length + 1, 0);
  return { rows: rows.length, bytes, headerBytes };
}

/** Objects at the top level of a JSON array (`[{...}, {...}]`), counted in the sample. */
function jsonRecords(text: string, whole: boolean): { rows: number; bytes: number; headerBytes: number } | undefined {
  const start = text.search(/\S/);
  if (start < 0) return undefined;
  if (text[start] !== '[') return lineRecords(text, whole, false); // JSON Lines named .json
  let depth = 0;
  let inString = false;
  let rows = 0;
  let lastEnd = start + 1;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 1 && c === '}') {
        rows++;
        lastEnd = i + 1;
      }
    }
  }
  const bytes = new TextEncoder().encode(text.slice(start + 1, lastEnd)).length;
  return { rows, bytes, headerBytes: start + 1 };
}

/** Row count and uncompressed size from the footer: the last 8 bytes give its length. */
async function parquetSize(ref: string, from: string, ctx: AnalysisContext): Promise<LocalDataSize | undefined> {
  let s = ctx.files.sample!(ref, from, { headBytes: 0, tailBytes: SAMPLE_BYTES });
  if (!s?.tail || s.tail.length < 12) return undefined;
  const tail = s.tail;
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  if (view.getUint32(tail.length - 4, true) !== 0x31524150) return { path: s.path, bytes: s.size, textBytes: s.size, basis: `${formatBytes(s.size)} on disk; not a Parquet file (no PAR1 footer)` };
  const footer = view.getUint32(tail.length - 8, true) + 8;
  if (footer > tail.length) {
    if (footer > MAX_FOOTER_BYTES || footer > s.size) return { path: s.path, bytes: s.size, textBytes: s.size, basis: `${formatBytes(s.size)} on disk; Parquet footer too large to read on a keystroke` };
    s = ctx.files.sample!(ref, from, { headBytes: 0, tailBytes: footer });
    if (!s?.tail) return undefined;
  }
  const { parquetMetadata } = (await import('hyparquet')) as typeof import('hyparquet');
  const meta = parquetMetadata(s.tail!.subarray(s.tail!.length - footer));
  const rows = Number(meta.num_rows);
  let uncompressed = 0;
  for (const g of meta.row_groups) for (const c of g.columns) uncompressed += Number(c.meta_data?.total_uncompressed_size ?? 0);
  const textBytes = uncompressed > 0 ? uncompressed : s.size;
  return {
    path: s.path,
    bytes: s.size,
    rows,
    rowsExact: true,
    textBytes,
    basis: `${formatBytes(s.size)} on disk, ${rows.toLocaleString('en-US')} rows and ${formatBytes(textBytes)} uncompressed (Parquet footer)`,
  };
}

export function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} GB`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`;
  return `${n} B`;
}

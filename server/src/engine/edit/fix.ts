import type { DatasetFormat, Fact, Fix, Job, TextEdit } from '../types';
import { sortEdits } from './indent';

// Small pieces every dialect's editor shares: building a Fix, knowing when a fact lives in another
// file, and the Parquet rename.

/** A Fix, or undefined when there is nothing to change. */
export function makeFix(title: string, edits: (TextEdit | undefined)[], safe: boolean, snippet = false): Fix | undefined {
  const real = edits.filter((e): e is TextEdit => !!e);
  if (!real.length) return undefined;
  const fix: Fix = { title, edits: sortEdits(real), safe };
  if (snippet) fix.snippet = true;
  return fix;
}

/** True when the fact was read from another file (that file gets its own fix). */
export function fromOtherFile(fact: Fact<unknown> | undefined): boolean {
  const s = fact?.source;
  return (s?.kind === 'file' || s?.kind === 'default') && s.uri !== undefined;
}

/** True when the job's precision is decided in a linked file: by a value there, or by its default. */
export function precisionElsewhere(job: Job): boolean {
  return fromOtherFile(job.precision) || (job.precision?.source.kind === 'default' && job.linkedFiles.length > 0);
}

const ROW_EXT = /\.(csv|tsv|jsonl|ndjson|json)(\.(gz|bz2|xz|zst|zip))?$/i;

/** Formats a useParquet fix rewrites. */
export function isRowFormat(f: DatasetFormat): boolean {
  return f === 'csv' || f === 'tsv' || f === 'json' || f === 'jsonl';
}

/** `data/train.csv` → `data/train.parquet` (globs and compressed names too); undefined otherwise. */
export function parquetPath(path: string): string | undefined {
  return ROW_EXT.test(path) ? path.replace(ROW_EXT, '.parquet') : undefined;
}

const LABEL: Partial<Record<DatasetFormat, string>> = { csv: 'CSV', tsv: 'TSV', json: 'JSON', jsonl: 'JSON lines' };

/** The title of a useParquet fix: it reads a file that must be converted first, so it says so. */
export function parquetTitle(newPath: string, format: DatasetFormat): string {
  return `Read ${newPath} instead (convert it first: "mlcost: Convert ${LABEL[format] ?? 'CSV'} to Parquet")`;
}


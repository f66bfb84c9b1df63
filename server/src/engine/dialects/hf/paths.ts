import type { DatasetFormat, StorageKind } from '../../types';

// Reading paths as written in configs: where checkpoints land, and what file format data is in.

const DURABLE = /^(s3a?|gs|gcs|az|abfss?|wasbs?|oci|r2|hf):\/\//i;
/** Local scratch that does not survive the machine (container tmp, RAM disk). */
const EPHEMERAL = /^(\/tmp|\/var\/tmp|\/dev\/shm|\/scratch\/local)(\/|$)/;

/** Whether a checkpoint written under `path` survives losing the machine. */
export function storageOfPath(path: string): StorageKind {
  const p = path.trim();
  if (DURABLE.test(p)) return 'durable';
  if (EPHEMERAL.test(p)) return 'ephemeral';
  return 'unknown';
}

const EXT: Record<string, DatasetFormat> = {
  csv: 'csv',
  tsv: 'tsv',
  json: 'json',
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  parquet: 'parquet',
  arrow: 'arrow',
};

/** Format from a file name or glob (`data/*.csv`, `train.jsonl.gz`); undefined when no data extension. */
export function formatOfPath(path: string): DatasetFormat | undefined {
  const p = path.trim().toLowerCase().replace(/\.(gz|bz2|xz|zst|zip)$/, '');
  const m = /\.([a-z0-9]+)$/.exec(p);
  return m ? EXT[m[1]] : undefined;
}

/** `org/name` (or a canonical bare name when the key only takes Hub ids). */
export function isHubId(s: string, bareNamesAllowed = false): boolean {
  const v = s.trim();
  if (/^[.~/]/.test(v) || v.includes('://') || v.includes('\\')) return false;
  if (/^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/.test(v)) return true;
  return bareNamesAllowed && /^[A-Za-z0-9][\w.-]*$/.test(v);
}

/** Format of a dataset reference: its file extension, a Hub id, else unknown (local dir, registry name). */
export function formatOfRef(ref: string, bareHubNames = false): DatasetFormat {
  return formatOfPath(ref) ?? (isHubId(ref, bareHubNames) ? 'hub' : 'unknown');
}

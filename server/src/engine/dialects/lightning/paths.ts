import type { YamlNode } from '../../formats/yaml';
import type { DatasetFormat, StorageKind } from '../../types';

/** Whether a checkpoint directory survives losing the machine. */
export function storageOf(path: string): StorageKind {
  const p = path.trim();
  if (p.includes('${')) return 'unknown'; // Hydra/OmegaConf interpolation: decided at run time
  if (/^(s3|s3a|gs|gcs|az|abfs|abfss|wasbs?|hf|r2|oci):\/\//i.test(p)) return 'durable';
  if (/^\/(tmp|dev\/shm|var\/tmp)(\/|$)/.test(p)) return 'ephemeral';
  return 'unknown';
}

/** Dataset format from a file name (`train.csv`, `data/*.jsonl.gz`); undefined when not a data file. */
export function datasetFormatOf(path: string): DatasetFormat | undefined {
  const m = /\.(csv|tsv|jsonl|json|parquet|arrow)(\.(gz|bz2|zst|xz))?$/i.exec(path.trim());
  return m ? (m[1].toLowerCase() as DatasetFormat) : undefined;
}

/** A value filled in at run time (`${paths.data_dir}`, `${oc.env:X}`), not a literal. */
export function isInterpolated(s: string): boolean {
  return s.includes('${');
}

/** A scalar's text when it is a literal; interpolated values are unknown until run time. */
export function literal(node: YamlNode | undefined): string | undefined {
  const s = node?.str();
  return s !== undefined && !isInterpolated(s) ? s : undefined;
}

import type { PyNode, PythonSource } from '../../../formats/python';
import { fromFile } from '../../../facts';
import type { DatasetFormat, DatasetRef, Fact } from '../../../types';
import { callInfo, kwarg, resolve, stringValue, type CallInfo } from '../query';
import { argRange } from './values';

// Training data channels: `TrainingInput(..., content_type="text/csv")` (SDK v1 `s3_input`) say
// the format outright; `.fit({'train': 's3://bucket/train.csv'})` says it by the file extension.

const CONTENT_TYPES: [RegExp, DatasetFormat][] = [
  [/csv/i, 'csv'],
  [/parquet/i, 'parquet'],
  [/jsonlines|jsonl/i, 'jsonl'],
  [/json/i, 'json'],
  [/recordio|protobuf|x-image|octet-stream/i, 'binary'],
];

const EXTENSIONS: Record<string, DatasetFormat> = {
  csv: 'csv',
  tsv: 'tsv',
  json: 'json',
  jsonl: 'jsonl',
  parquet: 'parquet',
  arrow: 'arrow',
};

const INPUT_CLASSES = new Set(['TrainingInput', 's3_input']);

/** Datasets named by channel objects anywhere in the file (they feed its estimators). */
export function channelDatasets(src: PythonSource, allCalls: readonly CallInfo[]): Fact<DatasetRef>[] {
  const out: Fact<DatasetRef>[] = [];
  for (const c of allCalls) {
    if (!INPUT_CLASSES.has(c.name)) continue;
    const ct = kwarg(c, 'content_type');
    const type = ct ? stringValue(src, resolve(src, ct) ?? ct) : undefined;
    const format = type ? CONTENT_TYPES.find(([re]) => re.test(type))?.[1] : undefined;
    if (!ct || !format) continue;
    const data = kwarg(c, 's3_data') ?? c.args[0];
    const path = data ? stringValue(src, resolve(src, data) ?? data) : undefined;
    out.push(fromFile<DatasetRef>({ format, reader: 'content_type', ...(path ? { path } : {}) }, argRange(src, ct), 'content_type'));
  }
  return out;
}

/** Datasets passed straight to `estimator.fit(...)` as URIs with a telling extension. */
export function fitDatasets(src: PythonSource, fit: CallInfo): Fact<DatasetRef>[] {
  const arg = kwarg(fit, 'inputs') ?? fit.args[0];
  const v = arg ? resolve(src, arg) ?? arg : undefined;
  if (!v) return [];
  const uris: PyNode[] = v.type === 'dictionary' ? v.namedChildren.filter((p): p is PyNode => p?.type === 'pair').map((p) => p.childForFieldName('value')!).filter(Boolean) : [v];
  const out: Fact<DatasetRef>[] = [];
  for (const u of uris) {
    const r = resolve(src, u) ?? u;
    if (r.type === 'call' && INPUT_CLASSES.has(callInfo(src, r).name)) continue; // read by channelDatasets
    const path = stringValue(src, r);
    const ext = path ? /\.([a-z]+)$/i.exec(path)?.[1]?.toLowerCase() : undefined;
    const format = ext ? EXTENSIONS[ext] : undefined;
    if (path && format) out.push(fromFile<DatasetRef>({ format, path, reader: '.fit' }, src.rangeOf(u.parent?.type === 'pair' ? u.parent : u), 'inputs'));
  }
  return out;
}

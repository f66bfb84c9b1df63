// Reading a CSV dataset as Parquet instead: `pd.read_csv("x.csv")` -> `pd.read_parquet("x.parquet")`,
// `load_dataset("csv", data_files=...)` -> `"parquet"`, `Dataset.from_csv` -> `from_parquet`,
// with `.csv` -> `.parquet` in the literal paths. Never safe: the data has to be converted first.

import { literalSnap, replace, stringContent, withStringContent, type CallSnap, type LiteralSnap } from '../../../edit/pythonEdit';
import { parquetPath } from '../../../edit/shellEdit';
import type { PyNode, PythonSource } from '../../../formats/python';
import type { LineIndex } from '../../../formats/lineIndex';
import type { Fix, TextEdit } from '../../../types';
import { descendants, kwarg, resolve, type CallInfo } from '../query';

export interface ParquetPlan {
  /** Call start offset: datasets are matched by where their fact says they are read. */
  callStart: number;
  /** The reader's name to rewrite (`read_csv`), and what it becomes. */
  rename?: { start: number; end: number; to: string };
  /** `"csv"` builder argument of load_dataset. */
  builder?: LiteralSnap;
  paths: LiteralSnap[];
  /** Arguments only the CSV reader understands (`sep=`, `dtype=`...). */
  csvOnly: string[];
}

const PARQUET_KWARGS = new Set(['filepath_or_buffer', 'path', 'path_or_paths', 'storage_options', 'dtype_backend', 'columns', 'data_files', 'split', 'cache_dir', 'streaming', 'num_proc', 'token', 'features', 'keep_in_memory']);

/** String literals holding a `.csv`/`.tsv` path under `n` (a string, list, or dict of them). */
function csvPaths(src: PythonSource, n: PyNode | undefined): LiteralSnap[] {
  const v = resolve(src, n) ?? n;
  if (!v) return [];
  const strings = v.type === 'string' ? [v] : descendants(v, 'string');
  return strings.map((s) => literalSnap(src, s)).filter((l) => parquetPath(stringContent(l) ?? '') !== undefined);
}

export function parquetPlan(src: PythonSource, c: CallInfo): ParquetPlan | undefined {
  const fn = c.node.childForFieldName('function');
  const nameNode = fn?.type === 'attribute' ? fn.childForFieldName('attribute') : fn;
  if (!nameNode) return undefined;
  const csvOnly = [...c.kwargs.keys()].filter((k) => !PARQUET_KWARGS.has(k));
  const base = { callStart: c.node.startIndex, csvOnly };
  const rename = (to: string) => ({ start: nameNode.startIndex, end: nameNode.endIndex, to });
  if (['read_csv', 'read_table'].includes(c.name)) return { ...base, rename: rename('read_parquet'), paths: csvPaths(src, kwarg(c, 'filepath_or_buffer') ?? c.args[0]) };
  if (c.name === 'from_csv') return { ...base, rename: rename('from_parquet'), paths: csvPaths(src, kwarg(c, 'path_or_paths') ?? c.args[0]) };
  if (c.name === 'load_dataset') {
    const b = kwarg(c, 'path') ?? c.args[0];
    if (b?.type !== 'string' || !/^(csv)$/i.test(stringContent(literalSnap(src, b)) ?? '')) return undefined;
    return { ...base, builder: literalSnap(src, b), paths: csvPaths(src, kwarg(c, 'data_files')) };
  }
  return undefined;
}

export function parquetFix(lines: LineIndex, plan: ParquetPlan): Fix | undefined {
  if (!plan.paths.length) return undefined; // the path is built at run time: nothing to point at the new file
  const edits: TextEdit[] = [];
  if (plan.rename) edits.push(replace(lines, plan.rename.start, plan.rename.end, plan.rename.to));
  if (plan.builder) edits.push(replace(lines, plan.builder.start, plan.builder.end, withStringContent(plan.builder, 'parquet')));
  for (const p of plan.paths) edits.push(replace(lines, p.start, p.end, withStringContent(p, parquetPath(stringContent(p)!)!)));
  edits.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  const first = stringContent(plan.paths[0])!;
  const note = plan.csvOnly.length ? `; check ${plan.csvOnly.map((k) => `${k}=`).join(', ')}: CSV-only arguments` : '';
  return { title: `Read ${parquetPath(first)} as Parquet (convert ${first} first${note})`, edits, safe: false };
}

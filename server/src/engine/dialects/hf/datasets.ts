import { fromFile } from '../../facts';
import type { DatasetFormat, DatasetRef, Fact } from '../../types';
import { strOf, type ConfigNode } from './configNode';
import { formatOfPath, formatOfRef } from './paths';

// Training data named by HF-family configs. Each reference points at the key or list item that
// names it, so a finding about it lands on that line.

type Out = Fact<DatasetRef>[];

function add(out: Out, node: ConfigNode, format: DatasetFormat, path: string | undefined, reader: string): void {
  const ref: DatasetRef = path === undefined ? { format, reader } : { format, path, reader };
  out.push(fromFile(ref, node.range(), reader));
}

/**
 * `data_files` as a string, a list, or a split map (`{train: a.csv, test: b.csv}`). Every file
 * points at the `data_files` key itself: the setting to change, one line however long the list.
 */
function dataFiles(out: Out, node: ConfigNode, reader: string, at: ConfigNode = node): void {
  if (node.shape === 'scalar') {
    const p = strOf(node);
    if (p) add(out, at, formatOfPath(p) ?? 'unknown', p, reader);
    return;
  }
  for (const c of node.shape === 'seq' ? node.items() : node.entries()) dataFiles(out, c, reader, at);
}

/** axolotl's `datasets:` items: `path` (Hub id or file), `ds_type` (file type), `data_files`. */
function axolotlItem(out: Out, item: ConfigNode): void {
  if (item.shape === 'scalar') {
    const p = strOf(item);
    if (p) add(out, item, formatOfRef(p), p, 'datasets');
    return;
  }
  const pathNode = item.get('path');
  const path = strOf(pathNode);
  const files = item.get('data_files');
  if (files) return dataFiles(out, files, 'data_files');
  // `type:` is the prompt format (alpaca, chat_template), not the file type; `ds_type` is.
  const dsType = item.get('ds_type');
  const declared = strOf(dsType)?.toLowerCase();
  const byType = declared ? formatOfPath(`x.${declared}`) : undefined;
  if (dsType && byType) return add(out, dsType, byType, path, 'ds_type');
  if (pathNode && path) add(out, pathNode, formatOfRef(path), path, 'path');
}

export function hfDatasets(root: ConfigNode): Out {
  const out: Out = [];
  const name = root.get('dataset_name');
  const nameStr = strOf(name);
  // dataset_name goes to load_dataset(): canonical bare names (`imdb`) are Hub ids too.
  if (name && nameStr) add(out, name, formatOfRef(nameStr, true), nameStr, 'dataset_name');

  for (const key of ['train_file', 'data_files']) {
    const n = root.get(key);
    if (n) dataFiles(out, n, key);
  }

  // alignment-handbook: `dataset_mixer: {org/name: 0.5}` and `dataset_mixture: {datasets: [{id: ...}]}`.
  for (const e of root.get('dataset_mixer')?.entries() ?? []) {
    if (e.key) add(out, e, formatOfRef(e.key, true), e.key, 'dataset_mixer');
  }
  for (const item of root.get('dataset_mixture')?.get('datasets')?.items() ?? []) {
    const id = item.get('id') ?? item.get('path');
    const s = strOf(id);
    if (id && s) add(out, id, formatOfRef(s, true), s, 'dataset_mixture');
  }

  for (const item of root.get('datasets')?.items() ?? []) axolotlItem(out, item);

  // LLaMA-Factory: comma-separated names registered in dataset_info.json; the file behind each is
  // not visible from here.
  const lf = root.get('dataset');
  const lfStr = strOf(lf);
  if (lf && lfStr && lf.shape === 'scalar') {
    for (const part of lfStr.split(',').map((s) => s.trim()).filter(Boolean)) {
      add(out, lf, formatOfPath(part) ?? 'unknown', part, 'dataset');
    }
  }
  return out;
}

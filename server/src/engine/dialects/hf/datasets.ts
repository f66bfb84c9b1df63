import { fromFile } from '../../facts';
import type { DatasetFormat, DatasetRef, Fact } from '../../types';
import { strOf, type ConfigNode } from './configNode';
import { formatOfPath, formatOfRef } from './paths';

// Training data named by HF-family configs. Each reference points at the key or list item that
// names it, so a finding about it lands on that line.

type Out = Fact<DatasetRef>[];

function add(out: Out, node: ConfigNode, format: DatasetFormat, path: string | undefined, reader: string, extra: Partial<DatasetRef> = {}): void {
  const ref: DatasetRef = path === undefined ? { format, reader } : { format, path, reader };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) (ref as unknown as Record<string, unknown>)[k] = v;
  out.push(fromFile(ref, node.range(), reader));
}

/** The first split of a list that trains (`[train_sft, test_sft]` → `train_sft`). */
function trainSplit(n: ConfigNode | undefined): string | undefined {
  if (!n) return undefined;
  const all = n.shape === 'seq' ? n.items().map(strOf) : [strOf(n)];
  return all.find((x) => x && /^train/i.test(x)) ?? undefined;
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
  // `name:` is the Hub config (subset), `split:` the split expression (`train[:10%]`).
  const hub = { subset: strOf(item.get('name')), split: strOf(item.get('split')) };
  // `type:` is the prompt format (alpaca, chat_template), not the file type; `ds_type` is.
  const dsType = item.get('ds_type');
  const declared = strOf(dsType)?.toLowerCase();
  const byType = declared ? formatOfPath(`x.${declared}`) : undefined;
  if (dsType && byType) return add(out, dsType, byType, path, 'ds_type');
  if (pathNode && path) add(out, pathNode, formatOfRef(path), path, 'path', hub);
}

export function hfDatasets(root: ConfigNode): Out {
  const out: Out = [];
  const name = root.get('dataset_name');
  const nameStr = strOf(name);
  // dataset_name goes to load_dataset(): canonical bare names (`imdb`) are Hub ids too.
  // transformers' example scripts take `dataset_config_name`; TRL `dataset_config` and `dataset_train_split`.
  const subset = strOf(root.get('dataset_config_name') ?? root.get('dataset_config'));
  const split = strOf(root.get('dataset_train_split')) ?? trainSplit(root.get('dataset_splits'));
  if (name && nameStr) add(out, name, formatOfRef(nameStr, true), nameStr, 'dataset_name', { subset, split });

  for (const key of ['train_file', 'data_files']) {
    const n = root.get(key);
    if (n) dataFiles(out, n, key);
  }

  // alignment-handbook: `dataset_mixer: {org/name: 0.5}` and `dataset_mixture: {datasets: [{id: ...}]}`.
  // A mixer weight is the share of each dataset's training split used (alignment-handbook).
  const mixSplit = trainSplit(root.get('dataset_splits')) ?? 'train';
  for (const e of root.get('dataset_mixer')?.entries() ?? []) {
    const w = e.num();
    const part = w !== undefined && w > 0 && w < 1 ? `${mixSplit}[:${+(w * 100).toFixed(4)}%]` : mixSplit;
    if (e.key) add(out, e, formatOfRef(e.key, true), e.key, 'dataset_mixer', { split: part });
  }
  for (const item of root.get('dataset_mixture')?.get('datasets')?.items() ?? []) {
    const id = item.get('id') ?? item.get('path');
    const s = strOf(id);
    const w = item.get('weight')?.num();
    const sp = strOf(item.get('split')) ?? 'train';
    const part = w !== undefined && w > 0 && w < 1 && !sp.includes('[') ? `${sp}[:${+(w * 100).toFixed(4)}%]` : sp;
    if (id && s) add(out, id, formatOfRef(s, true), s, 'dataset_mixture', { subset: strOf(item.get('config')), split: part });
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

// Data-loading code of an ML project: a module that builds a training dataset (a torch Dataset /
// LightningDataModule subclass, a DataLoader, tf.data, a train/test split) from tabular text files
// read with pandas, polars or HF datasets. It trains nothing itself (fit is in another module),
// but the format it reads is the training's: csv-dataset applies, nothing else does, and it is no
// run to estimate (workload `data`). A report or plotting script reading a CSV never qualifies:
// it imports no ML library or builds no training dataset.

import type { Job } from '../../types';
import type { DatasetRef, Fact } from '../../types';
import { basename } from '../launch/argv';
import { descendants } from './query';
import { importsAny, type Scan } from './scan';

const ML_MODULES = ['torch', 'tensorflow', 'keras', 'lightning', 'pytorch_lightning', 'transformers', 'sklearn', 'xgboost', 'lightgbm', 'catboost', 'jax', 'flax'];
/** Calls that turn loaded data into something a training loop consumes. */
const DATASET_CALLS = new Set(['DataLoader', 'TensorDataset', 'random_split', 'train_test_split', 'from_tensor_slices', 'from_pandas', 'from_generator', 'make_csv_dataset', 'DMatrix', 'Dataset']);
const DATASET_BASES = /(^|\.)(Dataset|IterableDataset|LightningDataModule|DataModule|Sequence|PyDataset)$/;
/** Readers of whole tables (the row formats csv-dataset is about). */
const TABLE_READER = /^(pd|pandas|pl|polars)\.(read_csv|read_table|read_json|scan_csv|read_ndjson|scan_ndjson)$|(^|\.)load_dataset\(|(^|\.)from_(csv|json)$/;
/** Scripts around training that read CSVs for other reasons. */
const NOT_TRAINING_DATA = /(eval|plot|report|visuali[sz]|analy[sz]|infer|predict|serve|benchmark|metric|^test_|_test\.py$)/i;

export function detectDataModule(s: Scan, datasets: Fact<DatasetRef>[], path: string): Job | undefined {
  if (NOT_TRAINING_DATA.test(basename(path)) || !importsAny(s, ...ML_MODULES)) return undefined;
  const tables = datasets.filter((d) => ['csv', 'tsv', 'json', 'jsonl'].includes(d.value.format) && TABLE_READER.test(d.value.reader));
  if (!tables.length) return undefined;
  const builds = s.calls.some((c) => DATASET_CALLS.has(c.name)) || descendants(s.src.root, 'class_definition').some((cls) => {
    const bases = cls.childForFieldName('superclasses');
    return !!bases && bases.namedChildren.some((b) => !!b && DATASET_BASES.test(s.src.textOf(b)));
  });
  if (!builds) return undefined;
  const first = tables[0].source;
  return {
    dialect: 'python-script',
    name: 'training data loading',
    workload: 'data',
    anchor: first.kind === 'file' ? first.range : s.src.lines.lineRange(0),
    datasets: tables,
    linkedFiles: [],
  };
}

import type { PyNode } from '../../formats/python';
import { fromFile } from '../../facts';
import type { DatasetFormat, DatasetRef, Fact } from '../../types';
import { boolValue, importedFrom, kwarg, pathValue, receiver, resolve, stringValue, type CallInfo } from './query';
import type { Scan } from './scan';

// Datasets a training script reads, with the format they are stored in.

const BUILDERS: Record<string, DatasetFormat> = { csv: 'csv', json: 'json', parquet: 'parquet', arrow: 'arrow', text: 'unknown', imagefolder: 'unknown', audiofolder: 'unknown', webdataset: 'unknown', pandas: 'unknown' };
const PANDAS = /^(pd|pandas)$/;
const POLARS = /^(pl|polars)$/;
const NUMPY = /^(np|numpy)$/;

/** Every dataset read in the file, at the call that reads it. */
export function detectDatasets(s: Scan): Fact<DatasetRef>[] {
  const out: Fact<DatasetRef>[] = [];
  for (const c of s.calls) {
    const ref = datasetRef(s, c);
    if (ref) out.push(fromFile(ref, s.src.rangeOf(c.node), c.callee));
  }
  return out;
}

function byExtension(path: string | undefined, fallback: DatasetFormat): DatasetFormat {
  const p = (path ?? '').toLowerCase().replace(/\.(gz|bz2|zst|xz|zip)$/, '');
  if (p.endsWith('.csv')) return 'csv';
  if (p.endsWith('.tsv')) return 'tsv';
  if (p.endsWith('.jsonl') || p.endsWith('.ndjson')) return 'jsonl';
  if (p.endsWith('.json')) return 'json';
  if (p.endsWith('.parquet') || p.endsWith('.pq')) return 'parquet';
  if (p.endsWith('.arrow')) return 'arrow';
  if (p.endsWith('.bin') || p.endsWith('.npy') || p.endsWith('.tfrecord')) return 'binary';
  return fallback;
}

function firstPath(s: Scan, c: CallInfo, ...keys: string[]): string | undefined {
  return pathValue(s.src, kwarg(c, ...keys) ?? c.args[0]);
}

function datasetRef(s: Scan, c: CallInfo): DatasetRef | undefined {
  const { src } = s;
  const recv = receiver(c);
  const reader = c.callee;
  if (PANDAS.test(recv) && ['read_csv', 'read_table', 'read_json', 'read_parquet', 'read_feather'].includes(c.name)) {
    const path = firstPath(s, c, 'filepath_or_buffer', 'path', 'path_or_buf');
    if (c.name === 'read_parquet') return { format: 'parquet', path, reader };
    if (c.name === 'read_feather') return { format: 'arrow', path, reader };
    if (c.name === 'read_json') return { format: boolValue(resolve(src, kwarg(c, 'lines'))) ? 'jsonl' : byExtension(path, 'json'), path, reader };
    const sep = stringValue(src, resolve(src, kwarg(c, 'sep', 'delimiter')));
    // read_table's default separator is a tab.
    const tab = sep === '\t' || sep === '\\t' || (sep === undefined && c.name === 'read_table');
    return { format: tab || byExtension(path, 'csv') === 'tsv' ? 'tsv' : 'csv', path, reader };
  }
  if (POLARS.test(recv) && ['read_csv', 'scan_csv', 'read_ndjson', 'scan_ndjson', 'read_json', 'read_parquet', 'scan_parquet'].includes(c.name)) {
    const path = firstPath(s, c, 'source');
    const fmt: DatasetFormat = /parquet/.test(c.name) ? 'parquet' : /ndjson/.test(c.name) ? 'jsonl' : c.name === 'read_json' ? 'json' : byExtension(path, 'csv') === 'tsv' ? 'tsv' : 'csv';
    return { format: fmt, path, reader };
  }
  if (c.name === 'load_dataset') return loadDataset(s, c);
  if (c.name === 'load_from_disk') return { format: 'arrow', path: firstPath(s, c, 'dataset_path'), reader };
  if (/^(Dataset|datasets\.Dataset)$/.test(recv) && ['from_csv', 'from_json', 'from_parquet'].includes(c.name)) {
    const path = firstPath(s, c, 'path_or_paths');
    const fmt: DatasetFormat = c.name === 'from_csv' ? 'csv' : c.name === 'from_parquet' ? 'parquet' : byExtension(path, 'json');
    return { format: fmt, path, reader };
  }
  if (/(^|\.)(pq|parquet)$/.test(recv) && ['read_table', 'ParquetFile', 'ParquetDataset'].includes(c.name))
    return { format: 'parquet', path: firstPath(s, c, 'source'), reader };
  if (['make_csv_dataset', 'CsvDataset'].includes(c.name) && /tf|data|experimental/.test(recv))
    return { format: 'csv', path: firstPath(s, c, 'file_pattern', 'filenames'), reader };
  if (NUMPY.test(recv) && ['loadtxt', 'genfromtxt'].includes(c.name)) {
    const path = firstPath(s, c, 'fname');
    const fmt = byExtension(path, 'unknown');
    const sep = stringValue(src, resolve(src, kwarg(c, 'delimiter')));
    if (fmt === 'csv' || fmt === 'tsv' || sep === ',') return { format: fmt === 'tsv' ? 'tsv' : 'csv', path, reader };
    return undefined;
  }
  if (NUMPY.test(recv) && c.name === 'memmap') {
    const path = firstPath(s, c, 'filename');
    return { format: byExtension(path, 'binary'), path, reader };
  }
  if (recv === 'csv' && (c.name === 'reader' || c.name === 'DictReader')) return { format: 'csv', reader };
  return builtinDataset(s, c);
}

/** `load_dataset("csv", data_files=...)`, `load_dataset("org/name")`, `load_dataset("json", ...)`. */
function loadDataset(s: Scan, c: CallInfo): DatasetRef | undefined {
  const { src } = s;
  const reader = c.callee;
  const name = stringValue(src, resolve(src, kwarg(c, 'path') ?? c.args[0]));
  const files = firstDataFile(s, kwarg(c, 'data_files'));
  if (name === undefined) return files ? { format: byExtension(files, 'unknown'), path: files, reader } : undefined;
  const builder = BUILDERS[name.toLowerCase()];
  if (builder !== undefined) {
    // `json` covers JSON Lines too: the file's extension says which.
    const fmt = builder === 'json' ? byExtension(files, 'json') : builder;
    return { format: fmt === 'unknown' ? byExtension(files, 'unknown') : fmt, path: files, reader: `${reader}("${name}")` };
  }
  // A local file or folder rather than a Hub id.
  if (/^(\.{0,2}\/|~)/.test(name) || /\.\w{2,7}$/.test(name)) return { format: byExtension(files ?? name, 'unknown'), path: files ?? name, reader };
  // load_dataset(path, name=None, data_dir=None, data_files=None, split=None): `name` is the config.
  const ref: DatasetRef = { format: 'hub', path: name, reader };
  const subset = stringValue(src, resolve(src, kwarg(c, 'name') ?? c.args[1]));
  const split = stringValue(src, resolve(src, kwarg(c, 'split')));
  if (subset) ref.subset = subset;
  if (split) ref.split = split;
  return ref;
}

// Datasets that ship with the frameworks, under their Hub table ids.
const KERAS_DATASETS: Record<string, string> = { mnist: 'mnist', fashion_mnist: 'fashion_mnist', cifar10: 'cifar10', cifar100: 'cifar100', imdb: 'imdb' };
const TORCHVISION_DATASETS: Record<string, { id: string; subset?: string }> = {
  MNIST: { id: 'mnist' },
  FashionMNIST: { id: 'fashion_mnist' },
  CIFAR10: { id: 'cifar10' },
  CIFAR100: { id: 'cifar100' },
  SVHN: { id: 'svhn', subset: 'cropped_digits' },
  ImageNet: { id: 'imagenet-1k' },
  Food101: { id: 'food101' },
  OxfordIIITPet: { id: 'timm/oxford-iiit-pet' },
  StanfordCars: { id: 'tanganke/stanford_cars' },
  SPEECHCOMMANDS: { id: 'google/speech_commands', subset: 'v0.02' },
  LJSPEECH: { id: 'lj_speech' },
  GTZAN: { id: 'marsyas/gtzan' },
};
const LIBRISPEECH_URLS: Record<string, { subset: string; split: string }> = {
  'train-clean-100': { subset: 'clean', split: 'train.100' },
  'train-clean-360': { subset: 'clean', split: 'train.360' },
  'train-other-500': { subset: 'other', split: 'train.500' },
};

/** `tf.keras.datasets.mnist.load_data()`, `torchvision.datasets.CIFAR10(root, train=True)`, `tfds.load('mnist', split='train')`. */
function builtinDataset(s: Scan, c: CallInfo): DatasetRef | undefined {
  const { src } = s;
  const parts = c.callee.split('.');
  if (c.name === 'load_data' && parts.length >= 2 && parts.includes('datasets')) {
    const id = KERAS_DATASETS[parts[parts.length - 2]];
    return id ? { format: 'hub', path: id, reader: c.callee, split: 'train' } : undefined;
  }
  if (c.name === 'load' && /^(tfds|tensorflow_datasets)$/.test(receiver(c))) {
    const name = stringValue(src, resolve(src, kwarg(c, 'name') ?? c.args[0]));
    const split = stringValue(src, resolve(src, kwarg(c, 'split')));
    if (!name) return undefined;
    const [id, subset] = name.split('/');
    return { format: 'hub', path: id, reader: c.callee, ...(subset && { subset }), split: split ?? 'train' };
  }
  const tv = TORCHVISION_DATASETS[c.name];
  if (tv && (/datasets$/.test(receiver(c)) || importedFromTorchvision(s, c.name))) {
    const train = boolValue(resolve(src, kwarg(c, 'train')));
    const splitArg = stringValue(src, resolve(src, kwarg(c, 'split', 'subset')));
    const split = train === false || splitArg === 'test' ? 'test' : splitArg === 'validation' || splitArg === 'val' ? 'validation' : 'train';
    return { format: 'hub', path: tv.id, reader: c.callee, split, ...(tv.subset && { subset: tv.subset }) };
  }
  if (c.name === 'LIBRISPEECH' && /datasets$/.test(receiver(c))) {
    const url = stringValue(src, resolve(src, kwarg(c, 'url') ?? c.args[1])) ?? 'train-clean-100';
    const m = LIBRISPEECH_URLS[url];
    return m ? { format: 'hub', path: 'librispeech_asr', reader: c.callee, ...m } : { format: 'hub', path: 'librispeech_asr', reader: c.callee, subset: 'clean', split: 'validation', evalOnly: true };
  }
  return undefined;
}

function importedFromTorchvision(s: Scan, name: string): boolean {
  return (importedFrom(s.src, name) ?? '').startsWith('torchvision.datasets');
}

/** The first path in `data_files=` (a string, a list, or a `{"train": ...}` dict). */
function firstDataFile(s: Scan, n: PyNode | undefined): string | undefined {
  const v = resolve(s.src, n);
  if (!v) return undefined;
  const direct = pathValue(s.src, v);
  if (direct !== undefined) return direct;
  if (v.type === 'list' || v.type === 'tuple') return firstDataFile(s, v.namedChildren[0] ?? undefined);
  if (v.type === 'dictionary') {
    const pair = v.namedChildren.find((p) => p?.type === 'pair');
    return firstDataFile(s, pair?.childForFieldName('value') ?? undefined);
  }
  return undefined;
}

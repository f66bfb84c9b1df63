// Ultralytics' bundled dataset YAMLs (`data=coco.yaml`, `data=coco8.yaml`, `data=imagenet`): the
// training images each one names, from the comment on its `train:` line in
// ultralytics/ultralytics ultralytics/cfg/datasets/<name>.yaml. Ultralytics resolves a bare name
// to its own copy of the file, so only bare names (no directory) are looked up: a path such as
// `data/coco.yaml` is the project's own file, of unknown size.
import type { HubDatasetSize } from './hubDatasets';

interface Row {
  /** File name without `.yaml`, lower case. */
  key: string;
  file: string;
  trainImages: number;
  /** Commit of ultralytics/ultralytics the count was read at, and the line it is on. */
  commit: string;
  line: string;
}

const RETRIEVED = '2026-12-02';
const ROWS: readonly Row[] = [
  { key: 'coco', file: 'coco.yaml', trainImages: 118287, commit: '55b0dd7c', line: "train: train2017.txt # train images (relative to 'path') 118287 images" },
  { key: 'coco128', file: 'coco128.yaml', trainImages: 128, commit: '4e2df9cb', line: "train: images/train2017 # train images (relative to 'path') 128 images" },
  { key: 'coco8', file: 'coco8.yaml', trainImages: 4, commit: '7724a534', line: "train: images/train # train images (relative to 'path') 4 images" },
  { key: 'voc', file: 'VOC.yaml', trainImages: 16551, commit: '771e750b', line: "train: # train images (relative to 'path')  16551 images" },
  { key: 'imagenet', file: 'ImageNet.yaml', trainImages: 1281167, commit: '002363f1', line: "train: train # train images (relative to 'path') 1281167 images" },
];

const BY_KEY = new Map(ROWS.map((r) => [r.key, r]));

/** The bundled Ultralytics dataset a `data=` value names, sized as the dataset table sizes Hub datasets. */
export function ultralyticsDataset(path: string): HubDatasetSize | undefined {
  const p = path.trim().replace(/^['"]|['"]$/g, '');
  if (p.includes('/') || p.includes('\\')) return undefined;
  const row = BY_KEY.get(p.replace(/\.ya?ml$/i, '').toLowerCase());
  if (!row) return undefined;
  return {
    id: `ultralytics/${row.file}`,
    split: 'train',
    kind: 'image',
    rows: row.trainImages,
    tokensBasis: '',
    source: `ultralytics/ultralytics ultralytics/cfg/datasets/${row.file} @${row.commit}: "${row.line}"`,
    retrieved: RETRIEVED,
    assumed: [],
  };
}

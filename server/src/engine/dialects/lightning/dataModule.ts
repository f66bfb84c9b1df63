import { fromFile } from '../../facts';
import type { YamlNode } from '../../formats/yaml';
import type { DataLoadingFacts, DataModality, Fact } from '../../types';

// What a Lightning DataModule config says about data loading: its `num_workers`, and what the
// samples are, from the class it names and the arguments it takes. A DataModule's own default for
// num_workers is in its code, so an absent key says nothing.

const BY_NAME: [DataModality, RegExp][] = [
  ['video', /video|kinetics|ucf101|hmdb/i],
  ['audio', /audio|speech|librispeech|wav2vec|whisper|sound|asr\b|esc50|urbansound/i],
  ['image', /mnist|cifar|imagenet|image|vision|coco|pascal|voc|celeba|segment|detection|flowers|pets|svhn|stl10|ade20k|cityscapes|tinyimagenet/i],
];
/** Arguments only image / audio data modules take. */
const BY_KEY: [DataModality, string[]][] = [
  ['audio', ['sample_rate', 'sampling_rate', 'n_mels', 'max_audio_length']],
  ['image', ['image_size', 'img_size', 'crop_size', 'resize', 'resolution', 'image_dir', 'img_dir']],
];

/** The arguments of a `data:` block: Lightning CLI `init_args`, or the keys themselves (Hydra). */
export function dataArgs(block: YamlNode | undefined): YamlNode | undefined {
  if (!block?.isMap) return undefined;
  return block.get('init_args') ?? block;
}

function modality(block: YamlNode, args: YamlNode): Fact<DataModality> | undefined {
  const clsNode = block.get('class_path') ?? block.get('_target_');
  const cls = clsNode?.str()?.split('.').pop();
  if (clsNode && cls) {
    const hit = BY_NAME.find(([, re]) => re.test(cls));
    if (hit) return fromFile(hit[0], clsNode.range(), clsNode.keyName ?? 'class_path');
  }
  for (const [m, keys] of BY_KEY) {
    for (const k of keys) {
      const n = args.get(k);
      if (n) return fromFile(m, n.range(), k);
    }
  }
  return undefined;
}

export function dataLoadingOf(block: YamlNode | undefined): DataLoadingFacts | undefined {
  const args = dataArgs(block);
  if (!block || !args) return undefined;
  const out: DataLoadingFacts = {};
  const w = args.get('num_workers');
  const n = w?.num();
  if (w && n !== undefined && n >= 0) out.workers = fromFile(n, w.range(), 'num_workers');
  const m = modality(block, args);
  if (m) out.modality = m;
  return Object.keys(out).length ? out : undefined;
}

/** A Hydra `data/*.yaml` file: `_target_` names a DataModule (or a data-loading class with loader keys). */
export function looksLikeDataModule(root: YamlNode): boolean {
  const target = root.get('_target_')?.str();
  if (!target) return false;
  if (/DataModule$/.test(target)) return true;
  return root.get('num_workers') !== undefined && root.get('batch_size') !== undefined;
}

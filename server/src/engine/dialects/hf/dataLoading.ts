import { byDefault, fromFile } from '../../facts';
import type { DataLoadingFacts, DataModality, Fact } from '../../types';
import { strOf, type ConfigNode } from './configNode';
import type { HfFlavour } from './flavour';

// DataLoader workers and what the samples are, for HF-family configs. LLM tools (TRL, axolotl,
// LLaMA-Factory) train on tokenised text; the transformers example scripts for vision and speech
// name their image/audio columns, which says each sample is decoded (and augmented) on the CPU.

const WORKERS_DEFAULT = 'transformers loads data in the training process by default (dataloader_num_workers=0)';

/** Keys only the image / audio example scripts (run_image_classification, run_audio_classification, run_speech_recognition_*) take. */
const MODALITY_KEYS: [string, DataModality][] = [
  ['image_column_name', 'image'],
  ['image_processor_name', 'image'],
  ['audio_column_name', 'audio'],
  ['max_duration_in_seconds', 'audio'],
  ['feature_extractor_name', 'audio'],
  ['video_column_name', 'video'],
];
/** Hub datasets of images or audio, by id (the last path part). */
const IMAGE_DATASETS = /^(cifar-?10|cifar-?100|mnist|fashion_mnist|beans|food101|imagenet-1k|imagenet|cats_vs_dogs|oxford_flowers102|eurosat|svhn|stl10|caltech101|tiny-imagenet)$/i;
const AUDIO_DATASETS = /^(common_voice.*|librispeech_asr|superb|speech_commands|minds14|gtzan|fleurs|voxpopuli)$/i;

function modality(root: ConfigNode): Fact<DataModality> | undefined {
  for (const [k, m] of MODALITY_KEYS) {
    const n = root.get(k);
    if (n) return fromFile(m, n.range(), k);
  }
  const ds = root.get('dataset_name');
  const id = strOf(ds)?.split('/').pop();
  if (ds && id && IMAGE_DATASETS.test(id)) return fromFile<DataModality>('image', ds.range(), 'dataset_name');
  if (ds && id && AUDIO_DATASETS.test(id)) return fromFile<DataModality>('audio', ds.range(), 'dataset_name');
  return undefined;
}

export function hfDataLoading(root: ConfigNode, flavour: HfFlavour): DataLoadingFacts | undefined {
  const out: DataLoadingFacts = {};
  const w = root.get('dataloader_num_workers');
  const n = w?.num();
  if (w && n !== undefined && n >= 0) out.workers = fromFile(n, w.range(), 'dataloader_num_workers');
  else if (!w && (flavour === 'trainer' || flavour === 'trl')) out.workers = byDefault(0, WORKERS_DEFAULT, (root.getRaw('dataloader_num_workers') ?? root.get('per_device_train_batch_size'))?.range());
  const m = modality(root);
  if (m) out.modality = m;
  // LLM tools read tokenised text (their multimodal variants are not told apart yet).
  else if (flavour === 'axolotl' || flavour === 'llama-factory') out.modality = byDefault<DataModality>('text', `${flavour} trains language models on tokenised text`);
  return Object.keys(out).length ? out : undefined;
}

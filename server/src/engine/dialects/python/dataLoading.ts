import { byDefault, fromFile } from '../../facts';
import { callSnap, type CallSnap } from '../../edit/pythonEdit';
import { numberKwargFix } from './edit/numberKwarg';
import type { LineIndex } from '../../formats/lineIndex';
import type { DataLoadingFacts, DataModality, Fact, Fix } from '../../types';
import { descendants, hasKwargsSplat, kwarg, numberValue, resolve, type CallInfo } from './query';
import { callsNamed, type Scan } from './scan';

// How a training script feeds data: the DataLoader's worker processes (PyTorch's default is 0,
// loading in the training process) and whether each sample is decoded/augmented on the CPU
// (images, audio, video), read from the libraries the script imports.

/** Libraries whose presence says what the samples are, checked in this order (video first: it also imports image tools). */
const MODALITY_MODULES: [DataModality, RegExp][] = [
  ['video', /^(decord|av|pytorchvideo|torchvision\.io|vidaug)$/],
  ['audio', /^(torchaudio|librosa|soundfile|audiomentations)$/],
  ['image', /^(torchvision|PIL|cv2|timm|albumentations|kornia|skimage|imageio)$/],
];
/** Calls that decode images (HF image processors, folders of images). */
const IMAGE_CALLS = ['ImageFolder', 'AutoImageProcessor', 'AutoFeatureExtractor', 'Image.open', 'imread'];

const TORCH_DEFAULT = 'torch.utils.data.DataLoader loads data in the training process by default (num_workers=0)';
const HF_DEFAULT = 'transformers loads data in the training process by default (dataloader_num_workers=0)';

export interface DataLoadingPlan {
  call: CallSnap;
  key: 'num_workers' | 'dataloader_num_workers';
}

function modality(s: Scan): Fact<DataModality> | undefined {
  const { src } = s;
  const imports = descendants(src.root, ['import_statement', 'import_from_statement']);
  for (const [m, re] of MODALITY_MODULES) {
    for (const n of imports) {
      const names = n.type === 'import_from_statement' ? [src.textOf(n.childForFieldName('module_name')!)] : n.namedChildren.map((c) => (c?.type === 'aliased_import' ? src.textOf(c.childForFieldName('name')!) : c ? src.textOf(c) : ''));
      const hit = names.find((x) => re.test(x) || re.test(x.split('.')[0]));
      if (hit) return fromFile(m, src.rangeOf(n), `import ${hit}`);
    }
  }
  const call = s.calls.find((c) => IMAGE_CALLS.some((k) => c.callee.endsWith(k)));
  return call ? fromFile<DataModality>('image', src.rangeOf(call.node), call.callee) : undefined;
}

/** The DataLoader that feeds training: one whose dataset is named for training, else the first. */
function trainingLoader(s: Scan): CallInfo | undefined {
  const loaders = callsNamed(s, 'DataLoader');
  const named = loaders.find((c) => /train/i.test(s.src.textOf(c.args[0] ?? kwarg(c, 'dataset') ?? c.node)));
  return named ?? loaders[0];
}

function workersOf(s: Scan, call: CallInfo, key: string, reason: string): Fact<number> | undefined {
  const { src } = s;
  const n = kwarg(call, key);
  if (n) {
    const v = numberValue(src, resolve(src, n));
    // A variable (os.cpu_count() // 2, args.workers) is decided at run time: unknown.
    return v !== undefined && v >= 0 ? fromFile(v, src.rangeOf(n.parent ?? n), key) : undefined;
  }
  return hasKwargsSplat(call) ? undefined : byDefault(0, reason, src.rangeOf(call.node));
}

export function detectDataLoading(s: Scan): { facts?: DataLoadingFacts; plan?: DataLoadingPlan } {
  const m = modality(s);
  const loader = trainingLoader(s);
  const hfArgs = loader ? undefined : s.calls.find((c) => /^(Seq2Seq)?TrainingArguments$/.test(c.name));
  const call = loader ?? hfArgs;
  const key = loader ? 'num_workers' : 'dataloader_num_workers';
  const workers = call && workersOf(s, call, key, loader ? TORCH_DEFAULT : HF_DEFAULT);
  const facts: DataLoadingFacts = {};
  if (workers) facts.workers = workers;
  if (m) facts.modality = m;
  const snap = call && callSnap(s.src, call.node);
  return { ...(Object.keys(facts).length && { facts }), ...(snap && { plan: { call: snap, key } }) };
}

/** `num_workers=N` on the DataLoader (or `dataloader_num_workers=N` on TrainingArguments). */
export function dataWorkersFix(text: string, lines: LineIndex, plan: DataLoadingPlan, workers: number): Fix | undefined {
  // More worker processes change how data is fed, not what is trained on.
  return numberKwargFix(text, lines, plan.call, plan.key, workers, `Load data in ${workers} worker processes (${plan.key}=${workers})`, true);
}

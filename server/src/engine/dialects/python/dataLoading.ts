import { byDefault, fromFile } from '../../facts';
import { appendItem, callSnap, type CallSnap } from '../../edit/pythonEdit';
import type { PyNode } from '../../formats/python';
import { numberKwargFix } from './edit/numberKwarg';
import type { LineIndex } from '../../formats/lineIndex';
import type { DataLoadingFacts, DataModality, Fact, Fix } from '../../types';
import { assignmentsTo, descendants, hasKwargsSplat, kwarg, numberValue, resolve, type CallInfo } from './query';
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
/** Calls that decode images (HF image processors, folders of images, TensorFlow's decoders). */
const IMAGE_CALLS = ['ImageFolder', 'AutoImageProcessor', 'AutoFeatureExtractor', 'Image.open', 'imread', 'decode_jpeg', 'decode_png', 'decode_image', 'decode_bmp', 'decode_gif', 'image_dataset_from_directory'];
const AUDIO_CALLS = ['decode_wav', 'audio_dataset_from_directory'];

const TORCH_DEFAULT = 'torch.utils.data.DataLoader loads data in the training process by default (num_workers=0)';
const HF_DEFAULT = 'transformers loads data in the training process by default (dataloader_num_workers=0)';

export interface DataLoadingPlan {
  call: CallSnap;
  key: 'num_workers' | 'dataloader_num_workers' | 'workers';
  /** tf.data: every sequential `.map` of the pipeline, given `num_parallel_calls=<tf>.data.AUTOTUNE`. */
  tfMaps?: { calls: CallSnap[]; tf: string };
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
  if (call) return fromFile<DataModality>('image', src.rangeOf(call.node), call.callee);
  const audio = s.calls.find((c) => AUDIO_CALLS.some((k) => c.callee.endsWith(k)));
  return audio ? fromFile<DataModality>('audio', src.rangeOf(audio.node), audio.callee) : undefined;
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
  if (!loader) {
    const tf = tfDataLoading(s, m);
    if (tf) return tf;
  }
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

/** Where a tf.data pipeline starts: a Dataset constructor, file listing, or a Keras directory loader. */
const TF_DATA_SOURCE = /\b(tf\.data\.|TFRecordDataset|from_tensor_slices|from_generator|list_files|(image|audio|text)_dataset_from_directory)/;
/**
 * Ops that make a map function stateful: tf.data's automatic map parallelisation (on by default,
 * `map_parallelization`) only rewrites stateless functions, so these keep a map sequential.
 * Stateless random ops (`tf.image.stateless_random_*`, `tf.random.stateless_*`) do not.
 */
const STATEFUL = /(^|\.)(random_[a-z_]+|uniform|normal|truncated_normal|shuffle|categorical|gamma|poisson|py_function|numpy_function|py_func)$/;
const STATEFUL_CONTEXT = /(^|\.)(image|random)\.[a-z_]+$|(^|\.)(py_function|numpy_function|py_func)$/;
const TF_SEQUENTIAL = "tf.data's `map` without num_parallel_calls runs its function on one thread, and automatic map parallelisation skips it (the function uses random or Python ops, which are stateful)";

/** The import name of TensorFlow (`tf` from `import tensorflow as tf`), when imported whole. */
function tensorflowName(s: Scan): string | undefined {
  const { src } = s;
  for (const n of descendants(src.root, 'import_statement')) {
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === 'aliased_import' && src.textOf(c.childForFieldName('name')!) === 'tensorflow') return src.textOf(c.childForFieldName('alias')!);
      if (c.type === 'dotted_name' && src.textOf(c) === 'tensorflow') return 'tensorflow';
    }
  }
  return undefined;
}

/** Does `expr` (a receiver, as written) build on a tf.data source, through up to 4 assignments? */
function fromTfData(s: Scan, expr: string, depth = 0): boolean {
  if (TF_DATA_SOURCE.test(expr)) return true;
  const head = /^[A-Za-z_][A-Za-z0-9_]*/.exec(expr)?.[0];
  if (!head || depth > 4) return false;
  return assignmentsTo(s.src, head).some((rhs) => fromTfData(s, s.src.textOf(rhs), depth + 1));
}

/** The body a map applies: a lambda, or a function defined in this file, with the functions it calls here (one level). */
function mapFunctionCalls(s: Scan, fn: PyNode | undefined): CallInfo[] {
  if (!fn) return [];
  const defs = descendants(s.src.root, 'function_definition');
  const bodyOf = (name: string) => defs.find((d) => s.src.textOf(d.childForFieldName('name')!) === name);
  const inside = (n: PyNode) => s.calls.filter((c) => c.node.startIndex >= n.startIndex && c.node.endIndex <= n.endIndex);
  const root = fn.type === 'lambda' ? fn : fn.type === 'identifier' ? bodyOf(s.src.textOf(fn)) : undefined;
  if (!root) return [];
  const direct = inside(root);
  const nested = direct.flatMap((c) => (c.callee === c.name ? inside(bodyOf(c.name) ?? c.node) : []));
  return [...direct, ...nested];
}

/**
 * tf.data: a `.map(fn)` without num_parallel_calls on a pipeline that decodes or augments images,
 * audio or video, whose function is stateful (so tf.data cannot parallelise it by itself).
 */
function tfDataLoading(s: Scan, m: Fact<DataModality> | undefined): { facts?: DataLoadingFacts; plan?: DataLoadingPlan } | undefined {
  const tf = tensorflowName(s);
  if (!tf) return undefined;
  const maps = s.calls.filter((c) => c.name === 'map' && c.callee !== 'map' && fromTfData(s, c.callee.slice(0, -'.map'.length)));
  if (!maps.length) return undefined;
  const sequential = maps.filter((c) => c.args.filter((a) => a.type !== 'keyword_argument').length < 2 && !c.kwargs.has('num_parallel_calls') && !hasKwargsSplat(c));
  // Only TensorFlow's own random/Python ops: numpy's random runs once, when the function is traced.
  const isStateful = (x: CallInfo) => x.callee.startsWith(`${tf}.`) && STATEFUL.test(x.callee) && STATEFUL_CONTEXT.test(x.callee) && !/stateless/.test(x.callee);
  const stateful = sequential.find((c) => mapFunctionCalls(s, c.args[0]).some(isStateful));
  const facts: DataLoadingFacts = { pipeline: 'tf.data' };
  if (m) facts.modality = m;
  if (!stateful) return { facts };
  facts.workers = byDefault(0, TF_SEQUENTIAL, s.src.rangeOf(stateful.node));
  const calls = sequential.map((c) => callSnap(s.src, c.node)).filter((c): c is CallSnap => !!c);
  const first = calls.find((c) => c.start === stateful.node.startIndex);
  return { facts, ...(first && { plan: { call: first, key: 'num_workers', tfMaps: { calls, tf } } }) };
}

/** `num_workers=N` on the DataLoader (or `dataloader_num_workers=N` on TrainingArguments). */
export function dataWorkersFix(text: string, lines: LineIndex, plan: DataLoadingPlan, workers: number): Fix | undefined {
  if (plan.tfMaps) {
    const { calls, tf } = plan.tfMaps;
    const edits = calls.flatMap((c) => appendItem(text, lines, c.args, `num_parallel_calls=${tf}.data.AUTOTUNE`));
    // Parallel map keeps the element order (deterministic by default): what is trained on is unchanged.
    return { title: `Decode in parallel: num_parallel_calls=${tf}.data.AUTOTUNE on ${calls.length === 1 ? 'the map' : `the ${calls.length} maps`} of the tf.data pipeline`, edits, safe: true };
  }
  // More worker processes change how data is fed, not what is trained on.
  return numberKwargFix(text, lines, plan.call, plan.key, workers, `Load data in ${workers} worker processes (${plan.key}=${workers})`, true);
}

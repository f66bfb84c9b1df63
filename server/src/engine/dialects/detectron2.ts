import * as posix from 'path/posix';
import type { Dialect } from '../dialect';
import { byDefault, fromFile, relocate } from '../facts';
import { exampleArchitecture } from '../cost/exampleFlops';
import { makeFix } from '../edit/fix';
import { insertPath } from '../edit/yamlEdit';
import { parseSource, type SourceDoc } from '../source';
import type { AnalysisContext, DatasetRef, Fact, Job, PrecisionMode, Range } from '../types';
import { anchorOf, configRoot, type ConfigNode } from './hf/configNode';
import { D2_FP32_REASON } from './launch/detectron2';

/**
 * detectron2 (yacs) configs: upper-case top-level keys (`MODEL`, `SOLVER`, `INPUT`, `DATASETS`) and
 * `_BASE_: "../Base-RCNN-FPN.yaml"` inheritance. The chain of bases is read through the workspace
 * (ctx.linked), each key taking the value of the nearest file that sets it; facts from a base carry
 * that file's uri. Defaults: detectron2/config/defaults.py (facebookresearch/detectron2 02b5c4e).
 */
export const detectron2Dialect: Dialect = {
  id: 'detectron2',
  formats: ['yaml'],
  detect: (doc, ctx) => detectDetectron2(doc, ctx),
};

const UPPER_KEY = /^[A-Z_][A-Z0-9_]*$/;
const D2_CHECKPOINT_REASON = 'detectron2 saves a checkpoint every SOLVER.CHECKPOINT_PERIOD = 5000 iterations by default (config/defaults.py)';
const MAX_BASES = 4;

/** A detectron2 config, not any YAML with a `SOLVER:` key: every top-level key upper-case, and a key only detectron2's schema has. */
export function isDetectron2Config(root: ConfigNode): boolean {
  const keys = root.entries().map((e) => e.key ?? '');
  if (!keys.length || !keys.every((k) => UPPER_KEY.test(k))) return false;
  const solver = root.get('SOLVER');
  const model = root.get('MODEL');
  const characteristic =
    (model?.shape === 'map' && (model.has('META_ARCHITECTURE') || model.has('ROI_HEADS') || model.has('RESNETS') || model.has('RPN'))) ||
    (solver?.shape === 'map' && (solver.has('IMS_PER_BATCH') || solver.has('MAX_ITER')));
  const base = root.get('_BASE_');
  return !!characteristic || (base?.shape === 'scalar' && /\.ya?ml$/i.test(base.str() ?? '') && keys.some((k) => ['MODEL', 'SOLVER', 'INPUT', 'DATASETS', 'DATALOADER', 'TEST'].includes(k)));
}

interface Setting {
  node: ConfigNode;
  /** The base file that sets it; undefined for the analysed file. */
  uri?: string;
}

/** `SOLVER.MAX_ITER` → node, for every leaf under the root (maps flattened, `_BASE_` left out). */
function flatten(root: ConfigNode, into: Map<string, Setting>, uri: string | undefined, prefix = ''): void {
  for (const e of root.entries()) {
    const k = e.key;
    if (!k || k === '_BASE_') continue;
    const name = prefix ? `${prefix}.${k}` : k;
    if (e.shape === 'map') flatten(e, into, uri, name);
    else if (!into.has(name)) into.set(name, { node: e, uri });
  }
}

async function detectDetectron2(doc: SourceDoc, ctx: AnalysisContext): Promise<Job[]> {
  const root = configRoot(doc);
  if (!root || doc.format !== 'yaml' || !isDetectron2Config(root)) return [];
  const settings = new Map<string, Setting>();
  flatten(root, settings, undefined);
  await readBases(root, ctx, settings);
  const name = posix.basename(ctx.path).replace(/\.ya?ml$/i, '');
  const fragment = /^Base-/i.test(name);
  const job: Job = {
    dialect: 'detectron2',
    name: `detectron2 config ${name}`,
    workload: 'training',
    anchor: anchorOf(doc, root),
    datasets: [],
    // The bases are inherited, not launched: listed here they would make every config that extends
    // a zoo config its "launcher" (launchMap.ts), judging e.g. retinanet_R_50_FPN_1x.yaml with the
    // 40 iterations of the quick_schedules test that extends it. Their facts carry their uri.
    linkedFiles: [],
    // A base (`Base-RCNN-FPN.yaml`) is composed by the configs that name it: their run, their cost.
    ...(fragment && { fragment: true }),
  };
  const fact = <T>(key: string, value: T): Fact<T> | undefined => {
    const s = settings.get(key);
    if (!s) return undefined;
    const f = fromFile(value, s.node.range(), key);
    return s.uri ? relocate(f, s.uri) : f;
  };
  const num = (key: string): Fact<number> | undefined => {
    const n = settings.get(key)?.node.num();
    return n !== undefined && n > 0 ? fact(key, n) : undefined;
  };

  const maxSteps = num('SOLVER.MAX_ITER');
  if (maxSteps) job.schedule = { maxSteps };
  const total = num('SOLVER.IMS_PER_BATCH');
  // Images per iteration across all GPUs (defaults.py): the launch that sets --num-gpus splits it.
  if (total) job.batch = { perDevice: total, gradientAccumulation: fact('SOLVER.IMS_PER_BATCH', 1)!, accumulationIsGlobal: fact('SOLVER.IMS_PER_BATCH', true)! };

  const amp = settings.get('SOLVER.AMP.ENABLED')?.node.bool();
  // A base states no run: the fp32 default is judged in the configs that extend it.
  if (amp !== undefined) job.precision = fact<PrecisionMode>('SOLVER.AMP.ENABLED', amp ? 'fp16' : 'fp32')!;
  else if (!fragment) job.precision = byDefault<PrecisionMode>('fp32', D2_FP32_REASON, job.anchor);

  const period = settings.get('SOLVER.CHECKPOINT_PERIOD')?.node.num();
  const periodFact = period !== undefined ? fact('SOLVER.CHECKPOINT_PERIOD', period) : undefined;
  job.checkpoint = periodFact
    ? { periodic: { ...periodFact, value: period! > 0 && (!maxSteps || period! < maxSteps.value) }, ...(period! > 0 && { intervalSteps: periodFact }) }
    : { periodic: byDefault(!maxSteps || maxSteps.value > 5000, D2_CHECKPOINT_REASON, job.anchor), intervalSteps: byDefault(5000, D2_CHECKPOINT_REASON, job.anchor) };
  const out = settings.get('OUTPUT_DIR')?.node.str();
  if (out) job.checkpoint.location = fact('OUTPUT_DIR', out);

  const model = modelOf(settings, fact) ?? zooName(name, job.anchor);
  if (model) job.model = { id: model };
  job.datasets = datasetsOf(settings, fact);
  // AMP set in this file (a base's `ENABLED: False` is overridden here, where the run is chosen).
  const yamlRoot = doc.docs[0];
  job.editor = {
    setPrecision: () => (job.precision?.value === 'fp16' ? undefined : makeFix('Train in fp16 mixed precision (SOLVER.AMP.ENABLED: True, detectron2 AMP)', [insertPath(yamlRoot, ['SOLVER', 'AMP', 'ENABLED'], true)], true)),
  };
  const workers = settings.get('DATALOADER.NUM_WORKERS')?.node.num();
  if (workers !== undefined && workers >= 0) job.dataLoading = { workers: fact('DATALOADER.NUM_WORKERS', workers)! };
  return [job];
}

/** Follows `_BASE_` (relative to the file that names it) through the workspace; nearer files win. */
async function readBases(root: ConfigNode, ctx: AnalysisContext, settings: Map<string, Setting>): Promise<void> {
  let base = root.get('_BASE_')?.str();
  let dir = '.';
  for (let depth = 0; base && depth < MAX_BASES; depth++) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(base) || base.includes('$')) break;
    const ref = posix.normalize(posix.join(dir, base));
    const hit = await ctx.linked(ref);
    if (!hit) break;
    const doc = await parseSource('yaml', hit.text);
    const r = configRoot(doc);
    if (!r) break;
    flatten(r, settings, hit.path);
    dir = posix.dirname(ref);
    base = r.get('_BASE_')?.str();
  }
}

type FactOf = <T>(key: string, value: T) => Fact<T> | undefined;

/**
 * The model as the exampleFlops table names it (`mask_rcnn_R_50_FPN`), from META_ARCHITECTURE,
 * MASK_ON, BACKBONE.NAME and RESNETS (DEPTH 50 and plain ResNet by default); C4/DC5 backbones,
 * keypoint heads and other architectures are not named. Cascade heads (CascadeROIHeads) are
 * counted; PointRend's as the standard ones (its point head is a few percent of the FLOPs).
 */
function modelOf(settings: Map<string, Setting>, fact: FactOf): Fact<string> | undefined {
  const arch = settings.get('MODEL.META_ARCHITECTURE')?.node.str();
  const backbone = settings.get('MODEL.BACKBONE.NAME')?.node.str() ?? '';
  // Keypoint heads (8 convs of 512 channels per RoI) are not counted: no model rather than a wrong one.
  if (!arch || !/fpn/i.test(backbone) || settings.get('MODEL.KEYPOINT_ON')?.node.bool()) return undefined;
  const head = arch === 'RetinaNet' ? 'retinanet' : arch === 'GeneralizedRCNN' ? (settings.get('MODEL.MASK_ON')?.node.bool() ? 'mask_rcnn' : 'faster_rcnn') : undefined;
  if (!head) return undefined;
  const depth = settings.get('MODEL.RESNETS.DEPTH')?.node.num() ?? 50;
  const groups = settings.get('MODEL.RESNETS.NUM_GROUPS')?.node.num() ?? 1;
  const width = settings.get('MODEL.RESNETS.WIDTH_PER_GROUP')?.node.num() ?? 64;
  const body = groups === 32 && width === 8 && depth === 101 ? 'X_101_32x8d' : groups === 1 && (depth === 50 || depth === 101) ? `R_${depth}` : undefined;
  if (!body) return undefined;
  const cascade = head !== 'retinanet' && settings.get('MODEL.ROI_HEADS.NAME')?.node.str() === 'CascadeROIHeads';
  const id = `${cascade ? 'cascade_' : ''}${head}_${body}_FPN`;
  return exampleArchitecture(id) ? fact('MODEL.META_ARCHITECTURE', id) : undefined;
}

/** A zoo-named config whose bases are not in the workspace: the name implies the model. */
function zooName(name: string, anchor: Range): Fact<string> | undefined {
  return exampleArchitecture(name) ? byDefault(name, `the model, implied by the config name ${name} (detectron2 model zoo naming); the _BASE_ chain that states it is not in the workspace`, anchor) : undefined;
}

/** DATASETS.TRAIN names registered datasets (`("coco_2017_train",)`); the table sizes COCO 2017. */
const REGISTERED: [RegExp, string][] = [[/^coco_2017_train$/, 'detection-datasets/coco']];

function datasetsOf(settings: Map<string, Setting>, fact: FactOf): Fact<DatasetRef>[] {
  const s = settings.get('DATASETS.TRAIN');
  if (!s) return [];
  const names = s.node.shape === 'seq' ? s.node.items().map((i) => i.str() ?? '') : (s.node.str() ?? '').match(/[\w.-]+/g) ?? [];
  const out: Fact<DatasetRef>[] = [];
  for (const n of names) {
    const id = REGISTERED.find(([re]) => re.test(n))?.[1];
    if (id) out.push(fact<DatasetRef>('DATASETS.TRAIN', { format: 'hub', path: id, reader: `DATASETS.TRAIN ${n}` })!);
  }
  return out;
}

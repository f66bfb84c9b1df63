// detectron2 launches: `tools/train_net.py --config-file configs/COCO-InstanceSegmentation/
// mask_rcnn_R_50_FPN_1x.yaml --num-gpus 8 SOLVER.IMS_PER_BATCH 16 SOLVER.MAX_ITER 90000`.
// The trailing `KEY VALUE` pairs (yacs overrides, argv.ts) state the schedule and the batch; the
// model-zoo config name implies the model, the schedule (`1x` = 90k iterations of 16 images) and,
// from its folder, the dataset. What the name implies is an assumption (the file may not be the
// zoo's); what the command states is a fact of this file.
// Defaults: detectron2/config/defaults.py (facebookresearch/detectron2 02b5c4e): SOLVER.AMP.ENABLED
// False, SOLVER.CHECKPOINT_PERIOD 5000; configs/Base-RCNN-FPN.yaml: IMS_PER_BATCH 16, MAX_ITER 90000.

import { byDefault, fromFile } from '../../facts';
import { exampleArchitecture } from '../../cost/exampleFlops';
import type { DatasetRef, Job } from '../../types';
import { basename, DETECTRON2_SCRIPT } from './argv';
import { fact } from './flagFacts';
import type { Flag, Invocation } from './types';

export const D2_FP32_REASON = 'detectron2 trains in fp32 unless SOLVER.AMP.ENABLED is True (config/defaults.py); nothing here turns AMP on';
const D2_CHECKPOINT_REASON = 'detectron2 saves a checkpoint every SOLVER.CHECKPOINT_PERIOD = 5000 iterations by default (config/defaults.py)';
const ZOO_SCHEDULE_ITERS = 90000;
const ZOO_BATCH = 16;
const D2_CHECKPOINT_PERIOD = 5000;
const PYTHON_FAMILY = new Set(['python', 'torchrun']);

/** A command running a detectron2 training script (or any script taking `--config-file X.yaml` and yacs overrides). */
export function isDetectron2Launch(inv: Invocation): boolean {
  if (!PYTHON_FAMILY.has(inv.program)) return false;
  if (DETECTRON2_SCRIPT.test(inv.script ?? '')) return true;
  return !!inv.flags.get('config_file') && [...inv.flags.values()].some((f) => f.key !== undefined);
}

const flagNumber = (f: Flag | undefined): number | undefined => {
  const n = f?.value !== undefined ? Number(f.value) : NaN;
  return Number.isFinite(n) && n > 0 ? n : undefined;
};

/** What the command line states: yacs overrides (`SOLVER.MAX_ITER`) or LazyConfig ones (`train.max_iter=`). */
export function detectron2StatedFacts(inv: Invocation): Partial<Job> {
  const job: Partial<Job> = {};
  if (!isDetectron2Launch(inv)) return job;
  const maxIterFlag = inv.flags.get('SOLVER.MAX_ITER') ?? inv.flags.get('train.max_iter');
  const maxIter = flagNumber(maxIterFlag);
  if (maxIterFlag && maxIter) job.schedule = { maxSteps: fact(maxIter, maxIterFlag) };

  const batchFlag = inv.flags.get('SOLVER.IMS_PER_BATCH') ?? inv.flags.get('dataloader.train.total_batch_size');
  const total = flagNumber(batchFlag);
  if (batchFlag && total) job.batch = globalBatch(total, inv, batchFlag);

  const periodFlag = inv.flags.get('SOLVER.CHECKPOINT_PERIOD') ?? inv.flags.get('train.checkpointer.period');
  const period = periodFlag?.value !== undefined ? Number(periodFlag.value) : NaN;
  if (periodFlag && Number.isFinite(period)) {
    job.checkpoint = { periodic: fact(period > 0 && (!maxIter || period < maxIter), periodFlag), ...(period > 0 && { intervalSteps: fact(period, periodFlag) }) };
  }
  return job;
}

/**
 * IMS_PER_BATCH counts the images of one iteration across all GPUs (config/defaults.py: "total
 * batch size"): each of the `--num-gpus` × `--num-machines` workers takes its share. Expressed
 * with the shared global-batch facts: per-GPU share × an accumulation that already spans the GPUs.
 */
function globalBatch(total: number, inv: Invocation, flag: Flag): NonNullable<Job['batch']> {
  const world = worldSize(inv);
  const accumulationIsGlobal = fact(true, flag);
  if (world <= 1 || !Number.isInteger(total / world)) return { perDevice: fact(total, flag), gradientAccumulation: fact(1, flag), accumulationIsGlobal };
  const key = flag.key ?? '--' + flag.name;
  return {
    perDevice: fromFile(total / world, flag.range, `${key} ${total} / ${world} GPUs`),
    gradientAccumulation: fromFile(world, flag.range, `${key} ${total} over ${world} GPUs`),
    accumulationIsGlobal,
  };
}

function worldSize(inv: Invocation): number {
  const gpus = flagNumber(inv.flags.get('num_gpus')) ?? 1;
  const machines = flagNumber(inv.flags.get('num_machines')) ?? 1;
  return Math.max(1, Math.round(gpus) * Math.round(machines));
}

/** The config file's name without folder and extension, and its folder: `mask_rcnn_R_50_FPN_1x`, `COCO-InstanceSegmentation`. */
function configName(inv: Invocation): { name: string; folder: string; flag: Flag } | undefined {
  const flag = inv.flags.get('config_file');
  if (!flag?.value || /\$/.test(flag.value)) return undefined;
  const parts = flag.value.replace(/\\/g, '/').split('/');
  const name = basename(flag.value).replace(/\.(ya?ml|py)$/i, '');
  return { name, folder: parts[parts.length - 2] ?? '', flag };
}

/** Datasets by the model zoo's config folders; only those the bundled dataset table sizes. */
const ZOO_FOLDERS: [RegExp, string, string][] = [
  [/^(COCO-|Misc$|Detectron1-|new_baselines$)/, 'detection-datasets/coco', 'COCO train2017'],
];

/**
 * What the model-zoo config name implies, for facts the command and its linked files left unset:
 * the model (`mask_rcnn_R_50_FPN_1x`), the schedule (`1x` = 90k iterations, `3x` = 270k, at 16
 * images per iteration: MODEL_ZOO.md "3x schedule (~37 COCO epochs)"; Base-RCNN-FPN.yaml), and the
 * dataset from the folder (`COCO-*` → COCO train2017). Each is an assumption with its reason.
 */
export function detectron2ImpliedFacts(inv: Invocation, job: Partial<Job>): Partial<Job> {
  const out: Partial<Job> = {};
  if (!isDetectron2Launch(inv)) return out;
  const cfg = configName(inv);
  if (!cfg) return out;
  const range = cfg.flag.valueRange ?? cfg.flag.range;
  const why = (what: string) => `${what}, implied by the config name ${cfg.name} (detectron2 model zoo naming); the config file is not in the workspace`;
  if (!job.model?.id && !job.model?.parameters && exampleArchitecture(cfg.name)) out.model = { id: byDefault(cfg.name, why('the model'), range) };
  const times = /(?:^|_)(\d+)x(?:_|$)/.exec(cfg.name);
  if (times && !job.schedule?.maxSteps && !job.schedule?.epochs) {
    const iters = Number(times[1]) * ZOO_SCHEDULE_ITERS;
    out.schedule = { maxSteps: byDefault(iters, why(`${times[1]}x schedule = ${times[1]} × ${ZOO_SCHEDULE_ITERS.toLocaleString('en-US')} iterations`), range) };
    if (!job.batch?.perDevice) {
      const reason = why(`${ZOO_BATCH} images per iteration across all GPUs (the zoo schedules' SOLVER.IMS_PER_BATCH)`);
      const world = worldSize(inv);
      const share = world > 1 && Number.isInteger(ZOO_BATCH / world) ? ZOO_BATCH / world : ZOO_BATCH;
      out.batch = { perDevice: byDefault(share, reason, range), gradientAccumulation: byDefault(ZOO_BATCH / share, reason, range), accumulationIsGlobal: byDefault(true, reason, range) };
    }
  }
  // new_baselines (LazyConfig): `100ep` = 100 passes over COCO (train.max_iter 184375 × 64 images).
  const epochs = /(?:^|_)(\d+)ep(?:_|$)/.exec(cfg.name);
  if (epochs && !times && !job.schedule?.maxSteps && !job.schedule?.epochs && !out.schedule) {
    out.schedule = { epochs: byDefault(Number(epochs[1]), why(`${epochs[1]} epochs`), range) };
  }
  const ds = ZOO_FOLDERS.find(([re]) => re.test(cfg.folder) || (cfg.folder === '' && /^Base-/.test(cfg.name)));
  if (ds && !(job.datasets ?? []).length) {
    out.datasets = [byDefault<DatasetRef>({ format: 'hub', path: ds[1], reader: `config folder ${cfg.folder}` }, `${ds[2]}, implied by the config folder ${cfg.folder} (the model zoo trains its ${cfg.folder} models on ${ds[2]})`, range)];
  }
  return out;
}

/** detectron2's own defaults for what neither the command nor a linked config states. */
export function detectron2DefaultFacts(inv: Invocation, job: Partial<Job>): Partial<Job> {
  if (!isDetectron2Launch(inv) || job.checkpoint?.periodic !== undefined) return {};
  // A run shorter than the period saves only its final model.
  const steps = job.schedule?.maxSteps?.value;
  const periodic = steps === undefined || steps > D2_CHECKPOINT_PERIOD;
  return { checkpoint: { periodic: byDefault(periodic, D2_CHECKPOINT_REASON, inv.range), ...(!job.checkpoint?.intervalSteps && { intervalSteps: byDefault(D2_CHECKPOINT_PERIOD, D2_CHECKPOINT_REASON, inv.range) }) } };
}

/**
 * A linked detectron2 config states IMS_PER_BATCH for all GPUs (per-GPU share unknown there); the
 * launch's `--num-gpus` × `--num-machines` splits it, as for a stated override.
 */
export function splitLinkedBatch(inv: Invocation, job: Partial<Job>): void {
  const b = job.batch;
  if (!isDetectron2Launch(inv) || !b?.perDevice || b.accumulationIsGlobal?.value !== true || (b.gradientAccumulation?.value ?? 1) !== 1) return;
  const world = worldSize(inv);
  const total = b.perDevice.value;
  if (world <= 1 || !Number.isInteger(total / world)) return;
  job.batch = { ...b, perDevice: { ...b.perDevice, value: total / world }, gradientAccumulation: { ...b.perDevice, value: world } };
}

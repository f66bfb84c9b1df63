// Ultralytics YOLO training settings -> job facts, for every place they are written: the `yolo`
// CLI's `key=value` arguments (launch/flagFacts.ts) and the keyword arguments of `model.train(...)`
// in a Python script (python/ultralytics.ts). A setting left out takes the value of Ultralytics'
// ultralytics/cfg/default.yaml (read at commit 00033e8f), stated as a default with that reason.

import { byDefault, fromFile } from '../facts';
import type { BatchFacts, CheckpointFacts, DatasetRef, Fact, HardwareRequest, ModelFacts, PrecisionMode, Range, ScheduleFacts } from '../types';

/** One setting as written: its text (quotes removed), where it is, and the key to cite. */
export interface YoloSetting {
  text: string;
  range: Range;
  key: string;
}

/**
 * A setting by name: as written; `'unknown'` when it is written but its value is not known here
 * (a command-line variable, an argparse value without a default, a `**kwargs` or `cfg=` file that
 * may hold it): then no fact, and no default either; undefined when it is not set at all.
 */
export type YoloSettings = (name: string) => YoloSetting | 'unknown' | undefined;

export interface YoloFacts {
  precision: Fact<PrecisionMode>;
  schedule: ScheduleFacts;
  batch: BatchFacts;
  checkpoint: CheckpointFacts;
  model: ModelFacts;
  hardware?: HardwareRequest;
  datasets: Fact<DatasetRef>[];
  workers?: Fact<number>;
}

const DEFAULTS = 'Ultralytics default.yaml';
export const YOLO_AMP_REASON = `${DEFAULTS}: amp: True (automatic mixed precision, torch.autocast float16 on CUDA)`;
const EPOCHS_REASON = `${DEFAULTS}: epochs: 100`;
const PATIENCE_REASON = `${DEFAULTS}: patience: 100 (training stops after 100 epochs without a better validation fitness)`;
const BATCH_REASON = `${DEFAULTS}: batch: 16 (images per step over all GPUs)`;
const IMGSZ_REASON = `${DEFAULTS}: imgsz: 640`;
const WORKERS_REASON = `${DEFAULTS}: workers: 8 (dataloader workers per GPU process)`;
const SAVE_REASON = `${DEFAULTS}: save: True writes last.pt (and best.pt) every epoch; save_period: -1 keeps no numbered copies`;
const RETENTION_REASON = 'Ultralytics overwrites last.pt and best.pt each epoch unless save_period is set';
const RESUME_REASON = `${DEFAULTS}: resume: False (a rerun starts a new run directory)`;

const TRUE = /^(true|1|yes|on)$/i;
const FALSE = /^(false|0|no|off|none)$/i;
const fact = <T>(value: T, s: YoloSetting): Fact<T> => fromFile(value, s.range, s.key);
const num = (s: YoloSetting | undefined): number | undefined => {
  if (!s || !/^-?\d+(\.\d+)?$/.test(s.text.trim())) return undefined;
  return Number(s.text.trim());
};

/** `yolov5s.pt` trains as YOLOv5su in the ultralytics package (checks.check_yolov5u_filename); its
 *  `yolov5s.yaml` builds the same anchor-free model (cfg/models/v5/yolov5.yaml). */
export function ultralyticsModelId(text: string): string {
  return text.replace(/(yolov5[nsmlx])(\.(pt|ya?ml))$/i, '$1u$2');
}

/** GPUs a `device` value selects: `0`, `0,1`, `[0, 1]`, `-1` (an idle one); `cpu`/`mps` none. */
function devices(s: YoloSetting): { gpus?: number; cpu?: boolean } {
  const v = s.text.trim().replace(/^[[(]|[\])]$/g, '').replace(/['"\s]/g, '').toLowerCase();
  if (v === 'cpu') return { cpu: true };
  if (!v || v === 'mps' || /[a-z$]/.test(v.replace(/cuda:?/g, ''))) return {};
  const ids = v.replace(/cuda:?/g, '').split(',').filter(Boolean);
  return ids.every((x) => /^-?\d+$/.test(x)) ? { gpus: ids.length } : {};
}

export function yoloFacts(settings: YoloSettings, anchor: Range): YoloFacts {
  const get = (name: string): YoloSetting | undefined => {
    const v = settings(name);
    return v === 'unknown' ? undefined : v;
  };
  /** A default applies only to a setting nothing may have set. */
  const unset = (name: string): boolean => settings(name) === undefined;
  // Precision: AMP unless `amp=False`.
  const amp = get('amp');
  const precision: Fact<PrecisionMode> = amp && FALSE.test(amp.text.trim())
    ? fact<PrecisionMode>('fp32', amp)
    : amp && TRUE.test(amp.text.trim())
      ? fact<PrecisionMode>('fp16', amp)
      : amp ? fact<PrecisionMode>('dynamic', amp) : unset('amp') ? byDefault<PrecisionMode>('fp16', YOLO_AMP_REASON, anchor) : { value: 'dynamic', source: { kind: 'default', reason: 'amp is set where this file cannot read it', range: anchor } };

  const schedule: ScheduleFacts = {};
  const epochs = get('epochs');
  const e = num(epochs);
  if (epochs && e !== undefined && e > 0) schedule.epochs = fact(e, epochs);
  else if (unset('epochs')) schedule.epochs = byDefault(100, EPOCHS_REASON, anchor);
  const time = get('time');
  const hours = num(time);
  if (time && hours !== undefined && hours > 0) schedule.hours = fact(hours, time);
  // EarlyStopping(patience): 0 means never (Ultralytics reads `patience or inf`).
  const patience = get('patience');
  const p = num(patience);
  if (patience && p !== undefined) schedule.earlyStopping = fact(p > 0, patience);
  else if (unset('patience')) schedule.earlyStopping = byDefault(true, PATIENCE_REASON, anchor);
  // Validation runs every epoch unless val=False.
  const val = get('val');
  if (val && FALSE.test(val.text.trim())) schedule.evaluation = fact(false, val);

  const hardware: HardwareRequest = {};
  const device = get('device');
  const d = device ? devices(device) : {};
  if (device && d.cpu) hardware.cpuOnly = true;
  else if (device && d.gpus) hardware.gpuCount = fact(d.gpus, device);
  const gpus = hardware.gpuCount?.value ?? 1;

  // `batch` is the total over the DDP processes, each takes batch // world_size; -1 or a fraction is AutoBatch.
  const batch: BatchFacts = {};
  const b = get('batch');
  const bn = num(b);
  if (b && bn !== undefined && Number.isInteger(bn) && bn > 0) {
    batch.perDevice = fromFile(Math.max(1, Math.floor(bn / gpus)), b.range, gpus > 1 ? `${b.key} (${bn} over ${gpus} GPUs)` : b.key);
  } else if (unset('batch')) {
    batch.perDevice = byDefault(Math.max(1, Math.floor(16 / gpus)), gpus > 1 ? `${BATCH_REASON}, ${Math.floor(16 / gpus)} per GPU` : BATCH_REASON, anchor);
  }
  const imgsz = get('imgsz');
  const sides = imgsz?.text.match(/\d+/g)?.map(Number) ?? [];
  // A [h, w] list trains at its larger side (Ultralytics: imgsz = max(imgsz) for training).
  if (imgsz && sides.length) batch.imageSize = fact(Math.max(...sides), imgsz);
  else if (unset('imgsz')) batch.imageSize = byDefault(640, IMGSZ_REASON, anchor);

  const checkpoint: CheckpointFacts = {};
  const save = get('save');
  const period = get('save_period');
  const pn = num(period);
  if (save && FALSE.test(save.text.trim())) checkpoint.periodic = fact(false, save);
  else if (save || unset('save')) {
    checkpoint.periodic = save ? fact(true, save) : byDefault(true, SAVE_REASON, anchor);
    // save_period=N keeps an epochN.pt every N epochs beside last.pt and best.pt, and never deletes one.
    if (period && pn !== undefined && pn >= 1) {
      checkpoint.savesPerEpoch = fact(1 / pn, period);
      checkpoint.retention = fact<number | 'all'>('all', period);
      checkpoint.keepLastAdvice = 'Ultralytics has no retention setting: raise `save_period` (fewer numbered saves) or drop it (`save_period=-1`): last.pt, to resume from, and best.pt are written every epoch regardless';
    } else if (unset('save_period')) {
      checkpoint.savesPerEpoch = byDefault(1, SAVE_REASON, anchor);
      checkpoint.retention = byDefault<number | 'all'>(2, RETENTION_REASON, anchor);
    }
  }
  const resume = get('resume');
  if (resume) checkpoint.resume = fact(!FALSE.test(resume.text.trim()), resume);
  else if (unset('resume')) checkpoint.resume = byDefault(false, RESUME_REASON, anchor);

  const model: ModelFacts = {};
  const m = get('model');
  if (m && m.text.trim()) {
    const written = m.text.trim();
    const id = ultralyticsModelId(written);
    model.id = fromFile(id, m.range, id === written ? m.key : `${m.key} (Ultralytics trains ${written} as ${id})`);
    // A `.yaml` model starts from random weights; a `.pt` from the checkpoint.
    if (/\.ya?ml$/i.test(written)) model.pretrained = fact(false, m);
    else if (/\.pt$/i.test(written)) model.pretrained = fact(true, m);
  }

  const datasets: Fact<DatasetRef>[] = [];
  const data = get('data');
  if (data && data.text.trim()) datasets.push(fact<DatasetRef>({ format: 'unknown', path: data.text.trim(), reader: `${data.key}=` }, data));

  const w = get('workers');
  const wn = num(w);
  const workers = w && wn !== undefined && wn >= 0 ? fact(wn, w) : unset('workers') ? byDefault(8, WORKERS_REASON, anchor) : undefined;

  return { precision, schedule, batch, checkpoint, model, ...(Object.keys(hardware).length && { hardware }), datasets, workers };
}

import { jobRun } from '../server/src/engine/savings';
import type { CostEstimate } from '../server/src/engine/cost/estimateTypes';
import { CALIBRATION_SOURCE, DATA_LOADING } from '../server/src/engine/evidence';
import { rangeFor, type Rule } from '../server/src/engine/rule';
import type { DataModality, Job, Saving } from '../server/src/engine/types';
import { fixesOf } from './ruleFixes';
import { usd } from './ruleMoney';

/** Workers the fix sets: the calibration's best point (8 workers on a 16-core host). */
export const WORKERS = 8;
/** Decoding these per sample costs CPU time; tokenised text and tensors do not. */
const DECODED: ReadonlySet<DataModality> = new Set(['image', 'audio', 'video']);
const WHAT: Record<string, string> = { image: 'images', audio: 'audio clips', video: 'video clips' };

/** Measured speed-up of 8 workers over loading in the training process (ResNet-50). */
export const WORKERS_SPEEDUP = DATA_LOADING.workers8 / DATA_LOADING.workers0;

/**
 * What the run saves when loading stops being the bottleneck: (1 − 1/speedup) of its cost and
 * hours, at the measured speed-up (an assumption for other pipelines).
 */
export function dataLoaderSaving(e: CostEstimate | undefined, speedup = WORKERS_SPEEDUP): Saving | undefined {
  const run = e && jobRun(e)?.usd;
  if (run === undefined || e?.hours === undefined) return undefined;
  const share = 1 - 1 / speedup;
  return {
    usdPerRun: run * share,
    hoursDelta: -e.hours * share,
    basis: `${speedup.toFixed(1)}x the samples/s with ${WORKERS} DataLoader workers (ResNet-50 calibration; assumes loading is the bottleneck as it was there)`,
  };
}

/**
 * dataloader-workers: images, audio or video decoded and augmented in the training process
 * (`num_workers=0`, transformers' default): the GPU waits for the CPU between steps.
 */
export const dataloaderWorkers: Rule = {
  id: 'dataloader-workers',
  title: 'Per-sample decoding in the training process (num_workers=0)',
  defaultSeverity: 'warning',
  check(job: Job, ctx) {
    if (job.workload !== 'training' || job.hardware?.cpuOnly) return [];
    const d = job.dataLoading;
    const m = d?.modality?.value;
    if (!d?.workers || d.workers.value !== 0 || !m || !DECODED.has(m)) return [];
    const where = rangeFor(d.workers, job);
    if (!where) return [];
    const s = d.workers.source;
    const how = s.kind === 'file' ? `\`${s.key}\` is 0` : s.kind === 'default' ? s.reason.replace(/\.$/, '') : 'no worker processes';
    const saving = dataLoaderSaving(ctx.estimate(job));
    const money = saving ? ` If loading is the bottleneck here too, that is ≈ ${usd(saving.usdPerRun)} and ${(-saving.hoursDelta!).toFixed(1)} h of this run.` : '';
    const tf = d.pipeline === 'tf.data';
    const measured =
      `In our measurement ResNet-50 trained at ${DATA_LOADING.workers0} images/s with num_workers=0 and the GPU busy about ` +
      `${Math.round(DATA_LOADING.gpuBusyAt0 * 100)}% of the time, vs ${DATA_LOADING.workers8.toLocaleString('en-US')} images/s with 8 workers ` +
      `(${WORKERS_SPEEDUP.toFixed(1)}x; ${CALIBRATION_SOURCE}${tf ? '; a PyTorch DataLoader, the same one-thread decoding bottleneck' : ''}).`;
    const advice = tf
      ? ' Pass `num_parallel_calls=tf.data.AUTOTUNE` to the map (and end the pipeline with `.prefetch(tf.data.AUTOTUNE)`).'
      : ` Use ${WORKERS} workers (up to the CPU cores per GPU) with pin_memory.`;
    const message = `Decodes and transforms ${WHAT[m]} ${tf ? 'on one thread' : 'in the training process'}: ${how}. The GPU waits for the CPU between steps. ${measured}${money}${advice}`;
    return [{ range: where, message, ...fixesOf(job.editor?.setDataWorkers?.(WORKERS)), ...(saving && { saving }) }];
  },
};

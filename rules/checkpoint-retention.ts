import { storagePrice } from '../server/src/engine/cost/storage';
import { CALIBRATION_SOURCE, CHECKPOINT } from '../server/src/engine/evidence';
import { rangeFor, type Rule } from '../server/src/engine/rule';
import type { Job, Saving } from '../server/src/engine/types';
import { jobParameters } from './jobSize';
import { fixesOf } from './ruleFixes';
import { gb, usd } from './ruleMoney';

/** Checkpoints a fix keeps: the latest few, enough to resume and to step back from a bad save. */
export const KEEP_CHECKPOINTS = 3;
/** Flag only runs that write at least this many checkpoints (a few are a choice, not a leak). */
const MIN_SAVES = 10;
/** Bytes per parameter of a full checkpoint: the calibration's 4.26 GB for 355M parameters (fp32 weights + two AdamW moments). */
const BYTES_PER_PARAM = (CHECKPOINT.sizeGB * 1e9) / CHECKPOINT.parameters;

/**
 * How many checkpoints one run writes, when the schedule says; and how that was counted. A time
 * limit that stops the run first (`stoppedAt`, the share of the work it gets through) cuts the count.
 */
export function savesPerRun(job: Job, stoppedAt?: number): { saves: number; how: string } | undefined {
  const c = job.checkpoint;
  const s = job.schedule;
  const share = stoppedAt !== undefined && stoppedAt > 0 && stoppedAt < 1 ? stoppedAt : 1;
  const cut = share < 1 ? `, of which the job's time limit (${timeLimitKey(job)}) lets it reach about ${Math.round(share * 100)}%` : '';
  if (c?.intervalSteps && s?.maxSteps) {
    const saves = Math.floor((s.maxSteps.value * share) / c.intervalSteps.value);
    return { saves, how: `${s.maxSteps.value.toLocaleString('en-US')} steps / a save every ${c.intervalSteps.value.toLocaleString('en-US')}${cut}` };
  }
  if (c?.savesPerEpoch && s?.epochs && !s.maxSteps) {
    const saves = Math.floor(s.epochs.value * c.savesPerEpoch.value * share);
    return { saves, how: `${s.epochs.value} epochs x ${c.savesPerEpoch.value} save${c.savesPerEpoch.value === 1 ? '' : 's'} per epoch${cut}` };
  }
  return undefined;
}

function timeLimitKey(job: Job): string {
  const src = job.schedule?.hours?.source;
  return src?.kind === 'file' ? src.key : 'time limit';
}

/**
 * What unkept checkpoints would cost in object storage for one month: (saves − kept) × size ×
 * price. The saving of limiting retention; one month is the stated assumption.
 */
export function checkpointRetentionSaving(extraCheckpoints: number, checkpointGB: number, price: ReturnType<typeof storagePrice>): Saving {
  return {
    usdPerRun: extraCheckpoints * checkpointGB * price.usdPerGbMonth,
    basis: `${extraCheckpoints} checkpoints x ${gb(checkpointGB)} x $${price.usdPerGbMonth}/GB-month (${price.service}, ${price.region}), kept one month`,
  };
}

/** How to keep only the last few, in the job's own tool. */
function keepAdvice(job: Job): string {
  // litgpt writes one step-N folder per save and has no setting that deletes old ones.
  // The tool's own way, when its dialect knows one (llm.c `-nk`, Ultralytics `save_period`).
  const own = job.checkpoint?.keepLastAdvice;
  if (own) return `${own}.`;
  if (job.name.toLowerCase().includes('litgpt'))
    return `litgpt has no retention setting: raise \`train.save_interval\` (fewer saves), or prune all but the last ${KEEP_CHECKPOINTS} step-* folders while it runs.`;
  return `Keep the last ${KEEP_CHECKPOINTS} (plus the best, which the Trainer keeps with load_best_model_at_end).`;
}

/**
 * checkpoint-retention: a run writes many checkpoints and keeps every one of them (HF
 * `save_total_limit` unset, Lightning `save_top_k: -1`), filling the disk and the bucket.
 */
export const checkpointRetention: Rule = {
  id: 'checkpoint-retention',
  title: 'Frequent checkpoints kept without a retention limit',
  defaultSeverity: 'info',
  check(job, ctx) {
    if (job.workload !== 'training') return [];
    const c = job.checkpoint;
    if (c?.periodic?.value !== true || c.retention?.value !== 'all') return [];
    const count = savesPerRun(job, ctx.estimate(job)?.stoppedAt);
    if (!count || count.saves < MIN_SAVES) return [];
    const where = rangeFor(c.retention, job);
    if (!where) return [];
    const mode = job.model?.trainingMode?.value;
    const size = mode === undefined || mode === 'full' ? jobParameters(job) : undefined;
    const how = c.retention.source.kind === 'file' ? `\`${c.retention.source.key}\` keeps every checkpoint` : c.retention.source.kind === 'default' ? c.retention.source.reason : 'every checkpoint is kept';
    let cost = '';
    let saving: Saving | undefined;
    const extra = count.saves - KEEP_CHECKPOINTS;
    if (size) {
      const each = (size.parameters * BYTES_PER_PARAM) / 1e9;
      const price = storagePrice(ctx.pricing.provider);
      const bucket = `${price.service} (${price.region})`;
      saving = checkpointRetentionSaving(extra, each, price);
      cost =
        ` At ≈ ${BYTES_PER_PARAM.toFixed(0)} B/parameter with AdamW state (${CHECKPOINT.sizeGB} GB for a 355M model, ${CALIBRATION_SOURCE}) ` +
        `each checkpoint of this ${(size.parameters / 1e9).toPrecision(2)}B-parameter model is ≈ ${gb(each)}: ${gb(each * count.saves)} in all, ` +
        `and the ${extra} beyond the last ${KEEP_CHECKPOINTS} cost ≈ ${usd(saving.usdPerRun)} per month in ${bucket} (list price, see the rule's documentation).`;
    } else if (mode === undefined || mode === 'full') {
      cost = ` A full checkpoint with AdamW state is ≈ ${BYTES_PER_PARAM.toFixed(0)} B/parameter (${CHECKPOINT.sizeGB} GB for a 355M model, ${CALIBRATION_SOURCE}).`;
    } else return []; // adapter checkpoints are small: keeping them all costs little
    const message =
      `Writes about ${count.saves} checkpoints per run (${count.how}) and ${how.replace(/\.$/, '')}: they pile up on the output disk (a full disk stops the run) ` +
      `and in any bucket they are synced to.${cost} ${keepAdvice(job)}`;
    const fix = job.editor?.limitCheckpoints?.(KEEP_CHECKPOINTS);
    return [{ range: where, message, ...fixesOf(fix), ...(saving && { saving }) }];
  },
};

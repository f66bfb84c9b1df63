import { CALIBRATION_SOURCE, CHECKPOINT } from '../server/src/engine/evidence';
import { rangeFor, type Rule } from '../server/src/engine/rule';
import { checkpointGap, isShortRun } from './checkpointFacts';
import { checkpointFix, fixesOf } from './ruleFixes';

/** Launchers whose machines or pods are routinely replaced, so a machine-local path is lost with them.
 *  On a workstation or a fixed VM, `/tmp` survives a crashed run, so it is not flagged there. */
const DISPOSABLE = new Set(['kubernetes', 'skypilot', 'sagemaker', 'vertex']);

function onDisposableMachine(job: { dialect: string }): boolean {
  return DISPOSABLE.has(job.dialect);
}

/**
 * no-checkpointing: a long training job writes no intermediate checkpoints, or writes them only
 * where a preemption or rescheduled pod destroys them. (Spot jobs are covered, more precisely, by
 * spot-without-checkpoint.)
 */
export const noCheckpointing: Rule = {
  id: 'no-checkpointing',
  title: 'Long training job without durable checkpoints',
  defaultSeverity: 'warning',
  check(job, ctx) {
    if (job.workload !== 'training' || job.spot?.value === true || isShortRun(job, ctx.estimate(job))) return [];
    // A CPU-only job loses CPU time, not the GPU budget this product watches.
    if (job.hardware?.cpuOnly) return [];
    const gap = checkpointGap(job, { needResume: false });
    if (!gap || (gap.kind === 'ephemeral' && !onDisposableMachine(job))) return [];
    const fact = gap.kind === 'none' ? job.checkpoint?.periodic : job.checkpoint?.storage ?? job.checkpoint?.location;
    const where = rangeFor(fact, job);
    if (!where) return [];
    const cost =
      `Saving is cheap: a ${CHECKPOINT.sizeGB.toFixed(1)} GB checkpoint (355M model + AdamW state) took ${CHECKPOINT.saveSeconds} s, ` +
      `about ${(CHECKPOINT.overheadAt30Min * 100).toFixed(1)}% of a run at one save per 30 min (${CALIBRATION_SOURCE}).`;
    const fix =
      gap.kind === 'none'
        ? 'Save periodically (e.g. every 30 min of training) to durable storage.'
        : 'Write checkpoints to a bucket or a persistent volume instead.';
    return [{ range: where, message: `This training job ${gap.detail}: a crash, preemption or node failure loses all progress. ${fix} ${cost}`, ...fixesOf(checkpointFix(job)) }];
  },
};

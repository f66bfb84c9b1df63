import { rangeFor, type Rule } from '../server/src/engine/rule';
import { checkpointGap, isShortRun } from './checkpointFacts';
import { checkpointFix, fixesOf } from './ruleFixes';

/**
 * spot-without-checkpoint: spot/preemptible capacity is requested, but nothing resumes the job
 * from a checkpoint that survives the preemption.
 */
export const spotWithoutCheckpoint: Rule = {
  id: 'spot-without-checkpoint',
  title: 'Spot capacity without resumable checkpoints',
  defaultSeverity: 'warning',
  check(job, ctx) {
    // A short run loses little to a preemption: it is simply retried (as spot-eligible assumes).
    if (job.spot?.value !== true || job.workload === 'inference' || job.workload === 'dev' || isShortRun(job, ctx.estimate(job))) return [];
    // Capacity declared in infrastructure code (a spot node group) holds no checkpoint facts: its workloads do.
    if (job.resource) return [];
    const where = rangeFor(job.spot, job);
    if (!where) return [];
    const c = job.checkpoint;
    const durable = c?.storage?.value === 'durable';
    const gap = checkpointGap(job, { needResume: true });
    let detail: string | undefined = gap?.detail;
    if (!detail && !durable) detail = 'has no checkpoint location that survives a preemption (a bucket, a persistent volume, checkpoint_s3_uri)';
    if (!detail) return [];
    return [
      {
        range: where,
        message:
          `Requests spot/preemptible capacity, but the job ${detail}. Spot machines are reclaimed with ` +
          `seconds to minutes of notice (AWS 2 min, GCP 30 s), and each reclaim restarts training from ` +
          `step 0, so repeated work eats the spot discount. Save checkpoints periodically to durable ` +
          `storage and resume from the latest one on restart.`,
        ...fixesOf(checkpointFix(job)),
      },
    ];
  },
};

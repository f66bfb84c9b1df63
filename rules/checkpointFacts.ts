import type { CostEstimate } from '../server/src/engine/cost/estimateTypes';
import type { Job } from '../server/src/engine/types';

// Shared reading of a job's checkpoint facts, so no-checkpointing and spot-without-checkpoint
// agree on what "survives a lost machine" means.

/** Steps below which a run is too short for intermediate checkpoints to matter. */
const SHORT_RUN_STEPS = 1000;
const SHORT_RUN_HOURS = 1;

/**
 * A predicted run this short is short even if the estimate is 10x off (the published-runs test
 * keeps most within ±35%): a 2-minute demo on MNIST needs no checkpoints.
 */
const SHORT_PREDICTED_HOURS = SHORT_RUN_HOURS / 10;

/**
 * True when the job states it is short (few steps or hours), or its estimate, sized on the work
 * the file states, predicts it far under an hour: losing it costs little.
 */
export function isShortRun(job: Job, estimate?: CostEstimate): boolean {
  const s = job.schedule;
  if (s?.hours && s.hours.value > 0 && s.hours.value < SHORT_RUN_HOURS) return true;
  if (s?.maxSteps && s.maxSteps.value > 0 && s.maxSteps.value < SHORT_RUN_STEPS) return true;
  return estimate?.hours !== undefined && !estimate.reference && estimate.hours > 0 && estimate.hours < SHORT_PREDICTED_HOURS;
}

export type CheckpointGap =
  | { kind: 'none'; detail: string }
  | { kind: 'ephemeral'; detail: string }
  | { kind: 'no-resume'; detail: string };

/** What stops this job from surviving the loss of its machine, or undefined when nothing does / we can't tell. */
export function checkpointGap(job: Job, opts: { needResume: boolean }): CheckpointGap | undefined {
  const c = job.checkpoint;
  if (!c) return undefined;
  if (c.periodic?.value === false) {
    const s = c.periodic.source;
    const why = s.kind === 'file' ? `\`${s.key}\` turns periodic saving off` : s.kind === 'default' ? s.reason.replace(/\.$/, '') : 'no periodic save is set';
    return { kind: 'none', detail: `saves no intermediate checkpoints (${why})` };
  }
  if (c.storage?.value === 'ephemeral') {
    const where = c.location ? `\`${c.location.value}\`` : 'a machine-local path';
    return { kind: 'ephemeral', detail: `writes checkpoints to ${where}, which does not survive losing the machine or pod` };
  }
  if (opts.needResume && c.resume?.value === false) {
    const s = c.resume.source;
    return { kind: 'no-resume', detail: `does not resume from its checkpoints${s.kind === 'file' ? ` (\`${s.key}\`)` : ''}` };
  }
  return undefined;
}

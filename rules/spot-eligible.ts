import { jobRun } from '../server/src/engine/savings';
import { rangeFor, type Rule } from '../server/src/engine/rule';
import type { CostEstimate } from '../server/src/engine/cost/estimateTypes';
import type { Job } from '../server/src/engine/types';
import { checkpointGap, isShortRun } from './checkpointFacts';
import { fixesOf, spotFix } from './ruleFixes';

/**
 * Extra wall time assumed for running on spot: restarts plus the work redone since the last
 * checkpoint. An assumption, not a measurement: AWS's Spot Instance Advisor puts most instance
 * types in its lowest interruption band (< 5% of instances reclaimed per month), GPU types run higher.
 */
export const PREEMPTION_OVERHEAD = 0.1;
/** Below this discount the switch is not worth a finding. */
const MIN_DISCOUNT = 0.2;

/**
 * spot-eligible: a training job runs on on-demand capacity although it already survives losing its
 * machine (periodic checkpoints on durable storage and resume), or is short enough to simply retry.
 */
export const spotEligible: Rule = {
  id: 'spot-eligible',
  title: 'Fault-tolerant training on on-demand capacity',
  defaultSeverity: 'info',
  check(job, ctx) {
    if (job.workload !== 'training' || job.spot?.value !== false) return [];
    const hw = job.hardware;
    if (!hw || hw.unresolved || hw.cpuOnly || (!hw.gpu && !hw.instanceType)) return [];
    const why = tolerance(job);
    if (!why) return [];
    const est = ctx.estimate(job);
    const od = est?.onDemandPerHour;
    const spot = est?.spotPerHour;
    if (!est || od === undefined || spot === undefined || !(od > 0) || spot > od * (1 - MIN_DISCOUNT)) return [];
    const where = rangeFor(job.spot, job);
    if (!where) return [];

    const label = est.hardwareLabel ?? 'this hardware';
    const prices = `${label}: $${od.toFixed(2)}/h on-demand vs $${spot.toFixed(2)}/h spot (${Math.round((1 - spot / od) * 100)}% less; catalog list prices${placeOf(est)})`;
    const run = perRun(est, job);
    const hours = run && (run.limit ? `up to ${run.hours.toFixed(1)} h, the job's time limit` : `${run.hours.toFixed(1)} h predicted`);
    const saved = run
      ? ` — saves ${run.limit ? 'up to' : '≈'} $${money(run.usd)} per run (${hours}; spot run assumed ${Math.round(PREEMPTION_OVERHEAD * 100)}% longer for preemptions and redone work).`
      : `. Add \`# mlcost: hours=\` for a per-run figure.`;
    const message =
      `Runs on on-demand capacity, but the job ${why}: spot capacity would cost far less. ${prices}${saved} ` +
      `Preemptions add wall time (AWS reclaims with 2 min notice; its Spot Instance Advisor reports monthly interruption rates from < 5% to > 20% by instance type).`;
    const saving = run && { usdPerRun: run.usd, hoursDelta: run.hours * PREEMPTION_OVERHEAD, basis: `catalog spot vs on-demand price × ${hours}, ${Math.round(PREEMPTION_OVERHEAD * 100)}% preemption overhead assumed` };
    return [{ range: where, message, ...fixesOf(spotFix(job)), ...(saving && { saving }) }];
  },
};

/** Why losing the machine would cost little, or undefined when it would cost the run. */
function tolerance(job: Job): string | undefined {
  const c = job.checkpoint;
  const durable = c?.storage?.value === 'durable' && c.storage.source.kind !== 'default';
  // Resume must be stated (a flag, `auto_resume_from_checkpoints`, SageMaker's checkpoint sync): a
  // script that only writes checkpoints starts over after a preemption.
  if (durable && c?.resume?.value === true && !checkpointGap(job, { needResume: true }) && c.periodic?.value !== false) {
    const where = c?.location ? ` in \`${c.location.value}\`` : '';
    return `already checkpoints to durable storage${where} and resumes from it`;
  }
  if (isShortRun(job)) return 'is short (under an hour or 1,000 steps) and safe to retry';
  return undefined;
}

/** The run's saving; `limit` when its hours are only the job's time limit (SageMaker max_run), an upper bound. */
function perRun(est: CostEstimate, job: Job): { usd: number; hours: number; limit: boolean } | undefined {
  const { hours, runCostOnDemand, runCostSpot } = est;
  if (!jobRun(est) || hours === undefined || runCostOnDemand === undefined || runCostSpot === undefined) return undefined;
  const usd = runCostOnDemand - runCostSpot * (1 + PREEMPTION_OVERHEAD);
  const limit = est.tokensPerSecond === undefined && job.schedule?.hours !== undefined && job.schedule.hours.source.kind !== 'annotation';
  return usd > 0 ? { usd, hours, limit } : undefined;
}

function placeOf(est: CostEstimate): string {
  const where = [est.provider?.toUpperCase(), est.region].filter(Boolean).join(' ');
  return where ? `, ${where}` : '';
}

function money(usd: number): string {
  return usd >= 100 ? Math.round(usd).toLocaleString('en-US') : usd.toFixed(2);
}

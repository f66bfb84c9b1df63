import { rangeFor, type Rule } from '../server/src/engine/rule';
import { billedPerHour, hourlySaving } from '../server/src/engine/savings';
import type { Job } from '../server/src/engine/types';
import { usd } from './iacMoney';
import { USED_HOURS_PER_MONTH } from '../server/src/engine/cost/estimate';
import { fixesOf } from './ruleFixes';

/**
 * serving-autoscaling: GPU inference that keeps replicas running that no traffic needs: a fixed
 * fleet with no autoscaler (a Deployment with no HPA/KEDA, a SageMaker endpoint with no application
 * auto scaling, a SeldonDeployment with no hpaSpec, KServe with minReplicas = maxReplicas), or an
 * autoscaler whose floor keeps warm replicas where the platform could scale to zero (KServe
 * Serverless `minReplicas` ≥ 1).
 *
 * What is idle: replicas above the floor the platform allows (zero where it can scale to zero, else
 * one). The money assumes the traffic needs the whole fleet only during working hours (8 h a working
 * day, as no-autostop assumes for people), so those replicas idle the rest of the month.
 */
export const servingAutoscaling: Rule = {
  id: 'serving-autoscaling',
  title: 'GPU inference with fixed replicas and no autoscaler',
  defaultSeverity: 'warning',
  check(job, ctx) {
    const s = job.scaling;
    if (job.workload !== 'inference' || !s?.autoscaled || !s.min) return [];
    if (job.resource && job.resource.kind !== 'endpoint') return [];
    if (job.hardware?.cpuOnly) return [];
    const replicas = s.min.value;
    const zero = s.scaleToZero?.value === true;
    // An autoscaler whose floor is the platform's own floor leaves nothing idle.
    if (s.autoscaled.value && !zero) return [];
    const floor = zero ? 0 : 1;
    const idle = replicas - floor;
    if (!(idle > 0)) return [];
    const where = rangeFor(s.min, job);
    if (!where) return [];

    const month = job.resource?.hoursPerMonth?.value ?? ctx.pricing.hoursPerMonth ?? 730;
    const offHours = Math.max(0, month - USED_HOURS_PER_MONTH);
    const e = ctx.estimate(job);
    const nodes = job.hardware?.nodes?.value ?? replicas;
    // Replicas on spot capacity idle at the spot price.
    const billed = billedPerHour(e);
    const perReplica = billed && nodes > 0 ? billed.usd / nodes : undefined;
    const priceKind = billed?.spot ? 'spot' : 'on-demand';
    const saving =
      perReplica !== undefined
        ? hourlySaving(idle * perReplica, 0, Math.round(offHours), `${idle} of ${replicas} GPU replicas off outside working hours (an assumption: full traffic 8 h a working day), catalog ${priceKind} price`)
        : undefined;
    const money =
      perReplica !== undefined
        ? ` If traffic needs ${replicas === 1 ? 'it' : replicas === 2 ? 'both' : `all ${replicas}`} only 8 hours a working day (${Math.round(USED_HOURS_PER_MONTH)} h a month, an assumption), ${idle} replica${idle === 1 ? '' : 's'} idle about ${Math.round(offHours)} h a month: ≈ ${usd(idle * perReplica * offHours)}/month at ${usd(perReplica)}/h${billed?.spot ? ' spot' : ''} per replica${e?.hardwareLabel ? ` of ${e.hardwareLabel}` : ''}.`
        : ` Name the GPU model (a node selector or instance type) to price the idle replica${idle === 1 ? '' : 's'}.`;
    return [
      {
        range: where,
        message: `${what(job, replicas)}${why(job)}${money} ${advice(job)}`,
        ...(saving && { saving }),
        ...fixesOf(job.editor?.addAutoscaling?.({ min: floor, max: Math.max(replicas, job.scaling?.max?.value ?? replicas) })),
      },
    ];
  },
};

function reason(f: { source: { kind: string; reason?: string } } | undefined): string | undefined {
  return f?.source.kind === 'default' ? f.source.reason : undefined;
}

function what(job: Job, replicas: number): string {
  const s = job.scaling!;
  const n = `${replicas} GPU replica${replicas === 1 ? '' : 's'}`;
  const key = s.min!.source.kind === 'file' ? s.min!.source.key : 'minReplicas';
  if (s.autoscaled!.value) return `${job.name} keeps ${n} running with no traffic (${key} ${replicas})`;
  return `${job.name} runs a fixed ${n}`;
}

function why(job: Job): string {
  const s = job.scaling!;
  if (s.autoscaled!.value) {
    const zero = reason(s.scaleToZero);
    const src = s.scaleToZero?.source;
    return zero ? `; ${zero}.` : `; its ${src?.kind === 'file' ? src.key : 'autoscaler'} can scale it to zero.`;
  }
  const fixed = reason(s.autoscaled) ?? (s.autoscaled!.source.kind === 'file' ? `${s.autoscaled!.source.key} turns autoscaling off` : 'nothing scales it');
  const noZero = s.scaleToZero?.value === false ? reason(s.scaleToZero) : undefined;
  return ` (${fixed}${noZero ? `; ${noZero}` : ''}), so it pays for peak capacity around the clock.`;
}

function advice(job: Job): string {
  const s = job.scaling!;
  if (s.autoscaled!.value) return `Set ${s.howToScale ?? 'minReplicas: 0'} if a cold start (pulling the image and loading the model) is acceptable for the first request after idle.`;
  return `Scale it with ${s.howToScale ?? 'an autoscaler (minimum 1)'}.`;
}

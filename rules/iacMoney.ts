import type { RuleContext } from '../server/src/engine/rule';
import { billedPerHour } from '../server/src/engine/savings';
import type { Job } from '../server/src/engine/types';

// Money wording shared by the cloud rules (missing-cost-tags, no-autostop): a resource's monthly
// figure from the cost model, in the units a bill uses.

/** `$1,240` style: whole dollars, three significant figures above $1,000. */
export function usd(n: number): string {
  if (n < 10) return `$${n.toFixed(2)}`;
  const r = n < 1000 ? Math.round(n) : Number(n.toPrecision(3));
  return `$${r.toLocaleString('en-US')}`;
}

/** `≈ $1,240/month (always on, 730 h at $1.70/h)`, or undefined when the resource cannot be priced. */
export function monthlyText(job: Job, ctx: RuleContext): string | undefined {
  const e = ctx.estimate(job);
  const m = e?.monthly;
  const billed = billedPerHour(e);
  if (m?.onDemand === undefined || !billed) return undefined;
  // A machine on spot capacity is billed at spot.
  if (billed.spot && m.spot !== undefined) return `≈ ${usd(m.spot)}/month on spot (${m.basis}, ${usd(billed.usd)}/h spot)`;
  if (e?.onDemandPerHour === undefined) return undefined;
  return `≈ ${usd(m.onDemand)}/month (${m.basis}, ${usd(e.onDemandPerHour)}/h on-demand)`;
}

// The text of the cost lenses, from the engine's CostEstimate. Pure: no LSP, no look-ups.
import type { CostEstimate } from '../../engine/cost/estimateTypes';
import { referenceText } from '../../engine/cost/referenceText';
import { hoursText, usdEstimate, usdRate } from './money';

/** `$40.97/h on-demand, $12.29/h spot` (spot left out when the catalog has none). */
export function ratesText(onDemand: number, spot: number | undefined): string {
  return spot !== undefined ? `${usdRate(onDemand)}/h on-demand, ${usdRate(spot)}/h spot` : `${usdRate(onDemand)}/h on-demand`;
}

/**
 * The lens on a job's anchor line:
 *   `≈ $1,240/run · 310 GPU-h on 8×A100-80GB (p4de.24xlarge) · $40.97/h on-demand, $12.29/h spot`
 *   `$40.97/h on 8×A100-80GB (p4de.24xlarge) · set tokens to estimate a run`
 *   `mlcost: set hardware to estimate cost`
 */
export function jobLensTitle(e: CostEstimate): string {
  const title = jobLensCore(e);
  // What the file does not say, and what the figure stands on instead (issue 10).
  return [title, referenceText(e), e.hardwareAssumed].filter(Boolean).join(' · ');
}

function jobLensCore(e: CostEstimate): string {
  const on = e.hardwareAssumed ? '' : e.hardwareLabel ? ` on ${e.hardwareLabel}` : '';
  // A bucket of stated size: storage per month, no machine.
  if (e.resourceKind === 'bucket' && e.monthly?.onDemand !== undefined) return `≈ ${usdEstimate(e.monthly.onDemand)}/month storage (${e.monthly.basis})`;
  if (e.onDemandPerHour === undefined) {
    if (!e.hardwareLabel) {
      // Nothing priced: still show what is known, and the one thing to add.
      const known = e.tokens !== undefined ? `${e.tokens.toExponential(1).replace('e+', 'e')} tokens · ` : '';
      return `mlcost: ${known}${e.missing ?? 'set hardware (or mlcost.defaultHardware) to estimate cost'}`;
    }
    return `${e.hardwareLabel}: ${e.missing ?? 'no catalog price; add one in mlcost.pricing.overridesFile'}`;
  }
  const rates = ratesText(e.onDemandPerHour, e.spotPerHour);
  const run = e.usesSpot && e.runCostSpot !== undefined ? e.runCostSpot : e.runCostOnDemand;
  if (run === undefined && e.monthly?.onDemand !== undefined) {
    // What has no run (a declared machine, node group, endpoint, service or dev box): Infracost-style monthly figure first.
    const month = e.usesSpot && e.monthly.spot !== undefined ? `${usdEstimate(e.monthly.spot)}/month on spot` : `${usdEstimate(e.monthly.onDemand)}/month`;
    return [`≈ ${month} (${e.monthly.basis})`, `${usdRate(e.onDemandPerHour)}/h${on}`, ...(e.spotPerHour !== undefined ? [`${usdRate(e.spotPerHour)}/h spot`] : [])].join(' · ');
  }
  if (run === undefined) return `${usdRate(e.onDemandPerHour)}/h${on} · ${e.missing ?? 'set tokens, steps or hours to estimate a run'}`;
  const basis = e.usesSpot && e.runCostSpot !== undefined ? '/run on spot' : '/run';
  const work = e.gpuHours !== undefined ? `${hoursText(e.gpuHours)} GPU-h` : e.hours !== undefined ? `${hoursText(e.hours)} h` : '';
  // A run bounded by its time limit (the work unknown) costs at most this.
  return [`${e.hoursAtMost ? '≤' : '≈'} ${usdEstimate(run)}${basis}`, `${work}${on}`.trim(), rates].filter(Boolean).join(' · ');
}

/** What the job lens says while it is still unresolved (never shown by clients that resolve). */
export const PLACEHOLDER_TITLE = 'mlcost: estimating…';

/** The lens on a line that names hardware: `$27.45/h on-demand · $9.73/h spot (p4de.24xlarge, aws us-east-1)`. */
export function hardwareLensTitle(p: { onDemand: number; spot?: number; instanceType?: string; provider?: string; region?: string; perNode?: boolean }): string {
  const where = [p.instanceType, [p.provider, p.region].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  const spot = p.spot !== undefined ? ` · ${usdRate(p.spot)}/h spot` : '';
  return `${usdRate(p.onDemand)}/h on-demand${spot}${p.perNode ? ' per node' : ''}${where ? ` (${where})` : ''}`;
}

import type { Assumption } from '../engine/cost/estimateTypes';
import { referenceText } from '../engine/cost/referenceText';
import type { HardwareOption } from '../engine/cost/options';
import { compareText } from './collectFiles';
import type { CheckReport } from './report';

/** One job's estimate as the CLI prints it: 1-based line, USD figures, assumptions with sources. */
export interface LocatedEstimate {
  file: string;
  line: number;
  job: string;
  /** `training`, `batch-inference` (ends: a run cost), `inference` (a service: per month), `dev`, ... */
  workload: string;
  hardware?: string;
  onDemandPerHour?: number;
  spotPerHour?: number;
  usesSpot: boolean;
  hours?: number;
  /** The hours are the job's time limit (the work is unknown): the run figures are upper bounds. */
  hoursAtMost?: boolean;
  gpuHours?: number;
  runCostOnDemand?: number;
  runCostSpot?: number;
  monthly?: { onDemand?: number; spot?: number; basis: string };
  missing?: string;
  /** The file names no hardware: what the estimate assumed (`hardware not stated: on 1×L4, …`). */
  hardwareAssumed?: string;
  /** The tokens are not stated in the file. */
  workAssumed?: boolean;
  /** What the file does not say at all, filled with a reference workload (a typical model size or
   *  dataset), and what to add: the run cost is a placeholder, kept out of savings and the budget. */
  reference?: string;
  /** Hardware options for the job (same work each), per run: see docs/cost-model.md. */
  options?: HardwareOption[];
  assumptions: Assumption[];
}

export function locatedEstimates(report: CheckReport): LocatedEstimate[] {
  const out: LocatedEstimate[] = [];
  for (const f of report.files) {
    for (const e of f.estimates ?? []) {
      out.push({
        file: f.display,
        line: e.anchor.start.line + 1,
        job: e.jobName,
        workload: e.workload,
        hardware: e.hardwareLabel,
        onDemandPerHour: round(e.onDemandPerHour),
        spotPerHour: round(e.spotPerHour),
        usesSpot: e.usesSpot,
        hours: round(e.hours),
        ...(e.hoursAtMost && { hoursAtMost: true }),
        gpuHours: round(e.gpuHours),
        runCostOnDemand: round(e.runCostOnDemand),
        runCostSpot: round(e.runCostSpot),
        ...(e.monthly && { monthly: { onDemand: round(e.monthly.onDemand), spot: round(e.monthly.spot), basis: e.monthly.basis } }),
        ...(e.missing && { missing: e.missing }),
        ...(e.hardwareAssumed && { hardwareAssumed: e.hardwareAssumed }),
        ...(e.workAssumed && { workAssumed: true }),
        ...(referenceText(e) && { reference: referenceText(e) }),
        ...(e.options && {
          options: e.options.map((o) => ({
            ...o,
            onDemandPerHour: round(o.onDemandPerHour)!,
            spotPerHour: round(o.spotPerHour),
            tokensPerSecond: o.tokensPerSecond !== undefined ? Math.round(o.tokensPerSecond) : undefined,
            scaling: round(o.scaling),
            hours: round(o.hours),
            runCostOnDemand: round(o.runCostOnDemand),
            runCostSpot: round(o.runCostSpot),
            usdPerBillionTokens: round(o.usdPerBillionTokens),
          })),
        }),
        assumptions: e.assumptions,
      });
    }
  }
  return out.sort((a, b) => compareText(a.file, b.file) || a.line - b.line);
}

/** `16×A100-80GB (p4de.24xlarge) $27.45/h on-demand, $9.73/h spot · 15.3 h · ≈ $420 per run`. */
export function estimateSummary(e: LocatedEstimate): string {
  const parts: string[] = [e.hardware ?? 'hardware unknown'];
  if (e.onDemandPerHour !== undefined) parts[0] += ` $${e.onDemandPerHour.toFixed(2)}/h on-demand${e.spotPerHour !== undefined ? `, $${e.spotPerHour.toFixed(2)}/h spot` : ''}`;
  if (e.hours !== undefined) parts.push(`${e.hours < 10 ? e.hours.toFixed(2) : e.hours.toFixed(1)} h`);
  const run = e.usesSpot && e.runCostSpot !== undefined ? e.runCostSpot : e.runCostOnDemand;
  if (run !== undefined) parts.push(`${e.hoursAtMost ? '≤' : '≈'} ${usd(run)} per run${e.usesSpot && e.runCostSpot !== undefined ? ' (spot)' : ''}`);
  if (e.monthly?.onDemand !== undefined) {
    const spot = e.usesSpot && e.monthly.spot !== undefined;
    parts.push(`≈ ${usd(spot ? e.monthly.spot! : e.monthly.onDemand)}/month${spot ? ' on spot' : ''} (${e.monthly.basis})`);
  }
  if (e.missing) parts.push(e.missing);
  if (e.reference) parts.push(e.reference);
  if (e.hardwareAssumed) parts.push(e.hardwareAssumed);
  return parts.join(' · ');
}

function usd(x: number): string {
  return x >= 100 ? `$${Math.round(x).toLocaleString('en-US')}` : `$${x.toFixed(2)}`;
}

/** Cents for money, 0.01 h for time: enough for a report, stable for tests. */
function round(x: number | undefined): number | undefined {
  return x === undefined ? undefined : Math.round(x * 100) / 100;
}

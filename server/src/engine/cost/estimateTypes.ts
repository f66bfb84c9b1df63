import type { FactSource, Range, Workload } from '../types';
import type { HardwareOption } from './options';

// The cost estimate of one job: what the CodeLens, hover, CLI and budget show. Produced by
// estimate.ts from a Job + the price catalog + settings; pure data, no I/O.

export interface PricingSettings {
  /** Restrict catalog look-ups to one provider (`aws`, `gcp`, `azure`, `lambda`). */
  provider?: string;
  region?: string;
  /** Rows that replace catalog prices (negotiated rates), already parsed and validated. */
  overrides?: PriceOverride[];
  /** Hardware assumed when a job names none, e.g. `A100:8` or `p4d.24xlarge`. */
  defaultHardware?: string;
  /** Hours in a month for monthly figures (default 730). */
  hoursPerMonth?: number;
}

export interface PriceOverride {
  instanceType: string;
  provider?: string;
  region?: string;
  onDemand?: number;
  spot?: number;
}

/** Where an assumption comes from, for the breakdown table. */
export type AssumptionSource =
  | FactSource
  | { kind: 'catalog'; detail: string }
  | { kind: 'calibration'; detail: string }
  | { kind: 'model'; detail: string };

export interface Assumption {
  /** What is assumed: `GPUs`, `tokens`, `MFU`, `price (on-demand)`... */
  name: string;
  /** Human-readable value: `8×A100-80GB`, `2.1e9 tokens`, `0.32`. */
  value: string;
  source: AssumptionSource;
}

export interface CostEstimate {
  /** The job's anchor line: where the CodeLens goes. */
  anchor: Range;
  jobName: string;
  /** What is priced: a training run, a bounded inference job (it ends: a run cost), a service or dev machine (per month). */
  workload: Workload | 'batch-inference';
  /** E.g. `8×A100-80GB (p4de.24xlarge)`; undefined when no hardware is known or assumed. */
  hardwareLabel?: string;
  instanceType?: string;
  provider?: string;
  region?: string;
  gpus?: number;
  /** For the whole request (all nodes), USD. */
  onDemandPerHour?: number;
  spotPerHour?: number;
  /** Does the job itself ask for spot capacity? */
  usesSpot: boolean;
  /** Wall-clock hours of one run, when the work is known (tokens, steps, hours annotation). */
  hours?: number;
  /** The hours are the job's time limit, the work being unknown: run figures are at most these. */
  hoursAtMost?: boolean;
  /** The job's time limit stops it before its work is done: the share of the work it gets through. */
  stoppedAt?: number;
  /** The job's own time limit in hours (max_run, activeDeadlineSeconds, --time), when its work is timed. */
  timeLimitHours?: number;
  gpuHours?: number;
  runCostOnDemand?: number;
  runCostSpot?: number;
  memory?: { needGiB: number; availableGiB?: number; fits?: boolean };
  /** Every number above traces to one of these. */
  assumptions: Assumption[];
  /** Why no run cost could be given (e.g. `set tokens to estimate a run`). */
  missing?: string;
  /** Tokens of one run, when known. */
  tokens?: number;
  /** Predicted training throughput, all GPUs together. */
  tokensPerSecond?: number;
  /** Per-GPU data-parallel efficiency (0-1) of that throughput: the scaling model (mfu.ts). */
  scaling?: number;
  /** fp32/TF32 jobs on tensor-core GPUs: how much faster mixed precision would run (calibrated). */
  precisionSpeedup?: { to: 'bf16' | 'fp16'; factor: number; basis: string };
  /** Set when the file names no hardware and the estimate runs on the cheapest fitting choice: what the lens says. */
  hardwareAssumed?: string;
  /** The tokens come from defaults or bundled data, not from the file. */
  workAssumed?: boolean;
  /** The file that launches this config (reverse link): the same run is counted there in budgets. */
  countedAt?: string;
  /** What the file does not say at all and a reference workload filled in (a typical model size,
   *  a typical dataset), each as what to add. No saving is claimed from such a run (a finding is not
   *  judged by made-up money), and a run on a typical *model* stays out of the budget total. */
  reference?: { model?: { assumed: string; add: string }; data?: { assumed: string; add: string } };
  /** Hardware options for this job (GPU type × count, cheapest instance each), per run: see options.ts. */
  options?: HardwareOption[];
  /** Runs per month × run cost (runs-per-month annotation), or an always-on service's hours per month. */
  monthly?: { onDemand?: number; spot?: number; basis: string };
  /** Set for resources declared in infrastructure code (a GPU VM, node group, endpoint): priced per month. */
  resourceKind?: string;
}

import type { CostEstimate, PricingSettings } from './cost/estimateTypes';
import type { GpuSpec } from './cost/gpus';
import type { Fact, Fix, Job, Range, Saving, Severity } from './types';

export interface RuleMeta {
  /** Stable id: diagnostics' `code`, CLI output, settings and suppressions use it. */
  id: string;
  title: string;
  defaultSeverity: Severity;
}

/** What a rule may consult besides the job: reference data, never the file's syntax. */
export interface RuleContext {
  gpu(name: string): GpuSpec | undefined;
  /** Provider, region, overrides and default hardware in effect (settings > `.mlcost.yaml`). */
  pricing: PricingSettings;
  /** The job's cost estimate (memoised per analysis); undefined when it cannot be estimated. */
  estimate(job: Job): CostEstimate | undefined;
}

export interface RuleFinding {
  range: Range;
  message: string;
  /** Fixes, usually obtained from `job.editor`; suppression fixes are added by the engine. */
  fixes?: Fix[];
  /** On-demand USD per hour the suggestion saves, when known. */
  savingUsdPerHour?: number;
  /** What the suggestion saves per run, when the cost model can say. */
  saving?: Saving;
}

export interface Rule extends RuleMeta {
  check(job: Job, ctx: RuleContext): RuleFinding[];
}

/**
 * Where a finding about `fact` belongs in the analysed file: the key that set it, the spot a
 * default points at, or the job's anchor. Undefined when the fact was read from another file:
 * that file reports it itself, so the same smell is not flagged twice.
 */
export function rangeFor(fact: Fact<unknown> | undefined, job: Job): Range | undefined {
  if (!fact) return job.anchor;
  const s = fact.source;
  if (s.kind === 'file') return s.uri ? undefined : s.range;
  if (s.kind === 'annotation') return s.range;
  if (s.kind === 'default') return s.uri ? undefined : firstLine(s.range ?? job.anchor);
  return firstLine(job.anchor);
}

/**
 * A finding about something missing points at where it belongs; when that place spans lines (a
 * multi-line command, a whole call), underline its first line only, as linters do for statements.
 */
function firstLine(r: Range): Range {
  return r.end.line === r.start.line ? r : { start: r.start, end: { line: r.start.line, character: Number.MAX_SAFE_INTEGER } };
}

// What the index keeps per file: a few numbers and strings per job, no syntax trees or text, so
// 20,000 files stay small. Built from an AnalysisResult (open document or disk file).
import type { AnalysisResult } from '../../engine/analyze';
import type { CostEstimate } from '../../engine/cost/estimateTypes';
import { alwaysOnMonthlyOf } from '../../engine/budget';
import { referenceText } from '../../engine/cost/referenceText';
import { estimateFor, findingsByJob } from '../../engine/savings';
import type { Finding, Job } from '../../engine/types';
import type { JobFindingSummary } from './protocol';

export interface IndexedJob {
  name: string;
  line: number;
  hardware?: string;
  runsPerMonth?: number;
  usesSpot: boolean;
  runCostOnDemand?: number;
  runCostSpot?: number;
  /** Always-on resources (IaC machines, services): cost per month, when there is no run cost. */
  alwaysOnMonthly?: number;
  hours?: number;
  missing?: string;
  assumed?: ('hardware' | 'tokens' | 'model')[];
  /** Sized on a model the file does not name (a typical size): shown, not added to the total. */
  placeholder?: boolean;
  /** Launched by another workspace file: the run is counted there (relative path). */
  countedAt?: string;
  findings: JobFindingSummary[];
}

export interface IndexedFile {
  uri: string;
  /** Workspace folder path it belongs to. */
  folder: string;
  jobs: IndexedJob[];
  /** Findings to publish for an unopened file (kept to re-publish after a settings change). */
  findings: Finding[];
}

/** `2×A100-80GB`, `p4d.24xlarge`: the job's own request when the estimator gave no label. */
function hardwareOf(job: Job, e: CostEstimate | undefined): string | undefined {
  if (e?.hardwareLabel) return e.hardwareLabel;
  const hw = job.hardware;
  if (!hw || hw.unresolved) return undefined;
  if (hw.instanceType) return hw.instanceType.value;
  if (hw.gpu) {
    const n = (hw.gpuCount?.value ?? 1) * (hw.nodes?.value ?? 1);
    return `${n}×${hw.gpu.value}`;
  }
  return hw.cpuOnly ? 'CPU' : undefined;
}

/** What the estimate assumed instead of reading it from the file; undefined when nothing. */
function assumedOf(e: CostEstimate | undefined): ('hardware' | 'tokens' | 'model')[] | undefined {
  const out: ('hardware' | 'tokens' | 'model')[] = [];
  if (e?.reference?.model) out.push('model');
  if (e?.hardwareAssumed) out.push('hardware');
  if (e?.workAssumed) out.push('tokens');
  return out.length ? out : undefined;
}

function finite(n: number | undefined): number | undefined {
  return n !== undefined && Number.isFinite(n) && n >= 0 ? n : undefined;
}

export function indexedJobs(result: AnalysisResult): IndexedJob[] {
  // Not positional: the engine leaves out jobs it could not estimate, so match by anchor.
  const estimates: readonly CostEstimate[] = result.estimates ?? [];
  const byJob = findingsByJob(result.jobs, result.findings);
  return result.jobs.map((job, i) => {
    const e = estimateFor(job, estimates);
    return {
      name: job.name,
      line: job.anchor.start.line,
      hardware: hardwareOf(job, e),
      runsPerMonth: job.runsPerMonth?.value,
      usesSpot: e?.usesSpot ?? job.spot?.value === true,
      runCostOnDemand: finite(e?.runCostOnDemand),
      runCostSpot: finite(e?.runCostSpot),
      alwaysOnMonthly: alwaysOnMonthlyOf(e),
      hours: finite(e?.hours),
      missing: e?.missing ?? (e?.countedAt ? `counted in the total at ${e.countedAt}, which launches it` : e?.reference?.model ? `not counted in the total: ${referenceText(e)}` : undefined),
      ...(assumedOf(e) && { assumed: assumedOf(e) }),
      ...(e?.reference?.model && { placeholder: true }),
      ...(e?.countedAt && { countedAt: e.countedAt }),
      findings: byJob[i].map((f) => ({ rule: f.rule, severity: f.severity, message: f.message, line: f.range.start.line, ...(f.saving && { saving: f.saving }) })),
    };
  });
}

/** Findings without their fixes' edit text: the Problems panel needs range, rule and message only. */
export function slimFindings(findings: readonly Finding[]): Finding[] {
  return findings.map(({ rule, severity, message, range }) => ({ rule, severity, message, range }));
}

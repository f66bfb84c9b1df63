import { RULES } from '../../../rules';
import { applyAnnotations, parseAnnotations } from './annotations';
import { estimateJob } from './cost/estimate';
import type { CostEstimate, PricingSettings } from './cost/estimateTypes';
import { projectPricing } from './projectPricing';
import { gpuSpec } from './cost/gpus';
import { sizeLocalDatasets } from './datasetSize';
import { DIALECTS } from './dialects';
import { configIgnores, findProjectConfig, type ProjectConfig } from './projectConfig';
import type { Rule, RuleContext } from './rule';
import { disposeSource, formatOf, parseSource, type SourceDoc } from './source';
import { parseSuppressions } from './suppressions';
import { commentStyleOf, suppressionFixer } from './suppressionFixes';
import { noFileAccess } from './fileAccess';
import { inputProblem } from './inputGuards';
import { importsIacLibrary } from './formats/typescript';
import type { LineIndex } from './formats/lineIndex';
import { relocate } from './facts';
import { applyLaunchers } from './launchers';
import type { AnalysisContext, FileAccess, Finding, FormatKind, Job, LinkedFile, Range, Saving, Severity } from './types';
import { usdText } from './savings';
import { analyzeIpynb, isNotebookPath } from './notebook/analyzeIpynb';

export interface AnalyzeInput {
  /** Absolute path (or URI path) of the file; used for format, linked files and `.mlcost.yaml`. */
  path: string;
  text: string;
  /** Editor language id, when known; wins over the extension. */
  languageId?: string;
}

export interface AnalyzeOptions {
  files?: FileAccess;
  /** Per-rule level from settings; wins over `.mlcost.yaml`, which wins over the rule's default. */
  ruleSeverity?: Record<string, Severity | 'off'>;
  log?: (message: string) => void;
  /** Consulted between stages: a stale analysis stops early. */
  isCancelled?: () => boolean;
  /** Provider/region/overrides/default hardware for estimates (settings; win over `.mlcost.yaml`). */
  pricing?: PricingSettings;
  /**
   * Workspace files that launch this one (a SkyPilot task, a Kubernetes job, a launch command or
   * a Hydra config composing it), as absolute paths: the face knows them (workspace index, CLI
   * pass). The file is judged with one launcher's hardware and flags (launchers.ts).
   */
  launchers?: readonly string[];
  /** The rules to run (default RULES); tests pass extra ones, e.g. a rule that throws. */
  rules?: readonly Rule[];
  /** Savings under this many USD per run turn a finding into a hint (setting; wins over `.mlcost.yaml`). */
  minSavingUsd?: number;
}

/** Default of `minSavingUsd`: a finding that saves less than a dollar a run is noise (issue 14). */
export const DEFAULT_MIN_SAVING_USD = 1;

export interface AnalysisResult {
  format?: FormatKind;
  jobs: Job[];
  findings: Finding[];
  /** One per job that could be estimated, at the job's anchor. */
  estimates: CostEstimate[];
  /** Why the file was not analysed, when it was not (too large, binary, unknown format). */
  skipped?: string;
  /** Parse errors (the parts that parsed were still analysed). */
  parseErrors: string[];
  /** Set for an .ipynb file: its cells; findings then carry `cell` and file positions. */
  notebook?: { cells: number; codeCells: number };
}

/** Estimates once per job and analysis; a failure is logged and leaves that job unestimated. */
function estimator(pricing: PricingSettings, log: (m: string) => void): (job: Job) => CostEstimate | undefined {
  const memo = new Map<Job, CostEstimate | undefined>();
  return (job) => {
    if (!memo.has(job)) {
      try {
        memo.set(job, estimateJob(job, pricing));
      } catch (e) {
        log(`mlcost: estimate failed for ${job.name}: ${(e as Error).stack ?? e}`);
        memo.set(job, undefined);
      }
    }
    return memo.get(job);
  };
}
const failedRules = new Set<string>();

export async function analyze(input: AnalyzeInput, opts: AnalyzeOptions = {}): Promise<AnalysisResult> {
  const log = opts.log ?? (() => {});
  if (isNotebookPath(input.path) && input.languageId !== 'python') return analyzeIpynb(input, opts, analyze);
  const format = formatOf(input.path, input.languageId);
  const empty = (skipped?: string): AnalysisResult => ({ format, jobs: [], findings: [], estimates: [], skipped, parseErrors: [] });
  if (!format) return empty('not a YAML, JSON or Python file');
  if (format === 'typescript' && !importsIacLibrary(input.text)) return empty('TypeScript that imports no infrastructure library (CDK, Pulumi, CDKTF)');
  const guard = inputProblem(input.text, format);
  if (guard) {
    log(`mlcost: skipped ${input.path}: ${guard}`);
    return empty(guard);
  }
  let doc: SourceDoc;
  try {
    doc = await parseSource(format, input.text);
  } catch (e) {
    log(`mlcost: could not parse ${input.path}: ${(e as Error).message}`);
    return empty(`parser failed: ${(e as Error).message}`);
  }
  try {
    if (doc.errors.length) log(`mlcost: ${input.path}: ${doc.errors[0]}${doc.errors.length > 1 ? ` (+${doc.errors.length - 1} more)` : ''}`);
    const files = opts.files ?? noFileAccess;
    const ctx = makeContext(input.path, files, log, [input.path]);
    const jobs = await detectJobs(doc, ctx, log);
    if (opts.launchers?.length) await applyLaunchers(jobs, opts.launchers, ctx);
    if (opts.isCancelled?.()) return { format, jobs, findings: [], estimates: [], parseErrors: doc.errors };
    // `# mlcost: tokens=… gpu=…` comments become facts before rules and estimates read the jobs.
    const annotated = parseAnnotations(input.text, format);
    for (const p of annotated.problems) log(`mlcost: ${input.path}:${p.range.start.line + 1}: ${p.message}`);
    applyAnnotations(jobs, annotated.annotations);
    // Local data files: size on disk and rows from a bounded sample, for the work estimate.
    await sizeLocalDatasets(jobs, ctx);
    // `.mlcost.yaml` is looked up once per analysis (a walk up the folders), for pricing and rules.
    const project = jobs.length ? findProjectConfig(input.path, files) : undefined;
    const pricing = jobs.length ? projectPricing(project, files, opts.pricing, log) : {};
    const estimate = estimator(pricing, log);
    const findings = jobs.length ? runRules(jobs, input, doc.lines, format, project, opts, log, { gpu: gpuSpec, pricing, estimate, ...(project?.requiredTags && { requiredTags: project.requiredTags }) }) : [];
    const estimates = jobs.map(estimate).filter((e): e is CostEstimate => e !== undefined);
    return { format, jobs, findings, estimates, parseErrors: doc.errors };
  } finally {
    disposeSource(doc);
  }
}

const MAX_LINK_DEPTH = 3;

/** Context whose `linked()` reads another file through its own dialects, cutting cycles. */
function makeContext(path: string, files: FileAccess, log: (m: string) => void, chain: string[]): AnalysisContext {
  const ctx: AnalysisContext = {
    path,
    files,
    log,
    async linked(ref: string): Promise<LinkedFile | undefined> {
      if (chain.length > MAX_LINK_DEPTH) return undefined;
      const hit = files.read(ref, path);
      if (!hit || chain.includes(hit.path)) return undefined;
      const format = formatOf(hit.path);
      if (!format || inputProblem(hit.text, format) || (format === 'typescript' && !importsIacLibrary(hit.text))) return undefined;
      let doc: SourceDoc;
      try {
        doc = await parseSource(format, hit.text);
      } catch {
        return undefined;
      }
      try {
        const jobs = await detectJobs(doc, makeContext(hit.path, files, log, [...chain, hit.path]), log);
        return { path: hit.path, text: hit.text, jobs: relocate(jobs, hit.path) };
      } finally {
        disposeSource(doc);
      }
    },
  };
  return ctx;
}

/** The first dialect that recognises the file owns it: one file, one reading. */
async function detectJobs(doc: SourceDoc, ctx: AnalysisContext, log: (m: string) => void): Promise<Job[]> {
  for (const d of DIALECTS) {
    if (!d.formats.includes(doc.format)) continue;
    try {
      const jobs = await d.detect(doc, ctx);
      if (jobs.length) return jobs;
    } catch (e) {
      log(`mlcost: dialect ${d.id} failed on ${ctx.path}: ${(e as Error).stack ?? e}`);
    }
  }
  return [];
}

function runRules(jobs: Job[], input: AnalyzeInput, lines: LineIndex, format: FormatKind, project: ProjectConfig | undefined, opts: AnalyzeOptions, log: (m: string) => void, ruleContext: RuleContext): Finding[] {
  for (const p of project?.problems ?? []) log(`mlcost: ${p}`);
  const suppress = parseSuppressions(input.text, format);
  const style = commentStyleOf(format, input.path, input.text, input.languageId);
  // One fixer per analysis: it indexes the text once, on the first finding, for all of them.
  const ignoreFixes = style ? suppressionFixer(input.text, style) : undefined;
  const out: Finding[] = [];
  const seen = new Set<string>();
  const minSaving = opts.minSavingUsd ?? project?.minSavingUsd ?? DEFAULT_MIN_SAVING_USD;
  for (const rule of opts.rules ?? RULES) {
    const level = opts.ruleSeverity?.[rule.id] ?? project?.ruleSeverity[rule.id] ?? rule.defaultSeverity;
    if (level === 'off') continue;
    if (project && configIgnores(project, input.path, rule.id)) continue;
    for (const job of jobs) {
      for (const raw of safeCheck(rule, job, ruleContext, log)) {
        const f = { ...raw, range: clampToText(raw.range, lines) };
        if (suppress.covers(rule.id, f.range.start.line)) continue;
        const key = `${rule.id}@${f.range.start.line}:${f.range.start.character}`;
        if (seen.has(key)) continue; // two jobs of one file reporting the same spot
        seen.add(key);
        // Rule fixes first (the preferred action), then the engine's "ignore" fixes.
        const fixes = [...(f.fixes ?? []), ...(ignoreFixes?.({ rule: rule.id, range: f.range }) ?? [])];
        const judged = judgeByMoney(level, f.message, f.saving, minSaving);
        out.push({ rule: rule.id, severity: judged.severity, message: judged.message, range: f.range, ...(fixes.length ? { fixes } : {}), ...(f.saving ? { saving: f.saving } : {}) });
      }
    }
  }
  out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return out;
}

/**
 * Judge by the money: a finding whose estimated saving is under `minSaving` USD per run (a 2-minute
 * demo on MNIST) is reported as a hint, with the figure. Findings without an estimate keep their
 * level; so does one the user already set to hint.
 */
export function judgeByMoney(level: Severity, message: string, saving: Saving | undefined, minSaving: number): { severity: Severity; message: string } {
  if (!saving || level === 'hint' || !(saving.usdPerRun < minSaving)) return { severity: level, message };
  const per = saving.per === 'month' ? 'a month' : 'per run';
  return { severity: 'hint', message: `${message} [Saves only ≈ ${usdText(saving.usdPerRun)} ${per}, under minSavingUsd $${minSaving}: reported as a hint.]` };
}

/** Ranges end inside the text: rules may say "to the end of this line" (rule.ts firstLine). */
function clampToText(r: Range, lines: LineIndex): Range {
  return lines.range(lines.offset(r.start), lines.offset(r.end));
}

/** One broken rule must not take the others down: log it once, report nothing for it. */
function safeCheck(rule: Rule, job: Job, ruleContext: RuleContext, log: (m: string) => void) {
  try {
    return rule.check(job, ruleContext);
  } catch (e) {
    if (!failedRules.has(rule.id)) {
      failedRules.add(rule.id);
      log(`mlcost: rule ${rule.id} failed and was skipped: ${(e as Error).stack ?? e}`);
    }
    return [];
  }
}

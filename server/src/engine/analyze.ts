import { RULES } from '../../../rules';
import { gpuSpec } from './cost/gpus';
import { DIALECTS } from './dialects';
import { configIgnores, findProjectConfig } from './projectConfig';
import type { Rule, RuleContext } from './rule';
import { disposeSource, formatOf, parseSource, type SourceDoc } from './source';
import { parseSuppressions } from './suppressions';
import { MAX_FILE_BYTES, noFileAccess } from './fileAccess';
import { relocate } from './facts';
import type { AnalysisContext, FileAccess, Finding, FormatKind, Job, LinkedFile, Severity } from './types';

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
}

export interface AnalysisResult {
  format?: FormatKind;
  jobs: Job[];
  findings: Finding[];
  /** Why the file was not analysed, when it was not (too large, binary, unknown format). */
  skipped?: string;
  /** Parse errors (the parts that parsed were still analysed). */
  parseErrors: string[];
}

const ruleContext: RuleContext = { gpu: gpuSpec };
const failedRules = new Set<string>();

export async function analyze(input: AnalyzeInput, opts: AnalyzeOptions = {}): Promise<AnalysisResult> {
  const log = opts.log ?? (() => {});
  const format = formatOf(input.path, input.languageId);
  const empty = (skipped?: string): AnalysisResult => ({ format, jobs: [], findings: [], skipped, parseErrors: [] });
  if (!format) return empty('not a YAML, JSON or Python file');
  const guard = inputProblem(input.text);
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
    if (opts.isCancelled?.()) return { format, jobs, findings: [], parseErrors: doc.errors };
    const findings = jobs.length ? runRules(jobs, input, format, files, opts, log) : [];
    return { format, jobs, findings, parseErrors: doc.errors };
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
      if (!format || inputProblem(hit.text)) return undefined;
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

/** Oversized and binary input is refused before any parser sees it. */
function inputProblem(text: string): string | undefined {
  if (text.length > MAX_FILE_BYTES) return `file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`;
  const head = text.slice(0, 8192);
  if (head.includes('\0')) return 'file looks binary (NUL bytes)';
  const bad = (head.match(/\uFFFD/g) ?? []).length;
  if (bad > 8 && bad > head.length / 100) return 'file is not valid UTF-8 text';
  return undefined;
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

function runRules(jobs: Job[], input: AnalyzeInput, format: FormatKind, files: FileAccess, opts: AnalyzeOptions, log: (m: string) => void): Finding[] {
  const project = findProjectConfig(input.path, files);
  for (const p of project?.problems ?? []) log(`mlcost: ${p}`);
  const suppress = parseSuppressions(input.text, format);
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (const rule of RULES) {
    const level = opts.ruleSeverity?.[rule.id] ?? project?.ruleSeverity[rule.id] ?? rule.defaultSeverity;
    if (level === 'off') continue;
    if (project && configIgnores(project, input.path, rule.id)) continue;
    for (const job of jobs) {
      for (const f of safeCheck(rule, job, log)) {
        if (suppress.covers(rule.id, f.range.start.line)) continue;
        const key = `${rule.id}@${f.range.start.line}:${f.range.start.character}`;
        if (seen.has(key)) continue; // two jobs of one file reporting the same spot
        seen.add(key);
        out.push({ rule: rule.id, severity: level, message: f.message, range: f.range, ...(f.fixes?.length ? { fixes: f.fixes } : {}) });
      }
    }
  }
  out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return out;
}

/** One broken rule must not take the others down: log it once, report nothing for it. */
function safeCheck(rule: Rule, job: Job, log: (m: string) => void) {
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

// Cost annotations: comments that state what a config cannot (how much work, how long, on what).
//   # mlcost: tokens=2e9 hours=12            (YAML, Python)
//   // mlcost: params=7B, runs-per-month=4   (JSONC)
// Keys: tokens, dataset-tokens, hours, params|parameters, runs-per-month, gpu (`A100:8`, `H100`,
// or an instance type such as `p4d.24xlarge`), size|storage-gb (what a bucket holds: `5TB`, `800GiB`,
// a bare number is GB). Numbers take `2e9`, `2_000_000` or `7B`/`350M`/`2K`/`1T`.
// They become Facts with an `annotation` source on the file's jobs, before rules and estimates run.
import { fromAnnotation } from './facts';
import { normaliseGpuName } from './cost/gpus';
import { linesMentioning } from './mlcostLines';
import { commentPrefixes } from './suppressions';
import type { Fact, FormatKind, HardwareRequest, Job, Range } from './types';

export type AnnotationKey = 'tokens' | 'dataset-tokens' | 'hours' | 'params' | 'runs-per-month' | 'gpu' | 'size';

export interface Annotation {
  key: AnnotationKey;
  /** Numbers for every key but `gpu`. */
  value: number | string;
  /** The `key=value` text. */
  range: Range;
}

export interface AnnotationProblem {
  range: Range;
  message: string;
}

const ALIASES: Record<string, AnnotationKey> = {
  tokens: 'tokens',
  'dataset-tokens': 'dataset-tokens',
  hours: 'hours',
  params: 'params',
  parameters: 'params',
  'runs-per-month': 'runs-per-month',
  gpu: 'gpu',
  size: 'size',
  'storage-gb': 'size',
};

/** Upper bounds that catch typos (a missing `e`), not real limits: 1e15 tokens is ~70x Llama 3. */
const MAX: Record<Exclude<AnnotationKey, 'gpu'>, number> = {
  tokens: 1e15,
  'dataset-tokens': 1e15,
  hours: 1e5,
  params: 1e13,
  'runs-per-month': 1e4,
  size: 1e9, // GB: an exabyte
};

const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, t: 1e12 };
// `#` or `//` at the start of the line or after whitespace, then `mlcost:` and the rest of the line.
const COMMENT = /(?:^|\s)(#|\/\/)\s*mlcost:\s*(.*)$/;
const PAIR = /([A-Za-z][\w-]*)\s*=\s*([^\s,]+)/g;

export function parseAnnotations(text: string, format: FormatKind): { annotations: Annotation[]; problems: AnnotationProblem[] } {
  const annotations: Annotation[] = [];
  const problems: AnnotationProblem[] = [];
  for (const { line, text: raw } of linesMentioning(text)) {
    const t = raw.replace(/\r$/, '');
    const m = COMMENT.exec(t);
    if (!m) continue;
    if (!commentPrefixes(format).includes(m[1] as '#' | '//')) continue;
    const body = m[2];
    if (/^ignore(-file)?\b/.test(body)) continue; // suppressions.ts reads those
    const bodyStart = t.length - body.length;
    for (const p of body.matchAll(PAIR)) {
      const start = bodyStart + (p.index ?? 0);
      const range: Range = { start: { line, character: start }, end: { line, character: start + p[0].length } };
      const key = ALIASES[p[1].toLowerCase()];
      if (!key) {
        problems.push({ range, message: `unknown mlcost annotation '${p[1]}' (known: ${Object.keys(ALIASES).join(', ')})` });
        continue;
      }
      if (key === 'gpu') {
        annotations.push({ key, value: p[2], range });
        continue;
      }
      const n = key === 'size' ? parseSizeGb(p[2]) : parseAmount(p[2]);
      if (n === undefined || n <= 0 || n > MAX[key]) {
        problems.push({ range, message: `mlcost annotation ${p[1]}=${p[2]}: expected a positive number up to ${MAX[key].toExponential(0)}` });
        continue;
      }
      annotations.push({ key, value: n, range });
    }
  }
  return { annotations, problems };
}

/** `2e9`, `2_000_000`, `7B`, `350m`, `1.5K`. */
export function parseAmount(raw: string): number | undefined {
  const m = /^(\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?)([kmbt])?$/i.exec(raw.trim());
  if (!m) return undefined;
  const n = Number(m[1].replace(/_/g, '')) * (m[2] ? SUFFIX[m[2].toLowerCase()] : 1);
  return Number.isFinite(n) ? n : undefined;
}

const BYTES: Record<string, number> = { b: 1e-9, kb: 1e-6, mb: 1e-3, gb: 1, tb: 1e3, pb: 1e6, kib: 1024 / 1e9, mib: 1024 ** 2 / 1e9, gib: 1024 ** 3 / 1e9, tib: 1024 ** 4 / 1e9, pib: 1024 ** 5 / 1e9 };

/** A stored size in GB (decimal, as storage is billed): `5TB`, `800GiB`, `1.5 PB`, `5000` (GB). */
export function parseSizeGb(raw: string): number | undefined {
  const m = /^(\d[\d_]*(?:\.\d+)?)\s*([kmgtp]i?b|b)?$/i.exec(raw.trim());
  if (!m) return undefined;
  const n = Number(m[1].replace(/_/g, '')) * (m[2] ? BYTES[m[2].toLowerCase()] : 1);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Puts each annotation on a job. One job: all of them. Several jobs (a multi-document Kubernetes
 * file, a script with two trainers): the job whose anchor line is nearest to the annotation, ties
 * going to the job below (an annotation usually sits just above what it describes). A later
 * annotation of the same key on the same job wins.
 */
export function applyAnnotations(jobs: Job[], annotations: Annotation[]): void {
  if (!jobs.length) return;
  const buckets = jobs.filter((j) => j.bucket);
  for (const a of annotations) {
    // A size describes a bucket: the nearest bucket takes it (none: nothing to say it of).
    const pool = a.key === 'size' ? buckets : jobs;
    if (pool.length) apply(nearestJob(pool, a.range.start.line), a);
  }
}

function nearestJob(jobs: Job[], line: number): Job {
  let best = jobs[0];
  let bestScore = Infinity;
  for (const j of jobs) {
    const d = j.anchor.start.line - line;
    // Below (d >= 0) wins a tie with above: score above-distances slightly higher.
    const score = d >= 0 ? d : -d + 0.5;
    if (score < bestScore) (best = j), (bestScore = score);
  }
  return best;
}

function apply(job: Job, a: Annotation): void {
  const num = (): Fact<number> => fromAnnotation(a.value as number, a.range, a.key);
  switch (a.key) {
    case 'tokens':
      job.schedule = { ...job.schedule, tokens: num() };
      break;
    case 'dataset-tokens':
      job.schedule = { ...job.schedule, datasetTokens: num() };
      break;
    case 'hours':
      job.schedule = { ...job.schedule, hours: num() };
      break;
    case 'params':
      job.model = { ...job.model, parameters: num() };
      break;
    case 'runs-per-month':
      job.runsPerMonth = num();
      break;
    case 'gpu':
      job.hardware = hardwareFromAnnotation(String(a.value), a.range, job.hardware);
      break;
    case 'size':
      if (job.bucket) job.bucket = { ...job.bucket, sizeGb: num() };
      break;
  }
}

/**
 * `gpu=A100:8` replaces what the file asks for per node (GPU type and count); the file's node count
 * stays. `gpu=p4d.24xlarge` names an instance type instead.
 */
function hardwareFromAnnotation(value: string, range: Range, before: HardwareRequest | undefined): HardwareRequest {
  const hw: HardwareRequest = before?.nodes ? { nodes: before.nodes } : {};
  const m = /^(.+?):(\d+)$/.exec(value);
  const name = m ? m[1] : value;
  const gpu = normaliseGpuName(name);
  if (gpu || m) {
    hw.gpu = fromAnnotation(gpu ?? name, range, 'gpu');
    hw.gpuCount = fromAnnotation(m ? Math.max(1, Number(m[2])) : 1, range, 'gpu');
  } else {
    hw.instanceType = fromAnnotation(value, range, 'gpu');
  }
  return hw;
}

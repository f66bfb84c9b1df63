// The published-runs validation (issue 10 §2): each public, sourced training run in
// test/fixtures/cost/published-runs.json becomes a Job as a dialect would hand it over (facts from
// the "file" and `# mlcost:` annotations), goes through the real estimateJob, and is compared with
// the figure its source publishes. Shared by publishedRuns.test.ts (which asserts the target) and
// scripts/published-runs-table.mjs (which writes docs/published-runs.md from the compiled module).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { estimateJob } from '../../../server/src/engine/cost/estimate';
import { gpuSpec } from '../../../server/src/engine/cost/gpus';
import type { Fact, Job, PrecisionMode, Range, TrainingMode } from '../../../server/src/engine/types';

/** Issue 10's target: within ±35% GPU-hours on at least 70% of runs, none beyond 2x without a reason. */
export const TARGET = { within: 0.35, share: 0.7, maxFactor: 2 } as const;

/**
 * Where the estimator stands (2026-12-02): 65 of 85 within ±35% (76%), the target met. The test
 * holds this floor so a change cannot make it worse unnoticed; raise it as the model improves. Every
 * run off by more than 2x carries its `knownDeviation` (docs/published-runs.md), so none is listed
 * here; a run that newly goes beyond 2x without a stated reason fails the test.
 */
export const FLOOR: { share: number; knownBeyond: readonly string[] } = {
  // 61 of 78 with the detectron2 runs, then the five YOLOv5 COCO runs: l and x within ±35%, m at
  // 0.60, n and s beyond 2x with their known deviation (the CPU input pipeline the FLOPs model leaves out);
  // then the two ResNet-50/ImageNet P100 runs, both at -4%.
  share: 65 / 85,
  knownBeyond: [],
};

export type PublishedUnit = 'gpu_hours' | 'wall_hours' | 'tokens_per_second' | 'tokens_per_second_per_gpu' | 'seconds_per_step' | 'mfu' | 'tflops_per_gpu';
export const UNITS: readonly PublishedUnit[] = ['gpu_hours', 'wall_hours', 'tokens_per_second', 'tokens_per_second_per_gpu', 'seconds_per_step', 'mfu', 'tflops_per_gpu'];

export interface Citation {
  title: string;
  url: string;
  where: string;
  quote: string;
}

export interface PublishedRun {
  id: string;
  category: 'pretraining' | 'fine-tuning' | 'benchmark' | 'vision';
  what: {
    model: string;
    hubId: string | null;
    parameters: number;
    tokens: number | null;
    sequenceLength: number | null;
    microBatch: number | null;
    gradientAccumulation?: number;
    /** Tokens of one optimizer step, all GPUs (for `seconds_per_step` figures). */
    tokensPerStep?: number;
    precision: PrecisionMode | null;
    trainingMode: TrainingMode;
    gpu: string;
    gpus: number;
    gpusStated: boolean;
    nodes: number | null;
    examples?: number;
    epochs?: number;
    /** Side the images are trained at (image models whose work scales with it, YOLO's imgsz). */
    imageSize?: number;
    /** Optimizer steps of the run (image models timed per step: detectron2's s/iter); with microBatch per GPU. */
    steps?: number;
    /** A name the estimator's architecture table reads when there is no Hub id (`mask_rcnn_R_50_FPN_1x`). */
    modelName?: string;
    /** Stated by the source, not yet read by the estimator (a richer throughput model may). */
    activationCheckpointing?: boolean | string;
    compile?: boolean;
    packed?: boolean;
    cpuOffload?: boolean;
    parallelism?: string;
    note?: string;
  };
  published: { value: number; unit: PublishedUnit };
  derivation?: string;
  citation: Citation;
  additionalSources?: Citation[];
  knownDeviation?: string;
  excludedBecause?: string;
  reliability?: string;
}

export interface PublishedRunsFile {
  about: string;
  retrieved: string;
  units: Record<PublishedUnit, string>;
  runs: PublishedRun[];
}

export interface Row {
  run: PublishedRun;
  /** Nodes used for the job: stated, or 8 GPUs per node assumed. */
  nodes: number;
  /** The estimator's figure in the published unit. */
  estimated?: number;
  /** Estimated GPU-hours over the GPU-hours the published figure implies (>1: we over-estimate cost). */
  ratio?: number;
  /** In the target's denominator (not excluded). */
  counted: boolean;
  within: boolean;
  beyondMaxFactor: boolean;
  /** Why no estimate came back, when none did. */
  missing?: string;
}

const GPUS_PER_NODE = 8;
const R: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const fromFile = <T>(value: T, key: string): Fact<T> => ({ value, source: { kind: 'file', range: R, key } });
const annotated = <T>(value: T, key: string): Fact<T> => ({ value, source: { kind: 'annotation', range: R, key } });

/** Finds test/fixtures from the source tree or from the compiled copy under out/. */
export function fixtureFile(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) || /^out(-|$)/.test(path.basename(dir))) dir = path.dirname(dir);
  return path.join(dir, 'test', 'fixtures', 'cost', 'published-runs.json');
}

export function loadPublishedRuns(file = fixtureFile()): PublishedRunsFile {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as PublishedRunsFile;
}

export function nodesOf(run: PublishedRun): number {
  return run.what.nodes ?? Math.max(1, Math.ceil(run.what.gpus / GPUS_PER_NODE));
}

/**
 * The job a training config for this run would produce: the GPU, count per node and nodes as
 * written, model id and parameters, tokens as `# mlcost: tokens=`, micro-batch and sequence
 * length, precision and training mode when the source states them (else the dialect would not
 * know them either, and the estimator's defaults apply), full activation checkpointing and
 * torch.compile when stated. Packing, CPU offload and the parallelism layout are recorded in the data
 * but not facts the estimator reads.
 */
export function jobFor(run: PublishedRun): Job {
  const w = run.what;
  const nodes = nodesOf(run);
  const job: Job = {
    dialect: 'published-run',
    name: run.id,
    workload: 'training',
    anchor: R,
    datasets: [],
    linkedFiles: [],
    hardware: { gpu: fromFile(w.gpu, 'accelerators'), gpuCount: fromFile(w.gpus / nodes, 'gpus_per_node'), nodes: fromFile(nodes, 'num_nodes') },
    model: {
      ...((w.hubId ?? w.modelName) && { id: fromFile((w.hubId ?? w.modelName)!, 'model_name_or_path') }),
      parameters: annotated(w.parameters, 'params'),
      trainingMode: fromFile(w.trainingMode, 'training_mode'),
    },
    batch: {
      ...(w.microBatch && { perDevice: fromFile(w.microBatch, 'per_device_train_batch_size') }),
      ...(w.gradientAccumulation && { gradientAccumulation: fromFile(w.gradientAccumulation, 'gradient_accumulation_steps') }),
      ...(w.sequenceLength && { sequenceLength: fromFile(w.sequenceLength, 'max_seq_length') }),
      // Full activation checkpointing and torch.compile, as configs state them (gradient_checkpointing,
      // enable_activation_checkpointing, compile); torchtitan's selective (per-op) checkpointing
      // recomputes only cheap ops and is not the full re-run the slowdown was measured on.
      ...(fullCheckpointing(w.activationCheckpointing) && { activationCheckpointing: fromFile(true, 'gradient_checkpointing') }),
      ...(w.compile && { compiled: fromFile(true, 'torch_compile') }),
    },
  };
  if (w.precision) job.precision = fromFile(w.precision, 'precision');
  if (w.tokens) job.schedule = { tokens: annotated(w.tokens, 'tokens') };
  // Image models: steps × micro-batch per GPU × GPUs images (examples × training FLOPs per image).
  else if (w.steps) job.schedule = { maxSteps: fromFile(w.steps, 'max_steps') };
  // Image runs timed per run: the training images of one epoch and the epochs, as a dataset the
  // file names and its epochs key would state them; the image side as `imgsz`.
  else if (w.examples && w.epochs) {
    job.schedule = { epochs: fromFile(w.epochs, 'epochs'), datasetExamples: annotated(w.examples, 'dataset-examples') };
    if (w.imageSize) job.batch = { ...job.batch, imageSize: fromFile(w.imageSize, 'imgsz') };
  }
  return job;
}

function fullCheckpointing(v: boolean | string | undefined): boolean {
  return v === true || v === 'full';
}

/** Dense bf16 (fp16 where no bf16) peak in FLOP/s, the denominator sources use for MFU. */
function halfPeak(gpu: string): number | undefined {
  const spec = gpuSpec(gpu);
  return spec ? (spec.peakTflops.bf16 ?? spec.peakTflops.fp16) * 1e12 : undefined;
}

export function evaluate(run: PublishedRun): Row {
  const nodes = nodesOf(run);
  const counted = !run.excludedBecause;
  const row: Row = { run, nodes, counted, within: false, beyondMaxFactor: false };
  if (!counted) return row;
  const e = estimateJob(jobFor(run));
  const gpus = run.what.gpus;
  const tps = e?.tokensPerSecond;
  const pub = run.published.value;
  // Model FLOPs per token as the sources count them for MFU / TFLOP/s: 6·N.
  const perToken = 6 * run.what.parameters;
  let estimated: number | undefined;
  let ratio: number | undefined;
  switch (run.published.unit) {
    case 'gpu_hours':
      estimated = e?.gpuHours;
      ratio = estimated !== undefined ? estimated / pub : undefined;
      break;
    case 'wall_hours':
      estimated = e?.hours;
      ratio = estimated !== undefined ? estimated / pub : undefined;
      break;
    case 'tokens_per_second':
      estimated = tps;
      ratio = tps ? pub / tps : undefined;
      break;
    case 'tokens_per_second_per_gpu':
      estimated = tps !== undefined ? tps / gpus : undefined;
      ratio = estimated ? pub / estimated : undefined;
      break;
    case 'seconds_per_step':
      // A run counted in steps (image models): the whole run's hours over its steps.
      estimated = run.what.steps && e?.hours !== undefined && !run.what.tokens ? (e.hours * 3600) / run.what.steps : tps && run.what.tokensPerStep ? run.what.tokensPerStep / tps : undefined;
      ratio = estimated !== undefined ? estimated / pub : undefined;
      break;
    case 'mfu': {
      const peak = halfPeak(run.what.gpu);
      estimated = tps !== undefined && peak ? (tps * perToken) / (gpus * peak) : undefined;
      ratio = estimated ? pub / estimated : undefined;
      break;
    }
    case 'tflops_per_gpu':
      estimated = tps !== undefined ? (tps / gpus) * perToken / 1e12 : undefined;
      ratio = estimated ? pub / estimated : undefined;
      break;
  }
  if (estimated === undefined || ratio === undefined || !Number.isFinite(ratio)) {
    row.missing = e?.missing ?? 'no estimate';
    return row;
  }
  row.estimated = estimated;
  row.ratio = ratio;
  row.within = Math.abs(ratio - 1) <= TARGET.within;
  row.beyondMaxFactor = ratio > TARGET.maxFactor || ratio < 1 / TARGET.maxFactor;
  return row;
}

export interface Summary {
  counted: number;
  excluded: number;
  within: number;
  share: number;
  /** Beyond 2x and without a `knownDeviation` reason. */
  unexplainedBeyond: Row[];
  worst: Row[];
}

export function summarise(rows: readonly Row[]): Summary {
  const counted = rows.filter((r) => r.counted);
  const within = counted.filter((r) => r.within).length;
  const worst = counted
    .filter((r) => r.ratio !== undefined)
    .sort((a, b) => Math.abs(Math.log(b.ratio!)) - Math.abs(Math.log(a.ratio!)))
    .slice(0, 5);
  return {
    counted: counted.length,
    excluded: rows.length - counted.length,
    within,
    share: counted.length ? within / counted.length : 0,
    unexplainedBeyond: counted.filter((r) => (r.beyondMaxFactor || r.ratio === undefined) && !r.run.knownDeviation),
    worst,
  };
}

export function evaluateAll(file?: string): { data: PublishedRunsFile; rows: Row[]; summary: Summary } {
  const data = loadPublishedRuns(file);
  const rows = data.runs.map(evaluate);
  return { data, rows, summary: summarise(rows) };
}

const UNIT_LABEL: Record<PublishedUnit, string> = {
  gpu_hours: 'GPU-h',
  wall_hours: 'h wall',
  tokens_per_second: 'tok/s',
  tokens_per_second_per_gpu: 'tok/s/GPU',
  seconds_per_step: 's/step',
  mfu: 'MFU',
  tflops_per_gpu: 'TFLOP/s/GPU',
};

export function formatValue(v: number, unit: PublishedUnit): string {
  if (unit === 'mfu') return `${(v * 100).toFixed(1)}%`;
  const s = v >= 1e6 ? `${+(v / 1e6).toPrecision(3)}M` : v >= 1e3 ? Math.round(v).toLocaleString('en-US') : `${+v.toPrecision(3)}`;
  return `${s} ${UNIT_LABEL[unit]}`;
}

const pct = (ratio: number) => `${ratio >= 1 ? '+' : ''}${((ratio - 1) * 100).toFixed(0)}%`;

function statusOf(r: Row): string {
  if (!r.counted) return 'excluded';
  if (r.ratio === undefined) return 'no estimate';
  if (r.within) return 'within ±35%';
  if (r.beyondMaxFactor) return r.run.knownDeviation ? 'beyond 2x (known deviation)' : 'beyond 2x';
  return 'outside ±35%';
}

/** Plain-text table for the test log. */
export function textTable(rows: readonly Row[]): string {
  const head = ['id', 'hardware', 'published', 'estimated', 'est/pub GPU-h', 'error', 'status'];
  const body = rows.map((r) => [
    r.run.id,
    `${r.run.what.gpus}×${r.run.what.gpu}`,
    formatValue(r.run.published.value, r.run.published.unit),
    r.estimated !== undefined ? formatValue(r.estimated, r.run.published.unit) : r.missing ?? '-',
    r.ratio !== undefined ? r.ratio.toFixed(2) : '-',
    r.ratio !== undefined ? pct(r.ratio) : '-',
    statusOf(r),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n');
}

const md = (s: string) => s.replace(/\|/g, '\\|');

/** Markdown table for docs/published-runs.md. */
export function markdownTable(rows: readonly Row[]): string {
  const out = [
    '| run | id | hardware | published | estimated | est/pub GPU-h | error | status | source |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const w = r.run.what;
    out.push(
      `| ${md(w.model)} | \`${r.run.id}\` | ${w.gpus}×${w.gpu}${w.gpusStated ? '' : ' (count assumed)'} | ${formatValue(r.run.published.value, r.run.published.unit)} | ${
        r.estimated !== undefined ? formatValue(r.estimated, r.run.published.unit) : md(r.missing ?? '—')
      } | ${r.ratio !== undefined ? r.ratio.toFixed(2) : '—'} | ${r.ratio !== undefined ? pct(r.ratio) : '—'} | ${statusOf(r)} | [${md(r.run.citation.title)}](${r.run.citation.url}) |`,
    );
  }
  return out.join('\n');
}

// Hardware options for one job, optimizer-style (SkyPilot prints such a table): every catalog GPU
// type × count, priced by its cheapest instance, checked against the job's memory need and timed
// by the same throughput model as the job's own estimate. Ranked by cost PER RUN (the same work on
// each row), not per hour: a GPU that is cheaper by the hour but 20x slower saves nothing.
// Used to choose hardware for a job that names none, for the table in the breakdown/CLI, and by
// oversized-gpu to compare the job's request with what it could run on.
import type { Job } from '../types';
import { allInstances } from './catalog';
import type { PricingSettings } from './estimateTypes';
import { catalogProvider, priceRow, type PricedInstance } from './hardware';
import { gpuSpec, type GpuSpec } from './gpus';
import { estimateInferenceMemory, estimateTrainingMemory, fits } from './memory';
import { generationTime } from './generation';
import { hoursForFlops } from './exampleTime';
import type { ComputeMode } from './mfu';
import type { ModelShape } from './modelShapes';
import { stepFacts, trainingSpeed } from './speed';

export interface HardwareOption {
  gpu: string;
  /** GPUs of the instance (one node). */
  gpus: number;
  instanceType: string;
  provider: string;
  region: string;
  onDemandPerHour: number;
  spotPerHour?: number;
  /** Holds the job's memory need (per GPU, with 10% headroom). */
  fits: boolean;
  /** Fits only with weights, gradients and optimizer state sharded (FSDP / ZeRO-3). */
  sharded?: boolean;
  /** Training: predicted tokens/s, all GPUs. */
  tokensPerSecond?: number;
  /** Per-GPU data-parallel efficiency, 0-1 (training, more than one GPU). */
  scaling?: number;
  /** Training with known tokens: wall time and cost of the run. */
  hours?: number;
  runCostOnDemand?: number;
  runCostSpot?: number;
  /** Training: on-demand USD per 1e9 tokens (ranks the rows when the tokens are unknown). */
  usdPerBillionTokens?: number;
  /** The job's own request. */
  current?: boolean;
  /** The one the estimate uses when the job names no hardware. */
  chosen?: boolean;
}

export interface OptionsInput {
  job: Job;
  parameters: number;
  shape?: ModelShape;
  mode: ComputeMode;
  perDeviceBatch: number;
  sequenceLength: number;
  /** Tokens of one run: every row does the same work. */
  tokens?: number;
  /** Image/audio models: the run in training FLOPs and examples (timed by exampleTime.ts, not tokens). */
  flopsWork?: { flops: number; examples: number; perGpuBatch?: number; convolutional?: boolean };
  pricing: PricingSettings;
}

const COUNTS = new Set([1, 2, 4, 8]);

/**
 * Every GPU type × count in the catalog (cheapest instance each), ranked: fitting first, then by
 * cost per run. Memoised on everything but the tokens (many jobs of a workspace share a model and
 * batch; the workspace index must not re-time the catalog per file), which only scale the rows.
 */
export function rankHardware(i: OptionsInput): HardwareOption[] {
  const key = cacheKey(i);
  let rows = cache.get(key);
  if (!rows) {
    rows = rankUncached(i);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, rows);
  }
  return rows.map((o) => withTokens(o, i.tokens));
}

const CACHE_SIZE = 256;
const cache = new Map<string, readonly HardwareOption[]>();

function cacheKey(i: OptionsInput): string {
  const j = i.job;
  return JSON.stringify([
    j.workload,
    j.precision?.value,
    i.parameters,
    i.shape,
    i.mode,
    i.perDeviceBatch,
    i.sequenceLength,
    stepFacts(j),
    j.generation && Object.values(j.generation).map((f) => f?.value),
    j.model?.trainingMode?.value,
    j.batch?.zeroStage?.value,
    j.batch?.offload?.value,
    i.flopsWork,
    i.pricing.provider,
    i.pricing.region,
    i.pricing.overrides,
  ]);
}

function withTokens(o: HardwareOption, tokens: number | undefined): HardwareOption {
  if (tokens === undefined || o.tokensPerSecond === undefined) return { ...o };
  const hours = tokens / o.tokensPerSecond / 3600;
  return { ...o, hours, runCostOnDemand: hours * o.onDemandPerHour, ...(o.spotPerHour !== undefined && { runCostSpot: hours * o.spotPerHour }) };
}

function rankUncached(i: OptionsInput): HardwareOption[] {
  const provider = catalogProvider(i.pricing.provider);
  const best = new Map<string, PricedInstance & { spec: GpuSpec; count: number }>();
  for (const row of allInstances()) {
    if (!row.gpu || row.gpuCount === undefined || !COUNTS.has(row.gpuCount)) continue;
    if (provider && row.provider !== provider) continue;
    if (i.pricing.region && provider && row.region.toLowerCase() !== i.pricing.region.toLowerCase()) continue;
    const spec = gpuSpec(row.gpu);
    if (!spec || !spec.tensorCores) continue;
    const priced = priceRow(row, i.pricing.overrides);
    if (priced.onDemand === undefined) continue;
    const key = `${spec.name}×${row.gpuCount}`;
    const had = best.get(key);
    if (!had || priced.onDemand < had.onDemand!) best.set(key, { ...priced, spec, count: row.gpuCount });
  }
  const out = [...best.values()].map((r) => optionOf(i, r));
  return out.sort(compareOptions(i.job.workload === 'training', out.some((o) => o.runCostOnDemand !== undefined)));
}

function optionOf(i: OptionsInput, r: PricedInstance & { spec: GpuSpec; count: number }): HardwareOption {
  const o: HardwareOption = {
    gpu: r.spec.name,
    gpus: r.count,
    instanceType: r.instanceType,
    provider: r.provider,
    region: r.region,
    onDemandPerHour: r.onDemand!,
    ...(r.spot !== undefined && { spotPerHour: r.spot }),
    fits: false,
  };
  const steps = stepFacts(i.job);
  if (i.job.workload === 'inference') {
    o.fits = fits(estimateInferenceMemory(i.parameters, 2), r.spec.memoryGiB, r.count) === true;
    // A bounded inference job (batch prediction) ends: its rows compare runs, as training's do.
    const t = i.job.generation && generationTime(i.job.generation, i.parameters, r.spec, r.count, i.job.precision?.value, i.job.model?.trainingMode?.value === 'qlora');
    if (t) {
      o.hours = t.hours;
      o.runCostOnDemand = t.hours * o.onDemandPerHour;
      if (o.spotPerHour !== undefined) o.runCostSpot = t.hours * o.spotPerHour;
    }
    return o;
  }
  const memory = (sharded: boolean) =>
    estimateTrainingMemory({
      parameters: i.parameters,
      trainingMode: steps.trainingMode,
      precision: i.job.precision?.value,
      microBatch: i.perDeviceBatch,
      sequenceLength: i.sequenceLength,
      gpuCount: r.count,
      zeroStage: sharded ? 3 : ((i.job.batch?.zeroStage?.value ?? 0) as 0 | 1 | 2 | 3),
      activationCheckpointing: steps.activationCheckpointing,
      offload: i.job.batch?.offload?.value,
    });
  o.fits = fits(memory(steps.fullySharded === true), r.spec.name) === true;
  if (!o.fits && r.count > 1 && !steps.fullySharded && fits(memory(true), r.spec.name) === true) {
    o.fits = true;
    o.sharded = true;
  }
  if (i.mode === 'mixed' && !r.spec.bf16 && i.job.precision?.value === 'bf16') o.fits = false; // bf16 asked, none on this GPU
  if (i.flopsWork) {
    // Image/audio models: the same examples on each row, timed as the estimate times them.
    const w = i.flopsWork;
    const t = hoursForFlops(w.flops, r.spec, i.mode, r.count, 1, w.perGpuBatch ? w.examples / (w.perGpuBatch * r.count) : undefined, w.convolutional);
    o.hours = t.hours;
    o.runCostOnDemand = t.hours * o.onDemandPerHour;
    if (o.spotPerHour !== undefined) o.runCostSpot = t.hours * o.spotPerHour;
    return o;
  }
  const speed = trainingSpeed({
    gpu: r.spec,
    mode: i.mode,
    parameters: i.parameters,
    shape: i.shape,
    perDeviceBatch: i.perDeviceBatch,
    sequenceLength: i.sequenceLength,
    gpus: r.count,
    nodes: 1,
    ...steps,
    fullySharded: steps.fullySharded || o.sharded === true,
  });
  o.tokensPerSecond = speed.tokensPerSecond;
  if (r.count > 1) o.scaling = speed.scaling;
  o.usdPerBillionTokens = (o.onDemandPerHour / (speed.tokensPerSecond * 3600)) * 1e9;
  return o;
}

/** Fitting rows first; training by cost per token (= per run, same work), batch inference per run, services by $/h. */
function compareOptions(training: boolean, perRun: boolean): (a: HardwareOption, b: HardwareOption) => number {
  // Token-timed training rows compare $ per token (= per run); image/audio training and batch
  // inference rows carry their run cost; services compare $/h.
  const measure = (o: HardwareOption) => (training ? (o.usdPerBillionTokens ?? o.runCostOnDemand ?? Infinity) : perRun ? (o.runCostOnDemand ?? Infinity) : o.onDemandPerHour);
  return (a, b) =>
    Number(b.fits) - Number(a.fits) ||
    measure(a) - measure(b) ||
    a.gpus - b.gpus ||
    a.gpu.localeCompare(b.gpu);
}

/** The cheapest fitting row (per run for training and batch inference, per hour for services). */
export function cheapestFitting(ranked: readonly HardwareOption[]): HardwareOption | undefined {
  return ranked.find((o) => o.fits);
}

/** Rows of the table: the job's own, the chosen, the next cheapest fitting GPU types, the fastest, one that does not fit. */
export function optionsTable(ranked: readonly HardwareOption[], current?: HardwareOption, chosen?: HardwareOption, max = 6): HardwareOption[] {
  const rows: HardwareOption[] = [];
  const add = (o: HardwareOption | undefined, mark?: Partial<HardwareOption>) => {
    if (!o || rows.length >= max) return;
    const at = rows.findIndex((r) => r.gpu === o.gpu && r.gpus === o.gpus && (!r.current || r.instanceType === o.instanceType));
    if (at >= 0) rows[at] = { ...rows[at], ...mark };
    else rows.push({ ...o, ...mark });
  };
  if (current) rows.push({ ...current, current: true });
  add(chosen ?? cheapestFitting(ranked), chosen ? { chosen: true } : undefined);
  const fitting = ranked.filter((o) => o.fits);
  const fastest = [...fitting].sort((a, b) => (b.tokensPerSecond ?? 0) - (a.tokensPerSecond ?? 0))[0];
  const types = new Set(rows.map((r) => r.gpu));
  for (const o of fitting) {
    if (rows.length >= max - 2) break;
    if (types.has(o.gpu)) continue;
    types.add(o.gpu);
    add(o);
  }
  if (fastest && fastest.tokensPerSecond !== undefined) add(fastest);
  const cheapestMisfit = ranked.filter((o) => !o.fits).sort((a, b) => a.onDemandPerHour - b.onDemandPerHour)[0];
  if (cheapestMisfit && (!rows.length || cheapestMisfit.onDemandPerHour < Math.min(...rows.map((r) => r.onDemandPerHour)))) add(cheapestMisfit);
  return rows;
}

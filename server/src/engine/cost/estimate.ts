// The cost estimate of one job. Pure: Job + PricingSettings in, CostEstimate out; no I/O.
//   time = FLOPs / (GPUs × peak(precision) × MFU(GPU, size, batch) × scaling), FLOPs = (6·N + 6·L·d·T) · tokens (causal attention; see speed.ts)
//   cost = time × $/h of the request (catalog row, or the user's override)
// A job that names no hardware is estimated on the cheapest catalog choice per run that holds it
// (options.ts), and says so. Every figure carries an Assumption saying where it comes from. See
// docs/cost-model.md.
import type { Job } from '../types';
import type { Assumption, CostEstimate, PricingSettings } from './estimateTypes';
import { assumedHardware, resolveHardware, type ResolvedHardware } from './hardware';
import { estimateInferenceMemory, estimateTrainingMemory, fits } from './memory';
import { computeMode, MFU_SOURCE, type ComputeMode } from './mfu';
import { cheapestFitting, optionsTable, rankHardware, type HardwareOption } from './options';
import { stepFacts, trainingSpeed } from './speed';
import { workOf, type Work } from './work';
import { hoursForFlops } from './exampleTime';
import { generationTime } from './generation';
import { bucketEstimate } from './storage';
import { GPUS } from './gpus';

export const HOURS_PER_MONTH = 730;
/**
 * The usage a dev machine's figures assume: a person works on it 8 hours a working day, 21.7
 * working days a month (260 a year / 12); the rest of the 730 hours it idles.
 */
export const USED_HOURS_PER_MONTH = 8 * 21.7;

/** LoRA trains at full fine-tuning speed: 46,942 vs 47,230 tok/s on the 1.1B calibration model. */
const LORA_NOTE = 'adapters train at about full fine-tuning speed (calibration, 1.1B: LoRA 46,942 vs full 47,230 tok/s)';

/** What the lens names when nothing tells the model size: the one fact that unlocks an estimate. */
export const ADD_MODEL_SIZE = 'add the model size (`# mlcost: params=7e9`, or a known model id) to estimate on the cheapest GPU that fits';

export function estimateJob(job: Job, pricing: PricingSettings = {}): CostEstimate | undefined {
  if (job.resource?.kind === 'bucket') return bucketEstimate(job); // storage, not machine time: a figure only for a stated size
  if (job.workload === 'data') return undefined; // data-loading code: the run is estimated where it trains
  if (job.fragment) return undefined; // a Hydra trainer/callbacks/data file: the composing config runs
  // Neither a known workload nor any hardware (a LLaMA-Factory export config): nothing to price.
  if (job.workload === 'unknown' && !job.hardware && !job.resource) return undefined;
  let hw = resolveHardware(job, pricing);
  const est: CostEstimate = { anchor: job.anchor, jobName: job.name, workload: job.generation ? 'batch-inference' : job.workload, usesSpot: job.spot?.value === true, assumptions: [] };
  if (job.resource) est.resourceKind = job.resource.kind;
  if (job.launchedBy) est.countedAt = job.launchedBy;
  let work = workOf(job, hw?.gpus ?? 1);
  const mode = computeMode(job.precision?.value);
  let ranked: HardwareOption[] | undefined;
  let chosen: HardwareOption | undefined;
  const sized = (job.workload === 'training' || job.workload === 'inference') && work.parameters !== undefined;
  const rankedTokens = work.tokens;
  const flopsWork =
    work.trainingFlops !== undefined && work.examples !== undefined
      ? { flops: work.trainingFlops, examples: work.examples, ...(work.floorBatch && { perGpuBatch: work.floorBatch }), ...(work.convolutional && { convolutional: true }) }
      : undefined;
  if (sized) ranked = rankHardware({ job, parameters: work.parameters!, shape: work.shape, mode, perDeviceBatch: work.perDeviceBatch, sequenceLength: work.sequenceLength, tokens: work.tokens, ...(flopsWork && { flopsWork }), pricing });
  if (!hw && !job.hardware?.cpuOnly && ranked) {
    // A GPU count the file states (Lightning `devices: 4`) is kept: only the type is chosen.
    const count = job.hardware?.gpuCount?.value;
    // Image/audio models scale by a flat assumption (exampleTime.ts), which cannot say that more
    // GPUs pay: without a stated count they are priced on one.
    chosen = count ? ranked.find((o) => o.fits && o.gpus === count) : flopsWork ? ranked.find((o) => o.fits && o.gpus === 1) : cheapestFitting(ranked);
    if (chosen) {
      const measure = flopsWork && !count ? 'the cheapest per run on one GPU that fits' : job.workload === 'training' || chosen.runCostOnDemand !== undefined ? 'the cheapest per run that fits' : 'the cheapest per hour that fits';
      hw = assumedHardware(chosen.gpu, chosen.gpus, Math.max(1, Math.floor(job.hardware?.nodes?.value ?? 1)), pricing, `${count ? `GPU type not stated (${count} GPU${count > 1 ? 's' : ''} per node in the file)` : 'hardware not stated'}: ${measure} (${ranked.filter((o) => o.fits).length} catalog choices fit; set mlcost.defaultHardware or \`# mlcost: gpu=\` to choose)`);
      est.hardwareAssumed = `${count ? 'GPU type' : 'hardware'} not stated: on ${chosen.gpus}×${chosen.gpu}${chosen.sharded ? ' (FSDP/ZeRO-3)' : ''}, ${measure}`;
      if (chosen.gpus > 1) work = workOf(job, chosen.gpus);
    }
  }
  if (!hw && !chosen && !job.hardware?.cpuOnly && !job.hardware?.unresolved && job.schedule?.hours && (job.workload === 'training' || job.workload === 'inference')) {
    // The run's time is its stated limit whatever it runs on, so the cheapest GPU per hour is the
    // cheapest per run: priced there, and said so (set the GPU for the real figure).
    hw = cheapestPerHour(job, pricing);
    if (hw) est.hardwareAssumed = `GPU type not stated: on ${hw.label}, the cheapest per hour (the run time is the job's time limit)`;
  }
  if (hw) describeHardware(est, hw, job);
  est.assumptions.push(...work.assumptions);
  if (!hw) {
    if (job.hardware?.cpuOnly) return undefined; // CPU-only jobs are not what this estimator prices
    if (work.tokens !== undefined) est.tokens = work.tokens;
    est.missing =
      ranked && !chosen && !work.reference?.model
        ? `no single catalog instance holds this job: name the hardware (\`# mlcost: gpu=H100:8\` with the nodes it needs)`
        : job.workload === 'training' || job.workload === 'inference'
          ? ADD_MODEL_SIZE
          : 'hardware unknown: set mlcost.defaultHardware or add `# mlcost: gpu=A100:8`';
    return est;
  }
  if (work.tokens !== undefined) est.tokens = work.tokens;
  if (workAssumed(work)) est.workAssumed = true;
  if (work.reference) {
    est.reference = work.reference;
    est.workAssumed = true;
  }

  const precision = job.precision?.value;
  if ((job.workload === 'training' || job.workload === 'inference') && work.parameters && hw.spec) memoryOf(est, job, work, hw, chosen?.sharded === true);
  if (job.workload === 'training' && work.parameters && hw.spec) {
    if (precision === undefined || precision === 'dynamic') {
      // GPUs without bf16 (V100, T4) run mixed precision in fp16: the peak used is fp16's.
      const half = hw.spec.bf16 ? 'bf16' : 'fp16';
      est.assumptions.push({ name: 'precision', value: `${half} mixed precision`, source: { kind: 'default', reason: precision ? `precision decided at run time: ${half} assumed` : `precision not stated: ${half} mixed precision assumed` } });
    } else if (job.precision) est.assumptions.push({ name: 'precision', value: precision, source: job.precision.source });
    const speed = throughput(hw.spec, mode, work, hw, job);
    est.tokensPerSecond = speed.tokensPerSecond;
    est.scaling = speed.scaling;
    est.assumptions.push(...speed.assumptions);
    // ZeRO-Offload's optimizer step runs on the CPU, and offloaded weights cross PCIe each step:
    // neither is timed, so the time is a lower bound (said so).
    const off = job.batch?.offload;
    if (off) est.assumptions.push({ name: 'offload', value: `${off.value === 'optimizer+parameters' ? 'weights and optimizer' : 'optimizer'} in CPU memory: the CPU optimizer step and PCIe transfers are not timed (a lower bound on time)`, source: off.source });
    if (job.model?.trainingMode && job.model.trainingMode.value !== 'full') est.assumptions.push({ name: 'training mode', value: job.model.trainingMode.value, source: { kind: 'calibration', detail: LORA_NOTE } });
    if (mode !== 'mixed' && hw.spec.tensorCores) {
      const mixed = throughput(hw.spec, 'mixed', work, hw, job).tokensPerSecond;
      est.precisionSpeedup = {
        to: hw.spec.bf16 ? 'bf16' : 'fp16',
        factor: mixed / speed.tokensPerSecond,
        basis: `mlcost throughput model for ${hw.spec.name}, calibrated on H100 (${MFU_SOURCE})`,
      };
    }
  }

  // Image/audio models: work in training FLOPs, timed by cost/exampleTime.ts.
  let flopsHours: number | undefined;
  if (job.workload === 'training' && work.trainingFlops !== undefined && hw.spec && job.schedule?.hours?.source.kind !== 'annotation') {
    const t = hoursForFlops(work.trainingFlops, hw.spec, mode, hw.gpus, hw.nodes, work.microSteps, work.convolutional);
    flopsHours = t.hours;
    // Mixed precision's gain for these models is their own timing's, not the token model's.
    if (est.precisionSpeedup) {
      const mixed = hoursForFlops(work.trainingFlops, hw.spec, 'mixed', hw.gpus, hw.nodes, work.microSteps, work.convolutional).hours;
      est.precisionSpeedup = { ...est.precisionSpeedup, factor: t.hours / mixed, basis: `mlcost image/audio model timing for ${hw.spec.name} (docs/cost-model.md, image and audio models)` };
    }
    est.tokensPerSecond = undefined;
    est.assumptions = est.assumptions.filter((a) => !['MFU', 'peak', 'FLOPs per token', 'MFU transfer', 'scaling'].includes(a.name));
    est.assumptions.push(...t.assumptions);
  }

  // A bounded inference job (batch prediction, generate/quantize recipes): load, prefill, decode.
  if (job.workload === 'inference' && job.generation && work.parameters && hw.spec && flopsHours === undefined) {
    const t = generationTime(job.generation, work.parameters, hw.spec, hw.gpus, precision, job.model?.trainingMode?.value === 'qlora');
    if (t) {
      flopsHours = t.hours;
      // The training batch and sequence defaults size nothing here: the generation facts do.
      est.assumptions = est.assumptions.filter((a) => !['per-device batch', 'sequence length', 'tokens'].includes(a.name));
      est.assumptions.push(...t.assumptions);
    }
  }

  // Time: an annotated duration wins; else the work over the throughput; a file's time limit caps it.
  const hours = job.schedule?.hours;
  if (hours?.source.kind === 'annotation') {
    est.hours = hours.value;
    est.assumptions.push({ name: 'hours', value: String(hours.value), source: hours.source });
  } else if (flopsHours !== undefined || (est.tokens !== undefined && est.tokensPerSecond)) {
    est.hours = flopsHours ?? est.tokens! / est.tokensPerSecond! / 3600;
    if (hours) est.timeLimitHours = hours.value;
    if (hours && hours.value < est.hours) {
      est.stoppedAt = hours.value / est.hours;
      est.hours = hours.value;
      est.assumptions.push({ name: 'hours', value: `${hours.value.toFixed(2)} (the job's time limit stops it first)`, source: hours.source });
    }
  } else if (hours) {
    est.hours = hours.value;
    est.hoursAtMost = true;
    est.assumptions.push({ name: 'hours', value: `at most ${hours.value.toFixed(2)} (the job's time limit; an upper bound)`, source: hours.source });
  }

  if (est.hours !== undefined) {
    est.gpuHours = est.hours * hw.gpus;
    if (est.onDemandPerHour !== undefined) est.runCostOnDemand = est.hours * est.onDemandPerHour;
    if (est.spotPerHour !== undefined) est.runCostSpot = est.hours * est.spotPerHour;
  } else if (job.resource && job.resource.kind !== 'training-job') {
    // An always-on resource declared in infrastructure code: priced per month, not per run.
  } else if (job.workload === 'training') {
    // The model first: without it neither the data nor the speed can size the run.
    est.missing = work.parameters === undefined ? 'model size unknown: set `# mlcost: params=7e9` (or hours=)' : work.missing ?? 'GPU type unknown to the spec table: set `# mlcost: hours=`';
  } else {
    est.missing =
      job.workload === 'unknown'
        ? 'what it runs is not known: hourly price only (set `# mlcost: hours=` for a run cost)'
        : 'not a training run: hourly price only (set `# mlcost: hours=` for a run cost)';
  }
  if (hw.unpriced && est.runCostOnDemand === undefined) est.missing = est.missing ? `${est.missing}; ${hw.unpriced}` : hw.unpriced;
  monthlyOf(est, job, pricing);
  // A service priced per month has its figure: "hourly price only" would say otherwise.
  if (est.monthly && (job.workload === 'inference' || job.workload === 'dev') && est.runCostOnDemand === undefined) delete est.missing;
  if (ranked) {
    // Rows do the same work as this estimate: its tokens (a max_steps job's depend on its GPU count).
    const rows = rankedTokens === est.tokens ? ranked : rankHardware({ job, parameters: work.parameters!, shape: work.shape, mode, perDeviceBatch: work.perDeviceBatch, sequenceLength: work.sequenceLength, tokens: est.tokens, ...(flopsWork && { flopsWork }), pricing });
    const current = !chosen ? currentOption(est, hw) : undefined;
    const table = optionsTable(rows, current, chosen && rows.find((o) => o.gpu === chosen!.gpu && o.gpus === chosen!.gpus));
    if (table.length) est.options = table;
  }
  return est;
}

/** The stated GPU count (else one) of the cheapest GPU type per hour in the catalog. */
function cheapestPerHour(job: Job, pricing: PricingSettings): ResolvedHardware | undefined {
  const count = Math.max(1, Math.floor(job.hardware?.gpuCount?.value ?? 1));
  const nodes = Math.max(1, Math.floor(job.hardware?.nodes?.value ?? 1));
  const why = `GPU type not stated${job.hardware?.gpuCount ? ` (${count} GPU${count > 1 ? 's' : ''} per node in the file)` : ''}; the work is not known, so its time limit is its run time: the cheapest GPU per hour (set \`# mlcost: gpu=\` or mlcost.defaultHardware to choose)`;
  let best: ResolvedHardware | undefined;
  for (const g of GPUS) {
    const r = assumedHardware(g.name, count, nodes, pricing, why);
    if (r.onDemandPerHour !== undefined && (!best || r.onDemandPerHour < best.onDemandPerHour!)) best = r;
  }
  return best;
}

/** The job's own request as a row of the options table, priced and timed as its estimate is. */
function currentOption(e: CostEstimate, hw: ResolvedHardware): HardwareOption | undefined {
  if (!hw.gpu || e.onDemandPerHour === undefined || !hw.instance) return undefined;
  const o: HardwareOption = {
    gpu: hw.gpu,
    gpus: hw.gpus,
    instanceType: `${hw.nodes > 1 ? `${hw.nodes} × ` : ''}${hw.instance.instanceType}`,
    provider: hw.instance.provider,
    region: hw.instance.region,
    onDemandPerHour: e.onDemandPerHour,
    ...(e.spotPerHour !== undefined && { spotPerHour: e.spotPerHour }),
    fits: e.memory?.fits !== false,
  };
  if (e.tokensPerSecond) {
    o.tokensPerSecond = e.tokensPerSecond;
    o.usdPerBillionTokens = (e.onDemandPerHour / (e.tokensPerSecond * 3600)) * 1e9;
    if (e.scaling !== undefined && hw.gpus > 1) o.scaling = e.scaling;
  }
  if (e.hours !== undefined && e.tokensPerSecond) {
    o.hours = e.hours;
    o.runCostOnDemand = e.runCostOnDemand;
    if (e.runCostSpot !== undefined) o.runCostSpot = e.runCostSpot;
  }
  return o;
}

/** Tokens the file does not state (a library default or bundled data filled them in). */
function workAssumed(work: Work): boolean {
  if (work.assumptions.some((a) => (a.name === 'model' || a.name === 'dataset') && a.source.kind === 'default')) return true;
  // What sets the run's size: its steps, else the dataset's tokens or examples, else stated tokens.
  const primary = work.assumptions.find((a) => a.name === 'steps' || a.name === 'dataset tokens' || a.name === 'examples per epoch') ?? work.assumptions.find((a) => a.name === 'tokens');
  return primary !== undefined && !['file', 'annotation', 'setting'].includes(primary.source.kind);
}

function describeHardware(est: CostEstimate, hw: ResolvedHardware, job: Job): void {
  est.hardwareLabel = hw.label;
  est.gpus = hw.gpus;
  if (hw.instance) {
    est.instanceType = hw.instance.instanceType;
    est.provider = hw.instance.provider;
    est.region = hw.instance.region;
  }
  if (hw.onDemandPerHour !== undefined) est.onDemandPerHour = hw.onDemandPerHour;
  if (hw.spotPerHour !== undefined) est.spotPerHour = hw.spotPerHour;
  est.assumptions.push(...hw.assumptions);
  // A SLURM cluster (often on-premises) has no price list: the catalog's, for the same GPUs, stands in.
  const cluster = job.hardware?.cluster;
  if (cluster && hw.onDemandPerHour !== undefined && hw.instance?.priceFrom === 'catalog') est.assumptions.push({ name: 'cluster', value: `${cluster.value} cluster: priced at the cloud list price of the same GPUs`, source: cluster.source });
}

function throughput(spec: NonNullable<ResolvedHardware['spec']>, mode: ComputeMode, work: Work, hw: ResolvedHardware, job: Job): { tokensPerSecond: number; scaling: number; assumptions: Assumption[] } {
  return trainingSpeed({
    gpu: spec,
    mode,
    parameters: work.parameters!,
    shape: work.shape,
    perDeviceBatch: work.perDeviceBatch,
    sequenceLength: work.sequenceLength,
    gpus: Math.max(1, hw.gpus),
    nodes: hw.nodes,
    ...stepFacts(job),
  });
}

/** Memory per GPU as the options table judges it (same facts: ZeRO/FSDP sharding, activation checkpointing). */
function memoryOf(est: CostEstimate, job: Job, work: Work, hw: ResolvedHardware, sharded: boolean): void {
  const spec = hw.spec!;
  if (job.workload === 'inference') {
    const m = estimateInferenceMemory(work.parameters!, 2);
    est.memory = { needGiB: m.totalGiB, availableGiB: spec.memoryGiB * Math.max(1, hw.gpusPerNode), fits: fits(m, spec.name, Math.max(1, hw.gpusPerNode)) };
    return;
  }
  const m = estimateTrainingMemory({
    parameters: work.parameters!,
    trainingMode: job.model?.trainingMode?.value,
    precision: job.precision?.value,
    microBatch: work.perDeviceBatch,
    sequenceLength: work.sequenceLength,
    gpuCount: Math.max(1, hw.gpus),
    zeroStage: sharded ? 3 : ((job.batch?.zeroStage?.value ?? 0) as 0 | 1 | 2 | 3),
    activationCheckpointing: stepFacts(job).activationCheckpointing,
    offload: job.batch?.offload?.value,
  });
  est.memory = { needGiB: m.perGpuGiB, availableGiB: spec.memoryGiB, fits: fits(m, spec.name) };
  est.assumptions.push({ name: 'memory per GPU', value: `${m.perGpuGiB.toFixed(1)} GiB of ${spec.memoryGiB} GiB`, source: { kind: 'calibration', detail: `mlcost memory model: ${m.basis.join('; ')}` } });
}

function monthlyOf(est: CostEstimate, job: Job, pricing: PricingSettings): void {
  const runs = job.runsPerMonth;
  if (runs && est.runCostOnDemand !== undefined) {
    est.monthly = {
      onDemand: est.runCostOnDemand * runs.value,
      ...(est.runCostSpot !== undefined && { spot: est.runCostSpot * runs.value }),
      basis: `${runs.value} runs per month`,
    };
    est.assumptions.push({ name: 'runs per month', value: String(runs.value), source: runs.source });
  } else if (job.resource && job.resource.kind !== 'training-job' && est.onDemandPerHour !== undefined) {
    const declared = job.resource.hoursPerMonth;
    const h = declared?.value ?? pricing.hoursPerMonth ?? HOURS_PER_MONTH;
    est.monthly = {
      onDemand: est.onDemandPerHour * h,
      ...(est.spotPerHour !== undefined && { spot: est.spotPerHour * h }),
      basis: declared ? `on its stop/start schedule, ${h} hours per month` : `always on, ${h} hours per month`,
    };
    est.assumptions.push({ name: 'hours per month', value: String(h), source: declared?.source ?? (pricing.hoursPerMonth ? { kind: 'setting', name: 'mlcost.hoursPerMonth' } : { kind: 'default', reason: 'a declared machine runs until something stops it: 730 hours a month' }) });
  } else if (job.workload === 'dev' && est.onDemandPerHour !== undefined) {
    // A dev machine has no run: it costs what it is left running for.
    const stops = job.idleShutdown?.value === true;
    const h = stops ? Math.round(USED_HOURS_PER_MONTH) : (pricing.hoursPerMonth ?? HOURS_PER_MONTH);
    est.monthly = {
      onDemand: est.onDemandPerHour * h,
      ...(est.spotPerHour !== undefined && { spot: est.spotPerHour * h }),
      basis: stops ? `stops when idle: used 8 hours a working day, ${h} hours per month (an assumption)` : `left running, ${h} hours per month (nothing stops it when idle)`,
    };
    est.assumptions.push({
      name: 'hours per month',
      value: String(h),
      source: stops
        ? { kind: 'default', reason: `idle shutdown (${job.idleShutdown!.source.kind === 'file' ? job.idleShutdown!.source.key : 'stated'}) stops it: used 8 hours a working day, 21.7 working days a month (an assumption)` }
        : pricing.hoursPerMonth ? { kind: 'setting', name: 'mlcost.hoursPerMonth' } : { kind: 'default', reason: 'a dev machine nothing stops when idle runs until someone stops it: 730 hours a month' },
    });
  } else if (job.workload === 'inference' && est.onDemandPerHour !== undefined) {
    const h = pricing.hoursPerMonth ?? HOURS_PER_MONTH;
    est.monthly = {
      onDemand: est.onDemandPerHour * h,
      ...(est.spotPerHour !== undefined && { spot: est.spotPerHour * h }),
      basis: `always on, ${h} hours per month`,
    };
  }
}

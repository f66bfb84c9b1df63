// The cost estimate of one job. Pure: Job + PricingSettings in, CostEstimate out; no I/O.
//   time = FLOPs / (GPUs × peak(precision) × MFU × scaling), FLOPs = (6·N + 12·L·d·T) · tokens
//   cost = time × $/h of the request (catalog row, or the user's override)
// Every figure carries an Assumption saying where it comes from. See docs/cost-model.md.
import type { Job } from '../types';
import type { Assumption, CostEstimate, PricingSettings } from './estimateTypes';
import { resolveHardware, type ResolvedHardware } from './hardware';
import { estimateInferenceMemory, estimateTrainingMemory, fits } from './memory';
import { computeMode, flopsPerToken, MFU_SOURCE, modelFlopsUtilisation, peakFor, scalingEfficiency, SCALING_ACROSS_NODES, SCALING_WITHIN_NODE, type ComputeMode } from './mfu';
import type { GpuSpec } from './gpus';
import { workOf, type Work } from './work';
import { hoursForFlops } from './exampleTime';

export const HOURS_PER_MONTH = 730;

/** LoRA trains at full fine-tuning speed: 46,942 vs 47,230 tok/s on the 1.1B calibration model. */
const LORA_NOTE = 'adapters train at about full fine-tuning speed (calibration, 1.1B: LoRA 46,942 vs full 47,230 tok/s)';

export function estimateJob(job: Job, pricing: PricingSettings = {}): CostEstimate | undefined {
  if (job.workload === 'data') return undefined; // data-loading code: the run is estimated where it trains
  const hw = resolveHardware(job, pricing);
  const est: CostEstimate = { anchor: job.anchor, jobName: job.name, usesSpot: job.spot?.value === true, assumptions: [] };
  if (hw) describeHardware(est, hw);
  const work = workOf(job, hw?.gpus ?? 1);
  est.assumptions.push(...work.assumptions);
  if (!hw) {
    if (job.hardware?.cpuOnly) return undefined; // CPU-only jobs are not what this estimator prices
    est.missing = 'hardware unknown: set mlcost.defaultHardware or add `# mlcost: gpu=A100:8`';
    return est;
  }
  if (work.tokens !== undefined) est.tokens = work.tokens;

  const precision = job.precision?.value;
  const mode = computeMode(precision);
  if ((job.workload === 'training' || job.workload === 'inference') && work.parameters && hw.spec) memoryOf(est, job, work, hw);
  if (job.workload === 'training' && work.parameters && hw.spec) {
    if (precision === undefined || precision === 'dynamic') {
      est.assumptions.push({ name: 'precision', value: 'bf16 mixed precision', source: { kind: 'default', reason: precision ? 'precision decided at run time: bf16 assumed' : 'precision not stated: bf16 assumed' } });
    } else if (job.precision) est.assumptions.push({ name: 'precision', value: precision, source: job.precision.source });
    const speed = throughput(hw.spec, mode, work, hw);
    est.tokensPerSecond = speed.tokensPerSecond;
    est.assumptions.push(...speed.assumptions);
    if (job.model?.trainingMode && job.model.trainingMode.value !== 'full') est.assumptions.push({ name: 'training mode', value: job.model.trainingMode.value, source: { kind: 'calibration', detail: LORA_NOTE } });
    if (mode !== 'mixed' && hw.spec.tensorCores) {
      const mixed = throughput(hw.spec, 'mixed', work, hw).tokensPerSecond;
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
    const t = hoursForFlops(work.trainingFlops, hw.spec, mode, hw.gpus, hw.nodes);
    flopsHours = t.hours;
    est.tokensPerSecond = undefined;
    est.assumptions = est.assumptions.filter((a) => !['MFU', 'peak', 'FLOPs per token', 'MFU transfer', 'scaling'].includes(a.name));
    est.assumptions.push(...t.assumptions);
  }

  // Time: an annotated duration wins; else the work over the throughput; a file's time limit caps it.
  const hours = job.schedule?.hours;
  if (hours?.source.kind === 'annotation') {
    est.hours = hours.value;
    est.assumptions.push({ name: 'hours', value: String(hours.value), source: hours.source });
  } else if (flopsHours !== undefined || (est.tokens !== undefined && est.tokensPerSecond)) {
    est.hours = flopsHours ?? est.tokens! / est.tokensPerSecond! / 3600;
    if (hours && hours.value < est.hours) {
      est.hours = hours.value;
      est.assumptions.push({ name: 'hours', value: `${hours.value.toFixed(2)} (the job's time limit stops it first)`, source: hours.source });
    }
  } else if (hours) {
    est.hours = hours.value;
    est.assumptions.push({ name: 'hours', value: `at most ${hours.value.toFixed(2)} (the job's time limit; an upper bound)`, source: hours.source });
  }

  if (est.hours !== undefined) {
    est.gpuHours = est.hours * hw.gpus;
    if (est.onDemandPerHour !== undefined) est.runCostOnDemand = est.hours * est.onDemandPerHour;
    if (est.spotPerHour !== undefined) est.runCostSpot = est.hours * est.spotPerHour;
  } else if (job.workload === 'training') {
    est.missing = work.missing ?? (work.parameters ? 'GPU type unknown to the spec table: set `# mlcost: hours=`' : 'model size unknown: set `# mlcost: params=7e9` (or hours=)');
  } else {
    est.missing = 'not a training run: hourly price only (set `# mlcost: hours=` for a run cost)';
  }
  if (hw.unpriced && est.runCostOnDemand === undefined) est.missing = est.missing ? `${est.missing}; ${hw.unpriced}` : hw.unpriced;
  monthlyOf(est, job, pricing);
  return est;
}

function describeHardware(est: CostEstimate, hw: ResolvedHardware): void {
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
}

function throughput(spec: GpuSpec, mode: ComputeMode, work: Work, hw: ResolvedHardware): { tokensPerSecond: number; assumptions: Assumption[] } {
  const n = work.parameters!;
  const peak = peakFor(spec, mode);
  const mfu = modelFlopsUtilisation(mode, n, work.perDeviceBatch * work.sequenceLength);
  const perToken = flopsPerToken(n, work.shape, work.sequenceLength);
  const gpus = Math.max(1, hw.gpus);
  const scaling = scalingEfficiency(gpus, hw.nodes);
  const tokensPerSecond = (gpus * scaling * peak.tflops * 1e12 * mfu.value) / perToken;
  const assumptions: Assumption[] = [
    { name: 'peak', value: peak.label, source: { kind: 'catalog', detail: 'GPU spec table: NVIDIA datasheets as tabulated by PyTorch Lightning (_CUDA_FLOPS)' } },
    { name: 'MFU', value: mfu.value.toFixed(3), source: { kind: 'calibration', detail: `${mfu.basis}; ${MFU_SOURCE}` } },
    {
      name: 'FLOPs per token',
      value: work.shape ? `6·N + 12·L·d·T = ${perToken.toExponential(2)}` : `6·N = ${perToken.toExponential(2)} (attention not counted: layers/hidden size unknown)`,
      source: { kind: 'default', reason: '6·N·D training FLOPs (Kaplan et al. 2020) plus attention 12·L·d·T per token' },
    },
  ];
  if (spec.name !== 'H100') assumptions.push({ name: 'MFU transfer', value: `H100 MFU applied to ${spec.name}`, source: { kind: 'calibration', detail: 'only an H100 was measured' } });
  if (gpus > 1) {
    assumptions.push({
      name: 'scaling',
      value: `${(scaling * 100).toFixed(0)}% per GPU over ${gpus} GPUs`,
      source: { kind: 'default', reason: `mlcost assumption (not measured): data parallel at ${SCALING_WITHIN_NODE * 100}% within a node, ×${SCALING_ACROSS_NODES} across nodes` },
    });
  }
  return { tokensPerSecond, assumptions };
}

function memoryOf(est: CostEstimate, job: Job, work: Work, hw: ResolvedHardware): void {
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
  } else if (job.workload === 'inference' && est.onDemandPerHour !== undefined) {
    const h = pricing.hoursPerMonth ?? HOURS_PER_MONTH;
    est.monthly = {
      onDemand: est.onDemandPerHour * h,
      ...(est.spotPerHour !== undefined && { spot: est.spotPerHour * h }),
      basis: `always on, ${h} hours per month`,
    };
  }
}

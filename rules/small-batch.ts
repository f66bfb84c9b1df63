import { jobRun } from '../server/src/engine/savings';
import type { CostEstimate, PricingSettings } from '../server/src/engine/cost/estimateTypes';
import { GPUS, type GpuSpec } from '../server/src/engine/cost/gpus';
import { resolveHardware } from '../server/src/engine/cost/hardware';
import { DEFAULT_SEQUENCE_LENGTH, estimateTrainingMemory, fits } from '../server/src/engine/cost/memory';
import { computeMode, modelFlopsUtilisation } from '../server/src/engine/cost/mfu';
import { formatParameters } from '../server/src/engine/cost/models';
import { BATCH, CALIBRATION_SOURCE } from '../server/src/engine/evidence';
import { rangeFor, type Rule } from '../server/src/engine/rule';
import type { Job, Saving } from '../server/src/engine/types';
import { jobParameters } from './jobSize';
import { fixesOf } from './ruleFixes';
import { usd } from './ruleMoney';

/** Micro-batches this small are flagged... */
const SMALL = 2;
/** ...when this one fits (the calibration's batch-8 point: 5.2x batch 1's throughput on 124M). */
export const TARGET_MICRO_BATCH = 8;
/** A packed micro-batch holds micro x sequence tokens; at this many or more it is not small. */
const PACKED_TOKENS_ENOUGH = 2 * 1024;
/**
 * With the GPU unknown, a large accumulation says the micro-batch was sized to some GPU's memory:
 * unless the larger micro-batch fits even the smallest tensor-core GPU, when memory cannot have
 * been the reason (a recipe's batch 1 x accumulation 8 for a 1B LoRA fits any of them).
 */
const ACCUMULATION_SIZED = 8;
/**
 * With the GPU unknown, only GPUs up to the common 80 GB class are assumed: a job our model says
 * needs more than that on one GPU runs leaner than the model knows (8-bit optimisers, optimizer in
 * backward, sharding), so its spare memory cannot be judged.
 */
const ASSUMED_GPU_MAX_GIB = 80;
/** Predicted speed-ups below this are not worth a money figure. */
const MIN_SPEEDUP = 1.05;

interface Gpu {
  spec: GpuSpec;
  /** How the GPU is known: the request, or the smallest that can run the job at all. */
  label: string;
}

/** The requested GPU; else the smallest GPU of the spec table that fits the job as it is. */
function gpuFor(job: Job, pricing: PricingSettings, fitsAt: (spec: GpuSpec, micro: number) => boolean, micro: number): Gpu | undefined {
  const hw = resolveHardware(job, pricing);
  if (hw?.spec) return { spec: hw.spec, label: `the requested ${hw.spec.name} (${hw.spec.memoryGiB} GiB)` };
  if (job.hardware?.cpuOnly || hw) return undefined;
  const smallest = [...GPUS].filter((g) => g.tensorCores && g.memoryGiB <= ASSUMED_GPU_MAX_GIB && fitsAt(g, micro)).sort((a, b) => a.memoryGiB - b.memoryGiB)[0];
  return smallest && { spec: smallest, label: `even the smallest GPU that can run it at all (${smallest.name}, ${smallest.memoryGiB} GiB; the file names no GPU)` };
}

/** Throughput of the larger micro-batch over the current one, per the calibrated MFU model (bf16). */
export function batchSpeedup(job: Job, parameters: number, from: number, to: number): number {
  const mode = computeMode(job.precision?.value);
  const seq = job.batch?.sequenceLength?.value ?? DEFAULT_SEQUENCE_LENGTH;
  return modelFlopsUtilisation(mode, parameters, to * seq).value / modelFlopsUtilisation(mode, parameters, from * seq).value;
}

/** What a run saves at `speedup` x the throughput: (1 − 1/speedup) of its cost and hours. */
export function smallBatchSaving(e: CostEstimate | undefined, speedup: number): Saving | undefined {
  const run = e && jobRun(e)?.usd;
  if (run === undefined || e?.hours === undefined || speedup < MIN_SPEEDUP) return undefined;
  const share = 1 - 1 / speedup;
  return { usdPerRun: run * share, hoursDelta: -e.hours * share, basis: `${speedup.toFixed(1)}x the tokens/s at a larger micro-batch (mlcost throughput model, calibrated batch sweep)` };
}

/** The new accumulation that keeps the global batch, or undefined when it cannot. */
function keptAccumulation(micro: number, accumulation: number, target: number): number | undefined {
  const global = micro * accumulation;
  return global % target === 0 && global >= target ? global / target : undefined;
}

/**
 * small-batch: a per-device micro-batch of 1-2 (not a long packed sequence) where the memory
 * model says a micro-batch of 8 fits on the GPU: the GPU runs far below its throughput.
 */
export const smallBatch: Rule = {
  id: 'small-batch',
  title: 'Tiny per-device batch where a larger one fits',
  defaultSeverity: 'warning',
  check(job, ctx) {
    if (job.workload !== 'training') return [];
    const b = job.batch;
    const per = b?.perDevice;
    if (!per || per.value > SMALL) return [];
    const seq = b?.sequenceLength?.value;
    if (b?.packing?.value === true && (seq === undefined || per.value * seq >= PACKED_TOKENS_ENOUGH)) return [];
    const size = jobParameters(job);
    if (!size) return [];
    const where = rangeFor(per, job);
    if (!where) return [];
    const memory = (micro: number) =>
      estimateTrainingMemory({
        parameters: size.parameters,
        trainingMode: job.model?.trainingMode?.value,
        precision: job.precision?.value,
        microBatch: micro,
        sequenceLength: seq,
        gpuCount: 1,
        activationCheckpointing: b?.activationCheckpointing?.value === true,
        offload: b?.offload?.value,
      });
    const fitsAt = (spec: GpuSpec, micro: number) => fits(memory(micro), spec.memoryGiB, 1) === true;
    const gpu = gpuFor(job, ctx.pricing, fitsAt, per.value);
    if (!gpu || !fitsAt(gpu.spec, TARGET_MICRO_BATCH)) return [];
    const accumulation = b?.gradientAccumulation?.value ?? 1;
    const smallest = [...GPUS].filter((g) => g.tensorCores).sort((a, b) => a.memoryGiB - b.memoryGiB)[0];
    if (!gpu.label.startsWith('the requested') && accumulation >= ACCUMULATION_SIZED && !(smallest && fitsAt(smallest, TARGET_MICRO_BATCH))) return [];

    const need = memory(TARGET_MICRO_BATCH).perGpuGiB;
    const speedup = batchSpeedup(job, size.parameters, per.value, TARGET_MICRO_BATCH);
    const saving = smallBatchSaving(ctx.estimate(job), speedup);
    const kept = keptAccumulation(per.value, accumulation, TARGET_MICRO_BATCH);
    const predicted =
      speedup >= MIN_SPEEDUP
        ? ` For this ${formatParameters(size.parameters)}-parameter model mlcost's throughput model predicts ${speedup.toFixed(1)}x the tokens/s at ${TARGET_MICRO_BATCH}` +
          (saving ? `: ≈ ${usd(saving.usdPerRun)} and ${(-saving.hoursDelta!).toFixed(1)} h less per run.` : '.')
        : ` Larger models lose less than this 124M model did; at this size the gain is mostly fewer optimizer steps per sample (accumulation ${accumulation}).`;
    const globalNote = kept !== undefined ? ` and gradient accumulation ${kept} keeps the global batch of ${per.value * accumulation}` : `; this raises the global batch from ${per.value * accumulation} to ${TARGET_MICRO_BATCH}, so retune the learning rate`;
    const message =
      `Per-device micro-batch ${per.value}${b?.packing?.value ? ` (packed, ${per.value * (seq ?? 0)} tokens)` : ''}: the GPU runs far below its throughput. ` +
      `In our measurement batch 1 used an H100 ${BATCH.batch32OverBatch1}x less efficiently than batch 32, and batch ${TARGET_MICRO_BATCH} ran ` +
      `${(BATCH.tokensPerSecond[3] / BATCH.tokensPerSecond[0]).toFixed(1)}x faster than batch 1 (GPT-2 124M, bf16, ${CALIBRATION_SOURCE}). ` +
      `A micro-batch of ${TARGET_MICRO_BATCH} needs ≈ ${need.toFixed(0)} GiB (mlcost memory model, ${size.basis}) and fits on ${gpu.label}${globalNote}.${predicted}`;
    const fix = job.editor?.setBatch?.({
      perDevice: TARGET_MICRO_BATCH,
      ...((kept !== undefined || accumulation > 1) && { gradientAccumulation: kept ?? 1 }),
      title: `Use micro-batch ${TARGET_MICRO_BATCH}${kept !== undefined ? ` with gradient accumulation ${kept} (same global batch)` : ` (global batch ${per.value * accumulation} → ${TARGET_MICRO_BATCH})`}`,
    });
    return [{ range: where, message, ...fixesOf(fix), ...(saving && { saving }) }];
  },
};

import { cheapestCpu, cheapestFits, instanceByType, instancesFor, type CatalogInstance, type Provider } from '../server/src/engine/cost/catalog';
import { HOURS_PER_MONTH } from '../server/src/engine/cost/estimate';
import type { PricingSettings } from '../server/src/engine/cost/estimateTypes';
import { gpuSpec, type GpuSpec } from '../server/src/engine/cost/gpus';
import { catalogProvider } from '../server/src/engine/cost/hardware';
import { estimateInferenceMemory, estimateTrainingMemory, fits, USABLE_MEMORY_FRACTION } from '../server/src/engine/cost/memory';
import { computeMode } from '../server/src/engine/cost/mfu';
import { formatParameters, modelParameters } from '../server/src/engine/cost/models';
import { rankHardware, type HardwareOption } from '../server/src/engine/cost/options';
import { workOf } from '../server/src/engine/cost/work';
import { rangeFor, type Rule, type RuleContext, type RuleFinding } from '../server/src/engine/rule';
import { hardwareRunSaving, hourlySaving, savingText } from '../server/src/engine/savings';
import type { Fact, Fix, Job, Range, Saving } from '../server/src/engine/types';
import { fixesOf, hardwareFixes } from './ruleFixes';

/** Flag only when the request holds at least this many times the memory the job needs... */
const MEMORY_SLACK = 4;
/** ...and a fitting choice costs at most this share of the request's hourly price. */
const PRICE_SHARE = 0.5;
/** Inference models this small answer about as fast on a CPU at batch 1 (calibration: a 4M MLP). */
const CPU_INFERENCE_MAX_PARAMS = 50e6;

interface Requested {
  spec: GpuSpec;
  gpus: number;
  instance?: CatalogInstance;
  fact: Fact<unknown>;
  label: string;
  perHour?: number;
  /** Which catalog row the price is from, when the file named only a GPU. */
  priceNote: string;
}

/**
 * oversized-gpu: the GPU type/count requested is far larger than the workload's memory need (e.g.
 * 8xA100 for a 124M-parameter model). Needs the model size (a known hub id, or stated parameters).
 * Training is judged by the cost of a RUN: the job's request and each fitting choice do the same
 * work, timed by the same throughput model (options.ts), and the rule speaks only when a choice
 * cuts the run cost by at least 30% (which is also what wasted GPUs show: the scaling model gives
 * them little work). Services and dev machines are priced by the hour, so $/h stays the measure.
 */
export const oversizedGpu: Rule = {
  id: 'oversized-gpu',
  title: 'GPU request far larger than the job needs',
  defaultSeverity: 'warning',
  check(job, ctx) {
    if (job.workload !== 'training' && job.workload !== 'inference') return [];
    // Several requests to choose from (SkyPilot `any_of`/`ordered`, `sky bench` candidates): the
    // optimizer or the benchmark picks, so no single one of them is the job's hardware.
    if (job.hardware?.alternatives?.length) return [];
    const req = requested(job, ctx.pricing);
    if (!req) return [];
    const where = rangeFor(req.fact, job);
    if (!where) return [];
    const size = parameters(job);
    if (!size) return [];
    // A model the job's command does not name (weights its setup downloads) sizes the estimate,
    // but is no basis for resizing the hardware: the task may train another one.
    if (job.model?.id?.source.kind === 'default' && !job.model.parameters) return [];

    const needGiB = memoryNeed(job, size.parameters);
    const haveGiB = req.spec.memoryGiB * req.gpus;
    if (needGiB.gib * MEMORY_SLACK > haveGiB) return [];

    // The request's own provider, else the configured one; the configured region when it applies.
    const provider = req.instance?.provider ?? catalogProvider(ctx.pricing.provider);
    const region = !req.instance || req.instance.provider === catalogProvider(ctx.pricing.provider) ? ctx.pricing.region : undefined;
    const sagemaker = req.instance?.sagemakerFromEc2 === true;
    const head = `Requests ${req.label}: ${Math.round(haveGiB)} GiB of GPU memory${req.perHour !== undefined ? `, $${req.perHour.toFixed(2)}/h on-demand${req.priceNote}` : ''}, for a ${formatParameters(size.parameters)}-parameter model ` +
      `(${size.basis}) that needs ≈ ${needGiB.gib.toFixed(1)} GiB to ${job.workload === 'inference' ? 'serve' : 'train'} (${needGiB.basis}).`;
    if (job.workload === 'training') return trainingFinding(job, ctx, req, where, head, { provider, region, sagemaker, haveGiB, needGiB: needGiB.gib });

    const cpuFits = size.parameters <= CPU_INFERENCE_MAX_PARAMS;
    const options = cpuFits
      ? cheapestCpu({ provider: provider ?? 'aws', region, minMemoryGiB: Math.ceil(needGiB.gib * 2), limit: CHOICES_SCANNED })
      : cheapestFits({ minGpuMemoryGiB: needGiB.gib, gpuCount: 1, requireBf16: job.precision?.value === 'bf16' }, { provider, region, limit: CHOICES_SCANNED });
    const best = options[0];
    if (!best) return [];
    if (req.perHour !== undefined && best.onDemand > req.perHour * PRICE_SHARE) return [];

    const month = ctx.pricing.hoursPerMonth ?? HOURS_PER_MONTH;
    const saving = req.perHour !== undefined ? hourlySaving(req.perHour, best.onDemand, month, `always on: ${req.label} vs ${best.instanceType}, catalog list prices`) : undefined;
    const message = `${head} ${describe(best, sagemaker, cpuFits)}${saving ? ` — ${savingText(saving)} ($${(req.perHour! - best.onDemand).toFixed(2)}/h less)` : ''}. ` +
      `Prices: SkyPilot catalog list prices, see the rule's documentation.`;
    // The cheapest fit and the next two choices of a different GPU, one fix each.
    // An alternative this rule would flag in turn is no fix (the editor keeps the node count).
    const nodes = Math.max(1, job.hardware?.nodes?.value ?? 1);
    const memory = (o: CatalogInstance) => (o.gpuMemoryGiB ?? (o.gpu ? gpuSpec(o.gpu)?.memoryGiB : undefined) ?? 0) * (o.gpuCount ?? 1) * nodes;
    const settled = options.filter((o) => cpuFits || o === best || !(needGiB.gib * MEMORY_SLACK <= memory(o) && best.onDemand <= o.onDemand * nodes * PRICE_SHARE));
    const choices = distinctChoices(settled, 3).map((c) => ({
      instance: c,
      saving: req.perHour !== undefined ? hourlySaving(req.perHour, c.onDemand * nodes, month, `always on: ${req.label} vs ${c.instanceType}`) : undefined,
    }));
    const fixes = hardwareFixes(job, choices.filter((c) => req.perHour === undefined || c.saving), { sagemaker, cpu: cpuFits, nodes });
    return [{ range: where, message, ...fixesOf(...fixes), ...(saving && { saving }) }];
  },
};

/** A choice must cut the run cost by at least this share to be worth a finding (issue 10). */
export const MIN_RUN_COST_CUT = 0.3;
/** Below this per-GPU efficiency the message says the extra GPUs are wasted. */
const WASTED_SCALING = 0.7;

function trainingFinding(
  job: Job,
  ctx: RuleContext,
  req: Requested,
  where: Range,
  head: string,
  o: { provider?: Provider; region?: string; sagemaker: boolean; haveGiB: number; needGiB: number },
): RuleFinding[] {
  const e = ctx.estimate(job);
  if (!e?.tokensPerSecond || e.onDemandPerHour === undefined) return []; // no throughput on the request: no per-run claim
  const work = workOf(job, req.gpus);
  if (!work.parameters) return [];
  // Each data-parallel GPU runs its own micro-batch, whose activations no sharding splits: a request
  // whose GPUs cannot hold the micro-batch the file states, even with the model state fully sharded,
  // is too small per GPU, not too large in all. (mlcost's assumed batch or length decides nothing.)
  const perGpu = job.batch?.perDevice && job.batch.sequenceLength && estimateTrainingMemory({
    parameters: work.parameters,
    trainingMode: job.model?.trainingMode?.value,
    precision: job.precision?.value,
    microBatch: work.perDeviceBatch,
    sequenceLength: work.sequenceLength,
    gpuCount: req.gpus,
    zeroStage: 3,
    activationCheckpointing: job.batch?.activationCheckpointing?.value === true,
    offload: job.batch?.offload?.value,
  });
  if (perGpu && fits(perGpu, req.spec.name) === false) return [];
  const ranked = rankHardware({
    job,
    parameters: work.parameters,
    shape: work.shape,
    mode: computeMode(job.precision?.value),
    perDeviceBatch: work.perDeviceBatch,
    sequenceLength: work.sequenceLength,
    tokens: e.tokens,
    pricing: { ...ctx.pricing, provider: o.provider, region: o.region },
  });
  const nodes = Math.max(1, job.hardware?.nodes?.value ?? 1);
  // Per 1e9 tokens on-demand: the same work on both sides, so the ratio is the run-cost ratio.
  const current = (e.onDemandPerHour / (e.tokensPerSecond * 3600)) * 1e9;
  const smaller = ranked.filter((r) => r.fits && r.usdPerBillionTokens !== undefined && gpuSpec(r.gpu)!.memoryGiB * r.gpus * nodes < o.haveGiB);
  // On several nodes each node would get the choice (the editor keeps the node count): per token
  // that costs about what one node does (cross-node scaling not re-timed; cost-model.md).
  // A choice the job's own time limit would stop before the work is done is no choice.
  const inTime = (r: (typeof smaller)[number]) => e.timeLimitHours === undefined || (r.hours !== undefined && r.hours <= e.timeLimitHours);
  const cheaper = smaller.filter((r) => r.usdPerBillionTokens! <= current * (1 - MIN_RUN_COST_CUT) && inTime(r));
  const best = cheaper[0];
  if (!best) return [];
  const cut = 1 - best.usdPerBillionTokens! / current;
  const slower = e.tokensPerSecond / (best.tokensPerSecond! * nodes);
  const saving = nodes === 1 ? hardwareRunSaving(e, best) : undefined;
  const wasted = e.scaling !== undefined && e.scaling < WASTED_SCALING ? ` The scaling model gives each of the ${req.gpus} GPUs ${Math.round(e.scaling * 100)}% of its speed: the extra GPUs mostly wait on communication.` : '';
  const name = o.sagemaker ? `ml.${best.instanceType}` : best.instanceType;
  const message =
    `${head}${wasted} The same run on ${best.gpus}×${best.gpu}${nodes > 1 ? ` per node` : ''} (${providerName(best.provider as Provider)} ${name}, $${best.onDemandPerHour.toFixed(2)}/h on-demand${o.sagemaker ? ' at EC2 rates' : ''}) ` +
    `costs ≈ ${Math.round(cut * 100)}% less per run and takes ${timeChange(slower)}` +
    `${saving ? `: ${savingText(saving)}` : ' (state the tokens or steps for a $ figure)'}. ` +
    `Both sides timed by the mlcost throughput model; prices: SkyPilot catalog list prices, see the rule's documentation.`;
  // A choice this rule would flag in turn is no fix: it must not be far larger than the need, or
  // the best choice must not beat it by the same margin.
  const settled = cheaper.filter((c) => c === best || gpuSpec(c.gpu)!.memoryGiB * c.gpus * nodes < o.needGiB * MEMORY_SLACK || best.usdPerBillionTokens! > c.usdPerBillionTokens! * (1 - MIN_RUN_COST_CUT));
  const choices = distinctOptions(settled, 3).map((c) => ({ option: c, saving: nodes === 1 ? hardwareRunSaving(e, c) : undefined, cut: 1 - c.usdPerBillionTokens! / current, slower: e.tokensPerSecond! / (c.tokensPerSecond! * nodes) }));
  const fixes = trainingFixes(job, choices, { sagemaker: o.sagemaker, nodes });
  return [{ range: where, message, ...fixesOf(...fixes), ...(saving && { saving }) }];
}

function timeChange(slower: number): string {
  if (slower >= 1.05) return `${slower.toFixed(1)}x longer`;
  if (slower <= 0.95) return `${(1 / slower).toFixed(1)}x shorter`;
  return 'about as long';
}

function distinctOptions(options: readonly HardwareOption[], n: number): HardwareOption[] {
  const seen = new Set<string>();
  return options.filter((o) => !seen.has(o.gpu) && seen.add(o.gpu)).slice(0, n);
}

/** One unsafe fix per choice, titled with what it saves per run (the savings function's figure). */
function trainingFixes(job: Job, choices: { option: HardwareOption; saving?: Saving; cut: number; slower: number }[], opts: { sagemaker: boolean; nodes: number }): Fix[] {
  return hardwareFixes(
    job,
    choices.map((c) => ({
      instance: { instanceType: c.option.instanceType, gpu: c.option.gpu, gpuCount: c.option.gpus },
      saving: c.saving,
      note: c.saving ? undefined : `≈ ${Math.round(c.cut * 100)}% less per run, ${timeChange(c.slower)}`,
    })),
    { sagemaker: opts.sagemaker, cpu: false, nodes: opts.nodes },
  );
}

/** Catalog rows looked at for the alternatives offered as fixes. */
const CHOICES_SCANNED = 12;

function distinctChoices(options: readonly CatalogInstance[], n: number): CatalogInstance[] {
  const seen = new Set<string>();
  return options.filter((o) => {
    const key = o.gpu ?? o.instanceType;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  }).slice(0, n);
}

function requested(job: Job, pricing: PricingSettings): Requested | undefined {
  const hw = job.hardware;
  if (!hw || hw.cpuOnly || hw.unresolved) return undefined;
  const nodes = Math.max(1, hw.nodes?.value ?? 1);
  if (hw.instanceType) {
    const inst = instanceByType(hw.instanceType.value);
    const spec = inst?.gpu ? gpuSpec(inst.gpu) : undefined;
    if (!inst || !spec || !inst.gpuCount || inst.gpuCount < 1) return undefined;
    const gpus = inst.gpuCount * nodes;
    return {
      spec,
      gpus,
      instance: inst,
      fact: hw.instanceType,
      label: `${nodes > 1 ? `${nodes} x ` : ''}${hw.instanceType.value} with ${gpus}×${spec.name}`,
      perHour: inst.onDemand * nodes,
      priceNote: '',
    };
  }
  if (!hw.gpu) return undefined;
  const spec = gpuSpec(hw.gpu.value);
  if (!spec) return undefined;
  const perNode = Math.max(1, hw.gpuCount?.value ?? 1);
  const inst = instancesFor(spec.name, perNode, { provider: catalogProvider(pricing.provider), region: pricing.region })[0];
  return {
    spec,
    gpus: perNode * nodes,
    fact: hw.gpuCount && hw.gpuCount.source.kind !== 'default' ? hw.gpuCount : hw.gpu,
    label: `${perNode * nodes}×${spec.name}`,
    priceNote: inst ? ` as ${providerName(inst.provider)} ${inst.instanceType}${nodes > 1 ? ` x ${nodes}` : ''}, the cheapest catalog match` : '',
    perHour: inst ? inst.onDemand * nodes * (perNode / Math.max(1, Math.floor(inst.gpuCount ?? perNode))) : undefined,
  };
}

function parameters(job: Job): { parameters: number; basis: string } | undefined {
  const m = job.model;
  if (m?.parameters) return { parameters: m.parameters.value, basis: 'stated in the config' };
  if (!m?.id) return undefined;
  const hit = modelParameters(m.id.value);
  return hit ? { parameters: hit.parameters, basis: hit.basis } : undefined;
}

function memoryNeed(job: Job, params: number): { gib: number; basis: string } {
  if (job.workload === 'inference') {
    const e = estimateInferenceMemory(params, 2);
    return { gib: e.totalGiB, basis: 'bf16 weights + 20%' };
  }
  const e = estimateTrainingMemory({
    parameters: params,
    trainingMode: job.model?.trainingMode?.value,
    precision: job.precision?.value,
    microBatch: job.batch?.perDevice?.value,
    sequenceLength: job.batch?.sequenceLength?.value,
    gpuCount: 1,
    offload: job.batch?.offload?.value,
  });
  const mode = job.model?.trainingMode?.value ?? 'full';
  return { gib: e.perGpuGiB / USABLE_MEMORY_FRACTION, basis: `${mode} training with AdamW ≈ 16 B/param plus activations, mlcost memory model` };
}

function describe(best: CatalogInstance, sagemaker: boolean, cpu: boolean): string {
  const name = sagemaker ? `ml.${best.instanceType}` : best.instanceType;
  const where = `${providerName(best.provider)} ${name}, $${best.onDemand.toFixed(2)}/h on-demand${sagemaker ? ' at EC2 rates' : ''}`;
  if (cpu) return `A CPU instance serves a model this small about as fast at batch 1: ${where}`;
  return `It fits on 1×${best.gpu} (${where})`;
}

function providerName(p: Provider): string {
  return p === 'aws' ? 'AWS' : p === 'gcp' ? 'GCP' : p === 'azure' ? 'Azure' : 'Lambda';
}

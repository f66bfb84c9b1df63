import { cheapestCpu, cheapestFits, instanceByType, instancesFor, type CatalogInstance, type Provider } from '../server/src/engine/cost/catalog';
import type { PricingSettings } from '../server/src/engine/cost/estimateTypes';
import { gpuSpec, type GpuSpec } from '../server/src/engine/cost/gpus';
import { catalogProvider } from '../server/src/engine/cost/hardware';
import { estimateInferenceMemory, estimateTrainingMemory, USABLE_MEMORY_FRACTION } from '../server/src/engine/cost/memory';
import { formatParameters, modelParameters } from '../server/src/engine/cost/models';
import { rangeFor, type Rule } from '../server/src/engine/rule';
import type { Fact, Job } from '../server/src/engine/types';
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
 */
export const oversizedGpu: Rule = {
  id: 'oversized-gpu',
  title: 'GPU request far larger than the job needs',
  defaultSeverity: 'warning',
  check(job, ctx) {
    if (job.workload !== 'training' && job.workload !== 'inference') return [];
    const req = requested(job, ctx.pricing);
    if (!req) return [];
    const where = rangeFor(req.fact, job);
    if (!where) return [];
    const size = parameters(job);
    if (!size) return [];

    const needGiB = memoryNeed(job, size.parameters);
    const haveGiB = req.spec.memoryGiB * req.gpus;
    if (needGiB.gib * MEMORY_SLACK > haveGiB) return [];

    // The request's own provider, else the configured one; the configured region when it applies.
    const provider = req.instance?.provider ?? catalogProvider(ctx.pricing.provider);
    const region = !req.instance || req.instance.provider === catalogProvider(ctx.pricing.provider) ? ctx.pricing.region : undefined;
    const sagemaker = req.instance?.sagemakerFromEc2 === true;
    const cpuFits = job.workload === 'inference' && size.parameters <= CPU_INFERENCE_MAX_PARAMS;
    const options = cpuFits
      ? cheapestCpu({ provider: provider ?? 'aws', region, minMemoryGiB: Math.ceil(needGiB.gib * 2), limit: CHOICES_SCANNED })
      : cheapestFits({ minGpuMemoryGiB: needGiB.gib, gpuCount: 1, requireBf16: job.precision?.value === 'bf16' }, { provider, region, limit: CHOICES_SCANNED });
    const best = options[0];
    if (!best) return [];
    if (req.perHour !== undefined && best.onDemand > req.perHour * PRICE_SHARE) return [];

    const price = req.perHour !== undefined ? `, $${req.perHour.toFixed(2)}/h on-demand${req.priceNote}` : '';
    const fit = describe(best, sagemaker, cpuFits);
    const saving = req.perHour !== undefined ? ` — saves ≈ $${(req.perHour - best.onDemand).toFixed(2)}/h` : '';
    const message =
      `Requests ${req.label}: ${Math.round(haveGiB)} GiB of GPU memory${price}, for a ${formatParameters(size.parameters)}-parameter model ` +
      `(${size.basis}) that needs ≈ ${needGiB.gib.toFixed(1)} GiB to ${job.workload === 'inference' ? 'serve' : 'train'} (${needGiB.basis}). ${fit}${saving}. ` +
      `Prices: SkyPilot catalog list prices, see the rule's documentation.`;
    // The cheapest fit and the next two choices of a different GPU, one fix each.
    // An alternative this rule would flag in turn is no fix (the editor keeps the node count).
    const nodes = Math.max(1, job.hardware?.nodes?.value ?? 1);
    const memory = (o: CatalogInstance) => (o.gpuMemoryGiB ?? (o.gpu ? gpuSpec(o.gpu)?.memoryGiB : undefined) ?? 0) * (o.gpuCount ?? 1) * nodes;
    const settled = options.filter((o) => cpuFits || o === best || !(needGiB.gib * MEMORY_SLACK <= memory(o) && best.onDemand <= o.onDemand * nodes * PRICE_SHARE));
    const fixes = hardwareFixes(job, distinctChoices(settled, 3), { perHour: req.perHour, sagemaker, cpu: cpuFits, nodes });
    const savingUsdPerHour = req.perHour !== undefined ? req.perHour - best.onDemand : undefined;
    return [{ range: where, message, ...fixesOf(...fixes), ...(savingUsdPerHour !== undefined && { savingUsdPerHour }) }];
  },
};

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

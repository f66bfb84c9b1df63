// What a job runs on and what that costs per hour: from the job's hardware facts (whatever dialect
// wrote them: SkyPilot accelerators/instance_type × num_nodes, SageMaker instance_type ×
// instance_count, Kubernetes nvidia.com/gpu × replicas + GPU node selectors, Lightning devices,
// Accelerate num_processes, a `# mlcost: gpu=` annotation), else the `defaultHardware` setting.
// Prices come from the bundled catalog, with the user's overrides replacing catalog rows.
import type { Fact, HardwareRequest, Job } from '../types';
import { catalogMeta, instanceByType, instancesFor, type CatalogInstance, type Provider } from './catalog';
import type { Assumption, PriceOverride, PricingSettings } from './estimateTypes';
import { gpuSpec, normaliseGpuName, type GpuSpec } from './gpus';
import { findOverride } from './overrides';

export interface ResolvedHardware {
  /** Canonical GPU name; undefined for CPU-only or an unknown accelerator. */
  gpu?: string;
  spec?: GpuSpec;
  gpusPerNode: number;
  nodes: number;
  /** All GPUs of the request. */
  gpus: number;
  /** The priced instance (catalog row with any override applied), when one was found. */
  instance?: PricedInstance;
  /** Whole request (all nodes; a GPU share of a larger instance when that is all the catalog has). */
  onDemandPerHour?: number;
  spotPerHour?: number;
  label: string;
  assumptions: Assumption[];
  /** Why no price could be given, when none could. */
  unpriced?: string;
}

export interface PricedInstance {
  instanceType: string;
  provider: string;
  region: string;
  gpu?: string;
  gpuCount?: number;
  gpuMemoryGiB?: number;
  onDemand?: number;
  spot?: number;
  /** Where the price is from: `catalog`, or `override`. */
  priceFrom: 'catalog' | 'override';
  sagemakerFromEc2?: boolean;
  notes?: string;
}

const PROVIDERS = new Set<Provider>(['aws', 'gcp', 'azure', 'lambda']);

export function catalogProvider(p: string | undefined): Provider | undefined {
  const s = p?.trim().toLowerCase();
  return s && PROVIDERS.has(s as Provider) ? (s as Provider) : undefined;
}

/** `A100:8`, `H100`, `8xA100`, or an instance type (`p4d.24xlarge`). */
export function parseHardwareSpec(raw: string): { gpu: string; count: number } | { instanceType: string } | undefined {
  const s = raw.trim();
  if (!s) return undefined;
  const counted = /^(.+?)\s*[:x×]\s*(\d+)$/i.exec(s);
  const leading = /^(\d+)\s*[x×]\s*(.+)$/i.exec(s);
  const named = counted ? { name: counted[1], count: counted[2] } : leading ? { name: leading[2], count: leading[1] } : undefined;
  if (named) {
    const gpu = normaliseGpuName(named.name);
    if (gpu && !instanceByType(s)) return { gpu, count: Math.max(1, Number(named.count)) };
  }
  const gpu = normaliseGpuName(s);
  if (gpu && !instanceByType(s)) return { gpu, count: 1 };
  return { instanceType: s };
}

export function resolveHardware(job: Job, pricing: PricingSettings = {}): ResolvedHardware | undefined {
  const hw = usable(job.hardware);
  const assumptions: Assumption[] = [];
  const nodes = Math.max(1, Math.floor(hw?.nodes?.value ?? 1));
  if (hw?.nodes && nodes > 1) assumptions.push({ name: 'nodes', value: String(nodes), source: hw.nodes.source });

  if (hw?.instanceType) {
    const r = fromInstanceType(hw.instanceType.value, hw.instanceType, nodes, pricing, assumptions, hw);
    if (r) return r;
  }
  if (hw?.gpu) {
    const count = Math.max(1, Math.floor(hw.gpuCount?.value ?? 1));
    assumptions.push({ name: 'GPUs', value: `${count}×${hw.gpu.value} per node`, source: (hw.gpuCount ?? hw.gpu).source });
    if (!hw.gpuCount) assumptions.push({ name: 'GPU count', value: '1', source: { kind: 'default', reason: 'a GPU named without a count means one' } });
    return fromGpu(hw.gpu.value, count, nodes, pricing, assumptions);
  }
  if (job.hardware?.cpuOnly) return undefined;

  // Nothing (or only a GPU count) in the file: the defaultHardware setting says what to assume.
  const fallback = pricing.defaultHardware ? parseHardwareSpec(pricing.defaultHardware) : undefined;
  if (!fallback) return undefined;
  const setting = { kind: 'setting', name: 'mlcost.defaultHardware' } as const;
  if ('instanceType' in fallback) {
    assumptions.push({ name: 'hardware', value: fallback.instanceType, source: setting });
    return fromInstanceType(fallback.instanceType, undefined, nodes, pricing, assumptions, hw);
  }
  if (hw?.gpuCount) {
    // The file says how many GPUs, the setting which kind.
    const count = Math.max(1, Math.floor(hw.gpuCount.value));
    assumptions.push({ name: 'GPUs', value: `${count} per node`, source: hw.gpuCount.source });
    assumptions.push({ name: 'GPU type', value: fallback.gpu, source: setting });
    return fromGpu(fallback.gpu, count, nodes, pricing, assumptions);
  }
  assumptions.push({ name: 'GPUs', value: `${fallback.count}×${fallback.gpu}`, source: setting });
  return fromGpu(fallback.gpu, fallback.count, nodes, pricing, assumptions);
}

/**
 * Hardware the estimator assumes for a job that names none (the cheapest fitting choice per run,
 * options.ts): priced like a `gpu=` request, each assumption saying why it was chosen.
 */
export function assumedHardware(gpu: string, count: number, nodes: number, pricing: PricingSettings, why: string): ResolvedHardware {
  const assumptions: Assumption[] = [{ name: 'GPUs', value: `${count}×${gpu}${nodes > 1 ? ` per node, ${nodes} nodes` : ''}`, source: { kind: 'model', detail: why } }];
  return fromGpu(gpu, count, nodes, pricing, assumptions);
}

/** Placeholder values (`${VAR}`, ParameterString) say nothing: treat the request as absent. */
function usable(hw: HardwareRequest | undefined): HardwareRequest | undefined {
  if (!hw) return undefined;
  if (!hw.unresolved) return hw;
  const annotated = (f: Fact<unknown> | undefined) => f?.source.kind === 'annotation';
  return annotated(hw.gpu) || annotated(hw.instanceType) ? hw : { nodes: hw.nodes };
}

function fromInstanceType(
  type: string,
  fact: Fact<string> | undefined,
  nodes: number,
  pricing: PricingSettings,
  assumptions: Assumption[],
  hw: HardwareRequest | undefined,
): ResolvedHardware | undefined {
  const row = instanceByType(type);
  const override = findOverride(pricing.overrides, type, row?.provider, row?.region);
  if (!row && !override) return undefined;
  const priced: PricedInstance = row ? priceRow(row, pricing.overrides) : { instanceType: type, provider: override!.provider ?? 'custom', region: override!.region ?? '', priceFrom: 'override', onDemand: override!.onDemand, spot: override!.spot };
  if (!row) {
    // Known only from an override: the GPU comes from the file, if it says.
    const gpu = hw?.gpu ? normaliseGpuName(hw.gpu.value) ?? hw.gpu.value : undefined;
    priced.gpu = gpu;
    priced.gpuCount = hw?.gpuCount?.value;
  }
  if (fact) assumptions.push({ name: 'instance', value: `${nodes > 1 ? `${nodes} × ` : ''}${type}`, source: fact.source });
  return finish(priced, priced.gpuCount ?? 0, nodes, 1, assumptions, pricing);
}

function fromGpu(gpuName: string, count: number, nodes: number, pricing: PricingSettings, assumptions: Assumption[]): ResolvedHardware {
  const gpu = normaliseGpuName(gpuName) ?? gpuName;
  const provider = catalogProvider(pricing.provider);
  const filter = { provider, region: pricing.region };
  const rows = instancesFor(gpu, count, filter).map((r) => priceRow(r, pricing.overrides));
  // Prefer an instance with exactly the GPUs asked for; else a share of the smallest larger one.
  const exact = rows.filter((r) => r.gpuCount === count && r.onDemand !== undefined).sort((a, b) => a.onDemand! - b.onDemand!);
  const larger = rows.filter((r) => r.onDemand !== undefined).sort((a, b) => (a.gpuCount ?? 0) - (b.gpuCount ?? 0) || a.onDemand! - b.onDemand!);
  const pick = exact[0] ?? larger[0];
  if (!pick) {
    const where = [provider, pricing.region].filter(Boolean).join(' ');
    return {
      gpu,
      spec: gpuSpec(gpu),
      gpusPerNode: count,
      nodes,
      gpus: count * nodes,
      label: `${count * nodes}×${gpu}`,
      assumptions,
      unpriced: `no catalog instance${where ? ` in ${where}` : ''} has ${count}×${gpu}`,
    };
  }
  const share = count / (pick.gpuCount ?? count);
  assumptions.push({
    name: 'priced as',
    value: share < 1 ? `${count} of the ${pick.gpuCount} GPUs of ${pick.instanceType} (${pick.provider})` : `${pick.instanceType} (${pick.provider})`,
    source: { kind: 'catalog', detail: `cheapest instance with ${count}×${gpu}${provider ? ` on ${provider}` : ' across AWS, GCP, Azure and Lambda'}${pricing.region ? ` in ${pricing.region}` : ''}` },
  });
  return finish(pick, count, nodes, share, assumptions, pricing, gpu);
}

function finish(
  inst: PricedInstance,
  gpusPerNode: number,
  nodes: number,
  share: number,
  assumptions: Assumption[],
  pricing: PricingSettings,
  gpuName?: string,
): ResolvedHardware {
  const gpu = gpuName ?? inst.gpu;
  const spec = gpu ? gpuSpec(gpu) : undefined;
  const perNode = Math.max(0, gpusPerNode);
  const gpus = Math.round(perNode * nodes * 100) / 100;
  const onDemand = inst.onDemand !== undefined ? inst.onDemand * share * nodes : undefined;
  const spot = inst.spot !== undefined ? inst.spot * share * nodes : undefined;
  const source = inst.priceFrom === 'override' ? { kind: 'setting' as const, name: 'mlcost.pricing.overridesFile' } : { kind: 'catalog' as const, detail: catalogDetail(inst) };
  if (onDemand !== undefined) assumptions.push({ name: 'price (on-demand)', value: `$${inst.onDemand!.toFixed(2)}/h per instance${inst.sagemakerFromEc2 ? ' (EC2 rate: SageMaker charges more)' : ''}`, source });
  if (spot !== undefined) assumptions.push({ name: 'price (spot)', value: `$${inst.spot!.toFixed(2)}/h per instance`, source });
  if (pricing.region && inst.region && inst.region.toLowerCase() !== pricing.region.toLowerCase()) {
    assumptions.push({ name: 'region', value: `${inst.region} (the catalog has no ${pricing.region} prices)`, source: { kind: 'catalog', detail: 'one region per provider' } });
  }
  const gpuPart = gpu && gpus > 0 ? `${gpus}×${gpu}` : 'CPU';
  const instPart = `${nodes > 1 ? `${nodes} × ` : ''}${inst.instanceType}${share < 1 ? ` share` : ''}`;
  return {
    gpu,
    spec,
    gpusPerNode: perNode,
    nodes,
    gpus,
    instance: inst,
    onDemandPerHour: onDemand,
    spotPerHour: spot,
    label: `${gpuPart} (${instPart})`,
    assumptions,
    unpriced: onDemand === undefined ? `no on-demand price for ${inst.instanceType}` : undefined,
  };
}

function catalogDetail(inst: PricedInstance): string {
  const meta = catalogMeta();
  return `${inst.provider} ${inst.region} list price, ${meta.source.split(',')[0]}, retrieved ${meta.retrieved}${inst.notes ? `; ${inst.notes}` : ''}`;
}

/** A catalog row priced for the user: a matching override replaces the prices it states. */
export function priceRow(row: CatalogInstance, overrides?: readonly PriceOverride[]): PricedInstance {
  const o = findOverride(overrides, row.instanceType, row.provider, row.region);
  const base: PricedInstance = {
    instanceType: row.instanceType,
    provider: row.provider,
    region: row.region,
    gpu: row.gpu,
    gpuCount: row.gpuCount,
    gpuMemoryGiB: row.gpuMemoryGiB,
    onDemand: row.onDemand,
    spot: row.spot ?? undefined,
    priceFrom: 'catalog',
    sagemakerFromEc2: row.sagemakerFromEc2,
    notes: row.notes,
  };
  if (!o) return base;
  // Negotiated rates often cover on-demand only: a price the override leaves out stays the catalog's.
  return { ...base, onDemand: o.onDemand ?? base.onDemand, spot: o.spot ?? base.spot, priceFrom: 'override', sagemakerFromEc2: false, notes: undefined };
}

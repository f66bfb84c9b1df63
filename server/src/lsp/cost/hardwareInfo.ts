// What a hover or hardware lens says about one piece of hardware named in a file: its GPU specs,
// its catalog prices in the configured provider/region (negotiated overrides winning), and the
// cheapest catalog instances that still hold the job's memory. Only look-ups in the engine's
// catalog and GPU table; no LSP imports, so it is unit-tested directly.
import { catalogMeta, cheapestFits, instanceByType, instancesFor, type CatalogInstance, type Provider } from '../../engine/cost/catalog';
import type { PriceOverride } from '../../engine/cost/estimateTypes';
import { priceRow } from '../../engine/cost/hardware';
import { gpuSpec, type GpuSpec } from '../../engine/cost/gpus';
import { savingPercent } from './money';

export interface PriceScope {
  provider?: Provider;
  region?: string;
  overrides?: readonly PriceOverride[];
}

export interface PricedInstance {
  instanceType: string;
  provider: string;
  region: string;
  gpu?: string;
  gpuCount?: number;
  gpuMemoryGiB?: number;
  onDemand: number;
  spot?: number;
  /** The price comes from mlcost.pricing.overridesFile, not the catalog. */
  overridden: boolean;
  notes?: string;
}

export interface Alternative extends PricedInstance {
  /** Saving in % of on-demand price against the priced hardware; undefined when not cheaper. */
  saving?: number;
}

export interface HardwareInfo {
  /** As written: an instance type or a GPU name. */
  name: string;
  spec?: GpuSpec;
  gpuCount?: number;
  priced?: PricedInstance;
  /** Per-GPU memory the job needs, when the estimate knows it. */
  needGiB?: number;
  alternatives: Alternative[];
  catalog: { source: string; retrieved: string };
}

/** A catalog row priced by the engine's rule (an override replaces the prices it states). */
export function priced(i: CatalogInstance, overrides: readonly PriceOverride[] = []): PricedInstance {
  const p = priceRow(i, overrides);
  return {
    instanceType: p.instanceType,
    provider: p.provider,
    region: p.region,
    gpu: p.gpu,
    gpuCount: p.gpuCount,
    gpuMemoryGiB: p.gpuMemoryGiB,
    onDemand: p.onDemand ?? i.onDemand,
    ...(p.spot !== undefined && { spot: p.spot }),
    overridden: p.priceFrom === 'override',
    ...(p.notes && { notes: p.notes }),
  };
}

/** Catalog row for an instance type, or the cheapest instance with `count` of this GPU, in scope. */
export function priceHardware(name: string, kind: 'instanceType' | 'gpu', count: number | undefined, scope: PriceScope): PricedInstance | undefined {
  const filter = { provider: scope.provider, region: scope.region };
  const row =
    kind === 'instanceType'
      ? instanceByType(name, scope.provider)
      : instancesFor(name, Math.max(1, Math.ceil(count ?? 1)), filter)
          .map((i) => priced(i, scope.overrides))
          .sort((a, b) => a.onDemand - b.onDemand)[0];
  if (!row) return undefined;
  if ('overridden' in row) return row;
  if (scope.region && row.region.toLowerCase() !== scope.region.toLowerCase()) return undefined;
  return priced(row, scope.overrides);
}

export function hardwareInfo(
  name: string,
  kind: 'instanceType' | 'gpu',
  opts: { count?: number; needGiB?: number; scope: PriceScope; limit?: number },
): HardwareInfo {
  const p = priceHardware(name, kind, opts.count, opts.scope);
  const spec = gpuSpec(kind === 'gpu' ? name : (p?.gpu ?? '')) ?? undefined;
  const gpuCount = kind === 'gpu' ? opts.count : p?.gpuCount;
  const meta = catalogMeta();
  const alternatives: Alternative[] = [];
  if (opts.needGiB !== undefined && opts.needGiB > 0) {
    const rows = cheapestFits({ minGpuMemoryGiB: opts.needGiB, gpuCount: Math.max(1, Math.floor(gpuCount ?? 1)) }, { provider: opts.scope.provider, region: opts.scope.region, limit: 40 });
    const candidates = rows
      .map((r) => priced(r, opts.scope.overrides))
      .filter((r) => r.instanceType !== p?.instanceType)
      .sort((a, b) => a.onDemand - b.onDemand)
      .slice(0, opts.limit ?? 3);
    for (const c of candidates) alternatives.push({ ...c, saving: p ? savingPercent(c.onDemand, p.onDemand) : undefined });
  }
  return { name, spec, gpuCount, priced: p, needGiB: opts.needGiB, alternatives, catalog: { source: meta.source, retrieved: meta.retrieved } };
}

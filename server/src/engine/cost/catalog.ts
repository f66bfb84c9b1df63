// Typed access to the bundled instance price catalog: public on-demand and spot list prices in USD
// per instance-hour for AWS us-east-1, GCP us-central1, Azure eastus and Lambda, from the SkyPilot
// catalog (sources, commits and date in `catalogMeta()`). Nothing here reaches the network, and the
// data is loaded on first use so that importing the engine stays cheap.
import { gpuSpec, normaliseGpuName } from './gpus';
import { USABLE_MEMORY_FRACTION } from './memory';

export type Provider = 'aws' | 'gcp' | 'azure' | 'lambda';

export interface CatalogInstance {
  provider: Provider;
  /** As the provider spells it; GCP GPU shapes on N1 hosts read `n1-standard-8+T4x1`. */
  instanceType: string;
  region: string;
  /** Canonical GPU name (gpus.ts) or, for accelerators the GPU table does not know (Inferentia2,
   *  Trainium, RTX6000), the catalog's name. Absent for CPU-only instances. */
  gpu?: string;
  /** The catalog's own spelling when it differs from `gpu` (`A100`, `H100-MEGA`). */
  sourceGpuName?: string;
  /** GPUs per instance; fractional for GPU slices (AWS g6f). */
  gpuCount?: number;
  /** Per GPU (or per slice), as the catalog or the provider's spec states it. */
  gpuMemoryGiB?: number;
  vcpus: number;
  memoryGiB: number;
  /** USD per instance-hour. On GCP this is host VM + GPUs. */
  onDemand: number;
  /** Lowest spot price seen in the region; null when there is none or no real data. */
  spot: number | null;
  /** The source's price looks unreliable (GCP H100). */
  lowConfidence?: boolean;
  notes?: string;
  /** GCP prices the host VM and the GPUs separately; `onDemand`/`spot` are their sums. */
  gcpParts?: { hostOnDemand: number; hostSpot: number | null; acceleratorsOnDemand: number; acceleratorsSpot: number | null };
  /** Set on SageMaker `ml.*` look-ups answered with the EC2 row: the price is EC2's, a lower bound. */
  sagemakerFromEc2?: boolean;
  ec2InstanceType?: string;
}

export interface GcpAcceleratorPrice {
  /** Canonical GPU name, or the TPU/unknown accelerator name as the catalog writes it. */
  name: string;
  kind: 'gpu' | 'tpu';
  count: number;
  region: string;
  onDemand: number;
  spot: number | null;
  lowConfidence?: boolean;
}

export interface CatalogMeta {
  source: string;
  retrieved: string;
  currency: 'USD';
  unit: string;
  regions: string[];
  licence: string;
  notes: string[];
}

export interface CatalogFile {
  meta: CatalogMeta;
  instances: CatalogInstance[];
  gcpAccelerators: GcpAcceleratorPrice[];
}

export interface CatalogFilter {
  provider?: Provider;
  region?: string;
}

export const SAGEMAKER_NOTE =
  'SageMaker price not in the catalog: this is the EC2 price of the same hardware; SageMaker charges a ' +
  'premium over it, so supply your own SageMaker rate as an override for a real figure';

let cached: CatalogFile | undefined;

function catalog(): CatalogFile {
  // require() at first use, not import: the JSON is parsed when a price is first asked for, not
  // when the language server starts (esbuild keeps a required module behind a lazy wrapper).
  cached ??= (require('./catalogData') as typeof import('./catalogData')).CATALOG;
  return cached;
}

export function catalogMeta(): CatalogMeta {
  return catalog().meta;
}

export function allInstances(): readonly CatalogInstance[] {
  return catalog().instances;
}

export function gcpAccelerators(): readonly GcpAcceleratorPrice[] {
  return catalog().gcpAccelerators;
}

function matches(i: { provider?: string; region: string }, f: CatalogFilter | undefined): boolean {
  return (!f?.provider || i.provider === f.provider) && (!f?.region || i.region.toLowerCase() === f.region.toLowerCase());
}

const byPrice = (a: CatalogInstance, b: CatalogInstance): number =>
  a.onDemand - b.onDemand || (a.gpuCount ?? 0) - (b.gpuCount ?? 0) || a.instanceType.localeCompare(b.instanceType);

/**
 * The catalog row for an instance type as written in a config. Case-insensitive; Azure names match
 * with or without `Standard_`. SageMaker `ml.<ec2 type>` is answered with the EC2 row of the same
 * hardware, marked `sagemakerFromEc2` (its price is a lower bound: see SAGEMAKER_NOTE).
 */
export function instanceByType(type: string, provider?: Provider): CatalogInstance | undefined {
  const want = type.trim().toLowerCase();
  if (!want) return undefined;
  const sagemaker = /^ml\.(.+)$/.exec(want);
  if (sagemaker) {
    if (provider && provider !== 'aws') return undefined;
    const ec2 = instanceByType(sagemaker[1], 'aws');
    if (!ec2) return undefined;
    return {
      ...ec2,
      instanceType: type.trim(),
      ec2InstanceType: ec2.instanceType,
      sagemakerFromEc2: true,
      notes: ec2.notes ? `${SAGEMAKER_NOTE}; ${ec2.notes}` : SAGEMAKER_NOTE,
    };
  }
  return allInstances().find((i) => {
    if (provider && i.provider !== provider) return false;
    const name = i.instanceType.toLowerCase();
    return name === want || (i.provider === 'azure' && name === `standard_${want}`);
  });
}

/** Instances with at least `count` of this GPU (any spelling normaliseGpuName knows), cheapest first. */
export function instancesFor(gpu: string, count: number, opts?: CatalogFilter): CatalogInstance[] {
  const want = (normaliseGpuName(gpu) ?? gpu.trim()).toLowerCase();
  return allInstances()
    .filter((i) => i.gpu?.toLowerCase() === want && (i.gpuCount ?? 0) >= count && matches(i, opts))
    .sort(byPrice);
}

export interface GpuNeed {
  /** Memory each GPU must hold, GiB. */
  minGpuMemoryGiB: number;
  /** GPUs needed on one instance (default 1). */
  gpuCount?: number;
  requireBf16?: boolean;
}

/**
 * The cheapest instances whose GPUs can hold `need`, by on-demand price. Only CUDA GPUs the spec
 * table knows are offered (not Inferentia/Trainium, which need their own SDK). A GPU holds X GiB
 * when USABLE_MEMORY_FRACTION of its listed memory does (CUDA context, allocator slack). A fractional
 * GPU (AWS g6f) counts as one device with its slice's memory.
 */
export function cheapestFits(need: GpuNeed, opts?: CatalogFilter & { limit?: number }): CatalogInstance[] {
  const count = Math.max(1, need.gpuCount ?? 1);
  return allInstances()
    .filter((i) => {
      const spec = i.gpu ? gpuSpec(i.gpu) : undefined;
      if (!spec || i.gpuCount === undefined || i.gpuMemoryGiB === undefined || !matches(i, opts)) return false;
      const devices = i.gpuCount < 1 ? 1 : Math.floor(i.gpuCount);
      if (devices < count) return false;
      if (need.requireBf16 && !spec.bf16) return false;
      return i.gpuMemoryGiB * USABLE_MEMORY_FRACTION >= need.minGpuMemoryGiB;
    })
    .sort(byPrice)
    .slice(0, opts?.limit ?? 10);
}

/** CPU-only instances, cheapest first, optionally with at least this many vCPUs / GiB of RAM. */
export function cheapestCpu(opts?: CatalogFilter & { minVcpus?: number; minMemoryGiB?: number; limit?: number }): CatalogInstance[] {
  return allInstances()
    .filter((i) => !i.gpu && matches(i, opts) && i.vcpus >= (opts?.minVcpus ?? 0) && i.memoryGiB >= (opts?.minMemoryGiB ?? 0))
    .sort(byPrice)
    .slice(0, opts?.limit ?? 10);
}

/** GCP price of `count` attached GPUs alone (no host VM), e.g. for a GKE node pool's accelerators. */
export function gcpAcceleratorPrice(gpu: string, count: number): GcpAcceleratorPrice | undefined {
  const want = (normaliseGpuName(gpu) ?? gpu.trim()).toLowerCase();
  return gcpAccelerators().find((a) => a.name.toLowerCase() === want && a.count === count);
}

// Object storage prices (data/storage-prices.json): dated list prices per GB-month, per provider
// and tier, each with its source. Pure look-ups, no I/O at run time (the JSON is bundled).
import type { Job } from '../types';
import data from './data/storage-prices.json';
import type { CostEstimate } from './estimateTypes';

export interface StoragePrice {
  provider: string;
  region: string;
  tier: string;
  class: string;
  usdPerGbMonth: number;
  hot?: boolean;
  minDays?: number;
  source: string;
}

export const storagePrices: readonly StoragePrice[] = (data as { storagePrices: StoragePrice[] }).storagePrices;
export const STORAGE_PRICES_RETRIEVED: string = (data as { meta: { retrieved: string } }).meta.retrieved;

/** The default (hot) tier of a provider's object storage. */
export function hotTier(provider: string): StoragePrice | undefined {
  return storagePrices.find((p) => p.provider === provider && p.hot);
}

/** The infrequent-access tier a lifecycle rule moves objects to after about a month. */
export function coolTier(provider: string): StoragePrice | undefined {
  return storagePrices.find((p) => p.provider === provider && p.minDays === 30);
}

/** Standard (hot) object storage of `provider` (`aws`, `gcp`, `azure`), else S3 Standard (the most common bucket). */
export function storagePrice(provider?: string): StoragePrice & { service: string } {
  const p = hotTier(provider?.toLowerCase() ?? 'aws') ?? hotTier('aws')!;
  return { ...p, service: p.tier };
}

/**
 * The storage lens of a bucket whose size the file states or annotates (`// mlcost: size=5TB`):
 * size × the provider's hot-tier list price per month. Undefined without a size (no figure is
 * made up for what a bucket holds).
 */
export function bucketEstimate(job: Job): CostEstimate | undefined {
  const b = job.bucket;
  const size = b?.sizeGb;
  if (!b || !size) return undefined;
  const price = storagePrice(b.provider);
  const gb = size.value;
  const amount = gb >= 1000 ? `${Number((gb / 1000).toPrecision(3)).toLocaleString('en-US')} TB` : `${Number(gb.toPrecision(3)).toLocaleString('en-US')} GB`;
  return {
    anchor: job.anchor,
    jobName: job.name,
    workload: job.workload,
    usesSpot: false,
    resourceKind: 'bucket',
    monthly: { onDemand: gb * price.usdPerGbMonth, basis: `${amount} in ${price.tier} at $${price.usdPerGbMonth}/GB-month` },
    assumptions: [
      { name: 'stored size', value: amount, source: size.source },
      { name: 'price (storage)', value: `$${price.usdPerGbMonth}/GB-month, ${price.tier}`, source: { kind: 'catalog', detail: `${price.source}; ${price.region} list price retrieved ${STORAGE_PRICES_RETRIEVED}; requests, retrieval and transfer not included` } },
    ],
  };
}

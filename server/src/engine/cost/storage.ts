// Object storage prices (data/storage-prices.json): dated list prices per GB-month, per provider
// and tier, each with its source. Pure look-ups, no I/O at run time (the JSON is bundled).
import data from './data/storage-prices.json';

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

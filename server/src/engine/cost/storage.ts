// Object storage prices (data/storage.json: dated list prices with their pages), for figures about
// what kept checkpoints cost. Pure; loaded with the engine (the file is a few hundred bytes).
import raw from './data/storage.json';

export interface StoragePrice {
  provider: string;
  service: string;
  region: string;
  usdPerGbMonth: number;
  source: string;
}

const PRICES: readonly StoragePrice[] = raw.prices;
export const STORAGE_PRICES_ENTERED = raw.meta.entered;

/** Standard object storage for `provider` (`aws`, `gcp`, `azure`), else S3 Standard (the most common bucket). */
export function storagePrice(provider?: string): StoragePrice {
  const p = provider?.toLowerCase();
  return PRICES.find((x) => x.provider === p) ?? PRICES[0];
}

// The pricing part of the `mlcost` settings: which provider and region to price in, a file of
// negotiated prices, hours per month and the hardware assumed when a job names none. The values
// come from workspace settings, so they are untrusted: a wrong type or an absurd value is ignored
// with one line through `problem`, never thrown.

export type PricingProvider = 'aws' | 'gcp' | 'azure' | 'lambda';

export interface PricingPreferences {
  /** Undefined = any provider (the setting's `any`). */
  provider?: PricingProvider;
  region?: string;
  /** Workspace-relative path as written; confined to the workspace when it is read. */
  overridesFile?: string;
  hoursPerMonth: number;
  defaultHardware?: string;
}

export const DEFAULT_HOURS_PER_MONTH = 730;
/** 31 days × 24 h: a month has no more hours than that. */
const MAX_HOURS_PER_MONTH = 744;
const PROVIDERS = new Set(['aws', 'gcp', 'azure', 'lambda', 'any']);
/** `us-east-1`, `us-central1`, `eastus`, `europe-west4`. */
const REGION = /^[A-Za-z0-9][A-Za-z0-9-]{0,39}$/;
/** `A100:8`, `A100-80GB:8`, `g5.xlarge`, `Standard_NC24ads_A100_v4`, `n1-standard-8+T4x1`. */
const HARDWARE = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}(:\d{1,3})?$/;
const MAX_PATH_LENGTH = 1024;

export function defaultPricingPreferences(): PricingPreferences {
  return { hoursPerMonth: DEFAULT_HOURS_PER_MONTH };
}

/**
 * Reads `pricing.{provider,region,overridesFile}`, `hoursPerMonth` and `defaultHardware` from the
 * `mlcost` section object. VS Code nests dotted keys (`mlcost.pricing.provider` → `pricing.provider`);
 * a flat `"pricing.provider"` key (as some clients send) is read too.
 */
export function parsePricingPreferences(section: Record<string, unknown>, problem: (message: string) => void): PricingPreferences {
  const out = defaultPricingPreferences();
  const nested = section.pricing;
  let pricing: Record<string, unknown> = {};
  if (nested !== undefined && nested !== null) {
    if (typeof nested === 'object' && !Array.isArray(nested)) pricing = nested as Record<string, unknown>;
    else problem(`mlcost: setting mlcost.pricing ignored: expected an object, got ${describe(nested)}`);
  }
  const pick = (key: string): unknown => pricing[key] ?? section[`pricing.${key}`];

  const provider = pick('provider');
  if (provider !== undefined && provider !== null) {
    if (typeof provider === 'string' && PROVIDERS.has(provider.toLowerCase())) {
      const p = provider.toLowerCase();
      if (p !== 'any') out.provider = p as PricingProvider;
    } else problem(`mlcost: setting mlcost.pricing.provider ignored: expected aws|gcp|azure|lambda|any, got ${describe(provider)}`);
  }
  const region = pick('region');
  if (region !== undefined && region !== null && region !== '') {
    if (typeof region === 'string' && REGION.test(region)) out.region = region;
    else problem(`mlcost: setting mlcost.pricing.region ignored: expected a region name such as us-east-1, got ${describe(region)}`);
  }
  const file = pick('overridesFile');
  if (file !== undefined && file !== null && file !== '') {
    if (typeof file === 'string' && file.length <= MAX_PATH_LENGTH && !file.includes('\0')) out.overridesFile = file;
    else problem(`mlcost: setting mlcost.pricing.overridesFile ignored: expected a workspace-relative path, got ${describe(file)}`);
  }
  const hours = section.hoursPerMonth;
  if (hours !== undefined && hours !== null) {
    if (typeof hours === 'number' && Number.isFinite(hours) && hours >= 1 && hours <= MAX_HOURS_PER_MONTH) out.hoursPerMonth = hours;
    else problem(`mlcost: setting mlcost.hoursPerMonth ignored: expected a number from 1 to ${MAX_HOURS_PER_MONTH}, got ${describe(hours)}`);
  }
  const hw = section.defaultHardware;
  if (hw !== undefined && hw !== null && hw !== '') {
    if (typeof hw === 'string' && HARDWARE.test(hw.trim())) out.defaultHardware = hw.trim();
    else problem(`mlcost: setting mlcost.defaultHardware ignored: expected a GPU and count (A100:8) or an instance type (g5.xlarge), got ${describe(hw)}`);
  }
  return out;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'object') return v === null ? 'null' : 'an object';
  return `${typeof v} ${String(v)}`;
}

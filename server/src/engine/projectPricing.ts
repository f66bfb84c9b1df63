// Pricing defaults a team shares in `.mlcost.yaml`, merged under the editor/CLI settings:
//   pricing:
//     provider: aws            # aws | gcp | azure | lambda
//     region: us-east-1
//     defaultHardware: A100:8  # or an instance type
//     hoursPerMonth: 730
//     overrides: prices.csv    # CSV or JSON price overrides, relative to .mlcost.yaml
import * as path from 'path';
import type { PricingSettings } from './cost/estimateTypes';
import { parseOverrides } from './cost/overrides';
import { PROJECT_CONFIG_FILE, type ProjectConfig } from './projectConfig';
import type { FileAccess } from './types';

/** Settings win field by field; overrides from both apply, settings' first (they win a tie). */
export function projectPricing(cfg: ProjectConfig | undefined, files: FileAccess, settings: PricingSettings | undefined, log: (m: string) => void): PricingSettings {
  const fromFile = cfg?.pricing !== undefined ? parsePricingSection(cfg.pricing, cfg.dir, files, log) : {};
  const merged: PricingSettings = { ...fromFile, ...stripUndefined(settings ?? {}) };
  const overrides = [...(settings?.overrides ?? []), ...(fromFile.overrides ?? [])];
  if (overrides.length) merged.overrides = overrides;
  return merged;
}

export function parsePricingSection(raw: unknown, dir: string, files: FileAccess, log: (m: string) => void): PricingSettings {
  const out: PricingSettings = {};
  const problem = (m: string) => log(`mlcost: ${PROJECT_CONFIG_FILE}: pricing.${m}`);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    log(`mlcost: ${PROJECT_CONFIG_FILE}: 'pricing' must be a mapping (provider, region, defaultHardware, hoursPerMonth, overrides)`);
    return out;
  }
  const o = raw as Record<string, unknown>;
  const str = (k: string): string | undefined => {
    const v = o[k];
    if (v === undefined) return undefined;
    if (typeof v === 'string' && v.trim() && v.length < 100) return v.trim();
    problem(`${k} must be a short string`);
    return undefined;
  };
  const provider = str('provider');
  if (provider) {
    if (['aws', 'gcp', 'azure', 'lambda'].includes(provider.toLowerCase())) out.provider = provider.toLowerCase();
    else problem(`provider '${provider}' is not one of aws, gcp, azure, lambda`);
  }
  const region = str('region');
  if (region) out.region = region;
  const hw = str('defaultHardware');
  if (hw) out.defaultHardware = hw;
  if (o.hoursPerMonth !== undefined) {
    const h = o.hoursPerMonth;
    if (typeof h === 'number' && h > 0 && h <= 744) out.hoursPerMonth = h;
    else problem('hoursPerMonth must be a number of hours between 0 and 744');
  }
  const ref = str('overrides');
  if (ref) {
    const hit = files.read(ref, path.join(dir, PROJECT_CONFIG_FILE));
    if (!hit) problem(`overrides: cannot read '${ref}' (inside the workspace, relative to ${PROJECT_CONFIG_FILE})`);
    else {
      const parsed = parseOverrides(hit.text, hit.path);
      for (const p of parsed.problems) log(`mlcost: ${hit.path}:${p.range.start.line + 1}: ${p.message}`);
      if (parsed.overrides.length) out.overrides = parsed.overrides;
    }
  }
  return out;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

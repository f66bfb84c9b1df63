// Settings + the overrides file → the engine's PricingSettings for one document.
import type { PriceOverride, PricingSettings } from '../../engine/cost/estimateTypes';
import type { PriceScope } from './hardwareInfo';
import type { PricingPreferences } from './pricingPreferences';

export function documentPricing(prefs: PricingPreferences, overrides: PriceOverride[] | undefined): PricingSettings {
  return {
    ...(prefs.provider && { provider: prefs.provider }),
    ...(prefs.region && { region: prefs.region }),
    ...(overrides?.length && { overrides }),
    ...(prefs.defaultHardware && { defaultHardware: prefs.defaultHardware }),
    hoursPerMonth: prefs.hoursPerMonth,
  };
}

/** The part of the pricing a catalog look-up needs (hover, hardware lenses). */
export function priceScope(prefs: PricingPreferences, overrides: PriceOverride[] | undefined): PriceScope {
  return { provider: prefs.provider, region: prefs.region, overrides };
}

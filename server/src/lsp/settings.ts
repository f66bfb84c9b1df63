import type { Severity } from '../engine/types';
import { defaultPricingPreferences, parsePricingPreferences, type PricingPreferences } from './cost/pricingPreferences';

// The `mlcost.*` settings the server reads. They come from the client (workspace files included),
// so they are untrusted: a value of the wrong type is ignored with one log line, never thrown.

export type RuleLevel = Severity | 'off';

export interface Settings {
  enable: boolean;
  /** rule id → level; wins over `.mlcost.yaml` and the rule's default. */
  rules: Record<string, RuleLevel>;
  debounceMs: number;
  /** `mlcost.pricing.*`, `mlcost.hoursPerMonth`, `mlcost.defaultHardware` (cost lenses and hovers). */
  pricing: PricingPreferences;
  /** `mlcost.minSavingUsd`: findings saving less per run are hints; unset = `.mlcost.yaml`, else $1. */
  minSavingUsd?: number;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({ enable: true, rules: {}, debounceMs: 250, pricing: Object.freeze(defaultPricingPreferences()) });

const LEVELS: ReadonlySet<string> = new Set(['off', 'hint', 'info', 'warning', 'error']);
const MAX_DEBOUNCE_MS = 10_000;

/** Reads the `mlcost` section; `problem` is told about each value that was ignored. */
export function parseSettings(raw: unknown, problem: (message: string) => void): Settings {
  const out: Settings = { ...DEFAULT_SETTINGS, rules: {}, pricing: defaultPricingPreferences() };
  if (raw === null || raw === undefined) return out;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problem(`mlcost: settings ignored: expected an object for 'mlcost', got ${describe(raw)}`);
    return out;
  }
  const obj = raw as Record<string, unknown>;
  if (obj.enable !== undefined && obj.enable !== null) {
    if (typeof obj.enable === 'boolean') out.enable = obj.enable;
    else problem(`mlcost: setting mlcost.enable ignored: expected true or false, got ${describe(obj.enable)}`);
  }
  if (obj.debounceMs !== undefined && obj.debounceMs !== null) {
    const ms = obj.debounceMs;
    if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 && ms <= MAX_DEBOUNCE_MS) out.debounceMs = Math.round(ms);
    else problem(`mlcost: setting mlcost.debounceMs ignored: expected a number from 0 to ${MAX_DEBOUNCE_MS}, got ${describe(ms)}`);
  }
  if (obj.rules !== undefined && obj.rules !== null) {
    if (typeof obj.rules !== 'object' || Array.isArray(obj.rules)) {
      problem(`mlcost: setting mlcost.rules ignored: expected an object of rule id → level, got ${describe(obj.rules)}`);
    } else {
      for (const [id, level] of Object.entries(obj.rules as Record<string, unknown>)) {
        if (typeof level === 'string' && LEVELS.has(level)) out.rules[id] = level as RuleLevel;
        else problem(`mlcost: setting mlcost.rules.${id} ignored: expected off|hint|info|warning|error, got ${describe(level)}`);
      }
    }
  }
  out.pricing = parsePricingPreferences(obj, problem);
  if (obj.minSavingUsd !== undefined && obj.minSavingUsd !== null) {
    const v = obj.minSavingUsd;
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) out.minSavingUsd = v;
    else problem(`mlcost: setting mlcost.minSavingUsd ignored: expected a number of USD, 0 or more, got ${describe(v)}`);
  }
  return out;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'object') return v === null ? 'null' : 'an object';
  return `${typeof v} ${String(v)}`;
}

/** How settings reach the server: pulled per resource, or pushed in didChangeConfiguration. */
export type PullSettings = (scopeUri: string) => Promise<unknown>;

/**
 * Per-document settings, cached until the configuration changes. With a client that cannot
 * answer `workspace/configuration` the pushed `settings.mlcost` (if any) or the defaults apply.
 */
export class SettingsStore {
  private cache = new Map<string, Promise<Settings>>();
  private pushed: Settings = { ...DEFAULT_SETTINGS, rules: {} };
  private reported = new Set<string>();

  constructor(
    private readonly pull: PullSettings | undefined,
    private readonly log: (message: string) => void,
  ) {}

  get(uri: string): Promise<Settings> {
    if (!this.pull) return Promise.resolve(this.pushed);
    let hit = this.cache.get(uri);
    if (!hit) {
      const pull = this.pull;
      hit = pull(uri).then(
        (raw) => parseSettings(raw, (m) => this.report(m)),
        (e: unknown) => {
          this.cache.delete(uri); // try again next time rather than keep a failure
          this.log(`mlcost: could not read settings for ${uri}: ${(e as Error)?.message ?? String(e)}; using defaults`);
          return { ...DEFAULT_SETTINGS, rules: {} };
        },
      );
      this.cache.set(uri, hit);
    }
    return hit;
  }

  /** didChangeConfiguration: forget what was pulled; keep what was pushed, for push-only clients. */
  changed(pushedSettings: unknown): void {
    this.cache.clear();
    this.reported.clear();
    if (!this.pull) {
      const section = pushedSettings && typeof pushedSettings === 'object' ? (pushedSettings as Record<string, unknown>).mlcost : undefined;
      this.pushed = parseSettings(section, (m) => this.report(m));
    }
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }

  /** One line per wrong value per configuration, not one per document or keystroke. */
  private report(message: string): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    this.log(message);
  }
}

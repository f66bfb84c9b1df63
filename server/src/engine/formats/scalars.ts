// How config values written in either YAML or JSON read as strings, numbers and booleans. Real
// files quote numbers ("1e9") and booleans ("true"); YAML 1.1 files also say yes/no/on/off.

export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

export function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

const TRUE = new Set(['true', 'yes', 'on', '1']);
const FALSE = new Set(['false', 'no', 'off', '0']);

/** `yaml11` accepts yes/no/on/off/1/0 spellings too (YAML 1.1 and string-typed CLI values). */
export function asBoolean(v: unknown, yaml11: boolean): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (yaml11 ? TRUE.has(s) : s === 'true') return true;
    if (yaml11 ? FALSE.has(s) : s === 'false') return false;
  }
  if (yaml11 && typeof v === 'number') return v !== 0;
  return undefined;
}

// Price overrides: a team's negotiated or private rates that replace catalog prices. The file is
// untrusted input: every bad cell is reported with its range and skipped; good rows still apply
// and the catalog stays in use for everything not overridden.
//   CSV:  instance_type,provider,region,on_demand,spot      (header required; columns in any order)
//   JSON: [{"instanceType": "p4d.24xlarge", "provider": "aws", "region": "us-east-1", "onDemand": 18.5, "spot": 9}]
import { parseJson } from '../formats/json';
import { LineIndex } from '../formats/lineIndex';
import type { Range } from '../types';
import type { PriceOverride } from './estimateTypes';

export interface OverrideProblem {
  range: Range;
  message: string;
}

export interface ParsedOverrides {
  overrides: PriceOverride[];
  problems: OverrideProblem[];
}

/** Dearest list price in the catalog is ≈ $113/h (8×B200); anything above this is a typo (cents?). */
export const MAX_PRICE_PER_HOUR = 1000;
const MAX_ROWS = 10000;
const NAME = /^[A-Za-z0-9][\w.+\-]{0,99}$/;

export function parseOverrides(text: string, fileName: string): ParsedOverrides {
  return /\.jsonc?$/i.test(fileName) ? parseJsonOverrides(text) : parseCsvOverrides(text);
}

function parseCsvOverrides(text: string): ParsedOverrides {
  const out: ParsedOverrides = { overrides: [], problems: [] };
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  const header = lines.findIndex((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  if (header < 0) return out;
  const cols = cells(lines[header]).map((c) => c.text.toLowerCase());
  const at = (name: string) => cols.indexOf(name);
  if (at('instance_type') < 0) {
    out.problems.push({ range: lineRange(header, lines[header]), message: 'price overrides: the header must name the columns instance_type,provider,region,on_demand,spot' });
    return out;
  }
  for (const c of cols) {
    if (!['instance_type', 'provider', 'region', 'on_demand', 'spot'].includes(c)) {
      out.problems.push({ range: lineRange(header, lines[header]), message: `price overrides: unknown column '${c}' (ignored)` });
    }
  }
  for (let line = header + 1; line < lines.length; line++) {
    const raw = lines[line];
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    if (out.overrides.length >= MAX_ROWS) {
      out.problems.push({ range: lineRange(line, raw), message: `price overrides: more than ${MAX_ROWS} rows; the rest is ignored` });
      break;
    }
    const row = cells(raw);
    const cell = (name: string) => (at(name) >= 0 ? row[at(name)] : undefined);
    const rangeOf = (c: Cell | undefined): Range => (c ? { start: { line, character: c.start }, end: { line, character: c.end } } : lineRange(line, raw));
    const v = validate(
      {
        instanceType: field(cell('instance_type')?.text, rangeOf(cell('instance_type'))),
        provider: field(cell('provider')?.text, rangeOf(cell('provider'))),
        region: field(cell('region')?.text, rangeOf(cell('region'))),
        onDemand: field(cell('on_demand')?.text, rangeOf(cell('on_demand'))),
        spot: field(cell('spot')?.text, rangeOf(cell('spot'))),
      },
      lineRange(line, raw),
    );
    collect(out, v);
  }
  return out;
}

function parseJsonOverrides(text: string): ParsedOverrides {
  const out: ParsedOverrides = { overrides: [], problems: [] };
  const lines = new LineIndex(text);
  const src = parseJson(text, lines);
  const whole = lines.range(0, text.length);
  if (src.errors.length || !src.root) {
    out.problems.push({ range: whole, message: `price overrides: not valid JSON (${src.errors[0] ?? 'empty'})` });
    if (!src.root) return out;
  }
  const root = src.root!;
  if (root.type !== 'array') {
    out.problems.push({ range: root.valueRange(), message: 'price overrides: expected an array of {instanceType, provider?, region?, onDemand?, spot?}' });
    return out;
  }
  for (const item of root.items().slice(0, MAX_ROWS)) {
    if (item.type !== 'object') {
      out.problems.push({ range: item.valueRange(), message: 'price overrides: each entry must be an object with instanceType' });
      continue;
    }
    const get = (key: string): Field => {
      const n = item.get(key);
      if (!n) return { range: item.valueRange() };
      const value = n.value();
      const type = typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : value === null ? undefined : 'other';
      return { value: typeof value === 'string' || typeof value === 'number' ? String(value) : undefined, range: n.valueRange(), type };
    };
    for (const e of item.entries()) {
      if (!['instanceType', 'provider', 'region', 'onDemand', 'spot'].includes(e.keyName ?? '')) {
        out.problems.push({ range: e.range(), message: `price overrides: unknown key '${e.keyName}' (ignored)` });
      }
    }
    collect(out, validate({ instanceType: get('instanceType'), provider: get('provider'), region: get('region'), onDemand: get('onDemand'), spot: get('spot') }, item.valueRange(), true));
  }
  if (root.items().length > MAX_ROWS) out.problems.push({ range: root.valueRange(), message: `price overrides: more than ${MAX_ROWS} entries; the rest is ignored` });
  return out;
}

interface Field {
  /** Text as written (CSV), or the JSON value's string form; undefined when absent/empty/null. */
  value?: string;
  range: Range;
  /** JSON only: the value's type (`other` = object, array or boolean). CSV cells have none. */
  type?: 'string' | 'number' | 'other';
}

type Validated = { ok: PriceOverride; problems: OverrideProblem[] } | { ok?: undefined; problems: OverrideProblem[] };

function validate(f: Record<'instanceType' | 'provider' | 'region' | 'onDemand' | 'spot', Field>, row: Range, json = false): Validated {
  const problems: OverrideProblem[] = [];
  const text = (x: Field): string | undefined => (x.value === undefined || x.value.trim() === '' ? undefined : x.value.trim());
  for (const [k, x] of Object.entries(f)) if (x.type === 'other') problems.push({ range: x.range, message: `price overrides: '${k}' must be ${k === 'onDemand' || k === 'spot' ? 'a number' : 'a string'}` });
  const instanceType = text(f.instanceType);
  if (json && instanceType && f.instanceType.type !== 'string') return { problems: [...problems, { range: f.instanceType.range, message: 'price overrides: instanceType must be a string' }] };
  if (!instanceType) return { problems: [...problems, { range: f.instanceType.value === undefined ? row : f.instanceType.range, message: 'price overrides: instance type missing' }] };
  if (!NAME.test(instanceType)) return { problems: [...problems, { range: f.instanceType.range, message: `price overrides: '${instanceType.slice(0, 40)}' is not an instance type name` }] };
  const o: PriceOverride = { instanceType };
  for (const k of ['provider', 'region'] as const) {
    const v = text(f[k]);
    if (v === undefined) continue;
    if (json && f[k].type !== 'string') problems.push({ range: f[k].range, message: `price overrides: '${k}' must be a string` });
    else if (!/^[a-z0-9][a-z0-9-]{0,39}$/i.test(v)) problems.push({ range: f[k].range, message: `price overrides: '${v.slice(0, 40)}' is not a ${k} name` });
    else o[k] = v.toLowerCase();
  }
  const before = problems.length;
  for (const [k, label] of [['onDemand', 'on-demand'], ['spot', 'spot']] as const) {
    const raw = text(f[k]);
    if (raw === undefined) continue;
    if (json && f[k].type === 'string') {
      problems.push({ range: f[k].range, message: `price overrides: ${label} price must be a number, not a string` });
      continue;
    }
    const n = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(raw) ? Number(raw) : NaN;
    if (!Number.isFinite(n)) problems.push({ range: f[k].range, message: `price overrides: ${label} price '${raw.slice(0, 20)}' is not a number (USD per hour)` });
    else if (n < 0) problems.push({ range: f[k].range, message: `price overrides: ${label} price ${n} is negative` });
    else if (n > MAX_PRICE_PER_HOUR) problems.push({ range: f[k].range, message: `price overrides: ${label} price ${n} is over $${MAX_PRICE_PER_HOUR}/h; prices are USD per instance-hour` });
    else o[k] = n;
  }
  // A row with a bad price is dropped whole: half a negotiated row (spot only) would price
  // on-demand runs as unknown in one place and at catalog rates in another.
  if (problems.length > before) return { problems: problems.map((p, i) => (i === problems.length - 1 ? { ...p, message: `${p.message}; row ignored, the catalog price applies` } : p)) };
  if (o.onDemand === undefined && o.spot === undefined) {
    if (!problems.length) problems.push({ range: row, message: `price overrides: ${instanceType} has neither an on-demand nor a spot price` });
    return { problems };
  }
  return { ok: o, problems };
}

function collect(out: ParsedOverrides, v: Validated): void {
  out.problems.push(...v.problems);
  if (v.ok) out.overrides.push(v.ok);
}

function field(value: string | undefined, range: Range): Field {
  return { value, range };
}

interface Cell {
  text: string;
  start: number;
  end: number;
}

/** Comma-separated cells with their columns; a cell may be wrapped in double quotes. */
function cells(line: string): Cell[] {
  const out: Cell[] = [];
  let start = 0;
  for (const part of line.split(',')) {
    const lead = part.length - part.trimStart().length;
    const t = part.trim();
    const unq = /^"(.*)"$/.exec(t);
    out.push({ text: unq ? unq[1] : t, start: start + lead, end: start + lead + t.length });
    start += part.length + 1;
  }
  return out;
}

function lineRange(line: number, text: string): Range {
  return { start: { line, character: 0 }, end: { line, character: text.length } };
}

/** The override for a catalog (or written) instance: most specific match wins (provider+region > provider > any). */
export function findOverride(overrides: readonly PriceOverride[] | undefined, instanceType: string, provider?: string, region?: string): PriceOverride | undefined {
  if (!overrides?.length) return undefined;
  const want = instanceType.toLowerCase().replace(/^standard_/, '');
  let best: PriceOverride | undefined;
  let bestScore = -1;
  for (const o of overrides) {
    if (o.instanceType.toLowerCase().replace(/^standard_/, '') !== want) continue;
    if (o.provider && provider && o.provider !== provider.toLowerCase()) continue;
    if (o.region && region && o.region !== region.toLowerCase()) continue;
    const score = (o.provider ? 2 : 0) + (o.region ? 1 : 0);
    if (score >= bestScore) (best = o), (bestScore = score);
  }
  return best;
}

import type { Fact, FactSource, Range } from './types';

/** Builders dialects use so every fact says where it came from. */
export function fromFile<T>(value: T, range: Range, key: string): Fact<T> {
  return { value, source: { kind: 'file', range, key } };
}

export function byDefault<T>(value: T, reason: string, range?: Range): Fact<T> {
  const source: FactSource = range ? { kind: 'default', reason, range } : { kind: 'default', reason };
  return { value, source };
}

export function fromAnnotation<T>(value: T, range: Range, key: string): Fact<T> {
  return { value, source: { kind: 'annotation', range, key } };
}

/**
 * Marks every `file` source in `value` (deeply) as read from `uri`, and every `default` source as
 * decided there: that file reports them itself, so a file composing or launching it does not.
 */
export function relocate<T>(value: T, uri: string): T {
  forEachSourceLike(value, (o) => {
    if (o.kind === 'file' && o.range && typeof o.key === 'string' && o.uri === undefined) o.uri = uri;
    if (o.kind === 'default' && typeof o.reason === 'string' && o.uri === undefined) o.uri = uri;
  });
  return value;
}

/**
 * Calls `visit` on every object inside `value` (deeply, each once): how fact sources nested in Jobs
 * are found and rewritten in place (`relocate`, launch/envNotes.ts). `visit` checks the shape.
 */
export function forEachSourceLike(value: unknown, visit: (o: Record<string, unknown>) => void): void {
  const seen = new Set<unknown>();
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) return v.forEach(walk);
    const o = v as Record<string, unknown>;
    visit(o);
    Object.values(o).forEach(walk);
  };
  walk(value);
}

import type { JsonNode } from '../formats/json';
import type { YamlNode } from '../formats/yaml';
import type { TextEdit } from '../types';
import { insertJsonProperties, insertJsonProperty, pathOf, replaceJsonValue, type JsonInsertOptions } from './jsonEdit';
import { insertEntries, raw, setScalar, upsertEntry, type UpsertOptions } from './yamlEdit';

// One editing surface over a YAML map or a JSON object, for dialects whose files come in both
// formats (HF TrainingArguments as YAML or JSON): the same fix code writes either syntax.

export type ConfigNodeRef = YamlNode | JsonNode;
export type Scalar = string | number | boolean;

export interface ValueOptions {
  /** A string written verbatim (snippet placeholders); JSON still quotes it as a string. */
  raw?: boolean;
}

function isYaml(n: ConfigNodeRef): n is YamlNode {
  return n.src.format === 'yaml';
}

/** Replace a scalar value in place (YAML keeps its quote style). */
export function setValue(node: ConfigNodeRef, value: Scalar, opts: ValueOptions = {}): TextEdit[] {
  if (isYaml(node)) {
    const e = setScalar(node, value, opts);
    return e ? [e] : [];
  }
  if (node.value() === value) return [];
  return replaceJsonValue(node.src, pathOf(node.node), value);
}

/** `key` set to `value` in `map`: replaced in place, after its commented-out line, or inserted. */
export function upsertKey(map: ConfigNodeRef, key: string, value: Scalar, opts: UpsertOptions & JsonInsertOptions & ValueOptions = {}): TextEdit[] {
  if (isYaml(map)) {
    const e = upsertEntry(map, key, opts.raw && typeof value === 'string' ? raw(value) : value, opts);
    return e ? [e] : [];
  }
  const existing = map.get(key);
  if (existing) return existing.type === 'object' || existing.type === 'array' ? [] : setValue(existing, value);
  return insertJsonProperty(map, key, value, opts);
}

/** Scalars below `node` (itself included) whose string value is `value`. */
export function scalarsEqual(node: ConfigNodeRef | undefined, value: string): ConfigNodeRef[] {
  if (!node) return [];
  const kids: ConfigNodeRef[] = [...node.entries(), ...node.items()];
  if (!kids.length) return node.str() === value && typeof node.value() === 'string' ? [node] : [];
  return kids.flatMap((k) => scalarsEqual(k, value));
}

/**
 * Several keys set at once: existing ones in place, missing ones inserted together at one spot
 * (separate inserts at the same offset would have no defined order).
 */
export function upsertKeys(map: ConfigNodeRef, entries: [string, Scalar, ValueOptions?][], opts: JsonInsertOptions = {}): TextEdit[] {
  const edits: TextEdit[] = [];
  const missing: [string, Scalar, ValueOptions?][] = [];
  for (const [key, value, o] of entries) {
    const existing = map.get(key);
    if (existing) {
      if (!existing.entries().length && !existing.items().length) edits.push(...setValue(existing, value, o));
    } else missing.push([key, value, o]);
  }
  if (!missing.length) return edits;
  if (isYaml(map)) {
    const values = Object.fromEntries(missing.map(([k, v, o]) => [k, o?.raw && typeof v === 'string' ? raw(v) : v]));
    const e = insertEntries(map, values, opts);
    return e ? [...edits, e] : edits;
  }
  return [...edits, ...insertJsonProperties(map, Object.fromEntries(missing.map(([k, v]) => [k, v])), opts)];
}

import type { JsonNode } from '../../formats/json';
import type { YamlNode } from '../../formats/yaml';
import type { Range } from '../../types';
import type { SourceDoc } from '../../source';

// HF-family configs come as YAML (TRL, axolotl, LLaMA-Factory) and as JSON (TrainingArguments
// dumped by `HfArgumentParser`). This adapter gives both one small read-only surface, so every
// fact is read by one code path whatever the format.

export type Shape = 'map' | 'seq' | 'scalar';

export class ConfigNode {
  private constructor(
    private readonly raw: YamlNode | JsonNode,
    /** The key this node is the value of, when reached through a map. */
    readonly key?: string,
  ) {}

  static of(raw: YamlNode | JsonNode | undefined): ConfigNode | undefined {
    return raw ? new ConfigNode(raw, raw.keyName) : undefined;
  }

  get shape(): Shape {
    const r = this.raw;
    if ('isMap' in r) return r.isMap ? 'map' : r.isSeq ? 'seq' : 'scalar';
    return r.type === 'object' ? 'map' : r.type === 'array' ? 'seq' : 'scalar';
  }

  /** `key:` with no value, `null`, `~`: the author left it unset. */
  get isNull(): boolean {
    return this.shape === 'scalar' && this.raw.value() === null;
  }

  /** Child by key; undefined when absent or explicitly null (both mean "not set"). */
  get(key: string): ConfigNode | undefined {
    const n = ConfigNode.of(this.raw.get(key));
    return n && !n.isNull ? n : undefined;
  }

  /** Child by key even when its value is null (to point at an empty `adapter:` line). */
  getRaw(key: string): ConfigNode | undefined {
    return ConfigNode.of(this.raw.get(key));
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  entries(): ConfigNode[] {
    const out: ConfigNode[] = [];
    for (const e of this.raw.entries()) out.push(new ConfigNode(e, e.keyName));
    return out;
  }

  items(): ConfigNode[] {
    const out: ConfigNode[] = [];
    for (const e of this.raw.items()) out.push(new ConfigNode(e));
    return out;
  }

  value(): unknown {
    return this.raw.value();
  }
  str(): string | undefined {
    return this.raw.str();
  }
  num(): number | undefined {
    return this.raw.num();
  }
  bool(): boolean | undefined {
    return this.raw.bool();
  }

  /** `key: value` (where findings go). */
  range(): Range {
    return this.raw.range();
  }
  valueRange(): Range {
    return this.raw.valueRange();
  }
}

/** The top-level mapping of a YAML (first document) or JSON file; undefined otherwise. */
export function configRoot(doc: SourceDoc): ConfigNode | undefined {
  let root: ConfigNode | undefined;
  if (doc.format === 'yaml') root = ConfigNode.of(doc.docs[0]);
  else if (doc.format === 'json') root = ConfigNode.of(doc.root);
  return root?.shape === 'map' ? root : undefined;
}

/** The first line of the first key of the file: where job-level findings and the cost lens go. */
export function anchorOf(doc: SourceDoc, root: ConfigNode): Range {
  const first = root.entries()[0];
  const start = first ? first.range().start : { line: 0, character: 0 };
  const end = doc.lines.lineRange(start.line).end;
  return { start, end };
}

/** Non-empty string value of `key`, trimmed. */
export function strOf(node: ConfigNode | undefined): string | undefined {
  const s = node?.str()?.trim();
  return s ? s : undefined;
}

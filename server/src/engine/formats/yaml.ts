import { isMap, isPair, isScalar, isSeq, parseAllDocuments, type Document, type Node, type Pair } from 'yaml';
import type { Range } from '../types';
import { LineIndex } from './lineIndex';
import { asBoolean, asNumber, asString } from './scalars';

/** A parsed YAML file: every document of the stream, with positions. */
export interface YamlSource {
  format: 'yaml';
  text: string;
  lines: LineIndex;
  docs: YamlNode[];
  errors: string[];
}

export function parseYaml(text: string, lines = new LineIndex(text)): YamlSource {
  const errors: string[] = [];
  let parsed: Document.Parsed[] = [];
  try {
    const all = parseAllDocuments(text, { uniqueKeys: false, prettyErrors: false });
    parsed = Array.isArray(all) ? all : [];
  } catch (e) {
    // Deep nesting can overflow the parser's stack: report, analyse nothing of this file.
    errors.push(`YAML parser failed: ${(e as Error).message}`);
  }
  const src: YamlSource = { format: 'yaml', text, lines, docs: [], errors };
  for (const d of parsed) {
    for (const err of d.errors) errors.push(`${err.code} at line ${lines.position(err.pos[0]).line + 1}: ${firstLine(err.message)}`);
    if (d.contents) src.docs.push(new YamlNode(src, d.contents as Node));
  }
  return src;
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return i < 0 ? s : s.slice(0, i);
}

/** Read-only view of a YAML node with the range helpers dialects need. */
export class YamlNode {
  constructor(
    readonly src: YamlSource,
    readonly node: Node,
    /** The `key: value` pair this node is the value of, when reached through a map. */
    readonly pair?: Pair,
    readonly keyName?: string,
  ) {}

  get isMap(): boolean {
    return isMap(this.node);
  }
  get isSeq(): boolean {
    return isSeq(this.node);
  }
  get isScalar(): boolean {
    return isScalar(this.node);
  }

  /** Child of a map by key; `a.b.c` is not split: pass several keys for a path. */
  get(...path: (string | number)[]): YamlNode | undefined {
    let cur: YamlNode | undefined = this;
    for (const k of path) {
      if (!cur) return undefined;
      cur = typeof k === 'number' ? cur.items()[k] : cur.entry(k);
    }
    return cur;
  }

  private entry(key: string): YamlNode | undefined {
    if (!isMap(this.node)) return undefined;
    for (const p of this.node.items) {
      const k = isScalar(p.key) ? String(p.key.value) : undefined;
      if (k === key && p.value) return new YamlNode(this.src, p.value as Node, p, k);
      if (k === key && !p.value) return undefined;
    }
    return undefined;
  }

  /** Key/value entries of a map (values that are null are skipped). */
  entries(): YamlNode[] {
    if (!isMap(this.node)) return [];
    const out: YamlNode[] = [];
    for (const p of this.node.items) {
      if (!isPair(p) || !p.value) continue;
      const k = isScalar(p.key) ? String(p.key.value) : undefined;
      if (k !== undefined) out.push(new YamlNode(this.src, p.value as Node, p, k));
    }
    return out;
  }

  items(): YamlNode[] {
    if (!isSeq(this.node)) return [];
    return this.node.items.filter((n): n is Node => !!n && typeof n === 'object' && 'range' in n).map((n) => new YamlNode(this.src, n));
  }

  /** The plain JS value (scalars as parsed, collections converted). */
  value(): unknown {
    if (isScalar(this.node)) return this.node.value;
    try {
      return this.node.toJSON();
    } catch {
      return undefined;
    }
  }

  str(): string | undefined {
    return asString(this.value());
  }

  /** Numbers, also written as strings (`"1e9"`, `500`). */
  num(): number | undefined {
    return asNumber(this.value());
  }

  /** Booleans, also YAML 1.1 spellings and strings ("true", "yes"). */
  bool(): boolean | undefined {
    return asBoolean(this.value(), true);
  }

  /** Range of the value itself. */
  valueRange(): Range {
    const r = this.node.range ?? [0, 0, 0];
    return this.src.lines.range(r[0], r[1]);
  }

  /** Range of `key: value` when reached through a map, else the value's range. Findings go here. */
  range(): Range {
    const k = this.pair?.key as Node | undefined;
    const v = this.node.range;
    if (k?.range && v) return this.src.lines.range(k.range[0], v[1]);
    return this.valueRange();
  }

  keyRange(): Range | undefined {
    const k = this.pair?.key as Node | undefined;
    return k?.range ? this.src.lines.range(k.range[0], k.range[1]) : undefined;
  }

  /** Raw source text of the value (block scalars keep their indentation: offsets stay true). */
  sourceText(): string {
    const r = this.node.range;
    return r ? this.src.text.slice(r[0], r[1]) : '';
  }

  /** Offset in the file where `sourceText()` starts. */
  sourceOffset(): number {
    return this.node.range?.[0] ?? 0;
  }
}

import { parseTree, findNodeAtLocation, getNodeValue, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Range } from '../types';
import { LineIndex } from './lineIndex';
import { asBoolean, asNumber, asString } from './scalars';

/** A parsed JSON/JSONC file. `root` is undefined when nothing usable parsed. */
export interface JsonSource {
  format: 'json';
  text: string;
  lines: LineIndex;
  root?: JsonNode;
  errors: string[];
}

export function parseJson(text: string, lines = new LineIndex(text)): JsonSource {
  const errs: ParseError[] = [];
  const errors: string[] = [];
  let tree: Node | undefined;
  try {
    tree = parseTree(text, errs, { allowTrailingComma: true, disallowComments: false });
  } catch (e) {
    errors.push(`JSON parser failed: ${(e as Error).message}`);
  }
  for (const e of errs.slice(0, 20)) errors.push(`${printParseErrorCode(e.error)} at line ${lines.position(e.offset).line + 1}`);
  const src: JsonSource = { format: 'json', text, lines, errors };
  if (tree) src.root = new JsonNode(src, tree);
  return src;
}

export class JsonNode {
  constructor(
    readonly src: JsonSource,
    readonly node: Node,
    readonly keyName?: string,
  ) {}

  get type(): Node['type'] {
    return this.node.type;
  }

  get(...path: (string | number)[]): JsonNode | undefined {
    const n = findNodeAtLocation(this.node, path);
    if (!n) return undefined;
    const last = path[path.length - 1];
    return new JsonNode(this.src, n, typeof last === 'string' ? last : undefined);
  }

  entries(): JsonNode[] {
    if (this.node.type !== 'object') return [];
    const out: JsonNode[] = [];
    for (const prop of this.node.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (k && v) out.push(new JsonNode(this.src, v, String(k.value)));
    }
    return out;
  }

  items(): JsonNode[] {
    return this.node.type === 'array' ? (this.node.children ?? []).map((c) => new JsonNode(this.src, c)) : [];
  }

  value(): unknown {
    try {
      return getNodeValue(this.node);
    } catch {
      return undefined;
    }
  }

  str(): string | undefined {
    return asString(this.value());
  }

  num(): number | undefined {
    return asNumber(this.value());
  }

  bool(): boolean | undefined {
    return asBoolean(this.value(), false);
  }

  valueRange(): Range {
    return this.src.lines.range(this.node.offset, this.node.offset + this.node.length);
  }

  /** `"key": value` when this is a property value, else the value's range. */
  range(): Range {
    const prop = this.node.parent;
    if (prop?.type === 'property') return this.src.lines.range(prop.offset, prop.offset + prop.length);
    return this.valueRange();
  }
}

import { parseTree, getNodeValue, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
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
    const n = nodeAt(this.node, path);
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

// jsonc-parser's findNodeAtLocation scans an object's properties for every key asked, and dialects
// probe many keys of large objects: probes × keys (bench/RESULTS.md). Each object's properties are
// indexed once, on first lookup, in a map that lives as long as its parse tree.
const propertyMaps = new WeakMap<Node, Map<unknown, Node>>();

function propertiesOf(obj: Node): Map<unknown, Node> {
  let m = propertyMaps.get(obj);
  if (!m) {
    m = new Map();
    for (const prop of obj.children ?? []) {
      // As findNodeAtLocation: a complete `key: value` pair, the first of duplicate keys.
      const kids = prop.children;
      if (Array.isArray(kids) && kids.length === 2 && !m.has(kids[0].value)) m.set(kids[0].value, kids[1]);
    }
    propertyMaps.set(obj, m);
  }
  return m;
}

/** findNodeAtLocation's answer, with object keys looked up in propertiesOf(). */
function nodeAt(root: Node, path: (string | number)[]): Node | undefined {
  let node = root;
  for (const segment of path) {
    if (typeof segment === 'string') {
      if (node.type !== 'object' || !Array.isArray(node.children)) return undefined;
      const next = propertiesOf(node).get(segment);
      if (!next) return undefined;
      node = next;
    } else {
      if (node.type !== 'array' || segment < 0 || !Array.isArray(node.children) || segment >= node.children.length) return undefined;
      node = node.children[segment];
    }
  }
  return node;
}

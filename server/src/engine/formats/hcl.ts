import type { Language, Node as TsNode, Parser, Tree } from 'web-tree-sitter';
import type { Range } from '../types';
import { LineIndex } from './lineIndex';
import { locateWasm, treeSitterRuntime } from './treeSitter';

// Terraform (.tf) through the tree-sitter HCL grammar (@tree-sitter-grammars/tree-sitter-hcl, its
// `terraform` flavour), loaded on the first .tf file. Blocks and attributes are read into a small
// value model with ranges; dialects never walk tree-sitter nodes themselves.

export type HclNode = TsNode;

/** An HCL expression read as far as the file makes it static. */
export type HclValue =
  | { kind: 'string'; value: string; range: Range }
  | { kind: 'number'; value: number; range: Range }
  | { kind: 'bool'; value: boolean; range: Range }
  | { kind: 'null'; range: Range }
  | { kind: 'object'; entries: HclEntry[]; range: Range }
  | { kind: 'tuple'; items: HclValue[]; range: Range }
  /** A reference (`var.x`, `local.y`, `aws_x.y.id`), call or template the reader could not make static. */
  | { kind: 'expr'; text: string; range: Range; ref?: string[] };

export interface HclEntry {
  key: string;
  keyRange: Range;
  value: HclValue;
}

export interface HclAttribute {
  name: string;
  /** The whole `name = value`. */
  range: Range;
  nameRange: Range;
  value: HclValue;
}

export interface HclBlock {
  type: string;
  labels: string[];
  /** The whole block, header to closing brace. */
  range: Range;
  /** The header line: `resource "aws_instance" "gpu" {`. */
  headerRange: Range;
  /** Offset just before the closing `}` (where new attributes go). */
  closeOffset: number;
  /** Column of the block's first character (its indentation). */
  indent: string;
  attributes: HclAttribute[];
  blocks: HclBlock[];
}

/** A parsed Terraform file. Call `dispose()` when done: tree-sitter trees live in wasm memory. */
export interface HclSource {
  format: 'hcl';
  text: string;
  lines: LineIndex;
  tree: Tree;
  blocks: HclBlock[];
  errors: string[];
  dispose(): void;
}

let parserPromise: Promise<Parser> | undefined;
const PARSE_BUDGET_MS = 1000;

export function loadHclParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    const ts = await treeSitterRuntime();
    const lang: Language = await ts.Language.load(locateWasm('tree-sitter-terraform.wasm', '@tree-sitter-grammars/tree-sitter-hcl'));
    const parser = new ts.Parser();
    parser.setLanguage(lang);
    return parser;
  })();
  return parserPromise;
}

export async function parseHcl(text: string, lines = new LineIndex(text)): Promise<HclSource> {
  const parser = await loadHclParser();
  const deadline = Date.now() + PARSE_BUDGET_MS;
  const options = { progressCallback: () => Date.now() > deadline };
  const tree = parser.parse(text, null, options as unknown as Parameters<Parser['parse']>[2]);
  if (!tree) throw new Error(`parsing took longer than ${PARSE_BUDGET_MS} ms; not analysed`);
  const errors: string[] = [];
  if (tree.rootNode.hasError) errors.push(`HCL syntax error near line ${firstErrorLine(tree.rootNode) + 1} (the rest of the file is still analysed)`);
  const reader = new Reader(text, lines);
  const body = tree.rootNode.namedChildren.find((c) => c?.type === 'body');
  const blocks = body ? reader.body(body).blocks : [];
  return { format: 'hcl', text, lines, tree, blocks, errors, dispose: () => tree.delete() };
}

function firstErrorLine(root: HclNode): number {
  const stack: HclNode[] = [root];
  while (stack.length) {
    const cur = stack.pop()!;
    if (cur.isError || cur.isMissing) return cur.startPosition.row;
    if (cur.hasError) for (let i = cur.childCount - 1; i >= 0; i--) stack.push(cur.child(i)!);
  }
  return 0;
}

/** Deeper than any hand-written module; stops a pathological input from exhausting the stack. */
const MAX_DEPTH = 64;

class Reader {
  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
  ) {}

  private range(n: HclNode): Range {
    return this.lines.range(n.startIndex, n.endIndex);
  }

  body(n: HclNode, depth = 0): { attributes: HclAttribute[]; blocks: HclBlock[] } {
    const attributes: HclAttribute[] = [];
    const blocks: HclBlock[] = [];
    if (depth > MAX_DEPTH) return { attributes, blocks };
    for (const c of n.namedChildren) {
      if (!c) continue;
      if (c.type === 'attribute') {
        const id = c.namedChildren.find((x) => x?.type === 'identifier');
        const expr = c.namedChildren.find((x) => x?.type === 'expression');
        if (!id || !expr) continue;
        attributes.push({ name: id.text, range: this.range(c), nameRange: this.range(id), value: this.expression(expr, depth + 1) });
      } else if (c.type === 'block') {
        blocks.push(this.block(c, depth + 1));
      }
    }
    return { attributes, blocks };
  }

  private block(n: HclNode, depth: number): HclBlock {
    const kids = n.namedChildren.filter((x): x is HclNode => !!x);
    const type = kids.find((x) => x.type === 'identifier')?.text ?? '';
    const labels = kids.filter((x) => x.type === 'string_lit' || (x.type === 'identifier' && x !== kids[0])).map((x) => (x.type === 'string_lit' ? stringLitText(x) : x.text));
    const body = kids.find((x) => x.type === 'body');
    const end = kids.find((x) => x.type === 'block_end');
    const start = kids.find((x) => x.type === 'block_start');
    const inner = body ? this.body(body, depth) : { attributes: [], blocks: [] };
    const lineStart = this.lines.offset({ line: this.lines.position(n.startIndex).line, character: 0 });
    return {
      type,
      labels,
      range: this.range(n),
      headerRange: this.lines.range(n.startIndex, start ? start.endIndex : n.startIndex),
      closeOffset: end ? end.startIndex : n.endIndex,
      indent: this.text.slice(lineStart, n.startIndex).replace(/\S.*$/, ''),
      ...inner,
    };
  }

  expression(n: HclNode, depth: number): HclValue {
    const range = this.range(n);
    if (depth > MAX_DEPTH) return { kind: 'expr', text: n.text, range };
    const kids = n.namedChildren.filter((x): x is HclNode => !!x && x.type !== 'comment');
    // `expression` wraps one term, or a variable followed by get_attr/index parts (`var.x`).
    if (n.type === 'expression') {
      if (kids.length === 1) return this.expression(kids[0], depth + 1);
      if (kids[0]?.type === 'variable_expr' && kids.slice(1).every((k) => k.type === 'get_attr')) {
        return { kind: 'expr', text: n.text, range, ref: [kids[0].text, ...kids.slice(1).map((k) => k.text.replace(/^\./, '').trim())] };
      }
      return { kind: 'expr', text: n.text, range };
    }
    switch (n.type) {
      case 'literal_value': {
        const k = kids[0];
        if (!k) return { kind: 'expr', text: n.text, range };
        if (k.type === 'string_lit') return { kind: 'string', value: stringLitText(k), range };
        if (k.type === 'numeric_lit') {
          const v = Number(k.text);
          return Number.isFinite(v) ? { kind: 'number', value: v, range } : { kind: 'expr', text: n.text, range };
        }
        if (k.type === 'bool_lit') return { kind: 'bool', value: k.text === 'true', range };
        if (k.type === 'null_lit') return { kind: 'null', range };
        return { kind: 'expr', text: n.text, range };
      }
      case 'variable_expr':
        return { kind: 'expr', text: n.text, range, ref: [n.text] };
      case 'collection_value':
        return kids[0] ? this.expression(kids[0], depth + 1) : { kind: 'expr', text: n.text, range };
      case 'tuple':
        return { kind: 'tuple', items: kids.filter((k) => k.type === 'expression').map((k) => this.expression(k, depth + 1)), range };
      case 'object': {
        const entries: HclEntry[] = [];
        for (const el of kids) {
          if (el.type !== 'object_elem') continue;
          const key = el.childForFieldName('key');
          const val = el.childForFieldName('val');
          if (!key || !val) continue;
          const kv = this.expression(key, depth + 1);
          const name = kv.kind === 'string' ? kv.value : kv.kind === 'expr' && kv.ref?.length === 1 ? kv.ref[0] : undefined;
          if (name === undefined) continue;
          entries.push({ key: name, keyRange: this.range(key), value: this.expression(val, depth + 1) });
        }
        return { kind: 'object', entries, range };
      }
      case 'template_expr': {
        // A quoted string without interpolation is a plain string; with `${...}` it is computed.
        const q = kids[0];
        if (q?.type === 'quoted_template') {
          const parts = q.namedChildren.filter((x): x is HclNode => !!x && x.type !== 'quoted_template_start' && x.type !== 'quoted_template_end');
          if (parts.every((p) => p.type === 'template_literal' || p.type === 'escape_sequence')) return { kind: 'string', value: parts.map((p) => unescape(p.text)).join(''), range };
        }
        return { kind: 'expr', text: n.text, range };
      }
      default:
        return { kind: 'expr', text: n.text, range };
    }
  }
}

function stringLitText(n: HclNode): string {
  return n.namedChildren
    .filter((x): x is HclNode => !!x && (x.type === 'template_literal' || x.type === 'escape_sequence'))
    .map((x) => unescape(x.text))
    .join('');
}

function unescape(s: string): string {
  return s.replace(/\\(["\\nt])/g, (_, c: string) => (c === 'n' ? '\n' : c === 't' ? '\t' : c));
}

/** An attribute of a block by name. */
export function attr(b: HclBlock, name: string): HclAttribute | undefined {
  return b.attributes.find((a) => a.name === name);
}

/** Nested blocks of a type (`guest_accelerator`, `lifecycle_rule`). */
export function sub(b: HclBlock, type: string): HclBlock[] {
  return b.blocks.filter((x) => x.type === type);
}

import { format, applyEdits, modify, type FormattingOptions, type JSONPath, type Node } from 'jsonc-parser';
import type { JsonNode, JsonSource } from '../formats/json';
import type { TextEdit } from '../types';
import { detectEol, edit, indentAt, insertAt, lineEndAt, lineStartAt, type Eol } from './indent';

// Minimal edits to JSON/JSONC files. Values are replaced through jsonc-parser's `modify` (which
// changes only the value's bytes); new properties are placed from the parse tree and laid out by
// jsonc-parser's formatter in the file's own indentation (tabs or n spaces), key/colon spacing and
// line breaks, so no other line of the file is reformatted.

export type JsonScalar = string | number | boolean | null;
export type JsonValue = JsonScalar | JsonValue[] | { [key: string]: JsonValue };

export interface JsonStyle {
  /** One level of indentation: `\t` or n spaces. */
  unit: string;
  eol: Eol;
  /** What separates a key from its value in this file (`: `, ` : `, `:`). */
  colon: string;
  formatting: FormattingOptions;
}

const styles = new WeakMap<JsonSource, JsonStyle>();

export function jsonStyle(src: JsonSource): JsonStyle {
  const known = styles.get(src);
  if (known) return known;
  const text = src.text;
  const eol = detectEol(text);
  let tabs = false;
  const depths: number[] = [];
  // Each line's indentation read in place (sticky regexp at the line start), not from split lines.
  const indented = /([ \t]+)\S/y;
  for (let start = 0; start >= 0; start = nextLineStart(text, start)) {
    indented.lastIndex = start;
    const m = indented.exec(text);
    if (!m) continue;
    if (m[1].startsWith('\t')) {
      tabs = true;
      break;
    }
    depths.push(m[1].length);
  }
  // The widest unit that (nearly) every indented line is a multiple of: hand-edited files stray.
  const size = [8, 6, 4, 3, 2, 1].find((u) => depths.length > 0 && depths.filter((d) => d % u === 0).length >= 0.8 * depths.length) ?? 2;
  const unit = tabs ? '\t' : ' '.repeat(size);
  const style: JsonStyle = {
    unit,
    eol,
    colon: colonOf(src),
    formatting: { insertSpaces: !tabs, tabSize: tabs ? 4 : size, eol, keepLines: false },
  };
  styles.set(src, style);
  return style;
}

/** Offset of the line after the one starting at `start`, or -1 at the last line. */
function nextLineStart(text: string, start: number): number {
  const nl = text.indexOf('\n', start);
  return nl < 0 ? -1 : nl + 1;
}

/** The separator between the first property's key and value, when it is plain spacing. */
function colonOf(src: JsonSource): string {
  const prop = src.root?.node.children?.[0];
  const [k, v] = prop?.children ?? [];
  if (!k || !v) return ': ';
  const sep = src.text.slice(k.offset + k.length, v.offset);
  return /^[ \t]*:[ \t]*$/.test(sep) ? sep : ': ';
}

/** `value` as JSON text, multi-line in the file's unit and colon, continuation lines at `indent`. */
export function renderJson(value: JsonValue, style: JsonStyle, indent: string): string {
  const text = JSON.stringify(value);
  // jsonc-parser's formatter lays the fragment out in the file's indentation.
  const laid = applyEdits(text, format(text, undefined, style.formatting));
  return laid
    .split(/\r?\n/)
    .map((l, i) => (i === 0 ? l : indent + l))
    .map((l) => l.replace(/^(\s*"(?:[^"\\]|\\.)*"): /, `$1${style.colon}`))
    .join(style.eol);
}

/** `{"a": 1, "b": true}`: one line, for objects written on one line. */
export function compactJson(value: JsonValue, style: JsonStyle): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  const colon = style.colon.includes(' ') ? style.colon : ': ';
  if (Array.isArray(value)) return `[${value.map((v) => compactJson(v, style)).join(', ')}]`;
  return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}${colon}${compactJson(v, style)}`).join(', ')}}`;
}

function toTextEdits(src: JsonSource, edits: { offset: number; length: number; content: string }[]): TextEdit[] {
  return edits.map((e) => edit(src.lines, e.offset, e.offset + e.length, e.content));
}

/** Replace the value at `path` (it must exist) with `value`: only its bytes change. */
export function replaceJsonValue(src: JsonSource, path: JSONPath, value: JsonValue): TextEdit[] {
  const existing = existingProperty(src, path);
  // What modify() returns for an existing property, without re-parsing the whole file for it.
  if (existing) return toTextEdits(src, [{ offset: existing.offset, length: existing.length, content: JSON.stringify(value) }]);
  // No formattingOptions: modify() then edits the value alone, never the lines around it.
  const edits = modify(src.text, path, value, {});
  return toTextEdits(src, edits);
}

/**
 * The value node modify() would replace when `path` names an existing object property. modify()
 * re-parses the text with default options; those differ from parseJson's only in accepting
 * trailing commas, which changes the errors reported, not the tree, so the parsed tree answers.
 */
function existingProperty(src: JsonSource, path: JSONPath): Node | undefined {
  const last = path[path.length - 1];
  if (!src.root || typeof last !== 'string') return undefined;
  const parent = path.length === 1 ? src.root : src.root.get(...path.slice(0, -1));
  if (parent?.node.type !== 'object' || !Array.isArray(parent.node.children)) return undefined;
  return parent.get(last)?.node;
}

export interface JsonInsertOptions {
  /** Insert after the first of these properties that exists (priority order); else last. */
  after?: readonly string[];
}

function propKey(p: Node): string | undefined {
  const k = p.children?.[0];
  return typeof k?.value === 'string' ? k.value : undefined;
}

/** Each key's first property index: one pass, however many `after` keys are tried. */
function firstIndexOf(props: Node[]): Map<string, number> {
  const out = new Map<string, number>();
  props.forEach((p, i) => {
    const k = propKey(p);
    if (k !== undefined && !out.has(k)) out.set(k, i);
  });
  return out;
}

/** True when `offset` begins its line (only whitespace before it). */
function startsLine(text: string, offset: number): boolean {
  return /^[ \t]*$/.test(text.slice(lineStartAt(text, offset), offset));
}

/** Offset just past a `,` that follows `end` (whitespace and comments between), else undefined. */
function commaAfter(text: string, end: number): number | undefined {
  const m = /^(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*,/.exec(text.slice(end));
  return m ? end + m[0].length : undefined;
}

/** Add `"key": value` to an object, next to its siblings, in the object's own layout. */
export function insertJsonProperty(obj: JsonNode, key: string, value: JsonValue, opts: JsonInsertOptions = {}): TextEdit[] {
  return insertJsonProperties(obj, { [key]: value }, opts);
}

/** Several new properties at one place, in the given order. */
export function insertJsonProperties(obj: JsonNode, entries: { [key: string]: JsonValue }, opts: JsonInsertOptions = {}): TextEdit[] {
  const node = obj.node;
  if (node.type !== 'object') return [];
  const src = obj.src;
  const text = src.text;
  const style = jsonStyle(src);
  const props = node.children ?? [];
  const objIndent = indentAt(text, node.offset);
  const open = node.offset;
  const close = node.offset + node.length - 1;
  const oneLine = lineStartAt(text, open) === lineStartAt(text, close);
  const eolIndent = (indent: string, compact: boolean) => (compact ? ', ' : `,${style.eol}${indent}`);
  const prop = (indent: string, compact: boolean): string =>
    Object.entries(entries)
      .map(([key, value]) => `${JSON.stringify(key)}${style.colon}${compact ? compactJson(value, style) : renderJson(value, style, indent)}`)
      .join(eolIndent(indent, compact));

  if (!props.length) {
    if (oneLine) return [insertAt(src.lines, open + 1, prop('', true))];
    const inner = objIndent + style.unit;
    return [insertAt(src.lines, open + 1, style.eol + inner + prop(inner, false))];
  }
  if (oneLine) {
    const last = props[props.length - 1];
    return [insertAt(src.lines, last.offset + last.length, `, ${prop('', true)}`)];
  }
  const first = props[0];
  const indent = startsLine(text, first.offset) ? indentAt(text, first.offset) : objIndent + style.unit;
  const firstIdx = opts.after && firstIndexOf(props);
  const anchorIdx = opts.after?.map((k) => firstIdx?.get(k) ?? -1).find((i) => i >= 0);
  const next = anchorIdx !== undefined ? props[anchorIdx + 1] : undefined;
  if (next && startsLine(text, next.offset)) {
    // Before the next property, on its own line: `"key": value,` + the line break.
    return [insertAt(src.lines, lineStartAt(text, next.offset), indent + prop(indent, false) + ',' + style.eol)];
  }
  const last = props[props.length - 1];
  const end = last.offset + last.length;
  const comma = commaAfter(text, end);
  const lineEnd = lineEndAt(text, comma ?? end);
  const entry = style.eol + indent + prop(indent, false);
  if (comma !== undefined) return [insertAt(src.lines, lineEnd, entry + (closesAfter(text, lineEnd) ? '' : ','))];
  // A comment after the last property stays on its line: the comma goes after the value.
  if (/^[ \t]*$/.test(text.slice(end, lineEnd))) return [insertAt(src.lines, end, ',' + entry)];
  return [insertAt(src.lines, end, ','), insertAt(src.lines, lineEnd, entry)];
}

/** True when only whitespace/comments lie between `offset` and the closing brace (trailing comma kept). */
function closesAfter(text: string, offset: number): boolean {
  return /^(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*[}\]]/.test(text.slice(offset));
}

/**
 * `path` set to `value`: an existing value is replaced, missing parents are created as one new
 * property of the deepest existing object. Empty when a parent on the path is not an object.
 */
export function setJsonPath(root: JsonNode, path: readonly string[], value: JsonValue, opts: JsonInsertOptions = {}): TextEdit[] {
  let cur = root;
  for (let i = 0; i < path.length; i++) {
    const next = cur.get(path[i]);
    if (!next) {
      const nested = path.slice(i + 1).reduceRight<JsonValue>((v, k) => ({ [k]: v }), value);
      return insertJsonProperty(cur, path[i], nested, i === path.length - 1 ? opts : {});
    }
    if (i === path.length - 1) {
      if (JSON.stringify(next.value()) === JSON.stringify(value)) return [];
      return replaceJsonValue(root.src, pathOf(next.node), value);
    }
    if (next.type !== 'object') return [];
    cur = next;
  }
  return [];
}

/** The JSON path of a node, from the root. */
export function pathOf(node: Node): JSONPath {
  const out: JSONPath = [];
  let n: Node | undefined = node;
  while (n?.parent) {
    const p: Node = n.parent;
    if (p.type === 'property') {
      const k = p.children?.[0]?.value;
      if (typeof k === 'string') out.unshift(k);
      n = p.parent;
    } else if (p.type === 'array') {
      out.unshift(p.children?.indexOf(n) ?? 0);
      n = p;
    } else n = p;
  }
  return out;
}

import { isMap, isScalar, isSeq, stringify, visit, Scalar, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { YamlNode, YamlSource } from '../formats/yaml';
import type { TextEdit } from '../types';
import { columnAt, detectEol, edit, indentAt, insertAt, lastContentBefore, lineEndAt, lineStartAt, type Eol } from './indent';

// Minimal edits to YAML files, computed from the `yaml` Document's node ranges. Only the bytes of
// the value or the new lines change: comments, quotes, anchors, key order, indentation, flow style
// and line breaks of everything else stay as written. Shared by every YAML dialect's editor.

/** YAML text inserted exactly as given (snippet placeholders, pre-rendered values). */
export class RawYaml {
  constructor(readonly text: string) {}
}

export function raw(text: string): RawYaml {
  return new RawYaml(text);
}

/**
 * A value to write. Strings are logical strings (quoted only where YAML needs it); numbers,
 * booleans and null are written plain; objects and arrays become block collections in the file's
 * indentation (flow collections inside flow collections).
 */
export type YamlValue = string | number | boolean | null | RawYaml | YamlValue[] | { [key: string]: YamlValue };

/** How this file indents: the step, whether block sequences are indented under their key, its EOL. */
export interface YamlStyle {
  step: string;
  seqIndented: boolean;
  eol: Eol;
}

const styles = new WeakMap<YamlSource, YamlStyle>();

export function yamlStyle(src: YamlSource): YamlStyle {
  const known = styles.get(src);
  if (known) return known;
  const style = { step: ' '.repeat(indentStep(src.text)), seqIndented: sequencesIndented(src), eol: detectEol(src.text) };
  styles.set(src, style);
  return style;
}

/** Smallest positive indentation of a content line: the file's indentation step (2 when flat). */
function indentStep(text: string): number {
  let step = 0;
  for (const line of text.split('\n')) {
    const m = /^( +)[^\s#-]/.exec(line);
    if (m && (step === 0 || m[1].length < step)) step = m[1].length;
  }
  return step > 0 && step <= 8 ? step : 2;
}

/** `key:\n  - x` (indented) or `key:\n- x`; the first block sequence under a key decides. */
function sequencesIndented(src: YamlSource): boolean {
  let found: boolean | undefined;
  for (const d of src.docs) {
    visit(d.node, {
      Pair(_, pair) {
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        if (found !== undefined || !isSeq(value) || value.flow || !key?.range || !value.range) return;
        found = columnAt(src.text, dashBefore(src.text, value.range[0])) > columnAt(src.text, key.range[0]);
      },
    });
    if (found !== undefined) break;
  }
  return found ?? true;
}

/** Offset of the `- ` that introduces the sequence item starting at or after `offset`. */
function dashBefore(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i] !== '-') i--;
  return i;
}

// ---------------------------------------------------------------------------------------------
// Rendering values in the file's style

/** A logical string as YAML text: plain where that reads back as the same string, else quoted. */
export function plainOrQuoted(s: string): string {
  return stringify(s, { lineWidth: 0, minContentWidth: 0 }).replace(/\r?\n$/, '');
}

function scalarText(v: string | number | boolean | null | RawYaml, inFlow: boolean): string {
  if (v instanceof RawYaml) return v.text;
  if (v === null) return 'null';
  if (typeof v !== 'string') return String(v);
  const text = plainOrQuoted(v);
  // Plain scalars in flow collections may not hold flow indicators.
  return inFlow && /^[^"'].*[,[\]{}]/.test(text) ? JSON.stringify(v) : text;
}

function isCollection(v: YamlValue): v is YamlValue[] | { [key: string]: YamlValue } {
  return v !== null && typeof v === 'object' && !(v instanceof RawYaml);
}

function isEmpty(v: YamlValue[] | { [key: string]: YamlValue }): boolean {
  return Array.isArray(v) ? v.length === 0 : Object.keys(v).length === 0;
}

/** One-line flow rendering (`{a: 1, b: [x, y]}`), for values going into flow collections. */
export function flowText(v: YamlValue): string {
  if (!isCollection(v)) return scalarText(v, true);
  if (Array.isArray(v)) return `[${v.map(flowText).join(', ')}]`;
  return `{${Object.entries(v).map(([k, x]) => `${keyText(k)}: ${flowText(x)}`).join(', ')}}`;
}

function keyText(key: string): string {
  return plainOrQuoted(key);
}

/** Lines (no EOL) of `key: value` at `indent`, nested collections in block style. */
function entryLines(key: string, value: YamlValue, indent: string, style: YamlStyle): string[] {
  const k = keyText(key);
  if (!isCollection(value) || isEmpty(value)) return [`${indent}${k}: ${isCollection(value) ? flowText(value) : scalarText(value, false)}`];
  if (Array.isArray(value)) return [`${indent}${k}:`, ...seqLines(value, indent + (style.seqIndented ? style.step : ''), style)];
  return [`${indent}${k}:`, ...mapLines(value, indent + style.step, style)];
}

function mapLines(obj: { [key: string]: YamlValue }, indent: string, style: YamlStyle): string[] {
  return Object.entries(obj).flatMap(([k, v]) => entryLines(k, v, indent, style));
}

function seqLines(items: YamlValue[], indent: string, style: YamlStyle): string[] {
  return items.flatMap((item) => {
    if (isCollection(item) && !isEmpty(item) && !Array.isArray(item)) {
      // `- first: x` then the other keys aligned under `first`.
      const lines = mapLines(item, indent + '  ', style);
      lines[0] = `${indent}- ${lines[0].slice(indent.length + 2)}`;
      return lines;
    }
    return [`${indent}- ${isCollection(item) ? flowText(item) : scalarText(item, false)}`];
  });
}

// ---------------------------------------------------------------------------------------------
// Edits

export interface SetOptions {
  /** Write `value` (a string) verbatim, only wrapped in the node's own quotes (snippets). */
  raw?: boolean;
}

/**
 * Replace a scalar's value, keeping its quote style for strings (`'no'` becomes `'bf16'`) and its
 * anchor, tag and trailing comment. Booleans and numbers are written plain so they keep their type.
 */
export function setScalar(node: YamlNode, value: string | number | boolean, opts: SetOptions = {}): TextEdit | undefined {
  const n = node.node;
  const r = n.range;
  if (!r || isMap(n) || isSeq(n)) return undefined;
  const text = node.src.text;
  const type = isScalar(n) ? n.type : undefined;
  let out: string;
  if (typeof value !== 'string') out = String(value);
  else if (type === Scalar.QUOTE_DOUBLE) out = opts.raw ? `"${value}"` : JSON.stringify(value);
  else if (type === Scalar.QUOTE_SINGLE) out = `'${value.replace(/'/g, "''")}'`;
  else out = opts.raw ? value : plainOrQuoted(value);
  if (r[0] === r[1]) {
    // `key:` with no value (maybe a comment after it): write right after the colon.
    const keyEnd = (node.pair?.key as Node | undefined)?.range?.[1];
    const colon = keyEnd !== undefined ? /^[ \t]*:/.exec(text.slice(keyEnd)) : null;
    const at = colon && keyEnd !== undefined ? keyEnd + colon[0].length : r[0];
    return insertAt(node.src.lines, at, ' ' + out);
  }
  // Block scalars own their trailing line breaks; keep those.
  let end = type === Scalar.BLOCK_LITERAL || type === Scalar.BLOCK_FOLDED ? lastContentBefore(text, r[1], r[0]) + 1 : r[1];
  // A lone `\r` after a plain scalar is a line break to editors, not part of the value.
  if (type === Scalar.PLAIN) while (end > r[0] && (text[end - 1] === '\r' || text[end - 1] === ' ')) end--;
  if (text.slice(r[0], end) === out) return undefined;
  return edit(node.src.lines, r[0], end, out);
}

export interface InsertOptions {
  /** Insert after the first of these keys that exists (priority order). */
  after?: readonly string[];
  /** Else before the first of these that exists (above its leading comment lines). */
  before?: readonly string[];
}

function pairKey(p: Pair): string | undefined {
  return isScalar(p.key) ? String(p.key.value) : undefined;
}

function findPair(map: YAMLMap, keys: readonly string[] | undefined): Pair | undefined {
  for (const k of keys ?? []) {
    const p = map.items.find((x) => pairKey(x) === k);
    if (p) return p;
  }
  return undefined;
}

/** Leading whitespace of the map's keys (spaces matching the column when the line starts with `- `). */
function keyIndent(text: string, keyOffset: number): string {
  const start = lineStartAt(text, keyOffset);
  const prefix = text.slice(start, keyOffset);
  return /^[ \t]*$/.test(prefix) ? prefix : ' '.repeat(keyOffset - start);
}

/** Offset at the end of the last line of a pair (after its trailing comment). */
function pairLineEnd(text: string, p: Pair): number {
  const k = p.key as Node;
  const v = p.value as Node | null;
  const end = v?.range ? v.range[1] : (k.range?.[1] ?? 0);
  return lineEndAt(text, lastContentBefore(text, end, k.range?.[0] ?? 0));
}

/**
 * Add `key: value` to a map, next to its siblings: after `opts.after`, before `opts.before`, or
 * after the last entry. Block maps get a new line in the map's indentation; flow maps `, key: v`.
 */
export function insertEntry(map: YamlNode, key: string, value: YamlValue, opts: InsertOptions = {}): TextEdit | undefined {
  return insertEntries(map, { [key]: value }, opts);
}

/** Several new keys at one place, in the given order (two inserts at one offset would be ambiguous). */
export function insertEntries(map: YamlNode, entries: { [key: string]: YamlValue }, opts: InsertOptions = {}): TextEdit | undefined {
  const m = map.node;
  if (!isMap(m) || !m.range) return undefined;
  const src = map.src;
  const text = src.text;
  const style = yamlStyle(src);
  if (m.flow) {
    const after = findPair(m, opts.after) ?? m.items[m.items.length - 1];
    const entry = Object.entries(entries).map(([k, v]) => `${keyText(k)}: ${flowText(v)}`).join(', ');
    if (!after) return insertAt(src.lines, m.range[0] + 1, entry);
    const end = (after.value as Node | null)?.range?.[1] ?? (after.key as Node).range![1];
    return insertAt(src.lines, end, `, ${entry}`);
  }
  const first = m.items[0]?.key as Node | undefined;
  if (!first?.range) return undefined;
  const indent = keyIndent(text, first.range[0]);
  const lines = Object.entries(entries).flatMap(([k, v]) => entryLines(k, v, indent, style));
  const after = findPair(m, opts.after);
  const before = after ? undefined : findPair(m, opts.before);
  if (before) {
    let at = lineStartAt(text, (before.key as Node).range![0]);
    // Keep the comment lines above `before` attached to it.
    while (at > 0) {
      const prev = lineStartAt(text, at - 1);
      const line = text.slice(prev, lineEndAt(text, prev));
      if (!/^\s*#/.test(line) || indentAt(text, prev) !== indent) break;
      at = prev;
    }
    return insertAt(src.lines, at, lines.join(style.eol) + style.eol);
  }
  const anchor = after ?? m.items[m.items.length - 1];
  return insertAt(src.lines, pairLineEnd(text, anchor), style.eol + lines.join(style.eol));
}

/** Append an item to a sequence, in its style (`- item` lines, or `, item` in a flow sequence). */
export function appendItem(seq: YamlNode, item: YamlValue): TextEdit | undefined {
  const s = seq.node;
  if (!isSeq(s) || !s.range) return undefined;
  const src = seq.src;
  const text = src.text;
  const items = (s as YAMLSeq).items.filter((n): n is Node => !!n && typeof n === 'object' && 'range' in n);
  if (s.flow) {
    const last = items[items.length - 1];
    return last?.range ? insertAt(src.lines, last.range[1], `, ${flowText(item)}`) : insertAt(src.lines, s.range[0] + 1, flowText(item));
  }
  const first = items[0];
  const last = items[items.length - 1];
  if (!first?.range || !last?.range) return undefined;
  const dash = dashBefore(text, first.range[0]);
  const indent = keyIndent(text, dash);
  const style = yamlStyle(src);
  const at = lineEndAt(text, lastContentBefore(text, last.range[1], last.range[0]));
  return insertAt(src.lines, at, style.eol + seqLines([item], indent, style).join(style.eol));
}

/** `{a: {b: value}}` from a key path. */
function nest(path: readonly string[], value: YamlValue): YamlValue {
  return path.reduceRight<YamlValue>((v, k) => ({ [k]: v }), value);
}

/**
 * Set `path` (keys from `root`) to `value`, creating the missing parent maps in the file's style.
 * An existing scalar at the end of the path is replaced; a parent that is a non-empty scalar or a
 * sequence stops the edit (undefined).
 */
export function insertPath(root: YamlNode, path: readonly string[], value: YamlValue, opts: InsertOptions = {}): TextEdit | undefined {
  let cur = root;
  for (let i = 0; i < path.length; i++) {
    const next = cur.get(path[i]);
    const last = i === path.length - 1;
    if (!next) return insertEntry(cur, path[i], nest(path.slice(i + 1), value), last ? opts : {});
    if (last) return isCollection(value) || value instanceof RawYaml ? undefined : setScalar(next, value ?? 'null');
    if (next.isMap) {
      cur = next;
      continue;
    }
    // `trainer:` with nothing after it: the nested keys go on the following lines.
    const r = next.node.range;
    if (!r || r[0] !== r[1] || !next.pair?.key) return undefined;
    const keyNode = next.pair.key as Node;
    const style = yamlStyle(root.src);
    const indent = keyIndent(root.src.text, keyNode.range![0]) + style.step;
    const rest = nest(path.slice(i + 1), value) as { [key: string]: YamlValue };
    const at = lineEndAt(root.src.text, keyNode.range![0]);
    return insertAt(root.src.lines, at, style.eol + mapLines(rest, indent, style).join(style.eol));
  }
  return undefined;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Lines `[first, last]` a map's own comments can sit on (a root map: its whole document). */
function mapLineSpan(map: YamlNode, col: number): [number, number] {
  const lines = map.src.lines;
  const r = map.node.range!;
  let first = lines.position(r[0]).line;
  let last = lines.position(r[2] ?? r[1]).line;
  if (col === 0) {
    while (first > 0 && !/^(---|\.\.\.)/.test(lines.lineText(first - 1))) first--;
    while (last + 1 < lines.lineCount && !/^(---|\.\.\.)/.test(lines.lineText(last + 1))) last++;
    return [first, last];
  }
  // A nested map runs on while lines are blank, comments, or indented at least as deep.
  while (last + 1 < lines.lineCount) {
    const t = lines.lineText(last + 1);
    const ind = /^\s*/.exec(t)![0].length;
    if (t.trim() !== '' && !t.trim().startsWith('#') && ind < col) break;
    last++;
  }
  return [first, last];
}

/** Offsets covered by multi-line scalars (a `# key:` line inside one is text, not a comment). */
function insideScalar(map: YamlNode, offset: number): boolean {
  let hit = false;
  visit(map.node, {
    Scalar(_, s) {
      if (s.range && s.range[0] <= offset && offset < s.range[1]) hit = true;
    },
  });
  return hit;
}

/**
 * Where the author left the setting commented out (`# mixed_precision: bf16`, `# precision: 16`)
 * in this map, at the map's own indentation: insert the live `key: value` on the line after that
 * comment, keeping the comment. Undefined when there is no such line.
 */
export function replaceCommentedKey(map: YamlNode, key: string, value: YamlValue, aliases: readonly string[] = []): TextEdit | undefined {
  const m = map.node;
  if (!isMap(m) || m.flow || !m.range) return undefined;
  const first = m.items[0]?.key as Node | undefined;
  if (!first?.range) return undefined;
  const src = map.src;
  const indent = keyIndent(src.text, first.range[0]);
  const col = indent.length;
  const names = [key, ...aliases].map(escapeRe).join('|');
  const re = new RegExp(`^[ \\t]*#+[ \\t]*(?:--)?["']?(?:${names})["']?[ \\t]*[:=]`);
  const [from, to] = mapLineSpan(map, col);
  for (let line = from; line <= to; line++) {
    const t = src.lines.lineText(line);
    if (!re.test(t) || /^[ \t]*/.exec(t)![0] !== indent) continue;
    const start = src.lines.offset({ line, character: 0 });
    if (insideScalar(map, start)) continue;
    const style = yamlStyle(src);
    return insertAt(src.lines, src.lines.lineEnd(line), style.eol + entryLines(key, value, indent, style).join(style.eol));
  }
  return undefined;
}

export interface UpsertOptions extends InsertOptions {
  /** Aliases of the key a commented-out line may use. */
  commentedAliases?: readonly string[];
  /** Do not look for a commented-out line. */
  noComment?: boolean;
}

/**
 * `key: value` in `map` whatever is there now: the scalar is replaced in place, a commented-out
 * line gets the live key after it, else the key is inserted next to its siblings.
 */
export function upsertEntry(map: YamlNode, key: string, value: string | number | boolean | RawYaml, opts: UpsertOptions = {}): TextEdit | undefined {
  const existing = map.get(key);
  if (existing && !existing.isMap && !existing.isSeq) return value instanceof RawYaml ? setScalar(existing, value.text, { raw: true }) : setScalar(existing, value);
  if (existing) return undefined;
  if (map.node && isMap(map.node) && (map.node as YAMLMap).items.some((p) => pairKey(p) === key)) return undefined;
  return (!opts.noComment && replaceCommentedKey(map, key, value, opts.commentedAliases)) || insertEntry(map, key, value, opts);
}

// Python edits computed from tree-sitter ranges. Trees are disposed once a file is analysed, so
// editors take plain snapshots (offsets and text) of the nodes they may rewrite while the job is
// being built, and compute edits from those later, against the same text.

import type { PyNode, PythonSource } from '../formats/python';
import type { LineIndex } from '../formats/lineIndex';
import type { TextEdit } from '../types';

/** A bracketed list of items: a call's argument list, a dict, a list literal. */
export interface ContainerSnap {
  /** Offset of the opening bracket. */
  open: number;
  /** Offset of the closing bracket. */
  close: number;
  /** Items in order (comments excluded): start/end offsets. */
  items: { start: number; end: number }[];
  /** Offset of the comma after the last item, when there is one. */
  trailingComma?: number;
}

export interface KwargSnap {
  name: string;
  /** The whole `name=value`. */
  start: number;
  end: number;
  value: LiteralSnap;
}

/** A value node as written: its kind (tree-sitter type) and text. */
export interface LiteralSnap {
  type: string;
  start: number;
  end: number;
  text: string;
}

export interface CallSnap {
  callee: string;
  /** The callee's last name segment (`read_csv` in `pd.read_csv`). */
  nameStart: number;
  nameEnd: number;
  start: number;
  end: number;
  args: ContainerSnap;
  positional: LiteralSnap[];
  kwargs: Map<string, KwargSnap>;
}

export function literalSnap(src: PythonSource, n: PyNode): LiteralSnap {
  return { type: n.type, start: n.startIndex, end: n.endIndex, text: src.textOf(n) };
}

export function containerSnap(n: PyNode): ContainerSnap {
  const items: { start: number; end: number }[] = [];
  let trailingComma: number | undefined;
  for (let i = 0; i < n.childCount; i++) {
    const c = n.child(i);
    if (!c) continue;
    if (c.isNamed && c.type !== 'comment') {
      items.push({ start: c.startIndex, end: c.endIndex });
      trailingComma = undefined;
    } else if (c.type === ',') trailingComma = c.startIndex;
  }
  return { open: n.startIndex, close: n.endIndex - 1, items, ...(trailingComma !== undefined && { trailingComma }) };
}

export function callSnap(src: PythonSource, call: PyNode): CallSnap | undefined {
  const fn = call.childForFieldName('function');
  const list = call.childForFieldName('arguments');
  if (!fn || list?.type !== 'argument_list') return undefined;
  const nameNode = fn.type === 'attribute' ? fn.childForFieldName('attribute') : fn;
  const kwargs = new Map<string, KwargSnap>();
  const positional: LiteralSnap[] = [];
  for (const c of list.namedChildren) {
    if (!c || c.type === 'comment') continue;
    if (c.type === 'keyword_argument') {
      const k = c.childForFieldName('name');
      const v = c.childForFieldName('value');
      if (k && v) kwargs.set(src.textOf(k), { name: src.textOf(k), start: c.startIndex, end: c.endIndex, value: literalSnap(src, v) });
    } else positional.push(literalSnap(src, c));
  }
  return {
    callee: src.textOf(fn).replace(/\s+/g, ''),
    nameStart: (nameNode ?? fn).startIndex,
    nameEnd: (nameNode ?? fn).endIndex,
    start: call.startIndex,
    end: call.endIndex,
    args: containerSnap(list),
    positional,
    kwargs,
  };
}

/** `\r\n` when the file uses it. */
export function eolOf(text: string): string {
  return /\r\n/.test(text) ? '\r\n' : '\n';
}

const insert = (lines: LineIndex, at: number, newText: string): TextEdit => ({ range: lines.range(at, at), newText });
export const replace = (lines: LineIndex, start: number, end: number, newText: string): TextEdit => ({ range: lines.range(start, end), newText });

function indentAt(text: string, lines: LineIndex, offset: number): string {
  const line = lines.lineText(lines.position(offset).line);
  return /^[ \t]*/.exec(line)![0];
}

/**
 * Adds `item` as the last element of a container, in its layout: `f(a, b)` gets `, item`;
 * one item per line gets a new line at the same indentation, with a trailing comma when the
 * others have one; comments after the last item stay on their line.
 */
export function appendItem(text: string, lines: LineIndex, c: ContainerSnap, item: string): TextEdit[] {
  const last = c.items[c.items.length - 1];
  if (!last) return [insert(lines, c.open + 1, item)];
  const lastLine = lines.position(last.end).line;
  const multiline = lines.position(c.open).line !== lines.position(c.close).line && lines.position(c.open).line !== lastLine;
  if (!multiline) {
    return c.trailingComma !== undefined ? [insert(lines, c.trailingComma + 1, ` ${item},`)] : [insert(lines, last.end, `, ${item}`)];
  }
  const eol = eolOf(text);
  const indent = indentAt(text, lines, last.start);
  const closeOnLastLine = lines.position(c.close).line === lastLine;
  if (c.trailingComma !== undefined) {
    if (closeOnLastLine) return [insert(lines, c.trailingComma + 1, `${eol}${indent}${item},`)];
    return [insert(lines, lines.lineEnd(lines.position(c.trailingComma).line), `${eol}${indent}${item},`)];
  }
  if (closeOnLastLine) return [insert(lines, last.end, `,${eol}${indent}${item}`)];
  const end = lines.lineEnd(lastLine);
  if (end === last.end) return [insert(lines, last.end, `,${eol}${indent}${item}`)];
  // Something (a comment) follows the last item on its line: comma after the item, new line after that.
  return [insert(lines, last.end, ','), insert(lines, end, `${eol}${indent}${item}`)];
}

/** Several items appended in one edit: one per line when the container has one item per line. */
export function appendItems(text: string, lines: LineIndex, c: ContainerSnap, items: string[]): TextEdit[] {
  const last = c.items[c.items.length - 1];
  const multiline = !!last && lines.position(c.open).line !== lines.position(last.end).line;
  const sep = multiline ? `,${eolOf(text)}${indentAt(text, lines, last.start)}` : ', ';
  return appendItem(text, lines, c, items.join(sep));
}

/** The quote a string literal opens with (prefixes kept aside), `"` when not a string. */
export function quoteOf(lit: LiteralSnap | undefined): string {
  const m = lit?.type === 'string' ? /^[a-zA-Z]*("""|'''|"|')/.exec(lit.text) : null;
  return m && m[1].length === 1 ? m[1] : '"';
}

/** A string literal's text with its content replaced, prefix and quotes kept. */
export function withStringContent(lit: LiteralSnap, content: string): string {
  const m = /^([a-zA-Z]*)("""|'''|"|')/.exec(lit.text);
  if (!m) return JSON.stringify(content);
  return `${m[1]}${m[2]}${content}${m[2]}`;
}

/** The content of a plain one-quote string literal, else undefined. */
export function stringContent(lit: LiteralSnap | undefined): string | undefined {
  if (lit?.type !== 'string') return undefined;
  const m = /^([rRuUbB]*)("|')([^]*)\2$/.exec(lit.text);
  if (!m || /[fF]/.test(m[1])) return undefined;
  return m[3];
}

/** Offset of the start of the line after the last top-level import (0 when there is none). */
export function afterImports(src: PythonSource): number | undefined {
  let last: PyNode | undefined;
  for (const c of src.root.namedChildren) {
    if (c && (c.type === 'import_statement' || c.type === 'import_from_statement' || c.type === 'future_import_statement')) last = c;
  }
  return last ? last.endIndex : undefined;
}

// An .ipynb file (nbformat 4 JSON) read for its code cells, with the JSON position of every
// source line, so findings land on the right line of the file and fixes rewrite only the source
// strings they change: outputs, metadata, key order and indentation stay byte-identical.
import { parseTree, type Node, type ParseError } from 'jsonc-parser';
import { LineIndex } from '../formats/lineIndex';
import { nestingProblem } from '../inputGuards';
import type { Position, Range, TextEdit } from '../types';
import { applyCellEdits, type CellInput } from './program';

export interface IpynbCell {
  index: number;
  kind: string;
  source: string;
  /** The `source` value: an array of line strings (nbformat's usual form) or one string. */
  node: Node;
  /** String tokens of the array form, in order (empty for the one-string form). */
  parts: Node[];
}

export interface Ipynb {
  text: string;
  lines: LineIndex;
  cells: IpynbCell[];
  /** The kernel's language (`python` when the notebook does not say). */
  language: string;
}

/** Parses notebook JSON; undefined with a reason when it is not an nbformat 4 notebook. */
export function parseIpynb(text: string): Ipynb | { error: string } {
  // Outputs (base64 images, HTML) are most of a notebook's bytes and never analysed: the parser
  // steps over long strings instead of scanning them character by character. A source line that
  // long (rare) is read the slow way, from the whole text.
  const fast = parseWith(text, withoutLongStrings(text));
  if (fast !== 'slow') return fast;
  const slow = parseWith(text, undefined);
  return slow === 'slow' ? { error: 'notebook JSON does not parse' } : slow;
}

function parseWith(text: string, short: ShortText | undefined): Ipynb | { error: string } | 'slow' {
  const parsed = short?.text ?? text;
  const nesting = nestingProblem(parsed);
  if (nesting) return { error: nesting };
  const errs: ParseError[] = [];
  const root = parseTree(parsed, errs, { allowTrailingComma: false, disallowComments: true });
  if (!root || errs.length) return short ? 'slow' : { error: 'notebook JSON does not parse' };
  if (short?.cuts.length) {
    const cutAt = new Set(short.cuts.map((c) => c.at));
    const isCut = (n: Node | undefined) => n?.type === 'string' && cutAt.has(n.offset + 1);
    if (sourceNodes(root).some(isCut)) return 'slow';
    toOriginal(root, short.cuts);
  }
  const prop = (n: Node | undefined, key: string) => n?.type === 'object' ? n.children?.find((c) => c.children?.[0]?.value === key)?.children?.[1] : undefined;
  const nbformat = prop(root, 'nbformat');
  const cellsNode = prop(root, 'cells');
  if (nbformat?.value !== 4 || cellsNode?.type !== 'array') return { error: 'not an nbformat 4 notebook (no "nbformat": 4 and "cells" list)' };
  const meta = prop(root, 'metadata');
  const lang = prop(prop(meta, 'language_info'), 'name')?.value ?? prop(prop(meta, 'kernelspec'), 'language')?.value;
  const cells: IpynbCell[] = [];
  for (const [index, c] of (cellsNode.children ?? []).entries()) {
    const kind = prop(c, 'cell_type')?.value;
    const node = prop(c, 'source');
    if (typeof kind !== 'string' || !node) continue;
    if (node.type === 'string') cells.push({ index, kind, source: String(node.value), node, parts: [] });
    else if (node.type === 'array') {
      const parts = (node.children ?? []).filter((p) => p.type === 'string');
      cells.push({ index, kind, source: parts.map((p) => String(p.value)).join(''), node, parts });
    }
  }
  return { text, lines: new LineIndex(text), cells, language: typeof lang === 'string' ? lang.toLowerCase() : 'python' };
}

/** A string token this long (an output payload) is stepped over by parseIpynb, not parsed. */
export const LONG_STRING = 16 * 1024;

interface ShortText {
  text: string;
  /** Where a long string's content was taken out: `at` in the short text, `removed` characters. */
  cuts: { at: number; removed: number }[];
}

/**
 * The text with the content of every string longer than LONG_STRING taken out (`"…"` → `""`),
 * found with native indexOf scans. Undefined when there is none. Content with what JSON forbids
 * in a string (control characters, unknown escapes) is kept, so the parser still rejects it.
 */
function withoutLongStrings(text: string): ShortText | undefined {
  const pieces: string[] = [];
  const cuts: ShortText['cuts'] = [];
  let from = 0;
  let shortLength = 0;
  for (let open = text.indexOf('"'); open >= 0; ) {
    let close = open + 1;
    for (;;) {
      close = text.indexOf('"', close);
      if (close < 0) break;
      let b = close - 1;
      while (text.charCodeAt(b) === 92 /* \ */) b--;
      if ((close - 1 - b) % 2 === 0) break; // not escaped
      close++;
    }
    if (close < 0) break; // unterminated: the parser reports it
    const removed = close - open - 1;
    if (removed > LONG_STRING) {
      const content = text.slice(open + 1, close);
      const bad = /[\u0000-\u001f]/.test(content) || (content.includes('\\') && /(?:^|[^\\])(?:\\\\)*\\[^"\\/bfnrtu]/.test(content));
      if (!bad) {
        const piece = text.slice(from, open + 1);
        pieces.push(piece);
        shortLength += piece.length;
        cuts.push({ at: shortLength, removed });
        from = close;
      }
    }
    open = text.indexOf('"', close + 1);
  }
  if (!cuts.length) return undefined;
  pieces.push(text.slice(from));
  return { text: pieces.join(''), cuts };
}

/** Every node's offsets from the short text back to the original one. */
function toOriginal(root: Node, cuts: ShortText['cuts']): void {
  // Shift of a short-text offset: all the content removed at or before it.
  const shift = (o: number): number => {
    let lo = 0;
    let hi = cuts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cuts[mid].at <= o) lo = mid + 1;
      else hi = mid;
    }
    return lo ? cutTotals[lo - 1] : 0;
  };
  const cutTotals: number[] = [];
  cuts.reduce((sum, c, i) => (cutTotals[i] = sum + c.removed), 0);
  const visit = (n: Node): void => {
    const start = n.offset + shift(n.offset);
    // The end of a cut string lies past its cut (at its closing quote): it takes the shift.
    const end = n.offset + n.length + shift(n.offset + n.length - 1);
    const m = n as { offset: number; length: number; colonOffset?: number };
    m.offset = start;
    m.length = end - start;
    if (m.colonOffset !== undefined) m.colonOffset += shift(m.colonOffset);
    n.children?.forEach(visit);
  };
  visit(root);
}

/** The `source` values (and their string parts) of every cell. */
function sourceNodes(root: Node): Node[] {
  const cells = propOf(root, 'cells');
  return (cells?.children ?? []).flatMap((c) => {
    const src = propOf(c, 'source');
    return src ? [src, ...(src.children ?? [])] : [];
  });
}

function propOf(n: Node | undefined, key: string): Node | undefined {
  return n?.type === 'object' ? n.children?.find((c) => c.children?.[0]?.value === key)?.children?.[1] : undefined;
}

/** The code cells, as the program builder takes them. */
export function codeCells(nb: Ipynb): CellInput[] {
  return nb.cells.filter((c) => c.kind === 'code').map((c) => ({ index: c.index, source: c.source }));
}

/** Offset in the file of character `character` of a decoded JSON string token's content. */
function rawOffset(text: string, token: Node, character: number): number {
  let i = token.offset + 1; // past the opening quote
  const end = token.offset + token.length - 1;
  for (let decoded = 0; decoded < character && i < end; decoded++) {
    if (text.charCodeAt(i) === 92 /* \ */) i += text.charCodeAt(i + 1) === 117 /* u */ ? 6 : 2;
    else i++;
  }
  return i;
}

/** File position of a position inside a cell's source. */
export function cellToFile(nb: Ipynb, cellIndex: number, pos: Position): Position {
  const cell = nb.cells.find((c) => c.index === cellIndex);
  if (!cell) return { line: 0, character: 0 };
  if (!cell.parts.length) return nb.lines.position(rawOffset(nb.text, cell.node, offsetIn(cell.source, pos)));
  // Array form: line l of the cell is (nearly always) element l; walk the elements to be exact.
  let line = 0;
  for (const p of cell.parts) {
    const s = String(p.value);
    const breaks = s.split('\n').length - 1;
    // "abc\n" holds one line: the empty text after its break starts the next string.
    const last = s.endsWith('\n') ? line + breaks - 1 : line + breaks;
    if (pos.line <= last) {
      const before = pos.line === line ? 0 : s.split('\n').slice(0, pos.line - line).join('\n').length + 1;
      return nb.lines.position(rawOffset(nb.text, p, before + pos.character));
    }
    line += breaks;
  }
  const last = cell.parts[cell.parts.length - 1];
  return last ? nb.lines.position(last.offset + last.length - 1) : nb.lines.position(cell.node.offset);
}

export function cellRangeToFile(nb: Ipynb, cellIndex: number, r: Range): Range {
  return { start: cellToFile(nb, cellIndex, r.start), end: cellToFile(nb, cellIndex, r.end) };
}

function offsetIn(source: string, pos: Position): number {
  const lines = source.split('\n');
  let o = 0;
  for (let i = 0; i < pos.line && i < lines.length; i++) o += lines[i].length + 1;
  return Math.min(source.length, o + pos.character);
}

/**
 * File edits that turn a cell's source into the result of `edits` (cell coordinates): only the
 * source strings whose lines change are rewritten, in nbformat's own layout (one string per line,
 * the separator and indentation the file already uses).
 */
export function cellEditsToFile(nb: Ipynb, cellIndex: number, edits: readonly TextEdit[]): TextEdit[] {
  const cell = nb.cells.find((c) => c.index === cellIndex);
  if (!cell) return [];
  const next = applyCellEdits(cell.source, edits);
  if (next === cell.source) return [];
  if (!cell.parts.length) return [{ range: nb.lines.range(cell.node.offset, cell.node.offset + cell.node.length), newText: JSON.stringify(next) }];
  const before = cell.parts.map((p) => String(p.value));
  const after = splitKeepingBreaks(next);
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  const replaced = cell.parts.slice(head, before.length - tail);
  const added = after.slice(head, after.length - tail);
  const sep = separatorOf(nb, cell);
  const text = added.map((s) => JSON.stringify(s)).join(sep);
  if (replaced.length) {
    const from = replaced[0].offset;
    const to = replaced[replaced.length - 1].offset + replaced[replaced.length - 1].length;
    if (added.length) return [{ range: nb.lines.range(from, to), newText: text }];
    // Lines removed: take a separator with them.
    const prev = cell.parts[head - 1];
    const start = prev ? prev.offset + prev.length : from;
    const end = prev ? to : (cell.parts[head + replaced.length]?.offset ?? to);
    return [{ range: nb.lines.range(start, end), newText: '' }];
  }
  // Lines inserted between two unchanged ones (or at an end).
  const prev = cell.parts[head - 1];
  if (prev) {
    const at = prev.offset + prev.length;
    return [{ range: nb.lines.range(at, at), newText: sep + text }];
  }
  const first = cell.parts[0];
  if (first) return [{ range: nb.lines.range(first.offset, first.offset), newText: text + sep }];
  return [{ range: nb.lines.range(cell.node.offset, cell.node.offset + cell.node.length), newText: `[${JSON.stringify(next)}]` }];
}

/** nbformat's array form: each line keeps its `\n`, the last line has none. */
function splitKeepingBreaks(s: string): string[] {
  const out: string[] = [];
  let at = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\n') {
      out.push(s.slice(at, i + 1));
      at = i + 1;
    }
  }
  if (at < s.length) out.push(s.slice(at));
  return out;
}

/** The text between two source strings in this file (`,\n    `), or the usual one. */
function separatorOf(nb: Ipynb, cell: IpynbCell): string {
  const [a, b] = cell.parts;
  if (a && b) return nb.text.slice(a.offset + a.length, b.offset);
  const line = nb.lines.position(cell.node.offset).line;
  const indent = /^\s*/.exec(nb.lines.lineText(line))?.[0] ?? '';
  return `,\n${indent} `;
}

// A notebook's code cells as one Python program, in order, with a map back to (cell, line). The
// engine analyses the program like a script; findings, lenses and fix edits are mapped back to the
// cells. IPython syntax that is not Python (`%pip`, `!nvidia-smi`, `%%bash` cells) becomes comments
// of the same length, so columns stay where they were and the parser never sees it.
import { applyTextEdits } from '../fixAll';
import type { Position, Range, TextEdit } from '../types';

export interface CellInput {
  /** Index of the cell among all cells of the notebook (markdown and raw included), 0-based. */
  index: number;
  /** The cell's source text, as the notebook holds it. */
  source: string;
}

export interface CellPosition {
  /** Notebook cell index (0-based, all cells counted). */
  cell: number;
  position: Position;
}

export interface NotebookProgram {
  text: string;
  cells: readonly CellInput[];
  /** Program line where each code cell (same order as `cells`) starts. */
  starts: readonly number[];
}

/** Cell magics whose body is still Python: only their first line is IPython syntax. */
const PYTHON_CELL_MAGICS = new Set(['time', 'timeit', 'capture', 'prun', 'debug', 'memit', 'snakeviz', 'tensorboard']);

export function notebookProgram(cells: readonly CellInput[]): NotebookProgram {
  const parts: string[] = [];
  const starts: number[] = [];
  let line = 0;
  for (const c of cells) {
    starts.push(line);
    const lines = c.source.split(/\r?\n/);
    parts.push(neutralise(lines).join('\n'));
    line += lines.length;
  }
  return { text: parts.join('\n'), cells, starts };
}

/** `%magic` / `!shell` lines, and whole non-Python cell magics, as same-length comments. */
function neutralise(lines: string[]): string[] {
  const first = lines.find((l) => l.trim() !== '') ?? '';
  const cellMagic = /^\s*%%(\w+)/.exec(first);
  if (cellMagic && !PYTHON_CELL_MAGICS.has(cellMagic[1])) return lines.map(comment);
  return lines.map((l) => (/^\s*[%!]/.test(l) || /^\s*\w+\s*=\s*[!%]/.test(l) ? comment(l) : l));
}

/** The first non-blank character becomes `#`: a comment, same length, same columns. */
function comment(l: string): string {
  const i = l.search(/\S/);
  return i < 0 ? l : `${l.slice(0, i)}#${l.slice(i + 1)}`;
}

/** Which code cell (position in `cells`) holds program line `line`. */
function slotOf(p: NotebookProgram, line: number): number {
  let lo = 0;
  let hi = p.starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (p.starts[mid] <= line) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function toCell(p: NotebookProgram, pos: Position): CellPosition | undefined {
  if (!p.cells.length) return undefined;
  const slot = slotOf(p, pos.line);
  return { cell: p.cells[slot].index, position: { line: pos.line - p.starts[slot], character: pos.character } };
}

/** A program range inside one cell, in that cell's coordinates; undefined when it spans cells. */
export function rangeToCell(p: NotebookProgram, r: Range): { cell: number; range: Range } | undefined {
  const s = toCell(p, r.start);
  const e = toCell(p, r.end);
  if (!s || !e) return undefined;
  if (s.cell !== e.cell) {
    // A range that ends at column 0 of the next cell's first line ends at the end of this cell.
    const slot = slotOf(p, r.start.line);
    const lines = p.cells[slot].source.split(/\r?\n/);
    if (e.position.line === 0 && e.position.character === 0 && slotOf(p, r.end.line) === slot + 1) {
      return { cell: s.cell, range: { start: s.position, end: { line: lines.length - 1, character: lines[lines.length - 1].length } } };
    }
    return undefined;
  }
  return { cell: s.cell, range: { start: s.position, end: e.position } };
}

/** Program position of a cell position (the inverse of toCell). */
export function fromCell(p: NotebookProgram, cell: number, pos: Position): Position | undefined {
  const slot = p.cells.findIndex((c) => c.index === cell);
  return slot < 0 ? undefined : { line: p.starts[slot] + pos.line, character: pos.character };
}

/**
 * A fix's program edits as edits per cell, in cell coordinates. Undefined when an edit crosses a
 * cell boundary: such a fix is not offered rather than applied to the wrong cell.
 */
export function editsByCell(p: NotebookProgram, edits: readonly TextEdit[]): Map<number, TextEdit[]> | undefined {
  const out = new Map<number, TextEdit[]>();
  for (const e of edits) {
    const c = rangeToCell(p, e.range);
    if (!c) return undefined;
    const list = out.get(c.cell) ?? [];
    list.push({ range: c.range, newText: e.newText });
    out.set(c.cell, list);
  }
  return out;
}

/** Applies cell-coordinate edits to a cell's source (LSP order: same-position inserts in array order). */
export function applyCellEdits(source: string, edits: readonly TextEdit[]): string {
  return applyTextEdits(source, edits);
}

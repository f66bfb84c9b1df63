// Edits to launched command lines (SkyPilot `run:`, a Kubernetes `bash -c` script, argv items),
// from the ranges the launcher parser gives each word and flag. Every edit first checks that the
// file holds the text the parser read there: quoted YAML scalars with escapes only have
// approximate positions, and such a command is then left alone.

import type { LineIndex } from '../formats/lineIndex';
import type { Flag, Invocation } from '../dialects/launch';
import type { Range, TextEdit } from '../types';

export interface FileText {
  text: string;
  lines: LineIndex;
}

function slice(f: FileText, r: Range): { start: number; end: number; raw: string } {
  const start = f.lines.offset(r.start);
  const end = f.lines.offset(r.end);
  return { start, end, raw: f.text.slice(start, end) };
}

const TRUE_OF: Record<string, string> = { false: 'true', no: 'yes', off: 'on', '0': '1', none: 'true' };

/** Keeps the case the value was written in (`False` -> `True`, `FALSE` -> `TRUE`). */
function sameCase(written: string, word: string): string {
  if (written === written.toUpperCase() && /[A-Z]/.test(written)) return word.toUpperCase();
  if (written[0] === written[0].toUpperCase() && /[A-Z]/.test(written[0])) return word[0].toUpperCase() + word.slice(1);
  return word;
}

/** `--bf16 False` / `--bf16=false` -> true, in the spelling the file uses. */
export function flipToTrue(f: FileText, flag: Flag): TextEdit | undefined {
  if (!flag.valueRange || flag.value === undefined) return undefined;
  const { start, raw } = slice(f, flag.valueRange);
  const m = /(false|no|off|0|none)(["']?)$/i.exec(raw);
  if (!m || m[1].toLowerCase() !== flag.value.trim().toLowerCase()) return undefined;
  const at = start + m.index;
  return { range: f.lines.range(at, at + m[1].length), newText: sameCase(m[1], TRUE_OF[m[1].toLowerCase()]) };
}

/** Replaces `find` (once, the last occurrence) inside `range` with `replacement`. */
export function replaceWithin(f: FileText, range: Range, find: string, replacement: string): TextEdit | undefined {
  const { start, raw } = slice(f, range);
  const i = raw.lastIndexOf(find);
  if (i < 0 || !find) return undefined;
  return { range: f.lines.range(start + i, start + i + find.length), newText: replacement };
}

/** Sets a flag's numeric value (`--nproc_per_node 8` -> `1`). */
export function setFlagNumber(f: FileText, flag: Flag, n: number): TextEdit | undefined {
  if (!flag.valueRange || flag.value === undefined || !/^\d+$/.test(flag.value.trim())) return undefined;
  return replaceWithin(f, flag.valueRange, flag.value.trim(), String(n));
}

/** Sets a path-valued flag (`--output_dir ./out`) to `path`, quotes kept. */
export function setFlagValue(f: FileText, flag: Flag, value: string): TextEdit | undefined {
  if (!flag.valueRange || !flag.value) return undefined;
  return replaceWithin(f, flag.valueRange, flag.value, value);
}

/**
 * Adds `flag` to a command written as shell text: right after the script token (so pipes,
 * redirections and `&&` after the command are never in the way), else after the last word.
 * A command written one option per line with `\` continuations gets its own line (one per flag,
 * when `flag` lists several).
 */
export function addFlag(f: FileText, inv: Invocation, flag: string | string[]): TextEdit | undefined {
  const flags = Array.isArray(flag) ? flag : [flag];
  const anchor = inv.scriptRange ?? inv.range;
  const { end, raw } = slice(f, anchor);
  if (inv.script !== undefined && raw.replace(/^["']|["']$/g, '') !== inv.script && !raw.includes(inv.script)) return undefined;
  const whole = slice(f, inv.range).raw;
  const after = f.text.slice(end, f.lines.lineEnd(f.lines.position(end).line));
  // One option per line: the script's line ends in a continuation (and the next line holds options).
  if (/^\s*\\$/.test(after) && /\\\r?\n/.test(whole)) {
    const eol = /\r\n/.test(f.text) ? '\r\n' : '\n';
    const nextLine = f.lines.position(end).line + 1;
    const indent = /^[ \t]*/.exec(f.lines.lineText(nextLine))![0];
    const lineEnd = f.lines.lineEnd(f.lines.position(end).line);
    return { range: f.lines.range(lineEnd, lineEnd), newText: flags.map((x) => `${eol}${indent}${x} \\`).join('') };
  }
  return { range: f.lines.range(end, end), newText: ` ${flags.join(' ')}` };
}

/** `.csv` (optionally compressed) -> `.parquet` at the end of a path; undefined when it has no such ending. */
export function parquetPath(path: string): string | undefined {
  const m = /\.(csv|tsv)(\.(gz|bz2|xz|zst|zip))?$/i.exec(path);
  return m ? path.slice(0, m.index) + '.parquet' : undefined;
}

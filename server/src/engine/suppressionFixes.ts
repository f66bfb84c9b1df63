import { linesMentioning } from './mlcostLines';
import type { Finding, FormatKind, Fix, TextEdit } from './types';

// The two "ignore" fixes every finding gets: a line directive and a file directive, written in the
// syntax suppressions.ts reads. Plain JSON holds no comments: it gets none here (the LSP offers a
// `.mlcost.yaml` entry instead, which is another file and so not the engine's business).

/** How comments are written in the analysed file, or undefined when it cannot hold any. */
export type CommentStyle = '#' | '//';

/**
 * `#` for YAML and Python; `//` for JSONC (a `.jsonc` file, the `jsonc` language id, or a `.json`
 * file that already has `//` comments, which its reader evidently accepts). Plain JSON: none, since
 * `json.load` (DeepSpeed, HF) rejects comments.
 */
export function commentStyleOf(format: FormatKind, path: string, text: string, languageId?: string): CommentStyle | undefined {
  if (format === 'typescript') return '//';
  if (format !== 'json') return '#';
  if (languageId === 'jsonc' || /\.jsonc$/i.test(path)) return '//';
  return /^\s*\/\//m.test(text) ? '//' : undefined;
}

const LINE_DIRECTIVE = /(#|\/\/)\s*mlcost:\s*ignore\b(?!-)(\[([^\]]*)\])?/;
const FILE_DIRECTIVE = /(#|\/\/)\s*mlcost:\s*ignore-file\b(\[([^\]]*)\])?/;

export function suppressionFixes(finding: Pick<Finding, 'rule' | 'range'>, text: string, style: CommentStyle): Fix[] {
  return suppressionFixer(text, style)(finding);
}

/**
 * The "ignore" fixes for every finding of one text. The line split, the line ending and the
 * `ignore-file` scan are done once, on the first finding, and shared: per finding they made the
 * cost findings × lines (bench/RESULTS.md, 10,000-line YAML).
 */
export function suppressionFixer(text: string, style: CommentStyle): (finding: Pick<Finding, 'rule' | 'range'>) => Fix[] {
  let index: TextIndex | undefined;
  return (finding) => {
    index ??= indexText(text, style);
    const out: Fix[] = [];
    const line = lineIgnore(finding.rule, finding.range.start.line, index, style);
    if (line) out.push({ title: `Ignore ${finding.rule} on this line`, edits: [line], safe: false });
    const file = fileIgnore(finding.rule, index, style);
    if (file) out.push({ title: `Ignore ${finding.rule} in this file`, edits: [file], safe: false });
    return out;
  };
}

/** What the fixes read from the text, independent of the finding. */
interface TextIndex {
  /** Line `i` as `text.split('\n')` gives it, without a trailing `\r`. */
  line(i: number): string | undefined;
  lineCount: number;
  eol: string;
  /** The first line holding an `ignore-file` directive in this style, or -1. */
  fileDirectiveLine: number;
}

function indexText(text: string, style: CommentStyle): TextIndex {
  // Line starts rather than split lines: only a few lines are ever read.
  const starts = [0];
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) starts.push(nl + 1);
  const line = (i: number): string | undefined => {
    if (i < 0 || i >= starts.length) return undefined;
    const end = i + 1 < starts.length ? starts[i + 1] - 1 : text.length;
    return text.slice(starts[i], end).replace(/\r$/, '');
  };
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let fileDirectiveLine = -1;
  for (const { line: i, text: raw } of linesMentioning(text)) {
    const l = raw.replace(/\r$/, '');
    if (!l.trimStart().startsWith(style) || !FILE_DIRECTIVE.test(l)) continue;
    fileDirectiveLine = i;
    break;
  }
  return { line, lineCount: starts.length, eol, fileDirectiveLine };
}

/** Adds `rule` to the `[...]` list of a directive found on `lineNo`, if the line has one. */
function mergeInto(lineNo: number, text: string, rule: string, re: RegExp, style: CommentStyle): TextEdit | undefined {
  const m = re.exec(text);
  if (!m || m[1] !== style) return undefined;
  if (m[2] === undefined) return undefined; // a bare directive already covers every rule
  const listed = m[3].split(',').map((r) => r.trim());
  if (listed.includes(rule)) return undefined;
  const close = m.index + m[0].length - 1; // the `]`
  const sep = m[3].trim() ? ', ' : '';
  return { range: { start: { line: lineNo, character: close }, end: { line: lineNo, character: close } }, newText: `${sep}${rule}` };
}

function lineIgnore(rule: string, lineNo: number, index: TextIndex, style: CommentStyle): TextEdit | undefined {
  const { eol } = index;
  const text = index.line(lineNo);
  if (text === undefined) return undefined;
  // An existing directive on the finding's line, or alone on the line above, takes the rule.
  const onLine = mergeInto(lineNo, text, rule, LINE_DIRECTIVE, style);
  if (onLine) return onLine;
  const above = lineNo > 0 ? index.line(lineNo - 1) : undefined;
  if (above !== undefined && above.trimStart().startsWith(style)) {
    const merged = mergeInto(lineNo - 1, above, rule, LINE_DIRECTIVE, style);
    if (merged) return merged;
  }
  const directive = `${style} mlcost: ignore[${rule}]`;
  // After a `\` continuation (Python, a shell command in a launcher's `run:`) a comment line would
  // end the statement: comment at the end instead. Mid-continuation, where the line goes on with
  // `\` too, a comment anywhere on it or above it would cut the command: no line directive then.
  if (above !== undefined && /\\$/.test(above) && /\\$/.test(text)) return undefined;
  if (above !== undefined && /\\$/.test(above) && !/\\$/.test(text)) {
    const end = { line: lineNo, character: text.length };
    return { range: { start: end, end }, newText: `  ${directive}` };
  }
  const indent = /^[ \t]*/.exec(text)?.[0] ?? '';
  const at = { line: lineNo, character: 0 };
  return { range: { start: at, end: at }, newText: `${indent}${directive}${eol}` };
}

function fileIgnore(rule: string, index: TextIndex, style: CommentStyle): TextEdit | undefined {
  const { eol, fileDirectiveLine, lineCount } = index;
  if (fileDirectiveLine >= 0) return mergeInto(fileDirectiveLine, index.line(fileDirectiveLine) ?? '', rule, FILE_DIRECTIVE, style);
  let at = 0;
  // Keep a shebang, a Python encoding line and a YAML `%` directive / `---` start marker first.
  while (at < lineCount && at < 3) {
    const l = index.line(at) ?? '';
    const first = at === 0 && l.startsWith('#!');
    const encoding = style === '#' && at < 2 && /^#.*coding[:=]/.test(l);
    const yamlStart = style === '#' && (/^%/.test(l) || /^---\s*$/.test(l));
    if (!first && !encoding && !yamlStart) break;
    at++;
    if (/^---\s*$/.test(l)) break;
  }
  const pos = { line: at, character: 0 };
  if (at >= lineCount) {
    // The file ends before the insertion point: put a line break first.
    const last = lineCount - 1;
    const end = { line: last, character: (index.line(last) ?? '').length };
    return { range: { start: end, end }, newText: `${eol}${style} mlcost: ignore-file[${rule}]` };
  }
  return { range: { start: pos, end: pos }, newText: `${style} mlcost: ignore-file[${rule}]${eol}` };
}

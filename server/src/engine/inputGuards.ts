import { MAX_FILE_BYTES } from './fileAccess';
import type { FormatKind } from './types';

// Input no training config looks like, refused before a parser sees it: the YAML parser can
// exhaust the stack or the regexp engine on pathological nesting (a 10,000-deep block sequence
// after a deep flow collection aborted Node itself), and runs of brackets or quotes on one huge
// line take seconds. Real configs nest a few dozen levels at most.

/** Deeper than this is not a hand-written config. */
export const MAX_NESTING = 400;
/** A YAML line this long made mostly of brackets/quotes parses in seconds, not milliseconds. */
const LONG_LINE = 64 * 1024;

export function inputProblem(text: string, format?: FormatKind): string | undefined {
  if (text.length > MAX_FILE_BYTES) return `file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`;
  const head = text.slice(0, 8192);
  if (head.includes('\0')) return 'file looks binary (NUL bytes)';
  const bad = (head.match(/\uFFFD/g) ?? []).length;
  if (bad > 8 && bad > head.length / 100) return 'file is not valid UTF-8 text';
  // HCL and TypeScript parsers recurse per nesting level too (the TypeScript one on the JS stack).
  if (format === 'yaml' || format === 'json' || format === 'hcl' || format === 'typescript') {
    const nesting = nestingProblem(text);
    if (nesting) return nesting;
  }
  if (format === 'yaml') return yamlLineProblem(text);
  if (format === 'hcl' || format === 'typescript' || format === 'shell') return longLineProblem(text);
  return undefined;
}

/** Bracket nesting deeper than any config (the parsers recurse per level and would overflow the stack). */
export function nestingProblem(text: string): string | undefined {
  const depth = bracketDepth(text);
  return depth > MAX_NESTING ? `nesting is ${depth} levels deep (more than ${MAX_NESTING}); not analysed` : undefined;
}

/** Maximum [ / { depth outside quoted strings (a close enough reading for a guard). */
function bracketDepth(text: string): number {
  // Char codes, not one-character strings: this runs on every YAML/JSON analysis, whole text.
  const QUOTE = 34, BACKSLASH = 92, NL = 10, OPEN_SQ = 91, OPEN_CURLY = 123, CLOSE_SQ = 93, CLOSE_CURLY = 125;
  let depth = 0;
  let max = 0;
  let inQuote = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inQuote) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE || c === NL) inQuote = false;
      continue;
    }
    if (c === QUOTE) inQuote = true;
    else if (c === OPEN_SQ || c === OPEN_CURLY) {
      if (++depth > max) max = depth;
    } else if ((c === CLOSE_SQ || c === CLOSE_CURLY) && depth > 0) depth--;
  }
  return max;
}

/** Block nesting written on one line (`- - - - x`) or by indentation, and huge bracket/quote lines. */
function yamlLineProblem(text: string): string | undefined {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const len = end - start;
    let i = start;
    let levels = 0;
    while (i < end && (text[i] === ' ' || text[i] === '\t')) i++;
    const indent = i - start;
    while (i + 1 < end && text[i] === '-' && (text[i + 1] === ' ' || text[i + 1] === '\t')) {
      levels++;
      i += 2;
      while (i < end && text[i] === ' ') i++;
    }
    if (levels > MAX_NESTING || indent > MAX_NESTING * 4) return `block nesting deeper than ${MAX_NESTING} levels; not analysed`;
    if (len > LONG_LINE && punctuationShare(text, start, end) > 0.1) return `line ${lineNumber(text, start)} is ${len} characters of mostly brackets or quotes; not analysed`;
    start = end + 1;
  }
  return undefined;
}

function punctuationShare(text: string, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) if ('[]{}"\','.includes(text[i])) n++;
  return n / (end - start);
}

function lineNumber(text: string, offset: number): number {
  let n = 1;
  for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * Infrastructure code is written by hand: a 4 KB line is generated or minified, never a stack, and
 * the TypeScript parser (through ts-morph) spent 6 s on one 16 KB line of chained property accesses.
 */
const IAC_LONG_LINE = 4096;

function longLineProblem(text: string): string | undefined {
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end - start > IAC_LONG_LINE) return `line ${lineNumber(text, start)} is ${end - start} characters long (generated or minified code); not analysed`;
    start = end + 1;
  }
  return undefined;
}

import type { LineIndex } from '../../formats/lineIndex';
import type { Range } from '../../types';
import { buildInvocation } from './argv';
import { splitCommands, substituteVars, type ShellWord } from './shell';
import type { Arg, Invocation } from './types';

export interface ParseOptions {
  /** Known variables (SkyPilot `envs:`): `$NAME` / `${NAME}` in words are replaced by their value. */
  env?: ReadonlyMap<string, string>;
  /** Plain and folded YAML scalars: a line break is a space, not the end of a command. */
  newlineIsSpace?: boolean;
}

const MAX_NESTING = 3;

/**
 * Parses shell text (a SkyPilot `run:` block, a `bash -c` string) into the commands it runs.
 * `offset` is the file offset of `text[0]`, so every range points into the analysed file.
 * `export X=1` and `X=1` lines update the variables later commands see.
 */
export function parseCommands(text: string, offset: number, lines: LineIndex, opts: ParseOptions = {}): Invocation[] {
  return parseShell(text, (s, e) => lines.range(offset + s, offset + e), opts, 0);
}

/** Same from an argv already split (Kubernetes `command:` + `args:`), each item with its range. */
export function parseArgv(items: { text: string; range: Range }[], opts: ParseOptions = {}): Invocation[] {
  return fromArgs(items.map((a) => ({ text: opts.env ? substituteVars(a.text, opts.env) : a.text, range: a.range })), opts, 0);
}

function parseShell(text: string, rangeOf: (start: number, end: number) => Range, opts: ParseOptions, depth: number, background = false): Invocation[] {
  const env = new Map(opts.env ?? []);
  const out: Invocation[] = [];
  for (const words of splitCommands(text, { newlineIsSpace: opts.newlineIsSpace })) {
    recordAssignments(words, env);
    const args = words.flatMap((w) => expand(w, env, rangeOf(w.start, w.end)));
    const invs = fromArgs(args, { ...opts, env }, depth, background || !!words.background);
    if (background || words.background) for (const inv of invs) inv.background = true;
    out.push(...invs);
  }
  return out;
}

function fromArgs(args: Arg[], opts: ParseOptions, depth: number, background = false): Invocation[] {
  if (!args.length) return [];
  const built = buildInvocation(args);
  if (!built) return [];
  if ('invocation' in built) return [built.invocation];
  if (depth >= MAX_NESTING) return [];
  // `bash -c "..."`: positions inside the string are not tracked, every range is the string's.
  const whole = built.shell.range;
  return parseShell(built.shell.text, () => whole, { env: opts.env }, depth + 1, background);
}

/**
 * A word with its known variables substituted. Unquoted, the shell splits an expansion at
 * whitespace and drops an empty one (`srun $SRUN_ARGS python ...`, `$AUTO_RESUME` set to ""): so
 * does this, every part keeping the word's range.
 */
function expand(w: ShellWord, env: ReadonlyMap<string, string>, range: Range): Arg[] {
  const array = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\[[@*]\]\}$/.exec(w.text);
  const elements = array ? env.get(`${array[1]}[@]`) : undefined;
  if (elements !== undefined) return elements.split(ARRAY_SEP).filter(Boolean).map((t) => ({ text: t, range }));
  const text = substituteVars(w.text, env);
  if (w.quoted || text === w.text || !/^\s*$|\s/.test(text)) return [{ text, range }];
  return fields(text).map((t) => ({ text: t, range }));
}

/** Splits at whitespace outside `$(...)`, `$((...))` and backticks (left unevaluated, spaces and all). */
function fields(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  let tick = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '`') tick = !tick;
    else if (c === '$' && text[i + 1] === '(') {
      depth++;
      cur += c + text[++i];
      continue;
    } else if (c === '(' && depth > 0) depth++;
    else if (c === ')' && depth > 0) depth--;
    if (/\s/.test(c) && depth === 0 && !tick) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur) out.push(cur);
  return out;
}

/** `export A=1 B=2` and a bare `A=1` set variables for the commands after them. */
function recordAssignments(words: ShellWord[], env: Map<string, string>): void {
  const declares = DECLARE.has(words[0]?.text ?? '');
  const list = declares ? words.slice(1) : words;
  if (!list.length || !list.every((w) => /^[A-Za-z_][A-Za-z0-9_]*=/.test(w.text) || (declares && w.text.startsWith('-')))) return;
  for (const w of list) {
    const eq = w.text.indexOf('=');
    if (eq <= 0) continue;
    const name = w.text.slice(0, eq);
    const value = w.text.slice(eq + 1);
    // An array (`ARGS=(--a 1 --b 2)`): `"${ARGS[@]}"` expands to its elements.
    if (!w.quoted && value.startsWith('(') && value.endsWith(')')) env.set(`${name}[@]`, splitCommands(value.slice(1, -1), { newlineIsSpace: true }).flat().map((e) => substituteVars(e.text, env)).join(ARRAY_SEP));
    else env.set(name, substituteVars(value, env));
  }
}

const DECLARE = new Set(['export', 'declare', 'typeset', 'local', 'readonly']);
/** Joins an array's elements in the variable table (no shell word contains it). */
const ARRAY_SEP = '\u0000';

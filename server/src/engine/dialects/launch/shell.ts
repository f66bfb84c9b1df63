// A small POSIX-shell word splitter: enough to find the commands a `run:` block or a `bash -c`
// string launches, with the offset of every word so findings can sit on a flag. It does not
// evaluate anything: `$VAR` stays as written (the caller may substitute known values), command
// substitutions and redirections are kept out of the argument lists.

/** One shell word, unquoted; `start`/`end` are offsets in the text handed to `splitCommands`. */
export interface ShellWord {
  text: string;
  start: number;
  end: number;
  /** True when any part of the word was quoted (so `if`, `X=1` in quotes are not keywords). */
  quoted: boolean;
}

export interface SplitOptions {
  /** Plain and folded YAML scalars fold line breaks into spaces: then `\n` does not end a command. */
  newlineIsSpace?: boolean;
}

const OPERATOR = new Set([';', '&', '|', '(', ')']);

/** One command's words; `background` when it runs behind a single `&`, alone or inside a loop or
 *  subshell that does (`while true; do aws s3 sync …; sleep 600; done &`). */
export type ShellCommand = ShellWord[] & { background?: boolean };

/** Splits shell text into commands (lists of words), at newlines, `;`, `&&`, `||`, `|`, `&`. */
export function splitCommands(text: string, opts: SplitOptions = {}): ShellCommand[] {
  const commands: ShellCommand[] = [];
  // Command indices where open loops (`while`/`until`/`for` … `done`) and subshells start, and the
  // span of the last command, loop or subshell that ended: a `&` after it backgrounds all of it.
  const loops: number[] = [];
  const groups: number[] = [];
  let lastUnit: [number, number] | undefined;
  let cmd: ShellWord[] = [];
  let word: ShellWord | undefined;
  let pendingHeredoc: string | undefined;
  let dropNextWord = false; // the target of a redirection is no argument

  const endWord = () => {
    if (!word) return;
    if (dropNextWord) dropNextWord = false;
    else cmd.push(word);
    word = undefined;
  };
  const endCommand = () => {
    endWord();
    dropNextWord = false;
    if (cmd.length) {
      commands.push(cmd);
      const k = commands.length - 1;
      const head = cmd[0].quoted ? '' : cmd[0].text;
      if (head === 'while' || head === 'until' || head === 'for') loops.push(k);
      lastUnit = head === 'done' && loops.length ? [loops.pop()!, k] : [k, k];
    }
    cmd = [];
  };
  const at = (i: number): ShellWord => (word ??= { text: '', start: i, end: i, quoted: false });

  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n'))) {
      i += text[i + 1] === '\n' ? 2 : 3; // line continuation
      continue;
    }
    if (c === '\n') {
      if (opts.newlineIsSpace) endWord();
      else endCommand();
      i++;
      if (pendingHeredoc !== undefined) {
        i = skipHeredoc(text, i, pendingHeredoc);
        pendingHeredoc = undefined;
      }
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      i++;
      continue;
    }
    if (c === '#' && !word) {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === '>' || c === '<' || (c === '&' && text[i + 1] === '>')) {
      // `2>&1`, `> log`, `&> out`, `<<EOF`: the fd number before it belongs to the operator.
      if (word && /^\d+$/.test(word.text) && !word.quoted) word = undefined;
      else endWord();
      const heredoc = text.startsWith('<<', i) && text[i + 2] !== '<';
      let j = i + 1;
      while (j < text.length && '<>&-|'.includes(text[j]) && j - i < 3) j++;
      const op = text.slice(i, j);
      i = j;
      if (/&\d*$/.test(op) && /[0-9-]/.test(text[i] ?? '')) {
        while (i < text.length && /[0-9-]/.test(text[i])) i++; // `>&2`
        continue;
      }
      if (heredoc) {
        while (text[i] === ' ' || text[i] === '\t') i++;
        let delim = '';
        while (i < text.length && !/[\s;&|<>()]/.test(text[i])) delim += text[i++];
        pendingHeredoc = delim.replace(/['"\\]/g, '');
        continue;
      }
      dropNextWord = true;
      continue;
    }
    if (c === '(' && word && !word.quoted && /^[A-Za-z_][A-Za-z0-9_]*\+?=$/.test(word.text)) {
      // `ARGS=( --a 1 --b 2 )`, `declare -a ARGS=(...)`: an array literal is one word, its comments dropped.
      const stop = arrayEnd(text, i + 1);
      word.text += '(' + stripComments(text.slice(i + 1, stop)) + ')';
      i = Math.min(stop + 1, text.length);
      word.end = i;
      continue;
    }
    if (OPERATOR.has(c)) {
      endCommand();
      if (c === '(') groups.push(commands.length);
      else if (c === ')' && groups.length) {
        const start = groups.pop()!;
        lastUnit = start < commands.length ? [start, commands.length - 1] : undefined;
      } else if (c === '&' && text[i + 1] !== '&' && lastUnit) {
        for (let k = lastUnit[0]; k <= lastUnit[1]; k++) commands[k].background = true;
        lastUnit = undefined;
      } else lastUnit = undefined;
      i++;
      while (i < text.length && (text[i] === c || (c === '|' && text[i] === '&'))) i++;
      continue;
    }
    const w = at(i);
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      const stop = close < 0 ? text.length : close;
      w.text += text.slice(i + 1, stop);
      w.quoted = true;
      i = stop + 1;
    } else if (c === '"') {
      i = readDoubleQuoted(text, i + 1, w);
      w.quoted = true;
    } else if (c === '\\') {
      w.text += text[i + 1] ?? '';
      i += 2;
    } else if (c === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
      const stop = matching(text, i + 1);
      w.text += text.slice(i, stop);
      i = stop;
    } else if (c === '`') {
      const close = text.indexOf('`', i + 1);
      const stop = close < 0 ? text.length : close + 1;
      w.text += text.slice(i, stop);
      i = stop;
    } else {
      w.text += c;
      i++;
    }
    w.end = Math.min(i, text.length);
  }
  endCommand();
  return commands;
}

function readDoubleQuoted(text: string, i: number, w: ShellWord): number {
  while (i < text.length && text[i] !== '"') {
    if (text[i] === '\\' && i + 1 < text.length) {
      const n = text[i + 1];
      if (n === '\n') {
        i += 2;
        continue;
      }
      w.text += '$`"\\'.includes(n) ? n : '\\' + n;
      i += 2;
    } else if (text[i] === '$' && text[i + 1] === '(') {
      const stop = matching(text, i + 1);
      w.text += text.slice(i, stop);
      i = stop;
    } else {
      w.text += text[i++];
    }
  }
  return i + 1;
}

/** Offset of the `)` closing an array literal whose body starts at `i` (quotes, `$(...)` and comments respected). */
function arrayEnd(text: string, i: number): number {
  while (i < text.length) {
    const ch = text[i];
    if (ch === ')') return i;
    if (ch === "'") {
      const close = text.indexOf("'", i + 1);
      i = close < 0 ? text.length : close + 1;
    } else if (ch === '"') {
      i = readDoubleQuoted(text, i + 1, { text: '', start: i, end: i, quoted: true });
    } else if (ch === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
      i = matching(text, i + 1);
    } else if (ch === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i < text.length && text[i] !== '\n') i++;
    } else i++;
  }
  return text.length;
}

/** Drops `# ...` comments (after whitespace, outside quotes) from an array literal's body. */
function stripComments(body: string): string {
  return splitCommands(body, { newlineIsSpace: true })
    .flat()
    .map((w) => (/[\s'"\\]/.test(w.text) ? `'${w.text.replace(/'/g, `'\\''`)}'` : w.text))
    .join(' ');
}

/** Offset just past the bracket closing the one at `open` (`(` or `{`), quotes respected. */
function matching(text: string, open: number): number {
  const o = text[open];
  const c = o === '(' ? ')' : '}';
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === "'" && o === '(') {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return text.length;
      i = close;
    } else if (ch === o) depth++;
    else if (ch === c && --depth === 0) return i + 1;
  }
  return text.length;
}

/** Skips the body of a here-document up to and including its delimiter line. */
function skipHeredoc(text: string, i: number, delim: string): number {
  while (i < text.length) {
    const nl = text.indexOf('\n', i);
    const line = text.slice(i, nl < 0 ? text.length : nl);
    i = nl < 0 ? text.length : nl + 1;
    if (line.trim() === delim) break;
  }
  return i;
}

/** Replaces `$NAME`, `${NAME}` and `${NAME:-default}` whose value is known; others stay. */
export function substituteVars(s: string, env: ReadonlyMap<string, string>): string {
  if (!s.includes('$')) return s;
  return s
    // Positional parameters (`${1:-mpt-7b}`) are the script's arguments, unknown here: their default is what runs without any.
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*|[1-9])(?::?[-=]([^}]*))?\}/g, (m, name: string, dflt?: string) => env.get(name) ?? dflt ?? m)
    .replace(/\$([A-Za-z_][A-Za-z0-9_]*)/g, (m, name: string) => env.get(name) ?? m);
}

/** Does the string still hold a variable or command substitution that could not be resolved? */
export function isUnresolved(s: string): boolean {
  return /\$[A-Za-z_{(]|`/.test(s);
}

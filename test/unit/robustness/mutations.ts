// Ways a config or script can arrive broken in an editor: half-typed, pasted garbage, mis-decoded,
// absurdly deep or long. Each mutation is deterministic given the PRNG.
import type { FormatKind } from '../../../server/src/engine/types';
import type { Prng } from './prng';

export const DEEP = 10_000;
export const LONG_LINE = 1024 * 1024;

export type MutationName = 'truncate' | 'splice-bytes' | 'duplicate-key' | 'deep-nesting' | 'invalid-utf8' | 'line-endings' | 'long-line';

type Mutation = (text: string, format: FormatKind, rnd: Prng) => string;

/** Offset of the start of a random line (0 for an empty text). */
function lineStart(text: string, rnd: Prng): number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return rnd.pick(starts);
}

function insertAt(text: string, at: number, piece: string): string {
  return text.slice(0, at) + piece + text.slice(at);
}

/** Characters a paste or a bad encoding can bring: controls, NUL, lone surrogates, BOM, quotes. */
const NASTY = ['\0', '\u0001', '\u001b', '\t', '\r', '\n', '\uFEFF', '\uFFFD', '\uD800', '\uDC00', '\u2028', '"', "'", ':', '{', '}', '[', ']', '#', '-', '|', '>', '&', '*', '!', '%', '@', '`', '\\', 'é', '😀'];

const mutations: Record<MutationName, Mutation> = {
  /** Cut anywhere, as an editor buffer is mid-typing. */
  truncate: (text, _f, rnd) => text.slice(0, rnd.int(text.length + 1)),

  /** Replace a short run with random characters, some of them hostile to parsers. */
  'splice-bytes': (text, _f, rnd) => {
    const at = rnd.int(text.length + 1);
    const drop = rnd.int(8);
    let piece = '';
    for (let n = 1 + rnd.int(16); n > 0; n--) piece += rnd.chance(0.5) ? rnd.pick(NASTY) : String.fromCharCode(rnd.int(0x250));
    return text.slice(0, at) + piece + text.slice(at + drop);
  },

  /** Repeat a `key: value` / `"key": value` / `name=value` line, sometimes with another value. */
  'duplicate-key': (text, _f, rnd) => {
    const lines = text.split('\n');
    const keyed = lines.map((l, i) => (/^\s*"?[\w.-]+"?\s*[:=]/.test(l) ? i : -1)).filter((i) => i >= 0);
    if (!keyed.length) return text + '\nkey: 1\nkey: 2\n';
    const i = rnd.pick(keyed);
    const copy = rnd.chance(0.5) ? lines[i] : lines[i].replace(/([:=]\s*).*$/, `$1${rnd.pick(['true', 'false', '0', '"fp32"', 'null', '[]', '{}'])}`);
    lines.splice(i + 1, 0, copy);
    return lines.join('\n');
  },

  /** 10,000 levels of nesting in the file's own syntax, at a line start or around everything. */
  'deep-nesting': (text, format, rnd) => {
    const open = (s: string) => s.repeat(DEEP);
    if (format === 'json' && rnd.chance(0.5)) return open('{"a": ') + text + open('}');
    const piece =
      format === 'yaml'
        ? rnd.pick([`deep: ${open('[')}${open(']')}\n`, `deep: ${open('{a: ')}1${open('}')}\n`, `${open('- ')}x\n`])
        : format === 'json'
          ? `${open('[')}${open(']')}`
          : rnd.pick([`x = ${open('(')}1${open(')')}\n`, `x = ${open('[')}${open(']')}\n`, `x = ${open('-')}1\n`]);
    return insertAt(text, lineStart(text, rnd), piece);
  },

  /** Bytes that are not UTF-8, decoded as a lenient reader would (U+FFFD), or mojibake. */
  'invalid-utf8': (text, _f, rnd) => {
    const bytes = Buffer.from(text, 'utf8');
    switch (rnd.int(3)) {
      case 0: {
        const bad = [[0xc3, 0x28], [0xff], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0x80], [0xf0, 0x28, 0x8c, 0xbc]];
        const parts: Buffer[] = [];
        let last = 0;
        for (let n = 1 + rnd.int(6); n > 0; n--) {
          const at = last + rnd.int(Math.max(1, bytes.length - last));
          parts.push(bytes.subarray(last, at), Buffer.from(rnd.pick(bad)));
          last = at;
        }
        parts.push(bytes.subarray(last));
        return Buffer.concat(parts).toString('utf8');
      }
      case 1:
        return Buffer.from(text + '\n# café — naïve “quotes” 😀\n', 'utf8').toString('latin1');
      default:
        return Buffer.from(text + '\n# café ü\n', 'latin1').toString('utf8');
    }
  },

  /** Windows and old-Mac line endings mixed into the file. */
  'line-endings': (text, _f, rnd) => {
    const p = rnd.next();
    return text.replace(/\n/g, () => (rnd.chance(p) ? rnd.pick(['\r\n', '\r', '\n\r', '\r\r\n']) : '\n'));
  },

  /** One line of a megabyte: a minified blob, a pasted token, a base64 value, inline JSON. */
  'long-line': (text, format, rnd) => {
    const body = longLineBody(rnd);
    const line = rnd.pick([
      format === 'python' ? `# ${body}\n` : format === 'json' ? `"blob": "${body}",\n` : `# ${body}\n`,
      format === 'python' ? `blob = "${body}"\n` : format === 'json' ? `${body}\n` : `blob: ${body}\n`,
      // Bare in Python only as one identifier: a megabyte of operators is a syntax error whose
      // recovery takes tree-sitter seconds (a known slow input, see bench/RESULTS.md).
      format === 'python' ? 'x9_'.repeat(LONG_LINE / 3) : body,
    ]);
    return insertAt(text, lineStart(text, rnd), line);
  },
};

/**
 * Realistic megabyte lines. Left out because the parsers take seconds on them (bench/RESULTS.md,
 * "Known slow inputs"): floods of one YAML indicator (`]]]]`, `""""`), where the yaml parser raises
 * one error per character, and a megabyte of tokens inside a Python syntax error (tree-sitter's
 * error recovery), hence no `"` in these bodies; and a megabyte of dense tokens (`[1, 1, ...]`, `"\\\\..."` in Python), which
 * is parser throughput, measured by the bench.
 */
function longLineBody(rnd: Prng): string {
  const unit = rnd.pick(['a', 'x9_', 'é', ' ', 'QUJD+/', '😀', 'a-b.c/d ']);
  return unit.repeat(Math.ceil(LONG_LINE / unit.length)).slice(0, LONG_LINE);
}

export const MUTATION_NAMES = Object.keys(mutations) as MutationName[];

/** The heavy mutations are rarer, so a thousand cases stay within the test's time budget. */
const WEIGHTS: Record<MutationName, number> = {
  truncate: 4,
  'splice-bytes': 6,
  'duplicate-key': 4,
  'deep-nesting': 1,
  'invalid-utf8': 3,
  'line-endings': 3,
  'long-line': 1,
};

function pickMutation(rnd: Prng): MutationName {
  const total = MUTATION_NAMES.reduce((s, n) => s + WEIGHTS[n], 0);
  let r = rnd.next() * total;
  for (const n of MUTATION_NAMES) {
    r -= WEIGHTS[n];
    if (r < 0) return n;
  }
  return 'truncate';
}

/** One to three mutations in a row; `force` makes the first one a given kind (coverage). */
export function mutate(text: string, format: FormatKind, rnd: Prng, force?: MutationName): { text: string; ops: MutationName[] } {
  const ops: MutationName[] = [];
  let out = text;
  for (let n = 1 + (rnd.chance(0.3) ? rnd.int(3) : 0); n > 0; n--) {
    const op = ops.length === 0 && force ? force : pickMutation(rnd);
    ops.push(op);
    out = mutations[op](out, format, rnd);
  }
  return { text: out, ops };
}

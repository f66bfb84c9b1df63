import { LineIndex } from './formats/lineIndex';
import type { Finding, Fix, Position, Range, TextEdit } from './types';

// Fix-all: which fixes of one file can be applied together, and how to apply edits to text. Shared
// by the LSP (`source.fixAll.mlcost`) and the CLI (`--fix`), so both change files the same way.

export interface ChosenFix {
  /** Index of the finding in the analysis' findings. */
  finding: number;
  fix: Fix;
}

/**
 * One SAFE fix per finding (its first), skipping any whose edits overlap an edit already chosen
 * (findings earlier in the file win) and exact duplicates (two findings fixed by the same edit).
 * Unsafe fixes (hardware changes, placeholders, suppressions) never go in.
 */
export function chooseFixAll(findings: readonly Finding[]): ChosenFix[] {
  const chosen: ChosenFix[] = [];
  const taken: Range[] = [];
  const seen = new Set<string>();
  findings.forEach((f, i) => {
    const fix = f.fixes?.find((x) => x.safe && !x.snippet && x.edits.length > 0);
    if (!fix) return;
    const key = JSON.stringify(fix.edits);
    if (seen.has(key)) return;
    if (fix.edits.some((e) => taken.some((t) => overlaps(e.range, t)))) return;
    seen.add(key);
    taken.push(...fix.edits.map((e) => e.range));
    chosen.push({ finding: i, fix });
  });
  return chosen;
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Touching ranges count as overlapping when either is an insertion there: their order would be ambiguous. */
export function overlaps(a: Range, b: Range): boolean {
  if (before(a.end, b.start) || before(b.end, a.start)) return false;
  const aEmpty = !before(a.start, a.end);
  const bEmpty = !before(b.start, b.end);
  if (!aEmpty && !bEmpty && (samePos(a.end, b.start) || samePos(b.end, a.start))) return false;
  return true;
}

function samePos(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

/** Applies non-overlapping edits (positions in the original text); throws on overlap. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const index = new LineIndex(text);
  const spans = edits
    .map((e) => ({ start: index.offset(e.range.start), end: index.offset(e.range.end), text: e.newText }))
    .sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const s of spans) {
    if (s.start < at) throw new Error('overlapping edits');
    out += text.slice(at, s.start) + s.text;
    at = s.end;
  }
  return out + text.slice(at);
}

/** Edits with their line breaks written as the file writes them (a CRLF file stays CRLF). */
export function withFileEol(edits: readonly TextEdit[], text: string): TextEdit[] {
  if (!text.includes('\r\n')) return edits.map((e) => ({ ...e }));
  return edits.map((e) => ({ range: e.range, newText: e.newText.replace(/\r?\n/g, '\r\n') }));
}

/**
 * Snippet text → plain text: `${1:bucket-name}` becomes `bucket-name`, `$1`/`${1}`/`$0` vanish, `\$`
 * `\}` `\\` unescape. For clients without snippet edits, the CLI and tests.
 */
export function resolvePlaceholders(snippet: string): string {
  let out = '';
  for (let i = 0; i < snippet.length; i++) {
    const c = snippet[i];
    if (c === '\\' && i + 1 < snippet.length && '$}\\'.includes(snippet[i + 1])) {
      out += snippet[++i];
      continue;
    }
    if (c === '$') {
      const simple = /^\$\d+/.exec(snippet.slice(i));
      if (simple) {
        i += simple[0].length - 1;
        continue;
      }
      const braced = /^\$\{\d+(?::|\|)?/.exec(snippet.slice(i));
      if (braced) {
        // Keep the default text (or the first choice of `${1|a,b|}`), drop the markers.
        const inner = readPlaceholder(snippet, i + braced[0].length, braced[0].endsWith('|'));
        out += resolvePlaceholders(inner.text);
        i = inner.end;
        continue;
      }
    }
    out += c;
  }
  return out;
}

function readPlaceholder(s: string, from: number, choice: boolean): { text: string; end: number } {
  let depth = 0;
  for (let j = from; j < s.length; j++) {
    if (s[j] === '\\') {
      j++;
      continue;
    }
    if (s[j] === '$' && s[j + 1] === '{') depth++;
    else if (s[j] === '}') {
      if (depth === 0) {
        const body = s.slice(from, j);
        return { text: choice ? body.replace(/\|$/, '').split(',')[0] : body, end: j };
      }
      depth--;
    }
  }
  return { text: s.slice(from), end: s.length - 1 };
}

/** A fix's edits as plain text (placeholders filled with their defaults). */
export function plainEdits(fix: Fix): TextEdit[] {
  return fix.snippet ? fix.edits.map((e) => ({ range: e.range, newText: resolvePlaceholders(e.newText) })) : fix.edits;
}

/** The default texts of a snippet fix's placeholders (`${1:bucket-name}` → `bucket-name`), to name them in titles. */
export function placeholderNames(fix: Fix): string[] {
  if (!fix.snippet) return [];
  const names = fix.edits.flatMap((e) => [...e.newText.matchAll(/\$\{\d+:([^}$]*)\}/g)].map((m) => m[1]));
  return [...new Set(names)];
}

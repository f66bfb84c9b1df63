// A fact read from a command word that used a variable (`--model $MODEL`) holds the variable's
// value as the file writes it; the launcher may be given another one. The fact's key says so, so
// the estimate's assumptions and the findings name the variable and how it is overridden.

import type { LineIndex } from '../../formats/lineIndex';
import { forEachSourceLike } from '../../facts';
import type { Range } from '../../types';

const VAR = /\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g;

/**
 * Appends `note(name)` to the key of every `file` source (of this file) in `value` whose text uses
 * one of `names`. `value` is walked deeply (forEachSourceLike), as `relocate` does.
 */
export function noteVariables(value: unknown, text: string, lines: LineIndex, names: ReadonlySet<string>, note: (name: string) => string): void {
  if (!names.size) return;
  forEachSourceLike(value, (o) => {
    if (o.kind !== 'file' || o.uri !== undefined || typeof o.key !== 'string' || !o.range || o.key.includes(' (')) return;
    const r = o.range as Range;
    const used = [...text.slice(lines.offset(r.start), lines.offset(r.end)).matchAll(VAR)].map((m) => m[1] ?? m[2]).filter((n) => names.has(n));
    if (used.length) o.key = `${o.key} (${[...new Set(used)].map(note).join('; ')})`;
  });
}

import { linesMentioning } from './mlcostLines';
import type { FormatKind } from './types';

/**
 * Suppression comments:
 *   `# mlcost: ignore[rule-a,rule-b]`   on the finding's line, or alone on the line above it
 *   `# mlcost: ignore`                  every rule, same placement
 *   `# mlcost: ignore-file[rule-a]`     anywhere in the file (`ignore-file` alone: every rule)
 * JSONC files use `//` instead of `#`. Plain JSON has no comments: see projectConfig.ts.
 */
export interface Suppressions {
  /** Is `rule` suppressed for a finding that starts on `line` (0-based)? */
  covers(rule: string, line: number): boolean;
}

const DIRECTIVE = /(?:#|\/\/)\s*mlcost:\s*(ignore-file|ignore)\b(?:\[([^\]]*)\])?/;

/** Comment starts each format reads: `//` for JSONC and TypeScript, both for HCL, else `#`. */
export function commentPrefixes(format: FormatKind): readonly ('#' | '//')[] {
  if (format === 'json' || format === 'typescript') return ['//'];
  if (format === 'hcl') return ['#', '//'];
  return ['#'];
}

export function parseSuppressions(text: string, format: FormatKind): Suppressions {
  const byLine = new Map<number, Set<string> | 'all'>();
  let file: Set<string> | 'all' | undefined;
  const add = (target: Set<string> | 'all' | undefined, rules: string[] | 'all'): Set<string> | 'all' => {
    if (rules === 'all' || target === 'all') return 'all';
    const s = target ?? new Set<string>();
    rules.forEach((r) => s.add(r));
    return s;
  };
  for (const { line: i, text: line } of linesMentioning(text)) {
    const m = DIRECTIVE.exec(line);
    if (!m) continue;
    if (!commentPrefixes(format).includes(m[0].startsWith('//') ? '//' : '#')) continue;
    const rules = m[2] === undefined ? 'all' : m[2].split(',').map((r) => r.trim()).filter(Boolean);
    if (m[1] === 'ignore-file') {
      file = add(file, rules);
      continue;
    }
    byLine.set(i, add(byLine.get(i), rules));
    // A comment alone on its line also covers the next line.
    if (line.trimStart().startsWith(m[0].slice(0, 2))) byLine.set(i + 1, add(byLine.get(i + 1), rules));
  }
  const hit = (s: Set<string> | 'all' | undefined, rule: string) => s === 'all' || (s !== undefined && s.has(rule));
  return { covers: (rule, line) => hit(file, rule) || hit(byLine.get(line), rule) };
}

import type { LineIndex } from '../../formats/lineIndex';
import type { Range } from '../../types';

/**
 * The line of a commented-out setting (`# precision: 16`, `# mixed_precision: "bf16"`), if any.
 * Authors often leave the switch they meant to flip as a comment: a finding about the default
 * belongs there, where the fix is one keystroke.
 */
export function commentedKeyRange(lines: LineIndex, keys: readonly string[]): Range | undefined {
  const alt = keys.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
  const re = new RegExp(`^\\s*#+\\s*(?:--)?(?:${alt})\\s*[:=]`);
  for (let line = 0; line < lines.lineCount; line++) {
    if (re.test(lines.lineText(line))) return lines.lineRange(line);
  }
  return undefined;
}

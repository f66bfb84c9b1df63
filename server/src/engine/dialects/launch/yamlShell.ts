// The shell text of a YAML scalar (`run: |`, `args: ["bash", "-c", "..."]`) and the file offset it
// starts at, so command positions map straight into the file. Literal blocks keep their line
// breaks; plain and folded scalars fold them into spaces; quoted scalars may contain escapes, so
// their positions are only approximate (the parser's value is used).

import { Scalar } from 'yaml';
import type { YamlNode } from '../../formats/yaml';

export interface ShellText {
  text: string;
  offset: number;
  newlineIsSpace: boolean;
}

export function shellTextOf(node: YamlNode): ShellText | undefined {
  if (!node.isScalar) return undefined;
  const value = node.str();
  if (value === undefined) return undefined;
  const type = (node.node as Scalar).type;
  const raw = node.sourceText();
  const offset = node.sourceOffset();
  if (type === Scalar.BLOCK_LITERAL || type === Scalar.BLOCK_FOLDED) {
    // Skip the `|-` / `>2` header line; the body keeps its indentation, so offsets stay true.
    const nl = raw.indexOf('\n');
    if (nl < 0) return { text: '', offset, newlineIsSpace: false };
    return { text: raw.slice(nl + 1), offset: offset + nl + 1, newlineIsSpace: type === Scalar.BLOCK_FOLDED };
  }
  if (type === Scalar.PLAIN) return { text: raw, offset, newlineIsSpace: true };
  // Quoted: the value without its quotes; positions are offset by the opening quote.
  return { text: value, offset: offset + 1, newlineIsSpace: false };
}

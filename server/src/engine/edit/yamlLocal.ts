// YAML edits the launcher editors (SkyPilot, Kubernetes) need beyond edit/yamlEdit.ts: append an
// argv item quoted like its siblings (`"--bf16"`), and where top-level keys start. Touches only
// the bytes that change.

import { isMap, isScalar, isSeq, Scalar, type Node } from 'yaml';
import type { YamlNode } from '../formats/yaml';
import type { TextEdit } from '../types';

export function eolOf(text: string): string {
  return /\r\n/.test(text) ? '\r\n' : '\n';
}

/** The text of `value` as a scalar written like `like` (plain, 'single' or "double" quoted). */
export function scalarLike(like: Node | undefined, value: string): string {
  const type = isScalar(like) ? like.type : undefined;
  if (type === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  if (type === Scalar.QUOTE_DOUBLE) return JSON.stringify(value);
  return value;
}

/**
 * `value` as a string item of `seq`, written like its last item. A plain scalar that YAML would
 * read as a number or boolean (`3`, `true`) is quoted as a quoted sibling is (else "double"):
 * Kubernetes and Vertex take argv items as strings only.
 */
function itemText(items: Node[], value: string): string {
  const last = items[items.length - 1];
  const plain = scalarLike(last, value);
  if (plain !== value || !/^([-+]?(\d[\d_]*(\.\d*)?|\.\d+)([eE][-+]?\d+)?|0x[0-9a-fA-F]+|0o[0-7]+|true|false|yes|no|on|off|null|~|\.inf|\.nan)$/i.test(value)) return plain;
  const quoted = items.find((i) => isScalar(i) && (i.type === Scalar.QUOTE_SINGLE || i.type === Scalar.QUOTE_DOUBLE));
  return quoted ? scalarLike(quoted, value) : JSON.stringify(value);
}

/**
 * Appends `values` (in order) to a sequence: `, "v"` in a flow list, a new `- "v"` line each in a
 * block list.
 */
export function appendToSeq(seq: YamlNode, values: string | string[]): TextEdit | undefined {
  if (!isSeq(seq.node) || !seq.node.range) return undefined;
  const items = seq.node.items.filter((i): i is Node => !!i && typeof i === 'object' && 'range' in i && !!(i as Node).range);
  const last = items[items.length - 1];
  if (!last?.range) return undefined;
  const lines = seq.src.lines;
  const texts = (Array.isArray(values) ? values : [values]).map((v) => itemText(items, v));
  if (seq.node.flow) return { range: lines.range(last.range[1], last.range[1]), newText: texts.map((t) => `, ${t}`).join('') };
  // Block list: the `- ` of the last item sets the indentation; the new items go after its value.
  const dashLine = lines.lineText(lines.position(last.range[0]).line);
  const indent = /^([ \t]*)- /.exec(dashLine)?.[1];
  if (indent === undefined) return undefined;
  const end = lines.lineEnd(lines.position(last.range[1]).line);
  const eol = eolOf(seq.src.text);
  return { range: lines.range(end, end), newText: texts.map((t) => `${eol}${indent}- ${t}`).join('') };
}

/** Spaces per nesting level in the file (the first indented key line), 2 when nothing says. */
export function indentUnit(text: string): string {
  const m = /\n( +)\S/.exec(text);
  return m ? m[1] : '  ';
}

/** Top-level key nodes of a map document, with their offsets, in order. */
export function topKeyOffsets(doc: YamlNode): { key: string; start: number }[] {
  if (!isMap(doc.node)) return [];
  return doc.node.items.flatMap((p) => (isScalar(p.key) && p.key.range ? [{ key: String(p.key.value), start: p.key.range[0] }] : []));
}

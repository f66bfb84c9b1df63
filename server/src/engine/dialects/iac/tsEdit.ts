// Minimal edits in TypeScript IaC programs (CDK, Pulumi): a property added to an object literal.
import type { Node } from 'ts-morph';
import type { TypeScriptSource } from '../../formats/typescript';
import type { TextEdit } from '../../types';

/** Where a new property goes in an object literal: after its last property, in its indentation. */
export function insertProperty(src: TypeScriptSource, obj: Node, line: string): TextEdit | undefined {
  const props = obj.getChildSyntaxList()?.getChildren().filter((c) => c.getKind() !== src.ts.SyntaxKind.CommaToken) ?? [];
  const last = props[props.length - 1];
  if (!last) return undefined;
  const lineStart = src.lines.offset({ line: src.lines.position(last.getStart()).line, character: 0 });
  const indent = src.text.slice(lineStart, last.getStart());
  if (!/^\s*$/.test(indent)) return undefined; // one-line object: leave it to the user
  let at = last.getEnd();
  const hasComma = src.text[at] === ',';
  if (hasComma) at += 1;
  const pos = src.lines.position(at);
  return { range: { start: pos, end: pos }, newText: `${hasComma ? '' : ','}\n${indent}${line},` };
}


/**
 * New statements after `stmt`, each line in the statement's own indentation (nested lines keep
 * their relative indent). Undefined when the statement does not start its line.
 */
export function insertAfterStatement(src: TypeScriptSource, stmt: Node, lines: string[]): TextEdit | undefined {
  const lineStart = src.lines.offset({ line: src.lines.position(stmt.getStart()).line, character: 0 });
  const indent = src.text.slice(lineStart, stmt.getStart());
  if (!/^\s*$/.test(indent)) return undefined;
  const end = src.lines.position(stmt.getEnd());
  return { range: { start: end, end }, newText: lines.map((l) => `\n${l ? indent + l : ''}`).join('') };
}

/** `import * as <local> from '<module>';` after the file's last import (or at the top). */
export function addNamespaceImport(src: TypeScriptSource, local: string, module: string): TextEdit {
  const imports = src.file.getImportDeclarations();
  const last = imports[imports.length - 1];
  const at = last ? src.lines.position(last.getEnd()) : { line: 0, character: 0 };
  const text = `import * as ${local} from '${module}';`;
  return { range: { start: at, end: at }, newText: last ? `\n${text}` : `${text}\n` };
}

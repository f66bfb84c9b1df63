// Minimal edits in TypeScript IaC programs (CDK, Pulumi, CDKTF): a property added to an object literal.
import type { TsNode, TypeScriptSource } from '../../formats/typescript';
import type { TextEdit } from '../../types';

/** Where a new property goes in an object literal: after its last property, in its indentation. */
export function insertProperty(src: TypeScriptSource, obj: TsNode, line: string): TextEdit | undefined {
  if (!src.ts.isObjectLiteralExpression(obj)) return undefined;
  const last = obj.properties[obj.properties.length - 1];
  if (!last) return undefined;
  const start = last.getStart(src.file);
  const lineStart = src.lines.offset({ line: src.lines.position(start).line, character: 0 });
  const indent = src.text.slice(lineStart, start);
  if (!/^\s*$/.test(indent)) return undefined; // one-line object: leave it to the user
  let at = last.end;
  const hasComma = src.text[at] === ',';
  if (hasComma) at += 1;
  const pos = src.lines.position(at);
  return { range: { start: pos, end: pos }, newText: `${hasComma ? '' : ','}\n${indent}${line},` };
}

/**
 * New statements after `stmt`, each line in the statement's own indentation (nested lines keep
 * their relative indent). Undefined when the statement does not start its line.
 */
export function insertAfterStatement(src: TypeScriptSource, stmt: TsNode, lines: string[]): TextEdit | undefined {
  const start = stmt.getStart(src.file);
  const lineStart = src.lines.offset({ line: src.lines.position(start).line, character: 0 });
  const indent = src.text.slice(lineStart, start);
  if (!/^\s*$/.test(indent)) return undefined;
  const end = src.lines.position(stmt.end);
  return { range: { start: end, end }, newText: lines.map((l) => `\n${l ? indent + l : ''}`).join('') };
}

/** New statements before `stmt` (something it will reference), in its indentation. */
export function insertBeforeStatement(src: TypeScriptSource, stmt: TsNode, lines: string[]): TextEdit | undefined {
  const start = stmt.getStart(src.file);
  const pos = src.lines.position(start);
  const lineStart = src.lines.offset({ line: pos.line, character: 0 });
  const indent = src.text.slice(lineStart, start);
  if (!/^\s*$/.test(indent)) return undefined;
  const at = { line: pos.line, character: 0 };
  return { range: { start: at, end: at }, newText: lines.map((l) => `${l ? indent + l : ''}\n`).join('') };
}

/** `import * as <local> from '<module>';` after the file's last import (or at the top). */
export function addNamespaceImport(src: TypeScriptSource, local: string, module: string): TextEdit {
  const imports = src.file.statements.filter((s) => src.ts.isImportDeclaration(s));
  const last = imports[imports.length - 1];
  const at = last ? src.lines.position(last.end) : { line: 0, character: 0 };
  const text = `import * as ${local} from '${module}';`;
  return { range: { start: at, end: at }, newText: last ? `\n${text}` : `${text}\n` };
}

/** `import { <name> } from '<module>';` after the file's last import (or at the top). */
export function addNamedImport(src: TypeScriptSource, name: string, module: string): TextEdit {
  const edit = addNamespaceImport(src, name, module);
  return { ...edit, newText: edit.newText.replace(`* as ${name}`, `{ ${name} }`) };
}

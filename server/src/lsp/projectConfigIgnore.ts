import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { isMap, isSeq, parseDocument, type YAMLMap } from 'yaml';
import { CodeActionKind, type ClientCapabilities, type CodeAction, type Diagnostic, type WorkspaceEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { PROJECT_CONFIG_FILE } from '../engine/projectConfig';
import { commentStyleOf } from '../engine/suppressionFixes';
import type { Finding } from '../engine/types';
import { filePathOf } from './uris';

/**
 * Plain JSON cannot hold a suppression comment, so its "ignore" goes into `.mlcost.yaml` (see
 * engine/projectConfig.ts): the nearest existing one inside the workspace is edited (its YAML
 * comments kept), else one is created at the workspace folder's root when the client can create
 * files. Undefined for every other file, or when neither is possible.
 */
export function projectConfigIgnoreAction(
  doc: TextDocument,
  finding: Finding,
  d: Diagnostic,
  env: { caps: ClientCapabilities; folders: readonly string[] },
): CodeAction | undefined {
  const file = filePathOf(doc.uri);
  if (!file || !/\.json$/i.test(file) || doc.languageId === 'jsonc') return undefined;
  if (commentStyleOf('json', file, doc.getText(), doc.languageId)) return undefined;
  const root = env.folders.filter((f) => file.startsWith(f + path.sep)).sort((a, b) => b.length - a.length)[0] ?? path.dirname(file);
  const existing = nearestConfig(path.dirname(file), root);
  const title = `Ignore ${finding.rule} for ${path.basename(file)} in ${PROJECT_CONFIG_FILE}`;
  const edit = existing ? editExisting(existing, file, finding.rule) : create(path.join(root, PROJECT_CONFIG_FILE), file, finding.rule, env.caps);
  return edit ? { title, kind: CodeActionKind.QuickFix, diagnostics: [d], edit } : undefined;
}

function nearestConfig(dir: string, root: string): string | undefined {
  for (let at = dir; ; at = path.dirname(at)) {
    const p = path.join(at, PROJECT_CONFIG_FILE);
    if (fs.existsSync(p)) return p;
    if (at === root || path.dirname(at) === at || !at.startsWith(root)) return undefined;
  }
}

function relGlob(configPath: string, file: string): string {
  return path.relative(path.dirname(configPath), file).split(path.sep).join('/');
}

function editExisting(configPath: string, file: string, rule: string): WorkspaceEdit | undefined {
  const text = fs.readFileSync(configPath, 'utf8');
  const yamlDoc = parseDocument(text);
  if (yamlDoc.errors.length) return undefined; // never rewrite a file we cannot read
  const rel = relGlob(configPath, file);
  if (yamlDoc.contents === null) yamlDoc.contents = yamlDoc.createNode({}) as never;
  if (!isMap(yamlDoc.contents)) return undefined;
  const ignore = yamlDoc.get('ignore');
  if (ignore === undefined) yamlDoc.set('ignore', yamlDoc.createNode([{ paths: [rel], rules: [rule] }]));
  else if (isSeq(ignore)) {
    const same = ignore.items.find((i): i is YAMLMap => isMap(i) && JSON.stringify((i.toJSON() as { paths?: unknown }).paths) === JSON.stringify([rel]));
    const rules = same?.get('rules');
    if (same && isSeq(rules)) rules.add(yamlDoc.createNode(rule));
    else ignore.add(yamlDoc.createNode({ paths: [rel], rules: [rule] }));
  } else return undefined;
  const lines = text.split('\n');
  const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
  return { changes: { [pathToFileURL(configPath).href]: [{ range: { start: { line: 0, character: 0 }, end }, newText: yamlDoc.toString() }] } };
}

function create(configPath: string, file: string, rule: string, caps: ClientCapabilities): WorkspaceEdit | undefined {
  const ws = caps.workspace?.workspaceEdit;
  if (!ws?.documentChanges || !ws.resourceOperations?.includes('create')) return undefined;
  const uri = pathToFileURL(configPath).href;
  const text = `# mlcost project settings (see the rule docs)\nignore:\n  - paths: ["${relGlob(configPath, file)}"]\n    rules: [${rule}]\n`;
  return {
    documentChanges: [
      { kind: 'create', uri, options: { ignoreIfExists: true } },
      { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }] },
    ],
  };
}

// textDocument/codeAction and codeAction/resolve: a finding's fixes (computed with the analysis and
// found again through Diagnostic.data), its two "ignore" fixes, a link to the rule's docs, and
// `source.fixAll.mlcost` (every safe, non-overlapping fix). Edits are built on resolve from the
// stored analysis of the version the action was made for; a stale version gets no edit.
import {
  CodeActionKind,
  type ClientCapabilities,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type TextDocuments,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { chooseFixAll, placeholderNames, plainEdits, withFileEol } from '../engine/fixAll';
import type { Finding, Fix } from '../engine/types';
import { COMMANDS } from './commands';
import { findingRefOf, fixActionRefOf, type AnalysisSource, type FixActionRef, type StoredAnalysis } from './fixData';
import { errorText, type Logger } from './log';
import { projectConfigIgnoreAction } from './projectConfigIgnore';
import { csvConversionAction } from './csvAction';
import type { OpenDocuments } from './notebooks';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.mlcost`;
export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, FIX_ALL_KIND];

export interface CodeActionDeps {
  documents: OpenDocuments;
  results: AnalysisSource;
  log: Logger;
  /** Workspace folders (local paths), for the `.mlcost.yaml` a plain JSON file is ignored in. */
  folders(): readonly string[];
  /** Notebook cells: requests on a cell are answered for its notebook, edits mapped back. */
  cells?: { actionParams(p: CodeActionParams): CodeActionParams | undefined; action(a: CodeAction): CodeAction };
}

/** LSP 3.18 (proposed) snippet edit; not in vscode-languageserver 9's types yet. */
interface SnippetTextEdit {
  range: Diagnostic['range'];
  snippet: { kind: 'snippet'; value: string };
}

export class CodeActions {
  private caps: ClientCapabilities = {};

  constructor(private readonly deps: CodeActionDeps) {}

  initialize(caps: ClientCapabilities): void {
    this.caps = caps;
  }

  register(connection: Connection): void {
    connection.onCodeAction(async (params) => {
      try {
        const onNotebook = this.deps.cells?.actionParams(params);
        if (onNotebook) return (await this.actions(onNotebook)).map((a) => this.deps.cells!.action(a));
        return await this.actions(params);
      } catch (e) {
        this.deps.log.error(`mlcost: code actions failed: ${errorText(e)}`);
        return [];
      }
    });
    connection.onCodeActionResolve((action) => {
      try {
        const resolved = this.resolve(action);
        return this.deps.cells ? this.deps.cells.action(resolved) : resolved;
      } catch (e) {
        this.deps.log.error(`mlcost: resolving a code action failed: ${errorText(e)}`);
        return action;
      }
    });
  }

  async actions(params: CodeActionParams): Promise<CodeAction[]> {
    const uri = params.textDocument.uri;
    const doc = this.deps.documents.get(uri);
    if (!doc) return [];
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
    const out: CodeAction[] = [];
    if (wants(CodeActionKind.QuickFix)) {
      const stored = this.deps.results.get(uri);
      for (const d of params.context.diagnostics) out.push(...this.quickFixes(doc, d, stored));
    }
    // fixAll is asked for explicitly (editor.codeActionsOnSave, the Source Action menu), never by default.
    if (only && wants(FIX_ALL_KIND)) {
      const fixAll = await this.fixAll(doc);
      if (fixAll) out.push(fixAll);
    }
    return out;
  }

  resolve(action: CodeAction): CodeAction {
    const ref = fixActionRefOf(action.data);
    if (!ref || action.edit) return action;
    const fix = this.fixFor(ref);
    if (!fix) return action; // the document changed since: no edit rather than a wrong one
    const doc = this.deps.documents.get(ref.uri);
    return doc ? { ...action, edit: this.editFor(doc, fix) } : action;
  }

  private quickFixes(doc: TextDocument, d: Diagnostic, stored: StoredAnalysis | undefined): CodeAction[] {
    const ref = findingRefOf(d);
    if (!ref || ref.version !== doc.version || stored?.version !== ref.version) return [];
    const finding = stored.result.findings[ref.index];
    if (!finding || finding.rule !== ref.rule) return [];
    const fixes = finding.fixes ?? [];
    const preferred = fixes.findIndex((f) => f.safe);
    const resolveLater = this.caps.textDocument?.codeAction?.resolveSupport?.properties.includes('edit') === true;
    const out: CodeAction[] = fixes.map((fix, i) => {
      const data: FixActionRef = { ...ref, uri: doc.uri, fix: i };
      const action: CodeAction = { title: this.titleOf(fix), kind: CodeActionKind.QuickFix, diagnostics: [d], data };
      if (i === preferred) action.isPreferred = true;
      if (!resolveLater) action.edit = this.editFor(doc, fix);
      return action;
    });
    const convert = csvConversionAction(doc, finding, stored.result, d);
    if (convert) out.unshift(convert);
    const ignore = projectConfigIgnoreAction(doc, finding, d, { caps: this.caps, folders: this.deps.folders() });
    if (ignore) out.push(ignore);
    const title = `Show documentation for ${finding.rule}`;
    out.push({ title, kind: CodeActionKind.QuickFix, diagnostics: [d], command: { title, command: COMMANDS.showRuleDocs, arguments: [finding.rule] } });
    return out;
  }

  /** Without snippet edits the placeholders arrive as plain text: say which ones to replace. */
  private titleOf(fix: Fix): string {
    const names = placeholderNames(fix);
    if (!names.length || this.snippetEdits()) return fix.title;
    return `${fix.title} (then replace ${names.map((n) => `'${n}'`).join(', ')})`;
  }

  private snippetEdits(): boolean {
    const ws = this.caps.workspace?.workspaceEdit as { documentChanges?: boolean; snippetEditSupport?: boolean } | undefined;
    return ws?.snippetEditSupport === true && ws.documentChanges === true;
  }

  private async fixAll(doc: TextDocument): Promise<CodeAction | undefined> {
    const stored = await this.deps.results.at(doc.uri, doc.version);
    if (!stored || stored.version !== doc.version) return undefined;
    const chosen = chooseFixAll(stored.result.findings);
    if (!chosen.length) return undefined;
    const edits = chosen.flatMap((c) => c.fix.edits);
    const title = `Fix ${chosen.length} mlcost finding${chosen.length === 1 ? '' : 's'} (safe fixes only)`;
    return { title, kind: FIX_ALL_KIND, edit: this.editFor(doc, { title, edits, safe: true }) };
  }

  private fixFor(ref: FixActionRef): Fix | undefined {
    const doc = this.deps.documents.get(ref.uri);
    const stored = this.deps.results.get(ref.uri);
    if (!doc || doc.version !== ref.version || stored?.version !== ref.version) return undefined;
    const finding: Finding | undefined = stored.result.findings[ref.index];
    if (!finding || finding.rule !== ref.rule) return undefined;
    return finding.fixes?.[ref.fix];
  }

  /** Versioned when the client takes documentChanges (a changed document then rejects it); snippets only where advertised. */
  private editFor(doc: TextDocument, fix: Fix): WorkspaceEdit {
    const wsCaps = this.caps.workspace?.workspaceEdit;
    const text = doc.getText();
    if (fix.snippet && this.snippetEdits()) {
      const edits: SnippetTextEdit[] = withFileEol(fix.edits, text).map((e) => ({ range: e.range, snippet: { kind: 'snippet', value: e.newText } }));
      // The protocol types predate snippet edits; the shape is LSP 3.18's TextDocumentEdit.
      return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: edits as unknown as [] }] };
    }
    const edits = withFileEol(plainEdits(fix), text);
    if (wsCaps?.documentChanges) return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits }] };
    return { changes: { [doc.uri]: edits } };
  }
}

// LSP 3.17 notebook sync: the code cells of an open notebook are analysed together, in order, as
// one Python program (engine/notebook/program.ts). The program lives here as a virtual document
// under the notebook's own URI, so the scheduler, analyser, code actions and lenses treat it like
// any open file; what goes back to the client is translated to the cells: diagnostics per cell
// URI, code-action edits and lenses in cell coordinates. Markdown and raw cells are left out.
import {
  NotebookCellKind,
  NotebookDocuments,
  TextDocuments,
  type CodeAction,
  type CodeActionParams,
  type CodeLens,
  type Connection,
  type Diagnostic,
  type NotebookDocument,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { editsByCell, fromCell, notebookProgram, rangeToCell, type NotebookProgram } from '../engine/notebook/program';
import type { Range } from '../engine/types';
import { errorText, type Logger } from './log';

/** What the server's services need of open documents: text files and notebook programs alike. */
export interface OpenDocuments {
  get(uri: string): TextDocument | undefined;
  all(): TextDocument[];
}

/** Only Jupyter notebooks' Python cells are synced (the client filters by this selector). */
export const NOTEBOOK_SYNC = {
  notebookSelector: [{ notebook: { notebookType: 'jupyter-notebook' }, cells: [{ language: 'python' }] }],
  save: false,
};

interface OpenNotebook {
  uri: string;
  doc: TextDocument;
  program: NotebookProgram;
  /** Cell URIs by notebook cell index (code cells only). */
  cellUris: Map<number, string>;
  /** Cells diagnostics were last published on (to clear those that no longer have any). */
  published: Set<string>;
}

export interface NotebookEvents {
  opened(uri: string, version: number): void;
  changed(uri: string, version: number): void;
  closed(uri: string): void;
}

export class Notebooks {
  private readonly sync: NotebookDocuments<TextDocument>;
  private readonly open = new Map<string, OpenNotebook>();
  /** Cell URI → notebook URI. */
  private readonly owner = new Map<string, string>();

  constructor(
    private readonly events: NotebookEvents,
    private readonly log: Logger,
  ) {
    this.sync = new NotebookDocuments(new TextDocuments(TextDocument));
    this.sync.onDidOpen((nb) => this.guard('notebook open', () => this.events.opened(this.rebuild(nb).uri, nb.version)));
    this.sync.onDidChange((e) => this.guard('notebook change', () => this.events.changed(this.rebuild(e.notebookDocument).uri, e.notebookDocument.version)));
    this.sync.onDidClose((nb) => this.guard('notebook close', () => this.close(nb.uri)));
  }

  listen(connection: Connection): void {
    this.sync.listen(connection);
  }

  /** The virtual program document of an open notebook. */
  get(uri: string): TextDocument | undefined {
    return this.open.get(uri)?.doc;
  }

  all(): TextDocument[] {
    return [...this.open.values()].map((n) => n.doc);
  }

  isNotebook(uri: string): boolean {
    return this.open.has(uri);
  }

  /** The open notebook a cell URI belongs to. */
  notebookOfCell(cellUri: string): string | undefined {
    return this.owner.get(cellUri);
  }

  private rebuild(nb: NotebookDocument): OpenNotebook {
    const prev = this.open.get(nb.uri);
    const cells: { index: number; source: string }[] = [];
    const cellUris = new Map<number, string>();
    nb.cells.forEach((cell, index) => {
      if (cell.kind !== NotebookCellKind.Code) return;
      const text = this.sync.getCellTextDocument(cell);
      if (!text || (text.languageId !== 'python' && text.languageId !== '')) return;
      cells.push({ index, source: text.getText() });
      cellUris.set(index, cell.document);
    });
    if (prev) for (const c of prev.cellUris.values()) this.owner.delete(c);
    for (const c of cellUris.values()) this.owner.set(c, nb.uri);
    const program = notebookProgram(cells);
    const open: OpenNotebook = {
      uri: nb.uri,
      doc: TextDocument.create(nb.uri, 'python', nb.version, program.text),
      program,
      cellUris,
      published: prev?.published ?? new Set(),
    };
    this.open.set(nb.uri, open);
    return open;
  }

  private close(uri: string): void {
    const nb = this.open.get(uri);
    if (!nb) return;
    this.events.closed(uri);
    for (const c of nb.cellUris.values()) this.owner.delete(c);
    this.open.delete(uri);
  }

  /**
   * The notebook's diagnostics (program coordinates) as diagnostics per cell. Every cell that had
   * some before and has none now gets an empty list, so nothing stale stays on screen.
   */
  diagnosticsPerCell(uri: string, diagnostics: readonly Diagnostic[]): Map<string, Diagnostic[]> {
    const nb = this.open.get(uri);
    const out = new Map<string, Diagnostic[]>();
    if (!nb) return out;
    for (const d of diagnostics) {
      const c = this.toCell(nb, d.range);
      if (!c) continue;
      const list = out.get(c.uri) ?? [];
      list.push({ ...d, range: c.range, relatedInformation: undefined });
      out.set(c.uri, list);
    }
    for (const cellUri of nb.published) if (!out.has(cellUri)) out.set(cellUri, []);
    nb.published = new Set([...out].filter(([, d]) => d.length).map(([u]) => u));
    return out;
  }

  /** Code-action params on a cell as params on the notebook's program; undefined when not a cell. */
  actionParams(params: CodeActionParams): CodeActionParams | undefined {
    const uri = this.owner.get(params.textDocument.uri);
    const nb = uri ? this.open.get(uri) : undefined;
    const cell = nb ? this.cellIndexOf(nb, params.textDocument.uri) : undefined;
    if (!nb || cell === undefined) return undefined;
    const toProgram = (r: Range): Range => ({ start: fromCell(nb.program, cell, r.start)!, end: fromCell(nb.program, cell, r.end)! });
    return {
      ...params,
      textDocument: { uri: nb.uri },
      range: toProgram(params.range),
      context: { ...params.context, diagnostics: params.context.diagnostics.map((d) => ({ ...d, range: toProgram(d.range) })) },
    };
  }

  /** A code action's edit on a notebook program, rewritten as edits on its cells. */
  action(action: CodeAction): CodeAction {
    if (!action.edit) return action;
    const edit = this.edit(action.edit);
    if (edit) return { ...action, edit };
    const { edit: _dropped, ...rest } = action;
    return rest; // crosses cells: offered without an edit rather than with a wrong one
  }

  /** Lenses of the notebook that sit in `cellUri`, in that cell's coordinates. */
  lensesForCell(cellUri: string, lenses: readonly CodeLens[]): CodeLens[] {
    const uri = this.owner.get(cellUri);
    const nb = uri ? this.open.get(uri) : undefined;
    if (!nb) return [];
    return lenses.flatMap((l) => {
      const c = this.toCell(nb, l.range);
      return c && c.uri === cellUri ? [{ ...l, range: c.range }] : [];
    });
  }

  private edit(edit: WorkspaceEdit): WorkspaceEdit | undefined {
    const out: WorkspaceEdit = {};
    const mapEdits = (uri: string, edits: readonly LspTextEdit[]): [string, LspTextEdit[]][] | undefined => {
      const nb = this.open.get(uri);
      if (!nb) return [[uri, [...edits]]];
      const byCell = editsByCell(nb.program, edits);
      if (!byCell) return undefined;
      return [...byCell].map(([cell, e]) => [nb.cellUris.get(cell)!, e]);
    };
    if (edit.changes) {
      out.changes = {};
      for (const [uri, edits] of Object.entries(edit.changes)) {
        const mapped = mapEdits(uri, edits);
        if (!mapped) return undefined;
        for (const [u, e] of mapped) out.changes[u] = [...(out.changes[u] ?? []), ...e];
      }
    }
    if (edit.documentChanges) {
      out.documentChanges = [];
      for (const change of edit.documentChanges) {
        if (!('textDocument' in change)) {
          out.documentChanges.push(change);
          continue;
        }
        const mapped = mapEdits(change.textDocument.uri, change.edits as LspTextEdit[]);
        if (!mapped) return undefined;
        // Cell versions are the client's; the notebook version guarded the analysis already.
        for (const [u, e] of mapped) out.documentChanges.push({ textDocument: { uri: u, version: this.isNotebook(change.textDocument.uri) ? null : change.textDocument.version }, edits: e });
      }
    }
    return out;
  }

  private cellIndexOf(nb: OpenNotebook, cellUri: string): number | undefined {
    for (const [index, uri] of nb.cellUris) if (uri === cellUri) return index;
    return undefined;
  }

  private toCell(nb: OpenNotebook, r: Range): { uri: string; range: Range } | undefined {
    const c = rangeToCell(nb.program, r) ?? rangeToCell(nb.program, { start: r.start, end: r.start });
    const uri = c ? nb.cellUris.get(c.cell) : undefined;
    return c && uri ? { uri, range: c.range } : undefined;
  }

  private guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.log.error(`mlcost: ${what} failed: ${errorText(e)}`);
    }
  }
}

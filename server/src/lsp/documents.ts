import type { Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { errorText, type Logger } from './log';
import type { OpenDocuments } from './notebooks';

/**
 * Analyses a document; resolves to its diagnostics, or undefined when the run went stale
 * (`isStale()` turned true: the document changed or closed meanwhile) and must not be published.
 */
export type AnalyseDocument = (doc: TextDocument, isStale: () => boolean) => Promise<Diagnostic[] | undefined>;

export type PublishDiagnostics = (uri: string, version: number | undefined, diagnostics: Diagnostic[]) => void;

/** One open document's scheduling state; replaced when the document is reopened. */
interface DocState {
  uri: string;
  /** TextDocuments reports an open as a change too; that one is already scheduled. */
  openedVersion: number;
  timer?: NodeJS.Timeout;
  running: boolean;
  /** A run was asked for while one was in flight: run again when it ends. */
  rerun: boolean;
}

/**
 * When each open document is analysed. Runs of one document never overlap (a request during a run
 * becomes one rerun after it); different documents are independent, so a slow file delays only
 * itself. A result whose document changed or closed meanwhile is dropped.
 */
export class DocumentScheduler {
  private readonly states = new Map<string, DocState>();

  constructor(
    private readonly docs: OpenDocuments,
    private readonly analyse: AnalyseDocument,
    private readonly publish: PublishDiagnostics,
    private readonly log: Logger,
  ) {}

  /** Opened (or reopened): a fresh state, analysed now. */
  opened(uri: string, version: number): void {
    this.clear(uri);
    this.states.set(uri, { uri, openedVersion: version, running: false, rerun: false });
    this.schedule(uri, 0);
  }

  /** Edited: analyse once the typing pauses for `delayMs`. */
  changed(uri: string, version: number, delayMs: number): void {
    const state = this.states.get(uri);
    if (state && version !== state.openedVersion) this.schedule(uri, delayMs);
  }

  /** Analyse after `delayMs` of quiet; 0 = now. A newer request replaces a pending one. */
  schedule(uri: string, delayMs: number): void {
    const state = this.states.get(uri);
    if (!state) return;
    if (state.timer) clearTimeout(state.timer);
    state.timer = undefined;
    if (delayMs <= 0) {
      void this.run(state);
      return;
    }
    state.timer = setTimeout(() => {
      state.timer = undefined;
      void this.run(state);
    }, delayMs);
  }

  /** Every open document (settings changed, a linked file was saved). */
  scheduleAll(delayMs: number, except?: string): void {
    for (const uri of this.states.keys()) if (uri !== except) this.schedule(uri, delayMs);
  }

  isOpen(uri: string): boolean {
    return this.states.has(uri);
  }

  /** Closed: stop its work and clear what was shown for it. */
  closed(uri: string): void {
    this.clear(uri);
    this.publish(uri, undefined, []);
  }

  dispose(): void {
    for (const uri of [...this.states.keys()]) this.clear(uri);
  }

  private clear(uri: string): void {
    const state = this.states.get(uri);
    if (state?.timer) clearTimeout(state.timer);
    this.states.delete(uri);
  }

  private async run(state: DocState): Promise<void> {
    if (state.running) {
      state.rerun = true;
      return;
    }
    state.running = true;
    try {
      do {
        state.rerun = false;
        const doc = this.docs.get(state.uri);
        if (!doc || this.states.get(state.uri) !== state) return;
        const version = doc.version;
        const isStale = () => this.states.get(state.uri) !== state || this.docs.get(state.uri)?.version !== version;
        let diagnostics: Diagnostic[] | undefined;
        try {
          diagnostics = await this.analyse(doc, isStale);
        } catch (e) {
          this.log.error(`mlcost: analysing ${state.uri} failed: ${errorText(e)}`);
          diagnostics = undefined;
        }
        if (diagnostics && !isStale()) this.publish(state.uri, version, diagnostics);
      } while (state.rerun);
    } finally {
      state.running = false;
    }
  }
}

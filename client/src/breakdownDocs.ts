// Read-only documents for the estimate breakdowns the server renders as Markdown. An untitled
// document would leave an unsaved "Untitled-N" tab behind each lens click (and a save prompt on
// close); a content provider's documents are never dirty, and a second click refreshes the same one.
import * as vscode from 'vscode';

export const BREAKDOWN_SCHEME = 'mlcost-breakdown';

export class BreakdownDocs implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** The document for one job of `source`, holding `markdown` (its previous text replaced). */
  show(source: string, job: number, markdown: string): vscode.Uri {
    const name = decodeURIComponent(source.replace(/[?#].*$/, '').split('/').pop() ?? 'estimate');
    const uri = vscode.Uri.from({ scheme: BREAKDOWN_SCHEME, path: `/${name} cost (job ${job + 1}).md`, query: source });
    this.texts.set(uri.toString(), markdown);
    this.changed.fire(uri);
    return uri;
  }

  dispose(): void {
    this.changed.dispose();
    this.texts.clear();
  }
}

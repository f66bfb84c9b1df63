// The cost breakdown webview panel: one panel, refreshed with each workspace-cost update; a row
// click opens the job's file at its line.
import * as crypto from 'crypto';
import * as vscode from 'vscode';
import type { WorkspaceCost } from '../../server/src/lsp/index/protocol';
import { breakdownHtml } from './breakdownHtml';

interface OpenMessage {
  type: 'open';
  uri: string;
  line: number;
}

function isOpenMessage(m: unknown): m is OpenMessage {
  const o = m as Partial<OpenMessage> | null;
  return !!o && o.type === 'open' && typeof o.uri === 'string' && typeof o.line === 'number' && Number.isInteger(o.line) && o.line >= 0;
}

export class BreakdownView implements vscode.Disposable {
  private panel?: vscode.WebviewPanel;
  /** The files in the shown payload: the only ones a row may open. */
  private known = new Set<string>();

  show(cost: WorkspaceCost): void {
    if (!this.panel) {
      // No local resources: the page is self-contained.
      this.panel = vscode.window.createWebviewPanel('mlcost.costBreakdown', 'mlcost: Cost breakdown', vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [] });
      this.panel.onDidDispose(() => (this.panel = undefined));
      this.panel.webview.onDidReceiveMessage((m: unknown) => {
        if (isOpenMessage(m)) void this.open(m);
      });
    } else this.panel.reveal();
    this.render(cost);
  }

  /** Refresh when open (totals changed). */
  update(cost: WorkspaceCost): void {
    if (this.panel) this.render(cost);
  }

  dispose(): void {
    this.panel?.dispose();
  }

  private render(cost: WorkspaceCost): void {
    if (!this.panel) return;
    this.known = new Set(cost.jobs.map((j) => j.uri));
    this.panel.webview.html = breakdownHtml(cost, { nonce: crypto.randomBytes(16).toString('base64'), cspSource: this.panel.webview.cspSource });
  }

  private async open(m: OpenMessage): Promise<void> {
    // Only the file: URIs the server reported; never one the page could make up.
    if (!this.known.has(m.uri)) return;
    const uri = vscode.Uri.parse(m.uri, true);
    if (uri.scheme !== 'file') return;
    const pos = new vscode.Position(m.line, 0);
    await vscode.window.showTextDocument(uri, { selection: new vscode.Range(pos, pos), viewColumn: vscode.ViewColumn.One });
  }
}

// Wires the workspace-cost face: asks the server for the totals once it runs, listens for
// mlcost/workspaceCostChanged, and drives the status bar, the breakdown panel and the alerts.
// The three commands' handlers live here; extension.ts registers them.
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { REINDEX_REQUEST, WORKSPACE_COST_CHANGED, WORKSPACE_COST_REQUEST, type WorkspaceCost, type WorkspaceCostChangedParams } from '../../server/src/lsp/index/protocol';
import { showBudgetAlert } from './budgetAlerts';
import { BreakdownView } from './breakdownView';
import { CostStatusBar } from './statusBar';

export class CostReadout implements vscode.Disposable {
  private readonly bar = new CostStatusBar();
  private readonly view = new BreakdownView();
  /** The last full payload (every job), for the breakdown when the server cannot answer. */
  private latest?: WorkspaceCost;
  /** `revision` of the figures the breakdown shows (undefined: not known). */
  private shownRevision?: number;
  private readonly subs: vscode.Disposable[] = [];

  constructor(private readonly client: LanguageClient) {
    this.subs.push(
      client.onNotification(WORKSPACE_COST_CHANGED, (p: WorkspaceCostChangedParams) => {
        // Totals and the five most expensive jobs: all the status bar and its tooltip show.
        this.bar.update(p);
        void showBudgetAlert(p);
        // The notification has no full job list; an open breakdown asks for it once the figures
        // settle (not on every update while indexing: the list is megabytes on a large workspace).
        if (!p.indexing && p.revision !== this.shownRevision && breakdownOpen()) {
          this.shownRevision = p.revision;
          void this.refresh();
        }
      }),
      client.onDidChangeState((e) => {
        if (e.newState === State.Running) void this.refresh();
      }),
    );
  }

  async showBreakdown(): Promise<void> {
    const cost = (await this.refresh()) ?? this.latest;
    if (cost) this.view.show(cost);
    else void vscode.window.showInformationMessage('mlcost: the language server is not running yet.');
  }

  async setBudget(): Promise<void> {
    const config = vscode.workspace.getConfiguration('mlcost');
    const current = config.get<number>('budget.amount');
    const value = await vscode.window.showInputBox({
      title: 'mlcost: training budget (USD)',
      prompt: `Budget per ${config.get<string>('budget.period') === 'total' ? 'project (total)' : 'month'}; empty to remove it`,
      value: current ? String(current) : '',
      validateInput: (v) => (v.trim() === '' || (Number.isFinite(Number(v.replace(/[$,\s]/g, ''))) && Number(v.replace(/[$,\s]/g, '')) > 0) ? undefined : 'A positive number of USD, e.g. 5000'),
    });
    if (value === undefined) return;
    const amount = value.trim() === '' ? undefined : Number(value.replace(/[$,\s]/g, ''));
    await config.update('budget.amount', amount, vscode.ConfigurationTarget.Workspace);
  }

  async reindex(): Promise<void> {
    await this.client.sendRequest(REINDEX_REQUEST);
  }

  dispose(): void {
    this.subs.forEach((d) => d.dispose());
    this.bar.dispose();
    this.view.dispose();
  }

  /** The full payload (every job), asked when the breakdown is shown or must be refreshed. */
  private async refresh(): Promise<WorkspaceCost | undefined> {
    if (!this.client.isRunning()) return undefined;
    try {
      const cost = await this.client.sendRequest<WorkspaceCost>(WORKSPACE_COST_REQUEST, {});
      this.render(cost);
      return cost;
    } catch {
      return undefined; // the server restarts or stops: the next notification brings the figures
    }
  }

  private render(cost: WorkspaceCost): void {
    this.latest = cost;
    this.bar.update(cost);
    this.view.update(cost);
  }
}

/** Is the breakdown panel open in some tab? (Its view type may come back prefixed by VS Code.) */
function breakdownOpen(): boolean {
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('mlcost.costBreakdown')));
}

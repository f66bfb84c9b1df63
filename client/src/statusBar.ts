// The status-bar budget readout. Renders the server's figures; warning background from warnAt,
// error background over 100%.
import * as vscode from 'vscode';
import type { WorkspaceCost } from '../../server/src/lsp/index/protocol';
import { statusText, statusTooltipMarkdown } from './statusText';

export class CostStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mlcost.cost', vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = 'mlcost cost';
    this.item.command = 'mlcost.showCostBreakdown';
  }

  update(cost: WorkspaceCost): void {
    this.item.text = statusText(cost);
    const md = new vscode.MarkdownString(statusTooltipMarkdown(cost));
    md.supportThemeIcons = true;
    this.item.tooltip = md;
    this.item.backgroundColor =
      cost.level === 'over' ? new vscode.ThemeColor('statusBarItem.errorBackground') : cost.level === 'warn' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

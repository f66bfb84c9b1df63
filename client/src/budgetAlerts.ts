// Budget alerts: the server's state machine (engine/budget.ts nextAlert) marks the payload that
// crossed warnAt or 100% upwards; this shows one notification for it with two actions.
import * as vscode from 'vscode';
import type { WorkspaceCostChangedParams } from '../../server/src/lsp/index/protocol';
import { usd } from './breakdownHtml';

export async function showBudgetAlert(p: WorkspaceCostChangedParams): Promise<void> {
  if (!p.alert || p.budgetUsd === null) return;
  const share = Math.round((p.totalUsd / p.budgetUsd) * 100);
  const text = `mlcost: planned training cost ${usd(p.totalUsd)} is ${share}% of the ${usd(p.budgetUsd)} ${p.period === 'month' ? 'monthly ' : ''}budget.${p.savingsUsd > 0 ? ` Offered fixes would save about ${usd(p.savingsUsd)}.` : ''}`;
  const show = p.alert === 'over' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
  const pick = await show(text, 'Open breakdown', 'Adjust budget');
  if (pick === 'Open breakdown') await vscode.commands.executeCommand('mlcost.showCostBreakdown');
  else if (pick === 'Adjust budget') await vscode.commands.executeCommand('mlcost.setBudget');
}

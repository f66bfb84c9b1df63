// The status-bar readout's text and tooltip table, from the server's payload. Pure (no vscode).
import type { WorkspaceCost } from '../../server/src/lsp/index/protocol';
import { escapeHtml, fileName, usd } from './breakdownHtml';

/** `$(pulse) $3,120 / $5,000` with a budget, `$(pulse) $3,120 planned` without. */
export function statusText(cost: WorkspaceCost): string {
  const spin = cost.indexing ? '$(sync~spin) ' : '$(pulse) ';
  return cost.budgetUsd !== null ? `${spin}${usd(cost.totalUsd)} / ${usd(cost.budgetUsd)}` : `${spin}${usd(cost.totalUsd)} planned`;
}

/** Markdown: the five most expensive jobs and the total saving available. */
export function statusTooltipMarkdown(cost: WorkspaceCost): string {
  const per = cost.period === 'month' ? 'month' : 'total';
  const cell = (s: string) => escapeHtml(s).replace(/\|/g, '\\|');
  const top = cost.jobs.filter((j) => j.periodCostUsd !== undefined).slice(0, 5);
  const lines = [`**mlcost: ${usd(cost.totalUsd)} per ${per}**${cost.budgetUsd !== null ? ` of ${usd(cost.budgetUsd)}` : ''}`, ''];
  if (top.length) {
    lines.push(`| Job | Hardware | Per ${per} |`, '| --- | --- | ---: |');
    for (const j of top) lines.push(`| ${cell(j.name)} (${cell(fileName(j.uri))}) | ${cell(j.hardware ?? '—')} | ${usd(j.periodCostUsd ?? 0)} |`);
  } else lines.push('_No job has a cost estimate yet: state hardware and tokens/hours (e.g. `# mlcost: gpu=A100:8 hours=12`)._');
  lines.push('', `Saving available from offered fixes: **${usd(cost.savingsUsd)}** per ${per}`, '', 'Click for the full breakdown.');
  return lines.join('\n');
}

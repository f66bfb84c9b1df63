// The cost breakdown webview's HTML, from the server's workspace-cost payload. Pure (no vscode
// import) so tests can render it. Strict CSP with a nonce, no network, VS Code theme variables;
// rows post `{ type: 'open', uri, line }` to the extension, which opens the file at that line.
import type { WorkspaceCost, WorkspaceCostJob } from '../../server/src/lsp/index/protocol';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** `$3,120` (whole dollars from $100), `$45.20` below; fixed en-US grouping. */
export function usd(n: number): string {
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : 2;
  const [i, f] = abs.toFixed(digits).split('.');
  return `${n < 0 ? '-' : ''}$${i.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${f ? `.${f}` : ''}`;
}

/** The file name (last path segment, decoded) of a URI. */
export function fileName(uri: string): string {
  const last = uri.replace(/[?#].*$/, '').split('/').pop() ?? uri;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

const BAR_WIDTH = 320;
const BAR_HEIGHT = 18;

/** One bar per priced job: the period cost, with the achievable saving shaded at its right end. */
export function barChartSvg(jobs: readonly WorkspaceCostJob[]): string {
  const priced = jobs.filter((j) => (j.periodCostUsd ?? 0) > 0);
  if (!priced.length) return '';
  const max = Math.max(...priced.map((j) => j.periodCostUsd ?? 0));
  const labelWidth = 220;
  const height = priced.length * (BAR_HEIGHT + 6);
  const bars = priced.map((j, i) => {
    const cost = j.periodCostUsd ?? 0;
    const w = (cost / max) * BAR_WIDTH;
    const save = Math.min(w, (Math.min(j.savingsUsd, cost) / max) * BAR_WIDTH);
    const y = i * (BAR_HEIGHT + 6);
    const label = escapeHtml(`${j.name} (${fileName(j.uri)})`);
    return (
      `<g class="bar"><title>${label}: ${usd(cost)}${j.savingsUsd > 0 ? `, ${usd(j.savingsUsd)} saving available` : ''}</title>` +
      `<text x="0" y="${y + 13}">${label}</text>` +
      `<rect class="cost" x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${BAR_HEIGHT}"></rect>` +
      (save > 0 ? `<rect class="saving" x="${(labelWidth + w - save).toFixed(1)}" y="${y}" width="${save.toFixed(1)}" height="${BAR_HEIGHT}"></rect>` : '') +
      `<text x="${(labelWidth + w + 6).toFixed(1)}" y="${y + 13}">${usd(cost)}</text></g>`
    );
  });
  return `<svg role="img" aria-label="Cost per job" width="${labelWidth + BAR_WIDTH + 90}" height="${height}" xmlns="http://www.w3.org/2000/svg">${bars.join('')}</svg>`;
}

function periodName(cost: WorkspaceCost): string {
  return cost.period === 'month' ? 'month' : 'total';
}

/** Jobs estimated on assumed hardware or data still count in the total (a model assumed does not); the table says which. */
function assumedNote(j: WorkspaceCostJob): string {
  if (!j.assumed?.length) return '';
  const what = j.assumed
    .map((a) => (a === 'hardware' ? 'hardware not stated: cheapest fitting choice' : a === 'model' ? 'model not stated: a typical size assumed, not counted in the total' : 'tokens not stated: assumed'))
    .join('; ');
  return `<div class="note assumed" title="${escapeHtml(what)}">assumed: ${escapeHtml(j.assumed.join(', '))}</div>`;
}

function row(j: WorkspaceCostJob, index: number): string {
  const findings = j.findings.map((f) => `<li title="${escapeHtml(f.message)}">${escapeHtml(f.rule)} (line ${f.line + 1})</li>`).join('');
  const num = (n: number | undefined) => (n === undefined ? '' : String(n));
  return (
    `<tr data-row="${index}">` +
    `<td data-value="${escapeHtml(j.name.toLowerCase())}"><a href="#" class="open" data-uri="${escapeHtml(j.uri)}" data-line="${j.line}">${escapeHtml(j.name)}</a>` +
    `<div class="file">${escapeHtml(fileName(j.uri))}:${j.line + 1}</div></td>` +
    `<td data-value="${escapeHtml((j.hardware ?? '').toLowerCase())}">${escapeHtml(j.hardware ?? '—')}${assumedNote(j)}</td>` +
    `<td class="num" data-value="${num(j.runCostUsd)}">${j.runCostUsd === undefined ? `<span class="missing" title="${escapeHtml(j.missing ?? '')}">—</span>` : usd(j.runCostUsd)}</td>` +
    `<td class="num" data-value="${j.runsPerPeriod}">${j.runsPerPeriod}</td>` +
    `<td class="num" data-value="${num(j.periodCostUsd)}">${j.periodCostUsd === undefined ? '—' : usd(j.periodCostUsd)}</td>` +
    `<td class="num" data-value="${j.savingsUsd}">${j.savingsUsd > 0 ? usd(j.savingsUsd) : '—'}</td>` +
    `<td><ul>${findings}</ul></td>` +
    `</tr>`
  );
}

export function breakdownHtml(cost: WorkspaceCost, opts: { nonce: string; cspSource: string }): string {
  const nonce = escapeHtml(opts.nonce);
  const budget = cost.budgetUsd !== null ? ` of ${usd(cost.budgetUsd)} budget (${Math.round((cost.totalUsd / cost.budgetUsd) * 100)}%)` : ' planned (no budget set)';
  const folders = (cost.folders ?? []).map((f) => `<li>${escapeHtml(f.name)}: ${usd(f.totalUsd)} (${f.jobCount} jobs, ${usd(f.savingsUsd)} saving)</li>`).join('');
  const heads = ['Job', 'Hardware', 'Per run', `Runs / ${periodName(cost)}`, `Per ${periodName(cost)}`, 'Saving', 'Findings'];
  const types = ['text', 'text', 'num', 'num', 'num', 'num', 'none'];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${escapeHtml(opts.cspSource)} data:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>mlcost: cost breakdown</title>
<style nonce="${nonce}">
  body { color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
  table { border-collapse: collapse; width: 100%; margin-top: 1em; }
  th, td { border-bottom: 1px solid var(--vscode-panel-border); padding: 4px 8px; text-align: left; vertical-align: top; }
  th[data-type]:not([data-type="none"]) { cursor: pointer; }
  td.num { text-align: right; font-variant-numeric: tabular-nums; }
  a { color: var(--vscode-textLink-foreground); }
  .file, .note { color: var(--vscode-descriptionForeground); }
  ul { margin: 0; padding-left: 1.2em; }
  svg text { fill: var(--vscode-foreground); font-size: 12px; }
  svg rect.cost { fill: var(--vscode-charts-blue); }
  svg rect.saving { fill: var(--vscode-charts-green); opacity: 0.8; }
</style>
</head>
<body>
<h2>${usd(cost.totalUsd)} per ${periodName(cost)}${budget}</h2>
<p>${cost.savingsUsd > 0 ? `Fixes mlcost offers would save about <strong>${usd(cost.savingsUsd)}</strong> per ${periodName(cost)} (shaded in the chart).` : 'No saving computed for the offered fixes.'}${cost.indexing ? ' <em>Still indexing the workspace…</em>' : ''}</p>
${folders ? `<ul>${folders}</ul>` : ''}
${barChartSvg(cost.jobs)}
<table id="jobs">
<thead><tr>${heads.map((h, i) => `<th data-col="${i}" data-type="${types[i]}">${escapeHtml(h)}</th>`).join('')}</tr></thead>
<tbody>${cost.jobs.map(row).join('')}</tbody>
</table>
<p class="note">Estimates are rough: per-run figures come from the job's own hardware and stated work; runs per ${periodName(cost)} from <code># mlcost: runs-per-month=N</code> or <code>mlcost.runsPerMonthDefault</code>. fp32 savings use the lowest measured bf16 speed-up (5.4x).</p>
<script nonce="${nonce}">
  const vscode = acquireVsCodeApi();
  document.querySelectorAll('a.open').forEach((a) => a.addEventListener('click', (e) => {
    e.preventDefault();
    vscode.postMessage({ type: 'open', uri: a.dataset.uri, line: Number(a.dataset.line) });
  }));
  const tbody = document.querySelector('#jobs tbody');
  let sorted = { col: -1, dir: 1 };
  document.querySelectorAll('#jobs th').forEach((th) => th.addEventListener('click', () => {
    const col = Number(th.dataset.col), type = th.dataset.type;
    if (type === 'none') return;
    sorted = { col, dir: sorted.col === col ? -sorted.dir : (type === 'num' ? -1 : 1) };
    const key = (tr) => tr.children[col].dataset.value ?? '';
    const rows = Array.from(tbody.rows);
    rows.sort((a, b) => {
      const x = key(a), y = key(b);
      if (type === 'num') return ((x === '' ? -Infinity : Number(x)) - (y === '' ? -Infinity : Number(y))) * sorted.dir;
      return x.localeCompare(y) * sorted.dir;
    });
    rows.forEach((r) => tbody.appendChild(r));
  }));
</script>
</body>
</html>`;
}

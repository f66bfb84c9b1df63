// The cost breakdown webview's HTML (client/src/breakdownHtml.ts) and the status-bar text
// (client/src/statusText.ts): pure renderers of the server's workspace-cost payload.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { barChartSvg, breakdownHtml, escapeHtml, usd } from '../../client/src/breakdownHtml';
import { statusText, statusTooltipMarkdown } from '../../client/src/statusText';
import type { WorkspaceCost, WorkspaceCostJob } from '../../server/src/lsp/index/protocol';

const job = (over: Partial<WorkspaceCostJob>): WorkspaceCostJob => ({
  uri: 'file:///ws/train.yaml',
  line: 3,
  name: 'train',
  runsPerPeriod: 1,
  savingsUsd: 0,
  runSavingsUsd: 0,
  findings: [],
  ...over,
});

const cost = (over: Partial<WorkspaceCost> = {}): WorkspaceCost => ({
  totalUsd: 3120,
  budgetUsd: 5000,
  period: 'month',
  warnAt: 0.8,
  level: 'below',
  savingsUsd: 900,
  indexing: false,
  filesIndexed: 3,
  jobs: [
    job({ name: 'big', uri: 'file:///ws/big.yaml', line: 9, hardware: '8×A100-80GB (p4de.24xlarge)', runCostUsd: 780, runsPerPeriod: 4, periodCostUsd: 3120, savingsUsd: 900, runSavingsUsd: 225, findings: [{ rule: 'fp32-training', severity: 'warning', message: 'Trains in full fp32', line: 12 }] }),
    job({ name: 'evil <script>', uri: 'file:///ws/%3Cimg%20src%3Dx%3E.yaml', line: 0, runCostUsd: undefined, missing: 'hardware unknown' }),
  ],
  ...over,
});

const NONCE = 'abc123nonce';
const html = (c: WorkspaceCost = cost()) => breakdownHtml(c, { nonce: NONCE, cspSource: 'vscode-webview://x' });

describe('breakdown HTML', () => {
  it('marks jobs estimated on assumed hardware or tokens, which still count in the total', () => {
    const assumed = job({ name: 'nohw', hardware: '1×L4 (g6.xlarge)', runCostUsd: 12, periodCostUsd: 12, assumed: ['hardware', 'tokens'] });
    const out = html(cost({ jobs: [assumed], totalUsd: 12 }));
    assert.match(out, /<div class="note assumed" title="hardware not stated: cheapest fitting choice; tokens not stated: assumed">assumed: hardware, tokens<\/div>/);
    assert.match(out, /\$12\.00 per month/, "counted in the total");
    assert.doesNotMatch(html(), /class="note assumed"/, 'nothing assumed: no mark');
  });

  it('has a CSP that allows only its own nonced script and style, and no network', () => {
    const h = html();
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(h)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, new RegExp(`script-src 'nonce-${NONCE}'`));
    assert.doesNotMatch(csp, /https?:|unsafe-inline|unsafe-eval/);
    const scripts = [...h.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    assert.ok(scripts.length >= 1 && scripts.every((a) => a.includes(`nonce="${NONCE}"`)), 'every script carries the nonce');
    assert.doesNotMatch(h, /https?:\/\/(?!www\.w3\.org\/2000\/svg)/, 'no external URL besides the SVG namespace');
    assert.match(h, /var\(--vscode-foreground\)/, 'uses theme variables');
  });

  it('lists every job with hardware, per-run and per-period cost, saving and findings, each linking to its line', () => {
    const h = html();
    const rows = [...h.matchAll(/<tr data-row="\d+">([\s\S]*?)<\/tr>/g)].map((m) => m[1]);
    assert.equal(rows.length, 2);
    assert.match(rows[0], /data-uri="file:\/\/\/ws\/big\.yaml" data-line="9"/);
    assert.match(rows[0], /8×A100-80GB \(p4de\.24xlarge\)/);
    assert.match(rows[0], /\$780/);
    assert.match(rows[0], /\$3,120/);
    assert.match(rows[0], /\$900/);
    assert.match(rows[0], /fp32-training \(line 13\)/);
    assert.match(rows[0], /big\.yaml:10/);
    assert.match(rows[1], /title="hardware unknown">—/);
    assert.match(h, /vscode\.postMessage\(\{ type: 'open', uri: a\.dataset\.uri, line: Number\(a\.dataset\.line\) \}\)/);
    assert.match(h, /<th data-col="4" data-type="num">Per month<\/th>/, 'sortable numeric column');
    assert.match(h, /\$3,120 per month of \$5,000 budget \(62%\)/);
  });

  it('escapes job and file names, so a `<` in either cannot inject markup', () => {
    const h = html();
    assert.ok(!h.includes('evil <script>'), 'job name escaped');
    assert.ok(h.includes('evil &lt;script&gt;'));
    assert.ok(!h.includes('<img src=x>'), 'decoded file name escaped');
    assert.ok(h.includes('&lt;img src=x&gt;.yaml'));
    assert.equal(escapeHtml(`<a href="x" onclick='y'>&`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;');
  });

  it('draws one SVG bar per priced job with the saving shaded inside it', () => {
    const svg = barChartSvg(cost().jobs);
    const costs = [...svg.matchAll(/<rect class="cost" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)];
    const savings = [...svg.matchAll(/<rect class="saving" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)];
    assert.equal(costs.length, 1, 'the unpriced job has no bar');
    assert.equal(savings.length, 1);
    const [cx, cw] = [Number(costs[0][1]), Number(costs[0][2])];
    const [sx, sw] = [Number(savings[0][1]), Number(savings[0][2])];
    assert.ok(Math.abs(sw / cw - 900 / 3120) < 0.01, `saving share ${sw / cw}`);
    assert.ok(Math.abs(sx + sw - (cx + cw)) < 0.2, 'shaded at the right end of the bar');
    assert.equal(barChartSvg([job({})]), '', 'no priced job: no chart');
    assert.ok(html().includes(svg));
  });

  it('says when no budget is set', () => {
    assert.match(html(cost({ budgetUsd: null, level: 'none' })), /planned \(no budget set\)/);
  });
});

describe('status-bar text', () => {
  it('shows spend against the budget, or the plan without one', () => {
    assert.equal(statusText(cost()), '$(pulse) $3,120 / $5,000');
    assert.equal(statusText(cost({ budgetUsd: null })), '$(pulse) $3,120 planned');
    assert.equal(usd(45.2), '$45.20');
    assert.equal(usd(1234567.4), '$1,234,567');
  });

  it('tooltip lists the most expensive priced jobs (at most five) and the saving available', () => {
    const many = cost({ jobs: Array.from({ length: 7 }, (_, i) => job({ name: `job${i} |x`, periodCostUsd: 100 - i, runCostUsd: 100 - i })) });
    const md = statusTooltipMarkdown(many);
    const rows = md.split('\n').filter((l) => l.startsWith('| job'));
    assert.equal(rows.length, 5);
    assert.match(rows[0], /job0 \\\|x/, 'pipes escaped in table cells');
    assert.match(md, /Saving available from offered fixes: \*\*\$900\*\* per month/);
  });
});

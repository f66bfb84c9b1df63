// The editor's cost wording, without the LSP: money formatting, lens titles, breakdown and hover
// Markdown, pricing settings validation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CostEstimate } from '../../server/src/engine/cost/estimateTypes';
import { breakdownMarkdown, cell, sourceText } from '../../server/src/lsp/cost/breakdownMarkdown';
import { hardwareInfo } from '../../server/src/lsp/cost/hardwareInfo';
import { hoverMarkdown } from '../../server/src/lsp/cost/hoverMarkdown';
import { jobLensTitle } from '../../server/src/lsp/cost/lensTitles';
import { hoursText, usdEstimate, usdRate } from '../../server/src/lsp/cost/money';
import { parsePricingPreferences } from '../../server/src/lsp/cost/pricingPreferences';

const range = { start: { line: 3, character: 0 }, end: { line: 3, character: 9 } };
const base: CostEstimate = { anchor: range, jobName: 'sft', workload: 'training', usesSpot: false, assumptions: [] } as CostEstimate;

describe('cost wording', () => {
  it('formats money and hours with grouping and sensible rounding', () => {
    assert.equal(usdEstimate(1238.4), '$1,240');
    assert.equal(usdEstimate(123456), '$123,000');
    assert.equal(usdEstimate(87.6), '$88');
    assert.equal(usdEstimate(4.567), '$4.57');
    assert.equal(usdRate(40.968), '$40.97');
    assert.equal(usdRate(113.9328), '$113.93');
    assert.equal(hoursText(310.2), '310');
    assert.equal(hoursText(12345), '12,300');
    assert.equal(hoursText(7.54), '7.5');
  });

  it('titles a job lens with run cost, GPU-hours, hardware and rates', () => {
    const e = { ...base, hardwareLabel: '8×A100-80GB (p4de.24xlarge)', onDemandPerHour: 40.97, spotPerHour: 12.29, hours: 38.7, gpuHours: 310, runCostOnDemand: 1238 };
    assert.equal(jobLensTitle(e), '≈ $1,240/run · 310 GPU-h on 8×A100-80GB (p4de.24xlarge) · $40.97/h on-demand, $12.29/h spot');
    assert.equal(jobLensTitle({ ...e, hours: undefined, gpuHours: undefined, runCostOnDemand: undefined, missing: 'set tokens to estimate a run' }), '$40.97/h on 8×A100-80GB (p4de.24xlarge) · set tokens to estimate a run');
    assert.equal(jobLensTitle({ ...base, missing: 'hardware unknown' }), 'mlcost: hardware unknown');
  });

  it('lists every assumption with its source, escaping table cells', () => {
    const e = {
      ...base,
      assumptions: [
        { name: 'steps', value: '2000', source: { kind: 'file' as const, key: '--max_steps', range } },
        { name: 'MFU', value: '0.4', source: { kind: 'calibration' as const, detail: 'H100 | 2026' } },
        { name: 'GPU', value: 'A100:8', source: { kind: 'setting' as const, name: 'mlcost.defaultHardware' } },
      ],
    };
    const md = breakdownMarkdown(e, 'file:///w/task.yaml', { source: 'catalog X', retrieved: '2026-11-24', notes: ['n1'] });
    // Plain text, no `file:` link: VS Code's preview (markdown-it) would show it as raw Markdown.
    assert.match(md, /\| steps \| 2000 \| file: `--max_steps`, task\.yaml line 4 \|/);
    assert.ok(!md.includes('](file:'), 'no file: links');
    // Dataset sizes come from the dataset table, prices from the price catalog: each says which.
    assert.match(sourceText({ kind: 'catalog', detail: 'Hugging Face dataset table (retrieved 2026-12-01): 52,002 rows' }, 'file:///w/a.yaml'), /^dataset table: /);
    assert.match(sourceText({ kind: 'catalog', detail: 'aws us-east-1 list price' }, 'file:///w/a.yaml'), /^price catalog: /);
    assert.match(md, /\| MFU \| 0\.4 \| calibration: H100 \\\| 2026 \|/);
    assert.match(md, /setting `mlcost\.defaultHardware`/);
    assert.match(md, /retrieved 2026-11-24/);
    assert.equal(cell('a|b\nc'), 'a\\|b c');
  });

  it('builds a hover with catalog price and cheaper instances that fit', () => {
    const info = hardwareInfo('p4de.24xlarge', 'instanceType', { needGiB: 30, scope: { provider: 'aws' } });
    assert.equal(info.priced?.onDemand, 27.44705);
    assert.ok(info.alternatives.length > 0 && info.alternatives.length <= 3);
    assert.ok(info.alternatives.every((a) => a.instanceType !== 'p4de.24xlarge' && (a.gpuMemoryGiB ?? 0) * 0.9 >= 30));
    const md = hoverMarkdown(info, { provider: 'aws' });
    assert.match(md, /\| p4de\.24xlarge \| aws us-east-1 \| \$27\.45\/h \| \$9\.73\/h \| catalog \|/);
    assert.match(md, /−\d+% \|/);
    const overridden = hardwareInfo('p4de.24xlarge', 'instanceType', { scope: { provider: 'aws', overrides: [{ instanceType: 'p4de.24xlarge', onDemand: 20 }] } });
    assert.equal(overridden.priced?.onDemand, 20);
    assert.equal(overridden.priced?.overridden, true);
  });

  it('validates pricing settings, one problem per bad value', () => {
    const problems: string[] = [];
    const p = parsePricingPreferences({ pricing: { provider: 'GCP', region: 'us-central1', overridesFile: 'p.csv' }, hoursPerMonth: 700, defaultHardware: 'A100:8' }, (m) => problems.push(m));
    assert.deepEqual(p, { provider: 'gcp', region: 'us-central1', overridesFile: 'p.csv', hoursPerMonth: 700, defaultHardware: 'A100:8' });
    assert.equal(problems.length, 0);
    const bad = parsePricingPreferences({ pricing: { provider: 'ibm', region: 'x'.repeat(500) }, hoursPerMonth: 1e12, defaultHardware: '$(rm -rf)' }, (m) => problems.push(m));
    assert.deepEqual(bad, { hoursPerMonth: 730 });
    assert.equal(problems.length, 4);
    assert.equal(parsePricingPreferences({ pricing: { provider: 'any' } }, () => {}).provider, undefined);
  });
});

// Budget arithmetic, alert thresholds and fix savings (engine/budget.ts, engine/savings.ts): pure
// functions, plus one run of the real rules on an example so the savings read what they really say.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { alwaysOnMonthlyOf, budgetLevel, DEFAULT_BUDGET, nextAlert, periodCost, runCostOf, runsPerPeriod, sumUsd, type BudgetLevel, type BudgetSettings } from '../../server/src/engine/budget';
import { estimateFor, findingsByJob, hourlySaving, precisionSaving, runSaving, savingOf, savingText } from '../../server/src/engine/savings';
import type { Saving } from '../../server/src/engine/types';
import type { Range } from '../../server/src/engine/types';
import { repoRoot } from '../lsp/lspSession';

const month: BudgetSettings = { ...DEFAULT_BUDGET, amount: 5000 };
const at = (line: number): Range => ({ start: { line, character: 0 }, end: { line, character: 1 } });

describe('budget: run and period cost', () => {
  it('uses the spot run cost only for a job that asks for spot', () => {
    assert.equal(runCostOf({ usesSpot: true, runCostOnDemand: 100, runCostSpot: 30 }), 30);
    assert.equal(runCostOf({ usesSpot: false, runCostOnDemand: 100, runCostSpot: 30 }), 100);
    assert.equal(runCostOf({ usesSpot: true, runCostOnDemand: 100 }), 100, 'no spot price known: on-demand');
    assert.equal(runCostOf({ usesSpot: false }), undefined);
    assert.equal(runCostOf({ usesSpot: false, runCostOnDemand: Number.NaN }), undefined);
  });

  it('multiplies by the runs-per-month annotation, else the default; a total budget counts one run', () => {
    assert.equal(runsPerPeriod(4, month), 4);
    assert.equal(runsPerPeriod(undefined, month), 1);
    assert.equal(runsPerPeriod(undefined, { ...month, runsPerMonthDefault: 2 }), 2);
    assert.equal(runsPerPeriod(4, { ...month, period: 'total' }), 1);
    assert.deepEqual(periodCost({ usesSpot: true, runCostOnDemand: 100, runCostSpot: 30 }, 4, month), { runCostUsd: 30, runsPerPeriod: 4, periodCostUsd: 120 });
    assert.deepEqual(periodCost({ usesSpot: false }, 4, month), { runCostUsd: undefined, runsPerPeriod: 4, periodCostUsd: undefined });
  });

  it('sums only known figures', () => {
    assert.equal(sumUsd([10, undefined, 2.5, Number.NaN]), 12.5);
    assert.equal(sumUsd([]), 0);
  });
});

describe('budget: levels and the alert state machine', () => {
  it('places a total below, at warnAt, at and above the budget', () => {
    assert.equal(budgetLevel(3999, month), 'below');
    assert.equal(budgetLevel(4000, month), 'warn', 'warnAt 0.8 of 5000 is 4000');
    assert.equal(budgetLevel(5000, month), 'warn', 'exactly the budget is not over it');
    assert.equal(budgetLevel(5000.01, month), 'over');
    assert.equal(budgetLevel(10_000, DEFAULT_BUDGET), 'none', 'no budget set');
    assert.equal(budgetLevel(450, { amount: 500, warnAt: 0.95 }), 'below');
  });

  it('notifies once per upward crossing, again only after dropping below and crossing again', () => {
    const totals = [1000, 4100, 4200, 4900, 5100, 5200, 4800, 5300, 3000, 4500, 4600];
    let level: BudgetLevel = 'none';
    const fired: string[] = [];
    for (const t of totals) {
      const step = nextAlert(level, budgetLevel(t, month));
      level = step.level;
      fired.push(step.notify ?? '-');
    }
    assert.deepEqual(fired, ['-', 'warn', '-', '-', 'over', '-', '-', 'over', '-', 'warn', '-']);
  });

  it('jumping from below straight over the budget fires one "over", not two', () => {
    assert.deepEqual(nextAlert('below', 'over'), { level: 'over', notify: 'over' });
    assert.deepEqual(nextAlert('none', 'warn'), { level: 'warn', notify: 'warn' });
    assert.deepEqual(nextAlert('over', 'none'), { level: 'none' }, 'budget removed: silent');
  });
});

describe('savings', () => {
  const saving = (usdPerRun: number, extra: Partial<Saving> = {}): Saving => ({ usdPerRun, basis: 'test', ...extra });

  it('savingOf is the difference of two runs priced alike, with the wall-time change; nothing when it costs more', () => {
    const s = savingOf({ usd: 300, hours: 10 }, { usd: 120, hours: 40 }, 'b');
    assert.deepEqual(s, { usdPerRun: 180, hoursDelta: 30, basis: 'b' });
    assert.equal(savingOf({ usd: 100, hours: 1 }, { usd: 100.5, hours: 20 }, 'b'), undefined, 'a slower run that costs more saves nothing');
    assert.equal(savingText(s!), 'saves ≈ $180 per run (run 30.0 h longer)');
    assert.equal(savingText(hourlySaving(2, 0.5, 730, 'x')!), 'saves ≈ $1,095 a month');
  });

  it('precisionSaving uses the predicted speed-up of the estimate on the job\'s own pricing (spot when it asks for spot)', () => {
    const e = { runCostOnDemand: 540, runCostSpot: 200, usesSpot: false, hours: 10, precisionSpeedup: { to: 'bf16' as const, factor: 5.4, basis: 'model' } };
    const onDemand = precisionSaving(e as never)!;
    assert.ok(Math.abs(onDemand.usdPerRun - 440) < 1e-9, `540 × (1 − 1/5.4) = 440, got ${onDemand.usdPerRun}`);
    assert.ok(onDemand.hoursDelta! < -8, 'the run gets shorter');
    const spot = precisionSaving({ ...e, usesSpot: true } as never)!;
    assert.ok(Math.abs(spot.usdPerRun - 200 * (1 - 1 / 5.4)) < 1e-9);
    assert.equal(precisionSaving({ ...e, runCostOnDemand: undefined, runCostSpot: undefined } as never), undefined, 'unknown run cost: nothing claimed');
  });

  it('runSaving combines per-run savings multiplicatively, never more than the run', () => {
    const s = runSaving(300, [{ rule: 'fp32-training', saving: saving(300 * (1 - 1 / 5.4)) }]);
    assert.ok(Math.abs(s.usd - 300 * (1 - 1 / 5.4)) < 1e-9);
    const both = runSaving(300, [
      { rule: 'fp32-training', saving: saving(300 * (1 - 1 / 5.4)) },
      { rule: 'oversized-gpu', saving: saving(150) },
    ]);
    const expected = 300 * (1 - (1 / 5.4) * 0.5);
    assert.ok(Math.abs(both.usd - expected) < 1e-9, `expected ${expected}, got ${both.usd}`);
    assert.ok(both.usd < 300);
    assert.equal(runSaving(undefined, [{ rule: 'fp32-training', saving: saving(5) }]).usd, 0, 'unknown run cost: nothing claimed');
    assert.equal(runSaving(100, [{ rule: 'oversized-gpu' }]).usd, 0, 'no saving stated: nothing claimed');
    assert.equal(runSaving(100, [{ rule: 'oversized-gpu', saving: saving(50, { per: 'month' }) }]).usd, 0, 'a monthly (service) saving is no per-run saving');
  });

  it('assigns findings to the job whose anchor is nearest above them', () => {
    const jobs = [{ anchor: at(0) }, { anchor: at(20) }];
    const grouped = findingsByJob(jobs, [{ range: at(5) }, { range: at(25) }, { range: at(20) }]);
    assert.deepEqual(grouped.map((g) => g.map((f) => f.range.start.line)), [[5], [25, 20]]);
    assert.deepEqual(findingsByJob([{ anchor: at(10) }], [{ range: at(2) }]).map((g) => g.length), [1], 'above the only job: still its');
  });

  it('works on what the real rules say about the SageMaker example (oversized-gpu + fp32-training on spot)', async () => {
    const file = path.join(repoRoot, 'examples', 'smelly', 'sagemaker_launch.py');
    const result = await analyze({ path: file, text: fs.readFileSync(file, 'utf8') });
    const estimate = estimateFor(result.jobs[0], result.estimates);
    assert.ok(estimate, 'the estimator priced the example');
    const run = runCostOf(estimate);
    assert.ok(run !== undefined && run > 0);
    const fp32 = result.findings.find((f) => f.rule === 'fp32-training');
    assert.ok(fp32?.saving, 'fp32-training states its saving per run');
    assert.ok(fp32.message.includes(savingText(fp32.saving)), `the message words the structured saving: ${fp32.message}`);
    const combined = runSaving(run, result.findings);
    assert.ok(combined.parts.some((p) => p.rule === 'fp32-training'));
    assert.ok(combined.usd >= combined.parts[0].usd && combined.usd < run, `combined ${combined.usd} between the parts and the run cost ${run}`);
  });
});

describe('always-on machines in the budget', () => {
  const month: BudgetSettings = { ...DEFAULT_BUDGET, period: 'month' };
  it('an IaC GPU machine with no run costs its month; a one-off (total) budget leaves it out', () => {
    assert.deepEqual(periodCost({ usesSpot: false, alwaysOnMonthly: 623 }, undefined, month), { runsPerPeriod: 1, periodCostUsd: 623 });
    assert.equal(periodCost({ usesSpot: false, alwaysOnMonthly: 623 }, undefined, { ...month, period: 'total' }).periodCostUsd, undefined);
    // A run cost wins: a training job's month is run × runs, never its hourly price × 730.
    assert.equal(periodCost({ usesSpot: false, runCostOnDemand: 10, alwaysOnMonthly: 623 }, 4, month).periodCostUsd, 40);
  });

  it('alwaysOnMonthlyOf reads the estimate\'s month only when there is no run cost, spot when the job uses spot', () => {
    const monthly = { onDemand: 623, spot: 248, basis: 'always on, 730 hours per month' };
    assert.equal(alwaysOnMonthlyOf({ usesSpot: false, monthly }), 623);
    assert.equal(alwaysOnMonthlyOf({ usesSpot: true, monthly }), 248);
    assert.equal(alwaysOnMonthlyOf({ usesSpot: false, runCostOnDemand: 5, monthly }), undefined);
    assert.equal(alwaysOnMonthlyOf({ usesSpot: false }), undefined);
  });

  it('the examples\' GPU dev box counts in the month, as the status bar and `mlcost check --max-monthly` read it', async () => {
    const p = path.join(__dirname, '..', '..', '..', 'examples', 'smelly', 'gpu_devbox.tf');
    const r = await analyze({ path: p, text: fs.readFileSync(p, 'utf8') });
    const e = r.estimates[0];
    const m = alwaysOnMonthlyOf(e);
    assert.ok(m !== undefined && m > 100, `monthly ${m}`);
    assert.equal(periodCost({ ...e, alwaysOnMonthly: m }, undefined, month).periodCostUsd, m);
  });
});

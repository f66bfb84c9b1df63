// Budget arithmetic, alert thresholds and fix savings (engine/budget.ts, engine/savings.ts): pure
// functions, plus one run of the real rules on an example so the savings read what they really say.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { budgetLevel, DEFAULT_BUDGET, nextAlert, periodCost, runCostOf, runsPerPeriod, sumUsd, type BudgetLevel, type BudgetSettings } from '../../server/src/engine/budget';
import { PRECISION } from '../../server/src/engine/evidence';
import { estimateFor, findingsByJob, FP32_SPEEDUP, runSaving, statedHourlySaving } from '../../server/src/engine/savings';
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
  it('uses the lower bound of the measured bf16 speed-up', () => {
    assert.equal(FP32_SPEEDUP, 5.4);
    assert.equal(FP32_SPEEDUP, Math.min(...PRECISION.bf16OverFp32));
    const s = runSaving({ runCostUsd: 540, runCostOnDemand: 540, hours: 10 }, [{ rule: 'fp32-training' }]);
    assert.ok(Math.abs(s.usd - 440) < 1e-9, `540 × (1 − 1/5.4) = 440, got ${s.usd}`);
    assert.deepEqual(s.parts.map((p) => p.rule), ['fp32-training']);
  });

  it('takes the hourly saving oversized-gpu states and multiplies by hours', () => {
    assert.equal(statedHourlySaving('It fits on 1×L4 — saves ≈ $1,234.50/h. Prices: ...'), 1234.5);
    assert.equal(statedHourlySaving('no price here'), undefined);
    const s = runSaving({ runCostUsd: 300, runCostOnDemand: 300, hours: 10 }, [{ rule: 'oversized-gpu', savingUsdPerHour: 20 }]);
    assert.ok(Math.abs(s.usd - 200) < 1e-9, `$20/h × 10 h = 200, got ${s.usd}`);
  });

  it('scales oversized-gpu to the spot run for a spot job, and combines fixes multiplicatively', () => {
    const spot = runSaving({ runCostUsd: 100, runCostOnDemand: 300, hours: 10 }, [{ rule: 'oversized-gpu', savingUsdPerHour: 15 }]);
    assert.ok(Math.abs(spot.usd - 50) < 1e-9, `half the hourly price saved → half the spot run, got ${spot.usd}`);
    const both = runSaving({ runCostUsd: 300, runCostOnDemand: 300, hours: 10 }, [
      { rule: 'fp32-training' },
      { rule: 'oversized-gpu', savingUsdPerHour: 15 },
    ]);
    const expected = 300 * (1 - (1 / 5.4) * 0.5);
    assert.ok(Math.abs(both.usd - expected) < 1e-9, `expected ${expected}, got ${both.usd}`);
    assert.ok(both.usd < 300);
    assert.equal(runSaving({ runCostUsd: undefined, hours: 3 }, [{ rule: 'fp32-training' }]).usd, 0, 'unknown run cost: nothing claimed');
    assert.equal(runSaving({ runCostUsd: 100, runCostOnDemand: 100 }, [{ rule: 'oversized-gpu', savingUsdPerHour: 5 }]).usd, 0, 'unknown hours: nothing claimed');
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
    const oversized = result.findings.find((f) => f.rule === 'oversized-gpu');
    assert.ok(oversized, 'the example has an oversized-gpu finding');
    const perHour = statedHourlySaving(oversized.message);
    assert.ok(perHour !== undefined && perHour > 0, `oversized-gpu still states its hourly saving: ${oversized.message}`);
    assert.ok(Math.abs((oversized.savingUsdPerHour ?? 0) - perHour) < 0.006, 'the structured saving is the one the message states');
    const estimate = estimateFor(result.jobs[0], result.estimates);
    assert.ok(estimate, 'the estimator priced the example');
    const run = runCostOf(estimate);
    assert.ok(run !== undefined && run > 0);
    const saving = runSaving({ runCostUsd: run, runCostOnDemand: estimate.runCostOnDemand, hours: estimate.hours }, result.findings);
    assert.deepEqual(saving.parts.map((p) => p.rule).sort(), ['fp32-training', 'oversized-gpu']);
    assert.ok(saving.usd > saving.parts[0].usd && saving.usd < run, `combined ${saving.usd} between the parts and the run cost ${run}`);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { estimateJob } from '../../../server/src/engine/cost/estimate';
import { optionsTable, rankHardware } from '../../../server/src/engine/cost/options';
import { oversizedGpu } from '../../../rules/oversized-gpu';
import { gpuSpec } from '../../../server/src/engine/cost/gpus';
import type { Fact, Job, Range } from '../../../server/src/engine/types';

const R: Range = { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } };
const file = <T>(value: T, key = 'k'): Fact<T> => ({ value, source: { kind: 'file', range: R, key } });

function job(extra: Partial<Job> = {}): Job {
  return {
    dialect: 'test',
    name: 'sft',
    workload: 'training',
    anchor: R,
    datasets: [],
    linkedFiles: [],
    precision: file('bf16', 'bf16'),
    model: { id: file('gpt2', 'model') },
    batch: { perDevice: file(8, 'batch'), sequenceLength: file(1024, 'seq') },
    schedule: { maxSteps: file(5000, 'max_steps') },
    ...extra,
  };
}

const ctx = (pricing = {}) => ({ gpu: gpuSpec, pricing, estimate: (j: Job) => estimateJob(j, pricing) });

describe('hardware options', () => {
  test('ranked per run: fitting rows first, cheapest cost per token (= per run, same work) first', () => {
    const ranked = rankHardware({ job: job(), parameters: 124e6, mode: 'mixed', perDeviceBatch: 8, sequenceLength: 1024, tokens: 1e9, pricing: {} });
    const fitting = ranked.filter((o) => o.fits);
    assert.ok(fitting.length >= 4);
    for (let i = 1; i < fitting.length; i++) assert.ok(fitting[i].runCostOnDemand! >= fitting[i - 1].runCostOnDemand! - 1e-9, 'sorted by run cost');
    assert.ok(ranked.indexOf(fitting[fitting.length - 1]) < ranked.findIndex((o) => !o.fits) || ranked.every((o) => o.fits));
    for (const o of fitting) assert.ok(Math.abs(o.runCostOnDemand! - o.hours! * o.onDemandPerHour) < 1e-9);
  });

  test('a 13B full fine-tune fits only sharded over several GPUs, and says so; a 70B one fits no single instance', () => {
    const big = job({ model: { parameters: file(13e9, 'params') } });
    const ranked = rankHardware({ job: big, parameters: 13e9, mode: 'mixed', perDeviceBatch: 1, sequenceLength: 2048, pricing: {} });
    const fit = ranked.filter((o) => o.fits);
    assert.ok(fit.length > 0 && fit.every((o) => o.gpus > 1 && o.sharded), fit.map((o) => `${o.gpus}×${o.gpu}${o.sharded ? ' sharded' : ''}`).join(', '));
    const huge = estimateJob(job({ model: { parameters: file(70e9, 'params') }, batch: { perDevice: file(1, 'b'), sequenceLength: file(2048, 's') } }))!;
    assert.equal(huge.hardwareLabel, undefined);
    assert.match(huge.missing!, /no single catalog instance holds this job/);
  });

  test('the table has 4-6 rows: the job\'s own request first, then fitting choices, and one that does not fit when cheaper', () => {
    const e = estimateJob(job({ hardware: { gpu: file('A100-80GB'), gpuCount: file(8) } }), { provider: 'aws' })!;
    const rows = e.options!;
    assert.ok(rows.length >= 4 && rows.length <= 6, `${rows.length} rows`);
    assert.equal(rows[0].current, true);
    assert.equal(rows[0].instanceType, 'p4de.24xlarge');
    assert.ok(Math.abs(rows[0].runCostOnDemand! - e.runCostOnDemand!) < 1e-9, 'the current row is the estimate itself');
    for (const r of rows) assert.ok(r.hours! > 0 && r.onDemandPerHour > 0);
    assert.equal(new Set(rows.map((r) => `${r.gpus}×${r.gpu}@${r.instanceType}`)).size, rows.length, 'no duplicates');
    assert.equal(e.workAssumed, undefined, 'max_steps from the file: the work is not assumed');
    assert.equal(e.hardwareAssumed, undefined);
  });

  test('optionsTable caps at 6 and marks the chosen row', () => {
    const ranked = rankHardware({ job: job(), parameters: 124e6, mode: 'mixed', perDeviceBatch: 8, sequenceLength: 1024, tokens: 1e9, pricing: {} });
    const rows = optionsTable(ranked, undefined, ranked[0]);
    assert.ok(rows.length <= 6);
    assert.equal(rows.filter((r) => r.chosen).length, 1);
  });

  test('nothing known about the model: no hardware, the missing line names the one thing to add, the tokens are kept', () => {
    const e = estimateJob(job({ model: { id: file('./local-checkpoint', 'model') } }))!;
    assert.equal(e.hardwareLabel, undefined);
    assert.equal(e.tokens, 5000 * 8 * 1024);
    assert.match(e.missing!, /^add the model size/);
  });
});

describe('oversized-gpu: per run, not per hour (issue 10)', () => {
  test('8×A100 on AWS for GPT-2: a 1×L4 run costs about the same, so no saving is claimed', () => {
    const j = job({ hardware: { instanceType: file('p4d.24xlarge', 'instance_type') } });
    const e = estimateJob(j)!;
    const l4 = rankHardware({ job: j, parameters: 124e6, mode: 'mixed', perDeviceBatch: 8, sequenceLength: 1024, tokens: e.tokens, pricing: { provider: 'aws' } }).find((o) => o.gpu === 'L4' && o.gpus === 1)!;
    // The premise of the issue: the L4 is far cheaper per hour but takes many times longer...
    assert.ok(e.onDemandPerHour! / l4.onDemandPerHour > 20, 'L4 is >20x cheaper per hour');
    assert.ok(l4.hours! / e.hours! > 10, `the L4 run takes ${(l4.hours! / e.hours!).toFixed(1)}x longer`);
    // ...so per run it costs about the same.
    assert.ok(Math.abs(l4.runCostOnDemand! / e.runCostOnDemand! - 1) < 0.3, `per run: L4 $${l4.runCostOnDemand!.toFixed(2)} vs 8×A100 $${e.runCostOnDemand!.toFixed(2)}`);
    assert.deepEqual(oversizedGpu.check(j, ctx()), []);
  });

  test('8×V100 for GPT-2: a newer single GPU cuts the run cost by ≥30%; the saving is per run with the wall-time change', () => {
    const j = job({ hardware: { instanceType: file('p3.16xlarge', 'instance_type') } });
    const [f] = oversizedGpu.check(j, ctx());
    assert.ok(f, 'flagged');
    const cut = Number(/costs ≈ (\d+)% less per run/.exec(f.message)?.[1]);
    assert.ok(cut >= 30, f.message);
    assert.ok(f.saving && f.saving.usdPerRun > 0 && f.saving.hoursDelta! > 0, JSON.stringify(f.saving));
    assert.match(f.message, /takes [\d.]+x longer: saves ≈ \$[\d,.]+ per run \(run [\d.]+ (h|min) longer\)/);
    const e = estimateJob(j)!;
    assert.ok(f.saving.usdPerRun < e.runCostOnDemand!, 'never more than the run');
  });
});

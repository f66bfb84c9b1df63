import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mlcost } from './run';

// The built CLI carries the engine's cost estimates into --format json and the text report.
const TASK = 'test/fixtures/estimate/skypilot-task.yaml';
const NO_HW = 'test/fixtures/estimate/accelerate-config.yaml';

interface JsonEstimate {
  file: string;
  line: number;
  hardware?: string;
  onDemandPerHour?: number;
  spotPerHour?: number;
  gpuHours?: number;
  runCostOnDemand?: number;
  runCostSpot?: number;
  missing?: string;
  assumptions: { name: string; value: string; source: { kind: string } }[];
}

describe('mlcost check: estimates', () => {
  test('--format json lists one estimate per job with file, line, prices, run cost and assumptions', () => {
    const r = mlcost(['check', '--format', 'json', TASK, NO_HW]);
    const out = JSON.parse(r.stdout) as { estimates: JsonEstimate[] };
    assert.equal(out.estimates.length, 2);
    const [noHw, task] = out.estimates;
    assert.equal(task.file, TASK);
    assert.equal(task.line, 5, 'the SkyPilot job anchor (1-based)');
    assert.equal(task.hardware, '16×A100-80GB (2 × gpu_8x_a100_80gb_sxm4)');
    assert.equal(task.onDemandPerHour, 28.64);
    assert.ok(task.gpuHours! > 0 && task.runCostOnDemand! > 0);
    assert.ok(Math.abs(task.runCostOnDemand! - (task.gpuHours! / 16) * 28.64) < 0.02, 'run cost = hours × $/h (both rounded to cents)');
    assert.ok(task.assumptions.some((a) => a.name === 'tokens' && a.source.kind === 'annotation'));
    assert.ok(task.assumptions.some((a) => a.name === 'MFU' && a.source.kind === 'calibration'));
    assert.equal(noHw.hardware, undefined);
    assert.match(noHw.missing!, /^add the model size/, 'no model size: the one thing to add');
    const options = (task as JsonEstimate & { options?: { gpu: string; gpus: number; fits: boolean; current?: boolean }[] }).options;
    assert.ok(options && options.length >= 4 && options.length <= 6, 'a hardware options table');
    assert.equal(options[0].current, true);
  });

  test('--format json: a job naming no hardware is estimated on the cheapest fitting choice, said so, with its options', () => {
    const r = mlcost(['check', '--format', 'json', 'test/fixtures/lsp-cost/no-hardware.yaml']);
    const [e] = (JSON.parse(r.stdout) as { estimates: (JsonEstimate & { hardwareAssumed?: string; options?: { chosen?: boolean; fits: boolean; hours?: number; runCostOnDemand?: number; runCostSpot?: number; onDemandPerHour: number }[] })[] }).estimates;
    assert.ok(e.runCostOnDemand! > 0, 'a $/run');
    assert.match(e.hardwareAssumed!, /^hardware not stated: on 1×\S+, the cheapest per run that fits$/);
    const chosen = e.options!.find((o) => o.chosen)!;
    assert.ok(chosen.fits && chosen.hours! > 0 && chosen.runCostOnDemand! > 0 && chosen.onDemandPerHour > 0);
  });

  test('text: one cost line per job with a priced estimate', () => {
    const r = mlcost(['check', TASK, NO_HW]);
    const cost = r.stdout.split('\n').filter((l) => l.includes('  cost  '));
    assert.equal(cost.length, 1);
    assert.match(cost[0], /^test\/fixtures\/estimate\/skypilot-task\.yaml:5  cost  16×A100-80GB \(2 × gpu_8x_a100_80gb_sxm4\) \$28\.64\/h on-demand · [\d.]+ h · ≈ \$[\d,.]+ per run · ≈ \$[\d,.]+\/month \(2 runs per month\)$/);
  });

  test('--quiet leaves cost lines out', () => {
    const r = mlcost(['check', '--quiet', TASK]);
    assert.doesNotMatch(r.stdout, /  cost  /);
  });

  test('a folder walk reads SLURM batch scripts (.sbatch, .slurm): priced on their #SBATCH GPUs, capped by --time', () => {
    const r = mlcost(['check', '--format', 'json', '--fail-on', 'none', 'test/fixtures/shell/slurm']);
    const out = JSON.parse(r.stdout) as { estimates: (JsonEstimate & { hours?: number })[] };
    const byFile = new Map(out.estimates.map((e) => [e.file, e]));
    const sbatch = byFile.get('test/fixtures/shell/slurm/finetune.sbatch')!;
    assert.equal(sbatch.hardware, '16×A100-80GB (2 × gpu_8x_a100_80gb_sxm4)');
    assert.equal(sbatch.hours, 1.5);
    assert.ok(sbatch.assumptions.some((a) => a.name === 'cluster' && /cloud list price/.test(a.value)));
    const slurm = byFile.get('test/fixtures/shell/slurm/pretrain.slurm')!;
    assert.equal(slurm.hours, 48);
    assert.equal((slurm as { hoursAtMost?: boolean }).hoursAtMost, true, 'the work is unknown: at most the time limit');
    assert.equal((sbatch as { hoursAtMost?: boolean }).hoursAtMost, undefined, 'the known work is capped, not bounded');
    assert.ok(slurm.runCostOnDemand! > 0);
    const text = mlcost(['check', '--fail-on', 'none', 'test/fixtures/shell/slurm']).stdout;
    assert.match(text, /pretrain\.slurm:14 +cost .*· 48\.0 h · ≤ \$[\d,]+ per run/, 'at most: the time limit bounds a run of unknown work');
    assert.match(text, /finetune\.sbatch:14 +cost .*· 1\.50 h · ≈ \$[\d,.]+ per run/);
  });
});

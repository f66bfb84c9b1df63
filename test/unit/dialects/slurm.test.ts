import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { slurmRequest, slurmTimeHours } from '../../../server/src/engine/dialects/launch/slurm';
import { formatOf } from '../../../server/src/engine/source';
import { LineIndex } from '../../../server/src/engine/formats/lineIndex';
import { estimateJob } from '../../../server/src/engine/cost/estimate';
import { analyzeFixture, analyzeText } from '../../helpers';
import { dialectFixtures, fileSource } from './dialectAsserts';

// SLURM batch scripts: `#SBATCH` directives give the machine request and the time limit; the
// commands (through srun) give the rest. Parser first, then the real analyze() and estimate.

const request = (text: string) => slurmRequest(text, new LineIndex(text));
const script = (...directives: string[]) => ['#!/bin/bash', ...directives.map((d) => `#SBATCH ${d}`), '', 'srun python train.py'].join('\n');

describe('#SBATCH --time: every format sbatch accepts', () => {
  const cases: [string, number | undefined][] = [
    ['90', 1.5], // minutes
    ['30:00', 0.5], // minutes:seconds
    ['4:00:00', 4], // hours:minutes:seconds
    ['12:30:00', 12.5],
    ['2-12', 60], // days-hours
    ['1-06:30', 30.5], // days-hours:minutes
    ['3-00:00:00', 72], // days-hours:minutes:seconds
    ['0-00:45:00', 0.75],
    ['UNLIMITED', undefined],
    ['INFINITE', undefined],
    ['0', undefined],
    ['soon', undefined],
  ];
  for (const [raw, hours] of cases) test(`${raw} -> ${hours ?? 'no limit'}`, () => assert.equal(slurmTimeHours(raw), hours));
});

describe('#SBATCH directives', () => {
  test('--gres forms: gpu:N, gpu:type:N, gpu:type, among other resources; the type mapped to the GPU table', () => {
    assert.equal(request(script('--gres=gpu:4'))!.hardware.gpuCount?.value, 4);
    assert.equal(request(script('--gres=gpu:4'))!.hardware.gpu, undefined, 'no type: left unknown');
    const typed = request(script('--gres=gpu:a100:8'))!.hardware;
    assert.deepEqual([typed.gpu?.value, typed.gpuCount?.value], ['A100-40GB', 8], 'bare a100 is the 40 GB part, as elsewhere');
    const big = request(script('--gres=gpu:a100-80gb:2'))!.hardware;
    assert.deepEqual([big.gpu?.value, big.gpuCount?.value], ['A100-80GB', 2]);
    const one = request(script('--gres=gpu:h100'))!.hardware;
    assert.deepEqual([one.gpu?.value, one.gpuCount?.value], ['H100', 1]);
    const mixed = request(script('--gres=shard:2,gpu:tesla_v100:4'))!.hardware;
    assert.deepEqual([mixed.gpu?.value, mixed.gpuCount?.value], ['V100', 4]);
    const unknown = request(script('--gres=gpu:rtx8000:2'))!.hardware;
    assert.deepEqual([unknown.gpu, unknown.gpuCount?.value], [undefined, 2], 'a type the table does not know stays unknown');
  });

  test('--gpus-per-node, --gpus (a total over the nodes), -G, --gpus-per-task × --ntasks-per-node', () => {
    const perNode = request(script('--nodes=2', '--gpus-per-node=h100:8'))!.hardware;
    assert.deepEqual([perNode.gpu?.value, perNode.gpuCount?.value, perNode.nodes?.value], ['H100', 8, 2]);
    const total = request(script('-N 4', '--gpus=32'))!.hardware;
    assert.deepEqual([total.gpuCount?.value, total.nodes?.value], [8, 4], '32 GPUs over 4 nodes');
    assert.match(fileSource(total.gpuCount).key, /32 over 4 nodes/);
    assert.equal(request(script('-G 2'))!.hardware.gpuCount?.value, 2);
    const perTask = request(script('--ntasks-per-node=4', '--gpus-per-task=2'))!.hardware;
    assert.equal(perTask.gpuCount?.value, 8);
    const perTaskTotal = request(script('--nodes=2', '--ntasks=8', '--gpus-per-task=1'))!.hardware;
    assert.equal(perTaskTotal.gpuCount?.value, 4, '8 tasks over 2 nodes, one GPU each');
  });

  test('--nodes / -N: a count, or a range read as its minimum (said so)', () => {
    assert.equal(request(script('-N 3'))!.hardware.nodes?.value, 3);
    assert.equal(request(script('-N3'))!.hardware.nodes?.value, 3);
    assert.equal(request(script('--nodes 5'))!.hardware.nodes?.value, 5);
    const range = request(script('--nodes=2-4'))!.hardware.nodes!;
    assert.equal(range.value, 2);
    assert.match(fileSource(range).key, /range: the minimum, 2/);
  });

  test('--constraint names the GPU type when gres does not; alternatives kept', () => {
    const c = request(script('--gres=gpu:8', '--constraint=a100-80gb'))!.hardware;
    assert.deepEqual([c.gpu?.value, c.gpuCount?.value], ['A100-80GB', 8]);
    assert.equal(fileSource(c.gpu).key, '#SBATCH --constraint');
    const alt = request(script('-C "h100|a100"', '--gpus-per-node=8'))!.hardware;
    assert.deepEqual([alt.gpu?.value, alt.alternatives?.map((a) => a.value)], ['H100', ['A100-40GB']]);
    assert.equal(request(script('--constraint=ib&skylake', '--gres=gpu:2'))!.hardware.gpu, undefined, 'no GPU feature: unknown type');
    assert.equal(request(script('--gres=gpu:v100:2', '--constraint=a100'))!.hardware.gpu?.value, 'V100', 'the gres type wins');
  });

  test('-t / --time in both spellings, inline comments, and --opt value vs --opt=value', () => {
    assert.equal(request(script('-t 4:00:00'))!.hours?.value, 4);
    assert.equal(request(script('-t4:00:00'))!.hours?.value, 4);
    assert.equal(request(script('--time 90  # an hour and a half'))!.hours?.value, 1.5);
    assert.equal(request(script('--time=UNLIMITED'))!.hours, undefined);
    assert.equal(request(script('--exclusive --time=2:00:00'))!.hours?.value, 2, '--exclusive takes no value');
  });

  test('each fact sits on its directive line; the script itself is marked a SLURM cluster', () => {
    const text = script('--job-name=x', '--gres=gpu:l4:1', '--time=1:00:00');
    const r = request(text)!;
    assert.equal(fileSource(r.hardware.gpuCount).range.start.line, 2);
    assert.equal(fileSource(r.hours).range.start.line, 3);
    assert.equal(fileSource(r.hours).key, '#SBATCH --time');
    assert.equal(r.hardware.cluster?.value, 'SLURM');
  });

  test('directives after the first command are ignored (sbatch stops reading there); a later directive before it wins', () => {
    const text = ['#!/bin/bash', '# comment lines and blanks keep the header going', '', '#SBATCH --gres=gpu:2', '#SBATCH --gres=gpu:4', 'set -e', '#SBATCH --gres=gpu:8', '#SBATCH --time=1:00:00', 'srun python train.py'].join('\n');
    const r = request(text)!;
    assert.equal(r.hardware.gpuCount?.value, 4);
    assert.equal(r.hours, undefined);
    assert.equal(request('#!/bin/bash\npython train.py\n'), undefined, 'no directive: not a batch script');
    assert.equal(request('  #SBATCH --gres=gpu:2\nsrun python train.py\n'), undefined, 'a directive must start its line');
  });

  test('.sbatch and .slurm files are shell scripts', () => {
    assert.equal(formatOf('jobs/train.sbatch'), 'shell');
    assert.equal(formatOf('jobs/TRAIN.SLURM'), 'shell');
  });
});

describe('SLURM scripts through analyze(): facts, srun prefixes, estimates', () => {
  const { onlyJob, lineOf } = dialectFixtures('shell/slurm', 'shell-script');

  test('srun with its own options and a variable of them still finds torchrun and the script; directives win over --nproc_per_node', async () => {
    const rel = 'finetune.sbatch';
    const job = await onlyJob(rel);
    assert.equal(job.name, 'finetune.sbatch (torchrun run_clm.py)');
    assert.equal(job.hardware?.gpu?.value, 'A100-80GB');
    assert.equal(job.hardware?.gpuCount?.value, 8);
    assert.equal(fileSource(job.hardware?.gpuCount).range.start.line, lineOf(rel, '--gres'));
    assert.equal(job.hardware?.nodes?.value, 2);
    assert.equal(job.schedule?.hours?.value, 1.5);
    assert.equal(fileSource(job.schedule?.hours).range.start.line, lineOf(rel, '--time=0-01:30:00'), 'not the directive after the first command');
    assert.equal(job.model?.id?.value, 'meta-llama/Llama-3.2-1B');
    assert.equal(job.precision?.value, 'bf16');
  });

  test('known work: the time limit caps the run; the price is the cloud list price, said so', async () => {
    const r = await analyzeFixture('shell/slurm/finetune.sbatch');
    const e = r.estimates[0];
    assert.equal(e.hours, 1.5);
    const hours = e.assumptions.find((a) => a.name === 'hours')!;
    assert.match(hours.value, /time limit stops it first/);
    assert.doesNotMatch(hours.value, /at most/);
    assert.equal(e.hoursAtMost, undefined);
    assert.ok(Math.abs(e.runCostOnDemand! - 1.5 * e.onDemandPerHour!) < 1e-9);
    const cluster = e.assumptions.find((a) => a.name === 'cluster')!;
    assert.equal(cluster.value, 'SLURM cluster: priced at the cloud list price of the same GPUs');
    assert.equal(cluster.source.kind, 'file');
  });

  test('your own rate for the instance (an override) replaces the list price: no cloud-list-price note then', async () => {
    const job = (await analyzeFixture('shell/slurm/finetune.sbatch')).jobs[0];
    const listed = estimateJob(job)!;
    const own = estimateJob(job, { overrides: [{ instanceType: listed.instanceType!, onDemand: 1 }] })!;
    assert.equal(own.onDemandPerHour, 2, '2 nodes at $1/h');
    assert.equal(own.assumptions.find((a) => a.name === 'cluster'), undefined);
    assert.ok(listed.assumptions.some((a) => a.name === 'cluster'));
  });

  test('unknown work: the time limit is an upper bound ("at most"), on the GPUs the directives name', async () => {
    const rel = 'pretrain.slurm';
    const job = await onlyJob(rel);
    assert.equal(job.name, 'pretrain.slurm (torchrun pretrain.py)', 'the bash array of torchrun options is read as options');
    assert.deepEqual([job.hardware?.gpu?.value, job.hardware?.gpuCount?.value, job.hardware?.nodes?.value], ['H100', 8, 2]);
    const r = await analyzeFixture('shell/slurm/pretrain.slurm');
    const e = r.estimates[0];
    assert.equal(e.hours, 48);
    assert.equal(e.gpuHours, 768);
    assert.match(e.assumptions.find((a) => a.name === 'hours')!.value, /^at most 48\.00 .*upper bound/);
    assert.equal(e.hoursAtMost, true);
    assert.ok(e.runCostOnDemand! > 0);
    assert.ok(e.assumptions.some((a) => a.name === 'cluster'));
  });

  test('no GPU type and no model: priced on the cheapest GPU per hour for the stated count, said so', async () => {
    const r = await analyzeText('anygpu.sbatch', script('--gres=gpu:4', '--time=10:00:00'));
    const e = r.estimates[0];
    assert.equal(e.hours, 10);
    assert.equal(e.gpus, 4);
    assert.match(e.hardwareAssumed!, /^GPU type not stated: on 4×\S+ .*the cheapest per hour/);
    assert.ok(e.runCostOnDemand! > 0);
    // Without a time limit nothing bounds the run: no run cost.
    const open = (await analyzeText('open.sbatch', script('--gres=gpu:4'))).estimates[0];
    assert.equal(open.runCostOnDemand, undefined);
    assert.match(open.missing!, /model size/);
  });

  test('a shell script without directives is no SLURM job: no cluster note', async () => {
    const r = await analyzeText('plain.sh', 'torchrun --nproc_per_node 8 train.py --model_name_or_path meta-llama/Llama-3.2-1B --max_steps 100\n');
    assert.equal(r.jobs[0].hardware?.cluster, undefined);
  });
});

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { analyze } from '../../../server/src/engine/analyze';
import { diskFileAccess } from '../../../server/src/engine/fileAccess';
import { fixturePath, fixturesDir } from '../../helpers';
import type { Fact } from '../../../server/src/engine/types';

// Reverse links: a config is judged with the hardware and flags of the workspace file that
// launches it; the launcher map is data the faces pass in (`launchers`).

function run(rel: string, launchers: string[]) {
  const p = fixturePath(rel);
  return analyze({ path: p, text: fs.readFileSync(p, 'utf8') }, { files: diskFileAccess([fixturesDir]), launchers: launchers.map(fixturePath) });
}
const key = (f: Fact<unknown> | undefined): string => (f?.source.kind === 'file' ? f.source.key : f?.source.kind === 'default' ? f.source.reason : String(f?.source.kind));

test('alone, the HF config trains in fp32 by default: fp32-training', async () => {
  const r = await run('compose/reverse/configs/sft.yaml', []);
  assert.equal(r.jobs[0].precision?.value, 'fp32');
  assert.ok(r.findings.some((f) => f.rule === 'fp32-training'));
});

test('launched by a SkyPilot task: its 8xA100 and --bf16 True decide; nothing of the launcher is reported here', async () => {
  const r = await run('compose/reverse/configs/sft.yaml', ['compose/reverse/sky-sft.yaml']);
  const job = r.jobs[0];
  assert.equal(job.precision?.value, 'bf16');
  assert.match(key(job.precision), /^--bf16 \(in \.\.\/sky-sft\.yaml, which launches this file\)$/);
  assert.equal(job.hardware?.gpu?.value, 'A100-40GB');
  assert.equal(job.hardware?.gpuCount?.value, 8);
  assert.deepEqual(r.findings.filter((f) => f.rule === 'fp32-training'), []);
  assert.equal(r.estimates[0]?.hardwareLabel?.includes('A100'), true, JSON.stringify(r.estimates[0]?.hardwareLabel));
});

test('two launchers: the choice is deterministic (first by path that asks for GPUs) and the fact says so', async () => {
  const a = await run('compose/reverse/configs/sft.yaml', ['compose/reverse/sky-sft.yaml', 'compose/reverse/k8s-sft.yaml']);
  const b = await run('compose/reverse/configs/sft.yaml', ['compose/reverse/k8s-sft.yaml', 'compose/reverse/sky-sft.yaml']);
  assert.deepEqual(a.jobs[0].hardware, b.jobs[0].hardware);
  assert.equal(a.jobs[0].hardware?.gpuCount?.value, 1);
  assert.match(key(a.jobs[0].hardware?.gpuCount), /in \.\.\/k8s-sft\.yaml, which launches this file; 1 other launcher also do, the figure uses this one/);
  // The k8s job passes no precision flag: the config's own fp32 default stands and is reported here.
  assert.ok(a.findings.some((f) => f.rule === 'fp32-training'));
});

test('Hydra: trainer/default.yaml (accelerator: cpu) composed by gpu.yaml is judged on its GPU: fp32 at "# precision: 16"', async () => {
  const dir = 'lightning/hydra-compose/configs/trainer';
  const alone = await run(`${dir}/default.yaml`, []);
  assert.deepEqual(alone.findings.filter((f) => f.rule === 'fp32-training'), [], 'CPU-only alone');
  const r = await run(`${dir}/default.yaml`, [`${dir}/gpu.yaml`, 'lightning/hydra-compose/configs/train.yaml']);
  const f = r.findings.filter((x) => x.rule === 'fp32-training');
  assert.equal(f.length, 1);
  assert.equal(f[0].range.start.line, 11);
  assert.equal(r.jobs[0].hardware?.cpuOnly, undefined);
  assert.match(key(r.jobs[0].hardware?.gpuCount), /in gpu\.yaml, which launches this file; 1 other launcher/);
});

test('devices: auto takes the GPU count from the launcher', async () => {
  const text = 'trainer:\n  accelerator: gpu\n  devices: auto\n  max_epochs: 3\n  precision: bf16-mixed\n';
  const cfg = fixturePath('compose/reverse/configs/__auto__.yaml');
  const sky = fixturePath('compose/reverse/sky-sft.yaml');
  const files = diskFileAccess([fixturesDir], (p) => (p === cfg ? text : undefined));
  const r = await analyze({ path: cfg, text }, { files, launchers: [sky] });
  assert.equal(r.jobs[0].hardware?.gpuCount?.value, 8);
  assert.equal(r.jobs[0].hardware?.unresolved, undefined);
});

test('negative: launchers that are absent, the file itself, or ask for nothing change nothing', async () => {
  const base = await run('compose/reverse/configs/sft.yaml', []);
  const r = await run('compose/reverse/configs/sft.yaml', ['compose/reverse/nope.yaml', 'compose/reverse/configs/sft.yaml', 'compose/python/not_ml/etl.py']);
  assert.deepEqual(r.jobs[0].precision, base.jobs[0].precision);
  assert.deepEqual(r.jobs[0].hardware, base.jobs[0].hardware);
  assert.deepEqual(r.findings.map((f) => f.rule), base.findings.map((f) => f.rule));
});

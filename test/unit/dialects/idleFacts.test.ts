// The idle-shutdown and tag facts the cloud rules read, per spelling the formats allow.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText } from '../../helpers';

const sky = (autostop: string) => `resources:\n  accelerators: L4:1\n${autostop}setup: pip install -r requirements.txt\n`;

test('skypilot: every resources.autostop spelling SkyPilot accepts', async () => {
  const cases: [string, boolean | undefined][] = [
    ['', false],
    ['  autostop: true\n', true],
    ['  autostop: 10m\n', true],
    ['  autostop: 30\n', true],
    ['  autostop: 0\n', true],
    ['  autostop: -1\n', false],
    ['  autostop: false\n', false],
    ['  autostop:\n    down: true\n', true],
    ['  autostop:\n    idle_minutes: 15\n', true],
    ['  autostop:\n    idle_minutes: -1\n', false],
    ['  autostop: ${IDLE}\n', undefined],
  ];
  for (const [autostop, want] of cases) {
    const r = await analyzeText('dev.yaml', sky(autostop));
    assert.equal(r.jobs.length, 1, autostop);
    assert.equal(r.jobs[0].idleShutdown?.value, want, JSON.stringify(autostop));
  }
});

test('skypilot: training, serving and pool tasks carry no idle-shutdown fact', async () => {
  const train = await analyzeText('t.yaml', 'resources:\n  accelerators: A100:8\nrun: torchrun --nproc_per_node 8 train.py --epochs 3\n');
  assert.equal(train.jobs[0]?.idleShutdown, undefined);
  const serve = await analyzeText('s.yaml', 'service:\n  readiness_probe: /health\n  replicas: 1\nresources:\n  accelerators: L4:1\n  ports: 8000\nrun: vllm serve meta-llama/Llama-3.1-8B-Instruct\n');
  assert.equal(serve.jobs[0]?.idleShutdown, undefined);
});

test('sagemaker: tags=None is no tags; the fix replaces None', async () => {
  const text = 'from sagemaker.pytorch import PyTorch\n\nest = PyTorch(\n    entry_point="train.py",\n    instance_type="ml.g5.xlarge",\n    tags=None,\n)\n';
  const r = await analyzeText('launch.py', text);
  const f = r.findings.find((x) => x.rule === 'missing-cost-tags');
  assert.ok(f);
  assert.equal(f.range.start.line, 5);
  const fix = f.fixes?.find((x) => !x.title.startsWith('Ignore'));
  assert.equal(fix?.edits.length, 1);
  assert.match(fix?.edits[0].newText ?? '', /^\[\{"Key": "team"/);
});

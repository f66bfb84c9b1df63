import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeFixture, analyzeText } from '../../helpers';

// A model the script defines itself (class Net(nn.Module)): counted from the layers its __init__
// builds, through the real parser and analyze().

const loop = (model: string, extra = '') => `import torch
import torch.nn as nn
${extra}
${model}
model = Net().cuda()
opt = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(10):
    for x, y in data:
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x.cuda()), y.cuda())
        loss.backward()
        opt.step()
`;

async function declared(text: string) {
  const r = await analyzeText('train.py', text);
  assert.equal(r.jobs.length, 1);
  return { job: r.jobs[0], r };
}

describe('python: a model the script declares (nn.Module layers)', () => {
  test('the pytorch/examples MNIST CNN: 1,199,882 parameters, a run cost in cents, fp32 judged a hint, no checkpoint nag', async () => {
    const r = await analyzeFixture('python/mnist_cnn.py');
    const job = r.jobs[0];
    // conv1 1·32·9+32, conv2 32·64·9+64, fc1 9216·128+128, fc2 128·10+10.
    assert.equal(job.model?.parameters?.value, 320 + 18_496 + 1_179_776 + 1_290);
    assert.deepEqual(job.model?.declared?.value.classes, ['Net']);
    assert.equal(job.model?.declared?.value.convMacsPerPixel, 1 * 32 * 9 + 32 * 64 * 9);
    const e = r.estimates[0];
    assert.ok(e.runCostOnDemand! > 0 && e.runCostOnDemand! < 1, `MNIST costs cents: ${e.runCostOnDemand}`);
    assert.equal(e.reference, undefined, 'model and data are both the file\'s own');
    const perExample = e.assumptions.find((a) => a.name === 'training FLOPs per example')!;
    assert.match(JSON.stringify(perExample.source), /scaled to 28×28 images\); counted from the layers of Net in this file/);
    assert.match(JSON.stringify(e.assumptions), /examples per epoch.*60,000/);
    const fp32 = r.findings.find((f) => f.rule === 'fp32-training');
    assert.equal(fp32?.severity, 'hint', 'a saving of a fraction of a cent is reported as a hint');
    assert.ok(!r.findings.some((f) => f.rule === 'no-checkpointing'), 'a run predicted at seconds needs no checkpoints');
  });

  test('constructor arguments and their defaults are followed; arithmetic of known sizes too', async () => {
    const { job } = await declared(
      loop(`class Net(nn.Module):
    def __init__(self, hidden=256, classes=10):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(28 * 28, hidden), nn.ReLU(), nn.Linear(hidden, classes))
`),
    );
    assert.equal(job.model?.parameters?.value, 784 * 256 + 256 + 256 * 10 + 10);
  });

  test('submodules the model builds from other classes of the file are counted once each', async () => {
    const { job } = await declared(
      loop(`class Block(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.fc = nn.Linear(d, d)
        self.norm = nn.LayerNorm(d)

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = Block(64)
        self.b = Block(64)
        self.head = nn.Linear(64, 2, bias=False)
`),
    );
    assert.equal(job.model?.parameters?.value, 2 * (64 * 64 + 64 + 128) + 128);
  });

  test('sizes decided at run time or layers built in a loop: unknown, never guessed', async () => {
    const fromArgs = await declared(
      loop(
        `class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(args.width, 10)
`,
        'args = parser.parse_args()',
      ),
    );
    assert.equal(fromArgs.job.model?.parameters, undefined);
    const looped = await declared(
      loop(`class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(64, 64) for _ in range(depth)])
`),
    );
    assert.equal(looped.job.model?.parameters, undefined);
    const attention = await declared(
      loop(`class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.attn = nn.MultiheadAttention(64, 8)
`),
    );
    assert.equal(attention.job.model?.parameters, undefined, 'layers it does not count make the size unknown');
  });

  test('recurrent models: parameters counted, work left to tokens (no per-example figure)', async () => {
    const { job, r } = await declared(
      loop(`class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = nn.Embedding(10000, 128)
        self.rnn = nn.LSTM(128, 256, num_layers=2)
`),
    );
    const lstm = 4 * (256 * (128 + 256) + 2 * 256) + 4 * (256 * (256 + 256) + 2 * 256);
    assert.equal(job.model?.parameters?.value, 10000 * 128 + lstm);
    assert.equal(job.model?.declared?.value.sequence, true);
    assert.ok(!r.estimates[0]?.assumptions.some((a) => a.name === 'training FLOPs per example'));
  });
});

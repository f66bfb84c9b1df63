// Jobs whose training script we cannot read, but whose own text hints at the work: a script named
// after a vision architecture (`resnet_ddp.py`), a dataset the task downloads before training
// (`wget …/cifar-10-python.tar.gz`). Both are assumptions, said so, and never a right-sizing finding.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { architectureInName } from '../../../server/src/engine/cost/exampleFlops';
import { datasetOfDownload } from '../../../server/src/engine/dialects/launch/flagFacts';
import { analyzeText, ruleIds } from '../../helpers';

describe('an architecture named by a script or directory name', () => {
  test('a sized name is that model; a bare family is its reference member', () => {
    assert.deepEqual(architectureInName('train_resnet50.py'), { id: 'resnet50', sized: true });
    assert.deepEqual(architectureInName('scripts/train_resnet_101.py'), { id: 'resnet101', sized: true });
    assert.deepEqual(architectureInName('vit_b_16_finetune.py'), { id: 'vit_b_16', sized: true });
    assert.equal(architectureInName('resnet_ddp.py')?.id, 'resnet18');
    assert.equal(architectureInName('resnet_ddp.py')?.sized, false);
    assert.match(architectureInName('resnet_ddp.py')?.basis ?? '', /torchvision/);
    assert.equal(architectureInName('efficientnet-train.py')?.id, 'efficientnet_b0');
  });
  test('names without an architecture token, and language models, name none', () => {
    for (const n of ['train.py', 'main.py', 'finetune_llama.py', 'bert_pretrain.py', 'presnet.py', 'my_resnetish_model.py', 'whisper_finetune.py']) {
      assert.equal(architectureInName(n), undefined, n);
    }
  });
});

describe('a dataset a download names', () => {
  test("by the archive the dataset's own site publishes, or by a host that serves one dataset", () => {
    assert.equal(datasetOfDownload('https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz'), 'uoft-cs/cifar10');
    assert.equal(datasetOfDownload('https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz'), 'uoft-cs/cifar100');
    assert.equal(datasetOfDownload('http://images.cocodataset.org/zips/train2017.zip'), 'detection-datasets/coco');
    assert.equal(datasetOfDownload('https://image-net.org/data/ILSVRC/2012/ILSVRC2012_img_train.tar'), 'ILSVRC/imagenet-1k');
    assert.equal(datasetOfDownload('"s3://my-bucket/datasets/imagenet.tar"'), 'ILSVRC/imagenet-1k');
  });
  test('other downloads name none', () => {
    for (const u of ['https://github.com/NVIDIA/apex/archive/master.zip', 'https://download.pytorch.org/whl/cu113', 'https://example.com/data/train.tar.gz', 'https://huggingface.co/gpt2/resolve/main/model.safetensors']) {
      assert.equal(datasetOfDownload(u), undefined, u);
    }
  });
});

const SKY_RESNET = `name: resnet-distributed-app

resources:
    accelerators: V100

num_nodes: 2

setup: |
    git clone https://github.com/example/pytorch-distributed-resnet
    cd pytorch-distributed-resnet
    pip3 install -r requirements.txt
    mkdir -p data && cd data && \\
    wget -c --quiet https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz
    tar -xvzf cifar-10-python.tar.gz

run: |
    cd pytorch-distributed-resnet
    python3 -m torch.distributed.launch --nproc_per_node=1 \\
    --nnodes=2 --node_rank=\${SKYPILOT_NODE_RANK} resnet_ddp.py --num_epochs 20
`;

describe('a launcher task whose script we cannot read', () => {
  test('SkyPilot: the script name and the download size the run, each said to be assumed', async () => {
    const r = await analyzeText('task.yaml', SKY_RESNET);
    const job = r.jobs.find((j) => j.dialect === 'skypilot')!;
    assert.equal(job.model?.id?.value, 'resnet18');
    assert.ok(job.model!.id!.source.kind === 'default' && /resnet_ddp\.py/.test(job.model!.id!.source.reason));
    assert.equal(job.datasets[0]?.value.path, 'uoft-cs/cifar10');
    const ds = job.datasets[0].source;
    assert.ok(ds.kind === 'default' && /setup/.test(ds.reason) && ds.range?.start.line === 12, JSON.stringify(ds));
    const e = r.estimates[0];
    assert.ok(e?.runCostOnDemand !== undefined && e.runCostOnDemand > 0, JSON.stringify(e?.missing));
    assert.equal(e.workAssumed, true);
    const names = e.assumptions.map((a) => a.name);
    for (const n of ['model', 'dataset', 'examples per epoch', 'epochs']) assert.ok(names.includes(n), names.join());
    assert.equal(e.assumptions.find((a) => a.name === 'examples per epoch')?.value, '50,000');
    // CIFAR's 32×32 images, no batch stated: the step floor (at a large assumed batch) bounds the time.
    assert.ok(names.includes('steps (for the step floor)'), names.join());
    assert.match(e.assumptions.find((a) => a.name === 'precision')?.value ?? '', /^fp16/, 'V100 has no bf16');
    assert.ok(!ruleIds(r).includes('oversized-gpu'), 'no right-sizing from an assumed model');
  });

  test('what the command states wins over the hints', async () => {
    const r = await analyzeText('task.yaml', SKY_RESNET.replace('resnet_ddp.py --num_epochs 20', 'resnet_ddp.py --arch resnet50 --data /data/imagenet --num_epochs 20'));
    const job = r.jobs[0];
    assert.equal(job.model?.id?.value, 'resnet50');
    assert.equal(job.model?.id?.source.kind, 'file');
    assert.equal(job.datasets[0]?.value.path, 'ILSVRC/imagenet-1k');
    assert.equal(job.datasets[0]?.source.kind, 'file');
  });

  test('a script named after no architecture, and a setup that downloads no dataset, stay unknown', async () => {
    const r = await analyzeText('task.yaml', SKY_RESNET.replace(/resnet_ddp\.py/g, 'train.py').replace(/cifar-10-python/g, 'weights'));
    const job = r.jobs[0];
    assert.equal(job.model?.id, undefined);
    assert.deepEqual(job.datasets, []);
    assert.equal(r.estimates[0]?.runCostOnDemand, undefined);
  });

  test('a launch script: the download before the training command counts, one after it does not', async () => {
    const before = await analyzeText('train.sh', '#!/bin/bash\nwget https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz\ntar xzf cifar-100-python.tar.gz\ntorchrun --nproc_per_node 4 train_resnet50.py --epochs 90 --batch-size 128\n');
    const job = before.jobs[0];
    assert.equal(job.datasets[0]?.value.path, 'uoft-cs/cifar100');
    assert.equal(job.model?.id?.value, 'resnet50');
    assert.ok(before.estimates[0]?.runCostOnDemand !== undefined);
    const after = await analyzeText('train.sh', '#!/bin/bash\ntorchrun --nproc_per_node 4 train_resnet50.py --epochs 90\nwget https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz\n');
    assert.deepEqual(after.jobs[0].datasets, []);
  });
});

describe('an fp32 convolutional net', () => {
  const run = (gpu: string, model: string) => analyzeText('train.sh', `# mlcost: gpu=${gpu}\npython train.py --model ${model} --data /data/imagenet --epochs 1 --batch-size 256 --precision 32\n`);
  test('on a GPU with TF32 computes its convolutions in TF32 (PyTorch default), said so', async () => {
    const a100 = (await run('A100:1', 'resnet50')).estimates[0];
    const conv = a100.assumptions.find((a) => a.name === 'convolutions');
    assert.ok(conv && conv.source.kind === 'default' && /allow_tf32/.test(conv.source.reason), JSON.stringify(conv));
    assert.match(a100.assumptions.find((a) => a.name === 'peak')?.value ?? '', /TF32/);
    // Mixed precision still gains over TF32, less than over strict fp32.
    assert.ok(a100.precisionSpeedup && a100.precisionSpeedup.factor > 1.5 && a100.precisionSpeedup.factor < 2.5, String(a100.precisionSpeedup?.factor));
  });
  test('on a GPU without TF32, and a vision transformer (matmuls stay fp32), run strict fp32', async () => {
    const v100 = (await run('V100:1', 'resnet50')).estimates[0];
    assert.ok(!v100.assumptions.some((a) => a.name === 'convolutions'));
    assert.match(v100.assumptions.find((a) => a.name === 'peak')?.value ?? '', /fp32 peak/);
    const vit = (await run('A100:1', 'vit_b_16')).estimates[0];
    assert.ok(!vit.assumptions.some((a) => a.name === 'convolutions'));
  });
  test('the hardware table times each row with the same step floor as the estimate', async () => {
    const r = await analyzeText('train.sh', 'python resnet_cifar.py --epochs 30\nwget https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz\n'.split('\n').reverse().join('\n'));
    const e = r.estimates[0];
    const one = e.options?.find((o) => o.instanceType === e.instanceType && o.provider === e.provider);
    assert.ok(e.hours !== undefined && one?.hours !== undefined, JSON.stringify(e.options?.slice(0, 2)));
    assert.ok(Math.abs(one.hours / e.hours - 1) < 0.02, `${one.hours} vs ${e.hours}`);
  });
});

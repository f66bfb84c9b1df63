import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeFixture, analyzeText } from '../../helpers';

// Facts the dialects now read for the work estimate: dataset configs and splits, built-in datasets,
// architectures, and nanoGPT-style iteration settings (own files and config overrides).

describe('work facts from files', () => {
  test('nanoGPT train.py: max_iters, batch, block_size, arithmetic accumulation spanning the GPUs, model shape', async () => {
    const r = await analyzeFixture('work/nanogpt/train.py');
    const j = r.jobs[0];
    assert.equal(j.schedule?.maxSteps?.value, 600000);
    assert.equal(j.batch?.perDevice?.value, 12);
    assert.equal(j.batch?.sequenceLength?.value, 1024);
    assert.equal(j.batch?.gradientAccumulation?.value, 40, '5 * 8');
    assert.equal(j.batch?.accumulationIsGlobal?.value, true);
    assert.equal(j.model?.layers?.value, 12);
    assert.equal(j.model?.hidden?.value, 768);
    assert.equal(Math.round(j.model!.parameters!.value / 1e6), 124);
    const e = r.estimates[0];
    // 600,000 × 12 × 40 × 1024 tokens: the ~300B of nanoGPT's comment.
    assert.equal(e.tokens, 600000 * 12 * 40 * 1024);
    assert.ok(e.runCostOnDemand! > 0);
    // nanoGPT's README: about 4 days on 8×A100 40GB; the estimate is within ±35%.
    assert.ok(e.hours! > 96 * 0.65 && e.hours! < 96 * 1.35, `${e.hours} h`);
  });

  test('nanoGPT config overrides: train.py facts with the override on top; init_from names the model', async () => {
    const gpt2 = (await analyzeFixture('work/nanogpt/config/train_gpt2.py')).jobs[0];
    assert.equal(gpt2.name, 'nanoGPT config');
    assert.equal(gpt2.schedule?.maxSteps?.value, 600000);
    assert.equal(gpt2.batch?.accumulationIsGlobal?.value, true, 'from train.py');
    assert.equal(gpt2.anchor.start.line, 15, 'the max_iters line (0-based)');
    const ft = (await analyzeFixture('work/nanogpt/config/finetune_shakespeare.py')).jobs[0];
    assert.equal(ft.model?.id?.value, 'gpt2-xl');
    assert.equal(ft.model?.parameters, undefined, 'the gpt2-xl size comes from the model table, not train.py shape');
    assert.equal(ft.schedule?.maxSteps?.value, 20);
    assert.equal(ft.batch?.gradientAccumulation?.value, 32);
    assert.equal(ft.batch?.sequenceLength?.value, 1024, 'block_size from train.py');
  });

  test('a plain settings file without train.py beside it is no job', async () => {
    const r = await analyzeText('settings.py', 'max_iters = 10\nblock_size = 64\nn_layer = 2\nbatch_size = 4\n');
    assert.equal(r.jobs.length, 0);
  });

  test('Keras: built-in dataset and applications architecture; Lightning: torchvision dataset and model', async () => {
    const k = (await analyzeFixture('work/keras_resnet_cifar.py')).jobs[0];
    assert.equal(k.model?.id?.value, 'resnet50');
    assert.deepEqual(k.datasets.map((d) => [d.value.path, d.value.split]), [['cifar10', 'train']]);
    assert.equal(k.schedule?.epochs?.value, 30);
    const l = await analyzeFixture('work/lightning_resnet.py');
    assert.equal(l.jobs[0].model?.id?.value, 'resnet18');
    assert.deepEqual(l.jobs[0].datasets.map((d) => [d.value.path, d.value.split]), [['cifar10', 'train']]);
    assert.equal(l.jobs[0].schedule?.epochs?.value, 20);
    assert.ok(l.estimates[0].runCostOnDemand! > 0);
  });

  test('torchvision test split and tfds splits are read', async () => {
    const src = [
      'import torch, torchvision',
      'import tensorflow_datasets as tfds',
      'test_set = torchvision.datasets.MNIST("d", train=False)',
      'ds = tfds.load("mnist", split="train[:10%]")',
      'model = torch.nn.Linear(2, 2)',
      'opt = torch.optim.SGD(model.parameters(), lr=0.1)',
      'for epoch in range(3):',
      '    loss = model(torch.zeros(2)).sum()',
      '    loss.backward()',
      '    opt.step()',
    ].join('\n');
    const j = (await analyzeText('train.py', src)).jobs[0];
    assert.deepEqual(j.datasets.map((d) => [d.value.path, d.value.split]), [['mnist', 'test'], ['mnist', 'train[:10%]']]);
  });

  test('load_dataset(id, config, split=...) keeps config and split', async () => {
    const r = await analyzeFixture('work/whisper_finetune.py');
    const d = r.jobs[0].datasets[0].value;
    assert.deepEqual([d.path, d.subset, d.split], ['mozilla-foundation/common_voice_11_0', 'hi', 'train+validation']);
    assert.equal(r.jobs[0].model?.id?.value, 'openai/whisper-small');
    assert.ok(r.estimates[0].runCostOnDemand! > 0);
  });

  test('HF configs: dataset_train_split, default epochs; axolotl name/split; torchtune split', async () => {
    const trl = (await analyzeFixture('work/trl-sft.yaml')).jobs[0];
    assert.equal(trl.datasets[0].value.split, 'train_sft');
    const noEpochs = (await analyzeText('sft.yaml', 'model_name_or_path: gpt2\ndataset_name: imdb\nper_device_train_batch_size: 8\n')).jobs[0];
    assert.deepEqual([noEpochs.schedule?.epochs?.value, noEpochs.schedule?.epochs?.source.kind], [3, 'default']);
    const ax = (await analyzeText('ax.yml', 'base_model: gpt2\nmicro_batch_size: 2\ndatasets:\n  - path: allenai/c4\n    name: realnewslike\n    split: train[:1%]\n    type: completion\n')).jobs[0];
    assert.deepEqual([ax.datasets[0].value.subset, ax.datasets[0].value.split], ['realnewslike', 'train[:1%]']);
    assert.deepEqual([ax.schedule?.epochs?.value, ax.schedule?.epochs?.source.kind], [1, 'default']);
    const tt = await analyzeText('tt.yaml', 'model:\n  _component_: torchtune.models.llama3.llama3_8b\ndataset:\n  _component_: torchtune.datasets.instruct_dataset\n  source: tatsu-lab/alpaca\n  split: train[:50%]\nepochs: 1\nloss:\n  _component_: torchtune.modules.loss.CEWithChunkedOutputLoss\n');
    assert.equal(tt.jobs[0].datasets[0].value.split, 'train[:50%]');
  });
});

describe('run cost for typical real-shaped configs, hardware stated', () => {
  for (const f of ['work/trl-sft.yaml', 'work/alignment-dpo.yaml', 'work/axolotl/config.yml', 'work/torchtune-alpaca.yaml', 'work/hf-vit-cifar.yaml', 'work/nanogpt/config/train_gpt2.py']) {
    test(f, async () => {
      const e = (await analyzeFixture(f)).estimates[0];
      assert.ok(e.runCostOnDemand! > 0, e.missing);
      assert.equal(e.missing, undefined);
    });
  }
});

describe('argparse defaults of an iteration-style script', () => {
  test('max_iters, batch, block size and model shape from add_argument defaults, said so', async () => {
    const r = await analyzeFixture('work/argparse_train.py');
    const j = r.jobs[0];
    assert.equal(j.schedule?.maxSteps?.value, 5000);
    assert.equal(j.schedule?.maxSteps?.source.kind === 'file' && j.schedule.maxSteps.source.key, '--max_iters default');
    assert.equal(j.batch?.perDevice?.value, 64);
    assert.equal(j.batch?.sequenceLength?.value, 256);
    // 6 layers × 384 wide, character vocabulary 65: 12·6·384² + (65 + 256)·384 ≈ 10.7M (nanoGPT's "baby GPT").
    assert.equal(j.model?.parameters?.value, 12 * 6 * 384 * 384 + (65 + 256) * 384);
    const e = r.estimates[0];
    assert.equal(e.tokens, 5000 * 64 * 256);
    assert.ok(e.runCostOnDemand! > 0);
  });
});

describe('alignment-handbook dataset_mixer weights', () => {
  test('a weight below 1 takes that share of the training split', async () => {
    const text = 'model_name_or_path: gpt2\ndataset_mixer:\n  HuggingFaceH4/ultrachat_200k: 0.5\n  HuggingFaceH4/no_robots: 1.0\ndataset_splits:\n- train_sft\n- test_sft\nnum_train_epochs: 1\n# mlcost: gpu=H100:1\n';
    const r = await analyzeText('mix.yaml', text);
    assert.deepEqual(r.jobs[0].datasets.map((d) => d.value.split), ['train_sft[:50%]', 'train_sft']);
    const e = r.estimates[0];
    // no_robots has no train_sft split: it is named as not counted, the half of ultrachat is.
    // 50% of 207,865 rows is 103,933 rows (rounded as `datasets` does), of 1.397 GB / 4 bytes per token.
    assert.equal(e.tokens, Math.round((1397058554 / 4) * (103933 / 207865)));
    assert.ok(e.assumptions.some((a) => a.name === 'datasets not counted' && a.value === 'HuggingFaceH4/no_robots'));
  });
});

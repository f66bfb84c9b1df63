import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeFixture, analyzeText } from '../../helpers';
import type { AnalysisResult } from '../../../server/src/engine/analyze';
import type { Fact, FactSource, Job } from '../../../server/src/engine/types';

// The Python training-script dialect, through the real parser and analyze().

function onlyJob(r: AnalysisResult): Job {
  assert.equal(r.jobs.length, 1, `expected one job, got ${r.jobs.length}`);
  assert.equal(r.jobs[0].dialect, 'python-script');
  assert.equal(r.jobs[0].workload, 'training');
  return r.jobs[0];
}

function line(f: Fact<unknown> | undefined): number | undefined {
  const s: FactSource | undefined = f?.source;
  if (!s || s.kind === 'setting') return undefined;
  return s.range?.start.line;
}

/** 0-based line of the first line of `text` containing `needle`. */
function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `fixture has no line with ${needle}`);
  return i;
}

async function fixture(name: string) {
  const fs = await import('node:fs');
  const { fixturePath } = await import('../../helpers');
  const text = fs.readFileSync(fixturePath(`python/${name}`), 'utf8');
  return { text, result: await analyzeFixture(`python/${name}`) };
}

test('plain PyTorch loop: fp32 by default at the first backward()', async () => {
  const { text, result } = await fixture('torch_fp32_loop.py');
  const job = onlyJob(result);
  assert.equal(job.name, 'PyTorch training loop');
  assert.equal(job.precision?.value, 'fp32');
  assert.equal(job.precision?.source.kind, 'default');
  assert.equal(line(job.precision), lineOf(text, 'loss.backward()'));
  assert.equal(job.anchor.start.line, lineOf(text, 'loss.backward()'));
  assert.equal(job.schedule?.epochs?.value, 14);
  assert.equal(job.batch?.perDevice?.value, 64);
});

test('torch.save only after the loop: not periodic, /tmp is ephemeral', async () => {
  const { text, result } = await fixture('torch_fp32_loop.py');
  const ck = onlyJob(result).checkpoint!;
  assert.equal(ck.periodic?.value, false);
  assert.equal(ck.periodic?.source.kind, 'default');
  assert.equal(line(ck.periodic), lineOf(text, 'torch.save('));
  assert.equal(ck.location?.value, '/tmp/mnist_cnn.pt');
  assert.equal(ck.storage?.value, 'ephemeral');
  assert.equal(ck.resume, undefined);
});

test('save in a function called each epoch is periodic; GradScaler + autocast() → fp16; resume via torch.load', async () => {
  const { text, result } = await fixture('torch_periodic_ckpt.py');
  const job = onlyJob(result);
  assert.equal(job.precision?.value, 'fp16');
  assert.equal(job.precision?.source.kind, 'file');
  assert.equal(line(job.precision), lineOf(text, 'with autocast():'));
  const ck = job.checkpoint!;
  assert.equal(ck.periodic?.value, true);
  assert.equal(ck.periodic?.source.kind, 'file');
  assert.equal(line(ck.periodic), lineOf(text, 'torch.save('));
  assert.equal(ck.location, undefined, 'the f-string file name leaves the full path unknown');
  assert.equal(ck.storage?.value, 'durable', 'but its s3:// prefix is known');
  assert.equal(ck.resume?.value, true);
  assert.equal(job.schedule?.epochs?.value, 20);
});

test('GradScaler alone → fp16', async () => {
  const r = await analyzeText('scaler.py', [
    'import torch',
    'scaler = torch.cuda.amp.GradScaler()',
    'for x in loader:',
    '    loss = model(x)',
    '    scaler.scale(loss).backward()',
    '    scaler.step(optimizer)',
    '',
  ].join('\n'));
  const job = onlyJob(r);
  assert.equal(job.precision?.value, 'fp16');
  assert.equal(line(job.precision), 1);
});

test('autocast(dtype=torch.bfloat16) → bf16, not fp32', async () => {
  const r = await analyzeText('bf16.py', [
    'import torch',
    'opt = torch.optim.AdamW(model.parameters())',
    'for epoch in range(3):',
    '    for x, y in loader:',
    "        with torch.autocast(device_type='cuda', dtype=torch.bfloat16):",
    '            loss = model(x, y)',
    '        loss.backward()',
    '        opt.step()',
    '',
  ].join('\n'));
  const job = onlyJob(r);
  assert.equal(job.precision?.value, 'bf16');
  assert.equal(job.precision?.source.kind, 'file');
  assert.equal(line(job.precision), 4);
  assert.equal(job.schedule?.epochs?.value, 3);
});

test('AMP switched by a CLI flag is dynamic, not fp32', async () => {
  const r = await analyzeText('flag.py', [
    'import torch',
    'scaler = None',
    'if args.fp16:',
    '    scaler = torch.cuda.amp.GradScaler()',
    'for x in loader:',
    '    loss = model(x)',
    '    loss.backward()',
    '    optimizer.step()',
    '',
  ].join('\n'));
  assert.equal(onlyJob(r).precision?.value, 'dynamic');
});

test('model.half() → fp16; allow_tf32 alone → tf32', async () => {
  const half = await analyzeText('half.py', 'import torch\nmodel = Net().cuda().half()\nloss = model(x)\nloss.backward()\noptimizer.step()\n');
  assert.equal(onlyJob(half).precision?.value, 'fp16');
  assert.equal(line(onlyJob(half).precision), 1);
  const tf32 = await analyzeText('tf32.py', 'import torch\ntorch.backends.cuda.matmul.allow_tf32 = True\nloss = model(x)\nloss.backward()\noptimizer.step()\n');
  assert.equal(onlyJob(tf32).precision?.value, 'tf32');
  assert.equal(line(onlyJob(tf32).precision), 1);
});

test('nanoGPT-style: autocast with a dtype variable → dynamic; save in while loop; init_from resume', async () => {
  const { text, result } = await fixture('nanogpt_style.py');
  const job = onlyJob(result);
  assert.equal(job.precision?.value, 'dynamic');
  assert.equal(line(job.precision), lineOf(text, 'ctx = nullcontext()'));
  assert.equal(job.checkpoint?.periodic?.value, true);
  assert.equal(job.checkpoint?.location?.value, 'out/ckpt.pt');
  assert.equal(job.checkpoint?.storage?.value, 'unknown');
  assert.equal(job.checkpoint?.resume?.value, true);
  assert.equal(job.batch?.perDevice?.value, 12);
  assert.equal(job.schedule?.maxSteps?.value, 600000);
  const bin = job.datasets.find((d) => d.value.format === 'binary');
  assert.equal(bin?.value.reader, 'np.memmap');
});

test('Lightning Trainer without precision: fp32 default at the Trainer call; hardware, checkpoint, resume', async () => {
  const { text, result } = await fixture('lightning_default.py');
  const job = onlyJob(result);
  assert.equal(job.name, 'Lightning Trainer');
  assert.equal(job.anchor.start.line, lineOf(text, 'trainer = L.Trainer('));
  assert.equal(job.precision?.value, 'fp32');
  assert.equal(job.precision?.source.kind, 'default');
  assert.equal(line(job.precision), lineOf(text, 'trainer = L.Trainer('));
  assert.equal(job.hardware?.gpuCount?.value, 4);
  assert.equal(job.hardware?.nodes?.value, 2);
  assert.equal(job.checkpoint?.periodic?.value, true);
  assert.equal(line(job.checkpoint?.periodic), lineOf(text, 'ModelCheckpoint(dirpath'));
  assert.equal(job.checkpoint?.storage?.value, 'ephemeral');
  assert.equal(job.checkpoint?.resume?.value, true);
  assert.equal(job.schedule?.epochs?.value, 1000);
  assert.equal(job.schedule?.earlyStopping?.value, false);
  assert.equal(job.batch?.perDevice?.value, 256);
});

test("Lightning precision='bf16-mixed' → bf16; enable_checkpointing=False; accelerator='cpu'", async () => {
  const r = await analyzeText('pl.py', [
    'import pytorch_lightning as pl',
    'from pytorch_lightning.callbacks import EarlyStopping',
    "trainer = pl.Trainer(precision='bf16-mixed', enable_checkpointing=False, accelerator='cpu',",
    "                     callbacks=[EarlyStopping('val_loss')])",
    'trainer.fit(model, dm)',
    '',
  ].join('\n'));
  const job = onlyJob(r);
  assert.equal(job.precision?.value, 'bf16');
  assert.equal(job.precision?.source.kind, 'file');
  assert.equal(line(job.precision), 2);
  assert.equal(job.checkpoint?.periodic?.value, false);
  assert.equal(job.hardware?.cpuOnly, true);
  assert.equal(job.schedule?.earlyStopping?.value, true);
  assert.equal(line(job.schedule?.earlyStopping), 3);
});

test('Lightning Trainer used only for test() is not a training job', async () => {
  const r = await analyzeText('eval.py', 'import lightning as L\ntrainer = L.Trainer()\ntrainer.test(model, dm)\n');
  assert.equal(r.jobs.length, 0);
});

test('TrainingArguments without bf16/fp16 → fp32 default; save_strategy="no"; LoRA; csv data_files', async () => {
  const { text, result } = await fixture('hf_trainer.py');
  const job = onlyJob(result);
  assert.equal(job.name, 'HF Trainer');
  assert.equal(job.precision?.value, 'fp32');
  assert.equal(job.precision?.source.kind, 'default');
  assert.equal(line(job.precision), lineOf(text, 'args = TrainingArguments('));
  assert.equal(job.checkpoint?.periodic?.value, false);
  assert.equal(line(job.checkpoint?.periodic), lineOf(text, 'save_strategy='));
  assert.equal(job.checkpoint?.location?.value, '/tmp/gpt2-out');
  assert.equal(job.checkpoint?.storage?.value, 'ephemeral');
  assert.equal(job.schedule?.epochs?.value, 3);
  assert.equal(job.batch?.perDevice?.value, 8);
  assert.equal(job.batch?.gradientAccumulation?.value, 4);
  assert.equal(job.model?.id?.value, 'gpt2-medium');
  assert.equal(job.model?.trainingMode?.value, 'lora');
  assert.deepEqual(job.datasets.map((d) => [d.value.format, d.value.path]), [['csv', 'data/train.csv']]);
  assert.equal(line(job.datasets[0]), lineOf(text, 'load_dataset('));
});

test('TrainingArguments(bf16=True) → bf16 at the keyword', async () => {
  const r = await analyzeText('bf16args.py', [
    'from transformers import Trainer, TrainingArguments',
    "args = TrainingArguments('out',",
    '    bf16=True)',
    'Trainer(model=m, args=args).train()',
    '',
  ].join('\n'));
  const job = onlyJob(r);
  assert.equal(job.precision?.value, 'bf16');
  assert.equal(job.precision?.source.kind, 'file');
  assert.equal(line(job.precision), 2);
  assert.equal(job.checkpoint?.periodic?.value, true);
  assert.equal(job.checkpoint?.periodic?.source.kind, 'default');
});

test('SFTConfig without bf16 → TRL bf16 default; gs:// output is durable; resume; hub dataset; model id', async () => {
  const { text, result } = await fixture('trl_sft.py');
  const job = onlyJob(result);
  assert.equal(job.name, 'SFTTrainer');
  assert.equal(job.precision?.value, 'bf16');
  assert.equal(job.precision?.source.kind, 'default');
  assert.equal(line(job.precision), lineOf(text, 'SFTConfig('));
  assert.equal(job.checkpoint?.storage?.value, 'durable');
  assert.equal(job.checkpoint?.resume?.value, true);
  assert.equal(job.schedule?.maxSteps?.value, 1000);
  assert.equal(job.model?.id?.value, 'Qwen/Qwen2.5-0.5B');
  assert.deepEqual(job.datasets.map((d) => [d.value.format, d.value.path]), [['hub', 'trl-lib/Capybara']]);
});

test('HfArgumentParser-driven Trainer → dynamic precision at the parser', async () => {
  const { text, result } = await fixture('hf_cli.py');
  const job = onlyJob(result);
  assert.equal(job.precision?.value, 'dynamic');
  assert.equal(line(job.precision), lineOf(text, 'HfArgumentParser(('));
  assert.equal(job.checkpoint?.resume?.value, true);
});

test('Accelerator(mixed_precision=args.mixed_precision) → dynamic; save_state only after the loop', async () => {
  const { text, result } = await fixture('accelerate_loop.py');
  const job = onlyJob(result);
  assert.equal(job.name, 'Accelerate training loop');
  assert.equal(job.anchor.start.line, lineOf(text, 'Accelerator(cpu='));
  assert.equal(job.precision?.value, 'dynamic');
  assert.equal(job.precision?.source.kind, 'file');
  assert.equal(job.checkpoint?.periodic?.value, false);
  assert.equal(line(job.checkpoint?.periodic), lineOf(text, 'save_state('));
  assert.equal(job.schedule?.epochs?.value, 3);
});

test("Accelerator(mixed_precision='bf16') → bf16; Accelerator() → dynamic default", async () => {
  const loop = 'for b in dl:\n    accelerator.backward(model(b).loss)\n    optimizer.step()\n';
  const lit = await analyzeText('a.py', `from accelerate import Accelerator\naccelerator = Accelerator(mixed_precision='bf16')\n${loop}`);
  assert.equal(onlyJob(lit).precision?.value, 'bf16');
  const none = await analyzeText('b.py', `from accelerate import Accelerator\naccelerator = Accelerator()\n${loop}`);
  assert.equal(onlyJob(none).precision?.value, 'dynamic');
  assert.equal(onlyJob(none).precision?.source.kind, 'default');
});

test('Keras fit without a mixed policy → fp32 default at fit; tsv read_csv; no checkpoint', async () => {
  const { text, result } = await fixture('keras_fit.py');
  const job = onlyJob(result);
  assert.equal(job.precision?.value, 'fp32');
  assert.equal(job.precision?.source.kind, 'default');
  assert.equal(line(job.precision), lineOf(text, 'model.fit('));
  assert.equal(job.checkpoint?.periodic?.value, false);
  assert.equal(job.schedule?.epochs?.value, 50);
  assert.equal(job.batch?.perDevice?.value, 32);
  assert.deepEqual(job.datasets.map((d) => [d.value.format, d.value.reader]), [['tsv', 'pd.read_csv']]);
});

test('Keras with mixed_float16 policy → fp16; BackupAndRestore → periodic + resume; EarlyStopping', async () => {
  const { text, result } = await fixture('keras_mixed.py');
  const job = onlyJob(result);
  assert.equal(job.precision?.value, 'fp16');
  assert.equal(line(job.precision), lineOf(text, 'set_global_policy'));
  assert.equal(job.checkpoint?.periodic?.value, true);
  assert.equal(job.checkpoint?.resume?.value, true);
  assert.equal(job.checkpoint?.storage?.value, 'durable');
  assert.equal(job.schedule?.earlyStopping?.value, true);
});

test('pd.read_csv in a training script → csv dataset at the call', async () => {
  const text = [
    'import pandas as pd',
    'import torch',
    "df = pd.read_csv('data/train.csv', usecols=['x', 'y'])",
    'for x, y in batches(df):',
    '    loss = model(x, y)',
    '    loss.backward()',
    '    optimizer.step()',
    '',
  ].join('\n');
  const job = onlyJob(await analyzeText('train.py', text));
  assert.equal(job.datasets.length, 1);
  assert.deepEqual(job.datasets[0].value, { format: 'csv', path: 'data/train.csv', reader: 'pd.read_csv' });
  assert.equal(line(job.datasets[0]), 2);
});

test('negatives: pandas report, Flask inference app, setup.py yield no job', async () => {
  for (const name of ['pandas_report.py', 'flask_app.py', 'setup.py']) {
    const r = await analyzeFixture(`python/${name}`);
    assert.equal(r.jobs.length, 0, name);
    assert.deepEqual(r.findings, [], name);
  }
});

test('negatives: sklearn fit in a TF-importing script, HF evaluate-only, Grad-CAM backward', async () => {
  const sk = await analyzeText('prep.py', 'import tensorflow as tf\nfrom sklearn.preprocessing import StandardScaler\nscaler = StandardScaler()\nscaler.fit(X)\n');
  assert.equal(sk.jobs.length, 0);
  const ev = await analyzeText('eval.py', 'from transformers import Trainer\ntrainer = Trainer(model=m)\nprint(trainer.evaluate())\n');
  assert.equal(ev.jobs.length, 0);
  const cam = await analyzeText('cam.py', 'import torch\nmodel.eval()\nout = model(img)\nout[0, cls].backward()\nheat = grads.mean()\n');
  assert.equal(cam.jobs.length, 0);
  const test_ = await analyzeText('test_model.py', 'import torch\ndef test_forward():\n    assert model(torch.zeros(1, 3)).shape == (1, 2)\n');
  assert.equal(test_.jobs.length, 0);
});

test('a syntax error elsewhere still yields facts from the parts that parsed', async () => {
  const r = await analyzeText('broken.py', [
    'import lightning as L',
    'def broken(:',
    '    pass',
    "trainer = L.Trainer(precision='16-mixed', max_epochs=5)",
    'trainer.fit(model)',
    '',
  ].join('\n'));
  assert.ok(r.parseErrors.length > 0);
  const job = onlyJob(r);
  assert.equal(job.precision?.value, 'fp16');
  assert.equal(line(job.precision), 3);
  assert.equal(job.schedule?.epochs?.value, 5);
});

test('non-ASCII text before a call keeps UTF-16 ranges right', async () => {
  const r = await analyzeText('unicode.py', [
    'import lightning as L',
    "note = '训练 😀 modèle'; trainer = L.Trainer(max_epochs=3)",
    'trainer.fit(model)',
    '',
  ].join('\n'));
  const job = onlyJob(r);
  const start = "note = '训练 😀 modèle'; trainer = ".length; // JS length = UTF-16 units
  assert.deepEqual(job.anchor.start, { line: 1, character: start });
  assert.deepEqual(job.precision?.source.kind === 'default' && job.precision.source.range?.start, { line: 1, character: start });
});

test('scikit-learn / XGBoost training is a job with datasets but no precision or checkpoint facts', async () => {
  const sk = await analyzeText('train_rf.py', [
    'import pandas as pd',
    'from sklearn.ensemble import RandomForestClassifier',
    "df = pd.read_csv('higgs.csv')",
    'clf = RandomForestClassifier(n_estimators=500)',
    "clf.fit(df.drop(columns='label'), df['label'])",
    '',
  ].join('\n'));
  const job = onlyJob(sk);
  assert.equal(job.name, 'scikit-learn training');
  assert.equal(job.anchor.start.line, 4);
  assert.equal(job.precision, undefined);
  assert.equal(job.checkpoint, undefined);
  assert.equal(job.datasets[0]?.value.format, 'csv');
  const xgb = await analyzeText('train_xgb.py', "import xgboost as xgb\nimport pandas as pd\ndf = pd.read_parquet('d.parquet')\nbst = xgb.train(params, xgb.DMatrix(df), 100)\n");
  assert.equal(onlyJob(xgb).name, 'XGBoost training');
  assert.equal(onlyJob(xgb).datasets[0]?.value.format, 'parquet');
});

test('negative: a report that fits a trend line is not a training job', async () => {
  const r = await analyzeText('trend.py', [
    'import pandas as pd',
    'from sklearn.linear_model import LinearRegression',
    "df = pd.read_csv('sales.csv')",
    "trend = LinearRegression().fit(df[['week']], df['amount'])",
    '',
  ].join('\n'));
  assert.equal(r.jobs.length, 0);
});

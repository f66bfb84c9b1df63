import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeFixture, analyzeText, fixturePath } from '../../helpers';
import type { AnalysisResult } from '../../../server/src/engine/analyze';
import type { Fact, Job } from '../../../server/src/engine/types';

// The hf-config dialect: TrainingArguments YAML/JSON, TRL / alignment-handbook, LLaMA-Factory,
// axolotl. Assertions are on Job facts (value, source kind, 0-based line), not on rule output.

function onlyJob(r: AnalysisResult): Job {
  const mine = r.jobs.filter((j) => j.dialect === 'hf-config');
  assert.equal(mine.length, 1, `expected one hf-config job, got ${r.jobs.map((j) => j.dialect).join(', ') || 'none'}`);
  return mine[0];
}

/** value, source kind and 0-based line of a fact (`-` when the source has no range). */
function fact<T>(f: Fact<T> | undefined): [T, string, number | '-'] | undefined {
  if (!f) return undefined;
  const s = f.source;
  const line = s.kind === 'file' || s.kind === 'annotation' ? s.range.start.line : s.kind === 'default' && s.range ? s.range.start.line : '-';
  return [f.value, s.kind, line];
}

function reason(f: Fact<unknown> | undefined): string {
  return f?.source.kind === 'default' ? f.source.reason : '';
}

test('TrainingArguments YAML: bf16: false + fp16: false is fp32 from the bf16 key', async () => {
  const job = onlyJob(await analyzeFixture('hf/trainer-fp32-explicit.yaml'));
  assert.equal(job.name, 'TrainingArguments config');
  assert.equal(job.workload, 'training');
  assert.deepEqual(fact(job.precision), ['fp32', 'file', 19]);
  assert.deepEqual(fact(job.checkpoint?.periodic), [true, 'file', 14]);
  assert.deepEqual(fact(job.checkpoint?.storage), ['unknown', 'file', 9]);
  assert.deepEqual(fact(job.datasets[0]), [{ format: 'hub', path: 'wikitext', reader: 'dataset_name', subset: 'wikitext-103-raw-v1' }, 'file', 3]);
  assert.deepEqual(fact(job.batch?.sequenceLength), [1024, 'file', 5]);
  assert.deepEqual(fact(job.model?.id), ['gpt2-medium', 'file', 2]);
  assert.equal(job.model?.trainingMode, undefined);
  assert.equal(job.anchor.start.line, 2);
});

test('TrainingArguments YAML without precision: fp32 default on the commented-out fp16 line; save_strategy "no"; CSV data', async () => {
  const job = onlyJob(await analyzeFixture('hf/trainer-fp32-default.yaml'));
  assert.deepEqual(fact(job.precision), ['fp32', 'default', 2]);
  assert.match(reason(job.precision), /TrainingArguments defaults to bf16=False/);
  assert.deepEqual(fact(job.checkpoint?.periodic), [false, 'file', 16]);
  assert.deepEqual(fact(job.checkpoint?.location), ['/tmp/ticket-classifier', 'file', 10]);
  assert.deepEqual(fact(job.checkpoint?.storage), ['ephemeral', 'file', 10]);
  assert.deepEqual(fact(job.checkpoint?.resume), [false, 'file', 11]);
  assert.deepEqual(fact(job.datasets[0]), [{ format: 'csv', path: 'data/tickets_train.csv', reader: 'train_file' }, 'file', 4]);
  assert.equal(job.datasets.length, 1, 'validation_file is not training data');
  assert.deepEqual(fact(job.schedule?.epochs), [5, 'file', 14]);
  assert.equal(job.schedule?.maxSteps, undefined, 'max_steps: -1 means "use epochs"');
  assert.deepEqual(fact(job.batch?.sequenceLength), [256, 'file', 6]);
});

test('TrainingArguments JSON goes through the same reader', async () => {
  const r = await analyzeFixture('hf/training-args.json');
  assert.equal(r.format, 'json');
  const job = onlyJob(r);
  assert.equal(job.name, 'TrainingArguments config');
  assert.deepEqual(fact(job.precision), ['fp32', 'default', '-']);
  assert.deepEqual(fact(job.checkpoint?.periodic), [true, 'file', 10]);
  assert.deepEqual(fact(job.checkpoint?.location), ['/tmp/mrpc', 'file', 9]);
  // hub_strategy: checkpoint uploads each checkpoint: it outlives the machine despite /tmp.
  assert.deepEqual(fact(job.checkpoint?.storage), ['durable', 'file', 13]);
  assert.deepEqual(fact(job.checkpoint?.resume), [true, 'file', 14]);
  assert.deepEqual(fact(job.datasets[0]), [{ format: 'jsonl', path: 'glue/mrpc/train.jsonl', reader: 'train_file' }, 'file', 15]);
  assert.deepEqual(fact(job.batch?.perDevice), [32, 'file', 6]);
  assert.deepEqual(fact(job.model?.id), ['bert-base-cased', 'file', 1]);
  assert.equal(job.anchor.start.line, 1);
});

test('TRL recipe without precision keys: bf16 by TRL default, not fp32', async () => {
  const job = onlyJob(await analyzeFixture('hf/trl-sft-default.yaml'));
  assert.equal(job.name, 'TRL config');
  assert.deepEqual(fact(job.precision), ['bf16', 'default', '-']);
  assert.match(reason(job.precision), /TRL/);
  assert.deepEqual(fact(job.checkpoint?.periodic), [true, 'default', '-']);
  assert.match(reason(job.checkpoint?.periodic), /every 500 steps/);
  assert.deepEqual(fact(job.datasets[0]), [{ format: 'hub', path: 'HuggingFaceH4/ultrachat_200k', reader: 'dataset_mixture', subset: 'default', split: 'train_sft' }, 'file', 8]);
  assert.deepEqual(fact(job.batch?.sequenceLength), [4096, 'file', 22]);
  assert.deepEqual(fact(job.model?.trainingMode), ['full', 'default', '-']);
});

test('alignment-handbook DPO recipe: bf16 true, save_strategy "no", hub push every save is durable', async () => {
  const job = onlyJob(await analyzeFixture('hf/alignment-zephyr-dpo.yaml'));
  assert.equal(job.name, 'TRL config');
  assert.deepEqual(fact(job.precision), ['bf16', 'file', 13]);
  assert.deepEqual(fact(job.checkpoint?.periodic), [false, 'file', 29]);
  assert.deepEqual(fact(job.checkpoint?.storage), ['durable', 'file', 28]);
  assert.deepEqual(fact(job.datasets[0]), [{ format: 'hub', path: 'HuggingFaceH4/ultrafeedback_binarized', reader: 'dataset_mixer', split: 'train_prefs' }, 'file', 6]);
});

test('TRL CLI config (model + Hub dataset only) is TRL: bf16 default', async () => {
  const job = onlyJob(await analyzeFixture('hf/trl-cli-minimal.yaml'));
  assert.equal(job.name, 'TRL config');
  assert.deepEqual(fact(job.precision), ['bf16', 'default', '-']);
  assert.deepEqual(fact(job.datasets[0]), [{ format: 'hub', path: 'stanfordnlp/imdb', reader: 'dataset_name' }, 'file', 3]);
  assert.equal(job.anchor.start.line, 1);
});

test('TRL with bf16: false is fp32; use_peft + load_in_4bit is QLoRA; gs:// output is durable', async () => {
  const job = onlyJob(await analyzeFixture('hf/trl-peft-bf16-off.yaml'));
  assert.deepEqual(fact(job.precision), ['fp32', 'file', 6]);
  assert.deepEqual(fact(job.model?.trainingMode), ['qlora', 'file', 5]);
  assert.deepEqual(fact(job.checkpoint?.storage), ['durable', 'file', 10]);
});

test('TRL: fp16: false alone still trains in bf16 (bf16 defaults to "not fp16")', async () => {
  const r = await analyzeText('sft.yaml', 'model_name_or_path: Qwen/Qwen2.5-0.5B\ndataset_name: trl-lib/Capybara\npacking: true\nfp16: false\n');
  assert.deepEqual(fact(onlyJob(r).precision), ['bf16', 'default', '-']);
});

test('LLaMA-Factory without precision keys: dynamic (dtype from the model); names from dataset_info; QLoRA', async () => {
  const job = onlyJob(await analyzeFixture('hf/llamafactory-qlora-default.yaml'));
  assert.equal(job.name, 'LLaMA-Factory config');
  assert.deepEqual(fact(job.precision), ['dynamic', 'default', '-']);
  assert.match(reason(job.precision), /LLaMA-Factory/);
  assert.deepEqual(job.datasets.map((d) => [d.value.format, d.value.path, d.source.kind === 'file' && d.source.range.start.line]), [
    ['unknown', 'support_chats', 14],
    ['unknown', 'alpaca_en_demo', 14],
  ]);
  assert.deepEqual(fact(job.model?.trainingMode), ['qlora', 'file', 2]);
  assert.deepEqual(fact(job.checkpoint?.periodic), [true, 'file', 23]);
  assert.equal(job.checkpoint?.resume, undefined, 'resume_from_checkpoint: null says nothing');
  assert.deepEqual(fact(job.batch?.sequenceLength), [4096, 'file', 16]);
});

test('LLaMA-Factory pure_bf16 is bf16; overwrite_output_dir defeats resume; /tmp is ephemeral', async () => {
  const job = onlyJob(await analyzeFixture('hf/llamafactory-pure-bf16.yaml'));
  assert.deepEqual(fact(job.precision), ['bf16', 'file', 26]);
  assert.deepEqual(fact(job.model?.trainingMode), ['full', 'file', 6]);
  assert.deepEqual(fact(job.checkpoint?.storage), ['ephemeral', 'file', 17]);
  assert.deepEqual(fact(job.checkpoint?.resume), [false, 'file', 19]);
});

test('LLaMA-Factory with bf16: false and fp16: false is fp32; save_strategy "no"', async () => {
  const job = onlyJob(await analyzeFixture('hf/llamafactory-bf16-off.yaml'));
  assert.deepEqual(fact(job.precision), ['fp32', 'file', 21]);
  assert.deepEqual(fact(job.checkpoint?.periodic), [false, 'file', 16]);
});

test('LLaMA-Factory chat config is inference: no precision default, no checkpoint facts', async () => {
  const job = onlyJob(await analyzeFixture('hf/llamafactory-infer.yaml'));
  assert.equal(job.workload, 'inference');
  assert.equal(job.precision, undefined);
  assert.equal(job.checkpoint, undefined);
});

test('axolotl without precision keys: fp32 default on the commented-out bf16 line; CSV and JSON data', async () => {
  const job = onlyJob(await analyzeFixture('hf/axolotl-fp32-default.yml'));
  assert.equal(job.name, 'axolotl config');
  assert.deepEqual(fact(job.precision), ['fp32', 'default', 37]);
  assert.deepEqual(
    job.datasets.map((d) => fact(d)),
    [
      [{ format: 'csv', path: 'data/support_tickets.csv', reader: 'path' }, 'file', 9],
      [{ format: 'json', path: 'data/faq_export', reader: 'ds_type' }, 'file', 12],
      [{ format: 'hub', path: 'mhenrichsen/alpaca_2k_test', reader: 'path' }, 'file', 14],
    ],
  );
  assert.deepEqual(fact(job.model?.trainingMode), ['lora', 'file', 20]);
  assert.deepEqual(fact(job.checkpoint?.periodic), [true, 'default', '-']);
  assert.match(reason(job.checkpoint?.periodic), /axolotl saves a checkpoint at the end of every epoch/);
  assert.deepEqual(fact(job.schedule?.earlyStopping), [false, 'default', 32]);
  assert.equal(job.checkpoint?.resume, undefined);
  assert.deepEqual(fact(job.batch?.perDevice), [2, 'file', 31]);
  assert.deepEqual(fact(job.model?.id), ['NousResearch/Llama-3.2-1B', 'file', 0]);
});

test('axolotl bf16: auto is dynamic; lora + load_in_4bit is QLoRA; hub_model_id pushes; resumes', async () => {
  const job = onlyJob(await analyzeFixture('hf/axolotl-bf16-auto.yml'));
  assert.deepEqual(fact(job.precision), ['dynamic', 'file', 30]);
  assert.deepEqual(fact(job.model?.trainingMode), ['qlora', 'file', 7]);
  assert.deepEqual(fact(job.checkpoint?.storage), ['durable', 'file', 4]);
  assert.deepEqual(fact(job.checkpoint?.resume), [true, 'file', 35]);
  assert.deepEqual(fact(job.checkpoint?.periodic), [true, 'file', 36]);
  assert.deepEqual(fact(job.schedule?.earlyStopping), [true, 'file', 34]);
});

test('axolotl float16: true is pure fp16 even with bf16/fp16 false; parquet data_files; no adapter = full', async () => {
  const job = onlyJob(await analyzeFixture('hf/axolotl-float16.yml'));
  assert.deepEqual(fact(job.precision), ['fp16', 'file', 15]);
  assert.deepEqual(fact(job.datasets[0]), [{ format: 'parquet', path: 'train-00000-of-00001.parquet', reader: 'data_files' }, 'file', 4]);
  assert.deepEqual(fact(job.model?.trainingMode), ['full', 'default', 6]);
  assert.deepEqual(fact(job.checkpoint?.periodic), [false, 'file', 17]);
});

test('axolotl bf16: false, fp16: false, tf32: false is fp32 from the bf16 key', async () => {
  const job = onlyJob(await analyzeFixture('hf/axolotl-fp32-explicit.yml'));
  assert.deepEqual(fact(job.precision), ['fp32', 'file', 8]);
  assert.deepEqual(fact(job.checkpoint?.periodic), [true, 'file', 11]);
});

test('precision spellings: tf32 alone, torch_dtype alone, bf16: true', async () => {
  const base = 'model_name_or_path: gpt2\noutput_dir: out\nper_device_train_batch_size: 8\ndo_train: true\n';
  const tf32 = onlyJob(await analyzeText('a.yaml', `${base}tf32: true\nbf16: false\n`));
  assert.deepEqual(fact(tf32.precision), ['tf32', 'file', 4]);
  const dtype = onlyJob(await analyzeText('b.yaml', `${base}torch_dtype: bfloat16\n`));
  assert.deepEqual(fact(dtype.precision), ['bf16', 'file', 4]);
  const bf16 = onlyJob(await analyzeText('c.yaml', `${base}bf16: true\n`));
  assert.deepEqual(fact(bf16.precision), ['bf16', 'file', 4]);
  const auto = onlyJob(await analyzeText('d.json', '{"output_dir": "o", "num_train_epochs": 1, "fp16": "auto"}'));
  assert.deepEqual(fact(auto.precision), ['dynamic', 'file', 0]);
});

test('do_train: false is not a training job', async () => {
  const job = onlyJob(await analyzeText('eval.yaml', 'model_name_or_path: gpt2\ndo_train: false\ndo_eval: true\noutput_dir: out\n'));
  assert.equal(job.workload, 'inference');
  assert.equal(job.precision, undefined);
  assert.equal(job.checkpoint, undefined);
});

test('a few generic hyper-parameter names do not make an HF config, nor an fp32 claim', async () => {
  const generic = await analyzeText('hparams.yaml', 'learning_rate: 0.001\nnum_epochs: 10\nbatch_size: 32\noutput_dir: runs/\n');
  assert.equal(generic.jobs.filter((j) => j.dialect === 'hf-config').length, 0);
  // One HF name among generic ones: ours, but too thin to assume transformers' fp32 default.
  const thin = onlyJob(await analyzeText('h2.yaml', 'num_train_epochs: 3\nlearning_rate: 0.001\n'));
  assert.equal(thin.precision, undefined);
});

const NEGATIVES = path.join('hf', 'negatives');

test('non-ML YAML/JSON files yield no hf-config or torchtune job', async () => {
  const names = fs.readdirSync(fixturePath(NEGATIVES));
  assert.ok(names.length >= 10);
  for (const name of names) {
    const r = await analyzeFixture(path.join(NEGATIVES, name));
    const mine = r.jobs.filter((j) => j.dialect === 'hf-config' || j.dialect === 'torchtune');
    assert.equal(mine.length, 0, `${name} was read as ${mine.map((j) => j.name).join(', ')}`);
  }
});

test('tsconfig and eslint JSON yield no jobs at all', async () => {
  for (const name of ['tsconfig.json', '.eslintrc.json', 'package.json']) {
    const r = await analyzeFixture(path.join(NEGATIVES, name));
    assert.equal(r.format, 'json');
    assert.deepEqual(r.jobs, [], name);
    assert.deepEqual(r.findings, [], name);
  }
});

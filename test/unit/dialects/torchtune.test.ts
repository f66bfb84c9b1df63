import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeFixture, analyzeText } from '../../helpers';
import type { AnalysisResult } from '../../../server/src/engine/analyze';
import type { Fact, Job } from '../../../server/src/engine/types';

// The torchtune dialect: recipe configs built from `_component_: torchtune....` blocks.

function onlyJob(r: AnalysisResult): Job {
  const mine = r.jobs.filter((j) => j.dialect === 'torchtune');
  assert.equal(mine.length, 1, `expected one torchtune job, got ${r.jobs.map((j) => j.dialect).join(', ') || 'none'}`);
  return mine[0];
}

function fact<T>(f: Fact<T> | undefined): [T, string, number | '-'] | undefined {
  if (!f) return undefined;
  const s = f.source;
  const line = s.kind === 'file' || s.kind === 'annotation' ? s.range.start.line : s.kind === 'default' && s.range ? s.range.start.line : '-';
  return [f.value, s.kind, line];
}

test('torchtune LoRA with dtype: fp32 and a CSV dataset', async () => {
  const job = onlyJob(await analyzeFixture('torchtune/lora-fp32-csv.yaml'));
  assert.equal(job.workload, 'training');
  assert.deepEqual(fact(job.precision), ['fp32', 'file', 53]);
  assert.deepEqual(fact(job.datasets[0]), [{ format: 'csv', path: 'data/tickets.csv', reader: 'data_files' }, 'file', 30]);
  assert.deepEqual(fact(job.model?.trainingMode), ['lora', 'file', 6]);
  assert.deepEqual(fact(job.model?.id), ['Llama-3.2-1B-Instruct', 'file', 19]);
  // `llama3_2_1b`: the 2 is the version, the 1b the size; ambiguous names are left unknown.
  assert.equal(job.model?.parameters, undefined);
  // checkpointer.output_dir: ${output_dir} resolves to the top-level key, which is what to change.
  assert.deepEqual(fact(job.checkpoint?.location), ['/tmp/torchtune/llama3_2_1B/lora_tickets', 'file', 3]);
  assert.deepEqual(fact(job.checkpoint?.storage), ['ephemeral', 'file', 3]);
  assert.deepEqual(fact(job.checkpoint?.resume), [true, 'file', 24]);
  assert.deepEqual(fact(job.checkpoint?.periodic), [true, 'default', '-']);
  assert.deepEqual(fact(job.schedule?.epochs), [4, 'file', 47]);
  assert.deepEqual(fact(job.schedule?.maxSteps), [2000, 'file', 48]);
  assert.deepEqual(fact(job.batch?.perDevice), [8, 'file', 37]);
  assert.deepEqual(fact(job.batch?.gradientAccumulation), [4, 'file', 49]);
  assert.deepEqual(fact(job.batch?.sequenceLength), [2048, 'file', 15]);
  assert.equal(job.anchor.start.line, 3);
});

test('torchtune without dtype: fp32, because training.get_dtype(None) is float32', async () => {
  const job = onlyJob(await analyzeFixture('torchtune/full-default-dtype.yaml'));
  assert.equal(job.precision?.value, 'fp32');
  assert.equal(job.precision?.source.kind, 'default');
  assert.match(job.precision?.source.kind === 'default' ? job.precision.source.reason : '', /get_dtype/);
  assert.deepEqual(fact(job.checkpoint?.storage), ['durable', 'file', 3]);
  assert.deepEqual(fact(job.datasets[0]), [{ format: 'hub', path: 'torchtune.datasets.alpaca_cleaned_dataset', reader: '_component_' }, 'file', 12]);
  assert.deepEqual(fact(job.model?.trainingMode), ['full', 'file', 16]);
  assert.equal(job.batch?.sequenceLength, undefined, 'max_seq_len: null');
  assert.equal(job.checkpoint?.resume, undefined);
});

test('torchtune dtype: bf16; step checkpoints; a dataset list; parameter count from the builder name', async () => {
  const job = onlyJob(await analyzeFixture('torchtune/full-bf16.yaml'));
  assert.deepEqual(fact(job.precision), ['bf16', 'file', 35]);
  assert.deepEqual(fact(job.checkpoint?.periodic), [true, 'file', 27]);
  assert.deepEqual(fact(job.checkpoint?.location), ['/workspace/runs/llama3_8B_full/ckpt', 'file', 22]);
  assert.deepEqual(fact(job.checkpoint?.storage), ['unknown', 'file', 22]);
  assert.deepEqual(
    job.datasets.map((d) => [d.value.format, d.value.path]),
    [
      ['hub', 'torchtune.datasets.alpaca_dataset'],
      ['hub', 'acme/support-chats'],
    ],
  );
  assert.deepEqual(fact(job.model?.parameters), [8e9, 'file', 16]);
  assert.deepEqual(fact(job.model?.id), ['Meta-Llama-3-8B-Instruct', 'file', 20]);
  assert.deepEqual(fact(job.schedule?.epochs), [3, 'file', 26]);
});

test('torchtune generation config is inference: no precision default, no checkpoint facts', async () => {
  const job = onlyJob(await analyzeFixture('torchtune/generation.yaml'));
  assert.equal(job.workload, 'inference');
  assert.equal(job.precision, undefined);
  assert.equal(job.checkpoint, undefined);
});

test('fp16 spelled in dtype is read', async () => {
  const text = 'model:\n  _component_: torchtune.models.gemma.gemma_2b\nloss:\n  _component_: torch.nn.CrossEntropyLoss\ndtype: fp16\n';
  const job = onlyJob(await analyzeText('g.yaml', text));
  assert.deepEqual(fact(job.precision), ['fp16', 'file', 4]);
  assert.deepEqual(fact(job.model?.parameters), [2e9, 'file', 1]);
});

test('instantiate-style configs of other libraries are not torchtune, nor hf-config', async () => {
  const r = await analyzeFixture('torchtune/hydra-not-torchtune.yaml');
  assert.equal(r.jobs.filter((j) => j.dialect === 'torchtune' || j.dialect === 'hf-config').length, 0);
});

test("torchtune's flat configs (early 2024): builder names, dtype, the dataset by name; look-alikes stay out", async () => {
  const job = onlyJob(await analyzeFixture('rules/fp32-training/torchtune-flat-fp32.yaml'));
  assert.equal(job.workload, 'training');
  assert.deepEqual(fact(job.precision), ['fp32', 'file', 19]);
  assert.deepEqual(fact(job.model?.parameters), [7e9, 'file', 6]);
  assert.deepEqual(fact(job.model?.trainingMode), ['full', 'file', 6]);
  assert.deepEqual(fact(job.model?.id), ['llama2-7b', 'file', 7]);
  assert.deepEqual(fact(job.datasets[0]), [{ format: 'hub', path: 'torchtune.datasets.alpaca_dataset', reader: 'dataset' }, 'file', 1]);
  assert.deepEqual(fact(job.schedule?.epochs), [3, 'file', 14]);

  // `precision:` is the dtype key of the first `_component_` configs.
  const early = onlyJob(await analyzeFixture('rules/fp32-training/torchtune-precision-key.yaml'));
  assert.deepEqual(fact(early.precision), ['fp32', 'file', 26]);

  // An app config naming a model and a checkpoint, without torchtune's tokenizer_checkpoint: not torchtune.
  const other = await analyzeText('app.yaml', 'model: llama2_7b\nmodel_checkpoint: /models/llama\nport: 8080\n');
  assert.equal(other.jobs.filter((j) => j.dialect === 'torchtune').length, 0);
  // The flat generation config of the same era is no training job.
  const gen = onlyJob(await analyzeText('gen.yaml', 'model: llama2_7b\nmodel_checkpoint: /tmp/llama2-7b\ntokenizer: llama2_tokenizer\ntokenizer_checkpoint: /tmp/tokenizer.model\nmax_gen_len: 64\n'));
  assert.equal(gen.workload, 'inference');
  assert.equal(gen.precision, undefined);
});

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeFixture, analyzeText } from '../../helpers';
import { lightningDialect } from '../../../server/src/engine/dialects/lightning';
import type { Fact, Job } from '../../../server/src/engine/types';
import { detectDirect } from './detectDirect';

async function onlyJob(rel: string): Promise<Job> {
  const r = await analyzeFixture(rel);
  assert.equal(r.jobs.length, 1, `${rel}: one job`);
  assert.equal(r.jobs[0].dialect, 'lightning');
  return r.jobs[0];
}

/** Kind and 0-based line of a fact's source, for compact assertions. */
function where(f: Fact<unknown> | undefined): string {
  if (!f) return 'absent';
  const s = f.source;
  if (s.kind === 'file') return `file:${s.key}@${s.range.start.line}`;
  if (s.kind === 'default') return `default@${s.range ? s.range.start.line : '-'}`;
  return s.kind;
}

test('Lightning CLI: bf16-mixed, 4 GPUs x 2 nodes, S3 checkpoints every 500 steps, early stopping', async () => {
  const job = await onlyJob('lightning/cli/fit-bf16-mixed.yaml');
  assert.equal(job.name, 'Lightning Trainer');
  assert.equal(job.workload, 'training');
  assert.equal(job.anchor.start.line, 2); // `trainer:`
  assert.equal(job.precision?.value, 'bf16');
  assert.equal(where(job.precision), 'file:precision@7');
  assert.equal(job.hardware?.gpuCount?.value, 4);
  assert.equal(job.hardware?.nodes?.value, 2);
  assert.equal(job.checkpoint?.periodic?.value, true);
  assert.equal(where(job.checkpoint?.periodic), 'file:every_n_train_steps@14');
  assert.equal(job.checkpoint?.location?.value, 's3://acme-ml/checkpoints/segformer');
  assert.equal(job.checkpoint?.storage?.value, 'durable');
  assert.equal(job.checkpoint?.resume?.value, true);
  assert.equal(where(job.checkpoint?.resume), 'file:ckpt_path@32');
  assert.equal(job.schedule?.epochs?.value, 20);
  assert.equal(job.schedule?.earlyStopping?.value, true);
  assert.equal(where(job.schedule?.earlyStopping), 'file:EarlyStopping@16');
  assert.equal(job.batch?.perDevice?.value, 16);
  assert.equal(job.batch?.gradientAccumulation?.value, 2);
  assert.equal(job.model?.id?.value, 'nvidia/mit-b2');
  assert.equal(job.datasets.length, 1);
  assert.deepEqual(job.datasets[0].value, { format: 'csv', path: 'data/train_manifest.csv', reader: 'segmentation.ImageFolderDataModule' });
  assert.equal(where(job.datasets[0]), 'file:train_manifest@29');
});

test('Lightning CLI: 32-true is fp32 from the key; enable_checkpointing false; device list counts', async () => {
  const job = await onlyJob('lightning/cli/fit-32-true.yaml');
  assert.equal(job.precision?.value, 'fp32');
  assert.equal(where(job.precision), 'file:precision@4');
  assert.equal(job.hardware?.gpuCount?.value, 2);
  assert.equal(job.checkpoint?.periodic?.value, false);
  assert.equal(where(job.checkpoint?.periodic), 'file:enable_checkpointing@6');
  assert.equal(job.schedule?.maxSteps?.value, 20000);
  assert.equal(job.batch?.perDevice?.value, 64);
});

test('Lightning CLI: missing precision is the fp32 default, pointed at the commented-out line', async () => {
  const job = await onlyJob('lightning/cli/fit-commented-precision.yaml');
  assert.equal(job.precision?.value, 'fp32');
  assert.equal(where(job.precision), 'default@4');
  assert.match((job.precision!.source as { reason: string }).reason, /32-true/);
  // Checkpoints every epoch by default, into default_root_dir, which is /tmp.
  assert.equal(where(job.checkpoint?.periodic), 'default@-');
  assert.equal(job.checkpoint?.periodic?.value, true);
  assert.equal(job.checkpoint?.location?.value, '/tmp/lightning_runs');
  assert.equal(job.checkpoint?.storage?.value, 'ephemeral');
  assert.equal(job.schedule?.hours?.value, 12);
});

test('Lightning CLI: no precision and no comment: default at the anchor; devices auto and max_epochs -1 stay unknown', async () => {
  const job = await onlyJob('lightning/cli/fit-no-precision.yaml');
  assert.equal(where(job.precision), 'default@-');
  assert.equal(job.precision?.value, 'fp32');
  assert.equal(job.hardware?.gpuCount, undefined);
  assert.equal(job.schedule?.epochs, undefined);
  assert.equal(job.schedule?.maxSteps?.value, 100000);
});

test('Hydra trainer/default.yaml: _target_ Trainer, fp32 default at "# precision: 16", 1 GPU, epochs', async () => {
  const job = await onlyJob('lightning/hydra/trainer/default.yaml');
  assert.equal(job.name, 'Lightning Trainer (Hydra)');
  assert.equal(job.anchor.start.line, 0);
  assert.equal(job.precision?.value, 'fp32');
  assert.equal(where(job.precision), 'default@11');
  assert.equal(job.hardware?.gpuCount?.value, 1);
  assert.equal(job.schedule?.epochs?.value, 25);
  assert.equal(where(job.schedule?.epochs), 'file:max_epochs@5');
  assert.equal(job.checkpoint?.location?.value, '${paths.output_dir}');
  assert.equal(job.checkpoint?.storage?.value, 'unknown');
});

test('Hydra trainer: precision: 32 (int) is fp32 from the key; accelerator cpu is CPU-only', async () => {
  const job = await onlyJob('lightning/hydra/trainer/cpu.yaml');
  assert.equal(where(job.precision), 'file:precision@3');
  assert.equal(job.precision?.value, 'fp32');
  assert.equal(job.hardware?.cpuOnly, true);
  assert.equal(job.hardware?.gpuCount, undefined);
});

test('Hydra trainer composed from defaults: precision is inherited from default.yaml (reported there); hardware read', async () => {
  const job = await onlyJob('lightning/hydra/trainer/ddp.yaml');
  assert.equal(job.precision?.value, 'fp32');
  assert.ok(job.precision?.source.kind === 'default' && job.precision.source.uri?.endsWith('trainer/default.yaml'));
  assert.equal(job.hardware?.gpuCount?.value, 4);
  assert.equal(job.hardware?.nodes?.value, 1);
});

test('Hydra experiment override of trainer keys: epochs, no precision claim', async () => {
  const job = await onlyJob('lightning/hydra/experiment/example.yaml');
  assert.equal(job.precision, undefined);
  assert.equal(job.schedule?.epochs?.value, 10);
  assert.equal(where(job.schedule?.epochs), 'file:max_epochs@11');
  assert.equal(job.batch?.perDevice?.value, 64);
});

test('Hydra callbacks file: ModelCheckpoint save_last + EarlyStopping, nothing about precision', async () => {
  const job = await onlyJob('lightning/hydra/callbacks/default.yaml');
  assert.equal(job.name, 'Lightning callbacks');
  assert.equal(job.precision, undefined);
  assert.equal(job.hardware, undefined);
  assert.equal(job.checkpoint?.periodic?.value, true);
  assert.equal(where(job.checkpoint?.periodic), 'file:save_last@11');
  assert.equal(job.checkpoint?.location?.value, '${paths.output_dir}/checkpoints');
  assert.equal(job.checkpoint?.storage?.value, 'unknown');
  assert.equal(job.schedule?.earlyStopping?.value, true);
  assert.equal(where(job.schedule?.earlyStopping), 'file:EarlyStopping@13');
});

test('Hydra ModelCheckpoint with every interval null still saves each epoch', async () => {
  const job = await onlyJob('lightning/hydra/callbacks/model_checkpoint.yaml');
  assert.equal(job.checkpoint?.periodic?.value, true);
  assert.equal(where(job.checkpoint?.periodic), 'file:ModelCheckpoint@1');
  assert.equal(job.checkpoint?.location, undefined);
  assert.equal(job.schedule, undefined);
});

test('litgpt QLoRA: bf16-true, 2 GPUs, save_interval, qlora, hub id from checkpoint_dir, jsonl data', async () => {
  const job = await onlyJob('lightning/litgpt/qlora.yaml');
  assert.equal(job.name, 'litgpt LoRA finetune');
  assert.equal(job.precision?.value, 'bf16');
  assert.equal(where(job.precision), 'file:precision@8');
  assert.equal(job.hardware?.gpuCount?.value, 2);
  assert.equal(job.checkpoint?.periodic?.value, true);
  assert.equal(where(job.checkpoint?.periodic), 'file:save_interval@30');
  assert.equal(job.checkpoint?.location?.value, 'out/finetune/qlora-llama3.2-3b');
  assert.equal(job.model?.id?.value, 'meta-llama/Llama-3.2-3B');
  assert.equal(job.model?.trainingMode?.value, 'qlora');
  assert.equal(where(job.model?.trainingMode), 'file:quantize@11');
  assert.equal(job.schedule?.epochs?.value, 3);
  assert.equal(job.schedule?.maxSteps, undefined); // `max_steps:` left empty
  assert.equal(job.batch?.perDevice?.value, 4);
  assert.equal(job.batch?.gradientAccumulation?.value, 4); // 32 / 2 devices / 4
  assert.equal(job.batch?.sequenceLength?.value, 1024);
  assert.equal(job.datasets[0].value.format, 'jsonl');
});

test('litgpt pretrain: unset precision is litgpt\'s automatic choice (dynamic), save_interval null = no periodic saves', async () => {
  const job = await onlyJob('lightning/litgpt/pretrain.yaml');
  assert.equal(job.precision?.value, 'dynamic');
  assert.equal(job.precision?.source.kind, 'default');
  assert.equal(job.checkpoint?.periodic?.value, false);
  assert.equal(where(job.checkpoint?.periodic), 'file:save_interval@12');
  assert.equal(job.checkpoint?.storage?.value, 'ephemeral');
  assert.equal(job.checkpoint?.resume?.value, true);
  assert.equal(job.hardware?.gpuCount, undefined); // devices: auto
  assert.equal(job.model?.id?.value, 'pythia-160m');
  assert.equal(job.model?.trainingMode, undefined);
  assert.equal(job.datasets[0].value.format, 'csv');
  assert.equal(job.datasets[0].value.path, 'corpora/wiki_sentences.csv');
});

test('precision spellings: 16-mixed fp16, transformer-engine fp8, bf16 bf16, 64 fp32, ${...} dynamic', async () => {
  const cases: [string, string][] = [['16-mixed', 'fp16'], ["'16'", 'fp16'], ['transformer-engine', 'fp8'], ['bf16', 'bf16'], ['64', 'fp32'], ['${precision}', 'dynamic']];
  for (const [spelling, mode] of cases) {
    const r = await analyzeText('fit.yaml', `trainer:\n  accelerator: gpu\n  devices: 2\n  max_epochs: 3\n  precision: ${spelling}\n`);
    assert.equal(r.jobs[0]?.precision?.value, mode, spelling);
    assert.equal(where(r.jobs[0].precision), 'file:precision@4');
  }
});

test('a Hydra data module file yields a DataModule job with its data-loading facts only', async () => {
  const jobs = await detectDirect(lightningDialect, 'lightning/hydra/data/mnist.yaml');
  assert.equal(jobs.length, 1);
  assert.equal(jobs[0].name, 'Lightning DataModule');
  assert.equal(jobs[0].dataLoading?.workers?.value, 4);
  assert.equal(jobs[0].dataLoading?.modality?.value, 'image');
  assert.equal(jobs[0].precision, undefined);
  assert.deepEqual((await analyzeFixture('lightning/hydra/data/mnist.yaml')).findings, []);
});

test('Hydra fragments with nothing for our rules yield no job: optuna sweep; defaults-only train.yaml alone', async () => {
  for (const rel of ['lightning/hydra/hparams_search/optuna.yaml']) {
    assert.deepEqual(await detectDirect(lightningDialect, rel), [], rel);
    assert.deepEqual((await analyzeFixture(rel)).jobs.filter((j) => j.dialect === 'lightning'), [], rel);
  }
  // train.yaml alone says nothing; with its groups in the workspace it composes a job (hydraCompose tests).
  assert.deepEqual(await detectDirect(lightningDialect, 'lightning/hydra/train.yaml'), []);
});

test('non-ML YAML (GitHub workflow, docker-compose, k8s Deployment, app config with trainer:) and other trainers\' YAML (torchtune, HF) yield no Lightning job', async () => {
  for (const f of ['ci.yml', 'docker-compose.yml', 'deployment.yaml', 'app-config.yaml', 'torchtune-full.yaml', 'hf-training-args.yaml']) {
    assert.deepEqual(await detectDirect(lightningDialect, `lightning/not-ml/${f}`), [], f);
  }
});

test('ckpt_path: null means a fresh start: resume stays unknown, not true', async () => {
  const r = await analyzeText('fit.yaml', 'trainer:\n  max_epochs: 3\n  log_every_n_steps: 10\nckpt_path: null\n');
  assert.equal(r.jobs[0]?.dialect, 'lightning');
  assert.equal(r.jobs[0].checkpoint?.resume, undefined);
});

test('NeMo: exp_manager decides checkpointing (NeMo defaults), resume and early stopping; init_from_* marks a fine-tune', async () => {
  const trainer = 'trainer:\n  devices: 1\n  accelerator: gpu\n  max_epochs: 20\n  enable_checkpointing: False\n  logger: false\n';
  const a = await analyzeText('a.yaml', `init_from_pretrained_model: stt_en_conformer_ctc_small\n${trainer}exp_manager:\n  exp_dir: s3://bucket/nemo\n  resume_if_exists: true\n`);
  const ja = a.jobs[0];
  assert.equal(ja.name, 'Lightning Trainer (NeMo exp_manager)');
  assert.equal(ja.checkpoint?.periodic?.value, true, 'exp_manager creates a checkpoint callback by default');
  assert.equal(where(ja.checkpoint?.periodic), 'default@7');
  assert.equal(ja.checkpoint?.retention?.value, 3, "NeMo's save_top_k default");
  assert.equal(ja.checkpoint?.storage?.value, 'durable');
  assert.equal(where(ja.checkpoint?.storage), 'file:exp_manager.exp_dir@8');
  assert.equal(where(ja.checkpoint?.resume), 'file:exp_manager.resume_if_exists@9');
  assert.equal(ja.schedule?.earlyStopping?.value, false);
  assert.match(ja.schedule?.earlyStopping?.source.kind === 'default' ? ja.schedule.earlyStopping.source.reason : '', /create_early_stopping_callback/);
  assert.equal(ja.model?.id?.value, 'stt_en_conformer_ctc_small');
  assert.equal(ja.model?.pretrained?.value, true);

  const b = await analyzeText('b.yaml', `init_from_nemo_model: ???\n${trainer}exp_manager:\n  checkpoint_callback_params:\n    every_n_train_steps: 1000\n    save_top_k: -1\n  create_early_stopping_callback: true\n`);
  const jb = b.jobs[0];
  assert.equal(where(jb.checkpoint?.periodic), 'file:every_n_train_steps@9');
  assert.equal(jb.checkpoint?.retention?.value, 'all');
  assert.equal(jb.checkpoint?.intervalSteps?.value, 1000);
  assert.equal(where(jb.schedule?.earlyStopping), 'file:exp_manager.create_early_stopping_callback@11');
  assert.equal(jb.model?.id, undefined, 'a .nemo path (here still to fill) is no model id');
  assert.equal(jb.model?.pretrained?.value, true);

  // Without exp_manager a plain Lightning config is unchanged: the Trainer's switch is the fact.
  const c = await analyzeText('c.yaml', trainer);
  assert.equal(c.jobs[0].name, 'Lightning Trainer');
  assert.equal(where(c.jobs[0].checkpoint?.periodic), 'file:enable_checkpointing@4');
  assert.equal(c.jobs[0].model, undefined);
});

test('litgpt: max_tokens is the run\'s tokens and, with the batch and sequence, its optimizer steps; every save is kept', async () => {
  const job = await onlyJob('rules/checkpoint-retention/litgpt-pretrain.yaml');
  assert.equal(job.schedule?.tokens?.value, 1e11);
  assert.equal(where(job.schedule?.tokens), 'file:max_tokens@12');
  assert.equal(job.schedule?.maxSteps?.value, Math.floor(1e11 / (512 * 2048)));
  assert.equal(job.checkpoint?.intervalSteps?.value, 1000);
  assert.equal(job.checkpoint?.retention?.value, 'all');
  assert.equal(where(job.checkpoint?.retention), 'default@7');
  assert.equal(job.model?.id?.value, 'pythia-1b');

  // Sequence from the model's block_size when train.max_seq_length is unset; the inline model's name is the id.
  const r = await analyzeText('p.yaml', 'model:\n  name: tiny-llama-1.1b\n  block_size: 2048\nout_dir: out\ndevices: 8\ntrain:\n  global_batch_size: 512\n  micro_batch_size: 4\n  max_tokens: 3000000000000\n  max_seq_length: null\neval:\n  interval: 1000\n');
  const p = r.jobs[0];
  assert.equal(p.schedule?.maxSteps?.value, Math.floor(3e12 / (512 * 2048)));
  assert.equal(where(p.model?.id), 'file:model.name@1');
  assert.equal(p.checkpoint?.intervalSteps?.source.kind, 'default', 'save_interval unset: every 1000 steps');
  // save_interval null: only the final save, so nothing piles up.
  const none = await onlyJob('lightning/litgpt/pretrain.yaml');
  assert.equal(none.checkpoint?.retention, undefined);
});

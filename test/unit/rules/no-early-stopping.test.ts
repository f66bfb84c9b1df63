import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeFixture } from '../../helpers';
import { ruleCases } from './cases';
import { ruleFixRoundTrips } from './fixRoundTrip';

ruleCases('no-early-stopping', [
  { file: 'axolotl-5-epochs.yml', lines: [12], says: ['5 epochs', 'early_stopping_patience', 'BERT', 'last 2 of 5 epochs'], why: 'axolotl: 5 epochs, evaluation on, no patience' },
  { file: 'axolotl-no-eval.yml', lines: [9], says: ['validation split'], why: 'axolotl: 6 epochs and no validation split yet' },
  { file: 'axolotl-priced.yml', lines: [13], says: ['≈ $', '4.0 h of this run'], why: 'priced through annotations: the money figure is 2 of 5 epochs of the run' },
  { file: 'axolotl-patience.yml', lines: [], why: 'early_stopping_patience: 3' },
  { file: 'axolotl-3-epochs.yml', lines: [], why: 'a 3-epoch fine-tune is the usual recipe' },
  { file: 'axolotl-max-steps.yml', lines: [], why: 'max_steps bounds the run' },
  { file: 'trainer-epochs.yaml', lines: [], why: 'TrainingArguments YAML: the callback would be passed in code' },
  { file: 'lightning-cli-1000-epochs.yaml', lines: [5], says: ['1000 epochs'], why: 'Lightning CLI: a 1000-epoch cap, callbacks without EarlyStopping' },
  { file: 'lightning-cli-early.yaml', lines: [], why: 'Lightning CLI with an EarlyStopping callback' },
  { file: 'lightning-cli-90-epochs.yaml', lines: [], why: 'a 90-epoch from-scratch schedule is deliberate (ImageNet recipe)' },
  { file: 'keras-fit.py', lines: [7], says: ['1000 epochs'], why: 'Keras fit capped at 1000 epochs without EarlyStopping' },
  { file: 'keras-early.py', lines: [], why: 'Keras EarlyStopping callback' },
  { file: 'nemo-finetune.yaml', lines: [13], says: ['50 epochs', 'create_early_stopping_callback'], why: 'NeMo fine-tune (init_from_* keys) for 50 epochs, exp_manager without early stopping' },
  { file: 'nemo-pretrain.yaml', lines: [], why: 'NeMo exp_manager.create_early_stopping_callback: true' },
  { file: 'skypilot-run-qa.yaml', lines: [20], says: ['20 epochs', 'example scripts do not add', 'fewer `--num_train_epochs`'], why: "transformers' run_qa.py for 20 epochs: the example scripts add no EarlyStoppingCallback" },
  { file: 'skypilot-custom-script.yaml', lines: [], why: 'a custom train.py not in the workspace may stop early itself' },
  { file: 'litgpt-lora-epochs.yaml', lines: [14], says: ['litgpt has no early stopping', '`train.epochs`'], why: 'litgpt LoRA for 6 epochs: litgpt cannot stop early' },
  { file: 'hf-trainer.py', lines: [9], says: ['8 epochs', 'Trainer'], why: 'HF Trainer fine-tune for 8 epochs, no EarlyStoppingCallback' },
  { file: 'hf-trainer.ipynb', lines: [43], says: ['8 epochs'], why: 'the same HF Trainer in a notebook' },
  { file: 'hf-trainer-steps.py', lines: [18], says: ['10 epochs'], why: 'HF Trainer evaluating every 200 steps for 10 epochs, a callbacks list without early stopping' },
  { file: 'hf-trainer-no-eval.py', lines: [7], says: ['6 epochs'], why: 'HF Trainer without an eval_dataset: flagged, but nothing to stop on yet' },
  { file: 'hf-trainer-early.py', lines: [], why: 'EarlyStoppingCallback with load_best_model_at_end' },
  { file: 'llamafactory-6-epochs.yaml', lines: [25], says: ['6 epochs', 'early_stopping_steps: 3'], why: 'LLaMA-Factory LoRA SFT for 6 epochs with a validation split, no early_stopping_steps' },
  { file: 'llamafactory-early.yaml', lines: [], why: 'LLaMA-Factory early_stopping_steps: 3' },
  { file: 'llamafactory-cli.sh', lines: [19], says: ['8 epochs', '`--early_stopping_steps 3` on the command line'], why: 'llamafactory-cli train with every setting as a flag, 8 epochs, no --early_stopping_steps' },
  { file: 'llamafactory-cli-early.sh', lines: [], why: 'the same command with --early_stopping_steps 3' },
  { file: 'k8s-llamafactory-args.yaml', lines: [13], says: ['8 epochs'], why: 'llamafactory-cli flags in a Kubernetes argv list' },
  { file: 'skypilot-llamafactory.yaml', lines: [7], says: ['10 epochs'], why: 'llamafactory-cli flags in a SkyPilot run: block, no evaluation yet' },
  { file: 'yolo-default.py', lines: [], why: 'Ultralytics stops early by default (patience: 100)' },
  { file: 'yolo-patience-0.py', lines: [4], says: ['`patience=0` turns early stopping off'], why: 'patience=0 turns early stopping off; no LLM fine-tune epoch claim for a detector' },
]);

ruleFixRoundTrips('no-early-stopping', ['axolotl-5-epochs.yml', 'axolotl-no-eval.yml', 'lightning-cli-1000-epochs.yaml', 'nemo-finetune.yaml', 'hf-trainer.py', 'hf-trainer-steps.py', 'hf-trainer.ipynb', 'llamafactory-6-epochs.yaml', 'llamafactory-cli.sh', 'skypilot-llamafactory.yaml', 'k8s-llamafactory-args.yaml'], (file, fix, after) => {
  // An argv list: the value written in place ("500" -> "600"), the new flags as new items, quoted like the rest.
  if (file === 'k8s-llamafactory-args.yaml') assert.match(after, /"--save_steps", "600", "--bf16", "--early_stopping_steps", "3", "--load_best_model_at_end", "true", "--metric_for_best_model", "eval_loss"\]\n/);
  // A notebook: the import joins the imports' cell, the callback the Trainer's cell, as JSON strings.
  if (file === 'hf-trainer.ipynb') {
    assert.match(after, /"from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments\\n",\n {4}"from transformers import EarlyStoppingCallback"\n/);
    assert.match(after, /callbacks=\[EarlyStoppingCallback\(early_stopping_patience=3\)\]\)\\n"/);
  }
  // Command lines: LLaMA-Factory reads --early_stopping_steps; one option per line where the command is written so.
  if (file === 'llamafactory-cli.sh') assert.match(after, /llamafactory-cli train \\\n    --early_stopping_steps 3 \\\n    --load_best_model_at_end true \\\n    --metric_for_best_model eval_loss \\\n    --stage sft/);
  // No evaluation yet: evaluate and save per epoch, on a 5% validation split.
  if (file === 'skypilot-llamafactory.yaml') assert.match(after, /llamafactory-cli train --early_stopping_steps 3 --eval_strategy epoch --save_strategy epoch --load_best_model_at_end true --metric_for_best_model eval_loss --val_size 0\.05 --stage sft/);
  // LLaMA-Factory: its patience key, and saves moved onto the evaluation schedule (every 200 steps: 500 -> 600).
  if (file === 'llamafactory-6-epochs.yaml') {
    assert.match(after, /\nsave_steps: 600\n/);
    assert.match(after, /\neval_steps: 200\nearly_stopping_steps: 3\nload_best_model_at_end: true\nmetric_for_best_model: eval_loss\n$/);
  }
  // NeMo builds callbacks in exp_manager: the fix goes there, monitoring what the checkpoints monitor.
  if (file === 'nemo-finetune.yaml') assert.match(after, /create_early_stopping_callback: true\n  early_stopping_callback_params:\n    monitor: val_wer\n    mode: min\n    patience: 3\n/);
  if (file.startsWith('hf-trainer') && file.endsWith('.py')) {
    // The callback asserts these at train start: the fix writes every one, in the file's quotes and layout.
    assert.equal(fix.safe, false);
    assert.match(after, /^from transformers import EarlyStoppingCallback$/m);
    assert.match(after, /EarlyStoppingCallback\(early_stopping_patience=3\)\]/);
    assert.match(after, /\n    load_best_model_at_end=True,\n/);
  }
  if (file === 'hf-trainer.py') assert.match(after, /\n    eval_strategy="epoch",\n[^]*\n    save_strategy="epoch",\n[^]*metric_for_best_model="eval_loss",\n\)/);
  // Evaluation every 200 steps: saves move to the next multiple (600), the existing callbacks list grows.
  if (file === 'hf-trainer-steps.py') {
    assert.match(after, /\n    save_steps=600,\n/);
    assert.match(after, /metric_for_best_model='eval_loss',\n\)/);
    assert.match(after, /callbacks=\[PrintMetrics\(\), EarlyStoppingCallback\(early_stopping_patience=3\)\],/);
  }
});

test('no-early-stopping offers no HF fix without an eval_dataset: nothing to stop on', async () => {
  const r = await analyzeFixture('rules/no-early-stopping/hf-trainer-no-eval.py');
  const f = r.findings.find((x) => x.rule === 'no-early-stopping');
  assert.ok(f, 'flagged');
  assert.deepEqual((f.fixes ?? []).filter((x) => !x.title.startsWith('Ignore ')), []);
});

test('no-early-stopping states its saving as data: the run share after the assumed convergence', async () => {
  const r = await analyzeFixture('rules/no-early-stopping/axolotl-priced.yml');
  const f = r.findings.find((x) => x.rule === 'no-early-stopping');
  const e = r.estimates[0];
  assert.ok(f?.saving && e?.runCostOnDemand && e.hours, 'a saving and a priced estimate');
  assert.ok(Math.abs(f.saving.usdPerRun - e.runCostOnDemand * 0.4) < 1e-9);
  assert.ok(Math.abs(f.saving.hoursDelta! + e.hours * 0.4) < 1e-9);
  assert.match(f.saving.basis, /after 3/);
});

test('no-early-stopping: no fix for a launched transformers example script (it reads no early-stopping flag)', async () => {
  const r = await analyzeFixture('rules/no-early-stopping/skypilot-run-qa.yaml');
  const f = r.findings.find((x) => x.rule === 'no-early-stopping');
  assert.ok(f, 'flagged');
  assert.deepEqual((f.fixes ?? []).filter((x) => !x.title.startsWith('Ignore ')), []);
});

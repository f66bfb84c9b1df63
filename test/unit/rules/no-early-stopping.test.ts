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
]);

ruleFixRoundTrips('no-early-stopping', ['axolotl-5-epochs.yml', 'axolotl-no-eval.yml', 'lightning-cli-1000-epochs.yaml', 'nemo-finetune.yaml'], (file, fix, after) => {
  // NeMo builds callbacks in exp_manager: the fix goes there, monitoring what the checkpoints monitor.
  if (file === 'nemo-finetune.yaml') assert.match(after, /create_early_stopping_callback: true\n  early_stopping_callback_params:\n    monitor: val_wer\n    mode: min\n    patience: 3\n/);
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

import { ruleCases } from './cases';
import { ruleFixRoundTrips } from './fixRoundTrip';

ruleCases('no-early-stopping', [
  { file: 'axolotl-5-epochs.yml', lines: [12], says: ['5 epochs', 'early_stopping_patience', 'BERT', 'last 2 of 5 epochs'], why: 'axolotl: 5 epochs, evaluation on, no patience' },
  { file: 'axolotl-no-eval.yml', lines: [9], says: ['validation split'], why: 'axolotl: 6 epochs and no validation split yet' },
  { file: 'axolotl-patience.yml', lines: [], why: 'early_stopping_patience: 3' },
  { file: 'axolotl-3-epochs.yml', lines: [], why: 'a 3-epoch fine-tune is the usual recipe' },
  { file: 'axolotl-max-steps.yml', lines: [], why: 'max_steps bounds the run' },
  { file: 'trainer-epochs.yaml', lines: [], why: 'TrainingArguments YAML: the callback would be passed in code' },
  { file: 'lightning-cli-1000-epochs.yaml', lines: [5], says: ['1000 epochs'], why: 'Lightning CLI: a 1000-epoch cap, callbacks without EarlyStopping' },
  { file: 'lightning-cli-early.yaml', lines: [], why: 'Lightning CLI with an EarlyStopping callback' },
  { file: 'lightning-cli-90-epochs.yaml', lines: [], why: 'a 90-epoch from-scratch schedule is deliberate (ImageNet recipe)' },
  { file: 'keras-fit.py', lines: [7], says: ['1000 epochs'], why: 'Keras fit capped at 1000 epochs without EarlyStopping' },
  { file: 'keras-early.py', lines: [], why: 'Keras EarlyStopping callback' },
  { file: 'hf-trainer.py', lines: [9], says: ['8 epochs', 'Trainer'], why: 'HF Trainer fine-tune for 8 epochs, no EarlyStoppingCallback' },
]);

ruleFixRoundTrips('no-early-stopping', ['axolotl-5-epochs.yml', 'axolotl-no-eval.yml', 'lightning-cli-1000-epochs.yaml']);

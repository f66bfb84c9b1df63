import { ruleCases } from './cases';
import { ruleFixRoundTrips } from './fixRoundTrip';

ruleCases('checkpoint-retention', [
  { file: 'hf-no-limit.yaml', lines: [8], says: ['40 checkpoints', '20,000 steps', 'save_total_limit', '4.26 GB', 'S3 Standard', 'per month'], why: 'save_steps 500 over 20,000 steps, no save_total_limit' },
  { file: 'hf-limit.yaml', lines: [], why: 'save_total_limit: 3' },
  { file: 'hf-few-saves.yaml', lines: [], why: 'only 4 saves in the run' },
  { file: 'hf-lora.yaml', lines: [], why: 'LoRA adapters are small' },
  { file: 'axolotl-saves-per-epoch.yml', lines: [11], says: ['20 checkpoints', '5 epochs x 4 saves per epoch'], why: 'axolotl: 5 epochs x 4 saves, no limit' },
  { file: 'training-args-crlf.json', lines: [6], says: ['30 checkpoints'], why: 'TrainingArguments JSON (CRLF)' },
  { file: 'lightning-keep-all.yaml', lines: [11], says: ['save_top_k', '40 epochs'], why: 'Lightning save_top_k: -1 over 40 epochs' },
  { file: 'lightning-top-3.yaml', lines: [], why: 'Lightning save_top_k: 3' },
  { file: 'hf-trainer.py', lines: [7], says: ['50 checkpoints'], why: 'TrainingArguments(save_steps=1000) over 50,000 steps without save_total_limit' },
  { file: 'hf-trainer-limit.py', lines: [], why: 'TrainingArguments(save_total_limit=2)' },
  { file: 'lightning-trainer.py', lines: [8], says: ['40 checkpoints', 'save_top_k'], why: 'ModelCheckpoint(save_top_k=-1, every_n_train_steps=500) over 20,000 steps' },
  { file: 'litgpt-pretrain.yaml', lines: [8], says: ['95 checkpoints', '95,367 steps', 'litgpt keeps every checkpoint', 'train.save_interval'], why: 'litgpt pretraining to 1e11 tokens, a save every 1000 steps, all kept' },
  { file: 'litgpt-pretrain-short.yaml', lines: [], why: '3e9 tokens = 2,861 steps: 2 saves' },
  { file: 'skypilot-run-clm.yaml', lines: [6], says: ['30 checkpoints', 'save_total_limit'], why: "transformers' run_clm.py with --save_steps 1000 over --max_steps 30000 and no --save_total_limit" },
  { file: 'skypilot-run-clm-limit.yaml', lines: [], why: '--save_total_limit 2 on the command line' },
  { file: 'run-clm.sh', lines: [3], says: ['30 checkpoints'], why: 'the same launch in a shell script' },
  { file: 'skypilot-custom-script.yaml', lines: [], why: 'a custom script not in the workspace may limit its checkpoints itself' },
  { file: 'k8s-sh-c.yaml', lines: [12], says: ['30 checkpoints'], why: 'a Kubernetes Job running `sh -c "torchrun run_clm.py --save_steps 1000 ..."` in a flow list' },
  { file: 'k8s-block-args.yaml', lines: [15], says: ['30 checkpoints'], why: 'a PyTorchJob with block-style args' },
  { file: 'k8s-limit.yaml', lines: [], why: '"--save_total_limit", "2" in the argv' },
  { file: 'yolo-save-period.sh', lines: [2], says: ['save_period', 'Ultralytics has no retention setting'], why: 'save_period=1 keeps an epochN.pt for each of 300 epochs' },
  { file: 'yolo-default.sh', lines: [], why: 'Ultralytics overwrites last.pt and best.pt by default' },
]);

ruleFixRoundTrips('checkpoint-retention', ['hf-no-limit.yaml', 'axolotl-saves-per-epoch.yml', 'training-args-crlf.json', 'lightning-keep-all.yaml', 'hf-trainer.py']);

import * as assert from 'node:assert/strict';
import { ruleCases } from './cases';
import { ruleFixRoundTrips } from './fixRoundTrip';

ruleCases('fp32-training', [
  { file: 'hf-explicit-off.yaml', lines: [7], says: ['`bf16`', '`bf16: true`', '5.4-7.7x', 'calibration'], why: 'bf16/fp16 explicitly false (HF YAML)' },
  { file: 'hf-bf16.yaml', lines: [], why: 'bf16: true' },
  { file: 'hf-default.json', lines: [2], says: ['TrainingArguments'], why: 'HF JSON without precision keys defaults to fp32' },
  { file: 'hf-fp16.json', lines: [], why: 'fp16: true (HF JSON)' },
  { file: 'trl-no-precision-key.yaml', lines: [], why: "TRL's SFTConfig defaults to bf16" },
  { file: 'llamafactory-no-precision-key.yaml', lines: [], why: 'LLaMA-Factory infers the dtype from the model' },
  { file: 'axolotl-bf16-auto.yml', lines: [], why: 'axolotl bf16: auto' },
  { file: 'lightning-32-true.yaml', lines: [4], says: ['`precision: bf16-mixed`'], why: 'Lightning precision: 32-true' },
  { file: 'lightning-bf16-mixed.yaml', lines: [], why: 'Lightning bf16-mixed' },
  { file: 'lightning-commented.yaml', lines: [12], why: 'Hydra trainer with precision commented out: finding on the comment' },
  { file: 'accelerate-no-key.yaml', lines: [1], says: ['`mixed_precision: bf16`'], why: 'Accelerate without mixed_precision = no' },
  { file: 'accelerate-bf16.yaml', lines: [], why: "mixed_precision: 'bf16'" },
  { file: 'accelerate-linked-deepspeed.yaml', lines: [], why: 'precision comes from the linked DeepSpeed JSON (fp16 enabled)' },
  { file: 'ds-no-section.json', lines: [1], says: ['`"bf16": {"enabled": true}`'], why: 'DeepSpeed without fp16/bf16 sections' },
  { file: 'ds-auto.json', lines: [], why: 'DeepSpeed bf16 enabled: auto' },
  { file: 'torchtune-fp32.yaml', lines: [16], says: ['`dtype: bf16`'], why: 'torchtune dtype: fp32' },
  { file: 'torchtune-bf16.yaml', lines: [], why: 'torchtune dtype: bf16' },
  { file: 'torchtune-precision-key.yaml', lines: [27], says: ['`precision` leaves', '`precision: bf16`'], why: "torchtune's first configs: precision: fp32 (read as the dtype)" },
  { file: 'torchtune-precision-bf16.yaml', lines: [], why: "torchtune's first configs: precision: bf16 is no unset dtype" },
  { file: 'torchtune-flat-fp32.yaml', lines: [20], says: ['`dtype: bf16`'], why: "torchtune's flat configs (model: llama2_7b) with dtype: fp32" },
  { file: 'skypilot-hf-no-flag.yaml', lines: [5], says: ['--bf16'], why: 'HF script launched without --bf16/--fp16' },
  { file: 'skypilot-hf-bf16.yaml', lines: [], why: '--bf16 on the command line' },
  { file: 'skypilot-t4-no-flag.yaml', lines: [5], says: ['`--fp16`', 'T4 has no bf16', '5.1-7.4x'], why: 'T4 has no bf16: advise fp16' },
  { file: 'torch-loop.py', lines: [10], says: ['torch.autocast'], why: 'plain PyTorch loop without autocast' },
  { file: 'torch-loop-autocast.py', lines: [], why: 'autocast bf16' },
  { file: 'torch-loop-cpu.py', lines: [], why: 'a loop that never leaves the CPU (no cuda, .to(), device)' },
  { file: 'launch-run-clm.sh', lines: [3], says: ['no --bf16/--fp16 on this command line'], why: 'a shell script launching run_clm.py without a precision flag' },
  { file: 'launch-run-clm-bf16.sh', lines: [], why: 'the same launch with --bf16' },
  { file: 'lightning-trainer.py', lines: [6], says: ['Trainer(precision="bf16-mixed")'], why: 'Lightning Trainer() without precision' },
  { file: 'lightning-trainer-bf16.py', lines: [], why: 'Trainer(precision="bf16-mixed")' },
  { file: 'hf-cli-driven.py', lines: [], why: 'TrainingArguments parsed from the command line' },
  { file: 'keras-fit.py', lines: [6], says: ['mixed_bfloat16'], why: 'Keras fit without a mixed policy' },
  { file: 'keras-mixed.py', lines: [], why: 'mixed_float16 policy' },
  { file: 'suppressed.yaml', lines: [], why: '# mlcost: ignore[fp32-training] above the line' },
  { file: 'k8s-sh-c-no-flag.yaml', lines: [18], says: ['no --bf16/--fp16 on this command line'], why: 'a Kubernetes Job running run_clm.py in a `bash -c` block scalar without a precision flag' },
  { file: 'yolo-amp-false.sh', lines: [3], says: ['`amp`', '`amp=True`'], why: 'Ultralytics CLI with amp=False' },
  { file: 'yolo-default.sh', lines: [], why: 'Ultralytics CLI without amp=: AMP by default (default.yaml amp: True)' },
  { file: 'yolo-amp-false.py', lines: [4], says: ['`amp=True`'], why: 'YOLO(...).train(amp=False)' },
  { file: 'yolo-default.py', lines: [], why: 'YOLO(...).train() without amp: AMP by default' },
]);

// The fix writes the key the recipe reads: `precision` in torchtune's first configs, not a second `dtype`.
ruleFixRoundTrips('fp32-training', ['torchtune-precision-key.yaml', 'torchtune-flat-fp32.yaml'], (file, _fix, after) => {
  if (file === 'torchtune-precision-key.yaml') {
    assert.match(after, /\nprecision: bf16\n/);
    assert.doesNotMatch(after, /^dtype:/m);
  } else assert.match(after, /\ndtype: bf16\n/);
});

// The flag goes inside the `bash -c` script on its own continued line, never after the `| tee` pipe.
ruleFixRoundTrips('fp32-training', ['k8s-sh-c-no-flag.yaml'], (_file, _fix, after) => {
  assert.match(after, /python run_clm\.py \\\n {16}--bf16 \\\n {16}--model_name_or_path gpt2 \\\n/);
  assert.match(after, /--output_dir \/tmp\/clm 2>&1 \| tee \/tmp\/train\.log\n/);
});

// Ultralytics: the `amp=False` word (CLI) or keyword (Python) is flipped in place, nothing added.
ruleFixRoundTrips('fp32-training', ['yolo-amp-false.sh', 'yolo-amp-false.py'], (file, fix, after) => {
  assert.equal(fix.safe, true);
  assert.match(after, file.endsWith('.sh') ? / amp=True\n/ : /, amp=True\)\n/);
});

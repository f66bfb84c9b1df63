import { ruleCases } from './cases';
import { ruleFixRoundTrips } from './fixRoundTrip';

ruleCases('small-batch', [
  { file: 'hf-micro-1.yaml', lines: [5], says: ['micro-batch 1', '6.3x', 'smallest GPU', 'global batch from 1 to 8'], why: 'GPT-2 at micro-batch 1, no GPU named' },
  { file: 'hf-micro-2-accum-4.yaml', lines: [5], says: ['gradient accumulation 1 keeps the global batch of 8'], why: 'micro 2 x accumulation 4' },
  { file: 'hf-priced.yaml', lines: [6], says: ['requested A10G', '≈ $', 'h less per run'], why: 'priced through annotations' },
  { file: 'hf-micro-1-accum-32.yaml', lines: [], why: 'accumulation 32 with no GPU named: the micro-batch was sized to a GPU' },
  { file: 'hf-micro-16.yaml', lines: [], why: 'micro-batch 16' },
  { file: 'axolotl-3b-packed-short.yml', lines: [10], says: ['packed, 1024 tokens'], why: '3B full fine-tune, one packed 1k sequence per step, activation checkpointing' },
  { file: 'axolotl-packed-long.yml', lines: [], why: 'one packed 2k-token sequence per step (unpacked, micro-batch 1 would be flagged)' },
  { file: 'axolotl-8b-full.yml', lines: [], why: '8B full fine-tune: batch 8 fits no single GPU' },
  { file: 'torchtune-batch-1.yaml', lines: [12], why: 'torchtune Qwen2 0.5B at batch_size 1' },
  { file: 'skypilot-h100-packed.yaml', lines: [], why: 'TRL on the command line: one packed 2k-token sequence per step (unpacked, micro-batch 1 would be flagged)' },
  { file: 'skypilot-h100-unpacked.yaml', lines: [8], why: 'the same TRL launch without --packing' },
  { file: 'skypilot-h100.yaml', lines: [8], says: ['requested H100'], why: 'SkyPilot H100 running an HF script with --per_device_train_batch_size 1' },
  { file: 'k8s-pytorchjob-flow-args.yaml', lines: [18], says: ['requested H100', 'gradient accumulation 2 keeps the global batch of 16'], why: 'Kubeflow PyTorchJob on an H100 node label, flow-style args with micro-batch 1' },
  { file: 'litgpt-lora-1b.yaml', lines: [16], says: ['smallest GPU that can run it at all'], why: 'litgpt 1B LoRA at micro-batch 1 x accumulation 8: batch 8 fits even the smallest GPU, so memory was not why the batch is 1' },
  { file: 'skypilot-qlora-bits.yaml', lines: [16], says: ['requested A100-40GB'], why: 'qlora.py with --bits 4 (4-bit base) and --source_max_len 16 + --target_max_len 512 on an A100-40GB' },
  { file: 'skypilot-lora-16bit.yaml', lines: [], why: 'the same 7B launch without --bits 4: a 16-bit base at micro-batch 8 does not fit 40 GB' },
  { file: 'k8s-job-block-args.yaml', lines: [20], says: ['requested H100'], why: 'Kubernetes Job on GKE H100, block-style `--per_device_train_batch_size=1`' },
  { file: 'yolo-default.sh', lines: [], why: 'Ultralytics batch 16 by default' },
]);

ruleFixRoundTrips('small-batch', ['hf-micro-1.yaml', 'hf-micro-2-accum-4.yaml', 'axolotl-3b-packed-short.yml', 'torchtune-batch-1.yaml', 'litgpt-lora-1b.yaml', 'skypilot-qlora-bits.yaml', 'k8s-pytorchjob-flow-args.yaml', 'k8s-job-block-args.yaml']);

import { ruleCases } from './cases';

ruleCases('oversized-gpu', [
  { file: 'skypilot-8xa100-gpt2.yaml', lines: [3], says: ['8×A100-40GB', '124M', 'The same run on 1×', 'less per run', 'longer'], why: '8xA100 for GPT-2 124M: a run on one GPU costs far less (no tokens: a share, no $)' },
  { file: 'skypilot-8xa100-gpt2-steps.yaml', lines: [3], says: ['The same run on 1×', 'per run (run '], why: 'with max_steps the per-run saving is in $' },
  { file: 'skypilot-l4-gpt2.yaml', lines: [], why: 'one L4 for GPT-2 is right-sized' },
  { file: 'skypilot-8xa100-llama70b.yaml', lines: [], why: '70B on 8xA100-80GB is not oversized' },
  { file: 'skypilot-unknown-model.yaml', lines: [], why: 'model size unknown: no claim' },
  { file: 'sagemaker-p4d-bert.py', lines: [], why: 'p4d for DistilBERT: per run on AWS its A100s cost about what a g5/g6 does for the same work (issue 10: no hourly "saving")' },
  { file: 'sagemaker-p3-bert.py', lines: [5], says: ['ml.p3.16xlarge', 'The same run on 1×', 'ml.g', 'EC2 rates'], why: '8xV100 for DistilBERT: a single newer GPU does the run for far less' },
  { file: 'sagemaker-g5-bert.py', lines: [], why: 'g5.xlarge for DistilBERT' },
  { file: 'k8s-4xh100-gpt2.yaml', lines: [17], says: ['4×H100'], why: '4 H100s for GPT-2 in a Kubernetes Job' },
  { file: 'skypilot-8xa100-llmc-b8.yaml', lines: [4], says: ['8×A100-40GB', '124M', 'The same run on 1×'], why: 'llm.c GPT-2 124M at -b 8: each A100 holds its micro-batch, and one GPU does the run for far less' },
  { file: 'skypilot-8xa100-llmc-b64.yaml', lines: [], why: 'llm.c at -b 64 × -t 1024: the memory model says an A100-40GB cannot hold that micro-batch even with the model state sharded, so the request is too small per GPU, not oversized' },
  { file: 'vertex-h200-7b.yaml', lines: [6], says: ['a3-ultragpu-8g', '8×H200'], why: 'Vertex AI worker pool of 8 H200s (a3-ultragpu-8g) for a 7.6B model run from a bash -lc script' },
]);

import { ruleCases } from './cases';

ruleCases('oversized-gpu', [
  { file: 'skypilot-8xa100-gpt2.yaml', lines: [3], says: ['8×A100-40GB', '124M', 'It fits on 1×', '/h'], why: '8xA100 for GPT-2 124M' },
  { file: 'skypilot-l4-gpt2.yaml', lines: [], why: 'one L4 for GPT-2 is right-sized' },
  { file: 'skypilot-8xa100-llama70b.yaml', lines: [], why: '70B on 8xA100-80GB is not oversized' },
  { file: 'skypilot-unknown-model.yaml', lines: [], why: 'model size unknown: no claim' },
  { file: 'sagemaker-p4d-bert.py', lines: [5], says: ['ml.p4d.24xlarge', 'ml.g', 'EC2 rates'], why: 'p4d for DistilBERT' },
  { file: 'sagemaker-g5-bert.py', lines: [], why: 'g5.xlarge for DistilBERT' },
  { file: 'k8s-4xh100-gpt2.yaml', lines: [17], says: ['4×H100'], why: '4 H100s for GPT-2 in a Kubernetes Job' },
]);

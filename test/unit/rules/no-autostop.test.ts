import { ruleCases } from './cases';

ruleCases('no-autostop', [
  { file: 'gpu-devbox.tf', lines: [1], says: ['idles about', '/month', 'assumption'], why: 'GCP L4 VM with no schedule' },
  { file: 'scheduled-devbox.tf', lines: [], why: 'instance schedule policy attached' },
  { file: 'notebook.tf', lines: [1], says: ['lifecycle configuration'], why: 'SageMaker notebook without a lifecycle config' },
  { file: 'notebook-stack.ts', lines: [9], why: 'CDK notebook instance without a lifecycle config' },
  { file: 'notebook-with-lifecycle-stack.ts', lines: [], why: 'CDK notebook with lifecycleConfigName' },
  { file: 'node-pool.tf', lines: [], why: 'node groups are not interactive machines' },
]);

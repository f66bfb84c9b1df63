import { ruleCases } from './cases';

ruleCases('storage-lifecycle', [
  { file: 'checkpoints.tf', lines: [1], says: ['S3 Standard', 'Standard-IA', 'per TB-month'], why: 'checkpoint bucket, no lifecycle' },
  { file: 'checkpoints-tiered.tf', lines: [], why: 'lifecycle configuration in the same file' },
  { file: 'gcs-datasets.tf', lines: [1], says: ['Nearline'], why: 'GCS dataset bucket, no lifecycle_rule' },
  { file: 'website.tf', lines: [], why: 'not an ML bucket' },
  { file: 'checkpoints-stack.ts', lines: [9], why: 'CDK checkpoint bucket without lifecycleRules' },
  { file: 'pulumi-gcs.ts', lines: [3], why: 'Pulumi GCS checkpoint bucket without lifecycleRules' },
]);

import * as assert from 'node:assert/strict';
import { ruleCases } from './cases';
import { ruleFixRoundTrips } from './fixRoundTrip';

ruleCases('spot-eligible', [
  { file: 'skypilot-bucket-resume.yaml', lines: [3], says: ['/ckpt/run1', 'on-demand', 'spot', 'per run', '10.0 h predicted', 'Spot Instance Advisor'], why: 'SkyPilot on-demand, checkpoints on a MOUNTed bucket and resumes' },
  { file: 'skypilot-spot-bucket.yaml', lines: [], why: 'spot already on' },
  { file: 'skypilot-local-disk.yaml', lines: [], why: 'checkpoints on a local disk: not safe on spot (no-checkpointing territory)' },
  { file: 'skypilot-overwrite.yaml', lines: [], why: '--overwrite_output_dir defeats resume' },
  { file: 'skypilot-service.yaml', lines: [], why: 'a service is inference, not training' },
  { file: 'sagemaker-checkpoint.py', lines: [3], says: ['s3://acme-ml/checkpoints/resnet', 'ml.g5.2xlarge', 'up to', "the job's time limit"], why: 'SageMaker on-demand with checkpoint_s3_uri' },
  { file: 'sagemaker-no-checkpoint.py', lines: [], why: 'SageMaker on-demand, 12 h, nothing to resume from' },
  { file: 'sagemaker-short.py', lines: [3], says: ['short'], why: 'SageMaker job capped at 30 min: safe to retry' },
  { file: 'sagemaker-spot.py', lines: [], why: 'managed spot already on' },
  { file: 'k8s-gke-pvc.yaml', lines: [2], says: ['/ckpt/vit', 'L4', 'GCP'], why: 'GKE GPU node pool, checkpoints on a PVC and resumes' },
  { file: 'k8s-gke-spot-pvc.yaml', lines: [], why: 'GKE spot node selector already' },
  { file: 'k8s-onprem-pvc.yaml', lines: [], why: 'no cloud node labels: the cluster may have no spot capacity' },
  { file: 'kubeflow-karpenter-on-demand.yaml', lines: [13], says: ['g5.2xlarge'], why: 'Kubeflow PyTorchJob pinned to Karpenter on-demand capacity with a PVC' },
  { file: 'vertex-short.yaml', lines: [2], says: ['short', 'a2-highgpu-1g'], why: 'Vertex AI custom job with a 45-minute timeout on on-demand capacity' },
  { file: 'vertex-standard.yaml', lines: [13], says: ['short'], why: 'Vertex AI scheduling.strategy STANDARD on a 30-minute job' },
  { file: 'vertex-sdk-short.py', lines: [4], says: ['short'], why: 'Vertex AI SDK CustomTrainingJob.run(timeout=1800) on on-demand capacity' },
]);

// Vertex AI configs: Spot is `scheduling.strategy: SPOT`, added beside the timeout or written over STANDARD.
ruleFixRoundTrips('spot-eligible', ['vertex-short.yaml', 'vertex-standard.yaml', 'vertex-sdk-short.py'], (file, fix, after) => {
  assert.equal(fix.safe, false);
  if (file === 'vertex-sdk-short.py') return assert.match(after, /    timeout=1800,\n    scheduling_strategy=aiplatform\.compat\.types\.custom_job\.Scheduling\.Strategy\.SPOT,\n\)/);
  if (file === 'vertex-short.yaml') assert.match(after, /scheduling:\n  timeout: 2700s # 45 min\n  strategy: SPOT\n?$/);
  else assert.match(after, /scheduling:\n  strategy: SPOT\n  timeout: 1800s\n/);
});

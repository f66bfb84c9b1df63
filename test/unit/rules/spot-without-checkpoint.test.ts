import { ruleCases } from './cases';

ruleCases('spot-without-checkpoint', [
  { file: 'skypilot-spot-tmp.yaml', lines: [4], says: ['/tmp/lora-out', 'preempt'], why: 'SkyPilot spot writing to /tmp' },
  { file: 'skypilot-spot-bucket.yaml', lines: [], why: 'bucket mount + resume' },
  { file: 'skypilot-spot-synced.yaml', lines: [], why: 'checkpoints on local disk, synced to the MOUNT bucket by a background script and restored before training' },
  { file: 'skypilot-spot-sync-excludes.yaml', lines: [4], says: ['~/.checkpoints'], why: 'the only copy runs after training, and leaves the checkpoint folders out' },
  { file: 'skypilot-spot-root-dir.yaml', lines: [], why: 'a custom script writing under a MOUNT bucket (name left to fill in) with --resume' },
  { file: 'skypilot-ondemand.yaml', lines: [], why: 'no spot requested' },
  { file: 'sagemaker-spot.py', lines: [10], says: ['checkpoint_s3_uri'], why: 'SageMaker spot without checkpoint_s3_uri' },
  { file: 'sagemaker-spot-checkpoint.py', lines: [], why: 'SageMaker spot with checkpoint_s3_uri' },
  { file: 'k8s-gke-spot.yaml', lines: [9], why: 'GKE spot node selector, output on container disk' },
  { file: 'k8s-gke-spot-synced.yaml', lines: [], why: 'GKE spot pod whose command syncs the output dir to GCS in a background loop before training' },
  { file: 'k8s-karpenter-spot-pvc.yaml', lines: [], why: 'Karpenter spot with a PVC and resume' },
  { file: 'vertex-spot-no-output.yaml', lines: [13], says: ['/tmp/lora-out'], why: 'Vertex AI scheduling.strategy SPOT, output on the worker disk' },
  { file: 'vertex-spot-gcs.yaml', lines: [], why: 'Vertex AI Spot job writing to /gcs/ (Cloud Storage FUSE) with --resume' },
  { file: 'skypilot-yolo-spot.yaml', lines: [4], says: ['does not resume'], why: 'a YOLO run on spot: Ultralytics starts a new run unless resume=True' },
]);

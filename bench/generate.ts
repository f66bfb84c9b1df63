// Realistic large inputs built from the fixtures: a Kubernetes multi-document file, an HF
// TrainingArguments JSON padded with real-looking keys, a training script padded with functions.
import * as fs from 'fs';
import * as path from 'path';
import { fixturesDir } from '../test/helpers';

const read = (rel: string) => fs.readFileSync(path.join(fixturesDir, rel), 'utf8');

function toLines(parts: (i: number) => string, lines: number, head = ''): string {
  let out = head;
  for (let i = 0; out.split('\n').length < lines; i++) out += parts(i);
  return out; // whole parts only: a cut would leave a broken document or function
}

export function yamlOf(lines: number): string {
  const job = read('kubernetes/job-gke-spot-bash.yaml');
  const cm = read('kubernetes/configmap-service.yaml');
  return toLines((i) => `---\n# replica set ${i}\n${(i % 3 === 2 ? cm : job).replace('gpt2-pretrain', `gpt2-pretrain-${i}`)}`, lines);
}

export function jsonOf(lines: number): string {
  const base = JSON.parse(read('hf/training-args.json')) as Record<string, unknown>;
  const keys = ['logging_dir', 'eval_steps', 'warmup_ratio', 'weight_decay', 'adam_beta2', 'seed', 'run_name', 'report_to', 'dataloader_num_workers', 'lr_scheduler_type'];
  const body = Object.entries(base).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  const pad: string[] = [];
  for (let i = 0; body.length + pad.length < lines - 2; i++) {
    const k = keys[i % keys.length];
    pad.push(i % 7 === 0 ? `  // ${k} for sweep ${i}: kept for the record` : `  "${k}_${i}": ${i % 2 ? i / 100 : JSON.stringify(`value-${i}`)}`);
  }
  // JSONC: comments need no comma before them; a comment line carries none either.
  const all = [...body, ...pad];
  const withCommas = all.map((l, i) => (l.trimStart().startsWith('//') || i === all.length - 1 ? l : `${l},`));
  return `{\n${withCommas.join('\n')}\n}\n`;
}

export function pythonOf(lines: number): string {
  const script = read('python/torch_fp32_loop.py');
  const [head, tail] = script.split('\n\ndef main():');
  const helper = (i: number) =>
    `\n\ndef helper_${i}(batch, scale=${i}):\n    """Normalise batch ${i} before the step."""\n    out = []\n    for row in batch:\n        if row is None:\n            continue\n        out.append([v * scale for v in row])\n    return out\n`;
  const body = toLines(helper, Math.max(1, lines - script.split('\n').length), head);
  return `${body}\n\ndef main():${tail}`;
}

/** A CDK stack file: the fixture's imports and constructs, padded with GPU node groups and buckets. */
export function cdkOf(lines: number): string {
  const head =
    "import { Duration, Stack, StackProps, Tags } from 'aws-cdk-lib';\nimport * as ec2 from 'aws-cdk-lib/aws-ec2';\nimport * as eks from 'aws-cdk-lib/aws-eks';\nimport * as s3 from 'aws-cdk-lib/aws-s3';\nimport * as sagemaker from 'aws-cdk-lib/aws-sagemaker';\nimport { Construct } from 'constructs';\n\nconst common = { team: 'research' };\n\nexport class BigStack extends Stack {\n  constructor(scope: Construct, id: string, props: StackProps & { cluster: eks.ICluster }) {\n    super(scope, id, props);\n";
  const part = (i: number) =>
    i % 3 === 0
      ? `    new eks.Nodegroup(this, 'Gpu${i}', {\n      cluster: props.cluster,\n      instanceTypes: [ec2.InstanceType.of(ec2.InstanceClass.G5, ec2.InstanceSize.XLARGE2)],\n      capacityType: eks.CapacityType.ON_DEMAND,\n      desiredSize: ${1 + (i % 4)},\n      tags: { ...common, project: 'p${i}' },\n    });\n`
      : i % 3 === 1
        ? `    const nb${i} = new sagemaker.CfnNotebookInstance(this, 'Nb${i}', {\n      instanceType: 'ml.g5.xlarge',\n      roleArn: 'arn:aws:iam::123456789012:role/sm',\n      lifecycleConfigName: 'auto-stop',\n    });\n    Tags.of(nb${i}).add('project', 'p${i}');\n`
        : `    new s3.Bucket(this, 'Checkpoints${i}', {\n      bucketName: 'acme-ckpt-${i}',\n      lifecycleRules: [{ expiration: Duration.days(90) }],\n    });\n`;
  return `${toLines(part, lines - 3, head)}  }\n}\n`;
}

/** A Terraform file of GPU instances, node groups and buckets (one module file). */
export function terraformOf(lines: number): string {
  const part = (i: number) =>
    i % 3 === 0
      ? `resource "aws_eks_node_group" "gpu_${i}" {\n  cluster_name   = "main"\n  node_role_arn  = "arn:aws:iam::123456789012:role/node"\n  subnet_ids     = ["subnet-1"]\n  instance_types = ["g5.2xlarge"]\n  scaling_config {\n    desired_size = ${1 + (i % 4)}\n    min_size     = 0\n    max_size     = 8\n  }\n  tags = { team = "research", project = "p${i}" }\n}\n\n`
      : i % 3 === 1
        ? `resource "google_compute_instance" "box_${i}" {\n  name              = "box-${i}"\n  machine_type      = "g2-standard-8"\n  zone              = "us-central1-a"\n  resource_policies = [google_compute_resource_policy.hours.id]\n  labels = { team = "research", project = "p${i}" }\n  network_interface {\n    network = "default"\n  }\n}\n\n`
        : `resource "aws_s3_bucket" "ckpt_${i}" {\n  bucket = "acme-ckpt-${i}"\n  tags   = { team = "research", project = "p${i}" }\n}\n\n`;
  return toLines(part, lines);
}

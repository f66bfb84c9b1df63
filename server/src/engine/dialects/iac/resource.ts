// What every infrastructure-code dialect (Terraform, CDK, Pulumi) produces per declared resource,
// and how it becomes a Job. The dialects only read syntax into these facts; rules and the cost
// model see Jobs, never the syntax.
import { instanceByType } from '../../cost/catalog';
import { normaliseGpuName } from '../../cost/gpus';
import { byDefault } from '../../facts';
import type { BucketFacts, Fact, HardwareRequest, Job, JobEditor, Range, ResourceKind, ScalingFacts, TagFacts, Workload } from '../../types';

export interface IacResource {
  dialect: string;
  /** The type as written: `aws_instance`, `ec2.Instance`, `aws.sagemaker.NotebookInstance`. */
  type: string;
  /** The resource's name in the code (`"gpu"`, the construct id). */
  name: string;
  kind: ResourceKind;
  workload: Workload;
  /** The resource's header line: lens and missing-setting findings go here. */
  anchor: Range;
  hardware?: HardwareRequest;
  spot?: Fact<boolean>;
  tags?: TagFacts;
  idleShutdown?: Fact<boolean>;
  scaling?: ScalingFacts;
  bucket?: BucketFacts;
  hoursPerMonth?: Fact<number>;
  editor?: JobEditor;
}

/** Tag keys that put a machine under a stop schedule (AWS Instance Scheduler's `Schedule`, and the
 *  names teams give their own start/stop automation). */
export const SCHEDULE_TAG = /^(schedule|auto-?stop|auto-?shutdown|instance-?scheduler|stop-?schedule)$/i;

/** A VM said to have no stop schedule whose tags (read after the handler ran) name one has it. */
function scheduledByTag(r: IacResource): Fact<boolean> | undefined {
  const key = r.kind === 'dev-machine' && r.idleShutdown?.value === false && r.idleShutdown.source.kind === 'default' ? r.tags?.keys.value.find((k) => SCHEDULE_TAG.test(k)) : undefined;
  const s = r.tags?.keys.source;
  return key && s ? { value: true, source: s.kind === 'file' ? { ...s, key: `tags.${key}` } : { kind: 'default', reason: `tagged ${key}`, range: r.anchor } } : undefined;
}

export function jobOfResource(r: IacResource): Job {
  const job: Job = {
    dialect: r.dialect,
    name: `${r.type} ${r.name}`,
    workload: r.workload,
    anchor: r.anchor,
    datasets: [],
    linkedFiles: [],
    resource: { kind: r.kind, type: r.type, ...(r.hoursPerMonth && { hoursPerMonth: r.hoursPerMonth }) },
  };
  if (r.hardware) job.hardware = r.hardware;
  if (r.spot) job.spot = r.spot;
  if (r.tags) job.tags = r.tags;
  if (r.idleShutdown) job.idleShutdown = scheduledByTag(r) ?? r.idleShutdown;
  if (r.scaling) job.scaling = r.scaling;
  if (r.bucket) job.bucket = r.bucket;
  if (r.editor) job.editor = r.editor;
  return job;
}

const GPU_FAMILY = [
  /^(ml\.)?(p[2-6][a-z0-9-]*|g[3-6][a-z]*)\./i, // AWS p3/p4d/p5/g4dn/g5/g6 (and SageMaker ml.*)
  /^(a2|a3|a4|g2)-/i, // GCP accelerator-optimised machine types
  /^Standard_N[CDV]/i, // Azure N-series
];

/** Does this instance type carry GPUs (catalog first, then the providers' family names)? */
export function isGpuInstanceType(type: string): boolean {
  const row = instanceByType(type.replace(/^ml\./, ''));
  if (row) return (row.gpuCount ?? 0) > 0 && !!row.gpu;
  return GPU_FAMILY.some((re) => re.test(type));
}

/** A GCP/Azure accelerator spelling (`nvidia-tesla-t4`, `NVIDIA_L4`, `nvidia-a100-80gb`) as a GPU name. */
export function acceleratorGpu(raw: string): string {
  const s = raw.replace(/^.*\/acceleratorTypes\//, '').replace(/^nvidia[-_]/i, '').replace(/^tesla[-_]/i, '').replace(/_/g, '-');
  return normaliseGpuName(s) ?? normaliseGpuName(raw) ?? raw;
}

/** Instance hardware from an instance type fact; `unresolved` when the file computes it. */
export function hardwareOf(instanceType: Fact<string> | undefined, nodes?: Fact<number>): HardwareRequest | undefined {
  if (!instanceType && !nodes) return undefined;
  const hw: HardwareRequest = {};
  if (instanceType) hw.instanceType = instanceType; // `ml.*` stays: the catalog prices it as SageMaker
  if (nodes) hw.nodes = nodes;
  return hw;
}

/** Words in bucket names and tags that say what a bucket holds. */
export function bucketPurpose(name: string | undefined): BucketFacts['purpose']['value'] {
  if (!name) return 'unknown';
  const n = name.toLowerCase();
  if (/ckpt|checkpoint/.test(n)) return 'checkpoints';
  if (/dataset|training-data|train-data|[-_.]data(set)?s?([-_.]|$)|corpus|features/.test(n)) return 'datasets';
  if (/model|artifact|weights|sagemaker|mlflow|wandb/.test(n)) return 'models';
  if (/logs?([-_.]|$)|tensorboard|runs([-_.]|$)/.test(n)) return 'logs';
  return 'unknown';
}

/** Is this resource one the ML cost rules are about (GPU compute, ML services, ML buckets)? */
export function isMlResource(r: IacResource): boolean {
  if (r.kind === 'bucket') return r.bucket !== undefined && r.bucket.purpose.value !== 'unknown';
  if (r.kind === 'notebook' || r.kind === 'endpoint' || r.kind === 'training-job') return true;
  const hw = r.hardware;
  if (!hw) return false;
  if (hw.gpu) return true;
  return hw.instanceType !== undefined && isGpuInstanceType(hw.instanceType.value);
}

/** Idle shutdown stated as absent: the rule reads this as "nothing stops it". */
export function noIdleShutdown(reason: string, anchor: Range): Fact<boolean> {
  return byDefault(false, reason, anchor);
}

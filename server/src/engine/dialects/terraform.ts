// Terraform (.tf): GPU machines, node groups, notebooks, endpoints and ML buckets of AWS, GCP and
// Azure, read across the files of the module (variables with defaults resolve; anything else is
// unresolved, and rules stay silent on it). Non-ML Terraform yields no jobs.
import { sagemakerEndpointScaling } from './iac/endpointScaling';
import type { Dialect } from '../dialect';
import { fromFile } from '../facts';
import { attr, sub, type HclBlock, type HclSource, type HclValue } from '../formats/hcl';
import type { Fact, Fix, Job, Range, ScalingFacts, TagFacts } from '../types';
import { acceleratorGpu, bucketPurpose, hardwareOf, isMlResource, jobOfResource, noIdleShutdown, type IacResource } from './iac/resource';
import { appendAfterBlock, insertInBlock, terraformEditor } from './terraform/editor';
import { snippetEscape } from '../edit/tagPlaceholders';
import { moduleOf, referencing, resolve, type ModuleFacts } from './terraform/module';
import { awsCronExpression, monthlyRunningHours, type ScheduledAction } from './iac/schedule';

type Handler = (b: HclBlock, r: Reader) => IacResource | undefined;

/** Reads values of one block through the module's variables (CDKTF reuses it on blocks it builds). */
export class Reader {
  constructor(
    readonly doc: Pick<HclSource, 'lines' | 'text'>,
    readonly module: ModuleFacts,
  ) {}

  value(b: HclBlock | undefined, name: string): HclValue | undefined {
    const a = b && attr(b, name);
    return a ? resolve(a.value, this.module) : undefined;
  }

  str(b: HclBlock | undefined, name: string): { fact?: Fact<string>; unresolved?: boolean } {
    const v = this.value(b, name);
    if (!v) return {};
    if (v.kind === 'string') return { fact: fromFile(v.value, v.range, name) };
    return { unresolved: true };
  }

  num(b: HclBlock | undefined, name: string): Fact<number> | undefined {
    const v = this.value(b, name);
    if (v?.kind === 'number') return fromFile(v.value, v.range, name);
    if (v?.kind === 'string' && /^\d+$/.test(v.value)) return fromFile(Number(v.value), v.range, name);
    return undefined;
  }

  bool(b: HclBlock | undefined, name: string): Fact<boolean> | undefined {
    const v = this.value(b, name);
    if (v?.kind === 'bool') return fromFile(v.value, v.range, name);
    return undefined;
  }

  /** Keys of `tags`/`labels` maps, plus the provider's default tags. */
  tags(b: HclBlock, names: string[], provider: string): TagFacts {
    const keys: string[] = [];
    let unresolved = false;
    let where = b.headerRange;
    for (const n of names) {
      const v = this.value(b, n);
      if (!v) continue;
      where = v.range;
      if (v.kind === 'object') keys.push(...v.entries.map((e) => e.key));
      else unresolved = true; // merge(), a variable map without a default...
    }
    for (const k of this.module.defaultTags.get(provider) ?? []) {
      if (k === '*') unresolved = true;
      else keys.push(k);
    }
    return { keys: fromFile(keys, where, names[0]), ...(unresolved && { unresolved }) };
  }

  editor(
    b: HclBlock,
    tagsAttribute: 'tags' | 'labels' | undefined,
    extra: { lifecycle?: (d: number) => Fix | undefined; idleShutdown?: (m: number) => Fix | undefined; autoscaling?: (range: { min: number; max: number }) => Fix | undefined } = {},
  ) {
    return terraformEditor({ block: b, lines: this.doc.lines, text: this.doc.text, tagsAttribute, ...extra });
  }

  referenced(b: HclBlock, ofTypes: string[]) {
    return referencing(this.module, b.labels[0], b.labels[1], ofTypes);
  }
}

function base(b: HclBlock, kind: IacResource['kind'], workload: IacResource['workload']): IacResource {
  return { dialect: 'terraform', type: b.labels[0], name: b.labels[1] ?? '', kind, workload, anchor: b.headerRange };
}

function instanceHardware(r: Reader, b: HclBlock, name: string, nodes?: Fact<number>): IacResource['hardware'] {
  const t = r.str(b, name);
  const hw = hardwareOf(t.fact, nodes);
  if (t.unresolved) return { ...(hw ?? {}), unresolved: true };
  return hw;
}

function spotFrom(v: Fact<string> | undefined, spotWord = /^spot$/i): Fact<boolean> | undefined {
  return v && spotWord.test(v.value) ? { ...v, value: true } : v ? { ...v, value: false } : undefined;
}

// ---- AWS ----------------------------------------------------------------------------------


const awsInstance: Handler = (b, r) => {
  const res = base(b, 'dev-machine', 'dev');
  res.hardware = instanceHardware(r, b, 'instance_type');
  const market = r.str(sub(b, 'instance_market_options')[0], 'market_type').fact;
  if (market) res.spot = spotFrom(market);
  res.tags = r.tags(b, ['tags'], 'aws');
  // An Instance Scheduler `Schedule` tag is read for every IaC dialect in jobOfResource (iac/resource.ts).
  const stops = ec2Schedules(b, r);
  res.idleShutdown = stops.stop
    ? fromFile(true, b.headerRange, `aws_scheduler_schedule.${stops.stop}`)
    : noIdleShutdown('no stop schedule: no Instance Scheduler `Schedule` tag, no EventBridge schedule stopping it, nothing in the module stops it', b.headerRange);
  if (stops.hours) res.hoursPerMonth = stops.hours;
  res.editor = r.editor(b, 'tags');
  return res;
};

const awsLaunchTemplate: Handler = (b, r) => {
  // Priced through the autoscaling group that uses it; alone, it only carries tags and type.
  if (r.referenced(b, ['aws_autoscaling_group']).length) return undefined;
  const res = base(b, 'node-group', 'unknown');
  res.hardware = instanceHardware(r, b, 'instance_type');
  const market = r.str(sub(b, 'instance_market_options')[0], 'market_type').fact;
  if (market) res.spot = spotFrom(market);
  res.tags = r.tags(b, ['tags'], 'aws');
  res.editor = r.editor(b, 'tags');
  return res;
};

const awsAutoscalingGroup: Handler = (b, r) => {
  const res = base(b, 'node-group', 'unknown');
  const desired = r.num(b, 'desired_capacity') ?? r.num(b, 'min_size');
  // The instance type lives in the launch template the group points at.
  const lt = sub(b, 'launch_template')[0] ?? sub(sub(sub(b, 'mixed_instances_policy')[0] ?? b, 'launch_template')[0] ?? b, 'launch_template_specification')[0];
  const ref = lt && attr(lt, 'id')?.value.kind === 'expr' ? /aws_launch_template\.([\w-]+)/.exec((attr(lt, 'id')!.value as { text: string }).text)?.[1] : lt && attr(lt, 'name') ? /aws_launch_template\.([\w-]+)/.exec(String((attr(lt, 'name')!.value as { text?: string }).text ?? ''))?.[1] : undefined;
  const template = ref ? r.module.references.find((x) => x.type === 'aws_launch_template' && x.name === ref)?.block : undefined;
  if (template) {
    const t = r.str(template, 'instance_type');
    if (t.fact) res.hardware = hardwareOf({ value: t.fact.value, source: { kind: 'file', range: b.headerRange, key: `aws_launch_template.${ref}.instance_type` } }, desired);
    else if (t.unresolved) res.hardware = { unresolved: true };
  } else if (desired) res.hardware = { nodes: desired };
  const scaling: ScalingFacts = {};
  const min = r.num(b, 'min_size');
  const max = r.num(b, 'max_size');
  if (min) scaling.min = min;
  if (max) scaling.max = max;
  res.scaling = scaling;
  const hours = asgScheduleHours(b, r);
  if (hours) res.hoursPerMonth = hours;
  // ASG tags are `tag { key = ... }` blocks.
  const keys = sub(b, 'tag').map((t) => r.str(t, 'key').fact?.value).filter((k): k is string => !!k);
  res.tags = { keys: fromFile([...keys, ...(r.module.defaultTags.get('aws') ?? [])].filter((k) => k !== '*'), b.headerRange, 'tag') };
  if (r.module.defaultTags.get('aws')?.includes('*')) res.tags.unresolved = true;
  res.editor = r.editor(b, undefined);
  return res;
};

/**
 * `aws_autoscaling_schedule`s of the module that scale this group (to 0 at night, back up in the
 * morning): the hours a month it runs. Read only when every action's recurrence and capacity are static.
 */
function asgScheduleHours(b: HclBlock, r: Reader): Fact<number> | undefined {
  const schedules = r.referenced(b, ['aws_autoscaling_schedule']);
  if (!schedules.length) return undefined;
  const actions: ScheduledAction[] = [];
  for (const s of schedules) {
    const cron = r.str(s.block, 'recurrence').fact?.value;
    const capacity = r.num(s.block, 'desired_capacity') ?? r.num(s.block, 'max_size');
    if (!cron || !capacity) return undefined; // a one-off start_time/end_time action, or a computed value
    actions.push({ cron, capacity: capacity.value });
  }
  const h = monthlyRunningHours(actions);
  return h === undefined ? undefined : fromFile(h, b.headerRange, `aws_autoscaling_schedule ${schedules.map((s) => s.name).join(', ')}`);
}

/**
 * EventBridge Scheduler schedules of the module that call EC2 StopInstances / StartInstances on this
 * instance (its id in the target's input): a stop one is an idle shutdown; a stop and a start with
 * readable crons also give the hours a month it runs.
 */
function ec2Schedules(b: HclBlock, r: Reader): { stop?: string; hours?: Fact<number> } {
  const actions: ScheduledAction[] = [];
  let stop: string | undefined;
  let readable = true;
  const names: string[] = [];
  for (const s of r.referenced(b, ['aws_scheduler_schedule'])) {
    const arn = r.value(sub(s.block, 'target')[0], 'arn');
    const text = arn?.kind === 'string' ? arn.value : arn?.kind === 'expr' ? arn.text : '';
    const op = /ec2:stopInstances/i.test(text) ? 0 : /ec2:startInstances/i.test(text) ? 1 : undefined;
    if (op === undefined) continue;
    if (op === 0) stop ??= s.name;
    names.push(s.name);
    const expr = r.str(s.block, 'schedule_expression').fact?.value;
    const cron = expr && awsCronExpression(expr);
    if (cron) actions.push({ cron, capacity: op });
    else readable = false;
  }
  const h = stop && readable ? monthlyRunningHours(actions) : undefined;
  return { ...(stop && { stop }), ...(h !== undefined && { hours: fromFile(h, b.headerRange, `aws_scheduler_schedule ${names.join(', ')}`) }) };
}

/** The start/stop crons of the `google_compute_resource_policy` an instance's `resource_policies` names. */
function gcpScheduleHours(policies: { value: HclValue; range: Range }, r: Reader): Fact<number> | undefined {
  const text = policies.value.kind === 'expr' ? policies.value.text : policies.value.kind === 'tuple' ? policies.value.items.map((i) => (i.kind === 'expr' ? i.text : '')).join(' ') : '';
  const names = [...text.matchAll(/google_compute_resource_policy\.([\w-]+)/g)].map((m) => m[1]);
  for (const name of names) {
    const block = r.module.references.find((x) => x.type === 'google_compute_resource_policy' && x.name === name)?.block;
    const isp = block && sub(block, 'instance_schedule_policy')[0];
    if (!isp) continue;
    const start = r.str(sub(isp, 'vm_start_schedule')[0], 'schedule').fact?.value;
    const stop = r.str(sub(isp, 'vm_stop_schedule')[0], 'schedule').fact?.value;
    if (!start || !stop) return undefined;
    const h = monthlyRunningHours([{ cron: start, capacity: 1 }, { cron: stop, capacity: 0 }]);
    return h === undefined ? undefined : fromFile(h, policies.range, `google_compute_resource_policy.${name} instance_schedule_policy`);
  }
  return undefined;
}

const awsEksNodeGroup: Handler = (b, r) => {
  const res = base(b, 'node-group', 'unknown');
  const sc = sub(b, 'scaling_config')[0];
  const desired = r.num(sc, 'desired_size') ?? r.num(sc, 'min_size');
  const types = r.value(b, 'instance_types');
  if (types?.kind === 'tuple' && types.items[0]?.kind === 'string') {
    const first = types.items[0];
    res.hardware = hardwareOf(fromFile(first.value, first.range, 'instance_types'), desired);
  } else if (types) res.hardware = { unresolved: true, ...(desired && { nodes: desired }) };
  else res.hardware = hardwareOf(fromFile('t3.medium', b.headerRange, 'instance_types'), desired); // the provider's default
  const cap = r.str(b, 'capacity_type').fact;
  if (cap) res.spot = spotFrom(cap);
  const min = r.num(sc, 'min_size');
  const max = r.num(sc, 'max_size');
  res.scaling = { ...(min && { min }), ...(max && { max }) };
  res.tags = r.tags(b, ['tags'], 'aws');
  res.editor = r.editor(b, 'tags');
  return res;
};

const awsNotebook: Handler = (b, r) => {
  const res = base(b, 'notebook', 'dev');
  res.hardware = instanceHardware(r, b, 'instance_type');
  const lc = attr(b, 'lifecycle_config_name');
  res.idleShutdown = lc
    ? fromFile(true, lc.range, 'lifecycle_config_name')
    : noIdleShutdown('no lifecycle configuration (the usual way to stop an idle SageMaker notebook) is attached', b.headerRange);
  res.tags = r.tags(b, ['tags'], 'aws');
  res.editor = r.editor(b, 'tags', {
    idleShutdown: () => ({
      title: 'Attach an idle auto-stop lifecycle configuration',
      edits: [insertInBlock({ block: b, lines: r.doc.lines, text: r.doc.text }, ['lifecycle_config_name = "${1:auto-stop-idle}"'])],
      safe: false,
      snippet: true,
    }),
  });
  return res;
};

const awsEndpointConfig: Handler = (b, r) => {
  const res = base(b, 'endpoint', 'inference');
  const pv = sub(b, 'production_variants')[0];
  if (!pv) return undefined;
  if (sub(pv, 'serverless_config').length) return undefined; // billed per request, not per hour
  const count = r.num(pv, 'initial_instance_count');
  res.hardware = instanceHardware(r, pv, 'instance_type', count);
  // A SageMaker scaling target of the module scales this config when its resource_id names an
  // endpoint deployed from it, or names no endpoint resource (a literal id: cannot tell, assume so).
  const endpoints = r.referenced(b, ['aws_sagemaker_endpoint']).map((e) => `aws_sagemaker_endpoint.${e.name}`);
  const scaled = r.module.references.some(
    (x) =>
      x.type === 'aws_appautoscaling_target' &&
      /sagemaker/.test(JSON.stringify(attr(x.block, 'service_namespace')?.value ?? '')) &&
      (x.refs.some((ref) => endpoints.includes(ref)) || !x.refs.some((ref) => ref.startsWith('aws_sagemaker_endpoint.'))),
  );
  res.scaling = {
    ...(count && { min: count }),
    ...sagemakerEndpointScaling(
      scaled ? fromFile(true, b.headerRange, 'aws_appautoscaling_target') : undefined,
      'no aws_appautoscaling_target (sagemaker:variant:DesiredInstanceCount) in this module scales an endpoint of this configuration',
      'an aws_appautoscaling_target on sagemaker:variant:DesiredInstanceCount (min_capacity 1) and a target-tracking aws_appautoscaling_policy on SageMakerVariantInvocationsPerInstance',
      b.headerRange,
    ),
  };
  res.tags = r.tags(b, ['tags'], 'aws');
  const variant = r.str(pv, 'variant_name').fact?.value;
  res.editor = r.editor(b, 'tags', { autoscaling: (range) => sagemakerAutoscaling(r, b, endpoints[0], variant, range) });
  return res;
};

/**
 * Application Auto Scaling for an endpoint variant: a scalable target on its instance count and a
 * target-tracking policy on invocations per instance, appended after the endpoint configuration.
 * The endpoint and variant names are placeholders when the module does not say them.
 */
function sagemakerAutoscaling(r: Reader, b: HclBlock, endpoint: string | undefined, variant: string | undefined, range: { min: number; max: number }): Fix {
  const name = b.labels[1] ?? 'endpoint';
  const ep = endpoint ? snippetEscape(`\${${endpoint}.name}`) : '${1:endpoint-name}';
  const target = `aws_appautoscaling_target.${name}`;
  return {
    title: `Add Application Auto Scaling for the endpoint variant (${Math.max(1, range.min)}–${Math.max(1, range.max)} instances, target tracking on invocations per instance)`,
    edits: [
      appendAfterBlock({ block: b, lines: r.doc.lines, text: r.doc.text }, [
        `resource "aws_appautoscaling_target" "${name}" {`,
        '  service_namespace  = "sagemaker"',
        `  resource_id        = "endpoint/${ep}/variant/${variant ? snippetEscape(variant) : '${2:AllTraffic}'}"`,
        '  scalable_dimension = "sagemaker:variant:DesiredInstanceCount"',
        `  min_capacity       = ${Math.max(1, range.min)}`,
        `  max_capacity       = ${Math.max(1, range.max)}`,
        '}',
        '',
        `resource "aws_appautoscaling_policy" "${name}" {`,
        `  name               = "${name}-invocations"`,
        '  policy_type        = "TargetTrackingScaling"',
        `  service_namespace  = ${target}.service_namespace`,
        `  resource_id        = ${target}.resource_id`,
        `  scalable_dimension = ${target}.scalable_dimension`,
        '',
        '  target_tracking_scaling_policy_configuration {',
        '    target_value = ${3:100} # invocations per instance per minute',
        '    predefined_metric_specification {',
        '      predefined_metric_type = "SageMakerVariantInvocationsPerInstance"',
        '    }',
        '  }',
        '}',
      ]),
    ],
    safe: false,
    snippet: true,
  };
}

const awsBucket: Handler = (b, r) => {
  const res = base(b, 'bucket', 'unknown');
  const name = r.str(b, 'bucket').fact ?? r.str(b, 'bucket_prefix').fact;
  const purpose = bucketPurpose(name?.value ?? b.labels[1]);
  const inline = sub(b, 'lifecycle_rule');
  const separate = r.referenced(b, ['aws_s3_bucket_lifecycle_configuration']);
  const lifecycle = inline.length
    ? fromFile(true, inline[0].headerRange, 'lifecycle_rule')
    : separate.length
      ? fromFile(true, b.headerRange, `aws_s3_bucket_lifecycle_configuration.${separate[0].name}`)
      : fromFile(false, b.headerRange, 'aws_s3_bucket_lifecycle_configuration');
  res.bucket = { provider: 'aws', purpose: name ? { ...name, value: purpose } : fromFile(purpose, b.headerRange, 'resource name'), lifecycle };
  res.tags = r.tags(b, ['tags'], 'aws');
  const id = `${b.labels[0]}.${b.labels[1]}`;
  res.editor = r.editor(b, 'tags', {
    lifecycle: (days) => ({
      title: `Add a lifecycle configuration: Standard-IA after ${days} days, old versions expire after 30 days`,
      edits: [
        appendAfterBlock({ block: b, lines: r.doc.lines, text: r.doc.text }, [
          `resource "aws_s3_bucket_lifecycle_configuration" "${b.labels[1]}" {`,
          `  bucket = ${id}.id`,
          '',
          '  rule {',
          '    id     = "tier-and-expire"',
          '    status = "Enabled"',
          '    filter {}',
          '',
          '    transition {',
          `      days          = ${days}`,
          '      storage_class = "STANDARD_IA"',
          '    }',
          '',
          '    noncurrent_version_expiration {',
          '      noncurrent_days = 30',
          '    }',
          '  }',
          '}',
        ]),
      ],
      safe: false,
    }),
  });
  return res;
};

// ---- GCP ----------------------------------------------------------------------------------

function gcpAccelerators(r: Reader, blocks: HclBlock[], typeKey: string, countKey: string): { gpu?: Fact<string>; count?: Fact<number>; unresolved?: boolean } {
  const g = blocks[0];
  if (!g) return {};
  const t = r.str(g, typeKey);
  if (t.unresolved) return { unresolved: true };
  if (!t.fact) return {};
  return { gpu: { ...t.fact, value: acceleratorGpu(t.fact.value) }, count: r.num(g, countKey) };
}

function gcpMachine(r: Reader, holder: HclBlock, machineKey: string, accelerators: ReturnType<typeof gcpAccelerators>, nodes?: Fact<number>): IacResource['hardware'] {
  const mt = r.str(holder, machineKey);
  if (accelerators.gpu) {
    // An N1 host with attached GPUs: priced by the GPUs (the catalog prices GCP GPUs per GPU).
    return { gpu: accelerators.gpu, ...(accelerators.count && { gpuCount: accelerators.count }), ...(nodes && { nodes }) };
  }
  const hw = hardwareOf(mt.fact, nodes);
  return mt.unresolved || accelerators.unresolved ? { ...(hw ?? {}), unresolved: true } : hw;
}

function gcpSpot(r: Reader, holder: HclBlock | undefined): Fact<boolean> | undefined {
  return r.bool(holder, 'spot') ?? r.bool(holder, 'preemptible') ?? spotFrom(r.str(holder, 'provisioning_model').fact);
}

const googleInstance: Handler = (b, r) => {
  const res = base(b, 'dev-machine', 'dev');
  res.hardware = gcpMachine(r, b, 'machine_type', gcpAccelerators(r, sub(b, 'guest_accelerator'), 'type', 'count'));
  const sched = sub(b, 'scheduling')[0];
  const spot = gcpSpot(r, sched);
  if (spot) res.spot = spot;
  const policies = attr(b, 'resource_policies');
  res.idleShutdown = policies
    ? fromFile(true, policies.range, 'resource_policies')
    : noIdleShutdown('no instance schedule (resource_policies) stops it', b.headerRange);
  const hours = policies && gcpScheduleHours(policies, r);
  if (hours) res.hoursPerMonth = hours;
  res.tags = r.tags(b, ['labels'], 'google');
  res.editor = r.editor(b, 'labels', {
    idleShutdown: () => ({
      title: 'Stop it outside working hours (an instance schedule policy)',
      edits: [
        insertInBlock({ block: b, lines: r.doc.lines, text: r.doc.text }, [`resource_policies = [google_compute_resource_policy.${b.labels[1]}_hours.id]`]),
        appendAfterBlock({ block: b, lines: r.doc.lines, text: r.doc.text }, [
          `resource "google_compute_resource_policy" "${b.labels[1]}_hours" {`,
          `  name = "${snippetEscape(b.labels[1].replace(/_/g, '-'))}-hours"`,
          '  instance_schedule_policy {',
          '    vm_start_schedule { schedule = "${1:0 8 * * 1-5}" }',
          '    vm_stop_schedule  { schedule = "${2:0 20 * * 1-5}" }',
          '    time_zone = "${3:Etc/UTC}"',
          '  }',
          '}',
        ]),
      ],
      safe: false,
      snippet: true,
    }),
  });
  return res;
};

const googleNodePool: Handler = (b, r) => {
  const res = base(b, 'node-group', 'unknown');
  const nc = sub(b, 'node_config')[0];
  const as = sub(b, 'autoscaling')[0];
  const nodes = r.num(b, 'node_count') ?? r.num(b, 'initial_node_count') ?? r.num(as, 'min_node_count') ?? r.num(as, 'total_min_node_count');
  res.hardware = nc ? gcpMachine(r, nc, 'machine_type', gcpAccelerators(r, sub(nc, 'guest_accelerator'), 'type', 'count'), nodes) : undefined;
  const spot = gcpSpot(r, nc);
  if (spot) res.spot = spot;
  const min = r.num(as, 'min_node_count') ?? r.num(as, 'total_min_node_count') ?? r.num(b, 'node_count');
  const max = r.num(as, 'max_node_count') ?? r.num(as, 'total_max_node_count');
  res.scaling = { ...(min && { min }), ...(max && { max }), ...(as && { autoscaled: fromFile(true, as.headerRange, 'autoscaling') }) };
  res.tags = nc ? r.tags(nc, ['resource_labels', 'labels'], 'google') : { keys: fromFile([], b.headerRange, 'node_config') };
  if (nc) res.editor = terraformEditor({ block: nc, lines: r.doc.lines, text: r.doc.text, tagsAttribute: attr(nc, 'labels') ? undefined : 'labels' });
  return res;
};

const googleWorkbench: Handler = (b, r) => {
  const res = base(b, 'notebook', 'dev');
  const gce = sub(b, 'gce_setup')[0];
  res.hardware = gce ? gcpMachine(r, gce, 'machine_type', gcpAccelerators(r, sub(gce, 'accelerator_configs'), 'type', 'core_count')) : undefined;
  const meta = r.value(gce, 'metadata');
  const idle = meta?.kind === 'object' ? meta.entries.find((e) => e.key === 'idle-timeout-seconds') : undefined;
  // Workbench instances shut down after 180 idle minutes unless told otherwise; only an explicit
  // 0 (or a disabled flag) turns that off.
  if (idle && ((idle.value.kind === 'string' && /^0+$/.test(idle.value.value)) || (idle.value.kind === 'number' && idle.value.value === 0))) {
    res.idleShutdown = fromFile(false, idle.value.range, 'metadata.idle-timeout-seconds');
  } else if (idle) res.idleShutdown = fromFile(true, idle.value.range, 'metadata.idle-timeout-seconds');
  res.tags = r.tags(b, ['labels'], 'google');
  res.editor = r.editor(b, 'labels', {
    idleShutdown: (minutes) => {
      if (!idle) return undefined;
      return {
        title: `Shut down after ${minutes} idle minutes`,
        edits: [{ range: idle.value.range, newText: `"${minutes * 60}"` }],
        safe: true,
      };
    },
  });
  return res;
};

const googleLegacyNotebook: Handler = (b, r) => {
  const res = base(b, 'notebook', 'dev');
  res.hardware = gcpMachine(r, b, 'machine_type', gcpAccelerators(r, sub(b, 'accelerator_config'), 'type', 'core_count'));
  const meta = r.value(b, 'metadata');
  const idle = meta?.kind === 'object' ? meta.entries.find((e) => e.key === 'idle-timeout-seconds') : undefined;
  res.idleShutdown = idle ? fromFile(!(idle.value.kind === 'string' && /^0+$/.test(idle.value.value)), idle.value.range, 'metadata.idle-timeout-seconds') : noIdleShutdown('user-managed notebooks have no idle shutdown unless metadata sets idle-timeout-seconds', b.headerRange);
  res.tags = r.tags(b, ['labels'], 'google');
  res.editor = r.editor(b, 'labels');
  return res;
};

const googleBucket: Handler = (b, r) => {
  const res = base(b, 'bucket', 'unknown');
  const name = r.str(b, 'name').fact;
  const purpose = bucketPurpose(name?.value ?? b.labels[1]);
  const rules = sub(b, 'lifecycle_rule');
  res.bucket = {
    provider: 'gcp',
    purpose: name ? { ...name, value: purpose } : fromFile(purpose, b.headerRange, 'resource name'),
    lifecycle: rules.length ? fromFile(true, rules[0].headerRange, 'lifecycle_rule') : fromFile(false, b.headerRange, 'lifecycle_rule'),
  };
  res.tags = r.tags(b, ['labels'], 'google');
  res.editor = r.editor(b, 'labels', {
    lifecycle: (days) => ({
      title: `Add lifecycle rules: Nearline after ${days} days, keep 3 noncurrent versions`,
      edits: [
        insertInBlock({ block: b, lines: r.doc.lines, text: r.doc.text }, [
          'lifecycle_rule {',
          '  condition {',
          `    age = ${days}`,
          '  }',
          '  action {',
          '    type          = "SetStorageClass"',
          '    storage_class = "NEARLINE"',
          '  }',
          '}',
          'lifecycle_rule {',
          '  condition {',
          '    num_newer_versions = 3',
          '  }',
          '  action {',
          '    type = "Delete"',
          '  }',
          '}',
        ]),
      ],
      safe: false,
    }),
  });
  return res;
};

// ---- Azure --------------------------------------------------------------------------------

const azureVm: Handler = (b, r) => {
  const res = base(b, 'dev-machine', 'dev');
  res.hardware = instanceHardware(r, b, attr(b, 'vm_size') ? 'vm_size' : 'size');
  const prio = r.str(b, 'priority').fact;
  if (prio) res.spot = spotFrom(prio);
  const schedules = r.referenced(b, ['azurerm_dev_test_global_vm_shutdown_schedule']);
  res.idleShutdown = schedules.length
    ? fromFile(true, b.headerRange, `azurerm_dev_test_global_vm_shutdown_schedule.${schedules[0].name}`)
    : noIdleShutdown('no azurerm_dev_test_global_vm_shutdown_schedule points at it', b.headerRange);
  res.tags = r.tags(b, ['tags'], 'azurerm');
  res.editor = r.editor(b, 'tags', {
    idleShutdown: () => ({
      title: 'Shut it down every evening (a VM shutdown schedule)',
      edits: [
        appendAfterBlock({ block: b, lines: r.doc.lines, text: r.doc.text }, [
          `resource "azurerm_dev_test_global_vm_shutdown_schedule" "${b.labels[1]}" {`,
          `  virtual_machine_id    = ${b.labels[0]}.${b.labels[1]}.id`,
          `  location              = ${b.labels[0]}.${b.labels[1]}.location`,
          '  enabled               = true',
          '  daily_recurrence_time = "${1:2000}"',
          '  timezone              = "${2:UTC}"',
          '  notification_settings {',
          '    enabled = false',
          '  }',
          '}',
        ]),
      ],
      safe: false,
      snippet: true,
    }),
  });
  return res;
};

const azureNodePool: Handler = (b, r) => {
  const res = base(b, 'node-group', 'unknown');
  const nodes = r.num(b, 'node_count') ?? r.num(b, 'min_count');
  res.hardware = instanceHardware(r, b, 'vm_size', nodes);
  const prio = r.str(b, 'priority').fact;
  if (prio) res.spot = spotFrom(prio);
  const auto = r.bool(b, 'auto_scaling_enabled') ?? r.bool(b, 'enable_auto_scaling');
  const min = r.num(b, 'min_count') ?? r.num(b, 'node_count');
  const max = r.num(b, 'max_count');
  res.scaling = { ...(min && { min }), ...(max && { max }), ...(auto && { autoscaled: auto }) };
  res.tags = r.tags(b, ['tags'], 'azurerm');
  res.editor = r.editor(b, 'tags');
  return res;
};

/** Resource facts per Terraform resource type; CDKTF's classes map onto the same types. */
export const HANDLERS: Readonly<Record<string, Handler>> = {
  aws_instance: awsInstance,
  aws_launch_template: awsLaunchTemplate,
  aws_autoscaling_group: awsAutoscalingGroup,
  aws_eks_node_group: awsEksNodeGroup,
  aws_sagemaker_notebook_instance: awsNotebook,
  aws_sagemaker_endpoint_configuration: awsEndpointConfig,
  aws_s3_bucket: awsBucket,
  google_compute_instance: googleInstance,
  google_container_node_pool: googleNodePool,
  google_workbench_instance: googleWorkbench,
  google_notebooks_instance: googleLegacyNotebook,
  google_storage_bucket: googleBucket,
  azurerm_linux_virtual_machine: azureVm,
  azurerm_windows_virtual_machine: azureVm,
  azurerm_virtual_machine: azureVm,
  azurerm_kubernetes_cluster_node_pool: azureNodePool,
};

export const terraformDialect: Dialect = {
  id: 'terraform',
  formats: ['hcl'],
  async detect(doc, ctx) {
    if (doc.format !== 'hcl') return [];
    const resources = doc.blocks.filter((b) => b.type === 'resource' && b.labels.length >= 2 && HANDLERS[b.labels[0]]);
    if (!resources.length) return [];
    const reader = new Reader(doc, await moduleOf(doc.blocks, ctx));
    const found: IacResource[] = [];
    for (const b of resources) {
      const r = HANDLERS[b.labels[0]](b, reader);
      if (r) found.push(r);
    }
    const ml = found.filter(isMlResource);
    // Buckets named for logs or models count only beside ML compute (a web app's log bucket does not).
    const compute = ml.some((r) => r.kind !== 'bucket');
    const jobs: Job[] = ml.filter((r) => compute || r.kind !== 'bucket' || r.bucket?.purpose.value === 'checkpoints' || r.bucket?.purpose.value === 'datasets').map(jobOfResource);
    return jobs;
  },
};

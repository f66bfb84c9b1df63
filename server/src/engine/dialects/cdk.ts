// AWS CDK (TypeScript) through ts-morph: GPU instances and launch templates, autoscaling groups,
// EKS node groups, SageMaker notebook instances and endpoint configs, S3 buckets, and
// `Tags.of(x).add(...)`. Values resolve within the file (literals, consts, enum members, spreads);
// anything else is unresolved and rules stay silent on it.
import { tagPlaceholder } from '../edit/tagPlaceholders';
import type { Dialect } from '../dialect';
import { fromFile } from '../facts';
import type { TsNode as Node, TypeScriptSource } from '../formats/typescript';
import type { AnalysisContext, Fact, Fix, JobEditor, Range, TextEdit } from '../types';
import { bucketPurpose, hardwareOf, isMlResource, jobOfResource, noIdleShutdown, type IacResource } from './iac/resource';
import { sagemakerEndpointScaling, targetOfConfig, type DeployedEndpoint, type VariantTarget } from './iac/endpointScaling';
import { addNamespaceImport, insertAfterStatement, insertProperty } from './iac/tsEdit';
import { statementOf, TsReader } from './iac/tsReader';
import { cdkScheduledAction } from './iac/cdkSchedule';
import { monthlyRunningHours, type ScheduledAction } from './iac/schedule';
import { num, prop, str, TsScope, type TsValue } from './iac/tsValues';

/** CDK InstanceClass members whose name is not the instance family (the rest: lowercase name). */
const CLASS_ALIASES: Record<string, string> = {
  PARALLEL2: 'p2',
  PARALLEL3: 'p3',
  PARALLEL3_NVME_DRIVE_HIGH_PERFORMANCE: 'p3dn',
  PARALLEL4: 'p4d',
  PARALLEL4_NVME_DRIVE_EXTENDED: 'p4de',
  PARALLEL5: 'p5',
  GRAPHICS4_NVME_DRIVE_HIGH_PERFORMANCE: 'g4dn',
  GRAPHICS5: 'g5',
  STANDARD5: 'm5',
  STANDARD6_INTEL: 'm6i',
  STANDARD7_INTEL: 'm7i',
  COMPUTE5: 'c5',
  COMPUTE7_INTEL: 'c7i',
  BURSTABLE3: 't3',
  BURSTABLE2: 't2',
  INFERENCE2: 'inf2',
  TRAINING1: 'trn1',
};

function instanceClass(member: string): string | undefined {
  if (CLASS_ALIASES[member]) return CLASS_ALIASES[member];
  return /^[A-Z]+\d+[A-Z]*$/.test(member) ? member.toLowerCase() : undefined;
}

function instanceSize(member: string): string | undefined {
  const m = /^XLARGE(\d+)$/.exec(member);
  if (m) return `${m[1]}xlarge`;
  return /^(NANO|MICRO|SMALL|MEDIUM|LARGE|XLARGE|METAL)$/.test(member) ? member.toLowerCase() : undefined;
}

/** An instance type value: `new ec2.InstanceType('g5.xlarge')`, `InstanceType.of(Class.X, Size.Y)`, or a string. */
function instanceTypeOf(v: TsValue | undefined, scope: TsScope): { value?: string; unresolved?: boolean } {
  if (!v) return {};
  if (v.k === 'str') return { value: v.v };
  if (v.k === 'new' && v.q === 'cdk:ec2.InstanceType') return { value: str(scope.value(v.args[0])), unresolved: str(scope.value(v.args[0])) === undefined };
  if (v.k === 'call' && v.q === 'cdk:ec2.InstanceType.of') {
    const c = scope.value(v.args[0]);
    const s = scope.value(v.args[1]);
    const cls = c?.k === 'member' ? instanceClass(c.q.split('.').pop()!) : c?.k === 'str' ? c.v : undefined;
    const size = s?.k === 'member' ? instanceSize(s.q.split('.').pop()!) : s?.k === 'str' ? s.v : undefined;
    return cls && size ? { value: `${cls}.${size}` } : { unresolved: true };
  }
  return { unresolved: true };
}

interface Found {
  res: IacResource;
  /** The variable or property the construct is bound to (`box`, `this.box`), for Tags.of(...). */
  binding?: string;
  props?: TsValue;
  statement?: Node;
  /** Tag keys set on the construct itself (Cfn `tags`, node group `tags`). */
  ownTags: string[];
  ownTagsNode?: Node;
  ownTagsUnresolved?: boolean;
  /** The namespace the construct was written with (`s3` of `s3.Bucket`), for its sibling enums. */
  namespace: string;
}

class CdkReader extends TsReader {
  instance(props: TsValue | undefined, key: string, nodes?: Fact<number>): IacResource['hardware'] {
    const v = prop(props, key);
    if (!v) return nodes ? { nodes } : undefined;
    const t = instanceTypeOf(v, this.scope);
    if (t.value) return hardwareOf(this.fact(t.value, v.node, key), nodes);
    return { unresolved: true, ...(nodes && { nodes }) };
  }

  numFact(props: TsValue | undefined, key: string): Fact<number> | undefined {
    const v = prop(props, key);
    const n = num(v);
    return v && n !== undefined ? this.fact(n, v.node, key) : undefined;
  }
}

function tagKeys(v: TsValue | undefined): { keys: string[]; unresolved: boolean } {
  if (!v) return { keys: [], unresolved: false };
  if (v.k === 'arr') {
    // Cfn tags: [{ key: 'team', value: 'x' }]
    const keys = v.items.map((i) => str(prop(i, 'key'))).filter((k): k is string => k !== undefined);
    return { keys, unresolved: !!v.open || keys.length < v.items.length };
  }
  if (v.k === 'obj') return { keys: [...v.props.keys()], unresolved: !!v.open };
  return { keys: [], unresolved: true };
}

type Handler = (props: TsValue | undefined, r: CdkReader, at: Node) => (Omit<Found, 'ownTags' | 'namespace'> & { ownTags?: string[] }) | undefined;

function base(type: string, kind: IacResource['kind'], workload: IacResource['workload'], id: string, anchor: Range): IacResource {
  return { dialect: 'aws-cdk', type, name: id, kind, workload, anchor };
}

const HANDLERS: Record<string, (id: string, anchor: Range) => Handler> = {
  'cdk:ec2.Instance': (id, anchor) => (props, r) => {
    const res = base('ec2.Instance', 'dev-machine', 'dev', id, anchor);
    res.hardware = r.instance(props, 'instanceType');
    res.idleShutdown = noIdleShutdown('no stop schedule: no Instance Scheduler `Schedule` tag and nothing in the stack stops it', anchor);
    return { res, props };
  },
  'cdk:ec2.LaunchTemplate': (id, anchor) => (props, r) => {
    const res = base('ec2.LaunchTemplate', 'node-group', 'unknown', id, anchor);
    res.hardware = r.instance(props, 'instanceType');
    const spot = prop(props, 'spotOptions');
    if (spot) res.spot = r.fact(true, spot.node, 'spotOptions');
    return { res, props };
  },
  'cdk:autoscaling.AutoScalingGroup': (id, anchor) => (props, r) => {
    const res = base('autoscaling.AutoScalingGroup', 'node-group', 'unknown', id, anchor);
    const desired = r.numFact(props, 'desiredCapacity') ?? r.numFact(props, 'minCapacity') ?? { value: 1, source: { kind: 'default', reason: 'CDK AutoScalingGroup minCapacity defaults to 1', range: anchor } };
    res.hardware = r.instance(props, 'instanceType', desired);
    const min = r.numFact(props, 'minCapacity');
    const max = r.numFact(props, 'maxCapacity');
    res.scaling = { ...(min && { min }), ...(max && { max }) };
    return { res, props };
  },
  'cdk:eks.Nodegroup': (id, anchor) => nodegroup(id, anchor),
  'cdk:sagemaker.CfnNotebookInstance': (id, anchor) => (props, r) => {
    const res = base('sagemaker.CfnNotebookInstance', 'notebook', 'dev', id, anchor);
    res.hardware = r.instance(props, 'instanceType');
    const lc = prop(props, 'lifecycleConfigName');
    res.idleShutdown = lc ? r.fact(true, lc.node, 'lifecycleConfigName') : noIdleShutdown('no lifecycle configuration (the usual way to stop an idle SageMaker notebook) is attached', anchor);
    const t = tagKeys(prop(props, 'tags'));
    return { res, props, ownTags: t.keys, ownTagsNode: prop(props, 'tags')?.node, ownTagsUnresolved: t.unresolved };
  },
  'cdk:sagemaker.CfnEndpointConfig': (id, anchor) => (props, r) => {
    const res = base('sagemaker.CfnEndpointConfig', 'endpoint', 'inference', id, anchor);
    const pv = prop(props, 'productionVariants');
    const first = pv?.k === 'arr' ? pv.items[0] : undefined;
    if (prop(first, 'serverlessConfig')) return undefined; // billed per request, not per hour
    const count = r.numFact(first, 'initialInstanceCount');
    res.hardware = first ? r.instance(first, 'instanceType', count) : pv ? { unresolved: true } : undefined;
    res.scaling = { ...(count && { min: count }) };
    const t = tagKeys(prop(props, 'tags'));
    return { res, props, ownTags: t.keys, ownTagsNode: prop(props, 'tags')?.node, ownTagsUnresolved: t.unresolved };
  },
  'cdk:s3.Bucket': (id, anchor) => (props, r) => {
    const res = base('s3.Bucket', 'bucket', 'unknown', id, anchor);
    const name = prop(props, 'bucketName');
    const nameText = str(name);
    const purpose = bucketPurpose(nameText ?? id);
    const rules = prop(props, 'lifecycleRules');
    res.bucket = {
      provider: 'aws',
      purpose: name && nameText ? r.fact(purpose, name.node, 'bucketName') : fromFile(purpose, anchor, 'construct id'),
      lifecycle: rules ? r.fact(true, rules.node, 'lifecycleRules') : fromFile(false, anchor, 'lifecycleRules'),
    };
    return { res, props };
  },
};

function nodegroup(id: string, anchor: Range): Handler {
  return (props, r) => {
    const res = base('eks.Nodegroup', 'node-group', 'unknown', id, anchor);
    const desired = r.numFact(props, 'desiredSize') ?? r.numFact(props, 'minSize') ?? { value: 2, source: { kind: 'default', reason: 'EKS managed node groups default to 2 nodes', range: anchor } };
    const types = prop(props, 'instanceTypes');
    if (types?.k === 'arr' && types.items[0]) {
      const t = instanceTypeOf(types.items[0], r.scope);
      res.hardware = t.value ? hardwareOf(r.fact(t.value, types.items[0].node, 'instanceTypes'), desired) : { unresolved: true, nodes: desired };
    } else if (types) res.hardware = { unresolved: true, nodes: desired };
    else res.hardware = hardwareOf(fromFile('t3.medium', anchor, 'instanceTypes'), desired); // CDK's default
    const cap = prop(props, 'capacityType');
    if (cap?.k === 'member') res.spot = r.fact(/\.SPOT$/.test(cap.q), cap.node, 'capacityType');
    const min = r.numFact(props, 'minSize');
    const max = r.numFact(props, 'maxSize');
    res.scaling = { ...(min && { min }), ...(max && { max }) };
    const t = tagKeys(prop(props, 'tags'));
    return { res, props, ownTags: t.keys, ownTagsNode: prop(props, 'tags')?.node, ownTagsUnresolved: t.unresolved };
  };
}

/** The name `Tags` (or `Duration`) is reachable under in this file: a named import or `cdk.X`. */
function coreName(scope: TsScope, name: string): string | undefined {
  for (const [local, b] of scope.imports) {
    if (b.module === 'aws-cdk-lib' && b.imported === name) return local;
  }
  for (const [local, b] of scope.imports) {
    if (b.module === 'aws-cdk-lib' && b.imported === undefined) return `${local}.${name}`;
  }
  return undefined;
}

function editorFor(f: Found, r: CdkReader): JobEditor {
  const src = r.src;
  return {
    addTags(keys) {
      const tags = coreName(r.scope, 'Tags');
      if (!tags || !f.binding || !f.statement) return undefined;
      const edit = insertAfterStatement(src, f.statement, keys.map((k, i) => `${tags}.of(${f.binding}).add('${k}', '${tagPlaceholder(k, i + 1)}');`));
      return edit && { title: `Tag it for cost attribution (${keys.join(', ')})`, edits: [edit], safe: false, snippet: true };
    },
    addLifecycle(days) {
      const duration = coreName(r.scope, 'Duration');
      if (!duration || !f.namespace || f.props?.k !== 'obj') return undefined;
      const line = `lifecycleRules: [{ transitions: [{ storageClass: ${f.namespace}.StorageClass.INFREQUENT_ACCESS, transitionAfter: ${duration}.days(${days}) }], noncurrentVersionExpiration: ${duration}.days(30) }]`;
      const edit = insertProperty(src, f.props.node, line);
      return edit ? ({ title: `Add a lifecycle rule: Infrequent Access after ${days} days, old versions expire after 30 days`, edits: [edit], safe: false } as Fix) : undefined;
    },
    addAutoscaling(range) {
      return f.res.kind === 'endpoint' ? cdkEndpointScaling(f, r, range) : undefined;
    },
    addIdleShutdown() {
      if (f.res.kind !== 'notebook' || f.props?.k !== 'obj') return undefined;
      const edit = insertProperty(src, f.props.node, "lifecycleConfigName: '${1:auto-stop-idle}'");
      return edit ? { title: 'Attach an idle auto-stop lifecycle configuration', edits: [edit], safe: false, snippet: true } : undefined;
    },
  };
}

export const cdkDialect: Dialect = {
  id: 'aws-cdk',
  formats: ['typescript'],
  detect(doc, ctx) {
    if (doc.format !== 'typescript') return [];
    const r = new CdkReader(doc);
    if (![...r.scope.imports.values()].some((b) => /^(aws-cdk-lib|@aws-cdk\/)/.test(b.module))) return [];
    const found: Found[] = [];
    const fileTags: { keys: string[]; unresolved: boolean } = { keys: [], unresolved: false };
    fileTags.keys.push(...appTags(ctx));
    const boundTags = new Map<string, string[]>();
    // Scalable targets on SageMaker variants, and the endpoints they may name.
    const targets: VariantTarget[] = [];
    const endpoints: DeployedEndpoint[] = [];
    // `asg.scaleOnSchedule(...)` actions by the binding they scale (undefined = an action not read).
    const scheduled = new Map<string, (ScheduledAction | undefined)[]>();
    for (const call of r.scope.calls) {
      if (call.expression.end - call.expression.pos > 300) continue; // `Tags.of(x).add` and `addNodegroupCapacity` are short
      const callee = r.text(call.expression);
      // Tags.of(scope).add('team', 'x')
      const add = callee.endsWith('.add') ? /^(.*)\.of\((.*)\)\.add$/s.exec(callee) : null;
      if (add && r.scope.qualify(add[1]) === 'cdk:Tags') {
        const key = str(r.scope.value(call.arguments[0]));
        const target = add[2].trim();
        const keys = key === undefined ? undefined : [key];
        if (target === 'this' || target === 'app' || target === 'stack' || !/^[\w.]+$/.test(target)) {
          if (keys) fileTags.keys.push(...keys);
          else fileTags.unresolved = true;
        } else boundTags.set(target, [...(boundTags.get(target) ?? []), ...(keys ?? ['*'])]);
        continue;
      }
      // The L2 (alpha) endpoint: `variant.autoScaleInstanceCount({...})`.
      if (/\.autoScaleInstanceCount$/.test(callee)) {
        targets.push({ resourceIdText: callee, fact: r.fact(true, call, 'ScalableTarget') });
        continue;
      }
      const onSchedule = /^([\w.]+)\.scaleOnSchedule$/.exec(callee);
      if (onSchedule) {
        scheduled.set(onSchedule[1], [...(scheduled.get(onSchedule[1]) ?? []), cdkScheduledAction(r.scope.value(call.arguments[1]), r.scope)]);
        continue;
      }
      // cluster.addNodegroupCapacity('gpu', {...})
      if (/\.addNodegroupCapacity$/.test(callee)) {
        const [idNode, propsNode] = call.arguments;
        const id = str(r.scope.value(idNode)) ?? 'nodegroup';
        const h = nodegroup(id, r.range(call.expression))(r.scope.value(propsNode), r, call);
        if (h) found.push({ ...h, ownTags: h.ownTags ?? [], namespace: '', ...bindingOf(call, r) });
      }
    }
    for (const n of r.scope.news) {
      const q = r.scope.calleeName(n);
      if (q === 'cdk:applicationautoscaling.ScalableTarget' || q === 'cdk:applicationautoscaling.CfnScalableTarget') {
        const props = r.scope.value(n.arguments?.[2]);
        const id = prop(props, 'resourceId');
        if (scalesSageMaker(props)) targets.push({ resourceIdText: id ? r.text(id.node) : '', fact: r.fact(true, n, 'ScalableTarget') });
        continue;
      }
      if (q === 'cdk:sagemaker.CfnEndpoint' || q === 'cdk:sagemaker.Endpoint') {
        const props = r.scope.value(n.arguments?.[2]);
        const cfg = prop(props, 'endpointConfigName') ?? prop(props, 'endpointConfig');
        const { binding } = bindingOf(n, r);
        if (cfg && binding) endpoints.push({ binding, configText: r.text(cfg.node) });
        continue;
      }
      const make = q ? HANDLERS[q] : undefined;
      if (!make) continue;
      const args = n.arguments ?? [];
      const callee = r.text(n.expression);
      const id = str(r.scope.value(args[1])) ?? callee;
      const h = make(id, r.range(n.expression))(r.scope.value(args[2]), r, n);
      if (h) found.push({ ...h, ownTags: h.ownTags ?? [], namespace: callee.includes('.') ? callee.slice(0, callee.lastIndexOf('.')) : '', ...bindingOf(n, r) });
    }
    const resources: IacResource[] = [];
    for (const f of found) {
      const bound = f.binding ? boundTags.get(f.binding) ?? [] : [];
      const keys = [...f.ownTags, ...fileTags.keys, ...bound.filter((k) => k !== '*')];
      const unresolved = !!f.ownTagsUnresolved || fileTags.unresolved || bound.includes('*');
      f.res.tags = { keys: f.ownTagsNode ? r.fact(keys, f.ownTagsNode, 'tags') : fromFile(keys, f.res.anchor, 'Tags.of'), ...(unresolved && { unresolved }) };
      f.res.editor = editorFor(f, r);
      if (f.res.kind === 'endpoint') {
        const target = targetOfConfig(targets, endpoints, f.binding);
        f.res.scaling = {
          ...f.res.scaling,
          ...sagemakerEndpointScaling(
            target?.fact,
            'no Application Auto Scaling ScalableTarget (sagemaker:variant:DesiredInstanceCount) in this stack scales an endpoint of this configuration',
            'an applicationautoscaling.ScalableTarget on sagemaker:variant:DesiredInstanceCount (minCapacity 1) with a target-tracking policy on SageMakerVariantInvocationsPerInstance',
            f.res.anchor,
          ),
        };
      }
      const actions = f.binding ? scheduled.get(f.binding) : undefined;
      const hours = actions && !actions.includes(undefined) ? monthlyRunningHours(actions as ScheduledAction[]) : undefined;
      if (hours !== undefined) f.res.hoursPerMonth = fromFile(hours, f.res.anchor, `${f.binding}.scaleOnSchedule`);
      resources.push(f.res);
    }
    const ml = resources.filter(isMlResource);
    const compute = ml.some((x) => x.kind !== 'bucket');
    return ml.filter((x) => compute || x.kind !== 'bucket' || x.bucket?.purpose.value === 'checkpoints' || x.bucket?.purpose.value === 'datasets').map(jobOfResource);
  },
};

const APP_TAG = /Tags\.of\(\s*(\w+)\s*\)\.add\(\s*['"]([^'"\n]+)['"]/g;

/**
 * Tags the CDK app adds to everything (`Tags.of(app).add(...)` in the entry point `cdk.json` names),
 * which reach every stack: a stack file alone would look untagged. A light scan of that one file.
 */
function appTags(ctx: AnalysisContext): string[] {
  let ref = 'cdk.json';
  for (let depth = 0; depth < 6; depth++, ref = `../${ref}`) {
    const cfg = ctx.files.read(ref, ctx.path);
    if (!cfg) continue;
    const entry = /"app"\s*:\s*"[^"]*?([\w./-]+\.ts)\b/.exec(cfg.text)?.[1];
    const app = entry ? ctx.files.read(entry, cfg.path) : undefined;
    if (!app) return [];
    const appVar = /(\w+)\s*=\s*new\s+(?:\w+\.)?App\s*\(/.exec(app.text)?.[1];
    return appVar ? [...app.text.matchAll(APP_TAG)].filter((m) => m[1] === appVar).map((m) => m[2]) : [];
  }
  return [];
}

/** The variable (`const box = new ...`) or property (`this.box = new ...`) a construct is bound to. */
function bindingOf(n: Node, r: TsReader): { binding?: string; statement?: Node } {
  const t = r.src.ts;
  const parent = n.parent;
  const statement = statementOf(r.src, n);
  if (parent && t.isVariableDeclaration(parent) && t.isIdentifier(parent.name)) return { binding: parent.name.text, statement };
  if (parent && t.isBinaryExpression(parent)) {
    const left = parent.left;
    if (left !== n && left.end - left.pos < 200 && /^[\w.]+$/.test(r.text(left))) return { binding: r.text(left), statement };
  }
  return { statement };
}

/** A ScalableTarget's props that (may) scale a SageMaker variant; an unresolved namespace counts. */
function scalesSageMaker(props: TsValue | undefined): boolean {
  const dim = str(prop(props, 'scalableDimension'));
  if (dim !== undefined) return dim.startsWith('sagemaker:');
  const ns = prop(props, 'serviceNamespace');
  if (ns?.k === 'member') return /SAGEMAKER$/i.test(ns.q);
  return str(ns) === undefined || str(ns) === 'sagemaker';
}

function inConstructor(src: TypeScriptSource, n: Node): boolean {
  for (let a = n.parent; a; a = a.parent) if (a.kind === src.ts.SyntaxKind.Constructor) return true;
  return false;
}

/**
 * Application Auto Scaling for an endpoint config's variant, as statements after it in the stack's
 * constructor: a ScalableTarget on its instance count and target tracking on invocations per
 * instance. The endpoint name is a placeholder (the config does not know the endpoint that uses it).
 */
function cdkEndpointScaling(f: Found, r: CdkReader, range: { min: number; max: number }): Fix | undefined {
  if (!f.statement || !inConstructor(r.src, f.statement)) return undefined;
  const edits: TextEdit[] = [];
  let ns = [...r.scope.imports].find(([, b]) => b.module === 'aws-cdk-lib/aws-applicationautoscaling' && b.imported === undefined)?.[0];
  if (!ns) {
    const core = [...r.scope.imports].find(([, b]) => b.module === 'aws-cdk-lib' && b.imported === undefined)?.[0];
    if (core) ns = `${core}.aws_applicationautoscaling`;
    else {
      ns = r.scope.imports.has('appscaling') ? undefined : 'appscaling';
      if (!ns) return undefined;
      edits.push(addNamespaceImport(r.src, ns, 'aws-cdk-lib/aws-applicationautoscaling'));
    }
  }
  const pv = prop(f.props, 'productionVariants');
  const variant = str(prop(pv?.k === 'arr' ? pv.items[0] : undefined, 'variantName')) ?? 'AllTraffic';
  const id = f.res.name.replace(/[^\w]/g, '') || 'Endpoint';
  const v = `${id.charAt(0).toLowerCase()}${id.slice(1)}Scaling`;
  const insert = insertAfterStatement(r.src, f.statement, [
    `const ${v} = new ${ns}.ScalableTarget(this, '${id}Scaling', {`,
    `  serviceNamespace: ${ns}.ServiceNamespace.SAGEMAKER,`,
    `  resourceId: 'endpoint/\${1:endpoint-name}/variant/${variant.replace(/[$}\\']/g, '')}',`,
    "  scalableDimension: 'sagemaker:variant:DesiredInstanceCount',",
    `  minCapacity: ${Math.max(1, range.min)},`,
    `  maxCapacity: ${Math.max(1, range.max)},`,
    '});',
    `${v}.scaleToTrackMetric('Invocations', {`,
    '  targetValue: ${2:100}, // invocations per instance per minute',
    `  predefinedMetric: ${ns}.PredefinedMetric.SAGEMAKER_VARIANT_INVOCATIONS_PER_INSTANCE,`,
    '});',
  ]);
  if (!insert) return undefined;
  edits.push(insert);
  return {
    title: `Add Application Auto Scaling for the endpoint variant (${Math.max(1, range.min)}–${Math.max(1, range.max)} instances, target tracking on invocations per instance)`,
    edits,
    safe: false,
    snippet: true,
  };
}

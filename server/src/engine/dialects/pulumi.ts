// Pulumi TypeScript programs (@pulumi/aws, @pulumi/gcp, @pulumi/azure-native): GPU instances and
// VMs, EKS/GKE/AKS node pools (guest accelerators, N-series sizes), SageMaker notebooks and endpoint
// configurations, Workbench instances, and buckets/blob containers with their lifecycle resources. Pulumi's arguments mirror the Terraform
// providers in camelCase; values resolve within the file, the rest stays unresolved.
import type { TsNode as Node } from '../formats/typescript';
import { snippetEscape, tagPlaceholder } from '../edit/tagPlaceholders';
import type { Dialect } from '../dialect';
import { fromFile } from '../facts';
import type { AnalysisContext, Fact, Fix, JobEditor } from '../types';
import { acceleratorGpu, bucketPurpose, hardwareOf, isMlResource, jobOfResource, noIdleShutdown, type IacResource } from './iac/resource';
import { sagemakerEndpointScaling, targetOfConfig, variantScalingStatements, type DeployedEndpoint, type VariantTarget } from './iac/endpointScaling';
import { insertAfterStatement, insertProperty } from './iac/tsEdit';
import { statementOf, TsReader } from './iac/tsReader';
import { num, prop, str, type TsValue } from './iac/tsValues';

class Reader extends TsReader {
  strFact(o: TsValue | undefined, key: string): { fact?: Fact<string>; unresolved?: boolean } {
    const v = prop(o, key);
    if (!v) return {};
    const s = str(v);
    return s !== undefined ? { fact: this.fact(s, v.node, key) } : { unresolved: true };
  }
  numFact(o: TsValue | undefined, key: string): Fact<number> | undefined {
    const v = prop(o, key);
    const n = num(v);
    return v && n !== undefined ? this.fact(n, v.node, key) : undefined;
  }
  /** A string or an enum member of the library (`VirtualMachineSizeTypes.Standard_NC24ads_A100_v4`), as its name. */
  enumFact(o: TsValue | undefined, key: string): { fact?: Fact<string>; unresolved?: boolean } {
    const v = prop(o, key);
    if (v?.k === 'member') return { fact: this.fact(v.q.slice(v.q.lastIndexOf('.') + 1), v.node, key) };
    return this.strFact(o, key);
  }
  boolFact(o: TsValue | undefined, key: string): Fact<boolean> | undefined {
    const v = prop(o, key);
    return v?.k === 'bool' ? this.fact(v.v, v.node, key) : undefined;
  }
  instance(o: TsValue | undefined, key: string, nodes?: Fact<number>): IacResource['hardware'] {
    const t = this.strFact(o, key);
    if (t.fact) return hardwareOf(t.fact, nodes);
    if (t.unresolved) return { unresolved: true, ...(nodes && { nodes }) };
    return nodes ? { nodes } : undefined;
  }
  gcpHardware(holder: TsValue | undefined, machineKey: string, accKey: string, countKey: string, nodes?: Fact<number>): IacResource['hardware'] {
    const acc = prop(holder, accKey);
    const first = acc?.k === 'arr' ? acc.items[0] : undefined;
    if (acc && (acc.k !== 'arr' || acc.open)) return { unresolved: true };
    if (first) {
      const t = this.strFact(first, 'type');
      if (!t.fact) return { unresolved: true };
      const count = this.numFact(first, countKey);
      return { gpu: { ...t.fact, value: acceleratorGpu(t.fact.value) }, ...(count && { gpuCount: count }), ...(nodes && { nodes }) };
    }
    return this.instance(holder, machineKey, nodes);
  }
}

interface Made {
  res: IacResource;
  /** The statement that declares it, for statements added after it. */
  statement?: Node;
  props?: TsValue;
  tagsKey?: 'tags' | 'labels';
  tagsHolder?: TsValue;
}

type Handler = (props: TsValue | undefined, r: Reader, base: IacResource) => Made | Made[] | undefined;

const spotOf = (r: Reader, o: TsValue | undefined, key: string): Fact<boolean> | undefined => {
  const v = r.strFact(o, key).fact;
  return v ? { ...v, value: /^spot$/i.test(v.value) } : undefined;
};

const HANDLERS: Record<string, Handler> = {
  'pulumi-aws:ec2.Instance': (p, r, res) => {
    res.kind = 'dev-machine';
    res.workload = 'dev';
    res.hardware = r.instance(p, 'instanceType');
    const spot = spotOf(r, prop(p, 'instanceMarketOptions'), 'marketType');
    if (spot) res.spot = spot;
    res.idleShutdown = noIdleShutdown('no stop schedule: no Instance Scheduler `Schedule` tag and nothing in the program stops it', res.anchor);
    return { res, props: p, tagsKey: 'tags' };
  },
  'pulumi-aws:ec2.LaunchTemplate': (p, r, res) => {
    res.hardware = r.instance(p, 'instanceType');
    return { res, props: p, tagsKey: 'tags' };
  },
  'pulumi-aws:eks.NodeGroup': (p, r, res) => {
    const sc = prop(p, 'scalingConfig');
    const desired = r.numFact(sc, 'desiredSize') ?? r.numFact(sc, 'minSize');
    const types = prop(p, 'instanceTypes');
    const first = types?.k === 'arr' ? str(types.items[0]) : undefined;
    res.hardware = first ? hardwareOf(r.fact(first, types!.node, 'instanceTypes'), desired) : types ? { unresolved: true } : hardwareOf(fromFile('t3.medium', res.anchor, 'instanceTypes'), desired);
    const cap = r.strFact(p, 'capacityType').fact;
    if (cap) res.spot = { ...cap, value: /^spot$/i.test(cap.value) };
    const min = r.numFact(sc, 'minSize');
    const max = r.numFact(sc, 'maxSize');
    res.scaling = { ...(min && { min }), ...(max && { max }) };
    return { res, props: p, tagsKey: 'tags' };
  },
  'pulumi-aws:sagemaker.NotebookInstance': (p, r, res) => {
    res.kind = 'notebook';
    res.workload = 'dev';
    res.hardware = r.instance(p, 'instanceType');
    const lc = prop(p, 'lifecycleConfigName');
    res.idleShutdown = lc ? r.fact(true, lc.node, 'lifecycleConfigName') : noIdleShutdown('no lifecycle configuration (the usual way to stop an idle SageMaker notebook) is attached', res.anchor);
    return { res, props: p, tagsKey: 'tags' };
  },
  'pulumi-aws:sagemaker.EndpointConfiguration': (p, r, res) => {
    res.kind = 'endpoint';
    res.workload = 'inference';
    const pv = prop(p, 'productionVariants');
    const first = pv?.k === 'arr' ? pv.items[0] : undefined;
    if (prop(first, 'serverlessConfig')) return undefined;
    const count = r.numFact(first, 'initialInstanceCount');
    res.hardware = first ? r.instance(first, 'instanceType', count) : pv ? { unresolved: true } : undefined;
    res.scaling = { ...(count && { min: count }) };
    return { res, props: p, tagsKey: 'tags' };
  },
  'pulumi-aws:s3.Bucket': (p, r, res) => awsBucket(p, r, res),
  'pulumi-aws:s3.BucketV2': (p, r, res) => awsBucket(p, r, res),
  'pulumi-gcp:compute.Instance': (p, r, res) => {
    res.kind = 'dev-machine';
    res.workload = 'dev';
    res.hardware = r.gcpHardware(p, 'machineType', 'guestAccelerators', 'count');
    const sched = prop(p, 'scheduling');
    const spot = r.boolFact(sched, 'preemptible') ?? spotOf(r, sched, 'provisioningModel');
    if (spot) res.spot = spot;
    const policies = prop(p, 'resourcePolicies');
    res.idleShutdown = policies ? r.fact(true, policies.node, 'resourcePolicies') : noIdleShutdown('no instance schedule (resourcePolicies) stops it', res.anchor);
    return { res, props: p, tagsKey: 'labels' };
  },
  'pulumi-gcp:container.NodePool': (p, r, res) => {
    const nc = prop(p, 'nodeConfig');
    const as = prop(p, 'autoscaling');
    const nodes = r.numFact(p, 'nodeCount') ?? r.numFact(p, 'initialNodeCount') ?? r.numFact(as, 'minNodeCount');
    res.hardware = nc ? r.gcpHardware(nc, 'machineType', 'guestAccelerators', 'count', nodes) : undefined;
    const spot = r.boolFact(nc, 'spot') ?? r.boolFact(nc, 'preemptible');
    if (spot) res.spot = spot;
    const min = r.numFact(as, 'minNodeCount') ?? r.numFact(p, 'nodeCount');
    const max = r.numFact(as, 'maxNodeCount');
    res.scaling = { ...(min && { min }), ...(max && { max }), ...(as && { autoscaled: r.fact(true, as.node, 'autoscaling') }) };
    return { res, props: nc, tagsKey: 'labels', tagsHolder: nc };
  },
  'pulumi-gcp:workbench.Instance': (p, r, res) => {
    res.kind = 'notebook';
    res.workload = 'dev';
    const gce = prop(p, 'gceSetup');
    res.hardware = gce ? r.gcpHardware(gce, 'machineType', 'acceleratorConfigs', 'coreCount') : undefined;
    const idle = prop(prop(gce, 'metadata'), 'idle-timeout-seconds');
    if (idle && str(idle) !== undefined) res.idleShutdown = r.fact(!/^0+$/.test(str(idle)!), idle.node, 'metadata.idle-timeout-seconds');
    return { res, props: p, tagsKey: 'labels' };
  },
  'pulumi-azure-native:compute.VirtualMachine': (p, r, res) => {
    res.kind = 'dev-machine';
    res.workload = 'dev';
    const size = r.enumFact(prop(p, 'hardwareProfile'), 'vmSize');
    res.hardware = size.fact ? hardwareOf(size.fact) : size.unresolved ? { unresolved: true } : undefined;
    const prio = r.enumFact(p, 'priority').fact;
    if (prio) res.spot = { ...prio, value: /^spot$/i.test(prio.value) };
    res.idleShutdown = noIdleShutdown('no devtestlab GlobalSchedule (shutdown-computevm-<name>) targets it', res.anchor);
    return { res, props: p, tagsKey: 'tags' };
  },
  'pulumi-azure-native:containerservice.AgentPool': (p, r, res) => azurePool(p, r, res),
  'pulumi-azure-native:containerservice.ManagedCluster': (p, r, res) => {
    // Each agent pool profile is a node pool of the cluster; those with a known GPU size count.
    const profiles = prop(p, 'agentPoolProfiles');
    if (profiles?.k !== 'arr') return undefined;
    return profiles.items.map((profile, i) => {
      const m = azurePool(profile, r, { ...res, name: `${res.name}/${str(prop(profile, 'name')) ?? i}` });
      return { ...m, tagsHolder: p };
    });
  },
  'pulumi-azure-native:storage.BlobContainer': (p, r, res) => {
    res.kind = 'bucket';
    const name = r.strFact(p, 'containerName').fact;
    const purpose = bucketPurpose(name?.value ?? res.name);
    res.bucket = {
      provider: 'azure',
      purpose: name ? { ...name, value: purpose } : fromFile(purpose, res.anchor, 'resource name'),
      lifecycle: fromFile(false, res.anchor, 'storage.ManagementPolicy'),
    };
    // Tags live on the storage account, not the container: nothing to read or add here.
    return { res, props: p };
  },
  'pulumi-gcp:storage.Bucket': (p, r, res) => {
    res.kind = 'bucket';
    const name = r.strFact(p, 'name').fact;
    const purpose = bucketPurpose(name?.value ?? res.name);
    const rules = prop(p, 'lifecycleRules');
    res.bucket = {
      provider: 'gcp',
      purpose: name ? { ...name, value: purpose } : fromFile(purpose, res.anchor, 'resource name'),
      lifecycle: rules ? r.fact(true, rules.node, 'lifecycleRules') : fromFile(false, res.anchor, 'lifecycleRules'),
    };
    return { res, props: p, tagsKey: 'labels' };
  },
};

/** An AKS node pool (`AgentPool`, or a `ManagedCluster` agent pool profile). */
function azurePool(p: TsValue | undefined, r: Reader, res: IacResource): Made {
  res.kind = 'node-group';
  const nodes = r.numFact(p, 'count') ?? r.numFact(p, 'minCount');
  const size = r.enumFact(p, 'vmSize');
  res.hardware = size.fact ? hardwareOf(size.fact, nodes) : size.unresolved ? { unresolved: true } : nodes ? { nodes } : undefined;
  const prio = r.enumFact(p, 'scaleSetPriority').fact;
  if (prio) res.spot = { ...prio, value: /^spot$/i.test(prio.value) };
  const auto = r.boolFact(p, 'enableAutoScaling');
  const min = r.numFact(p, 'minCount') ?? r.numFact(p, 'count');
  const max = r.numFact(p, 'maxCount');
  res.scaling = { ...(min && { min }), ...(max && { max }), ...(auto && { autoscaled: auto }) };
  return { res, props: p, tagsKey: 'tags' };
}

function awsBucket(p: TsValue | undefined, r: Reader, res: IacResource): Made {
  res.kind = 'bucket';
  const name = r.strFact(p, 'bucket').fact ?? r.strFact(p, 'bucketPrefix').fact;
  const purpose = bucketPurpose(name?.value ?? res.name);
  const rules = prop(p, 'lifecycleRules');
  res.bucket = {
    provider: 'aws',
    purpose: name ? { ...name, value: purpose } : fromFile(purpose, res.anchor, 'resource name'),
    lifecycle: rules ? r.fact(true, rules.node, 'lifecycleRules') : fromFile(false, res.anchor, 'BucketLifecycleConfigurationV2'),
  };
  return { res, props: p, tagsKey: 'tags' };
}

const LIFECYCLE_RESOURCES = new Set(['pulumi-aws:s3.BucketLifecycleConfigurationV2', 'pulumi-aws:s3.BucketLifecycleConfiguration']);

/** `aws:defaultTags` / `gcp:defaultLabels` in a Pulumi stack config beside the program: keys unknown here. */
function stackDefaultTags(ctx: AnalysisContext): boolean {
  const names = ctx.files.list?.('.', ctx.path) ?? [];
  return names
    .filter((n) => /^Pulumi(\.[\w-]+)?\.ya?ml$/.test(n))
    .some((n) => /\b(aws:defaultTags|gcp:defaultLabels)\b/.test(ctx.files.read(n, ctx.path)?.text ?? ''));
}

function editorFor(m: Made, r: Reader): JobEditor {
  const holder = m.tagsHolder ?? m.props;
  return {
    addTags(keys) {
      if (!m.tagsKey || holder?.k !== 'obj' || holder.props.has(m.tagsKey)) return undefined;
      const body = keys.map((k, i) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`}: '${tagPlaceholder(k, i + 1)}'`).join(', ');
      const edit = insertProperty(r.src, holder.node, `${m.tagsKey}: { ${body} }`);
      return edit ? { title: `Add cost-attribution ${m.tagsKey} (${keys.join(', ')})`, edits: [edit], safe: false, snippet: true } : undefined;
    },
    addIdleShutdown() {
      if (m.res.type === 'azure-native.compute.VirtualMachine') return azureShutdown(m, r);
      if (m.res.kind !== 'notebook' || m.res.type !== 'aws.sagemaker.NotebookInstance' || m.props?.k !== 'obj') return undefined;
      const edit = insertProperty(r.src, m.props.node, "lifecycleConfigName: '${1:auto-stop-idle}'");
      return edit ? { title: 'Attach an idle auto-stop lifecycle configuration', edits: [edit], safe: false, snippet: true } : undefined;
    },
    addAutoscaling(range) {
      return m.res.kind === 'endpoint' ? pulumiEndpointScaling(m, r, range) : undefined;
    },
    addLifecycle(days) {
      if (m.res.type === 'azure-native.storage.BlobContainer') return azureLifecycle(m, r, days);
      if (m.res.type !== 'gcp.storage.Bucket' || m.props?.k !== 'obj') return undefined;
      const edit = insertProperty(r.src, m.props.node, `lifecycleRules: [{ action: { type: 'SetStorageClass', storageClass: 'NEARLINE' }, condition: { age: ${days} } }, { action: { type: 'Delete' }, condition: { numNewerVersions: 3 } }]`);
      return edit ? { title: `Add lifecycle rules: Nearline after ${days} days, keep 3 noncurrent versions`, edits: [edit], safe: false } : undefined;
    },
  };
}

/** How the program names the azure-native package (`azure` of `import * as azure from '@pulumi/azure-native'`). */
function azureNamespace(r: Reader, service: string): string | undefined {
  for (const [local, b] of r.scope.imports) {
    if (b.imported !== undefined) continue;
    if (b.module === '@pulumi/azure-native') return `${local}.${service}`;
    if (b.module === `@pulumi/azure-native/${service}`) return local;
  }
  return undefined;
}

/** A devtestlab GlobalSchedule that stops the VM every evening, after its statement. */
function azureShutdown(m: Made, r: Reader): Fix | undefined {
  const ns = azureNamespace(r, 'devtestlab');
  const vm = m.statement && r.src.ts.isVariableStatement(m.statement) ? m.statement.declarationList.declarations[0]?.name : undefined;
  const rg = prop(m.props, 'resourceGroupName');
  if (!ns || !vm || !r.src.ts.isIdentifier(vm) || !rg || !m.statement) return undefined;
  const v = vm.text;
  const edit = insertAfterStatement(r.src, m.statement, [
    `new ${ns}.GlobalSchedule('${m.res.name.replace(/[^\w-]/g, '')}-shutdown', {`,
    `  resourceGroupName: ${snippetEscape(r.text(rg.node))},`,
    // Azure links the schedule to the VM by this name; escaped, or the snippet reads `${n}` as its variable.
    `  name: ${v}.name.apply((n) => \`shutdown-computevm-${snippetEscape('${n}')}\`),`,
    `  location: ${v}.location,`,
    "  status: 'Enabled',",
    "  taskType: 'ComputeVmShutdownTask',",
    "  dailyRecurrence: { time: '${1:1900}' },",
    "  timeZoneId: '${2:UTC}',",
    `  targetResourceId: ${v}.id,`,
    '});',
  ]);
  return edit ? { title: 'Shut it down every evening (a DevTest Labs auto-shutdown schedule)', edits: [edit], safe: false, snippet: true } : undefined;
}

/** A storage account ManagementPolicy that moves the container's blobs to Cool after `days`. */
function azureLifecycle(m: Made, r: Reader, days: number): Fix | undefined {
  const ns = azureNamespace(r, 'storage');
  const acct = prop(m.props, 'accountName');
  const rg = prop(m.props, 'resourceGroupName');
  const container = str(prop(m.props, 'containerName'));
  if (!ns || !acct || !rg || !m.statement) return undefined;
  const edit = insertAfterStatement(r.src, m.statement, [
    `new ${ns}.ManagementPolicy('${m.res.name.replace(/[^\w-]/g, '')}-lifecycle', {`,
    `  resourceGroupName: ${r.text(rg.node)},`,
    `  accountName: ${r.text(acct.node)},`,
    "  managementPolicyName: 'default',",
    '  policy: {',
    '    rules: [{',
    "      name: 'tier-down',",
    '      enabled: true,',
    "      type: 'Lifecycle',",
    '      definition: {',
    `        filters: { blobTypes: ['blockBlob']${container && /^[\w-]+$/.test(container) ? `, prefixMatch: ['${container}/']` : ''} },`,
    `        actions: { baseBlob: { tierToCool: { daysAfterModificationGreaterThan: ${days} } } },`,
    '      },',
    '    }],',
    '  },',
    '});',
  ]);
  return edit ? { title: `Add a lifecycle management policy: Cool tier after ${days} days`, edits: [edit], safe: false } : undefined;
}

export const pulumiDialect: Dialect = {
  id: 'pulumi',
  formats: ['typescript'],
  detect(doc, ctx) {
    if (doc.format !== 'typescript') return [];
    const r = new Reader(doc);
    if (![...r.scope.imports.values()].some((b) => /^@pulumi\/(aws|gcp|azure-native)(\/[\w-]+)?$/.test(b.module))) return [];
    const made: Made[] = [];
    const lifecycleTargets = new Set<string>();
    const providerTags: string[] = [];
    let tagsUnresolved = stackDefaultTags(ctx);
    const bindings = new Map<Made, string>();
    const targets: VariantTarget[] = [];
    const endpoints: DeployedEndpoint[] = [];
    // Azure: VMs a devtestlab GlobalSchedule stops (by binding), accounts a ManagementPolicy tiers.
    const scheduledVms = new Set<string>();
    const managedAccounts = new Set<string>();
    /** Storage accounts by binding: a blob container's tags are its account's. */
    const accounts = new Map<string, TsValue | undefined>();
    for (const n of r.scope.news) {
      const q = r.scope.calleeName(n);
      if (!q) continue;
      const args = n.arguments ?? [];
      const props = r.scope.value(args[1]);
      if (LIFECYCLE_RESOURCES.has(q)) {
        const ref = prop(props, 'bucket')?.node;
        const target = ref && ref.end - ref.pos < 200 ? /^(\w+)\.(id|bucket)$/.exec(r.text(ref))?.[1] : undefined;
        if (target) lifecycleTargets.add(target);
        continue;
      }
      if (q === 'pulumi-azure-native:devtestlab.GlobalSchedule') {
        const ref = prop(props, 'targetResourceId')?.node;
        const target = ref && ref.end - ref.pos < 200 ? /^(\w+)\.id$/.exec(r.text(ref))?.[1] : undefined;
        if (target) scheduledVms.add(target);
        continue;
      }
      if (q === 'pulumi-azure-native:storage.StorageAccount') {
        const parent = n.parent;
        if (doc.ts.isVariableDeclaration(parent) && doc.ts.isIdentifier(parent.name)) accounts.set(parent.name.text, props);
        continue;
      }
      if (q === 'pulumi-azure-native:storage.ManagementPolicy') {
        const acct = prop(props, 'accountName');
        if (acct) managedAccounts.add(acct.k === 'str' ? acct.v : r.text(acct.node));
        continue;
      }
      if (q === 'pulumi-aws:appautoscaling.Target') {
        // scalableDimension `sagemaker:variant:DesiredInstanceCount`; an unresolved one may be it.
        const dim = str(prop(props, 'scalableDimension'));
        const ns = str(prop(props, 'serviceNamespace'));
        const id = prop(props, 'resourceId');
        if (dim !== undefined ? dim.startsWith('sagemaker:') : ns === undefined || ns === 'sagemaker') targets.push({ resourceIdText: id ? r.text(id.node) : '', fact: r.fact(true, n, 'appautoscaling.Target') });
        continue;
      }
      if (q === 'pulumi-aws:sagemaker.Endpoint') {
        const parent = n.parent;
        const cfg = prop(props, 'endpointConfigName');
        if (cfg && doc.ts.isVariableDeclaration(parent) && doc.ts.isIdentifier(parent.name)) endpoints.push({ binding: parent.name.text, configText: r.text(cfg.node) });
        continue;
      }
      if (q === 'pulumi-aws:Provider' || q === 'pulumi-gcp:Provider') {
        const dt = q === 'pulumi-aws:Provider' ? prop(prop(props, 'defaultTags'), 'tags') : prop(props, 'defaultLabels');
        if (dt?.k === 'obj') providerTags.push(...dt.props.keys());
        else if (dt) tagsUnresolved = true;
        continue;
      }
      const h = HANDLERS[q];
      if (!h) continue;
      const name = str(r.scope.value(args[0])) ?? r.text(n.expression);
      const type = q.replace(/^pulumi-(aws|gcp|azure-native):/, '$1.');
      const res: IacResource = { dialect: 'pulumi', type, name, kind: 'node-group', workload: 'unknown', anchor: r.range(n.expression) };
      const out = h(props, r, res);
      if (!out) continue;
      const parent = n.parent;
      for (const m of Array.isArray(out) ? out : [out]) {
        m.statement = statementOf(doc, n);
        made.push(m);
        if (doc.ts.isVariableDeclaration(parent) && doc.ts.isIdentifier(parent.name)) bindings.set(m, parent.name.text);
      }
    }
    const resources: IacResource[] = [];
    /** Tags that live on something this program does not show (another file's storage account). */
    const tagsUnknown = new Set<Made>();
    for (const m of made) {
      const binding = bindings.get(m);
      if (m.res.bucket && binding && lifecycleTargets.has(binding)) m.res.bucket.lifecycle = fromFile(true, m.res.anchor, 'BucketLifecycleConfigurationV2');
      if (m.res.bucket?.provider === 'azure') {
        const acct = prop(m.props, 'accountName');
        const acctText = acct ? (acct.k === 'str' ? acct.v : r.text(acct.node)) : undefined;
        if (acctText !== undefined && managedAccounts.has(acctText)) m.res.bucket.lifecycle = fromFile(true, m.res.anchor, 'storage.ManagementPolicy');
        const account = acctText ? /^(\w+)\.name$/.exec(acctText)?.[1] : undefined;
        if (account && accounts.has(account)) {
          m.tagsHolder = accounts.get(account);
          m.tagsKey = 'tags';
        } else tagsUnknown.add(m);
      }
      if (m.res.type === 'azure-native.compute.VirtualMachine' && binding && scheduledVms.has(binding)) m.res.idleShutdown = fromFile(true, m.res.anchor, 'devtestlab.GlobalSchedule');
      const holder = m.tagsHolder ?? m.props;
      const own = m.tagsKey ? prop(holder, m.tagsKey) : undefined;
      const keys = own?.k === 'obj' ? [...own.props.keys()] : [];
      const unresolved = tagsUnresolved || tagsUnknown.has(m) || (own !== undefined && (own.k !== 'obj' || !!own.open)) || holder?.k !== 'obj' || !!holder.open;
      m.res.tags = { keys: own ? r.fact([...keys, ...providerTags], own.node, m.tagsKey!) : fromFile(providerTags, m.res.anchor, m.tagsKey ?? 'tags'), ...(unresolved && { unresolved }) };
      m.res.editor = editorFor(m, r);
      if (m.res.kind === 'endpoint') {
        const target = targetOfConfig(targets, endpoints, binding);
        m.res.scaling = {
          ...m.res.scaling,
          ...sagemakerEndpointScaling(
            target?.fact,
            'no aws.appautoscaling.Target (sagemaker:variant:DesiredInstanceCount) in this program scales an endpoint of this configuration',
            'an aws.appautoscaling.Target on sagemaker:variant:DesiredInstanceCount (minCapacity 1) with a target-tracking aws.appautoscaling.Policy on SageMakerVariantInvocationsPerInstance',
            m.res.anchor,
          ),
        };
      }
      resources.push(m.res);
    }
    const ml = resources.filter(isMlResource);
    const compute = ml.some((x) => x.kind !== 'bucket');
    return ml.filter((x) => compute || x.kind !== 'bucket' || x.bucket?.purpose.value === 'checkpoints' || x.bucket?.purpose.value === 'datasets').map(jobOfResource);
  },
};

/**
 * Application Auto Scaling for an endpoint configuration's variant, as statements after it: an
 * `aws.appautoscaling.Target` on its instance count and a target-tracking Policy on invocations per
 * instance. The endpoint name is a placeholder (the configuration does not know its endpoint).
 */
function pulumiEndpointScaling(m: Made, r: Reader, range: { min: number; max: number }): Fix | undefined {
  const aws = [...r.scope.imports].find(([, b]) => b.module === '@pulumi/aws' && b.imported === undefined)?.[0];
  if (!aws || !m.statement) return undefined;
  const pv = prop(m.props, 'productionVariants');
  const variant = str(prop(pv?.k === 'arr' ? pv.items[0] : undefined, 'variantName')) ?? 'AllTraffic';
  const name = m.res.name.replace(/[^\w-]/g, '') || 'endpoint';
  const v = `${name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()).replace(/\W/g, '')}Scaling`;
  const edit = insertAfterStatement(r.src, m.statement, variantScalingStatements({ target: `${aws}.appautoscaling.Target`, policy: `${aws}.appautoscaling.Policy`, scope: '', id: name, binding: v, variant, min: range.min, max: range.max, policyName: false }));
  if (!edit) return undefined;
  return {
    title: `Add Application Auto Scaling for the endpoint variant (${Math.max(1, range.min)}–${Math.max(1, range.max)} instances, target tracking on invocations per instance)`,
    edits: [edit],
    safe: false,
    snippet: true,
  };
}

// CDK for Terraform (TypeScript): `new Instance(this, 'gpu', {...})` from `@cdktf/provider-aws`
// (or `cdktf get` bindings in `.gen/providers/aws`) is the Terraform resource `aws_instance "gpu"`
// with its arguments in camelCase. So the program is read into the same blocks the Terraform
// dialect reads (class name → resource type in snake_case, property → argument, object/array of
// objects → nested block) and the Terraform handlers give the resource facts; no class-by-class
// table. Only the edits are CDKTF's own: they write TypeScript.
import { tagPlaceholder } from '../edit/tagPlaceholders';
import type { Dialect } from '../dialect';
import type { HclBlock, HclValue } from '../formats/hcl';
import type { TsNode } from '../formats/typescript';
import type { Fix, JobEditor, TextEdit } from '../types';
import { isMlResource, jobOfResource, type IacResource } from './iac/resource';
import { variantScalingStatements } from './iac/endpointScaling';
import { addNamedImport, insertAfterStatement, insertBeforeStatement, insertProperty } from './iac/tsEdit';
import { statementOf, TsReader } from './iac/tsReader';
import { prop, str, type TsValue } from './iac/tsValues';
import { HANDLERS, Reader } from './terraform';
import { emptyModule, summarise } from './terraform/module';

const PROVIDERS = /^cdktf-(aws|google|azurerm):/;

/** `SagemakerNotebookInstance` → `sagemaker_notebook_instance`, `instanceType` → `instance_type`. */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

interface Construct {
  node: TsNode;
  provider: string;
  className: string;
  /** `aws_instance`, or undefined for the provider itself. */
  tfType?: string;
  id: string;
  props?: TsValue;
  binding?: string;
  /** A `TerraformVariable` (its default resolves references to it, as a .tf variable's does). */
  variable?: boolean;
  /** Bound as `this.<binding> = new ...`. */
  thisBound?: boolean;
  block?: HclBlock;
}

class CdktfReader extends TsReader {
  /** Variable (or `this.x`) bound to a construct → its Terraform address `aws_s3_bucket.ckpt`. */
  readonly addresses = new Map<string, string>();
  /** Variable bound to a `TerraformVariable` → its name (`var.<name>`, resolved through its default). */
  readonly variables = new Map<string, string>();

  /** An expression the file cannot make static, with references to constructs as Terraform addresses. */
  expr(n: TsNode): string {
    const text = this.text(n);
    if (text.length > 500) return text.slice(0, 500);
    return text.replace(/(?<![\w.$])(?:this\.)?([A-Za-z_$][\w$]*)\.(?=[A-Za-z_])/g, (m, v: string) => {
      const a = this.addresses.get(v);
      return a ? `${a}.` : m;
    });
  }

  hcl(v: TsValue): HclValue {
    const range = this.range(v.node);
    switch (v.k) {
      case 'str':
        return { kind: 'string', value: v.v, range };
      case 'num':
        return { kind: 'number', value: v.v, range };
      case 'bool':
        return { kind: 'bool', value: v.v, range };
      case 'obj':
        // A map whose keys the file cannot all see (an unresolved spread) stays an expression.
        if (v.open) return { kind: 'expr', text: this.expr(v.node), range };
        return { kind: 'object', range, entries: [...v.props].map(([key, x]) => ({ key, keyRange: this.range(x.node), value: this.hcl(x) })) };
      case 'arr':
        if (v.open) return { kind: 'expr', text: this.expr(v.node), range };
        return { kind: 'tuple', range, items: v.items.map((x) => this.hcl(x)) };
      default: {
        const text = this.expr(v.node);
        const variable = /^(?:this\.)?([A-Za-z_$][\w$]*)\.(?:stringValue|numberValue|booleanValue|value)$/.exec(text)?.[1];
        const name = variable ? this.variables.get(variable) : undefined;
        return { kind: 'expr', text, range, ...(name && { ref: ['var', name] }) };
      }
    }
  }

  /** A Terraform block from an object of arguments: nested objects are both a map attribute and a block. */
  block(type: string, labels: string[], obj: TsValue | undefined, header: TsNode): HclBlock {
    const range = this.range(obj?.node ?? header);
    const b: HclBlock = { type, labels, range, headerRange: this.range(header), closeOffset: (obj?.node ?? header).end, indent: '', attributes: [], blocks: [] };
    if (obj?.k !== 'obj') return b;
    for (const [key, x] of obj.props) {
      const name = snakeCase(key);
      const r = this.range(x.node);
      b.attributes.push({ name, range: r, nameRange: r, value: this.hcl(x) });
      if (x.k === 'obj') b.blocks.push(this.block(name, [], x, x.node));
      else if (x.k === 'arr') for (const item of x.items) if (item.k === 'obj') b.blocks.push(this.block(name, [], item, item.node));
    }
    return b;
  }
}

function constructsOf(r: CdktfReader): Construct[] {
  const t = r.src.ts;
  const out: Construct[] = [];
  for (const n of r.scope.news) {
    const q = r.scope.calleeName(n);
    if (q && /^cdkt[fn]:TerraformVariable$/.test(q)) {
      const parent = n.parent;
      const name = str(r.scope.value(n.arguments?.[1]));
      if (name && t.isVariableDeclaration(parent) && t.isIdentifier(parent.name)) {
        r.variables.set(parent.name.text, name);
        out.push({ node: n, provider: '', className: 'TerraformVariable', id: name, props: r.scope.value(n.arguments?.[2]), variable: true });
      }
      continue;
    }
    const p = q ? PROVIDERS.exec(q) : null;
    if (!q || !p) continue;
    const className = q.slice(q.lastIndexOf('.') + 1).replace(/^.*:/, '');
    const args = n.arguments ?? [];
    const parent = n.parent;
    let binding: string | undefined;
    let thisBound = false;
    if (t.isVariableDeclaration(parent) && t.isIdentifier(parent.name)) binding = parent.name.text;
    else if (t.isBinaryExpression(parent) && parent.right === n && t.isPropertyAccessExpression(parent.left) && parent.left.expression.kind === t.SyntaxKind.ThisKeyword) {
      binding = parent.left.name.text;
      thisBound = true;
    }
    const id = str(r.scope.value(args[1])) ?? binding ?? className;
    const isProvider = /^(Aws|Google|Azurerm)Provider$/.test(className);
    const c: Construct = { node: n, provider: p[1], className, id, props: r.scope.value(args[2]), ...(binding && { binding, thisBound }) };
    if (!isProvider) c.tfType = `${p[1]}_${snakeCase(className)}`;
    if (c.tfType && binding) r.addresses.set(binding, `${c.tfType}.${id}`);
    out.push(c);
  }
  return out;
}

export const cdktfDialect: Dialect = {
  id: 'cdktf',
  formats: ['typescript'],
  detect(doc) {
    if (doc.format !== 'typescript') return [];
    const r = new CdktfReader(doc);
    if (![...r.scope.imports.values()].some((b) => /^(@cdkt[fn]\/provider-|(\.{1,2}\/)+\.gen\/providers\/)/.test(b.module))) return [];
    const constructs = constructsOf(r);
    const blocks: HclBlock[] = [];
    for (const c of constructs) {
      const header = (c.node as unknown as { expression: TsNode }).expression;
      c.block = c.variable ? r.block('variable', [c.id], c.props, header) : c.tfType ? r.block('resource', [c.tfType, c.id], c.props, header) : r.block('provider', [c.provider], c.props, header);
      blocks.push(c.block);
    }
    // The stack is the module: provider default tags, lifecycle configurations, schedules and
    // scaling targets that reference a resource, as for a .tf module.
    const reader = new Reader(doc, summarise(blocks, emptyModule()));
    const found: IacResource[] = [];
    for (const c of constructs) {
      const h = c.tfType ? HANDLERS[c.tfType] : undefined;
      if (!h || !c.block) continue;
      const res = h(c.block, reader);
      if (!res) continue;
      res.dialect = 'cdktf';
      res.editor = editorFor(c, r);
      found.push(res);
    }
    const ml = found.filter(isMlResource);
    const compute = ml.some((x) => x.kind !== 'bucket');
    return ml.filter((x) => compute || x.kind !== 'bucket' || x.bucket?.purpose.value === 'checkpoints' || x.bucket?.purpose.value === 'datasets').map(jobOfResource);
  },
};

/** TypeScript edits for a CDKTF resource: a tags/labels map, a lifecycle configuration, an idle stop. */
function editorFor(c: Construct, r: CdktfReader): JobEditor {
  const src = r.src;
  const nodePool = c.tfType === 'google_container_node_pool';
  const holder = nodePool ? prop(c.props, 'nodeConfig') : c.props;
  const key = c.provider === 'google' ? 'labels' : 'tags';
  return {
    addTags(keys) {
      if (holder?.k !== 'obj' || holder.props.has(key) || (nodePool && holder.props.has('resourceLabels'))) return undefined;
      const body = keys.map((k, i) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : `'${k}'`}: '${tagPlaceholder(k, i + 1)}'`).join(', ');
      const edit = insertProperty(src, holder.node, `${key}: { ${body} }`);
      return edit ? { title: `Add cost-attribution ${key} (${keys.join(', ')})`, edits: [edit], safe: false, snippet: true } : undefined;
    },
    addIdleShutdown() {
      if (c.tfType && /^azurerm_(linux_|windows_)?virtual_machine$/.test(c.tfType)) return azureShutdown(c, r);
      if (c.tfType === 'google_compute_instance') return gcpSchedule(c, r);
      if (c.tfType !== 'aws_sagemaker_notebook_instance' || c.props?.k !== 'obj') return undefined;
      const edit = insertProperty(src, c.props.node, "lifecycleConfigName: '${1:auto-stop-idle}'");
      return edit ? { title: 'Attach an idle auto-stop lifecycle configuration', edits: [edit], safe: false, snippet: true } : undefined;
    },
    addAutoscaling(range) {
      return c.tfType === 'aws_sagemaker_endpoint_configuration' ? endpointScaling(c, r, range) : undefined;
    },
    addLifecycle(days) {
      if (c.tfType === 'google_storage_bucket' && c.props?.k === 'obj' && !c.props.props.has('lifecycleRule')) {
        const edit = insertProperty(
          src,
          c.props.node,
          `lifecycleRule: [{ condition: { age: ${days} }, action: { type: 'SetStorageClass', storageClass: 'NEARLINE' } }, { condition: { numNewerVersions: 3 }, action: { type: 'Delete' } }]`,
        );
        return edit ? { title: `Add lifecycle rules: Nearline after ${days} days, keep 3 noncurrent versions`, edits: [edit], safe: false } : undefined;
      }
      if (c.tfType === 'aws_s3_bucket') return s3Lifecycle(c, r, days);
      return undefined;
    },
  };
}

/**
 * An `S3BucketLifecycleConfiguration` after the bucket's statement (and its import when missing).
 * Only `transition`, a list in every provider-aws release; `filter` and the noncurrent-version
 * blocks changed shape between releases, so they are left to the user.
 */
function s3Lifecycle(c: Construct, r: CdktfReader, days: number): Fix | undefined {
  const stmt = statementOf(r.src, c.node);
  if (!c.binding || !stmt) return undefined;
  const [local, importEdit] = classRef(r, 'S3BucketLifecycleConfiguration', 's3-bucket-lifecycle-configuration');
  if (!local) return undefined;
  const insert = insertAfterStatement(r.src, stmt, [
    `new ${local}(this, '${c.id.replace(/[^\w-]/g, '')}-lifecycle', {`,
    `  bucket: ${c.thisBound ? 'this.' : ''}${c.binding}.id,`,
    "  rule: [{ id: 'tier-down', status: 'Enabled', transition: [{ days: " + days + ", storageClass: 'STANDARD_IA' }] }],",
    '});',
  ]);
  if (!insert) return undefined;
  return { title: `Add a lifecycle configuration: Standard-IA after ${days} days`, edits: importEdit ? [importEdit, insert] : [insert], safe: false };
}

/**
 * An instance schedule (`ComputeResourcePolicy`) declared before the VM (a `const` is not usable
 * before its declaration) and named in the VM's `resourcePolicies`.
 */
function gcpSchedule(c: Construct, r: CdktfReader): Fix | undefined {
  const stmt = statementOf(r.src, c.node);
  if (!stmt || c.props?.k !== 'obj' || c.props.props.has('resourcePolicies')) return undefined;
  const [local, importEdit] = classRef(r, 'ComputeResourcePolicy', 'compute-resource-policy', 'google');
  if (!local) return undefined;
  const base = c.id.replace(/[^\w]/g, '_');
  const v = `${base.replace(/_(\w)/g, (_, ch: string) => ch.toUpperCase())}Hours`;
  if (r.scope.imports.has(v)) return undefined;
  const before = insertBeforeStatement(r.src, stmt, [
    `const ${v} = new ${local}(this, '${base}_hours', {`,
    `  name: '${base.replace(/_/g, '-').toLowerCase()}-hours',`,
    '  instanceSchedulePolicy: {',
    "    vmStartSchedule: { schedule: '${1:0 8 * * 1-5}' },",
    "    vmStopSchedule: { schedule: '${2:0 20 * * 1-5}' },",
    "    timeZone: '${3:Etc/UTC}',",
    '  },',
    '});',
  ]);
  const prop = insertProperty(r.src, c.props.node, `resourcePolicies: [${v}.id]`);
  if (!before || !prop) return undefined;
  return { title: 'Stop it outside working hours (an instance schedule policy)', edits: [...(importEdit ? [importEdit] : []), before, prop], safe: false, snippet: true };
}

/** A `DevTestGlobalVmShutdownSchedule` that stops the VM every evening, after its statement. */
function azureShutdown(c: Construct, r: CdktfReader): Fix | undefined {
  const stmt = statementOf(r.src, c.node);
  if (!c.binding || !stmt) return undefined;
  const [local, importEdit] = classRef(r, 'DevTestGlobalVmShutdownSchedule', 'dev-test-global-vm-shutdown-schedule', 'azurerm');
  if (!local) return undefined;
  const vm = `${c.thisBound ? 'this.' : ''}${c.binding}`;
  const insert = insertAfterStatement(r.src, stmt, [
    `new ${local}(this, '${c.id.replace(/[^\w-]/g, '')}_shutdown', {`,
    `  virtualMachineId: ${vm}.id,`,
    `  location: ${vm}.location,`,
    '  enabled: true,',
    "  dailyRecurrenceTime: '${1:2000}',",
    "  timezone: '${2:UTC}',",
    '  notificationSettings: { enabled: false },',
    '});',
  ]);
  if (!insert) return undefined;
  return { title: 'Shut it down every evening (a VM shutdown schedule)', edits: importEdit ? [importEdit, insert] : [insert], safe: false, snippet: true };
}

/**
 * Application Auto Scaling for an endpoint configuration's variant, after its statement: an
 * `AppautoscalingTarget` on the instance count and a target-tracking `AppautoscalingPolicy` on
 * invocations per instance (the endpoint name is a placeholder: the configuration does not know it).
 */
function endpointScaling(c: Construct, r: CdktfReader, range: { min: number; max: number }): Fix | undefined {
  const stmt = statementOf(r.src, c.node);
  if (!stmt) return undefined;
  const [target, targetImport] = classRef(r, 'AppautoscalingTarget', 'appautoscaling-target');
  const [policy, policyImport] = classRef(r, 'AppautoscalingPolicy', 'appautoscaling-policy');
  if (!target || !policy) return undefined;
  const pv = prop(c.props, 'productionVariants');
  const variant = str(prop(pv?.k === 'arr' ? pv.items[0] : undefined, 'variantName')) ?? 'AllTraffic';
  const id = c.id.replace(/[^\w-]/g, '') || 'endpoint';
  const v = `${id.replace(/[-_](\w)/g, (_, ch: string) => ch.toUpperCase()).replace(/\W/g, '')}Scaling`;
  const min = Math.max(1, range.min);
  const max = Math.max(1, range.max);
  const insert = insertAfterStatement(r.src, stmt, variantScalingStatements({ target, policy, scope: 'this', id, binding: v, variant, min, max, policyName: true }));
  if (!insert) return undefined;
  // Both imports (when missing) go in one insertion: two edits at one position have no order.
  const imports = [targetImport, policyImport].filter((e): e is TextEdit => e !== undefined);
  const importEdit = imports.length ? { range: imports[0].range, newText: imports.map((e) => e.newText).join('') } : undefined;
  return {
    title: `Add Application Auto Scaling for the endpoint variant (${min}–${max} instances, target tracking on invocations per instance)`,
    edits: importEdit ? [importEdit, insert] : [insert],
    safe: false,
    snippet: true,
  };
}

/** How the file reaches a provider's class: an existing import, or a named import to add beside the others. */
function classRef(r: CdktfReader, name: string, file: string, provider = 'aws'): [string | undefined, TextEdit | undefined] {
  const of = [...r.scope.imports].filter(([, b]) => new RegExp(`^(@cdkt[fn]/provider-${provider}|(\\.{1,2}/)+\\.gen/providers/${provider})(/|$)`).test(b.module));
  const named = of.find(([, b]) => b.imported === name);
  if (named) return [named[0], undefined];
  const root = new RegExp(`(provider-${provider}|providers/${provider})$`);
  const ns = of.find(([, b]) => b.imported === undefined && root.test(b.module));
  if (ns) return [`${ns[0]}.${file.replace(/-(\w)/g, (_, ch: string) => ch.toUpperCase())}.${name}`, undefined];
  if (r.scope.imports.has(name)) return [undefined, undefined];
  // Beside an import of another resource (`.../lib/s3-bucket`, `.gen/providers/aws/s3-bucket`).
  const sibling = of.find(([, b]) => b.imported !== undefined && /\/[\w-]+$/.test(b.module) && !root.test(b.module));
  const module = sibling ? sibling[1].module.replace(/\/[\w-]+$/, `/${file}`) : `${of.some(([, b]) => b.module.startsWith('@cdktn/')) ? '@cdktn' : '@cdktf'}/provider-${provider}/lib/${file}`;
  return [name, addNamedImport(r.src, name, module)];
}

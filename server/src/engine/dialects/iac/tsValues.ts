// Static values of a TypeScript IaC program, as far as the file makes them static: literals,
// `const` bindings, enum members of the IaC libraries (kept as qualified names), object literals
// with spreads of resolvable objects, arrays. Anything computed at run time is `unknown`, never
// guessed. Names of imports are qualified by the library they come from (`ec2.InstanceClass.P4D`).
// Works on the TypeScript compiler's nodes; one walk of the file per analysis, shared by the
// dialects (CDK, Pulumi, CDKTF) through `scopeOf`.
import type { ts } from 'ts-morph';
import type { TsNode, TypeScriptSource } from '../../formats/typescript';

type Node = TsNode;

export type TsValue =
  | { k: 'str'; v: string; node: Node }
  | { k: 'num'; v: number; node: Node }
  | { k: 'bool'; v: boolean; node: Node }
  | { k: 'obj'; props: Map<string, TsValue>; node: Node; /** a spread the file cannot resolve */ open?: boolean }
  | { k: 'arr'; items: TsValue[]; node: Node; open?: boolean }
  /** A library member (`ec2.InstanceClass.P4D`, `eks.CapacityType.SPOT`). */
  | { k: 'member'; q: string; node: Node }
  | { k: 'call'; q?: string; args: readonly Node[]; node: Node }
  | { k: 'new'; q?: string; args: readonly Node[]; node: Node }
  | { k: 'unknown'; node: Node };

export interface Binding {
  module: string;
  /** The imported name; undefined for `* as x` and default imports. */
  imported?: string;
}

const MAX_DEPTH = 24;
/** Longest qualified name read (`cdk.aws_sagemaker.CfnNotebookInstance` is 37). */
const MAX_NAME = 200;

const scopes = new WeakMap<TypeScriptSource, TsScope>();

/** The file's scope, built once per parse whichever dialect asks first. */
export function scopeOf(src: TypeScriptSource): TsScope {
  let s = scopes.get(src);
  if (!s) scopes.set(src, (s = new TsScope(src)));
  return s;
}

export class TsScope {
  readonly imports = new Map<string, Binding>();
  /** Every `new X(...)` and call of the file, in source order (one walk). */
  readonly news: ts.NewExpression[] = [];
  readonly calls: ts.CallExpression[] = [];
  private readonly consts = new Map<string, Node>();
  private readonly memo = new Map<Node, TsValue | undefined>();

  constructor(readonly src: TypeScriptSource) {
    const t = src.ts;
    const file = src.file;
    for (const st of file.statements) {
      if (!t.isImportDeclaration(st) || !t.isStringLiteral(st.moduleSpecifier)) continue;
      const module = st.moduleSpecifier.text;
      const clause = st.importClause;
      if (!clause) continue;
      if (clause.name) this.imports.set(clause.name.text, { module });
      const nb = clause.namedBindings;
      if (nb && t.isNamespaceImport(nb)) this.imports.set(nb.name.text, { module });
      else if (nb) for (const el of nb.elements) this.imports.set(el.name.text, { module, imported: (el.propertyName ?? el.name).text });
    }
    const K = t.SyntaxKind;
    // `import x = require('...')` and `const x = require('...')` are rare in IaC code: left out.
    // The walk also sets the parent pointers the parse left out (formats/typescript.ts).
    let parent: ts.Node = file;
    const visit = (n: ts.Node): void => {
      (n as { parent: ts.Node }).parent = parent;
      switch (n.kind) {
        case K.NewExpression:
          this.news.push(n as ts.NewExpression);
          break;
        case K.CallExpression:
          this.calls.push(n as ts.CallExpression);
          break;
        case K.VariableDeclaration: {
          const v = n as ts.VariableDeclaration;
          const list = v.parent;
          if (v.initializer && t.isIdentifier(v.name) && t.isVariableDeclarationList(list) && list.flags & t.NodeFlags.Const && !this.consts.has(v.name.text)) this.consts.set(v.name.text, v.initializer);
          break;
        }
      }
      const outer = parent;
      parent = n;
      t.forEachChild(n, visit);
      parent = outer;
    };
    t.forEachChild(file, visit);
  }

  /** The source text of a node (no leading trivia). */
  text(n: Node): string {
    return this.src.textOf(n);
  }

  /**
   * `ec2.Instance`, `aws_ec2.Instance`, `cdk.aws_ec2.Instance` and a named `Instance` import from
   * aws-cdk-lib/aws-ec2 all qualify as `cdk:ec2.Instance`; `aws.ec2.Instance` from @pulumi/aws as
   * `pulumi-aws:ec2.Instance`; `Instance` from @cdktf/provider-aws/lib/instance as
   * `cdktf-aws:instance.Instance`. Undefined when the head is not an IaC import.
   */
  qualify(text: string): string | undefined {
    if (text.length > MAX_NAME) return undefined; // a construct's name is short; never scan a huge expression
    const parts = text.replace(/\s+/g, '').split('.');
    const b = this.imports.get(parts[0]);
    if (!b) return undefined;
    const rest = b.imported ? [b.imported, ...parts.slice(1)] : parts.slice(1);
    const cdkService = /^(?:aws-cdk-lib\/aws-|@aws-cdk\/aws-)([\w-]+?)(?:-alpha)?$/.exec(b.module);
    if (cdkService) return `cdk:${cdkService[1].replace(/-/g, '')}.${rest.join('.')}`;
    if (b.module === 'aws-cdk-lib') {
      const svc = /^aws_([\w]+)$/.exec(rest[0] ?? '');
      return svc ? `cdk:${svc[1]}.${rest.slice(1).join('.')}` : `cdk:${rest.join('.')}`;
    }
    // `@pulumi/azure-native/compute` is the `compute` namespace; API-version namespaces
    // (`compute.v20230301.VirtualMachine`) are the same resource.
    const pulumi = /^@pulumi\/([\w-]+)(?:\/([\w-]+))?$/.exec(b.module);
    if (pulumi) return `pulumi-${pulumi[1]}:${[...(pulumi[2] ? [pulumi[2]] : []), ...rest].filter((x) => !/^v\d{8}(preview)?$/.test(x)).join('.')}`;
    // CDKTF prebuilt providers (`@cdktf/provider-aws`, `/lib/<resource>`; `@cdktn/` of its CDK Terrain
    // fork) and `cdktf get` bindings
    // (`./.gen/providers/aws`): the module path's file is the resource type's snake_case tail.
    const tf = /^(?:@cdkt[fn]\/provider-|(?:\.{1,2}\/)+\.gen\/providers\/)(aws|google|azurerm)(?:\/lib)?(?:\/([\w-]+))?(?:\/index)?$/.exec(b.module);
    if (tf) return `cdktf-${tf[1]}:${tf[2] ? `${tf[2]}.` : ''}${rest.join('.')}`;
    return `${b.module}:${rest.join('.')}`;
  }

  value(node: Node | undefined, depth = 0): TsValue | undefined {
    if (!node) return undefined;
    if (depth > MAX_DEPTH) return { k: 'unknown', node };
    // Values are asked again and again (each dialect, each const reference): computed once.
    if (this.memo.has(node)) return this.memo.get(node);
    const v = this.compute(node, depth);
    this.memo.set(node, v);
    return v;
  }

  private compute(node: Node, depth: number): TsValue | undefined {
    const t = this.src.ts;
    const K = t.SyntaxKind;
    switch (node.kind) {
      case K.StringLiteral:
      case K.NoSubstitutionTemplateLiteral:
        return { k: 'str', v: (node as ts.StringLiteral).text, node };
      case K.NumericLiteral:
        return { k: 'num', v: Number((node as ts.NumericLiteral).text), node };
      case K.TrueKeyword:
        return { k: 'bool', v: true, node };
      case K.FalseKeyword:
        return { k: 'bool', v: false, node };
      case K.ParenthesizedExpression:
      case K.AsExpression:
      case K.SatisfiesExpression:
      case K.NonNullExpression:
      case K.TypeAssertionExpression: {
        const r = this.value((node as ts.ParenthesizedExpression).expression, depth + 1);
        return r ? { ...r, node } : { k: 'unknown', node };
      }
      case K.Identifier: {
        const name = (node as ts.Identifier).text;
        const init = this.consts.get(name);
        if (init && init !== node) {
          const r = this.value(init, depth + 1);
          return r ? { ...r, node } : { k: 'unknown', node };
        }
        const q = this.qualify(name);
        return q ? { k: 'member', q, node } : { k: 'unknown', node };
      }
      case K.PropertyAccessExpression: {
        if (node.end - node.pos > MAX_NAME) return { k: 'unknown', node };
        const q = this.qualify(this.text(node));
        if (q) return { k: 'member', q, node };
        // `config.instanceType` where `config` is a const object literal of this file.
        const pa = node as ts.PropertyAccessExpression;
        const obj = this.value(pa.expression, depth + 1);
        if (obj?.k === 'obj') {
          const p = obj.props.get(pa.name.text);
          return p ? { ...p, node } : { k: 'unknown', node };
        }
        return { k: 'unknown', node };
      }
      case K.ObjectLiteralExpression: {
        const props = new Map<string, TsValue>();
        let open = false;
        for (const p of (node as ts.ObjectLiteralExpression).properties) {
          if (t.isPropertyAssignment(p)) {
            const key = t.isIdentifier(p.name) || t.isStringLiteral(p.name) || t.isNumericLiteral(p.name) ? p.name.text : undefined;
            if (key === undefined) {
              open = true;
              continue;
            }
            const v = this.value(p.initializer, depth + 1);
            if (v) props.set(key, v);
          } else if (t.isShorthandPropertyAssignment(p)) {
            props.set(p.name.text, this.value(p.name, depth + 1) ?? { k: 'unknown', node: p });
          } else if (t.isSpreadAssignment(p)) {
            const v = this.value(p.expression, depth + 1);
            if (v?.k === 'obj') {
              for (const [k, x] of v.props) props.set(k, x);
              if (v.open) open = true;
            } else open = true;
          } else open = true; // methods, accessors
        }
        return { k: 'obj', props, node, ...(open && { open }) };
      }
      case K.ArrayLiteralExpression: {
        const items: TsValue[] = [];
        let open = false;
        for (const e of (node as ts.ArrayLiteralExpression).elements) {
          if (t.isSpreadElement(e)) {
            const v = this.value(e.expression, depth + 1);
            if (v?.k === 'arr') items.push(...v.items);
            else open = true;
          } else items.push(this.value(e, depth + 1) ?? { k: 'unknown', node: e });
        }
        return { k: 'arr', items, node, ...(open && { open }) };
      }
      case K.CallExpression:
      case K.NewExpression: {
        const c = node as ts.CallExpression | ts.NewExpression;
        return { k: node.kind === K.CallExpression ? 'call' : 'new', q: this.calleeName(c), args: c.arguments ?? [], node } as TsValue;
      }
      default:
        return { k: 'unknown', node };
    }
  }

  /** The qualified name of what a `new`/call expression invokes (undefined when not an IaC import). */
  calleeName(c: ts.CallExpression | ts.NewExpression): string | undefined {
    const e = c.expression;
    return e.end - e.pos > MAX_NAME + 100 ? undefined : this.qualify(this.text(e));
  }
}

/** A property of an object value, by name. */
export function prop(v: TsValue | undefined, name: string): TsValue | undefined {
  return v?.k === 'obj' ? v.props.get(name) : undefined;
}

export function str(v: TsValue | undefined): string | undefined {
  return v?.k === 'str' ? v.v : undefined;
}

export function num(v: TsValue | undefined): number | undefined {
  return v?.k === 'num' ? v.v : undefined;
}

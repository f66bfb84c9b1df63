// Static values of a TypeScript IaC program, as far as the file makes them static: literals,
// `const` bindings, enum members of the IaC libraries (kept as qualified names), object literals
// with spreads of resolvable objects, arrays. Anything computed at run time is `unknown`, never
// guessed. Names of imports are qualified by the library they come from (`ec2.InstanceClass.P4D`).
import type { Node, SourceFile } from 'ts-morph';
import type { TypeScriptSource } from '../../formats/typescript';

export type TsValue =
  | { k: 'str'; v: string; node: Node }
  | { k: 'num'; v: number; node: Node }
  | { k: 'bool'; v: boolean; node: Node }
  | { k: 'obj'; props: Map<string, TsValue>; node: Node; /** a spread the file cannot resolve */ open?: boolean }
  | { k: 'arr'; items: TsValue[]; node: Node; open?: boolean }
  /** A library member (`ec2.InstanceClass.P4D`, `eks.CapacityType.SPOT`). */
  | { k: 'member'; q: string; node: Node }
  | { k: 'call'; q?: string; args: Node[]; node: Node }
  | { k: 'new'; q?: string; args: Node[]; node: Node }
  | { k: 'unknown'; node: Node };

interface Binding {
  module: string;
  /** The imported name; undefined for `* as x` and default imports. */
  imported?: string;
}

const MAX_DEPTH = 24;
/** Longest qualified name read (`cdk.aws_sagemaker.CfnNotebookInstance` is 37). */
const MAX_NAME = 200;

export class TsScope {
  readonly imports = new Map<string, Binding>();
  private readonly consts = new Map<string, Node>();

  constructor(readonly src: TypeScriptSource) {
    const file: SourceFile = src.file;
    for (const d of file.getImportDeclarations()) {
      const module = d.getModuleSpecifierValue();
      const ns = d.getNamespaceImport();
      if (ns) this.imports.set(ns.getText(), { module });
      const def = d.getDefaultImport();
      if (def) this.imports.set(def.getText(), { module });
      for (const n of d.getNamedImports()) this.imports.set(n.getAliasNode()?.getText() ?? n.getName(), { module, imported: n.getName() });
    }
    const K = src.ts.SyntaxKind;
    // `import x = require('...')` and `const x = require('...')` are rare in IaC code: left out.
    for (const v of file.getDescendantsOfKind(K.VariableDeclaration)) {
      const list = v.getParent();
      const isConst = list && list.getKind() === K.VariableDeclarationList && /^(export\s+)?const\b/.test(src.text.slice(list.getStart(), list.getStart() + 16));
      const init = v.getInitializer();
      const nameNode = v.getNameNode();
      if (isConst && init && nameNode.getKind() === K.Identifier && !this.consts.has(nameNode.getText())) this.consts.set(nameNode.getText(), init);
    }
  }

  /**
   * `ec2.Instance`, `aws_ec2.Instance`, `cdk.aws_ec2.Instance` and a named `Instance` import from
   * aws-cdk-lib/aws-ec2 all qualify as `cdk:ec2.Instance`; `aws.ec2.Instance` from @pulumi/aws as
   * `pulumi-aws:ec2.Instance`. Undefined when the head is not an IaC import.
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
    const pulumi = /^@pulumi\/([\w-]+)$/.exec(b.module);
    if (pulumi) return `pulumi-${pulumi[1]}:${rest.join('.')}`;
    return `${b.module}:${rest.join('.')}`;
  }

  value(node: Node | undefined, depth = 0): TsValue | undefined {
    if (!node) return undefined;
    const K = this.src.ts.SyntaxKind;
    if (depth > MAX_DEPTH) return { k: 'unknown', node };
    switch (node.getKind()) {
      case K.StringLiteral:
      case K.NoSubstitutionTemplateLiteral:
        return { k: 'str', v: (node as unknown as { getLiteralValue(): string }).getLiteralValue(), node };
      case K.NumericLiteral:
        return { k: 'num', v: Number((node as unknown as { getLiteralValue(): number }).getLiteralValue()), node };
      case K.TrueKeyword:
        return { k: 'bool', v: true, node };
      case K.FalseKeyword:
        return { k: 'bool', v: false, node };
      case K.ParenthesizedExpression:
      case K.AsExpression:
      case K.SatisfiesExpression:
      case K.NonNullExpression:
      case K.TypeAssertionExpression: {
        const inner = node.getFirstChildByKind(K.OpenParenToken) ? node.getChildAtIndex(1) : node.getChildren().find((c) => c.getKind() !== K.LessThanToken && c.getKind() !== K.OpenParenToken);
        const r = this.value(inner, depth + 1);
        return r ? { ...r, node } : { k: 'unknown', node };
      }
      case K.Identifier: {
        const name = node.getText();
        const init = this.consts.get(name);
        if (init && init !== node) {
          const r = this.value(init, depth + 1);
          return r ? { ...r, node } : { k: 'unknown', node };
        }
        const q = this.qualify(name);
        return q ? { k: 'member', q, node } : { k: 'unknown', node };
      }
      case K.PropertyAccessExpression: {
        if (node.getWidth() > MAX_NAME) return { k: 'unknown', node };
        const q = this.qualify(node.getText());
        if (q) return { k: 'member', q, node };
        // `config.instanceType` where `config` is a const object literal of this file.
        const pa = node as unknown as { getExpression(): Node; getName(): string };
        const obj = this.value(pa.getExpression(), depth + 1);
        if (obj?.k === 'obj') {
          const p = obj.props.get(pa.getName());
          return p ? { ...p, node } : { k: 'unknown', node };
        }
        return { k: 'unknown', node };
      }
      case K.ObjectLiteralExpression: {
        const props = new Map<string, TsValue>();
        let open = false;
        for (const p of node.getChildSyntaxList()?.getChildren() ?? []) {
          const kind = p.getKind();
          if (kind === K.PropertyAssignment) {
            const pa = p as unknown as { getNameNode(): Node; getInitializer(): Node | undefined };
            const nameNode = pa.getNameNode();
            const key = nameNode.getKind() === K.StringLiteral ? (nameNode as unknown as { getLiteralValue(): string }).getLiteralValue() : nameNode.getKind() === K.ComputedPropertyName ? undefined : nameNode.getText();
            if (key === undefined) {
              open = true;
              continue;
            }
            const v = this.value(pa.getInitializer(), depth + 1);
            if (v) props.set(key, v);
          } else if (kind === K.ShorthandPropertyAssignment) {
            const name = (p as unknown as { getName(): string }).getName();
            const id = p.getFirstChildByKind(K.Identifier);
            const v = id ? this.value(id, depth + 1) : undefined;
            props.set(name, v ?? { k: 'unknown', node: p });
          } else if (kind === K.SpreadAssignment) {
            const v = this.value((p as unknown as { getExpression(): Node }).getExpression(), depth + 1);
            if (v?.k === 'obj') {
              for (const [k, x] of v.props) props.set(k, x);
              if (v.open) open = true;
            } else open = true;
          } else if (kind !== K.CommaToken) open = true; // methods, accessors
        }
        return { k: 'obj', props, node, ...(open && { open }) };
      }
      case K.ArrayLiteralExpression: {
        const items: TsValue[] = [];
        let open = false;
        for (const e of (node as unknown as { getElements(): Node[] }).getElements()) {
          if (e.getKind() === K.SpreadElement) {
            const v = this.value((e as unknown as { getExpression(): Node }).getExpression(), depth + 1);
            if (v?.k === 'arr') items.push(...v.items);
            else open = true;
          } else items.push(this.value(e, depth + 1) ?? { k: 'unknown', node: e });
        }
        return { k: 'arr', items, node, ...(open && { open }) };
      }
      case K.CallExpression: {
        const c = node as unknown as { getExpression(): Node; getArguments(): Node[] };
        return { k: 'call', q: c.getExpression().getWidth() > MAX_NAME ? undefined : this.qualify(c.getExpression().getText()), args: c.getArguments(), node };
      }
      case K.NewExpression: {
        const c = node as unknown as { getExpression(): Node; getArguments(): Node[] };
        return { k: 'new', q: c.getExpression().getWidth() > MAX_NAME ? undefined : this.qualify(c.getExpression().getText()), args: c.getArguments(), node };
      }
      default:
        return { k: 'unknown', node };
    }
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

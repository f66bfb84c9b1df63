// What the CDK, Pulumi and CDKTF readers share: the file's constant scope, and facts with their ranges.
import { fromFile } from '../../facts';
import type { TsNode, TypeScriptSource } from '../../formats/typescript';
import type { Fact, Range } from '../../types';
import { scopeOf, type TsScope } from './tsValues';

export class TsReader {
  readonly scope: TsScope;
  constructor(readonly src: TypeScriptSource) {
    this.scope = scopeOf(src);
  }

  range(n: TsNode): Range {
    return this.src.rangeOf(n);
  }

  text(n: TsNode): string {
    return this.src.textOf(n);
  }

  fact<T>(value: T, n: TsNode, key: string): Fact<T> {
    return fromFile(value, this.range(n), key);
  }
}

/** The statement a node belongs to (`const x = new ...;`, `new ...;`), for statements added after it. */
export function statementOf(src: TypeScriptSource, n: TsNode): TsNode | undefined {
  const K = src.ts.SyntaxKind;
  for (let a: TsNode | undefined = n.parent; a; a = a.parent) {
    if (a.kind === K.VariableStatement || a.kind === K.ExpressionStatement) return a;
  }
  return undefined;
}

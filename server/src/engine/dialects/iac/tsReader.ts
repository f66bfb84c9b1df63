// What the CDK and Pulumi readers share: the file's constant scope, and facts with their ranges.
import type { Node } from 'ts-morph';
import { fromFile } from '../../facts';
import type { TypeScriptSource } from '../../formats/typescript';
import type { Fact, Range } from '../../types';
import { TsScope } from './tsValues';

export class TsReader {
  readonly scope: TsScope;
  constructor(readonly src: TypeScriptSource) {
    this.scope = new TsScope(src);
  }

  range(n: Node): Range {
    return this.src.rangeOf(n);
  }

  fact<T>(value: T, n: Node, key: string): Fact<T> {
    return fromFile(value, this.range(n), key);
  }
}

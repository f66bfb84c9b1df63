import * as fs from 'fs';
import * as path from 'path';
import type { ts } from 'ts-morph';
import type { Range } from '../types';
import { LineIndex } from './lineIndex';

// TypeScript infrastructure programs (AWS CDK, Pulumi, CDKTF) through the TypeScript compiler that
// ts-morph bundles. Only files that import an IaC library are parsed: any other TypeScript (the
// project's own sources, a React app) is refused before ts-morph is even loaded. One file at a
// time, parsed alone: no module resolution, no lib files, no program or type checker, so a
// workspace's node_modules are never read. The dialects walk the compiler's own nodes: ts-morph's
// wrapper objects (one per node touched, forgotten again per analysis) cost ten times the parse
// while typing (bench/RESULTS.md).

type TsMorph = typeof import('ts-morph');
export type Ts = typeof ts;
export type TsNode = ts.Node;

/** Modules whose import makes a file infrastructure code. */
export const IAC_MODULE = /^(aws-cdk-lib(\/.*)?|@aws-cdk\/.+|constructs|@pulumi\/(aws|gcp|azure-native|kubernetes|awsx|eks)(\/.*)?|cdktf|cdktn|@cdkt[fn]\/provider-(aws|google|azurerm)(\/.*)?|(\.{1,2}\/)+\.gen\/providers\/(aws|google|azurerm)(\/.*)?)$/;
const IMPORT = /(?:\bfrom\s*|\bimport\s*|\brequire\s*\(\s*)['"]([^'"\n]+)['"]/g;

/** Does this TypeScript text import an IaC library (other than `constructs` alone)? Cheap, no parse. */
export function importsIacLibrary(text: string): boolean {
  for (const m of text.slice(0, 200_000).matchAll(IMPORT)) {
    if (m[1] !== 'constructs' && IAC_MODULE.test(m[1])) return true;
  }
  return false;
}

let morph: TsMorph | undefined;

/** ts-morph (and the TypeScript compiler inside it) loads on the first IaC file, never before. */
function loadTsMorph(): TsMorph {
  if (morph) return morph;
  // The bundle ships ts-morph as its own file beside server.js (scripts/build.mjs); tests use the package.
  const beside = path.join(__dirname, 'ts-morph.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  morph = (fs.existsSync(beside) ? require(beside) : require('ts-morph')) as TsMorph;
  return morph;
}

export interface TypeScriptSource {
  format: 'typescript';
  text: string;
  lines: LineIndex;
  file: ts.SourceFile;
  ts: Ts;
  errors: string[];
  rangeOf(node: TsNode): Range;
  /** The node's text without its leading trivia. */
  textOf(node: TsNode): string;
  dispose(): void;
}

export async function parseTypeScript(text: string, lines = new LineIndex(text)): Promise<TypeScriptSource> {
  const t = loadTsMorph().ts;
  // No parent pointers here (a third of the parse): the dialects' one walk of the file sets them
  // (iac/tsValues.ts) before anything looks up.
  const file = t.createSourceFile('/mlcost.ts', text, t.ScriptTarget.Latest, false, t.ScriptKind.TS);
  const errors: string[] = [];
  const diags = (file as unknown as { parseDiagnostics?: { start?: number }[] }).parseDiagnostics ?? [];
  if (diags.length) errors.push(`TypeScript syntax error near line ${lines.position(diags[0].start ?? 0).line + 1} (the rest of the file is still analysed)`);
  return {
    format: 'typescript',
    text,
    lines,
    file,
    ts: t,
    errors,
    rangeOf: (n) => lines.range(n.getStart(file), n.end),
    textOf: (n) => text.slice(n.getStart(file), n.end),
    // Nothing to release: the tree is garbage once the analysis drops it.
    dispose: () => undefined,
  };
}

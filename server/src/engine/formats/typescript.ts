import * as fs from 'fs';
import * as path from 'path';
import type { Project, SourceFile } from 'ts-morph';
import type { Range } from '../types';
import { LineIndex } from './lineIndex';

// TypeScript infrastructure programs (AWS CDK, Pulumi, CDKTF) through ts-morph. Only files that
// import an IaC library are parsed: any other TypeScript (the project's own sources, a React app)
// is refused before ts-morph is even loaded. One in-memory file at a time, no module resolution,
// no lib files, no type-check program: a workspace's node_modules are never read.

type TsMorph = typeof import('ts-morph');

/** Modules whose import makes a file infrastructure code. */
export const IAC_MODULE = /^(aws-cdk-lib(\/.*)?|@aws-cdk\/.+|constructs|@pulumi\/(aws|gcp|azure-native|kubernetes|awsx|eks)(\/.*)?|cdktf|@cdktf\/provider-(aws|google|azurerm)(\/.*)?)$/;
const IMPORT = /(?:\bfrom\s*|\bimport\s*|\brequire\s*\(\s*)['"]([^'"\n]+)['"]/g;

/** Does this TypeScript text import an IaC library (other than `constructs` alone)? Cheap, no parse. */
export function importsIacLibrary(text: string): boolean {
  for (const m of text.slice(0, 200_000).matchAll(IMPORT)) {
    if (m[1] !== 'constructs' && IAC_MODULE.test(m[1])) return true;
  }
  return false;
}

let morph: TsMorph | undefined;
let project: Project | undefined;

/** ts-morph (and the TypeScript compiler inside it) loads on the first IaC file, never before. */
function loadTsMorph(): TsMorph {
  if (morph) return morph;
  // The bundle ships ts-morph as its own file beside server.js (scripts/build.mjs); tests use the package.
  const beside = path.join(__dirname, 'ts-morph.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  morph = (fs.existsSync(beside) ? require(beside) : require('ts-morph')) as TsMorph;
  return morph;
}

function projectOf(m: TsMorph): Project {
  project ??= new m.Project({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
    compilerOptions: { noResolve: true, noLib: true, allowJs: false },
  });
  return project;
}

export interface TypeScriptSource {
  format: 'typescript';
  text: string;
  lines: LineIndex;
  file: SourceFile;
  ts: TsMorph;
  errors: string[];
  rangeOf(node: { getStart(): number; getEnd(): number }): Range;
  dispose(): void;
}

let counter = 0;

export async function parseTypeScript(text: string, lines = new LineIndex(text)): Promise<TypeScriptSource> {
  const m = loadTsMorph();
  const p = projectOf(m);
  const file = p.createSourceFile(`/mlcost-${++counter}.ts`, text, { overwrite: true });
  const errors: string[] = [];
  const diags = (file.compilerNode as unknown as { parseDiagnostics?: { start?: number }[] }).parseDiagnostics ?? [];
  if (diags.length) errors.push(`TypeScript syntax error near line ${lines.position(diags[0].start ?? 0).line + 1} (the rest of the file is still analysed)`);
  return {
    format: 'typescript',
    text,
    lines,
    file,
    ts: m,
    errors,
    rangeOf: (n) => lines.range(n.getStart(), n.getEnd()),
    dispose: () => p.removeSourceFile(file),
  };
}

import type { FormatKind } from './types';
import { LineIndex } from './formats/lineIndex';
import { parseJson, type JsonSource } from './formats/json';
import { parsePython, type PythonSource } from './formats/python';
import { parseYaml, type YamlSource } from './formats/yaml';
import { parseHcl, type HclSource } from './formats/hcl';
import { parseTypeScript, type TypeScriptSource } from './formats/typescript';
import { parseShellScript, type ShellSource } from './formats/shell';

/** One parsed file, whatever its format. Parsers are called here and nowhere else. */
export type SourceDoc = YamlSource | JsonSource | PythonSource | HclSource | TypeScriptSource | ShellSource;

const EXT: Record<string, FormatKind> = {
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.json': 'json',
  '.jsonc': 'json',
  '.py': 'python',
  '.tf': 'hcl',
  '.ts': 'typescript',
  '.sh': 'shell',
  '.bash': 'shell',
  // SLURM batch scripts (`sbatch train.sbatch`): shell with `#SBATCH` directives.
  '.sbatch': 'shell',
  '.slurm': 'shell',
};

/** Extensions of the files a parser here reads (notebooks, `.ipynb`, are read as their cells). */
export const SOURCE_EXTENSIONS: readonly string[] = Object.keys(EXT);
/** Every file the walkers consider: the sources and notebooks. */
export const CANDIDATE_EXTENSIONS: ReadonlySet<string> = new Set([...SOURCE_EXTENSIONS, '.ipynb']);

const LANGUAGE: Record<string, FormatKind> = {
  yaml: 'yaml',
  json: 'json',
  jsonc: 'json',
  python: 'python',
  terraform: 'hcl',
  typescript: 'typescript',
  shellscript: 'shell',
};

/** Format from the editor's language id when known, else from the file extension. */
export function formatOf(path: string, languageId?: string): FormatKind | undefined {
  if (/\.d\.ts$/i.test(path)) return undefined; // declarations, never a program
  if (languageId && LANGUAGE[languageId]) return LANGUAGE[languageId];
  const m = /\.[A-Za-z]+$/.exec(path);
  return m ? EXT[m[0].toLowerCase()] : undefined;
}

export async function parseSource(format: FormatKind, text: string): Promise<SourceDoc> {
  const lines = new LineIndex(text);
  switch (format) {
    case 'yaml':
      return parseYaml(text, lines);
    case 'json':
      return parseJson(text, lines);
    case 'python':
      return parsePython(text, lines);
    case 'hcl':
      return parseHcl(text, lines);
    case 'typescript':
      return parseTypeScript(text, lines);
    case 'shell':
      return parseShellScript(text, lines);
  }
}

export function disposeSource(doc: SourceDoc): void {
  if (doc.format === 'python' || doc.format === 'hcl' || doc.format === 'typescript') doc.dispose();
}

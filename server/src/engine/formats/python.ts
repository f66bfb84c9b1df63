import type { Language, Node as TsNode, Parser, Tree } from 'web-tree-sitter';
import type { Range } from '../types';
import { LineIndex } from './lineIndex';
import { dropNodeIndex } from './pythonIndex';
import { locateWasm, treeSitterRuntime } from './treeSitter';

export type PyNode = TsNode;

/** A parsed Python file. Call `dispose()` when done: tree-sitter trees live in wasm memory. */
export interface PythonSource {
  format: 'python';
  text: string;
  lines: LineIndex;
  tree: Tree;
  root: PyNode;
  errors: string[];
  rangeOf(node: PyNode): Range;
  textOf(node: PyNode): string;
  dispose(): void;
}

let parserPromise: Promise<Parser> | undefined;

/** Real scripts parse in milliseconds; this only stops runaway inputs. */
const PARSE_BUDGET_MS = 1000;

/** Loads web-tree-sitter and the Python grammar once, on first use (never at activation). */
export function loadPythonParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    const ts = await treeSitterRuntime();
    const lang: Language = await ts.Language.load(locateWasm('tree-sitter-python.wasm', 'tree-sitter-python'));
    const parser = new ts.Parser();
    parser.setLanguage(lang);
    return parser;
  })();
  return parserPromise;
}

export async function parsePython(text: string, lines = new LineIndex(text)): Promise<PythonSource> {
  const parser = await loadPythonParser();
  // A pathological file (a syntax error across a megabyte of operators) can keep tree-sitter busy
  // for seconds: give up after a budget rather than stall the editor.
  const deadline = Date.now() + PARSE_BUDGET_MS;
  const options = { progressCallback: () => Date.now() > deadline };
  const tree = parser.parse(text, null, options as unknown as Parameters<Parser['parse']>[2]);
  if (!tree) throw new Error(`parsing took longer than ${PARSE_BUDGET_MS} ms; not analysed`);
  const errors: string[] = [];
  if (tree.rootNode.hasError) {
    const first = findError(tree.rootNode);
    errors.push(`Python syntax error near line ${(first?.startPosition.row ?? 0) + 1} (the rest of the file is still analysed)`);
  }
  // web-tree-sitter parses JS strings as UTF-16, so node indices are string offsets (LSP's unit).
  const src: PythonSource = {
    format: 'python',
    text,
    lines,
    tree,
    root: tree.rootNode,
    errors,
    rangeOf: (n) => lines.range(n.startIndex, n.endIndex),
    textOf: (n) => text.slice(n.startIndex, n.endIndex),
    dispose: () => {
      dropNodeIndex(tree);
      tree.delete();
    },
  };
  return src;
}

function findError(n: PyNode): PyNode | undefined {
  const stack: PyNode[] = [n];
  while (stack.length) {
    const cur = stack.pop()!;
    if (cur.isError || cur.isMissing) return cur;
    if (cur.hasError) for (let i = cur.childCount - 1; i >= 0; i--) stack.push(cur.child(i)!);
  }
  return undefined;
}

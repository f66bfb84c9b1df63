// Analysis of an .ipynb file as the CLI and the workspace index read it (the editor syncs cells
// instead, see server/src/lsp/notebooks.ts): the code cells become one Python program, the
// program is analysed like a script, and every position and fix edit is mapped back into the file.
import type { AnalysisResult, AnalyzeInput, AnalyzeOptions } from '../analyze';
import type { CostEstimate } from '../cost/estimateTypes';
import { MAX_NOTEBOOK_BYTES } from '../fileAccess';
import type { Finding, Fix, Range } from '../types';
import { cellEditsToFile, cellRangeToFile, codeCells, parseIpynb, type Ipynb } from './ipynb';
import { editsByCell, notebookProgram, rangeToCell, type NotebookProgram } from './program';


export function isNotebookPath(path: string): boolean {
  return /\.ipynb$/i.test(path);
}

type Analyze = (input: AnalyzeInput, opts: AnalyzeOptions) => Promise<AnalysisResult>;

export async function analyzeIpynb(input: AnalyzeInput, opts: AnalyzeOptions, analyze: Analyze): Promise<AnalysisResult> {
  const log = opts.log ?? (() => {});
  const empty = (skipped: string): AnalysisResult => ({ format: 'python', jobs: [], findings: [], estimates: [], skipped, parseErrors: [] });
  if (input.text.length > MAX_NOTEBOOK_BYTES) return empty(`notebook is larger than ${MAX_NOTEBOOK_BYTES / 1024 / 1024} MB`);
  // No size guard here (outputs make notebooks big); the nesting guard is parseIpynb's, on the text
  // without its long output strings (a whole-text scan would cost more than the analysis).
  const guard = input.text.slice(0, 8192).includes('\0') ? 'file looks binary (NUL bytes)' : undefined;
  if (guard) {
    log(`mlcost: skipped ${input.path}: ${guard}`);
    return empty(guard);
  }
  const nb = parseIpynb(input.text);
  if ('error' in nb) {
    log(`mlcost: skipped ${input.path}: ${nb.error}`);
    return empty(nb.error);
  }
  if (nb.language !== 'python') return empty(`a ${nb.language} notebook (only Python notebooks are read)`);
  const program = notebookProgram(codeCells(nb));
  const r = await analyze({ path: input.path, text: program.text, languageId: 'python' }, opts);
  return {
    ...r,
    notebook: { cells: nb.cells.length, codeCells: program.cells.length },
    jobs: r.jobs.map((j) => ({ ...j, anchor: toFile(nb, program, j.anchor) ?? j.anchor })),
    estimates: r.estimates.map((e): CostEstimate => ({ ...e, anchor: toFile(nb, program, e.anchor) ?? e.anchor })),
    findings: r.findings.flatMap((f) => mapFinding(nb, program, f)),
  };
}

function toFile(nb: Ipynb, p: NotebookProgram, r: Range): Range | undefined {
  const c = rangeToCell(p, r);
  return c ? cellRangeToFile(nb, c.cell, c.range) : undefined;
}

function mapFinding(nb: Ipynb, p: NotebookProgram, f: Finding): Finding[] {
  const c = rangeToCell(p, f.range) ?? rangeToCell(p, { start: f.range.start, end: f.range.start });
  if (!c) return [];
  const fixes = (f.fixes ?? []).flatMap((fix): Fix[] => {
    const byCell = editsByCell(p, fix.edits);
    if (!byCell) return [];
    const edits = [...byCell].flatMap(([cell, edits]) => cellEditsToFile(nb, cell, edits));
    return edits.length ? [{ ...fix, edits }] : [];
  });
  const { fixes: _old, ...rest } = f;
  return [{ ...rest, range: cellRangeToFile(nb, c.cell, c.range), cell: { index: c.cell, range: c.range }, ...(fixes.length && { fixes }) }];
}


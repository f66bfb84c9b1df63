import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { AnalysisResult } from '../engine/analyze';
import type { Finding, Range } from '../engine/types';
import { COMMANDS } from './commands';
import { filePathOf } from './uris';

/**
 * For a csv-dataset finding whose CSV/TSV is a local file next to the config: "Convert <name> to
 * Parquet", which runs the server's conversion command (the config edit is the rule's own fix).
 */
export function csvConversionAction(doc: TextDocument, finding: Finding, result: AnalysisResult, d: Diagnostic): CodeAction | undefined {
  if (finding.rule !== 'csv-dataset') return undefined;
  const file = filePathOf(doc.uri);
  if (!file) return undefined;
  for (const job of result.jobs) {
    for (const ds of job.datasets) {
      const s = ds.source;
      if (s.kind !== 'file' || s.uri || !sameRange(s.range, finding.range)) continue;
      const ref = ds.value.path;
      if (!ref || !/\.(csv|tsv)$/i.test(ref) || /^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) continue;
      const csv = path.resolve(path.dirname(file), ref);
      if (!fs.existsSync(csv)) continue;
      const title = `Convert ${path.basename(csv)} to Parquet (keeps the CSV)`;
      return { title, kind: CodeActionKind.QuickFix, diagnostics: [d], command: { title, command: COMMANDS.convertCsvToParquet, arguments: [pathToFileURL(csv).href] } };
    }
  }
  return undefined;
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

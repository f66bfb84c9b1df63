import * as path from 'path';
import { pathToFileURL } from 'url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { Finding, Severity } from '../engine/types';

// Finding (engine) → Diagnostic (LSP). The rule id travels as `code`, its doc page as
// `codeDescription`, so every client can link to the explanation without knowing mlcost.

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** rules/<id>.md ships beside dist/ (the bundle runs from dist/server.js). */
export const RULE_DOCS_DIR = path.join(__dirname, '..', 'rules');

export function ruleDocUri(ruleId: string, docsDir: string = RULE_DOCS_DIR): string {
  return pathToFileURL(path.join(docsDir, `${ruleId}.md`)).href;
}

export function toDiagnostic(f: Finding, docsDir: string = RULE_DOCS_DIR): Diagnostic {
  return {
    range: f.range,
    severity: SEVERITY[f.severity] ?? DiagnosticSeverity.Warning,
    source: 'mlcost',
    code: f.rule,
    codeDescription: { href: ruleDocUri(f.rule, docsDir) },
    message: f.message,
  };
}

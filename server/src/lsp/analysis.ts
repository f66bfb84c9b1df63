import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../engine/analyze';
import type { AnalyseDocument } from './documents';
import { toDiagnostic } from './diagnostics';
import type { Logger } from './log';
import type { SettingsStore } from './settings';
import { enginePathOf } from './uris';
import type { Workspace } from './workspace';

/**
 * The server's one call into the engine: settings → analyze() → diagnostics. The engine's log lines
 * (skipped file, parse error, failing rule) are forwarded once per document until they change, so
 * re-analysing on every keystroke does not repeat them.
 */
export class DocumentAnalyser {
  private readonly lastLines = new Map<string, Set<string>>();

  constructor(
    private readonly settings: SettingsStore,
    private readonly workspace: Workspace,
    private readonly log: Logger,
  ) {}

  readonly analyse: AnalyseDocument = async (doc: TextDocument, isStale: () => boolean) => {
    const settings = await this.settings.get(doc.uri);
    if (!settings.enable) return [];
    if (isStale()) return undefined;
    const lines: string[] = [];
    const result = await analyze(
      { path: enginePathOf(doc.uri), text: doc.getText(), languageId: doc.languageId },
      { files: this.workspace.filesFor(doc.uri), ruleSeverity: settings.rules, log: (m) => lines.push(m), isCancelled: isStale },
    );
    // Logged even when stale: the engine reports a failing rule only once per process.
    this.forward(doc.uri, lines);
    if (isStale()) return undefined;
    return result.findings.map((f) => toDiagnostic(f));
  };

  forget(uri: string): void {
    this.lastLines.delete(uri);
  }

  private forward(uri: string, lines: string[]): void {
    const before = this.lastLines.get(uri);
    for (const line of lines) {
      if (before?.has(line)) continue;
      // The engine logs only what went wrong; a failure is worth a warning, a skip is information.
      if (/\bfailed\b/.test(line)) this.log.warn(line);
      else this.log.info(line);
    }
    this.lastLines.set(uri, new Set(lines));
  }
}

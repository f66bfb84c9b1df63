import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../engine/analyze';
import type { Rule } from '../engine/rule';
import { RULES } from '../../../rules';
import type { AnalyseDocument } from './documents';
import { toDiagnostic } from './diagnostics';
import { withFindingRef } from './fixData';
import type { PricingSettings } from '../engine/cost/estimateTypes';
import type { LatestResults } from './cost/latestResults';
import type { Logger } from './log';
import type { Settings, SettingsStore } from './settings';
import { enginePathOf } from './uris';
import type { Workspace } from './workspace';

/**
 * TEST-ONLY: with MLCOST_TEST_FAULTY_RULE=1 the server also runs a rule that always throws, so the
 * LSP fault-isolation test (test/unit/robustness) can check that one broken rule is logged once and
 * the real rules still report. Never set it outside tests.
 */
const faultyRule: Rule = {
  id: 'test-faulty-rule',
  title: 'Deliberately failing rule (test only)',
  defaultSeverity: 'warning',
  check() {
    throw new Error('deliberate failure (MLCOST_TEST_FAULTY_RULE=1)');
  },
};
const rules: readonly Rule[] | undefined = process.env.MLCOST_TEST_FAULTY_RULE === '1' ? [...RULES, faultyRule] : undefined;

/**
 * The server's one call into the engine: settings → analyze() → diagnostics. The engine's log lines
 * (skipped file, parse error, failing rule) are forwarded once per document until they change, so
 * re-analysing on every keystroke does not repeat them.
 */
export class DocumentAnalyser {
  private readonly lastLines = new Map<string, Set<string>>();
  /** Workspace files that launch a file (the workspace index's map; none until it is wired). */
  launchersOf: (absPath: string) => string[] = () => [];

  constructor(
    private readonly settings: SettingsStore,
    private readonly workspace: Workspace,
    private readonly log: Logger,
    /** Cost lenses/hovers: the pricing each document is estimated with, and where results are kept. */
    private readonly cost?: { pricing(uri: string, settings: Settings): PricingSettings; results: LatestResults },
  ) {}

  readonly analyse: AnalyseDocument = async (doc: TextDocument, isStale: () => boolean) => {
    const settings = await this.settings.get(doc.uri);
    if (!settings.enable) {
      this.cost?.results.store(doc.uri, doc.version, { jobs: [], findings: [], estimates: [], parseErrors: [] });
      return [];
    }
    if (isStale()) return undefined;
    const lines: string[] = [];
    const pricing = this.cost?.pricing(doc.uri, settings);
    const path = enginePathOf(doc.uri);
    const result = await analyze(
      { path, text: doc.getText(), languageId: doc.languageId },
      { files: this.workspace.filesFor(doc.uri), ruleSeverity: settings.rules, log: (m) => lines.push(m), isCancelled: isStale, rules, pricing, launchers: this.launchersOf(path) },
    );
    // Logged even when stale: the engine reports a failing rule only once per process.
    this.forward(doc.uri, lines);
    if (isStale()) return undefined;
    // Kept before publishing, so a lens or hover asked for after the diagnostics finds it.
    this.cost?.results.store(doc.uri, doc.version, result);
    // data ties each diagnostic to this analysis, so code actions need no second one.
    return result.findings.map((f, index) => withFindingRef(toDiagnostic(f), { rule: f.rule, index, version: doc.version }));
  };

  forget(uri: string): void {
    this.lastLines.delete(uri);
    this.cost?.results.forget(uri);
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

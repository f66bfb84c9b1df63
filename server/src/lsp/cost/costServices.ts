// The cost face of the server in one place, so server.ts only wires it: the latest results,
// the overrides file, lens refresh, and the codeLens / hover / breakdown handlers.
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  CodeLensRefreshRequest,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  type ClientCapabilities,
  type Connection,
  type Diagnostic,
  type ServerCapabilities,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { PricingSettings } from '../../engine/cost/estimateTypes';
import { parseOverrides } from '../../engine/cost/overrides';
import { registerBreakdown } from '../breakdown';
import { LensRefresher, registerCodeLenses, type CostLensDeps } from '../codeLens';
import { registerHover } from '../hover';
import { errorText, type Logger } from '../log';
import type { Settings, SettingsStore } from '../settings';
import { filePathOf } from '../uris';
import type { Workspace } from '../workspace';
import { documentPricing, priceScope } from './documentPricing';
import type { PriceScope } from './hardwareInfo';
import { LatestResults } from './latestResults';
import { OverridesFiles, type OverridesProblem } from './overridesFiles';
import type { OpenDocuments } from '../notebooks';

export const OVERRIDES_DIAGNOSTIC_CODE = 'pricing-overrides';

export const COST_CAPABILITIES: ServerCapabilities = { codeLensProvider: { resolveProvider: true }, hoverProvider: true };

export interface CostDeps {
  connection: Connection;
  documents: OpenDocuments;
  workspace: Workspace;
  settings: SettingsStore;
  log: Logger;
  /** Re-analyse every open document (prices changed). */
  reanalyseAll(): void;
  /** Notebook cells (lenses on the cell that starts training). */
  cells?: CostLensDeps['cells'];
}

export function toOverridesDiagnostic(p: OverridesProblem): Diagnostic {
  return { range: p.range, severity: DiagnosticSeverity.Error, source: 'mlcost', code: OVERRIDES_DIAGNOSTIC_CODE, message: p.message };
}

export class CostServices {
  readonly results = new LatestResults();
  private readonly overrides: OverridesFiles;
  private readonly lenses: LensRefresher;
  private caps: ClientCapabilities = {};

  constructor(private readonly deps: CostDeps) {
    const { connection, documents, log } = deps;
    this.overrides = new OverridesFiles(parseOverrides, {
      folders: () => deps.workspace.folders(),
      openText: (abs) => documents.all().find((d) => filePathOf(d.uri) === abs)?.getText(),
      publish: (uri, problems) => {
        connection.sendDiagnostics({ uri, diagnostics: problems.map(toOverridesDiagnostic) }).catch((e: unknown) => log.warn(`mlcost: could not publish diagnostics for ${uri}: ${errorText(e)}`));
      },
      watch: (abs, folder) => this.watch(abs, folder),
      log: (m) => log.warn(m),
    });
    this.lenses = new LensRefresher(async () => {
      if (this.caps.workspace?.codeLens?.refreshSupport) await connection.sendRequest(CodeLensRefreshRequest.type);
    }, log);
    this.results.onStored((stored) => this.lenses.analysed(stored));
    const scope = (uri: string) => this.scope(uri);
    registerCodeLenses(connection, { documents, results: this.results, scope, log, ...(deps.cells && { cells: deps.cells }) });
    registerHover(connection, { documents, results: this.results, scope, log });
    registerBreakdown(connection, this.results, log);
  }

  initialize(caps: ClientCapabilities): void {
    this.caps = caps;
  }

  /** What analyze() is given for a document. */
  pricing(uri: string, settings: Settings): PricingSettings {
    return documentPricing(settings.pricing, this.overrides.forDocument(filePathOf(uri), settings.pricing.overridesFile));
  }

  async scope(uri: string): Promise<PriceScope> {
    const settings = await this.deps.settings.get(uri);
    return priceScope(settings.pricing, this.overrides.forDocument(filePathOf(uri), settings.pricing.overridesFile));
  }

  /** Overrides-file problems to merge into diagnostics published for `uri` (an open JSON overrides file). */
  extraDiagnostics(uri: string): Diagnostic[] {
    return this.overrides.problemsFor(filePathOf(uri)).map(toOverridesDiagnostic);
  }

  /** A document was edited, saved or changed on disk; true when it was the overrides file (then all is re-analysed). */
  fileChanged(uri: string): boolean {
    const abs = filePathOf(uri);
    if (!this.overrides.isOverridesFile(abs)) return false;
    this.overrides.invalidate(abs);
    this.lenses.invalidate();
    this.deps.reanalyseAll();
    return true;
  }

  settingsChanged(): void {
    this.overrides.settingsChanged();
    this.lenses.invalidate();
  }

  forget(uri: string): void {
    this.results.forget(uri);
    this.lenses.forget(uri);
  }

  /** Watch the overrides file on disk when the client lets servers register watchers. */
  private watch(abs: string, folder: string): void {
    const fw = this.caps.workspace?.didChangeWatchedFiles;
    if (!fw?.dynamicRegistration) return;
    const rel = path.relative(folder, abs).split(path.sep).join('/');
    const globPattern = fw.relativePatternSupport ? { baseUri: pathToFileURL(folder).href, pattern: rel } : `**/${path.basename(abs)}`;
    this.deps.connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern }] })
      .catch((e: unknown) => this.deps.log.warn(`mlcost: could not watch ${abs}: ${errorText(e)}`));
  }
}

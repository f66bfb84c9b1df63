// Cost CodeLenses: one per job on its anchor line (run cost, GPU-hours, hardware, $/h) and one per
// line that names hardware ($/h on-demand and spot). Lenses come back unresolved and are titled
// in codeLens/resolve from the latest analysis (no re-analysis); clicking one opens the estimate
// breakdown. All figures are the engine's; this module only places and words them.
import type { CodeLens, CodeLensParams, Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CostEstimate } from '../engine/cost/estimateTypes';
import { hardwareMentions, type HardwareMention } from './cost/hardwareFacts';
import { priceHardware, type PriceScope } from './cost/hardwareInfo';
import { estimateIndexOfJob, estimatesOf, type LatestResults, type StoredResult } from './cost/latestResults';
import { hardwareLensTitle, jobLensTitle, PLACEHOLDER_TITLE } from './cost/lensTitles';
import { errorText, type Logger } from './log';
import { whyNotAnalysed } from './uris';
import type { OpenDocuments } from './notebooks';

export const SHOW_BREAKDOWN_COMMAND = 'mlcost.showEstimateBreakdown';

/** What an unresolved lens carries to codeLens/resolve. `job` indexes the result's estimates. */
export type CostLensData = { uri: string; job: number; kind: 'job' } | { uri: string; job: number; kind: 'hardware'; mention: number };

export interface CostLensDeps {
  documents: OpenDocuments;
  results: LatestResults;
  /** Price scope (provider, region, overrides) for a document, from its settings. */
  scope(uri: string): Promise<PriceScope>;
  log: Logger;
  /** Notebook cells: which notebook a cell belongs to, and its lenses in cell coordinates. */
  cells?: { notebookOfCell(cellUri: string): string | undefined; lensesForCell(cellUri: string, lenses: readonly CodeLens[]): CodeLens[] };
}

export function lensesFor(stored: StoredResult): CodeLens[] {
  const { uri, result } = stored;
  const estimates = estimatesOf(result);
  const lenses: CodeLens[] = [];
  const jobLines = new Set<number>();
  estimates.forEach((e, job) => {
    jobLines.add(e.anchor.start.line);
    const data: CostLensData = { uri, job, kind: 'job' };
    lenses.push({ range: e.anchor, data });
  });
  hardwareMentions(result.jobs).forEach((m, mention) => {
    const job = estimateIndexOfJob(result, m.job);
    // The job lens on the same line already says $/h.
    if (jobLines.has(m.range.start.line) || job < 0) return;
    const data: CostLensData = { uri, job, kind: 'hardware', mention };
    lenses.push({ range: { start: m.range.start, end: m.range.start }, data });
  });
  return lenses;
}

function isLensData(d: unknown): d is CostLensData {
  if (!d || typeof d !== 'object') return false;
  const o = d as Record<string, unknown>;
  return typeof o.uri === 'string' && Number.isInteger(o.job) && (o.kind === 'job' || (o.kind === 'hardware' && Number.isInteger(o.mention)));
}

/** The hardware lens prices the instance the estimate chose for the job's own request. */
function hardwareTitle(m: HardwareMention, e: CostEstimate, scope: PriceScope): string {
  const primary = m.role !== 'alternative' && e.instanceType;
  const p = primary ? priceHardware(e.instanceType!, 'instanceType', undefined, scope) : priceHardware(m.name, m.role === 'instanceType' ? 'instanceType' : 'gpu', m.count, scope);
  if (!p) return `${m.name}: no catalog price${scope.provider || scope.region ? ` in ${[scope.provider, scope.region].filter(Boolean).join(' ')}` : ''}`;
  return hardwareLensTitle({ onDemand: p.onDemand, spot: p.spot, instanceType: p.instanceType, provider: p.provider, region: p.region, perNode: m.nodes > 1 });
}

export async function resolveLens(lens: CodeLens, deps: CostLensDeps): Promise<CodeLens> {
  const data = lens.data;
  if (!isLensData(data)) return lens;
  const stored = deps.results.get(data.uri);
  const e = stored ? estimatesOf(stored.result)[data.job] : undefined;
  let title = PLACEHOLDER_TITLE;
  if (stored && e) {
    if (data.kind === 'job') title = jobLensTitle(e);
    else {
      const m = hardwareMentions(stored.result.jobs)[data.mention];
      if (m) title = hardwareTitle(m, e, await deps.scope(data.uri));
    }
  }
  return { ...lens, command: { title, command: SHOW_BREAKDOWN_COMMAND, arguments: [data.uri, data.job] } };
}

export function registerCodeLenses(connection: Connection, deps: CostLensDeps): void {
  connection.onCodeLens(async (params: CodeLensParams, token) => {
    try {
      // A notebook cell shows the lenses of its notebook's program that fall inside it.
      const notebook = deps.cells?.notebookOfCell(params.textDocument.uri);
      const doc = deps.documents.get(notebook ?? params.textDocument.uri);
      if (!doc || whyNotAnalysed(doc.uri, doc.languageId)) return [];
      const stored = await deps.results.at(doc.uri, doc.version, token);
      if (!stored) return [];
      return notebook ? deps.cells!.lensesForCell(params.textDocument.uri, lensesFor(stored)) : lensesFor(stored);
    } catch (e) {
      deps.log.error(`mlcost: codeLens failed: ${errorText(e)}`);
      return [];
    }
  });
  connection.onCodeLensResolve(async (lens) => {
    try {
      return await resolveLens(lens, deps);
    } catch (e) {
      deps.log.error(`mlcost: codeLens/resolve failed: ${errorText(e)}`);
      return lens;
    }
  });
}

/**
 * Asks the client to re-query lenses after an analysis changed what they would say, when the
 * client supports `workspace/codeLens/refresh`; one request per change, not per keystroke.
 */
export class LensRefresher {
  private readonly shown = new Map<string, string>();

  constructor(
    private readonly refresh: () => Promise<void>,
    private readonly log: Logger,
  ) {}

  analysed(stored: StoredResult): void {
    const key = JSON.stringify([estimatesOf(stored.result), hardwareMentions(stored.result.jobs).map((m) => [m.range.start, m.name])]);
    if (this.shown.get(stored.uri) === key) return;
    this.shown.set(stored.uri, key);
    this.refresh().catch((e: unknown) => this.log.warn(`mlcost: codeLens refresh failed: ${errorText(e)}`));
  }

  /** Prices changed (settings, overrides file): every lens may say something else. */
  invalidate(): void {
    this.shown.clear();
  }

  forget(uri: string): void {
    this.shown.delete(uri);
  }
}

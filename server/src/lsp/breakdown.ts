// `mlcost/estimateBreakdown` {uri, job} → Markdown listing every assumption of one job's estimate
// with its source; the client previews it (command mlcost.showEstimateBreakdown).
import type { Connection } from 'vscode-languageserver/node';
import { catalogMeta } from '../engine/cost/catalog';
import { breakdownMarkdown, noEstimateMarkdown } from './cost/breakdownMarkdown';
import { estimatesOf, type LatestResults } from './cost/latestResults';
import { errorText, type Logger } from './log';

export const ESTIMATE_BREAKDOWN_REQUEST = 'mlcost/estimateBreakdown';

export interface BreakdownParams {
  uri: string;
  job: number;
}

function isParams(p: unknown): p is BreakdownParams {
  if (!p || typeof p !== 'object') return false;
  const o = p as Record<string, unknown>;
  return typeof o.uri === 'string' && Number.isInteger(o.job) && (o.job as number) >= 0;
}

export function breakdownFor(results: LatestResults, params: unknown): string {
  if (!isParams(params)) return noEstimateMarkdown('The request needs a document `uri` and a `job` index.');
  const stored = results.get(params.uri);
  if (!stored) return noEstimateMarkdown('This file has not been analysed (is it open, and a training config or script?).');
  const e = estimatesOf(stored.result)[params.job];
  if (!e) return noEstimateMarkdown(`No cost estimate for job ${params.job} in this file.`);
  const m = catalogMeta();
  return breakdownMarkdown(e, stored.uri, { source: m.source, retrieved: m.retrieved, notes: m.notes });
}

export function registerBreakdown(connection: Connection, results: LatestResults, log: Logger): void {
  connection.onRequest(ESTIMATE_BREAKDOWN_REQUEST, (params: unknown) => {
    try {
      return breakdownFor(results, params);
    } catch (e) {
      log.error(`mlcost: ${ESTIMATE_BREAKDOWN_REQUEST} failed: ${errorText(e)}`);
      return noEstimateMarkdown('The breakdown could not be built; see the mlcost output.');
    }
  });
}

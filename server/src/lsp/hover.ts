// Hover on a GPU or instance type the analysed file names: specs, prices where the settings say,
// cheaper instances that still hold the job. Answers from the latest analysis; the Markdown is
// built in cost/hoverMarkdown.ts.
import { MarkupKind, type Connection, type Hover, type TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { contains, hardwareMentions, type HardwareMention } from './cost/hardwareFacts';
import { hardwareInfo, type PriceScope } from './cost/hardwareInfo';
import { hoverMarkdown, jobHoverMarkdown } from './cost/hoverMarkdown';
import { optionsTable } from './cost/breakdownMarkdown';
import { estimateIndexOfJob, estimatesOf, type LatestResults } from './cost/latestResults';
import { errorText, type Logger } from './log';
import { whyNotAnalysed } from './uris';
import type { OpenDocuments } from './notebooks';

export interface HoverDeps {
  documents: OpenDocuments;
  results: LatestResults;
  scope(uri: string): Promise<PriceScope>;
  log: Logger;
}

/** The narrowest mention under the cursor (an `instance_type` value inside a larger block wins). */
function mentionAt(mentions: HardwareMention[], line: number, character: number): HardwareMention | undefined {
  const size = (m: HardwareMention) => (m.range.end.line - m.range.start.line) * 1e6 + m.range.end.character - m.range.start.character;
  return mentions.filter((m) => contains(m.range, line, character)).sort((a, b) => size(a) - size(b))[0];
}

export function registerHover(connection: Connection, deps: HoverDeps): void {
  connection.onHover(async (params, token): Promise<Hover | null> => {
    try {
      const doc = deps.documents.get(params.textDocument.uri);
      if (!doc || whyNotAnalysed(doc.uri, doc.languageId)) return null;
      const stored = await deps.results.at(doc.uri, doc.version, token);
      if (!stored) return null;
      const m = mentionAt(hardwareMentions(stored.result.jobs), params.position.line, params.position.character);
      if (!m) {
        // On a job's anchor line (where its lens is): the estimate and its hardware options.
        const e = estimatesOf(stored.result).find((x) => x.anchor.start.line === params.position.line);
        if (!e) return null;
        return { contents: { kind: MarkupKind.Markdown, value: jobHoverMarkdown(e) }, range: e.anchor };
      }
      const e = estimatesOf(stored.result)[estimateIndexOfJob(stored.result, m.job)];
      const scope = await deps.scope(doc.uri);
      // The job's own GPU request is priced as the instance the estimate chose for it.
      const asInstance = m.role === 'gpu' && e?.instanceType ? e.instanceType : undefined;
      const info = hardwareInfo(asInstance ?? m.name, asInstance || m.role === 'instanceType' ? 'instanceType' : 'gpu', {
        count: m.count,
        // Inference memory is the whole replica's; training memory is already per GPU.
        needGiB: e?.memory && (stored.result.jobs[m.job]?.workload === 'inference' ? e.memory.needGiB / Math.max(1, m.count ?? 1) : e.memory.needGiB),
        scope,
      });
      const options = e ? optionsTable(e) : [];
      return { contents: { kind: MarkupKind.Markdown, value: [hoverMarkdown(info, scope), ...(options.length ? ['', ...options] : [])].join('\n') }, range: m.range };
    } catch (e) {
      deps.log.error(`mlcost: hover failed: ${errorText(e)}`);
      return null;
    }
  });
}

// The estimate breakdown as Markdown: every assumption behind the figures with where it comes from.
// Pure (no LSP): the `mlcost/estimateBreakdown` request returns it and the client previews it.
import { referenceText } from '../../engine/cost/referenceText';
import type { Assumption, AssumptionSource, CostEstimate } from '../../engine/cost/estimateTypes';
import { hoursText, usdEstimate, usdRate } from './money';

export interface CatalogCitation {
  source: string;
  retrieved: string;
  notes: readonly string[];
}

/** A table cell: no pipes or line breaks may break the row. */
export function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** `uri` is the analysed document: file facts without their own uri are in it. */
export function sourceText(source: AssumptionSource, uri: string): string {
  switch (source.kind) {
    case 'file': {
      const target = source.uri ?? uri;
      const name = decodeURIComponent(target.replace(/[?#].*$/, '').split('/').pop() ?? target);
      // Plain text: markdown-it (VS Code's preview) refuses `file:` links and would show raw Markdown.
      return `file: \`${source.key}\`, ${name} line ${source.range.start.line + 1}`;
    }
    case 'annotation':
      return `annotation \`# mlcost: ${source.key}=…\`, line ${source.range.start.line + 1}`;
    case 'setting':
      return `setting \`${source.name}\``;
    case 'default':
      return `library default: ${source.reason}`;
    case 'catalog':
      // The bundled Hub dataset table is a catalog of sizes, not of prices.
      return `${/^Hugging Face dataset table/.test(source.detail) ? 'dataset table' : 'price catalog'}: ${source.detail}`;
    case 'calibration':
      return `calibration: ${source.detail}`;
    case 'model':
      return `cost model: ${source.detail}`;
  }
}

function summary(e: CostEstimate): string[] {
  const out: string[] = [];
  if (e.hardwareLabel) out.push(`- **Hardware:** ${e.hardwareLabel}${e.provider ? ` on ${e.provider}${e.region ? ` ${e.region}` : ''}` : ''}${e.hardwareAssumed ? ` — _assumed: ${e.hardwareAssumed}_` : ''}`);
  const reference = referenceText(e);
  if (reference) out.push(`- **Work:** _assumed_ — ${reference}. No saving is claimed from it${e.reference?.model ? ', and it stays out of the budget total' : ''}.`);
  else if (e.workAssumed) out.push('- **Work:** _assumed_ (the file does not state all of the model, the data and the steps; see the assumptions)');
  if (e.onDemandPerHour !== undefined) {
    out.push(`- **Price:** ${usdRate(e.onDemandPerHour)}/h on-demand${e.spotPerHour !== undefined ? `, ${usdRate(e.spotPerHour)}/h spot` : ''}${e.usesSpot ? ' (the job asks for spot)' : ''}`);
  }
  // A run bounded by its time limit (the work unknown): at most these figures.
  const about = e.hoursAtMost ? '≤' : '≈';
  if (e.hours !== undefined) out.push(`- **Run time:** ${e.hoursAtMost ? 'at most ' : ''}${hoursText(e.hours)} h${e.gpuHours !== undefined ? ` (${hoursText(e.gpuHours)} GPU-h)` : ''}${e.hoursAtMost ? " (the job's time limit)" : ''}`);
  if (e.runCostOnDemand !== undefined) {
    out.push(`- **Run cost:** ${about} ${usdEstimate(e.runCostOnDemand)} on-demand${e.runCostSpot !== undefined ? `, ${about} ${usdEstimate(e.runCostSpot)} on spot` : ''}`);
  }
  if (e.memory) {
    const fit = e.memory.fits === undefined ? '' : e.memory.fits ? ' (fits)' : ' (**does not fit**)';
    out.push(`- **GPU memory:** needs ≈ ${e.memory.needGiB.toFixed(1)} GiB${e.memory.availableGiB !== undefined ? ` of ${e.memory.availableGiB.toFixed(1)} GiB` : ''}${fit}`);
  }
  if (e.missing) out.push(`- **Missing:** ${e.missing}`);
  return out;
}

export function assumptionTable(assumptions: readonly Assumption[], uri: string): string[] {
  if (!assumptions.length) return ['_No assumptions recorded._'];
  return ['| Assumption | Value | Source |', '| --- | --- | --- |', ...assumptions.map((a) => `| ${cell(a.name)} | ${cell(a.value)} | ${cell(sourceText(a.source, uri))} |`)];
}

/**
 * The hardware options table, optimizer-style: GPU type × count with its cheapest instance, wall
 * time, $/run on-demand and spot, $/h, and whether the job fits. Every row does the same work.
 */
/** `42 min` under an hour, else `3.1 h`. */
function wallTime(hours: number): string {
  return hours < 1 ? `${Math.max(1, Math.round(hours * 60))} min` : `${hoursText(hours)} h`;
}

export function optionsTable(e: CostEstimate): string[] {
  const rows = e.options ?? [];
  if (!rows.length) return [];
  const timed = rows.some((o) => o.hours !== undefined);
  const head = timed
    ? ['| Hardware | Instance | Wall time | $/run on-demand | $/run spot | $/h | Fits |', '| --- | --- | --- | --- | --- | --- | --- |']
    : ['| Hardware | Instance | Tokens/s | $ per 1B tokens | $/h on-demand | $/h spot | Fits |', '| --- | --- | --- | --- | --- | --- | --- |'];
  const mark = (o: NonNullable<CostEstimate['options']>[number]) => (o.current ? ' (this job)' : o.chosen ? ' (assumed)' : '');
  const fit = (o: NonNullable<CostEstimate['options']>[number]) => (o.fits ? (o.sharded ? 'yes, sharded (FSDP/ZeRO-3)' : 'yes') : 'no');
  const body = rows.map((o) => {
    const hw = `**${o.gpus}×${o.gpu}**${mark(o)}${o.scaling !== undefined && o.scaling < 0.9 ? ` · ${Math.round(o.scaling * 100)}% per GPU` : ''}`;
    const inst = `${cell(o.instanceType)} (${o.provider})`;
    if (timed) {
      return `| ${hw} | ${inst} | ${o.hours !== undefined ? wallTime(o.hours) : '—'} | ${o.runCostOnDemand !== undefined ? usdEstimate(o.runCostOnDemand) : '—'} | ${o.runCostSpot !== undefined ? usdEstimate(o.runCostSpot) : '—'} | ${usdRate(o.onDemandPerHour)} | ${fit(o)} |`;
    }
    return `| ${hw} | ${inst} | ${o.tokensPerSecond !== undefined ? Math.round(o.tokensPerSecond).toLocaleString('en-US') : '—'} | ${o.usdPerBillionTokens !== undefined ? usdEstimate(o.usdPerBillionTokens) : '—'} | ${usdRate(o.onDemandPerHour)} | ${o.spotPerHour !== undefined ? usdRate(o.spotPerHour) : '—'} | ${fit(o)} |`;
  });
  const note = timed
    ? `_Each row runs the same ${e.tokens !== undefined ? `${e.tokens.toExponential(2)} tokens` : 'work'}, timed by the same throughput model; prices are catalog list prices (cheapest instance per row)._`
    : '_The run size is unknown (state tokens or steps), so rows compare cost per token: the ratio is the run-cost ratio. Catalog list prices, cheapest instance per row._';
  return ['## Hardware options', '', ...head, ...body, '', note, ''];
}

export function breakdownMarkdown(e: CostEstimate, uri: string, catalog: CatalogCitation): string {
  return [
    `# Cost estimate: ${e.jobName}`,
    '',
    ...summary(e),
    '',
    ...optionsTable(e),
    '## Assumptions',
    '',
    ...assumptionTable(e.assumptions, uri),
    '',
    '## Prices',
    '',
    `Public list prices in USD per instance-hour from the ${catalog.source}, retrieved ${catalog.retrieved}. Rows in \`mlcost.pricing.overridesFile\` replace them.`,
    '',
    ...catalog.notes.map((n) => `- ${n}`),
    '',
    '_Estimates are rough by design: change any assumption above in the file (or with a `# mlcost: key=value` annotation) to refine them._',
    '',
  ].join('\n');
}

/** When there is nothing to break down (stale job index, file not analysed). */
export function noEstimateMarkdown(why: string): string {
  return `# Cost estimate\n\n${why}\n`;
}

// The estimate breakdown as Markdown: every assumption behind the figures with where it comes from.
// Pure (no LSP): the `mlcost/estimateBreakdown` request returns it and the client previews it.
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

function fileLink(uri: string, line: number, label: string): string {
  return `[${label}](${uri}#L${line + 1})`;
}

/** `uri` is the analysed document: file facts without their own uri are in it. */
export function sourceText(source: AssumptionSource, uri: string): string {
  switch (source.kind) {
    case 'file': {
      const target = source.uri ?? uri;
      const name = decodeURIComponent(target.replace(/[?#].*$/, '').split('/').pop() ?? target);
      return `file: \`${source.key}\`, ${fileLink(target, source.range.start.line, `${name} line ${source.range.start.line + 1}`)}`;
    }
    case 'annotation':
      return `annotation \`# mlcost: ${source.key}=…\`, ${fileLink(uri, source.range.start.line, `line ${source.range.start.line + 1}`)}`;
    case 'setting':
      return `setting \`${source.name}\``;
    case 'default':
      return `library default: ${source.reason}`;
    case 'catalog':
      return `price catalog: ${source.detail}`;
    case 'calibration':
      return `calibration: ${source.detail}`;
    case 'model':
      return `cost model: ${source.detail}`;
  }
}

function summary(e: CostEstimate): string[] {
  const out: string[] = [];
  if (e.hardwareLabel) out.push(`- **Hardware:** ${e.hardwareLabel}${e.provider ? ` on ${e.provider}${e.region ? ` ${e.region}` : ''}` : ''}`);
  if (e.onDemandPerHour !== undefined) {
    out.push(`- **Price:** ${usdRate(e.onDemandPerHour)}/h on-demand${e.spotPerHour !== undefined ? `, ${usdRate(e.spotPerHour)}/h spot` : ''}${e.usesSpot ? ' (the job asks for spot)' : ''}`);
  }
  if (e.hours !== undefined) out.push(`- **Run time:** ${hoursText(e.hours)} h${e.gpuHours !== undefined ? ` (${hoursText(e.gpuHours)} GPU-h)` : ''}`);
  if (e.runCostOnDemand !== undefined) {
    out.push(`- **Run cost:** ≈ ${usdEstimate(e.runCostOnDemand)} on-demand${e.runCostSpot !== undefined ? `, ≈ ${usdEstimate(e.runCostSpot)} on spot` : ''}`);
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

export function breakdownMarkdown(e: CostEstimate, uri: string, catalog: CatalogCitation): string {
  return [
    `# Cost estimate: ${e.jobName}`,
    '',
    ...summary(e),
    '',
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

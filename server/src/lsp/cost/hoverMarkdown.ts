// Hover text for a GPU or instance type: specs, prices where the settings say, and cheaper
// instances that still hold the job. Pure Markdown from HardwareInfo; no LSP imports.
import type { CostEstimate } from '../../engine/cost/estimateTypes';
import { cell, optionsTable } from './breakdownMarkdown';
import { jobLensTitle } from './lensTitles';
import type { HardwareInfo, PricedInstance } from './hardwareInfo';
import { usdRate } from './money';

function specLine(info: HardwareInfo): string | undefined {
  const s = info.spec;
  if (!s) return undefined;
  const count = info.gpuCount !== undefined ? `${info.gpuCount}×` : '';
  const half = s.peakTflops.bf16 ?? s.peakTflops.fp16;
  const peaks = [`${half} ${s.peakTflops.bf16 ? 'bf16' : 'fp16'}`, s.peakTflops.tf32 ? `${s.peakTflops.tf32} tf32` : '', `${s.peakTflops.fp32} fp32`].filter(Boolean).join(', ');
  return `**${count}${s.name}** · ${s.memoryGiB} GiB per GPU · bf16 ${s.bf16 ? 'yes' : 'no'} · peak dense TFLOP/s: ${peaks}`;
}

const where = (p: PricedInstance): string => `${p.provider} ${p.region}`;
const spot = (p: PricedInstance): string => (p.spot !== undefined ? `${usdRate(p.spot)}/h` : '—');
const src = (p: PricedInstance): string => (p.overridden ? 'your overrides file' : 'catalog');

export function hoverMarkdown(info: HardwareInfo, scope: { provider?: string; region?: string }): string {
  const out: string[] = [];
  out.push(specLine(info) ?? `**${info.name}**`);
  out.push('');
  const p = info.priced;
  if (p) {
    out.push('| Instance | Where | On-demand | Spot | Price from |', '| --- | --- | --- | --- | --- |');
    out.push(`| ${cell(p.instanceType)} | ${where(p)} | ${usdRate(p.onDemand)}/h | ${spot(p)} | ${src(p)} |`);
    if (p.notes) out.push('', `_${p.notes}_`);
  } else {
    const s = [scope.provider, scope.region].filter(Boolean).join(' ');
    out.push(`No catalog price for ${info.name}${s ? ` in ${s}` : ''}; add one to \`mlcost.pricing.overridesFile\`.`);
  }
  if (info.alternatives.length) {
    out.push('', `**Cheapest catalog instances that hold this job** (≈ ${info.needGiB!.toFixed(1)} GiB per GPU):`, '');
    out.push('| Instance | GPUs | Where | On-demand | vs this |', '| --- | --- | --- | --- | --- |');
    for (const a of info.alternatives) {
      const vs = a.saving !== undefined ? `−${a.saving}%` : p ? `+${Math.round((a.onDemand / p.onDemand - 1) * 100)}%` : '';
      out.push(`| ${cell(a.instanceType)} | ${a.gpuCount ?? '?'}×${a.gpu ?? '?'} | ${where(a)} | ${usdRate(a.onDemand)}/h | ${vs} |`);
    }
  } else if (info.needGiB === undefined) {
    out.push('', '_Name the model (or `# mlcost: params=…`) to see cheaper instances that fit._');
  }
  out.push('', `_Prices: public list prices, USD, ${info.catalog.source}; retrieved ${info.catalog.retrieved}. GPU specs: NVIDIA datasheets._`);
  return out.join('\n');
}

/** Hover on a job's anchor line: what its lens says, and the hardware options to pick from. */
export function jobHoverMarkdown(e: CostEstimate): string {
  const out = [`**mlcost: ${cell(e.jobName)}** — ${jobLensTitle(e).replace(/^mlcost: /, '')}`, ''];
  const options = optionsTable(e);
  if (options.length) out.push(...options);
  else if (e.missing) out.push(`_To estimate: ${e.missing}_`, '');
  out.push('_Click the cost lens for every assumption and its source._');
  return out.join('\n');
}

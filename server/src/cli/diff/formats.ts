// `mlcost diff` output: text for a terminal, JSON for tools, Markdown for a pull-request comment
// (a table of changed jobs, new and fixed findings, assumptions as footnotes, details collapsed).
import type { Assumption, AssumptionSource } from '../../engine/cost/estimateTypes';
import { signedUsd, usd, type JobCost } from '../jobCosts';
import type { DiffReport, JobDiff } from './compare';

export function diffJson(r: DiffReport): string {
  return JSON.stringify(r, null, 2) + '\n';
}

const money = (x: number | undefined) => (x === undefined ? '?' : usd(x));
const pair = (b: string | undefined, a: string | undefined) => (b === a ? (a ?? '—') : `${b ?? '—'} → ${a ?? '—'}`);
const where = (j: JobDiff) => (j.previousFile ? `${j.previousFile} → ${j.file}` : j.file);

function costCell(side: JobCost | undefined, pick: (c: JobCost) => number | undefined): string | undefined {
  if (!side) return undefined;
  const v = pick(side);
  return v === undefined ? 'unknown' : money(v);
}

export function diffText(r: DiffReport): string {
  const out: string[] = [];
  if (!r.jobs.length) {
    out.push(`No change in training jobs between ${r.base} and ${r.head}.`);
    return out.join('\n') + '\n';
  }
  for (const j of r.jobs) {
    out.push(`${j.status.padEnd(7)}  ${where(j)} · ${j.job}`);
    out.push(`         hardware  ${pair(j.before?.hardware, j.after?.hardware)}`);
    out.push(`         per run   ${pair(costCell(j.before, (c) => c.runCostUsd), costCell(j.after, (c) => c.runCostUsd))}`);
    out.push(`         per month ${pair(costCell(j.before, (c) => c.monthlyUsd), costCell(j.after, (c) => c.monthlyUsd))}  (${signedUsd(j.monthlyDeltaUsd)})`);
    for (const side of [j.before, j.after]) if (side?.missing && side.monthlyUsd === undefined) out.push(`         ${side === j.before ? 'base' : 'head'}: ${side.missing}`);
    for (const f of j.newFindings) out.push(`         + ${f.rule} (line ${f.line}): ${oneLine(f.message)}`);
    for (const f of j.fixedFindings) out.push(`         − fixed ${f.rule}`);
  }
  out.push('');
  out.push(totalLine(r));
  return out.join('\n') + '\n';
}

function totalLine(r: DiffReport): string {
  const t = r.totals;
  const unknown = t.unknownAfter || t.unknownBefore ? ` (${t.unknownBefore} job(s) unpriced on the base, ${t.unknownAfter} on the head)` : '';
  return `Monthly estimate: ${usd(t.beforeMonthlyUsd)} → ${usd(t.afterMonthlyUsd)} (${signedUsd(t.deltaMonthlyUsd)}/month) between ${r.base} and ${r.head}${unknown}.`;
}

export function diffMarkdown(r: DiffReport): string {
  const t = r.totals;
  const out: string[] = ['### mlcost: training cost of this change', ''];
  if (!r.jobs.length) {
    out.push(`No change in the training jobs' estimated cost or findings (${esc(r.base)} → ${esc(r.head)}).`);
    return out.join('\n') + '\n';
  }
  out.push(
    `**${signedUsd(t.deltaMonthlyUsd)}/month** — the workspace estimate goes from ${usd(t.beforeMonthlyUsd)} to ${usd(t.afterMonthlyUsd)} per month ` +
      `(${r.jobs.length} job${r.jobs.length === 1 ? '' : 's'} changed; base ${code(r.base)}, head ${code(r.head)}).`,
  );
  out.push('');
  out.push('| | Job | Hardware | Per run | Per month | Change |');
  out.push('|---|---|---|---|---|---|');
  const notes: string[] = [];
  for (const j of r.jobs) {
    const mark = j.status === 'added' ? '🆕' : j.status === 'removed' ? '🗑️' : '✏️';
    const side = j.after ?? j.before!;
    const assumptions = side.assumptions.filter(shown);
    let ref = '';
    if (assumptions.length || (side.missing && side.monthlyUsd === undefined)) {
      notes.push(footnote(notes.length + 1, j, side, assumptions));
      ref = `[^${notes.length}]`;
    }
    out.push(
      `| ${mark} | ${code(where(j))} · ${esc(j.job)} | ${esc(pair(j.before?.hardware, j.after?.hardware))} | ` +
        `${esc(pair(costCell(j.before, (c) => c.runCostUsd), costCell(j.after, (c) => c.runCostUsd)))}${ref} | ` +
        `${esc(pair(costCell(j.before, (c) => c.monthlyUsd), costCell(j.after, (c) => c.monthlyUsd)))} | ${signedUsd(j.monthlyDeltaUsd)} |`,
    );
  }
  const added = r.jobs.flatMap((j) => j.newFindings.map((f) => ({ j, f })));
  const fixed = r.jobs.flatMap((j) => j.fixedFindings.map((f) => ({ j, f })));
  if (added.length || fixed.length) {
    out.push('');
    out.push(`<details><summary>Findings: ${added.length} new, ${fixed.length} fixed</summary>`);
    out.push('');
    for (const { j, f } of added) out.push(`- ⚠️ **${f.rule}** ${code(`${j.file}:${f.line}`)} — ${esc(oneLine(f.message))}`);
    for (const { j, f } of fixed) out.push(`- ✅ fixed **${f.rule}** in ${code(j.previousFile ?? j.file)}`);
    out.push('');
    out.push('</details>');
  }
  if (t.unknownAfter || t.unknownBefore) {
    out.push('');
    out.push(`_${t.unknownAfter} job(s) on the head and ${t.unknownBefore} on the base have no run cost and are not in the totals; the footnotes say what to add._`);
  }
  if (notes.length) {
    out.push('');
    out.push(...notes);
  }
  out.push('');
  out.push('<sub>Estimates: list prices from the catalog bundled with mlcost, per run × runs per month (`# mlcost: runs-per-month=N`, default 1). See the cost model documentation.</sub>');
  return out.join('\n') + '\n';
}

/** The assumptions worth a footnote: hardware, work and price, not every intermediate figure. */
function shown(a: Assumption): boolean {
  return /^(GPUs|hardware|instance|price|tokens|steps|dataset|epochs|hours|parameters|runs per month)/i.test(a.name);
}

function footnote(n: number, j: JobDiff, side: JobCost, assumptions: Assumption[]): string {
  const parts = assumptions.map((a) => `${a.name}: ${a.value} (${sourceText(a.source)})`);
  if (side.missing && side.monthlyUsd === undefined) parts.push(`not priced: ${side.missing}`);
  return `[^${n}]: ${esc(`${j.file} · ${j.job}`)} — ${esc(parts.join('; '))}`;
}

function sourceText(s: AssumptionSource): string {
  switch (s.kind) {
    case 'file':
      return `\`${s.key}\`${s.uri ? ` in ${s.uri.split('/').pop()}` : ''}`;
    case 'annotation':
      return `\`# mlcost: ${s.key}\``;
    case 'setting':
      return `setting ${s.name}`;
    case 'default':
      return s.reason;
    default:
      return s.detail;
  }
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Table cells and prose: pipes and angle brackets would break the Markdown or inject HTML. */
function esc(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function code(s: string): string {
  return `\`${s.replace(/`/g, "'")}\``;
}

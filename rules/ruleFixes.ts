import type { CatalogInstance } from '../server/src/engine/cost/catalog';
import type { Fact, DatasetRef, Fix, Job } from '../server/src/engine/types';

// The fixes rules attach to their findings. Rules decide WHAT to change; the job's editor (set by
// its dialect) decides how to write it in the file's own syntax, or returns undefined when it
// cannot do so safely. The helpers keep each rule's `check()` down to one line for its fixes.

/** `fixes` for a RuleFinding: absent rather than empty when there are none. */
export function fixesOf(...fixes: (Fix | undefined)[]): { fixes?: Fix[] } {
  const list = fixes.filter((f): f is Fix => f !== undefined && f.edits.length > 0);
  return list.length ? { fixes: list } : {};
}

export function precisionFix(job: Job, target: 'bf16' | 'fp16'): Fix | undefined {
  return job.editor?.setPrecision?.(target);
}

export function checkpointFix(job: Job): Fix | undefined {
  return job.editor?.addCheckpointing?.();
}

export function parquetFix(job: Job, dataset: Fact<DatasetRef>): Fix | undefined {
  return job.editor?.useParquet?.(dataset);
}

/**
 * One unsafe fix per catalog choice (cheapest first), titled with what it saves per hour:
 * `Use 1×L4 (g6.xlarge) — saves ≈ $31/h`. Choices that save nothing are left out.
 */
export function hardwareFixes(job: Job, choices: readonly CatalogInstance[], opts: { perHour?: number; sagemaker: boolean; cpu: boolean; nodes?: number }): Fix[] {
  const editor = job.editor?.setHardware;
  if (!editor) return [];
  const out: Fix[] = [];
  for (const c of choices) {
    const nodes = Math.max(1, opts.nodes ?? 1);
    const saving = opts.perHour !== undefined ? opts.perHour - c.onDemand * nodes : undefined;
    if (saving !== undefined && saving <= 0) continue;
    const instanceType = opts.sagemaker ? `ml.${c.instanceType}` : c.instanceType;
    const what = opts.cpu || !c.gpu ? `${instanceType} (CPU)` : `${c.gpuCount ?? 1}×${c.gpu} (${instanceType})`;
    const title = `Use ${what}${nodes > 1 ? ` on each of ${nodes} nodes` : ''}${saving !== undefined ? ` — saves ≈ ${money(saving)}/h` : ''}`;
    const fix = editor.call(job.editor, { instanceType, gpu: opts.cpu ? undefined : c.gpu, gpuCount: opts.cpu ? undefined : c.gpuCount ?? 1, title });
    // Changing hardware changes the bill and where the job can run: never applied unasked.
    if (fix && fix.edits.length) out.push({ ...fix, safe: false });
  }
  return out;
}

function money(usd: number): string {
  return usd >= 10 ? `$${Math.round(usd)}` : `$${usd.toFixed(2)}`;
}

export function spotFix(job: Job): Fix | undefined {
  return job.editor?.useSpot?.();
}

export function searchFixes(job: Job): Fix[] {
  return job.editor?.cheaperSearch?.() ?? [];
}

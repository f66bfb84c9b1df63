// How every face words an estimate sized on a reference workload (work.ts: a typical model size or
// dataset where the file says nothing): what was assumed, and the one thing to add.
import type { CostEstimate } from './estimateTypes';

/** `assumed a 7B model and 3.1e7 tokens of typical fine-tuning data: name the model (…)`; undefined when nothing was. */
export function referenceText(e: Pick<CostEstimate, 'reference'>): string | undefined {
  const r = e.reference;
  if (!r || (!r.model && !r.data)) return undefined;
  const assumed = [r.model?.assumed, r.data?.assumed].filter(Boolean).join(' and ');
  // The model first: with it named, the data is often found too (a launcher's dataset flag).
  const add = r.model?.add ?? r.data!.add;
  return `not stated, assumed ${assumed}: ${add}`;
}

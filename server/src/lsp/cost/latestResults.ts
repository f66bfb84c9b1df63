// The latest analysis of each open document, kept so that lenses, hovers and the breakdown answer
// from it instead of analysing again. A request for a version not analysed yet waits for it
// (clients ask for lenses right after opening), but never longer than WAIT_MS: then the last
// result answers, and the codeLens refresh after the next analysis corrects it.
import type { AnalysisResult } from '../../engine/analyze';
import type { CostEstimate } from '../../engine/cost/estimateTypes';

export interface StoredResult {
  uri: string;
  version: number;
  result: AnalysisResult;
}

/** The estimates of a result (jobs the engine does not price, e.g. CPU-only, have none). */
export function estimatesOf(result: AnalysisResult): readonly CostEstimate[] {
  return result.estimates ?? [];
}

/** Index of the estimate of `result.jobs[job]`: estimates are not one per job, so match by anchor. */
export function estimateIndexOfJob(result: AnalysisResult, job: number): number {
  const j = result.jobs[job];
  if (!j) return -1;
  const same = (a: CostEstimate) =>
    a.jobName === j.name && a.anchor.start.line === j.anchor.start.line && a.anchor.start.character === j.anchor.start.character;
  return estimatesOf(result).findIndex(same);
}

const WAIT_MS = 3000;

interface Waiter {
  version: number;
  resolve: () => void;
}

export class LatestResults {
  private readonly results = new Map<string, StoredResult>();
  private readonly waiters = new Map<string, Waiter[]>();
  private readonly listeners: ((stored: StoredResult) => void)[] = [];

  store(uri: string, version: number, result: AnalysisResult): void {
    const stored = { uri, version, result };
    this.results.set(uri, stored);
    const waiting = this.waiters.get(uri) ?? [];
    const done = waiting.filter((w) => w.version <= version);
    this.waiters.set(uri, waiting.filter((w) => w.version > version));
    done.forEach((w) => w.resolve());
    for (const l of this.listeners) l(stored);
  }

  /** Called after each stored result (to refresh lenses). */
  onStored(listener: (stored: StoredResult) => void): void {
    this.listeners.push(listener);
  }

  get(uri: string): StoredResult | undefined {
    return this.results.get(uri);
  }

  /** The result for `version` or later; the latest one after WAIT_MS or when cancelled. */
  async at(uri: string, version: number, cancelled?: { onCancellationRequested(l: () => void): unknown }): Promise<StoredResult | undefined> {
    const hit = this.results.get(uri);
    if (hit && hit.version >= version) return hit;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(finish, WAIT_MS);
      function finish(): void {
        clearTimeout(timer);
        resolve();
      }
      const list = this.waiters.get(uri) ?? [];
      list.push({ version, resolve: finish });
      this.waiters.set(uri, list);
      cancelled?.onCancellationRequested(finish);
    });
    return this.results.get(uri);
  }

  forget(uri: string): void {
    this.results.delete(uri);
    this.waiters.get(uri)?.forEach((w) => w.resolve());
    this.waiters.delete(uri);
  }
}

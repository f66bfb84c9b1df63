// The index's progress bar, reported at most once per percent or every 250 ms (one `$/progress`
// message per file was 10,000 messages for a large workspace), and always at the last file so the
// bar ends on "n/n files".
import type { IndexProgress } from '../workspaceIndex';

const MIN_INTERVAL_MS = 250;

export class ProgressReporter {
  private lastPct = -1;
  private lastAt = 0;

  constructor(
    private readonly progress: IndexProgress,
    private readonly now: () => number = Date.now,
  ) {}

  step(done: number, total: number): void {
    if (total <= 0) return;
    const pct = Math.min(100, Math.round((done / total) * 100));
    const t = this.now();
    if (pct === this.lastPct && t - this.lastAt < MIN_INTERVAL_MS && done !== total) return;
    this.lastPct = pct;
    this.lastAt = t;
    this.progress.report(pct, `${done}/${total} files`);
  }

  done(): void {
    this.progress.done();
  }
}

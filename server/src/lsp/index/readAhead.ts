// Reads the index's next files ahead of the analysis: a few fs.promises reads in flight on the
// thread pool while the main thread analyses the current file, so no file waits on its own
// stat/open/read/close round trips (one file at a time left the main thread idle a third of a cold
// index). The analysis itself stays sequential; the caller yields between files.
import { promises as fsp } from 'fs';
import { maxBytesFor } from '../../engine/fileAccess';

/** Reads in flight: enough to cover the thread-pool hops of one file's analysis, small in memory. */
export const READ_AHEAD = 8;

export interface Queued {
  abs: string;
  /** The index generation it was queued under (a newer walk drops it). */
  gen: number;
}

export interface ReadFile extends Queued {
  /** Undefined: gone, not a regular file, or over the size limit (maxBytesFor). */
  text: string | undefined;
}

/** Stat first so an oversized file is never read into memory. */
export async function readCandidate(abs: string): Promise<string | undefined> {
  try {
    const st = await fsp.stat(abs);
    if (!st.isFile() || st.size > maxBytesFor(abs)) return undefined;
    return await fsp.readFile(abs, 'utf8');
  } catch {
    return undefined;
  }
}

export class ReadAhead {
  private readonly pending: { q: Queued; text: Promise<string | undefined> }[] = [];

  /** `take` hands out the next queued file (removing it from the queue), undefined when empty. */
  constructor(
    private readonly take: () => Queued | undefined,
    private readonly depth = READ_AHEAD,
    private readonly read = readCandidate,
  ) {}

  /** The next file in queue order with its text; undefined when nothing is queued or in flight. */
  async next(): Promise<ReadFile | undefined> {
    this.fill();
    const head = this.pending.shift();
    if (!head) return undefined;
    this.fill(); // keep `depth` reads going while this one is awaited and analysed
    return { ...head.q, text: await head.text };
  }

  private fill(): void {
    while (this.pending.length < this.depth) {
      const q = this.take();
      if (!q) return;
      const text = this.read(q.abs);
      text.catch(() => undefined); // never an unhandled rejection for a read nobody awaits (disposed)
      this.pending.push({ q, text });
    }
  }
}

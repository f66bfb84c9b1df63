/** Median and 95th percentile (nearest rank) of a sample, in its own unit. */
export function summary(xs: number[]): { median: number; p95: number; n: number } {
  const s = [...xs].sort((a, b) => a - b);
  const rank = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  return { median: rank(0.5), p95: rank(0.95), n: s.length };
}

export const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

/** Runs `fn` `runs` times after `warm` unmeasured runs; returns the wall times in ms. */
export async function time(fn: () => Promise<unknown> | unknown, runs: number, warm = 2): Promise<number[]> {
  for (let i = 0; i < warm; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

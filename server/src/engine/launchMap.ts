// Who launches whom in the workspace: each analysed file's jobs name the files they link
// (`linkedFiles`: the config a SkyPilot `run:` passes, the DeepSpeed JSON of an Accelerate config,
// the base a Hydra config composes). Reversed, that is the launcher list a config is judged with
// (launchers.ts). The LSP workspace index keeps one as analyses arrive; the CLI fills one in its
// first pass. No scan of its own.

import type { AnalysisResult } from './analyze';

export class LaunchMap {
  /** launcher -> the files it links */
  private readonly forward = new Map<string, string[]>();
  /** file -> the files linking it */
  private readonly reverse = new Map<string, Set<string>>();

  /** Records what `launcher` links now; returns the files whose launchers changed. */
  set(launcher: string, targets: readonly string[]): string[] {
    const next = [...new Set(targets)].filter((t) => t !== launcher).sort();
    const before = this.forward.get(launcher) ?? [];
    if (before.length === next.length && before.every((t, i) => t === next[i])) return [];
    for (const t of before) {
      const set = this.reverse.get(t);
      set?.delete(launcher);
      if (set && !set.size) this.reverse.delete(t);
    }
    if (next.length) this.forward.set(launcher, next);
    else this.forward.delete(launcher);
    for (const t of next) {
      let set = this.reverse.get(t);
      if (!set) this.reverse.set(t, (set = new Set()));
      set.add(launcher);
    }
    return [...new Set([...before, ...next])].filter((t) => before.includes(t) !== next.includes(t));
  }

  remove(launcher: string): string[] {
    return this.set(launcher, []);
  }

  /** Sorted, so the engine's choice among several is the same on every analysis. */
  launchersOf(file: string): string[] {
    return [...(this.reverse.get(file) ?? [])].sort();
  }

  clear(): void {
    this.forward.clear();
    this.reverse.clear();
  }
}

/** The files an analysis says its jobs read (resolved paths). */
export function linkedFilesOf(result: Pick<AnalysisResult, 'jobs'>): string[] {
  return [...new Set(result.jobs.flatMap((j) => j.linkedFiles))];
}

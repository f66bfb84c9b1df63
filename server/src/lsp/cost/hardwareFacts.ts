// The places in the analysed file that name hardware (an instance type, a GPU, an alternative GPU),
// read from the job's facts: where the hardware lenses go and what a hover answers. Only facts read
// from this file count: one from a linked file, a setting or a default has no range here.
import type { Fact, Job, Range } from '../../engine/types';

export type HardwareRole = 'instanceType' | 'gpu' | 'alternative';

export interface HardwareMention {
  /** Index of the job in the analysis result. */
  job: number;
  role: HardwareRole;
  /** Instance type or canonical GPU name, as the fact holds it. */
  name: string;
  /** GPUs per node the request asks for (for a GPU or alternative). */
  count?: number;
  nodes: number;
  range: Range;
  /** Index into job.hardware.alternatives, for role `alternative`. */
  alternative?: number;
}

function localRange(fact: Fact<unknown> | undefined): Range | undefined {
  const s = fact?.source;
  return s && (s.kind === 'file' || s.kind === 'annotation') && !(s.kind === 'file' && s.uri) ? s.range : undefined;
}

export function hardwareMentions(jobs: readonly Job[]): HardwareMention[] {
  const out: HardwareMention[] = [];
  jobs.forEach((job, index) => {
    const hw = job.hardware;
    if (!hw || hw.unresolved) return;
    const nodes = hw.nodes?.value ?? 1;
    const count = hw.gpuCount?.value;
    const it = localRange(hw.instanceType);
    if (hw.instanceType && it) out.push({ job: index, role: 'instanceType', name: hw.instanceType.value, nodes, range: it });
    const g = localRange(hw.gpu);
    if (hw.gpu && g) out.push({ job: index, role: 'gpu', name: hw.gpu.value, count, nodes, range: g });
    (hw.alternatives ?? []).forEach((alt, i) => {
      const r = localRange(alt);
      if (r) out.push({ job: index, role: 'alternative', name: alt.value, count, nodes, range: r, alternative: i });
    });
  });
  return out;
}

export function contains(range: Range, line: number, character: number): boolean {
  if (line < range.start.line || line > range.end.line) return false;
  if (line === range.start.line && character < range.start.character) return false;
  if (line === range.end.line && character > range.end.character) return false;
  return true;
}

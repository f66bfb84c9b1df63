// Hydra composition at the level of jobs: each config the `defaults:` list names is read through
// its own dialect (ctx.linked, so its facts carry its file as the source and it reports them
// itself), and the facts are layered in list order, later over earlier, `_self_` where it stands
// (last when unlisted). A value written in some layer beats a library default from any layer.

import type { YamlNode } from '../../formats/yaml';
import type { AnalysisContext, Fact, HardwareRequest, Job } from '../../types';
import { defaultsList } from './hydraDefaults';

export interface Composition {
  /** Lightning jobs of the composed configs and this file's own job, in override order. */
  layers: Job[];
  /** Every entry was found (or is optional): an unset key is the library default, not unknown. */
  complete: boolean;
  linkedFiles: string[];
}

export async function composeDefaults(root: YamlNode, own: Job | undefined, ctx: AnalysisContext): Promise<Composition | undefined> {
  const items = defaultsList(root);
  if (!items?.length) return undefined;
  const layers: Job[] = [];
  const linkedFiles: string[] = [];
  let complete = true;
  let selfPlaced = false;
  for (const item of items) {
    if (item.kind === 'self') {
      if (own) layers.push(own);
      selfPlaced = true;
      continue;
    }
    if (item.kind === 'unknown') {
      complete = false;
      continue;
    }
    let found = false;
    for (const ref of item.candidates) {
      const hit = await ctx.linked(ref);
      if (!hit) continue;
      found = true;
      if (!linkedFiles.includes(hit.path)) linkedFiles.push(hit.path);
      for (const j of hit.jobs) {
        if (j.dialect !== 'lightning') continue;
        layers.push(j);
        for (const p of j.linkedFiles) if (!linkedFiles.includes(p)) linkedFiles.push(p);
      }
      break;
    }
    if (!found && !item.optional) complete = false;
  }
  if (!selfPlaced && own) layers.push(own);
  return { layers, complete, linkedFiles };
}

/** The highest layer's written fact, else the highest layer's default. */
function pick<T>(facts: (Fact<T> | undefined)[]): Fact<T> | undefined {
  const present = facts.filter((f): f is Fact<T> => f !== undefined);
  for (let i = present.length - 1; i >= 0; i--) if (present[i].source.kind !== 'default') return present[i];
  return present[present.length - 1];
}

type Group = 'checkpoint' | 'schedule' | 'model' | 'batch';
const GROUPS: Group[] = ['checkpoint', 'schedule', 'model', 'batch'];

/** Layers merged into `base` (this file's job, or a fresh one anchored here). */
export function mergeLayers(base: Job, layers: Job[]): Job {
  const out: Job = { ...base, datasets: [], linkedFiles: [...base.linkedFiles] };
  const precision = pick(layers.map((l) => l.precision));
  if (precision) out.precision = precision;
  else delete out.precision;
  const spot = pick(layers.map((l) => l.spot));
  if (spot) out.spot = spot;
  for (const g of GROUPS) {
    const merged: Record<string, Fact<unknown>> = {};
    const keys = new Set(layers.flatMap((l) => Object.keys(l[g] ?? {})));
    for (const k of keys) {
      const f = pick(layers.map((l) => (l[g] as Record<string, Fact<unknown>> | undefined)?.[k]));
      if (f) merged[k] = f;
    }
    if (Object.keys(merged).length) (out as unknown as Record<string, unknown>)[g] = merged;
    else delete out[g];
  }
  const hardware = mergeHardware(layers.map((l) => l.hardware));
  if (hardware) out.hardware = hardware;
  else delete out.hardware;
  for (const l of layers) for (const d of l.datasets) if (!out.datasets.some((x) => x.value.path === d.value.path && x.value.reader === d.value.reader)) out.datasets.push(d);
  return out;
}

/** The accelerator choice (CPU, a count, a run-time value) comes from the highest layer that makes one. */
function mergeHardware(list: (HardwareRequest | undefined)[]): HardwareRequest | undefined {
  const present = list.filter((h): h is HardwareRequest => !!h);
  if (!present.length) return undefined;
  const hw: HardwareRequest = {};
  const gpu = pick(present.map((h) => h.gpu));
  const nodes = pick(present.map((h) => h.nodes));
  const instanceType = pick(present.map((h) => h.instanceType));
  if (gpu) hw.gpu = gpu;
  if (nodes) hw.nodes = nodes;
  if (instanceType) hw.instanceType = instanceType;
  const decider = [...present].reverse().find((h) => h.cpuOnly || h.gpuCount || h.unresolved);
  if (decider?.cpuOnly) hw.cpuOnly = true;
  if (decider?.gpuCount) hw.gpuCount = decider.gpuCount;
  if (decider?.unresolved) hw.unresolved = true;
  return Object.keys(hw).length ? hw : undefined;
}

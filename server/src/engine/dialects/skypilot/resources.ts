// SkyPilot `resources:`: the GPU request (`accelerators: A100:8`, `{A100:8, H100:8}`, a list,
// `any_of:`/`ordered:` candidates), instance type, CPU-only requests and spot.

import { isMap, isScalar, type Node } from 'yaml';
import { normaliseGpuName } from '../../cost/gpus';
import { byDefault, fromFile } from '../../facts';
import type { YamlNode } from '../../formats/yaml';
import type { Fact, HardwareRequest, Range } from '../../types';

interface Accel {
  name: string;
  count: number;
  range: Range;
  unresolved: boolean;
}

export const SPOT_DEFAULT_REASON = 'SkyPilot launches on-demand instances unless resources.use_spot: true';

/** `A100:8`, `A100-80GB`, `tpu-v4-8`, `H100:0.5`. */
function parseSpec(text: string, range: Range): Accel | undefined {
  const s = text.trim();
  if (!s) return undefined;
  const m = /^(.*?)(?::\s*([\d.]+))?$/.exec(s);
  const name = (m?.[1] ?? s).trim();
  const count = m?.[2] !== undefined ? Number(m[2]) : 1;
  return { name, count: Number.isFinite(count) ? count : 1, range, unresolved: /\$|\{\{/.test(s) };
}

/** Every accelerator choice one `accelerators:` value offers, in the order written. */
function acceleratorsOf(node: YamlNode | undefined): Accel[] {
  if (!node) return [];
  if (node.isScalar) {
    const spec = node.str() ? parseSpec(node.str()!, node.range()) : undefined;
    return spec ? [spec] : [];
  }
  if (isMap(node.node)) {
    // `{A100: 8, H100: 8}` (name: count) or the set form `{A100:8, H100:8}` (keys with no value).
    const out: Accel[] = [];
    for (const p of node.node.items) {
      const key = isScalar(p.key) ? String(p.key.value) : undefined;
      const k = p.key as Node | null;
      if (!key || !k?.range) continue;
      const v = isScalar(p.value) ? p.value.value : undefined;
      const end = (p.value as Node | null)?.range?.[1] ?? k.range[1];
      const range = node.src.lines.range(k.range[0], end);
      const count = typeof v === 'number' ? v : typeof v === 'string' && Number.isFinite(Number(v)) ? Number(v) : undefined;
      const spec = count === undefined ? parseSpec(key, range) : { name: key, count, range, unresolved: /\$/.test(key) };
      if (spec) out.push(spec);
    }
    return out;
  }
  return node.items().flatMap((i) => (i.isScalar && i.str() ? [parseSpec(i.str()!, i.range())] : acceleratorsOf(i))).filter((a): a is Accel => !!a);
}

const gpuFact = (a: Accel): Fact<string> => fromFile(normaliseGpuName(a.name) ?? a.name, a.range, 'resources.accelerators');

/** The candidates of `any_of:` / `ordered:` (each a partial resources map); `candidates:` is what
 *  `sky bench` task files (SkyPilot's benchmark examples) list them under. */
export function candidatesOf(resources: YamlNode): YamlNode[] {
  return ['any_of', 'ordered', 'candidates'].flatMap((k) => resources.get(k)?.items() ?? []).filter((c) => c.isMap);
}

export function hardwareOf(resources: YamlNode | undefined, numNodes: YamlNode | undefined): HardwareRequest {
  const hw: HardwareRequest = {};
  const nodes = numNodes?.num();
  if (numNodes && nodes !== undefined && nodes > 0) hw.nodes = fromFile(nodes, numNodes.range(), 'num_nodes');
  // No resources at all: SkyPilot launches its default CPU instance.
  if (!resources?.isMap) return { ...hw, cpuOnly: true };
  const candidates = candidatesOf(resources);
  const accels = [...acceleratorsOf(resources.get('accelerators')), ...candidates.flatMap((c) => acceleratorsOf(c.get('accelerators')))];
  const first = accels[0];
  if (first) {
    hw.gpu = gpuFact(first);
    hw.gpuCount = fromFile(first.count, first.range, 'resources.accelerators');
    const seen = new Set([hw.gpu.value]);
    const alternatives = accels.slice(1).map(gpuFact).filter((f) => !seen.has(f.value) && seen.add(f.value));
    if (alternatives.length) hw.alternatives = alternatives;
    if (accels.some((a) => a.unresolved)) hw.unresolved = true;
  }
  const instance = [resources, ...candidates].map((r) => r.get('instance_type')).find((n) => n?.str());
  if (instance) {
    hw.instanceType = fromFile(instance.str()!, instance.range(), 'resources.instance_type');
    if (/\$|\{\{/.test(instance.str()!)) hw.unresolved = true;
  }
  // Neither accelerators nor an instance type: a CPU VM (sized by cpus/memory, or SkyPilot's default).
  if (!first && !instance) hw.cpuOnly = true;
  return hw;
}

/** `use_spot:` at the top of resources, else in any candidate; absent = on-demand (SkyPilot's default). */
export function spotOf(resources: YamlNode | undefined): Fact<boolean> {
  const top = resources?.get('use_spot');
  if (top && top.bool() !== undefined) return fromFile(top.bool()!, top.range(), 'resources.use_spot');
  const candidates = resources?.isMap ? candidatesOf(resources) : [];
  const spot = candidates.map((c) => c.get('use_spot')).find((n) => n?.bool() === true);
  if (spot) return fromFile(true, spot.range(), 'resources.any_of.use_spot');
  return byDefault(false, SPOT_DEFAULT_REASON);
}

// Zero to JupyterHub (z2jh) Helm values: the GPU user servers a hub spawns and its idle culler.
// z2jh culls servers idle for `cull.timeout` seconds (default 3600) unless `cull.enabled: false`
// (https://z2jh.jupyter.org/en/stable/resources/reference.html#cull), so a GPU hub is judged only
// when its values turn culling off or make the timeout longer than a weekend. The values may sit at
// the top or under `jupyterhub:` when z2jh is a subchart (daskhub and similar umbrella charts).

import type { Dialect } from '../dialect';
import { byDefault, fromFile } from '../facts';
import type { YamlNode } from '../formats/yaml';
import { setScalar } from '../edit/yamlEdit';
import type { Fact, HardwareRequest, Job } from '../types';
import { GPU_RESOURCES } from './kubernetes/pods';
import { schedulingFacts, type SchedulingFacts } from './kubernetes/scheduling';

/** Keys of z2jh's `singleuser:` block; one of them marks the values as a hub's. */
const SINGLEUSER_KEYS = ['profileList', 'extraResource', 'image', 'storage', 'cpu', 'memory', 'defaultUrl', 'cmd', 'nodeSelector', 'networkPolicy', 'lifecycleHooks', 'cloudMetadata'];
/** A culler timeout longer than a weekend away (Friday 18:00 to Monday 10:00) never stops a server
 *  its user leaves running, so the idle estimate holds; shorter long timeouts are not judged. */
const WEEKEND_SECONDS = 64 * 3600;

interface GpuServer {
  /** The profile's `display_name`, when the GPU comes from a profile. */
  profile?: string;
  count: Fact<number>;
  /** What its node selector says about the machine (GPU model, instance type, spot), as for any pod. */
  nodes: SchedulingFacts;
}

function hubValues(doc: YamlNode): YamlNode | undefined {
  for (const root of [doc, doc.get('jupyterhub')]) {
    const su = root?.get('singleuser');
    if (root?.isMap && su?.isMap && su.entries().some((e) => SINGLEUSER_KEYS.includes(e.keyName ?? ''))) return root;
  }
  return undefined;
}

/** `nvidia.com/gpu: 1` under an extra resource map: the count (templated counts are unknown). */
function gpuCountIn(map: YamlNode | undefined): Fact<number> | undefined {
  for (const e of map?.entries() ?? []) {
    if (!GPU_RESOURCES.includes(e.keyName ?? '')) continue;
    const n = e.num();
    if (n !== undefined && n > 0) return fromFile(n, e.range(), e.keyName!);
  }
  return undefined;
}

/** Kubespawner `node_selector`s (a profile's, then `singleuser.nodeSelector`) read as the pod's node labels. */
function nodeFacts(...selectors: (YamlNode | undefined)[]): SchedulingFacts {
  const entries = selectors.flatMap((sel) => sel?.entries() ?? []).filter((e) => e.keyName && e.str());
  return schedulingFacts(entries.map((e) => ({ key: e.keyName!, values: [e.str()!], negated: false, toleration: false, node: e })));
}

/** A kubespawner override (a profile's, or a profile option choice's) that asks for GPUs. */
function overrideGpu(o: YamlNode | undefined, profile: string | undefined, fallbackSelector: YamlNode | undefined): GpuServer | undefined {
  const count = gpuCountIn(o?.get('extra_resource_limits')) ?? gpuCountIn(o?.get('extra_resource_guarantees'));
  if (!count) return undefined;
  return { ...(profile && { profile }), count, nodes: nodeFacts(o?.get('node_selector'), fallbackSelector) };
}

/** Every GPU server the values can spawn: the default server, each profile and profile option. */
function gpuServers(su: YamlNode): GpuServer[] {
  const out: GpuServer[] = [];
  const selector = su.get('nodeSelector');
  const extra = su.get('extraResource');
  const count = gpuCountIn(extra?.get('limits')) ?? gpuCountIn(extra?.get('guarantees'));
  if (count) {
    out.push({ count, nodes: nodeFacts(selector) });
  }
  for (const p of su.get('profileList')?.items() ?? []) {
    const name = p.get('display_name')?.str() ?? p.get('slug')?.str();
    const own = overrideGpu(p.get('kubespawner_override'), name, selector);
    if (own) out.push(own);
    for (const opt of p.get('profile_options')?.entries() ?? []) {
      for (const choice of opt.get('choices')?.entries() ?? []) {
        const s = overrideGpu(choice.get('kubespawner_override'), `${name ?? 'profile'} / ${choice.get('display_name')?.str() ?? choice.keyName}`, selector);
        if (s) out.push(s);
      }
    }
  }
  return out;
}

/** Culling that leaves a GPU server running while idle; undefined when the culler stops it in time. */
function cullingGap(hub: YamlNode): { fact: Fact<boolean>; node: YamlNode } | undefined {
  const cull = hub.get('cull');
  const enabled = cull?.get('enabled');
  if (enabled?.bool() === false) return { fact: fromFile(false, enabled.range(), 'cull.enabled'), node: enabled };
  const timeout = cull?.get('timeout');
  const t = timeout?.num();
  if (timeout && t !== undefined && t >= WEEKEND_SECONDS) {
    const reason = `cull.timeout is ${Math.round((t / 3600) * 10) / 10} hours, longer than a weekend, so a server left running is never culled`;
    return { fact: byDefault(false, reason, timeout.range()), node: timeout };
  }
  return undefined;
}

function hubJob(hub: YamlNode): Job | undefined {
  const servers = gpuServers(hub.get('singleuser')!);
  if (!servers.length) return undefined;
  const gap = cullingGap(hub);
  // The biggest GPU server prices the idle time (each user's server idles on its own).
  const s = servers.reduce((a, b) => (b.count.value > a.count.value ? b : a));
  const n = s.nodes;
  const hardware: HardwareRequest = { gpuCount: s.count, ...(n.gpu && { gpu: n.gpu }), ...(n.instanceType && { instanceType: n.instanceType }) };
  const job: Job = {
    dialect: 'jupyterhub',
    name: s.profile ? `JupyterHub GPU profile "${s.profile}"` : 'JupyterHub GPU user server',
    workload: 'dev',
    anchor: (gap?.node ?? hub.get('singleuser')!).range(),
    hardware,
    idleShutdown: gap?.fact ?? byDefault(true, 'z2jh culls servers idle for cull.timeout seconds (3600 by default)'),
    ...(n.spot && { spot: n.spot }),
    datasets: [],
    linkedFiles: [],
  };
  if (!gap) return job;
  // With culling off, a spawned server runs until its user stops it: priced per server, 730 h.
  job.resource = { kind: 'notebook', type: 'z2jh singleuser' };
  const enabled = gap.node.keyName === 'enabled';
  job.editor = {
    addIdleShutdown(minutes) {
      const e = enabled ? setScalar(gap.node, true) : setScalar(gap.node, minutes * 60);
      const title = enabled ? 'Turn JupyterHub idle culling on (cull.enabled: true; z2jh culls after cull.timeout, 1 hour by default)' : `Cull user servers after ${minutes} idle minutes (cull.timeout: ${minutes * 60})`;
      return e && { title, edits: [e], safe: false };
    },
  };
  return job;
}

export const jupyterhubDialect: Dialect = {
  id: 'jupyterhub',
  formats: ['yaml'],
  detect(doc) {
    if (doc.format !== 'yaml') return [];
    const jobs: Job[] = [];
    for (const d of doc.docs) {
      const hub = hubValues(d);
      const job = hub && hubJob(hub);
      if (job) jobs.push(job);
    }
    return jobs;
  },
};

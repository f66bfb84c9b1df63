import * as posix from 'path/posix';
import type { YamlNode } from '../../formats/yaml';
import type { StorageKind } from '../../types';

// Whether a path inside a container survives the pod: it does when a persistent volume is mounted
// over it, and does not when it is the container's own filesystem, an emptyDir or a node's disk.

/** Volume sources whose data outlives the pod and its node. */
const DURABLE_SOURCES = [
  'persistentVolumeClaim',
  'nfs',
  'csi',
  'awsElasticBlockStore',
  'gcePersistentDisk',
  'azureDisk',
  'azureFile',
  'cephfs',
  'glusterfs',
  'iscsi',
  'rbd',
  'portworxVolume',
];

export interface Mount {
  path: string;
  /** Volume source key (`persistentVolumeClaim`, `emptyDir`...); undefined when the volume is not declared. */
  source?: string;
  durable: boolean;
  readOnly: boolean;
  /** The volumeMounts item. */
  node: YamlNode;
}

export function mountTable(mounts: YamlNode[], volumes: Map<string, YamlNode>): Mount[] {
  const out: Mount[] = [];
  for (const m of mounts) {
    const path = m.get('mountPath')?.str();
    const name = m.get('name')?.str();
    if (!path) continue;
    const volume = name ? volumes.get(name) : undefined;
    const source = volume?.entries().find((e) => e.keyName !== 'name')?.keyName;
    out.push({ path: normalise(path), source, durable: !!source && DURABLE_SOURCES.includes(source), readOnly: m.get('readOnly')?.bool() === true, node: m });
  }
  return out;
}

function normalise(p: string): string {
  const n = posix.normalize(p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

/** Absolute form of a path written in a container command (relative to its workingDir). */
export function absolutePath(path: string, workingDir: string | undefined): string | undefined {
  if (path.startsWith('/')) return normalise(path);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) || path.includes('$')) return undefined;
  return workingDir?.startsWith('/') ? normalise(posix.join(workingDir, path)) : undefined;
}

/** The mount a container path lies under (the deepest one wins: mounts may nest). */
export function mountFor(path: string, mounts: Mount[]): Mount | undefined {
  let best: Mount | undefined;
  for (const m of mounts) {
    const under = path === m.path || path.startsWith(m.path === '/' ? '/' : `${m.path}/`);
    if (under && (!best || m.path.length > best.path.length)) best = m;
  }
  return best;
}

export interface PathStorage {
  kind: StorageKind;
  reason: string;
  mount?: Mount;
}

/** Where a container-local path's data lives. */
export function storageOfContainerPath(path: string, mounts: Mount[]): PathStorage {
  const m = mountFor(path, mounts);
  if (m?.durable) return { kind: 'durable', reason: `${m.path} is a ${m.source} volume: it outlives the pod`, mount: m };
  if (m?.source === 'emptyDir') return { kind: 'ephemeral', reason: `${m.path} is an emptyDir volume: lost when the pod is rescheduled`, mount: m };
  if (m?.source === 'hostPath') return { kind: 'ephemeral', reason: `${m.path} is a hostPath volume: stays on one node, lost when the pod is rescheduled elsewhere`, mount: m };
  if (m && !m.source) return { kind: 'unknown', reason: `${m.path} is mounted from a volume this file does not declare`, mount: m };
  if (m) return { kind: 'ephemeral', reason: `${m.path} is a ${m.source} volume: not persistent storage`, mount: m };
  return { kind: 'ephemeral', reason: 'container-local: lost when the pod is rescheduled' };
}

/** Mount paths that by their name hold run outputs (checkpoints, models, results). */
const OUTPUT_LIKE = /(ckpt|checkpoint|output|model|save|result|artifact|experiment|runs?\b|train|workspace)/i;

/** Mounts under these hold inputs (datasets, caches), whatever the rest of the path says. */
const INPUT_LIKE = /^\/(data|datasets?|cache|\.cache|hf_cache)(\/|$)/i;

/** A writable persistent volume that looks like where the run keeps its outputs. */
export function durableOutputMount(mounts: Mount[]): Mount | undefined {
  return mounts.find((m) => m.durable && !m.readOnly && OUTPUT_LIKE.test(m.path) && !INPUT_LIKE.test(m.path));
}

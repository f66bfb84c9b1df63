// Which paths of a SkyPilot task survive a preemption: `file_mounts` entries that MOUNT a bucket
// (writes go to the bucket) and `volumes:`. A plain `path: gs://bucket` is copied in (COPY mode),
// so writes under it stay on the node.

import { isMap, isScalar } from 'yaml';
import type { YamlNode } from '../../formats/yaml';

const BUCKET = /^(s3|gs|gcs|r2|az|https?|cos|oci|nebius):\/\//i;
const WRITABLE_MODES = new Set(['MOUNT', 'MOUNT_CACHED']);

function hasKey(map: YamlNode, key: string): boolean {
  return isMap(map.node) && map.node.items.some((p) => isScalar(p.key) && String(p.key.value) === key);
}

export function durableMountsOf(task: YamlNode): string[] {
  const out: string[] = [];
  for (const e of task.get('file_mounts')?.entries() ?? []) {
    if (!e.keyName || !e.isMap) continue;
    // SkyPilot's default storage mode is MOUNT.
    const mode = (e.get('mode')?.str() ?? 'MOUNT').toUpperCase();
    const source = e.get('source')?.str();
    // A `name:` left empty to fill in, or set from a variable (`${BUCKET}`), still names a bucket.
    const bucket = hasKey(e, 'name') || (source !== undefined && BUCKET.test(source));
    if (bucket && WRITABLE_MODES.has(mode)) out.push(e.keyName);
  }
  const volumes = task.get('volumes');
  for (const e of volumes?.entries() ?? []) if (e.keyName) out.push(e.keyName);
  for (const item of volumes?.items() ?? []) {
    const p = item.get('path')?.str();
    if (p) out.push(p);
  }
  return out;
}

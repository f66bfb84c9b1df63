// Whether a checkpoint path survives losing the machine: object stores do, a path under a durable
// mount (a MOUNTed bucket, a persistent volume) does, anything else on the node's disk does not.

import * as posix from 'path/posix';
import type { StorageKind } from '../../types';

const OBJECT_STORE = /^(s3|s3a|gs|gcs|az|abfss?|wasbs?|r2|hf|cos|oci|dbfs|azureml|nebius|ibm):\/\//i;

/** `$HOME/x` and `${HOME}/x` are `~/x`; trailing slashes and `.` segments go. */
function normalise(p: string): string {
  let s = p.trim().replace(/^\$\{?HOME\}?(?=\/|$)/, '~');
  if (s.length > 1) s = s.replace(/\/+$/, '');
  return s.startsWith('/') ? posix.normalize(s) : s.replace(/^\.\//, '');
}

function under(path: string, mount: string): boolean {
  return path === mount || path.startsWith(mount.endsWith('/') ? mount : mount + '/');
}

/** Is `path` the directory `dir` or inside it (`~`, `$HOME`, trailing slashes and `./` normalised)? */
export function isWithin(path: string, dir: string): boolean {
  const p = normalise(path);
  const d = normalise(dir);
  return !!p && !!d && under(p, d);
}

/** Is `path` durable given these mounts? Object-store URLs are; local paths only under a mount. */
export function storageOf(path: string, durableMounts: string[]): StorageKind {
  const p = normalise(path);
  if (!p) return 'unknown';
  if (OBJECT_STORE.test(p)) return 'durable';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(p)) return 'unknown';
  if (durableMounts.some((m) => m.trim() && under(p, normalise(m)))) return 'durable';
  if (/\$|`/.test(p)) return 'unknown'; // decided at run time
  return 'ephemeral';
}

/** `path` as seen from the working directory `cwd` (absolute, `~` or relative; undefined = unknown). */
export function resolvePath(path: string, cwd: string | undefined): string {
  const p = path.trim();
  if (!cwd || p.startsWith('/') || p.startsWith('~') || p.startsWith('$') || /^[a-z][a-z0-9+.-]*:\/\//i.test(p)) return p;
  return posix.join(cwd, p);
}

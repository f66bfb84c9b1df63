import * as fs from 'fs';
import * as path from 'path';
import type { FileAccess } from './types';

export const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Notebooks embed outputs (images, tables) and are read only for their code cells. */
export const MAX_NOTEBOOK_BYTES = 100 * 1024 * 1024;

/** The largest file of this name the faces read. */
export function maxBytesFor(path: string): number {
  return /\.ipynb$/i.test(path) ? MAX_NOTEBOOK_BYTES : MAX_FILE_BYTES;
}

/**
 * Reads linked files from disk, confined to `roots` (the workspace folders): a config that names
 * `../../etc/passwd` gets nothing. `overlay` supplies unsaved editor text first.
 */
export function diskFileAccess(roots: string[], overlay?: (absPath: string) => string | undefined): FileAccess {
  const resolvedRoots = roots.map((r) => path.resolve(r));
  const inside = (p: string) => resolvedRoots.some((r) => p === r || p.startsWith(r + path.sep));
  return {
    read(ref, fromPath) {
      if (!ref || ref.includes('\0')) return undefined;
      const abs = path.resolve(path.dirname(fromPath), ref);
      if (!inside(abs)) return undefined;
      const open = overlay?.(abs);
      if (open !== undefined) return { path: abs, text: open };
      try {
        const st = fs.statSync(abs);
        if (!st.isFile() || st.size > MAX_FILE_BYTES) return undefined;
        return { path: abs, text: fs.readFileSync(abs, 'utf8') };
      } catch {
        return undefined;
      }
    },
  };
}

/** For analyses with no workspace (a lone buffer): no other file is visible. */
export const noFileAccess: FileAccess = { read: () => undefined };

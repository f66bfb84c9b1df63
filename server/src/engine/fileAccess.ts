import * as fs from 'fs';
import * as path from 'path';
import type { FileAccess, FileSample } from './types';

export const MAX_FILE_BYTES = 2 * 1024 * 1024;
/** Notebooks embed outputs (images, tables) and are read only for their code cells. */
export const MAX_NOTEBOOK_BYTES = 100 * 1024 * 1024;

/** The largest file of this name the faces read. */
export function maxBytesFor(path: string): number {
  return /\.ipynb$/i.test(path) ? MAX_NOTEBOOK_BYTES : MAX_FILE_BYTES;
}
/** The most `sample()` reads from either end of a file, whatever the caller asks. */
export const MAX_SAMPLE_BYTES = 1024 * 1024;

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
    list(ref, fromPath) {
      if (ref.includes('\0')) return undefined;
      const abs = path.resolve(path.dirname(fromPath), ref);
      if (!inside(abs)) return undefined;
      try {
        return fs.readdirSync(abs, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name).slice(0, 2000);
      } catch {
        return undefined;
      }
    },
    dirs(ref, fromPath) {
      if (ref.includes('\0')) return undefined;
      const abs = path.resolve(path.dirname(fromPath), ref);
      if (!inside(abs)) return undefined;
      try {
        return fs.readdirSync(abs, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules').map((e) => e.name).slice(0, 200);
      } catch {
        return undefined;
      }
    },
    sample(ref, fromPath, opts) {
      if (!ref || ref.includes('\0')) return undefined;
      const abs = path.resolve(path.dirname(fromPath), ref);
      if (!inside(abs)) return undefined;
      const open = overlay?.(abs);
      if (open !== undefined) return sampleOfBytes(abs, Buffer.from(open, 'utf8'), opts);
      return sampleFromDisk(abs, opts);
    },
  };
}

const cap = (n: number | undefined) => Math.max(0, Math.min(MAX_SAMPLE_BYTES, Math.floor(n ?? 0)));

function sampleOfBytes(abs: string, bytes: Uint8Array, opts: { headBytes: number; tailBytes?: number }): FileSample {
  const head = bytes.subarray(0, cap(opts.headBytes));
  const t = cap(opts.tailBytes);
  return { path: abs, size: bytes.length, head, ...(t > 0 && { tail: bytes.subarray(Math.max(0, bytes.length - t)) }) };
}

/** Reads at most the two requested ends of a regular file; a directory or unreadable path gives undefined. */
function sampleFromDisk(abs: string, opts: { headBytes: number; tailBytes?: number }): FileSample | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(abs, 'r');
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return undefined;
    const readAt = (length: number, position: number): Uint8Array => {
      const buf = Buffer.alloc(length);
      let got = 0;
      while (got < length) {
        const n = fs.readSync(fd!, buf, got, length - got, position + got);
        if (n === 0) break;
        got += n;
      }
      return buf.subarray(0, got);
    };
    const head = readAt(Math.min(cap(opts.headBytes), st.size), 0);
    const t = Math.min(cap(opts.tailBytes), st.size);
    return { path: abs, size: st.size, head, ...(t > 0 && { tail: readAt(t, st.size - t) }) };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** For analyses with no workspace (a lone buffer): no other file is visible. */
export const noFileAccess: FileAccess = { read: () => undefined };

// One side of a diff: the files of a revision (from git objects) or of the working tree, with a
// FileAccess that reads linked files from the same side, so a base config is judged with its base
// DeepSpeed JSON, not today's.
import * as fs from 'fs';
import * as path from 'path';
import { diskFileAccess, MAX_FILE_BYTES, MAX_SAMPLE_BYTES, maxBytesFor } from '../../engine/fileAccess';
import type { FileAccess, FileSample } from '../../engine/types';
import { isAnalysable } from '../collectFiles';
import { listFiles, readBlobs } from './git';
import { spawnSync } from 'child_process';

export interface Snapshot {
  /** Commit id, or undefined for the working tree. */
  rev?: string;
  /** Repository root (absolute); file paths below are relative to it, with `/`. */
  root: string;
  /** The analysable files of this side inside the selected paths, sorted. */
  files: string[];
  /** Text of a file of this side (undefined: absent, unreadable or too large). */
  text(rel: string): string | undefined;
  /** Linked files, `.mlcost.yaml` and the like, read from this side. */
  access: FileAccess;
}

/** Is `rel` inside one of `scopes` (repository-relative folders or files; empty = everything)? */
function inScope(rel: string, scopes: readonly string[]): boolean {
  return !scopes.length || scopes.some((s) => s === '' || s === '.' || rel === s || rel.startsWith(`${s}/`));
}

/** The files a `mlcost check` walk would pick: analysable extensions, no hidden or dependency folders. */
function selected(all: readonly string[], scopes: readonly string[]): string[] {
  return all.filter((rel) => inScope(rel, scopes) && isAnalysable(rel)).sort();
}

export function revisionSnapshot(root: string, rev: string, scopes: readonly string[]): Snapshot {
  const files = selected(listFiles(root, rev), scopes);
  const texts = readBlobs(root, rev, files, maxBytesFor);
  const extra = new Map<string, string | undefined>();
  const text = (rel: string): string | undefined => {
    if (texts.has(rel)) return texts.get(rel);
    if (!extra.has(rel)) extra.set(rel, readOne(root, rev, rel));
    return extra.get(rel);
  };
  const access: FileAccess = {
    read(ref, fromPath) {
      if (!ref || ref.includes('\0')) return undefined;
      const abs = path.resolve(path.dirname(fromPath), ref);
      const rel = path.relative(root, abs).split(path.sep).join('/');
      if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
      const t = text(rel);
      return t === undefined ? undefined : { path: abs, text: t };
    },
    // Data files of this side, sized as the working tree's are: at most the asked bytes come out of git.
    sample(ref, fromPath, opts) {
      if (!ref || ref.includes('\0')) return undefined;
      const abs = path.resolve(path.dirname(fromPath), ref);
      const rel = path.relative(root, abs).split(path.sep).join('/');
      if (rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
      return sampleOne(root, rev, rel, abs, opts);
    },
  };
  return { rev, root, files, text, access };
}

/** Tracked and untracked-but-not-ignored files, read from disk: what the next commit would hold. */
export function workingTreeSnapshot(root: string, scopes: readonly string[]): Snapshot {
  const r = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, maxBuffer: 512 * 1024 * 1024 });
  const listed = r.status === 0 ? r.stdout.toString('utf8').split('\0').filter(Boolean) : [];
  const files = selected([...new Set(listed)], scopes).filter((rel) => isFile(path.join(root, rel)));
  const text = (rel: string): string | undefined => {
    const abs = path.join(root, rel);
    try {
      const st = fs.statSync(abs);
      return st.isFile() && st.size <= maxBytesFor(rel) ? fs.readFileSync(abs, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  };
  return { root, files, text, access: diskFileAccess([root]) };
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false; // deleted in the working tree but still in the index
  }
}

/**
 * Size and the two ends of a blob. A blob up to MAX_SAMPLE_BYTES is read whole; of a larger one
 * only the head comes out (git is stopped at the byte limit) and no tail (a Parquet footer of a
 * large file in an old revision is not read).
 */
function sampleOne(root: string, rev: string, rel: string, abs: string, opts: { headBytes: number; tailBytes?: number }): FileSample | undefined {
  if (rel.includes('\n')) return undefined;
  const sized = spawnSync('git', ['cat-file', '-s', `${rev}:${rel}`], { cwd: root, encoding: 'utf8' });
  const size = Number(sized.stdout?.trim());
  if (sized.status !== 0 || !Number.isFinite(size)) return undefined;
  const head = Math.min(Math.max(0, opts.headBytes), MAX_SAMPLE_BYTES);
  const tail = Math.min(Math.max(0, opts.tailBytes ?? 0), MAX_SAMPLE_BYTES);
  if (size <= MAX_SAMPLE_BYTES) {
    const r = spawnSync('git', ['cat-file', 'blob', `${rev}:${rel}`], { cwd: root, maxBuffer: size + 1024 });
    if (r.status !== 0) return undefined;
    const all = new Uint8Array(r.stdout);
    return { path: abs, size, head: all.subarray(0, head), ...(tail > 0 && { tail: all.subarray(Math.max(0, all.length - tail)) }) };
  }
  if (head === 0) return { path: abs, size, head: new Uint8Array(0) };
  const r = spawnSync('git', ['cat-file', 'blob', `${rev}:${rel}`], { cwd: root, maxBuffer: head });
  const out = r.stdout ? new Uint8Array(r.stdout).subarray(0, head) : new Uint8Array(0);
  return { path: abs, size, head: out };
}

function readOne(root: string, rev: string, rel: string): string | undefined {
  if (rel.includes('\n')) return undefined;
  const size = spawnSync('git', ['cat-file', '-s', `${rev}:${rel}`], { cwd: root, encoding: 'utf8' });
  if (size.status !== 0 || Number(size.stdout.trim()) > MAX_FILE_BYTES) return undefined;
  const r = spawnSync('git', ['cat-file', 'blob', `${rev}:${rel}`], { cwd: root, maxBuffer: MAX_FILE_BYTES + 1024 });
  return r.status === 0 ? r.stdout.toString('utf8') : undefined;
}

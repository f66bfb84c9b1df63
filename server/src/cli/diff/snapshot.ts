// One side of a diff: the files of a revision (from git objects) or of the working tree, with a
// FileAccess that reads linked files from the same side, so a base config is judged with its base
// DeepSpeed JSON, not today's.
import * as fs from 'fs';
import * as path from 'path';
import { diskFileAccess, MAX_FILE_BYTES } from '../../engine/fileAccess';
import type { FileAccess } from '../../engine/types';
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
  const texts = readBlobs(root, rev, files, MAX_FILE_BYTES);
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
      return st.isFile() && st.size <= MAX_FILE_BYTES ? fs.readFileSync(abs, 'utf8') : undefined;
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

function readOne(root: string, rev: string, rel: string): string | undefined {
  if (rel.includes('\n')) return undefined;
  const size = spawnSync('git', ['cat-file', '-s', `${rev}:${rel}`], { cwd: root, encoding: 'utf8' });
  if (size.status !== 0 || Number(size.stdout.trim()) > MAX_FILE_BYTES) return undefined;
  const r = spawnSync('git', ['cat-file', 'blob', `${rev}:${rel}`], { cwd: root, maxBuffer: MAX_FILE_BYTES + 1024 });
  return r.status === 0 ? r.stdout.toString('utf8') : undefined;
}

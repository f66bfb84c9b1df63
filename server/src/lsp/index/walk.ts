// Finds the files the index analyses in one workspace folder, without blocking the server: each
// folder is read with the async fs API, so editor requests run between reads. Honours .gitignore
// (nested ones too, via cli/gitignore.ts) and the excludes. cli/collectFiles.ts is not reused
// because it walks synchronously and without a cap, which is right for the CLI but would stall
// the language server on a large repository.
import { promises as fsp } from 'fs';
import * as path from 'path';
import { isIgnored, readIgnoreFile, type IgnoreFile } from '../../cli/gitignore';
import type { ExcludeTest } from './excludes';
import { CANDIDATE_EXTENSIONS } from '../../engine/source';

export { CANDIDATE_EXTENSIONS };
/** Dependencies, build output and caches: never a team's own training configs (as the CLI skips them). */
const SKIP_DIRS: ReadonlySet<string> = new Set(['node_modules', 'cdk.out', 'dist', 'out', 'build', '.venv', 'venv', 'env', '__pycache__', 'site-packages']);

export interface WalkOptions {
  root: string;
  excluded: ExcludeTest;
  maxFiles: number;
  /** Checked between folders: a newer walk (reindex) stops this one. */
  cancelled(): boolean;
}

export interface WalkResult {
  files: string[];
  /** True when maxFiles was reached and the rest of the folder was not walked. */
  capped: boolean;
}

export function isCandidateName(name: string): boolean {
  return !name.startsWith('.') && CANDIDATE_EXTENSIONS.has(path.extname(name).toLowerCase());
}

export async function findCandidates(opts: WalkOptions): Promise<WalkResult> {
  const files: string[] = [];
  const root = path.resolve(opts.root);
  const stack: { dir: string; ignores: IgnoreFile[] }[] = [{ dir: root, ignores: [] }];
  while (stack.length) {
    if (opts.cancelled()) break;
    const { dir, ignores: parentIgnores } = stack.pop()!;
    const own = readIgnoreFile(dir);
    const ignores = own ? [...parentIgnores, own] : parentIgnores;
    let entries;
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch {
      continue; // unreadable folder: skipped, as git does
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const e of entries) {
      if (e.name.startsWith('.')) continue; // .git, .venv, .github: tool config and caches
      const abs = path.join(dir, e.name);
      const rel = path.relative(root, abs).split(path.sep).join('/');
      if (e.isDirectory()) {
        if (SKIP_DIRS.has(e.name) || opts.excluded(rel) || isIgnored(ignores, abs, true)) continue;
        subdirs.push(abs);
      } else if ((e.isFile() || e.isSymbolicLink()) && isCandidateName(e.name)) {
        if (opts.excluded(rel) || isIgnored(ignores, abs, false)) continue;
        files.push(abs);
        if (files.length >= opts.maxFiles) return { files, capped: true };
      }
    }
    for (const d of subdirs.reverse()) stack.push({ dir: d, ignores }); // popped in name order
  }
  return { files, capped: false };
}

/**
 * Is this single path (a watched-file event) one the walk would have found? Checks every folder
 * on the way down for excludes, skipped names and .gitignore files.
 */
export function isCandidatePath(root: string, abs: string, excluded: ExcludeTest): boolean {
  const rel = path.relative(root, abs);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return false;
  const parts = rel.split(path.sep);
  if (!isCandidateName(parts[parts.length - 1])) return false;
  if (excluded(parts.join('/'))) return false;
  const ignores: IgnoreFile[] = [];
  let dir = path.resolve(root);
  for (let i = 0; i < parts.length; i++) {
    const own = readIgnoreFile(dir);
    if (own) ignores.push(own);
    const abs2 = path.join(dir, parts[i]);
    const last = i === parts.length - 1;
    if (!last && (parts[i].startsWith('.') || SKIP_DIRS.has(parts[i]))) return false;
    if (isIgnored(ignores, abs2, !last)) return false;
    dir = abs2;
  }
  return true;
}

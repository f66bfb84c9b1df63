import * as fs from 'fs';
import * as path from 'path';
import { isIgnored, readIgnoreFile, type IgnoreFile } from './gitignore';
import { CANDIDATE_EXTENSIONS } from '../engine/source';

/** A file to check: `display` is the path as the user wrote it, or relative as walked. */
export interface TargetFile {
  display: string;
  absPath: string;
}

/** A path on the command line that does not exist or cannot be read: a usage error (exit 2). */
export class PathError extends Error {}

const EXTENSIONS = CANDIDATE_EXTENSIONS;
/** Folders that hold dependencies, build output or caches, never a team's own training configs. */
const SKIP_DIRS = new Set(['node_modules', 'cdk.out', 'dist', 'out', 'build', '.venv', 'venv', 'env', '__pycache__', 'site-packages']);

export interface Collected {
  files: TargetFile[];
  /** Folders given on the command line (resolved): linked files may be read inside them. */
  roots: string[];
}

/**
 * Expands the command-line paths into files, sorted by display path, each file once. Every path
 * is checked before any analysis starts, so a typo fails fast.
 */
export function collectFiles(paths: string[], cwd: string): Collected {
  const seen = new Set<string>();
  const files: TargetFile[] = [];
  const roots: string[] = [];
  const cwdIgnore = readIgnoreFile(cwd);
  const add = (display: string, absPath: string) => {
    if (seen.has(absPath)) return;
    seen.add(absPath);
    files.push({ display, absPath });
  };
  for (const given of paths) {
    const abs = path.resolve(cwd, given);
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
      fs.accessSync(abs, fs.constants.R_OK);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new PathError(code === 'ENOENT' ? `no such file or folder: ${given}` : `cannot read ${given} (${code ?? (e as Error).message})`);
    }
    if (st.isDirectory()) {
      roots.push(abs);
      const ignores = [readIgnoreFile(abs), isInside(abs, cwd) && abs !== path.resolve(cwd) ? cwdIgnore : undefined].filter(
        (f): f is IgnoreFile => f !== undefined,
      );
      walk(abs, given, ignores, add);
    } else {
      roots.push(path.dirname(abs));
      add(path.normalize(given), abs);
    }
  }
  files.sort((a, b) => compareText(a.display, b.display));
  return { files, roots };
}

function walk(absDir: string, displayDir: string, ignores: IgnoreFile[], add: (display: string, abs: string) => void): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(absDir, { withFileTypes: true });
  } catch {
    return; // an unreadable sub-folder is skipped, like `git` does
  }
  for (const e of entries) {
    if (e.name.startsWith('.')) continue; // .git, .github, .venv, .mlcost.yaml: tool config, not jobs
    const abs = path.join(absDir, e.name);
    const display = path.join(displayDir, e.name);
    // Symlinked folders are not followed (no cycles); symlinked files are.
    const isFile = e.isFile() || (e.isSymbolicLink() && statIsFile(abs));
    if (e.isDirectory()) {
      if (SKIP_DIRS.has(e.name) || isIgnored(ignores, abs, true)) continue;
      walk(abs, display, ignores, add);
    } else if (isFile && EXTENSIONS.has(path.extname(e.name).toLowerCase()) && !isIgnored(ignores, abs, false)) {
      add(display, abs);
    }
  }
}

/**
 * Would a folder walk pick this repository-relative path (`/`-separated)? The same extensions and
 * skipped folders as the walk; used where files come from git rather than from the disk.
 */
export function isAnalysable(rel: string): boolean {
  const parts = rel.split('/');
  const name = parts[parts.length - 1];
  if (parts.some((p) => p.startsWith('.'))) return false;
  if (parts.slice(0, -1).some((p) => SKIP_DIRS.has(p))) return false;
  return EXTENSIONS.has(path.extname(name).toLowerCase());
}

function statIsFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function isInside(p: string, dir: string): boolean {
  const rel = path.relative(path.resolve(dir), p);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Code-unit order: the same on every machine, whatever the locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

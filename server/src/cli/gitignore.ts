import * as fs from 'fs';
import * as path from 'path';
import { minimatch } from 'minimatch';

/**
 * A deliberately small `.gitignore` reader: one file per folder given to it, no nested or global
 * excludes. Supported: blank lines and `#` comments, `!` negation (last match wins), a trailing
 * `/` for folders only, a leading or inner `/` anchoring the pattern to the file's folder, and
 * `*`, `?`, `[..]`, `**` globs. A pattern without a slash matches a name at any depth.
 */
interface IgnoreRule {
  glob: string;
  negate: boolean;
  dirOnly: boolean;
  anchored: boolean;
}

export interface IgnoreFile {
  dir: string;
  rules: IgnoreRule[];
}

export function readIgnoreFile(dir: string): IgnoreFile | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
  } catch {
    return undefined;
  }
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/(?<!\\)\s+$/, '');
    if (!line || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    if (negate) line = line.slice(1);
    const dirOnly = line.endsWith('/');
    if (dirOnly) line = line.replace(/\/+$/, '');
    const anchored = line.includes('/');
    line = line.replace(/^\//, '');
    if (line) rules.push({ glob: line, negate, dirOnly, anchored });
  }
  return rules.length ? { dir: path.resolve(dir), rules } : undefined;
}

/** Is `absPath` ignored by any of `files`? Paths outside a file's folder are not its business. */
export function isIgnored(files: IgnoreFile[], absPath: string, isDir: boolean): boolean {
  return files.some((f) => {
    const rel = path.relative(f.dir, absPath).split(path.sep).join('/');
    if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return false;
    const base = rel.slice(rel.lastIndexOf('/') + 1);
    let ignored = false;
    for (const r of f.rules) {
      if (r.dirOnly && !isDir) continue;
      if (minimatch(r.anchored ? rel : base, r.glob, { dot: true })) ignored = !r.negate;
    }
    return ignored;
  });
}

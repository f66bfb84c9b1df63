// Reads a revision of a git repository from its object store: no checkout, no network, the working
// tree untouched. One `git cat-file --batch` process reads every blob of a snapshot.
import { execFileSync, spawnSync } from 'child_process';

/** A git command that failed: the CLI reports it as a usage error (a bad revision, not a repo). */
export class GitError extends Error {}

const MAX_BUFFER = 512 * 1024 * 1024;

function git(cwd: string, args: string[], input?: string): Buffer {
  const r = spawnSync('git', args, { cwd, input, maxBuffer: MAX_BUFFER });
  if (r.error) throw new GitError(`git could not run (${r.error.message})`);
  if (r.status !== 0) throw new GitError(`git ${args[0]} failed: ${r.stderr.toString().trim().split('\n')[0]}`);
  return r.stdout;
}

export function repoRoot(cwd: string): string {
  try {
    return execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    throw new GitError(`not inside a git repository: ${cwd}`);
  }
}

/** The full commit id of `rev`; a GitError names the revision when it does not exist. */
export function resolveRev(root: string, rev: string): string {
  if (rev.startsWith('-')) throw new GitError(`not a revision: ${rev}`);
  try {
    return git(root, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]).toString().trim();
  } catch {
    throw new GitError(`unknown revision '${rev}'`);
  }
}

/** Repository-relative paths of the files at `rev` (blobs only; submodules and links left out). */
export function listFiles(root: string, rev: string): string[] {
  const out = git(root, ['ls-tree', '-r', '-z', '--full-tree', rev]).toString('utf8');
  const files: string[] = [];
  for (const entry of out.split('\0')) {
    // `<mode> <type> <sha>\t<path>`
    const tab = entry.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type] = entry.slice(0, tab).split(' ');
    if (type === 'blob' && mode !== '120000') files.push(entry.slice(tab + 1));
  }
  return files;
}

/** Contents of `paths` at `rev` as UTF-8 text; files larger than `maxBytes` are left out. */
export function readBlobs(root: string, rev: string, paths: readonly string[], maxBytes: number): Map<string, string> {
  const out = new Map<string, string>();
  if (!paths.length) return out;
  // Object names with a newline cannot be asked for on the batch protocol; such files are skipped.
  const asked = paths.filter((p) => !p.includes('\n'));
  const raw = git(root, ['cat-file', '--batch'], asked.map((p) => `${rev}:${p}\n`).join(''));
  let at = 0;
  for (const p of asked) {
    const eol = raw.indexOf(0x0a, at);
    if (eol < 0) break;
    const header = raw.subarray(at, eol).toString('utf8');
    at = eol + 1;
    if (header.endsWith(' missing')) continue;
    const size = Number(header.split(' ')[2]);
    if (!Number.isFinite(size)) break;
    if (size <= maxBytes) out.set(p, raw.subarray(at, at + size).toString('utf8'));
    at += size + 1; // content, then a newline
  }
  return out;
}

export interface Rename {
  from: string;
  to: string;
}

/**
 * Files renamed between `base` and `head` (a commit, or undefined for the working tree), with git's
 * own similarity detection (`-M`, 50%): a renamed job is compared with its old self.
 */
export function renames(root: string, base: string, head: string | undefined): Rename[] {
  const args = ['diff', '-M', '--name-status', '-z', base, ...(head ? [head] : [])];
  const parts = git(root, args).toString('utf8').split('\0');
  const out: Rename[] = [];
  for (let i = 0; i < parts.length; ) {
    const status = parts[i];
    if (!status) break;
    if (status.startsWith('R') || status.startsWith('C')) {
      if (status.startsWith('R')) out.push({ from: parts[i + 1], to: parts[i + 2] });
      i += 3;
    } else i += 2;
  }
  return out;
}

// Folder-relative glob excludes (`files.exclude`, `mlcost.exclude`): a path is out when a glob
// matches it or one of its parent folders, as VS Code's explorer and search treat them.
import { minimatch } from 'minimatch';

export type ExcludeTest = (relPosix: string) => boolean;

export function excludeTest(globs: readonly string[]): ExcludeTest {
  const clean = globs.map((g) => g.trim().replace(/^\.\//, '').replace(/\/+$/, '')).filter(Boolean);
  if (!clean.length) return () => false;
  return (rel) => {
    const parts = rel.split('/');
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      if (clean.some((g) => minimatch(prefix, g, { dot: true }))) return true;
    }
    return false;
  };
}

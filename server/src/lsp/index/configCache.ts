// `.mlcost.yaml` lookups for one indexing pass. The engine looks for the project config from every
// analysed file up to the workspace root, twice per file (rules, pricing): a statSync per folder
// level, thousands of times for the same few folders. The index wraps each file's FileAccess so
// that these reads are answered once per path for the pass; other linked files are read as before.
import * as path from 'path';
import { PROJECT_CONFIG_FILE } from '../../engine/projectConfig';
import type { FileAccess } from '../../engine/types';

type Read = ReturnType<FileAccess['read']>;

/** `.mlcost.yaml`, `../.mlcost.yaml`, `../../.mlcost.yaml`, … as findProjectConfig asks for it. */
const CONFIG_REF = new RegExp(`^(\\.\\./)*${PROJECT_CONFIG_FILE.replace(/\./g, '\\.')}$`);

export class ConfigLookupCache {
  /** Resolved path → what the read gave (undefined: no such file), for this pass. */
  private readonly reads = new Map<string, Read>();

  wrap(files: FileAccess): FileAccess {
    return {
      read: (ref, fromPath) => {
        if (!CONFIG_REF.test(ref)) return files.read(ref, fromPath);
        const abs = path.resolve(path.dirname(fromPath), ref);
        if (this.reads.has(abs)) return this.reads.get(abs);
        const hit = files.read(ref, fromPath);
        this.reads.set(abs, hit);
        return hit;
      },
      // Data files are sampled afresh: their size is what the estimate reads.
      ...(files.sample && { sample: files.sample.bind(files) }),
      // Folder listings (a Terraform module's .tf files, the autoscalers beside a Deployment) too.
      ...(files.list && { list: files.list.bind(files) }),
      ...(files.dirs && { dirs: files.dirs.bind(files) }),
    };
  }

  clear(): void {
    this.reads.clear();
  }
}

export function isProjectConfigPath(abs: string): boolean {
  return path.basename(abs) === PROJECT_CONFIG_FILE;
}

import * as path from 'path';
import type { WorkspaceFolder } from 'vscode-languageserver/node';
import { diskFileAccess, noFileAccess } from '../engine/fileAccess';
import type { FileAccess } from '../engine/types';
import { filePathOf } from './uris';

/**
 * The workspace folders (as local paths) and the FileAccess each document gets: linked files and
 * `.mlcost.yaml` are read only inside the folders, with the text of open documents winning over
 * the disk so unsaved edits count.
 */
export class Workspace {
  private roots: string[] = [];

  constructor(private readonly openText: (absPath: string) => string | undefined) {}

  setFolders(folders: readonly (WorkspaceFolder | string)[]): void {
    const paths = folders.map((f) => filePathOf(typeof f === 'string' ? f : f.uri)).filter((p): p is string => !!p);
    this.roots = [...new Set(paths)];
  }

  addRemove(added: readonly WorkspaceFolder[], removed: readonly WorkspaceFolder[]): void {
    const gone = new Set(removed.map((f) => filePathOf(f.uri)));
    this.setFolders([...this.roots.filter((r) => !gone.has(r)), ...added]);
  }

  folders(): readonly string[] {
    return this.roots;
  }

  /**
   * Files outside every folder, or a client that sent none (a lone file in Neovim), see their own
   * folder and below; untitled buffers see nothing.
   */
  filesFor(uri: string): FileAccess {
    const file = filePathOf(uri);
    if (!file) return noFileAccess;
    const inFolder = this.roots.some((r) => file.startsWith(r + path.sep));
    return diskFileAccess(inFolder ? this.roots : [path.dirname(file)], this.openText);
  }
}

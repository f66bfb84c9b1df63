// Binds the WorkspaceIndex to the LSP connection: settings pulls (or pushed settings), progress,
// diagnostics, the watched-file registration and the mlcost/workspaceCost and mlcost/reindex
// requests. server.ts only forwards events to it.
import {
  DidChangeWatchedFilesNotification,
  type ClientCapabilities,
  type Connection,
  type Diagnostic,
  type FileEvent,
  type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { PricingSettings } from '../../engine/cost/estimateTypes';
import type { FileAccess } from '../../engine/types';
import { errorText, type Logger } from '../log';
import type { Settings, SettingsStore } from '../settings';
import { filePathOf } from '../uris';
import type { Workspace } from '../workspace';
import { WorkspaceIndex } from '../workspaceIndex';
import { REINDEX_REQUEST, WORKSPACE_COST_CHANGED, WORKSPACE_COST_REQUEST, type WorkspaceCost, type WorkspaceCostParams } from './protocol';
import type { OpenDocuments } from '../notebooks';

/** The files the index analyses; one watcher glob so created, changed and deleted files reach it. */
const WATCH_GLOB = '**/*.{yaml,yml,json,jsonc,py,sh,bash}';

export interface IndexWiring {
  connection: Connection;
  documents: OpenDocuments;
  workspace: Workspace;
  settings: SettingsStore;
  pricing?(uri: string, settings: Settings): PricingSettings;
  publish(uri: string, diagnostics: Diagnostic[]): void;
  /** An open document has other launchers now: analyse it again. */
  relaunched?(uri: string): void;
  log: Logger;
}

export class IndexConnection {
  readonly index: WorkspaceIndex;
  /** Settings pushed in didChangeConfiguration, for clients that cannot answer workspace/configuration. */
  private pushed: Record<string, unknown> = {};

  constructor(
    private readonly w: IndexWiring,
    private readonly caps: ClientCapabilities,
  ) {
    const { connection, documents, workspace, log } = w;
    this.index = new WorkspaceIndex({
      folders: () => workspace.folders(),
      isOpen: (abs) => documents.all().some((d) => filePathOf(d.uri) === abs),
      settingsFor: (uri) => w.settings.get(uri),
      pricing: w.pricing,
      files: (uri): FileAccess => workspace.filesFor(uri),
      section: (section, scopeUri) =>
        caps.workspace?.configuration ? (connection.workspace.getConfiguration({ scopeUri, section }) as Promise<unknown>) : Promise.resolve(this.pushed[section]),
      publish: (uri, diagnostics) => w.publish(uri, diagnostics),
      relaunched: (abs) => {
        const doc = documents.all().find((d) => filePathOf(d.uri) === abs);
        if (doc) w.relaunched?.(doc.uri);
      },
      changed: (payload) => {
        connection.sendNotification(WORKSPACE_COST_CHANGED, payload).catch((e: unknown) => log.warn(`mlcost: could not send workspace cost: ${errorText(e)}`));
      },
      beginProgress: async (title) => {
        const p = await connection.window.createWorkDoneProgress();
        p.begin(title, 0, undefined, false);
        return { report: (pct, message) => p.report(pct, message), done: () => p.done() };
      },
      log,
    });
    connection.onRequest(WORKSPACE_COST_REQUEST, (params: WorkspaceCostParams | null | undefined): WorkspaceCost => this.index.cost(params?.folder));
    connection.onRequest(REINDEX_REQUEST, async (): Promise<null> => {
      await this.index.reindex();
      return null;
    });
  }

  /** After `initialized`: watch the candidate files, then walk the workspace. */
  initialized(): void {
    if (this.caps.workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      this.w.connection.client
        .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: WATCH_GLOB }] })
        .catch((e: unknown) => this.w.log.warn(`mlcost: could not watch workspace files: ${errorText(e)}`));
    }
    void this.index.reindex();
  }

  configurationChanged(pushedSettings: unknown): void {
    if (pushedSettings && typeof pushedSettings === 'object' && !Array.isArray(pushedSettings)) this.pushed = pushedSettings as Record<string, unknown>;
    this.index.settingsChanged();
  }

  watchedFilesChanged(changes: readonly FileEvent[]): void {
    this.index.watchedFilesChanged(changes);
  }

  foldersChanged(): void {
    void this.index.reindex();
  }

  closed(uri: string): void {
    this.index.closed(uri);
  }

  dispose(): void {
    this.index.dispose();
  }
}

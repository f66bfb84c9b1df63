// The language server: LSP wiring only. Analysis is the engine's (engine/analyze.ts); this file
// connects documents, settings and scheduling (lsp/*) to the client. Run: node dist/server.js --stdio
import { pathToFileURL } from 'url';
import {
  createConnection,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentAnalyser } from './lsp/analysis';
import { CODE_ACTION_KINDS, CodeActions } from './lsp/codeActions';
import { COMMAND_IDS, Commands } from './lsp/commands';
import { COST_CAPABILITIES, CostServices } from './lsp/cost/costServices';
import { DocumentScheduler } from './lsp/documents';
import { IndexConnection } from './lsp/index/indexConnection';
import { consoleLogger, errorText } from './lsp/log';
import { DEFAULT_SETTINGS, SettingsStore, type PullSettings } from './lsp/settings';
import { filePathOf, whyNotAnalysed } from './lsp/uris';
import { Workspace } from './lsp/workspace';

/** Settings changes arrive in bursts (and twice from some clients): coalesce them. */
const CONFIG_CHANGE_DELAY_MS = 50;

const connection = createConnection(ProposedFeatures.all);
const log = consoleLogger(connection.console);
const documents = new TextDocuments(TextDocument);

process.on('unhandledRejection', (e) => log.error(`mlcost: unhandled rejection: ${errorText(e)}`));
process.on('uncaughtException', (e) => log.error(`mlcost: uncaught exception: ${errorText(e)}`));

/** Handlers never throw into the connection: one bad event must not take the server down. */
function guard<A extends unknown[]>(what: string, fn: (...args: A) => void): (...args: A) => void {
  return (...args: A) => {
    try {
      fn(...args);
    } catch (e) {
      log.error(`mlcost: ${what} failed: ${errorText(e)}`);
    }
  };
}

function publish(uri: string, version: number | undefined, diagnostics: Diagnostic[]): void {
  // An open JSON overrides file is analysed too: keep its own problems in what is published for it.
  const all = [...diagnostics, ...s.cost.extraDiagnostics(uri)];
  connection.sendDiagnostics({ uri, version, diagnostics: all }).catch((e: unknown) => log.warn(`mlcost: could not publish diagnostics for ${uri}: ${errorText(e)}`));
}

// Open documents' text wins over the disk when another file links to them.
const workspace = new Workspace((absPath) => {
  for (const doc of documents.all()) if (filePathOf(doc.uri) === absPath) return doc.getText();
  return undefined;
});

/** Built in onInitialize, once the client's capabilities say how settings are read. */
interface Services {
  settings: SettingsStore;
  analyser: DocumentAnalyser;
  scheduler: DocumentScheduler;
  /** CodeLens, hover, estimate breakdown, price overrides file. */
  cost: CostServices;
}
function services(pull: PullSettings | undefined): Services {
  const settings = new SettingsStore(pull, (m) => log.warn(m));
  const reanalyseAll = () => s.scheduler.scheduleAll(DEFAULT_SETTINGS.debounceMs);
  const cost = new CostServices({ connection, documents, workspace, settings, log, reanalyseAll });
  const analyser = new DocumentAnalyser(settings, workspace, log, { pricing: (uri, cfg) => cost.pricing(uri, cfg), results: cost.results });
  return { settings, analyser, scheduler: new DocumentScheduler(documents, analyser.analyse, publish, log), cost };
}
let s: Services = services(undefined);
// Fixes answer from the stored analysis of each document (the one its diagnostics came from).
const codeActions = new CodeActions({
  documents,
  results: { get: (uri) => s.cost.results.get(uri), at: (uri, version) => s.cost.results.at(uri, version) },
  log,
  folders: () => workspace.folders(),
});
codeActions.register(connection);
const commands = new Commands(connection, log);
commands.register();
let index: IndexConnection | undefined;
let registerConfigChange = false;
let watchFolders = false;

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const caps = params.capabilities;
  const pull: PullSettings | undefined = caps.workspace?.configuration
    ? (scopeUri) => connection.workspace.getConfiguration({ scopeUri, section: 'mlcost' }) as Promise<unknown>
    : undefined;
  s = services(pull);
  // The workspace cost index: unopened files in the background; open ones from their own analysis.
  index = new IndexConnection(
    { connection, documents, workspace, settings: s.settings, pricing: (uri, cfg) => s.cost.pricing(uri, cfg), publish: (uri, d) => publish(uri, undefined, d), relaunched: (uri) => s.scheduler.schedule(uri, 0), log },
    caps,
  );
  // Open documents are judged with the launchers the index has seen (reverse links).
  s.analyser.launchersOf = (p) => index?.index.launchersOf(p) ?? [];
  s.cost.results.onStored((stored) => index?.index.openAnalysed(stored.uri, stored.result));
  s.cost.initialize(caps);
  codeActions.initialize(caps);
  commands.initialize(caps);
  registerConfigChange = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
  watchFolders = !!caps.workspace?.workspaceFolders;

  if (params.workspaceFolders?.length) workspace.setFolders(params.workspaceFolders);
  else if (params.rootUri) workspace.setFolders([params.rootUri]);
  else if (params.rootPath) workspace.setFolders([pathToFileURL(params.rootPath).href]);

  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      ...COST_CAPABILITIES,
      codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS, resolveProvider: true },
      executeCommandProvider: { commands: COMMAND_IDS },
    },
    serverInfo: { name: 'mlcost' },
  };
});

connection.onInitialized(
  guard('initialized', () => {
    if (registerConfigChange) {
      connection.client
        .register(DidChangeConfigurationNotification.type, { section: 'mlcost' })
        .catch((e: unknown) => log.warn(`mlcost: could not register for settings changes: ${errorText(e)}`));
    }
    if (watchFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(
        guard('workspace folder change', (e) => {
          workspace.addRemove(e.added, e.removed);
          index?.foldersChanged();
          s.scheduler.scheduleAll(DEFAULT_SETTINGS.debounceMs);
        }),
      );
    }
    log.info(`mlcost: server started; workspace folders: ${workspace.folders().join(', ') || 'none'}`);
    index?.initialized();
  }),
);

connection.onDidChangeConfiguration(
  guard('settings change', (params) => {
    s.settings.changed(params.settings);
    s.cost.settingsChanged();
    index?.configurationChanged(params.settings);
    s.scheduler.scheduleAll(CONFIG_CHANGE_DELAY_MS);
  }),
);

documents.onDidOpen(
  guard('didOpen', ({ document }) => {
    const why = whyNotAnalysed(document.uri, document.languageId);
    if (why) log.info(`mlcost: not analysing ${document.uri}: ${why}`);
    else s.scheduler.opened(document.uri, document.version);
  }),
);

documents.onDidChangeContent(
  guard('didChange', ({ document }) => {
    const { uri, version } = document;
    s.cost.fileChanged(uri);
    if (!s.scheduler.isOpen(uri)) return;
    // Settings are cached per document after the first pull, so this rarely waits on the client.
    s.settings.get(uri).then(
      (cfg) => s.scheduler.changed(uri, version, cfg.debounceMs),
      () => s.scheduler.changed(uri, version, DEFAULT_SETTINGS.debounceMs),
    );
  }),
);

documents.onDidSave(
  guard('didSave', ({ document }) => {
    s.cost.fileChanged(document.uri);
    if (!s.scheduler.isOpen(document.uri)) return;
    s.scheduler.schedule(document.uri, 0);
    // Other open files may link to this one (or it is a .mlcost.yaml): refresh them too.
    s.scheduler.scheduleAll(DEFAULT_SETTINGS.debounceMs, document.uri);
  }),
);

documents.onDidClose(
  guard('didClose', ({ document }) => {
    s.settings.forget(document.uri);
    s.analyser.forget(document.uri);
    s.cost.forget(document.uri);
    if (s.scheduler.isOpen(document.uri)) s.scheduler.closed(document.uri);
    index?.closed(document.uri);
  }),
);

connection.onDidChangeWatchedFiles(
  guard('watched file change', ({ changes }) => {
    for (const c of changes) s.cost.fileChanged(c.uri);
    index?.watchedFilesChanged(changes);
  }),
);

connection.onShutdown(() => {
  s.scheduler.dispose();
  index?.dispose();
});

documents.listen(connection);
connection.listen();

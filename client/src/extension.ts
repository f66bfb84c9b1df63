// The VS Code client: starts the mlcost language server and shows what it reports. No analysis
// happens here; diagnostics, settings handling and scheduling are the server's.
import * as vscode from 'vscode';
import { BREAKDOWN_SCHEME, BreakdownDocs } from './breakdownDocs';
import { convertCsv } from './convertCsv';
import { CostReadout } from './costReadout';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;
let breakdownDocs: BreakdownDocs | undefined;

/** The languages the server analyses, in saved files and unsaved (untitled) buffers. */
const LANGUAGES = ['yaml', 'json', 'jsonc', 'python', 'terraform', 'typescript', 'shellscript'];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const outputChannel = vscode.window.createOutputChannel('mlcost');
  context.subscriptions.push(outputChannel);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...LANGUAGES.flatMap((language) => [
        { scheme: 'file', language },
        { scheme: 'untitled', language },
      ]),
      // Python cells of Jupyter notebooks: their text arrives through notebook sync (the server
      // analyses a notebook's cells together); this lets VS Code ask for code actions and lenses on them.
      { notebook: { notebookType: 'jupyter-notebook' }, language: 'python' },
    ],
    // The server pulls `mlcost` per resource (workspace/configuration); this makes the client
    // tell it when that section changes.
    synchronize: { configurationSection: 'mlcost' },
    outputChannel,
  };
  // The id 'mlcost' makes the library honour the `mlcost.trace.server` setting.
  client = new LanguageClient('mlcost', 'mlcost', serverOptions, clientOptions);
  // Status-bar budget readout, cost breakdown panel and budget alerts (server: mlcost/workspaceCost).
  const costReadout = new CostReadout(client);
  context.subscriptions.push(costReadout);

  context.subscriptions.push(
    vscode.commands.registerCommand('mlcost.restartServer', async () => {
      if (!client) return;
      await client.restart();
    }),
    vscode.commands.registerCommand('mlcost.showOutput', () => outputChannel.show(true)),
    vscode.commands.registerCommand('mlcost.convertCsv', (uri?: unknown) => convertCsv(client, uri)),
    vscode.commands.registerCommand('mlcost.showCostBreakdown', () => costReadout.showBreakdown()),
    vscode.commands.registerCommand('mlcost.setBudget', () => costReadout.setBudget()),
    vscode.commands.registerCommand('mlcost.reindexWorkspace', () => costReadout.reindex()),
    vscode.commands.registerCommand('mlcost.showEstimateBreakdown', (uri?: unknown, job?: unknown) => showEstimateBreakdown(uri, job)),
    vscode.workspace.registerTextDocumentContentProvider(BREAKDOWN_SCHEME, (breakdownDocs = new BreakdownDocs())),
    breakdownDocs,
  );

  await client.start();
}

/**
 * Opens the server's breakdown of one job's estimate (every assumption and its source) as a
 * Markdown preview. From a CodeLens the arguments are (document uri, job index); from the command
 * palette, the active editor's first job.
 */
async function showEstimateBreakdown(uri: unknown, job: unknown): Promise<void> {
  if (!client || !breakdownDocs) return;
  const target = typeof uri === 'string' ? uri : vscode.window.activeTextEditor?.document.uri.toString();
  if (!target) {
    void vscode.window.showInformationMessage('mlcost: open a training config or script to see its cost estimate.');
    return;
  }
  const index = typeof job === 'number' ? job : 0;
  const markdown = await client.sendRequest<string>('mlcost/estimateBreakdown', { uri: target, job: index });
  await vscode.commands.executeCommand('markdown.showPreview', breakdownDocs.show(target, index, markdown));
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop();
}

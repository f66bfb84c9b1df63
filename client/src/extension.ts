// The VS Code client: starts the mlcost language server and shows what it reports. No analysis
// happens here; diagnostics, settings handling and scheduling are the server's.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** The languages the server analyses, in saved files and unsaved (untitled) buffers. */
const LANGUAGES = ['yaml', 'json', 'jsonc', 'python'];

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const outputChannel = vscode.window.createOutputChannel('mlcost');
  context.subscriptions.push(outputChannel);
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    // The server pulls `mlcost` per resource (workspace/configuration); this makes the client
    // tell it when that section changes.
    synchronize: { configurationSection: 'mlcost' },
    outputChannel,
  };
  // The id 'mlcost' makes the library honour the `mlcost.trace.server` setting.
  client = new LanguageClient('mlcost', 'mlcost', serverOptions, clientOptions);

  context.subscriptions.push(
    vscode.commands.registerCommand('mlcost.restartServer', async () => {
      if (!client) return;
      await client.restart();
    }),
    vscode.commands.registerCommand('mlcost.showOutput', () => outputChannel.show(true)),
  );

  await client.start();
}

export async function deactivate(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) await c.stop();
}

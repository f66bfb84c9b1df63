import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/**
 * `mlcost.convertCsv` (palette, explorer menu on .csv/.tsv): asks the server to run
 * `mlcost.convertCsvToParquet` on the chosen file. The server reports progress (with Cancel)
 * and the outcome itself; this only picks the file.
 */
export async function convertCsv(client: LanguageClient | undefined, arg: unknown): Promise<void> {
  if (!client) return;
  let uri = arg instanceof vscode.Uri ? arg : undefined;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (!uri && active && /\.(csv|tsv)$/i.test(active.path)) uri = active;
  if (!uri) {
    const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'CSV/TSV': ['csv', 'tsv'] }, openLabel: 'Convert to Parquet' });
    uri = picked?.[0];
  }
  if (!uri) return;
  await client.sendRequest('workspace/executeCommand', { command: 'mlcost.convertCsvToParquet', arguments: [uri.toString()] });
}

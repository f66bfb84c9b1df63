// workspace/executeCommand: the rule docs, and CSV → Parquet conversion with progress and
// cancellation (the conversion itself is server/src/convert/csvToParquet.ts).
import * as fs from 'fs';
import * as path from 'path';
import {
  MessageType,
  ShowMessageNotification,
  type CancellationToken,
  type ClientCapabilities,
  type Connection,
  type ExecuteCommandParams,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import { RULES } from '../../../rules';
import { ConversionCancelled, convertCsvToParquet, OutputExists, parquetPathFor, type ConvertResult } from '../convert/csvToParquet';
import { ruleDocUri } from './diagnostics';
import { errorText, type Logger } from './log';
import { filePathOf } from './uris';

export const COMMANDS = {
  showRuleDocs: 'mlcost.showRuleDocs',
  convertCsvToParquet: 'mlcost.convertCsvToParquet',
} as const;

export const COMMAND_IDS: string[] = Object.values(COMMANDS);

/** What mlcost.convertCsvToParquet answers (also shown to the user as a message). */
export type ConvertAnswer =
  | ({ status: 'converted' } & ConvertResult)
  | { status: 'cancelled' | 'exists' | 'failed'; message: string };

export class Commands {
  private caps: ClientCapabilities = {};

  constructor(
    private readonly connection: Connection,
    private readonly log: Logger,
  ) {}

  initialize(caps: ClientCapabilities): void {
    this.caps = caps;
  }

  register(): void {
    this.connection.onExecuteCommand(async (params, token, progress) => {
      try {
        switch (params.command) {
          case COMMANDS.showRuleDocs:
            return await this.showRuleDocs(params);
          case COMMANDS.convertCsvToParquet:
            return await this.convert(params, token, progress);
          default:
            this.log.warn(`mlcost: unknown command ${params.command}`);
            return null;
        }
      } catch (e) {
        this.log.error(`mlcost: command ${params.command} failed: ${errorText(e)}`);
        return null;
      }
    });
  }

  private async showRuleDocs(params: ExecuteCommandParams): Promise<boolean> {
    const rule = params.arguments?.[0];
    if (typeof rule !== 'string' || !RULES.some((r) => r.id === rule)) return false;
    const uri = ruleDocUri(rule);
    if (this.caps.window?.showDocument?.support) {
      const r = await this.connection.window.showDocument({ uri, takeFocus: true });
      return r.success;
    }
    this.show(MessageType.Info, `mlcost: documentation for ${rule}: ${uri}`);
    return true;
  }

  /** Arguments: the CSV's URI (a string, or VS Code's serialised Uri), then `{ overwrite?: boolean }`. */
  private async convert(params: ExecuteCommandParams, token: CancellationToken, attached: WorkDoneProgressReporter): Promise<ConvertAnswer> {
    const input = csvPathOf(params.arguments?.[0]);
    const overwrite = (params.arguments?.[1] as { overwrite?: unknown } | undefined)?.overwrite === true;
    if (!input || !fs.existsSync(input)) return this.tell({ status: 'failed', message: `mlcost: no CSV file at ${String(params.arguments?.[0])}` });
    if (!overwrite && fs.existsSync(parquetPathFor(input))) {
      const name = path.basename(parquetPathFor(input));
      const choice = await this.connection.window.showWarningMessage(`mlcost: ${name} already exists. Overwrite it?`, { title: 'Overwrite' }, { title: 'Cancel' });
      if (choice?.title !== 'Overwrite') return { status: 'exists', message: `${name} already exists; nothing was written` };
    }
    // The client's token when it sent one; else a server-created progress the user can cancel.
    const reporter = params.workDoneToken !== undefined ? attached : this.caps.window?.workDoneProgress ? await this.connection.window.createWorkDoneProgress() : attached;
    const progressToken = 'token' in reporter ? (reporter as { token: CancellationToken }).token : undefined;
    const cancelled = () => token.isCancellationRequested || progressToken?.isCancellationRequested === true;
    reporter.begin(`Converting ${path.basename(input)} to Parquet`, 0, undefined, true);
    try {
      const r = await convertCsvToParquet(input, {
        overwrite: true, // asked above
        isCancelled: cancelled,
        onProgress: (p) => reporter.report(Math.min(99, Math.round((100 * p.bytesRead) / Math.max(1, p.totalBytes))), `${p.rows.toLocaleString('en-US')} rows`),
      });
      return this.tell({ status: 'converted', ...r });
    } catch (e) {
      if (e instanceof ConversionCancelled) return this.tell({ status: 'cancelled', message: `mlcost: conversion of ${path.basename(input)} cancelled; nothing was written` });
      if (e instanceof OutputExists) return this.tell({ status: 'exists', message: `mlcost: ${e.message}; nothing was written` });
      return this.tell({ status: 'failed', message: `mlcost: could not convert ${path.basename(input)}: ${(e as Error).message}` });
    } finally {
      reporter.done();
    }
  }

  private tell(a: ConvertAnswer): ConvertAnswer {
    if (a.status === 'converted') {
      const cols = a.columns.map((c) => `${c.name}:${c.type}`).join(', ');
      const msg =
        `mlcost: wrote ${path.basename(a.output)}: ${a.rows.toLocaleString('en-US')} rows, ${a.columns.length} columns (${cols}); ` +
        `${size(a.bytesBefore)} → ${size(a.bytesAfter)}. The CSV was kept; point the config at the .parquet file.`;
      this.show(MessageType.Info, msg);
    } else this.show(a.status === 'failed' ? MessageType.Error : MessageType.Warning, a.message);
    return a;
  }

  /** A plain notification: nothing to choose, so no request the client must answer. */
  private show(type: MessageType, message: string): void {
    this.connection.sendNotification(ShowMessageNotification.type, { type, message }).catch((e: unknown) => this.log.warn(`mlcost: could not show a message: ${errorText(e)}`));
  }
}

function csvPathOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return filePathOf(arg) ?? (path.isAbsolute(arg) ? arg : undefined);
  // VS Code serialises a Uri argument as { scheme, path, fsPath, external? }.
  const u = arg as { scheme?: unknown; fsPath?: unknown; external?: unknown } | null;
  if (u && typeof u === 'object') {
    if (typeof u.external === 'string') return filePathOf(u.external);
    if (u.scheme === 'file' && typeof u.fsPath === 'string') return u.fsPath;
  }
  return undefined;
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

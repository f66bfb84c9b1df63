import type { RemoteConsole } from 'vscode-languageserver/node';

/** Every line goes to the client's output (connection.console), never to stdout: stdio is the wire. */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function consoleLogger(console: RemoteConsole): Logger {
  return {
    info: (m) => console.info(m),
    warn: (m) => console.warn(m),
    error: (m) => console.error(m),
  };
}

export function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

// textDocument/codeAction as an editor asks for it: the range of a real diagnostic, with the
// diagnostics the client last received for that range in the context (the server finds the fixes
// through Diagnostic.data), then codeAction/resolve for the edit, which the server builds lazily.
import type { BenchServer } from './lspClient';
import { summary, time } from './stats';

/** Client capabilities that make the server defer edits to codeAction/resolve, as VS Code does. */
export const CODE_ACTION_CAPS = {
  textDocument: {
    codeAction: {
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source', 'source.fixAll'] } },
      resolveSupport: { properties: ['edit'] },
      dataSupport: true,
    },
  },
};

interface Diag {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  code?: string | number;
  data?: unknown;
}
interface Action {
  title: string;
  data?: unknown;
  edit?: unknown;
}

export interface CodeActionFigures {
  rule: string;
  line: number;
  items: number;
  request: ReturnType<typeof summary>;
  resolveTitle: string;
  resolve?: ReturnType<typeof summary>;
  resolvedHasEdit: boolean;
}

/** The first diagnostic of `uri` (its latest publish) whose actions include one to resolve. */
export async function measureCodeActions(server: BenchServer, uri: string): Promise<CodeActionFigures | undefined> {
  const diags = (server.latest.get(uri)?.diagnostics ?? []) as Diag[];
  for (const d of diags) {
    const params = { textDocument: { uri }, range: d.range, context: { diagnostics: [d], triggerKind: 1 } };
    const ask = () => server.conn.sendRequest<Action[] | null>('textDocument/codeAction', params);
    const first = (await ask()) ?? [];
    const lazy = first.find((a) => a.data !== undefined && a.edit === undefined);
    if (!lazy) continue;
    let items = 0;
    const request = summary(await time(async () => (items = ((await ask()) ?? []).length), 100, 3));
    let resolved: Action | undefined;
    const resolve = summary(await time(async () => (resolved = await server.conn.sendRequest<Action>('codeAction/resolve', lazy)), 100, 3));
    return { rule: String(d.code), line: d.range.start.line, items, request, resolveTitle: lazy.title, resolve, resolvedHasEdit: !!resolved?.edit };
  }
  return undefined;
}

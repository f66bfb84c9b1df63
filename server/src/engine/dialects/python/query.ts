import type { PyNode, PythonSource } from '../../formats/python';
import { memoizeOnTree, nodesOfType } from '../../formats/pythonIndex';

// Small, shared questions about a tree-sitter Python tree. Dialect code asks these instead of
// walking nodes by hand.

/**
 * Every node of `type` under `root`, in source order (iterative: deep trees must not overflow).
 * Queries at the tree's root share one walk per analysis (formats/pythonIndex.ts).
 */
export function descendants(root: PyNode, type: string | readonly string[]): PyNode[] {
  return nodesOfType(root, typeof type === 'string' ? [type] : type);
}

export interface CallInfo {
  node: PyNode;
  /** Dotted callee as written: `pl.Trainer`, `torch.cuda.amp.autocast`, `Trainer`. */
  callee: string;
  /** Last segment of the callee: `Trainer`, `autocast`, `read_csv`. */
  name: string;
  args: PyNode[];
  kwargs: Map<string, PyNode>;
}

/** Every call in the file with its callee and arguments split out. */
export function calls(src: PythonSource): CallInfo[] {
  return descendants(src.root, 'call').map((node) => callInfo(src, node));
}

export function callInfo(src: PythonSource, node: PyNode): CallInfo {
  const fn = node.childForFieldName('function');
  const callee = fn ? src.textOf(fn).replace(/\s+/g, '') : '';
  const args: PyNode[] = [];
  const kwargs = new Map<string, PyNode>();
  const list = node.childForFieldName('arguments');
  for (const c of list?.namedChildren ?? []) {
    if (!c) continue;
    if (c.type === 'keyword_argument') {
      const k = c.childForFieldName('name');
      const v = c.childForFieldName('value');
      if (k && v) kwargs.set(src.textOf(k), v);
    } else if (c.type !== 'comment') args.push(c);
  }
  const dot = callee.lastIndexOf('.');
  return { node, callee, name: dot < 0 ? callee : callee.slice(dot + 1), args, kwargs };
}

/** The value of a plain string literal (no f-string interpolation), else undefined. */
export function stringValue(src: PythonSource, n: PyNode | undefined | null): string | undefined {
  if (!n || n.type !== 'string') return undefined;
  if (n.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  return n.namedChildren
    .filter((c): c is PyNode => c?.type === 'string_content')
    .map((c) => src.textOf(c))
    .join('');
}

/** `True`/`False` literals. */
export function boolValue(n: PyNode | undefined | null): boolean | undefined {
  if (n?.type === 'true') return true;
  if (n?.type === 'false') return false;
  return undefined;
}

/** Integer/float literals, including `1e9` and `1_000`. */
export function numberValue(src: PythonSource, n: PyNode | undefined | null): number | undefined {
  if (!n || (n.type !== 'integer' && n.type !== 'float')) return undefined;
  const v = Number(src.textOf(n).replace(/_/g, ''));
  return Number.isFinite(v) ? v : undefined;
}

/** Top-level module names imported by the file (`torch`, `lightning`, `sagemaker`...). */
export function importedModules(src: PythonSource): Set<string> {
  const out = new Set<string>();
  for (const n of descendants(src.root, ['import_statement', 'import_from_statement'])) {
    if (n.type === 'import_from_statement') {
      const m = n.childForFieldName('module_name');
      if (m) out.add(src.textOf(m).split('.')[0]);
    } else {
      for (const c of n.namedChildren) {
        if (!c) continue;
        const name = c.type === 'aliased_import' ? c.childForFieldName('name') : c;
        if (name) out.add(src.textOf(name).split('.')[0]);
      }
    }
  }
  return out;
}

/** Is `n` inside a `for`/`while` loop body (directly or nested)? */
export function insideLoop(n: PyNode): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'for_statement' || p.type === 'while_statement') return true;
    if (p.type === 'module') return false;
  }
  return false;
}

/** The value node of the first keyword argument of `call` named one of `names`. */
export function kwarg(call: CallInfo, ...names: string[]): PyNode | undefined {
  for (const n of names) {
    const v = call.kwargs.get(n);
    if (v) return v;
  }
  return undefined;
}

/** Does the call pass `**something`? Then any keyword may be set there, unseen. */
export function hasKwargsSplat(call: CallInfo): boolean {
  return call.args.some((a) => a.type === 'dictionary_splat');
}

/** The object a method is called on, as written (`trainer` in `trainer.fit(...)`), else ''. */
export function receiver(call: CallInfo): string {
  const dot = call.callee.lastIndexOf('.');
  return dot < 0 ? '' : call.callee.slice(0, dot);
}

/** The module `name` was imported from (`from lightning import Trainer` -> `lightning`). */
export function importedFrom(src: PythonSource, name: string): string | undefined {
  for (const n of descendants(src.root, 'import_from_statement')) {
    const m = n.childForFieldName('module_name');
    for (const c of n.childrenForFieldName('name')) {
      if (!c) continue;
      const alias = c.type === 'aliased_import' ? c.childForFieldName('alias') : c;
      if (alias && src.textOf(alias) === name && m) return src.textOf(m);
    }
  }
  return undefined;
}

/** Right-hand sides of plain `name = ...` assignments, in source order. */
export function assignmentsTo(src: PythonSource, name: string): PyNode[] {
  return [...(assignmentsByName(src).get(name) ?? [])];
}

/** `resolve()` asks for many names: the assignments are grouped by name once per tree. */
function assignmentsByName(src: PythonSource): Map<string, PyNode[]> {
  return memoizeOnTree(src.root, 'assignmentsByName', () => {
    const byName = new Map<string, PyNode[]>();
    for (const a of descendants(src.root, 'assignment')) {
      const left = a.childForFieldName('left');
      const right = a.childForFieldName('right');
      if (left?.type !== 'identifier' || !right) continue;
      const name = src.textOf(left);
      const list = byName.get(name);
      if (list) list.push(right);
      else byName.set(name, [right]);
    }
    return byName;
  });
}

/**
 * Follows an identifier to the one value it is ever assigned (`out_dir = 'out'`), a few steps
 * deep. A name assigned twice, or never, stays as it is: its value is not known statically.
 */
export function resolve(src: PythonSource, n: PyNode | undefined | null, depth = 3): PyNode | undefined {
  let cur = n ?? undefined;
  for (let i = 0; cur && cur.type === 'identifier' && i < depth; i++) {
    const rhs = assignmentsTo(src, src.textOf(cur));
    if (rhs.length !== 1) break;
    cur = rhs[0];
  }
  while (cur?.type === 'parenthesized_expression' && cur.namedChildren[0]) cur = cur.namedChildren[0];
  return cur;
}

/** A string literal after resolving names. */
export function resolvedString(src: PythonSource, n: PyNode | undefined | null): string | undefined {
  return stringValue(src, resolve(src, n));
}

/** A number literal after resolving names. */
export function resolvedNumber(src: PythonSource, n: PyNode | undefined | null): number | undefined {
  return numberValue(src, resolve(src, n));
}

/**
 * A path written as a literal, `os.path.join(...)`, `Path(...)` or `Path(...) / '...'` whose
 * parts all resolve to literals; undefined when any part is only known at run time.
 */
export function pathValue(src: PythonSource, n: PyNode | undefined | null, depth = 0): string | undefined {
  const v = resolve(src, n);
  if (!v || depth > 4) return undefined;
  const s = stringValue(src, v);
  if (s !== undefined) return s;
  if (v.type === 'binary_operator' && v.childForFieldName('operator')?.type === '/') {
    const l = pathValue(src, v.childForFieldName('left'), depth + 1);
    const r = pathValue(src, v.childForFieldName('right'), depth + 1);
    return l !== undefined && r !== undefined ? joinPath([l, r]) : undefined;
  }
  if (v.type === 'call') {
    const c = callInfo(src, v);
    if (c.name === 'join' || c.name === 'Path' || c.name === 'PurePath') {
      const parts = c.args.map((a) => pathValue(src, a, depth + 1));
      if (parts.length && parts.every((p): p is string => p !== undefined)) return joinPath(parts);
    }
  }
  return undefined;
}

function joinPath(parts: string[]): string {
  return parts.reduce((acc, p) => (!acc ? p : p.startsWith('/') ? p : `${acc.replace(/\/+$/, '')}/${p}`), '');
}

/** Nearest ancestor of one of `types`, stopping at the module. */
export function enclosing(n: PyNode, types: readonly string[]): PyNode | undefined {
  for (let p = n.parent; p; p = p.parent) {
    if (types.includes(p.type)) return p;
    if (p.type === 'module') return undefined;
  }
  return undefined;
}

/**
 * Does `n` run repeatedly: inside a loop, or inside a function that is called from a loop
 * (`def save_ckpt(): torch.save(...)` called each epoch). Two levels of calls are followed.
 */
export function runsInLoop(src: PythonSource, n: PyNode, allCalls: readonly CallInfo[], depth = 0): boolean {
  const fn = enclosing(n, ['function_definition']);
  for (let p = n.parent; p && p !== fn; p = p.parent) {
    if (p.type === 'for_statement' || p.type === 'while_statement') return true;
  }
  if (!fn || depth >= 2) return false;
  const nameNode = fn.childForFieldName('name');
  if (!nameNode) return false;
  const name = src.textOf(nameNode);
  return allCalls.some((c) => c.name === name && c.node.id !== n.id && runsInLoop(src, c.node, allCalls, depth + 1));
}

/** Identifier names appearing under `n` (attribute parts included). */
export function identifierNames(src: PythonSource, n: PyNode): string[] {
  return descendants(n, 'identifier').map((i) => src.textOf(i));
}

/**
 * The leading literal part of a path whose tail is only known at run time
 * (`os.path.join(out_dir, f"ckpt_{epoch}.pt")` with `out_dir = "s3://b/run"` -> `s3://b/run`):
 * enough to tell a bucket or /tmp from a local disk.
 */
export function pathPrefix(src: PythonSource, n: PyNode | undefined | null, depth = 0): string | undefined {
  const full = pathValue(src, n);
  if (full !== undefined || depth > 4) return full;
  const v = resolve(src, n);
  if (!v) return undefined;
  if (v.type === 'binary_operator' && v.childForFieldName('operator')?.type === '/') return pathPrefix(src, v.childForFieldName('left'), depth + 1);
  if (v.type === 'call') {
    const c = callInfo(src, v);
    if (c.name === 'join' || c.name === 'Path' || c.name === 'PurePath') return pathPrefix(src, c.args[0], depth + 1);
  }
  if (v.type === 'string') {
    // f"{base}/x" or f"s3://bucket/{run}": the literal text before the first interpolation.
    const first = v.namedChildren.find((c) => c?.type === 'string_content' || c?.type === 'interpolation');
    return first?.type === 'string_content' ? src.textOf(first) : undefined;
  }
  return undefined;
}

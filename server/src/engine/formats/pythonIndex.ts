import type { Node as TsNode, Tree } from 'web-tree-sitter';

// Dialects ask "every node of type X in the file" many times per analysis (calls, imports,
// assignments for each name they resolve...). Each `descendantsOfType` is a walk of the whole tree,
// so those queries dominated Python analysis (bench/RESULTS.md). Per tree, the common types are
// gathered in ONE walk (tree-sitter's own, iterative and in C: deep trees cannot overflow) and the
// queries are answered from it. The index is built lazily, on the first query at the root, and
// dropped with the tree (`dropNodeIndex`, called by PythonSource.dispose).

/** Types queried at the root of nearly every file: one walk collects all of them. */
const COMMON = ['call', 'assignment', 'import_statement', 'import_from_statement', 'for_statement', 'comparison_operator'];
const COMMON_SET = new Set(COMMON);

interface Entry {
  node: TsNode;
  /** Position in the walk (pre-order = source order), to merge buckets of several types. */
  seq: number;
}

class NodeIndex {
  private common?: Map<string, Entry[]>;
  /** Queries outside COMMON, one walk each, keyed by their types. */
  private readonly other = new Map<string, TsNode[]>();
  private readonly memo = new Map<string, unknown>();

  constructor(
    private readonly root: TsNode,
    readonly rootId: number,
  ) {}

  /** The nodes of `types` under the root, in source order, as `descendantsOfType` returns them. */
  query(types: readonly string[]): TsNode[] {
    if (types.length && types.every((t) => COMMON_SET.has(t))) {
      const buckets = this.commonBuckets();
      if (types.length === 1) return (buckets.get(types[0]) ?? []).map((e) => e.node);
      const merged = [...new Set(types)].flatMap((t) => buckets.get(t) ?? []);
      return merged.sort((a, b) => a.seq - b.seq).map((e) => e.node);
    }
    const key = types.join('\0');
    let hit = this.other.get(key);
    if (!hit) {
      hit = walk(this.root, types);
      this.other.set(key, hit);
    }
    return hit.slice();
  }

  /** A value derived from the tree (e.g. assignments by name), computed once per tree. */
  memoize<T>(key: string, build: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, build());
    return this.memo.get(key) as T;
  }

  private commonBuckets(): Map<string, Entry[]> {
    if (!this.common) {
      const buckets = new Map<string, Entry[]>();
      walk(this.root, COMMON).forEach((node, seq) => {
        const list = buckets.get(node.type);
        if (list) list.push({ node, seq });
        else buckets.set(node.type, [{ node, seq }]);
      });
      this.common = buckets;
    }
    return this.common;
  }
}

function walk(root: TsNode, types: readonly string[]): TsNode[] {
  return root.descendantsOfType(types as string[]).filter((n): n is TsNode => n !== null);
}

const indexes = new WeakMap<Tree, NodeIndex>();

/** The index of `node`'s tree, created (without walking yet) on first use. */
function indexOf(node: TsNode): NodeIndex {
  let idx = indexes.get(node.tree);
  if (!idx) {
    const root = node.tree.rootNode;
    idx = new NodeIndex(root, root.id);
    indexes.set(node.tree, idx);
  }
  return idx;
}

/** Every node of `types` under `root` (root included), in source order. */
export function nodesOfType(root: TsNode, types: readonly string[]): TsNode[] {
  const idx = indexOf(root);
  // Sub-trees are small: tree-sitter's walk over them is cheaper than filtering the whole index.
  return root.id === idx.rootId ? idx.query(types) : walk(root, types);
}

/** `build()` once per tree of `node`; dropped with the tree. */
export function memoizeOnTree<T>(node: TsNode, key: string, build: () => T): T {
  return indexOf(node).memoize(key, build);
}

/** Forget the tree's index; call before `tree.delete()` (the nodes it holds die with the tree). */
export function dropNodeIndex(tree: Tree): void {
  indexes.delete(tree);
}

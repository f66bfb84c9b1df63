// Cost-attribution tags of a SageMaker estimator: `tags=[{"Key": "team", "Value": "nlp"}, ...]`
// (the SDK also takes a plain `{"team": "nlp"}` dict). SageMaker copies them onto the training job,
// where Cost Explorer splits the bill by them once they are activated as cost allocation tags.
// A list built at run time (a function call, `common + [...]`, `**kwargs`) is unresolved.

import { appendItem, callSnap, containerSnap, replace, type ContainerSnap } from '../../../edit/pythonEdit';
import { tagPlaceholder } from '../../../edit/tagPlaceholders';
import { fromFile } from '../../../facts';
import type { PyNode, PythonSource } from '../../../formats/python';
import type { Fix, Range, TagFacts } from '../../../types';
import { hasKwargsSplat, kwarg, resolve, stringValue, type CallInfo } from '../query';
import { argRange } from './values';

interface TagRead {
  keys?: string[];
  /** Where a fix adds entries: the list literal of `{"Key": ..., "Value": ...}` dicts, or the dict. */
  container?: ContainerSnap;
  form?: 'list' | 'dict';
  /** `tags=None` written out: the fix replaces it. */
  none?: { start: number; end: number };
}

function dictKeys(src: PythonSource, d: PyNode): { key: string; value?: PyNode }[] | undefined {
  const out: { key: string; value?: PyNode }[] = [];
  for (const p of d.namedChildren) {
    if (!p || p.type === 'comment') continue;
    const k = p.type === 'pair' ? p.childForFieldName('key') : null;
    const key = k ? stringValue(src, resolve(src, k) ?? k) : undefined;
    if (key === undefined) return undefined; // `**base` or a computed key
    out.push({ key, value: p.childForFieldName('value') ?? undefined });
  }
  return out;
}

function readTags(src: PythonSource, arg: PyNode): TagRead {
  const v = resolve(src, arg) ?? arg;
  if (v.type === 'none' && v.id === arg.id) return { keys: [], none: { start: v.startIndex, end: v.endIndex } };
  if (v.type === 'dictionary') {
    const pairs = dictKeys(src, v);
    return pairs ? { keys: pairs.map((p) => p.key), container: containerSnap(v), form: 'dict' } : {};
  }
  if (v.type !== 'list') return {};
  const keys: string[] = [];
  for (const item of v.namedChildren) {
    if (!item || item.type === 'comment') continue;
    const d = resolve(src, item) ?? item;
    if (d.type !== 'dictionary') return {};
    const pairs = dictKeys(src, d);
    const key = pairs?.find((p) => p.key === 'Key' || p.key === 'key')?.value;
    const name = key ? stringValue(src, resolve(src, key) ?? key) : undefined;
    if (name === undefined) return {};
    keys.push(name);
  }
  return { keys, container: containerSnap(v), form: 'list' };
}

export interface EstimatorTags {
  facts: TagFacts;
  addTags(keys: string[]): Fix | undefined;
}

/** The estimator's tags as facts (absent `tags=` is a fact too, stated at the class name). */
export function estimatorTags(src: PythonSource, c: CallInfo, anchor: Range): EstimatorTags {
  const arg = kwarg(c, 'tags');
  const read = arg ? readTags(src, arg) : { keys: [] };
  const unresolved = read.keys === undefined || (!arg && hasKwargsSplat(c));
  const facts: TagFacts = { keys: fromFile(read.keys ?? [], arg ? argRange(src, arg) : anchor, 'tags'), ...(unresolved && { unresolved }) };
  const estimator = callSnap(src, c.node);
  const { text, lines } = src;
  return {
    facts,
    addTags(keys) {
      const items = keys.map((k, i) => (read.form === 'dict' ? `"${k}": "${tagPlaceholder(k, i + 1)}"` : `{"Key": "${k}", "Value": "${tagPlaceholder(k, i + 1)}"}`));
      const title = `Add cost-attribution tags (${keys.join(', ')}) to the training job`;
      if (!arg && estimator) return { title, edits: appendItem(text, lines, estimator.args, `tags=[${items.join(', ')}]`), safe: false, snippet: true };
      if (read.none) return { title, edits: [replace(lines, read.none.start, read.none.end, `[${items.join(', ')}]`)], safe: false, snippet: true };
      if (read.container) return { title, edits: appendItem(text, lines, read.container, items.join(', ')), safe: false, snippet: true };
      return undefined;
    },
  };
}

// The module a .tf file belongs to: the other .tf files of its folder, read for what crosses files
// (variable defaults, locals, provider default tags, lifecycle configurations, schedules and
// autoscaling targets that point at a resource). Summaries are cached per file text.
import * as path from 'path';
import { parseHcl, type HclBlock, type HclValue } from '../../formats/hcl';
import type { AnalysisContext } from '../../types';

export interface ModuleFacts {
  variables: Map<string, HclValue>;
  locals: Map<string, HclValue>;
  /** Keys of `default_tags`/`default_labels` set on providers: every resource of the provider gets them. */
  defaultTags: Map<string, string[]>;
  /** Resources of the module by `type.name`, with every reference their attributes make. */
  references: { type: string; name: string; refs: string[]; block: HclBlock }[];
}

interface Summary {
  text: string;
  facts: ModuleFacts;
}

const cache = new Map<string, Summary>();
const MAX_CACHED = 200;
const MAX_MODULE_FILES = 50;

export function emptyModule(): ModuleFacts {
  return { variables: new Map(), locals: new Map(), defaultTags: new Map(), references: [] };
}

/** Facts of this file's blocks, added to `into`. */
export function summarise(blocks: HclBlock[], into: ModuleFacts): ModuleFacts {
  for (const b of blocks) {
    if (b.type === 'variable' && b.labels[0]) {
      const d = b.attributes.find((a) => a.name === 'default');
      if (d) into.variables.set(b.labels[0], d.value);
    } else if (b.type === 'locals') {
      for (const a of b.attributes) into.locals.set(a.name, a.value);
    } else if (b.type === 'provider' && b.labels[0]) {
      const keys = providerDefaultTags(b);
      if (keys) into.defaultTags.set(b.labels[0], [...(into.defaultTags.get(b.labels[0]) ?? []), ...keys]);
    } else if (b.type === 'resource' && b.labels.length >= 2) {
      into.references.push({ type: b.labels[0], name: b.labels[1], refs: referencesIn(b), block: b });
    }
  }
  return into;
}

function providerDefaultTags(b: HclBlock): string[] | undefined {
  // aws: default_tags { tags = {...} }; google: default_labels = {...}
  const dt = b.blocks.find((x) => x.type === 'default_tags');
  const v = dt?.attributes.find((a) => a.name === 'tags')?.value ?? b.attributes.find((a) => a.name === 'default_labels')?.value;
  if (!v) return undefined;
  if (v.kind === 'object') return v.entries.map((e) => e.key);
  return ['*']; // computed: some tags, which ones unknown
}

/** `aws_s3_bucket.ckpt` style references anywhere in a block's attributes (by text). */
function referencesIn(b: HclBlock): string[] {
  const out: string[] = [];
  const walk = (blk: HclBlock): void => {
    for (const a of blk.attributes) collect(a.value, out);
    blk.blocks.forEach(walk);
  };
  walk(b);
  return out;
}

function collect(v: HclValue, out: string[]): void {
  if (v.kind === 'expr') {
    for (const m of v.text.matchAll(/\b([a-z][a-z0-9_]*)\.([A-Za-z_][\w-]*)/g)) out.push(`${m[1]}.${m[2]}`);
  } else if (v.kind === 'object') v.entries.forEach((e) => collect(e.value, out));
  else if (v.kind === 'tuple') v.items.forEach((i) => collect(i, out));
}

/** This file's module: its own blocks plus those of the other .tf files in its folder. */
export async function moduleOf(blocks: HclBlock[], ctx: AnalysisContext): Promise<ModuleFacts> {
  const facts = summarise(blocks, emptyModule());
  const names = ctx.files.list?.('.', ctx.path) ?? [];
  const self = path.basename(ctx.path);
  for (const name of names.filter((n) => n.endsWith('.tf') && n !== self).slice(0, MAX_MODULE_FILES)) {
    const hit = ctx.files.read(name, ctx.path);
    if (!hit) continue;
    const s = await summaryOf(hit.path, hit.text);
    merge(facts, s);
  }
  return facts;
}

async function summaryOf(file: string, text: string): Promise<ModuleFacts> {
  const hit = cache.get(file);
  if (hit && hit.text === text) return hit.facts;
  const doc = await parseHcl(text);
  try {
    const facts = summarise(doc.blocks, emptyModule());
    // Blocks of another file keep their ranges for reading values only; never for findings.
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    cache.set(file, { text, facts });
    return facts;
  } finally {
    doc.dispose();
  }
}

function merge(into: ModuleFacts, other: ModuleFacts): void {
  for (const [k, v] of other.variables) if (!into.variables.has(k)) into.variables.set(k, v);
  for (const [k, v] of other.locals) if (!into.locals.has(k)) into.locals.set(k, v);
  for (const [k, v] of other.defaultTags) into.defaultTags.set(k, [...(into.defaultTags.get(k) ?? []), ...v]);
  into.references.push(...other.references);
}

/** Reads `var.x` / `local.y` through the module, as far as defaults make them static. */
export function resolve(v: HclValue | undefined, m: ModuleFacts, depth = 0): HclValue | undefined {
  if (!v || depth > 8) return v;
  if (v.kind === 'expr' && v.ref && v.ref.length === 2) {
    const table = v.ref[0] === 'var' ? m.variables : v.ref[0] === 'local' ? m.locals : undefined;
    const target = table?.get(v.ref[1]);
    if (target) {
      const r = resolve(target, m, depth + 1);
      // Keep the reference's own place: facts point where this file says it.
      return r ? ({ ...r, range: v.range } as HclValue) : v;
    }
  }
  return v;
}

/** Other resources of the module whose attributes reference `type.name`. */
export function referencing(m: ModuleFacts, type: string, name: string, ofTypes: string[]): { type: string; name: string; block: HclBlock }[] {
  const key = `${type}.${name}`;
  return m.references.filter((r) => ofTypes.includes(r.type) && r.refs.includes(key));
}

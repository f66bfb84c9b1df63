// A Hydra `defaults:` list, read as the files it composes, in order:
//   - _self_                      this file's own keys (appended last when not listed)
//   - default                     trainer/default.yaml beside trainer/ddp.yaml (same group)
//   - trainer: gpu                <group>/gpu.yaml relative to this config's group
//   - override /trainer: gpu      an absolute group: from the config root
//   - /callbacks@extra: default   `@package` changes where it lands, not which file
//   - optional local: default     may be absent
//   - logger: null                nothing
// Refs are relative to the analysed file; an absolute group is tried from this folder and the
// ones above it (the config root is not named anywhere in the file).

import type { YamlNode } from '../../formats/yaml';
import type { Range } from '../../types';

export type DefaultsItem =
  | { kind: 'self' }
  | { kind: 'config'; candidates: string[]; range: Range; optional: boolean; label: string }
  /** An entry decided at run time (`${oc.env:...}`, a `???` placeholder): the composition is incomplete. */
  | { kind: 'unknown'; range: Range };

/** Hydra's own settings and groups that never hold Trainer, callback or data facts. */
const SKIP_GROUPS = /^(hydra|hydra\/.*|logger|paths|extras|debug|local|hparams_search|launcher|sweeper)$/;
const MAX_ITEMS = 30;

export function defaultsList(root: YamlNode): DefaultsItem[] | undefined {
  const d = root.get('defaults');
  if (!d?.isSeq) return undefined;
  const out: DefaultsItem[] = [];
  for (const item of d.items().slice(0, MAX_ITEMS)) {
    if (item.isScalar) {
      const name = item.str()?.trim();
      if (!name) continue;
      if (name === '_self_') out.push({ kind: 'self' });
      else if (name.includes('${') || name === '???') out.push({ kind: 'unknown', range: item.range() });
      else out.push({ kind: 'config', candidates: configRefs(undefined, name), range: item.range(), optional: false, label: name });
      continue;
    }
    const [entry] = item.entries();
    if (!entry?.keyName || item.entries().length !== 1) continue;
    let key = entry.keyName.trim();
    let optional = false;
    for (;;) {
      const m = /^(override|optional)\s+(.*)$/.exec(key);
      if (!m) break;
      if (m[1] === 'optional') optional = true;
      key = m[2].trim();
    }
    const group = key.replace(/@.*$/, '');
    if (!group || SKIP_GROUPS.test(group.replace(/^\//, ''))) continue;
    const options = entry.isSeq ? entry.items() : [entry];
    for (const o of options) {
      const v = o.value();
      if (v === null || v === undefined) continue; // `logger: null`: nothing composed
      const option = String(v).trim();
      if (option.includes('${') || option === '???') {
        out.push({ kind: 'unknown', range: o.range() });
        continue;
      }
      out.push({ kind: 'config', candidates: configRefs(group, option), range: entry.range(), optional, label: `${key}: ${option}` });
    }
  }
  return out;
}

/** The files an entry may mean, most likely first. */
function configRefs(group: string | undefined, option: string): string[] {
  const file = /\.ya?ml$/.test(option) ? option : `${option}.yaml`;
  const rel = group ? `${group}/${file}` : file;
  if (!rel.startsWith('/')) return [rel];
  const abs = rel.slice(1);
  return [abs, `../${abs}`, `../../${abs}`];
}

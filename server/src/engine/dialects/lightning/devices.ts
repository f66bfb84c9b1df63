import type { YamlNode } from '../../formats/yaml';
import { isInterpolated } from './paths';

/**
 * How many devices a Lightning `devices:`/`gpus:` value asks for: `4`, `"4"`, `[0, 1]`, `"0,1"`.
 * `auto` and `-1` (all visible devices) are decided on the machine: no count, and `unresolved`
 * so nothing assumes one (a launcher that runs the config may say how many GPUs there are).
 */
export function deviceCount(node: YamlNode | undefined): { count?: number; unresolved?: boolean } {
  if (!node) return {};
  if (node.isSeq) return { count: node.items().length };
  const s = node.str()?.trim();
  if (s === undefined) return {};
  if (isInterpolated(s) || /^(auto|-1)$/i.test(s)) return { unresolved: true };
  if (/^\d+$/.test(s)) {
    const n = Number(s);
    return n > 0 ? { count: n } : {};
  }
  // A comma list of device indices ("0,1,2"; a trailing comma means one index).
  if (/^\d+(\s*,\s*\d+)*\s*,?$/.test(s)) return { count: s.split(',').filter((x) => x.trim() !== '').length };
  return {};
}

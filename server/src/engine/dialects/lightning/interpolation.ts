// OmegaConf interpolation inside one config: `${trainer.max_epochs}` when that key holds a value
// in the same document, and `${oc.env:VAR,default}` as its default (the environment may override
// it at run time, as a CLI `--env` would; without a default the value stays unknown). Values that
// point outside the document (`${paths.output_dir}` from another group) stay as written, so the
// readers keep treating them as decided at run time.

import { isScalar, visit, type Node } from 'yaml';
import { YamlNode } from '../../formats/yaml';

const MAX_DEPTH = 8;
const WHOLE = /^\$\{([^${}]+)\}$/;
const PART = /\$\{([^${}]+)\}/g;

/**
 * A copy of `root` whose interpolated scalars are replaced by their values where the document
 * itself decides them. Positions are kept (the copy's nodes keep their source ranges), so facts
 * still point at the key that holds the interpolation. Returns `root` when nothing is interpolated.
 */
export function resolveInterpolations(root: YamlNode): YamlNode {
  if (!root.src.text.includes('${') || !root.isMap) return root;
  const copy = new YamlNode(root.src, (root.node as unknown as { clone(): Node }).clone());
  const lookup = (path: string, depth: number): string | undefined => {
    if (path.startsWith('.') || depth > MAX_DEPTH) return undefined; // relative paths: left alone
    const node = copy.get(...path.split('.'));
    const v = node?.isScalar ? node.value() : undefined;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v !== 'string') return undefined;
    return v.includes('${') ? resolveString(v, depth + 1) : v;
  };
  const resolveOne = (expr: string, depth: number): string | undefined => {
    const env = /^oc\.env\s*:\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:,(.*))?$/.exec(expr);
    if (env) {
      const dflt = env[2]?.trim().replace(/^(['"])(.*)\1$/, '$2');
      return dflt === undefined || dflt === '' || dflt === 'null' ? undefined : dflt;
    }
    if (/^[A-Za-z_][\w-]*(\.[\w-]+)*$/.test(expr.trim())) return lookup(expr.trim(), depth);
    return undefined; // other resolvers (oc.select, now, custom ones): decided at run time
  };
  const resolveString = (s: string, depth: number): string | undefined => {
    const whole = WHOLE.exec(s);
    if (whole) return resolveOne(whole[1], depth);
    let unresolved = false;
    const out = s.replace(PART, (m, expr: string) => {
      const v = resolveOne(expr, depth);
      if (v === undefined) unresolved = true;
      return v ?? m;
    });
    return unresolved ? undefined : out;
  };
  visit(copy.node, {
    Scalar(_key, node) {
      if (typeof node.value !== 'string' || !node.value.includes('${')) return;
      const v = resolveString(node.value, 0);
      if (v === undefined) return;
      // A whole-value number stays a number (`devices: ${oc.env:GPUS,4}` is 4 devices).
      node.value = WHOLE.test(node.value) && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v;
    },
  });
  return isScalar(copy.node) ? root : copy;
}

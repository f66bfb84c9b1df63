// SkyPilot autostop (`resources.autostop`): whether a cluster stops itself when idle. SkyPilot
// accepts `autostop: true` (5 idle minutes), `autostop: 10m` / `autostop: 10` and
// `autostop: {idle_minutes: 10, down: true}`; `false` or a negative number turns it off.
// https://docs.skypilot.co/en/latest/reference/auto-stop.html

import { byDefault, fromFile } from '../../facts';
import type { YamlNode } from '../../formats/yaml';
import type { Fact } from '../../types';

export const NO_AUTOSTOP_REASON =
  'no resources.autostop: a SkyPilot cluster runs until `sky stop`/`sky down` unless it was launched with `-i`/`--idle-minutes-to-autostop`';

/** Does this `autostop:` value stop the cluster (undefined when the file computes it)? */
function autostopOn(node: YamlNode): boolean | undefined {
  if (node.isMap) {
    const idle = node.get('idle_minutes');
    if (!idle) return true; // `{down: true}` alone uses SkyPilot's default idle minutes
    const n = idle.num();
    if (n !== undefined) return n >= 0;
    return stringOn(idle.str());
  }
  const n = node.num();
  if (n !== undefined) return n >= 0;
  const b = node.bool();
  if (b !== undefined) return b;
  return stringOn(node.str());
}

function stringOn(s: string | undefined): boolean | undefined {
  if (s === undefined) return undefined;
  const t = s.trim();
  if (/^-\d/.test(t)) return false;
  if (/^\d+(\.\d+)?\s*[smhdw]?$/i.test(t)) return true;
  return undefined; // `${IDLE}` or another computed value
}

/** The autostop of an interactive cluster: stated in `resources:`, or absent (stated at `resources:`). */
export function autostopOf(resources: YamlNode): Fact<boolean> | undefined {
  const node = resources.get('autostop');
  if (!node) return byDefault(false, NO_AUTOSTOP_REASON, resources.keyRange() ?? resources.range());
  const on = autostopOn(node);
  return on === undefined ? undefined : fromFile(on, node.range(), 'resources.autostop');
}

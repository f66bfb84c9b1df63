import { byDefault, fromFile } from '../../facts';
import type { YamlNode } from '../../formats/yaml';
import type { Fact, PrecisionMode } from '../../types';
import { isInterpolated } from './paths';

// Lightning's `precision=` spellings (2.x and the older 1.x ints), litgpt uses the same set.
const MODES: Record<string, PrecisionMode> = {
  'bf16-true': 'bf16',
  'bf16-mixed': 'bf16',
  bf16: 'bf16',
  '16-mixed': 'fp16',
  '16-true': 'fp16',
  '16': 'fp16',
  'transformer-engine': 'fp8',
  'transformer-engine-float16': 'fp8',
  '32-true': 'fp32',
  '32': 'fp32',
  '64-true': 'fp32',
  '64': 'fp32',
};

export const LIGHTNING_FP32_DEFAULT = "Lightning Trainer defaults to precision='32-true'";

/** The precision a Lightning/litgpt `precision:` value means; undefined for an unknown spelling. */
export function lightningPrecision(node: YamlNode): Fact<PrecisionMode> | undefined {
  const raw = node.value();
  if (raw === null || raw === undefined) {
    // `precision: null` is Lightning's "use the default".
    return byDefault('fp32', LIGHTNING_FP32_DEFAULT, node.range());
  }
  const s = node.str()?.trim().toLowerCase();
  if (s === undefined) return undefined;
  if (isInterpolated(s)) return fromFile('dynamic', node.range(), 'precision');
  const mode = MODES[s];
  return mode ? fromFile(mode, node.range(), 'precision') : undefined;
}

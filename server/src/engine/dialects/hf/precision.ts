import { byDefault, fromFile } from '../../facts';
import type { LineIndex } from '../../formats/lineIndex';
import type { Fact, PrecisionMode, Range } from '../../types';
import type { ConfigNode } from './configNode';
import type { HfFlavour } from './flavour';

// Precision of an HF-family config. Explicit switches win in the order the tools apply them;
// when nothing is said, each tool's own default applies (see DEFAULTS).

const DEFAULTS: Record<HfFlavour, { value: PrecisionMode; reason: string } | undefined> = {
  trl: { value: 'bf16', reason: "TRL's SFT/DPO configs default to bf16=True when fp16 is unset" },
  'llama-factory': { value: 'dynamic', reason: "LLaMA-Factory infers the compute dtype from the model's config" },
  axolotl: { value: 'fp32', reason: 'axolotl trains in fp32 unless bf16, fp16 or float16 is set' },
  trainer: { value: 'fp32', reason: 'transformers TrainingArguments defaults to bf16=False, fp16=False: fp32' },
};

const LOAD_DTYPES: Record<string, PrecisionMode> = {
  bfloat16: 'bf16',
  bf16: 'bf16',
  float16: 'fp16',
  fp16: 'fp16',
  half: 'fp16',
};

/** A precision switch that was commented out: where a default finding is most useful. */
const COMMENTED = /^\s*(#|\/\/)\s*"?(bf16|fp16|pure_bf16|bfloat16|float16|tf32|torch_dtype|mixed_precision)"?\s*:/;

export function commentedPrecisionLine(lines: LineIndex): Range | undefined {
  for (let i = 0; i < lines.lineCount; i++) {
    if (COMMENTED.test(lines.lineText(i))) return lines.lineRange(i);
  }
  return undefined;
}

function isTrue(n: ConfigNode | undefined): boolean {
  return n?.bool() === true;
}

function isAuto(n: ConfigNode | undefined): boolean {
  return n?.str()?.trim().toLowerCase() === 'auto';
}

/**
 * @param withDefault false for non-training configs (inference, export): no default is assumed.
 */
export function hfPrecision(root: ConfigNode, flavour: HfFlavour, lines: LineIndex, withDefault: boolean): Fact<PrecisionMode> | undefined {
  const get = (k: string): ConfigNode | undefined => root.get(k);
  const bf16 = get('bf16');
  const fp16 = get('fp16');

  // axolotl: weights cast to half precision outright (no AMP); fp8 mixed precision.
  for (const [key, mode] of [['fp8', 'fp8'], ['bfloat16', 'bf16'], ['float16', 'fp16'], ['pure_bf16', 'bf16']] as const) {
    const n = get(key);
    if (n && isTrue(n)) return fromFile(mode, n.range(), key);
  }
  if (bf16 && isTrue(bf16)) return fromFile('bf16', bf16.range(), 'bf16');
  if (fp16 && isTrue(fp16)) return fromFile('fp16', fp16.range(), 'fp16');
  // `auto`: the launcher picks bf16 or fp16 from the GPU at run time.
  if (bf16 && isAuto(bf16)) return fromFile('dynamic', bf16.range(), 'bf16');
  if (fp16 && isAuto(fp16)) return fromFile('dynamic', fp16.range(), 'fp16');

  // The load dtype: weights held in half precision are trained in it, whatever the AMP flags say.
  for (const key of ['torch_dtype', 'dtype']) {
    const n = get(key);
    const s = n?.str()?.trim().toLowerCase();
    if (!n || !s) continue;
    const mode = LOAD_DTYPES[s.replace(/^torch\./, '')];
    if (mode) return fromFile(mode, n.range(), key);
    if (s === 'auto' && flavour === 'trainer') return fromFile('dynamic', n.range(), key);
  }

  const tf32 = get('tf32');
  if (tf32 && isTrue(tf32)) return fromFile('tf32', tf32.range(), 'tf32');

  // Explicitly off. TRL and LLaMA-Factory turn bf16 on by themselves unless bf16 itself is false.
  if (bf16 && bf16.bool() === false) return fromFile('fp32', bf16.range(), 'bf16');
  if (fp16 && fp16.bool() === false && (flavour === 'axolotl' || flavour === 'trainer')) return fromFile('fp32', fp16.range(), 'fp16');

  const d = DEFAULTS[flavour];
  if (!withDefault || !d) return undefined;
  return byDefault(d.value, d.reason, commentedPrecisionLine(lines));
}

import type { PyNode, PythonSource } from '../../formats/python';
import type { PrecisionMode } from '../../types';
import { resolve, stringValue } from './query';

// torch dtypes as written (`torch.bfloat16`, `"bfloat16"`, `torch.half`) to a precision mode.

const BY_NAME: Record<string, PrecisionMode> = {
  bfloat16: 'bf16',
  bf16: 'bf16',
  float16: 'fp16',
  half: 'fp16',
  fp16: 'fp16',
  float32: 'fp32',
  float: 'fp32',
  fp32: 'fp32',
};

/**
 * The precision a dtype expression names; `dynamic` when it is a variable or expression whose
 * value is chosen at run time (nanoGPT's `ptdtype`); undefined when it is not a dtype at all.
 */
export function dtypePrecision(src: PythonSource, n: PyNode | undefined | null): PrecisionMode | undefined {
  if (!n) return undefined;
  const v = resolve(src, n);
  if (!v) return 'dynamic';
  const s = stringValue(src, v);
  if (s !== undefined) return s === 'auto' ? 'dynamic' : BY_NAME[s.replace(/^torch\./, '')];
  if (v.type === 'attribute') {
    const text = src.textOf(v).replace(/\s+/g, '');
    const m = /^(?:torch|jnp|np|tf)\.(\w+)$/.exec(text);
    if (m) return BY_NAME[m[1]] ?? (m[1] === 'auto' ? 'dynamic' : undefined);
    return 'dynamic';
  }
  if (v.type === 'none') return undefined;
  return 'dynamic';
}

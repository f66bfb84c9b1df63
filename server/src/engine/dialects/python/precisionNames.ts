import type { PrecisionMode } from '../../types';

/** Lightning / Fabric `precision=` values (2.x strings and the 1.x ints) to a precision mode. */
export function lightningPrecision(v: string | number): PrecisionMode | undefined {
  const s = String(v).toLowerCase();
  if (s.startsWith('bf16')) return 'bf16';
  if (s === '16' || s.startsWith('16-')) return 'fp16';
  if (s === '32' || s === '32-true') return 'fp32';
  if (s.startsWith('transformer-engine')) return 'fp8';
  return undefined; // '64-true' and unknown spellings: no claim
}

/** Accelerate `mixed_precision=` values. */
export function acceleratePrecision(v: string): PrecisionMode | undefined {
  const s = v.toLowerCase();
  if (s === 'bf16' || s === 'fp16' || s === 'fp8') return s;
  if (s === 'no') return 'fp32';
  return undefined;
}

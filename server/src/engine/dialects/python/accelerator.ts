import { byDefault, fromFile } from '../../facts';
import type { Fact, PrecisionMode } from '../../types';
import { loopCheckpoint } from './checkpoints';
import type { Fragment } from './fragment';
import { acceleratePrecision } from './precisionNames';
import { kwarg, resolve, resolvedNumber, stringValue, type CallInfo } from './query';
import { callsNamed, importsAny, type Scan } from './scan';
import { loopBatch } from './torchLoop';

// 🤗 Accelerate loops: `accelerator = Accelerator(...)` + `accelerator.backward(loss)`.

const LAUNCH_DEFAULT = 'accelerate reads mixed_precision from `accelerate config` / `accelerate launch` when Accelerator() does not set it';

export function detectAccelerator(s: Scan): Fragment | undefined {
  if (!importsAny(s, 'accelerate')) return undefined;
  const acc = callsNamed(s, 'Accelerator').find((c) => c.callee === 'Accelerator' || c.callee === 'accelerate.Accelerator');
  if (!acc) return undefined;
  const trains = callsNamed(s, 'backward').length > 0;
  const precision = acceleratorPrecision(s, acc);
  if (!trains) return { framework: 'accelerate', trains: false };
  const anchor = s.src.rangeOf(acc.node);
  const batch = loopBatch(s) ?? {};
  const accum = kwarg(acc, 'gradient_accumulation_steps');
  const n = resolvedNumber(s.src, accum);
  if (accum && n !== undefined) batch.gradientAccumulation = fromFile(n, s.src.rangeOf(accum.parent ?? accum), 'gradient_accumulation_steps');
  return {
    framework: 'accelerate',
    trains,
    anchor,
    name: 'Accelerate training loop',
    precision,
    checkpoint: loopCheckpoint(s, anchor),
    batch: Object.keys(batch).length ? batch : undefined,
  };
}

function acceleratorPrecision(s: Scan, acc: CallInfo): Fact<PrecisionMode> {
  const { src } = s;
  const v = kwarg(acc, 'mixed_precision');
  if (!v) return byDefault<PrecisionMode>('dynamic', LAUNCH_DEFAULT, src.rangeOf(acc.node));
  const lit = stringValue(src, resolve(src, v));
  const mode = lit === undefined ? 'dynamic' : acceleratePrecision(lit) ?? 'dynamic';
  return fromFile<PrecisionMode>(mode, src.rangeOf(v.parent ?? v), 'mixed_precision');
}

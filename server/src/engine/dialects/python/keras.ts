import { byDefault, fromFile } from '../../facts';
import type { CheckpointFacts, Fact, PrecisionMode, Range, ScheduleFacts } from '../../types';
import { earlyStoppingFact } from './earlyStopping';
import type { Fragment } from './fragment';
import { storageOf } from './paths';
import { kwarg, numberValue, pathValue, receiver, resolve, stringValue, type CallInfo } from './query';
import { callsNamed, importsAny, type Scan } from './scan';

// Keras / TensorFlow: `model.compile(...)` + `model.fit(...)`, or a GradientTape loop.

const FIT_KWARGS = ['epochs', 'callbacks', 'validation_data', 'validation_split', 'steps_per_epoch'];
const FP32_DEFAULT = 'Keras computes in float32 by default (no mixed_precision policy is set)';

export function detectKeras(s: Scan): Fragment | undefined {
  if (!importsAny(s, 'tensorflow', 'keras', 'tf_keras')) return undefined;
  const { src } = s;
  const compiled = new Set(callsNamed(s, 'compile').map(receiver).filter(Boolean));
  // sklearn's `.fit(X, y)` looks the same: a Keras fit is on a compiled model or takes Keras kwargs.
  const fit = callsNamed(s, 'fit', 'fit_generator').find((c) => compiled.has(receiver(c)) || FIT_KWARGS.some((k) => c.kwargs.has(k)));
  const tapeLoop = callsNamed(s, 'GradientTape').length > 0 && callsNamed(s, 'apply_gradients').length > 0;
  const anchorCall = fit ?? (tapeLoop ? callsNamed(s, 'apply_gradients')[0] : undefined);
  if (!anchorCall) return { framework: 'keras', trains: false };
  const anchor = src.rangeOf(anchorCall.node);
  return {
    framework: 'keras',
    trains: true,
    anchor,
    name: fit ? 'Keras model.fit' : 'TensorFlow training loop',
    precision: policyPrecision(s) ?? byDefault<PrecisionMode>('fp32', FP32_DEFAULT, anchor),
    checkpoint: kerasCheckpoint(s, fit, anchor),
    schedule: fit ? fitSchedule(s, fit, anchor) : undefined,
    batch: fit ? fitBatch(s, fit) : undefined,
  };
}

/** `mixed_precision.set_global_policy('mixed_float16')`, `set_policy`, `Policy('mixed_bfloat16')`. */
function policyPrecision(s: Scan): Fact<PrecisionMode> | undefined {
  const { src } = s;
  for (const c of callsNamed(s, 'set_global_policy', 'set_policy', 'Policy', 'set_dtype_policy', 'DTypePolicy')) {
    const arg = c.args[0] ?? kwarg(c, 'name', 'policy');
    const v = resolve(src, arg);
    // set_global_policy(Policy('...')) is read once, at the inner call.
    if (v?.type === 'call') continue;
    const name = stringValue(src, v);
    const mode: PrecisionMode | undefined =
      name === undefined ? (arg ? 'dynamic' : undefined) : /bfloat16/.test(name) ? 'bf16' : /float16/.test(name) ? 'fp16' : name === 'float32' ? 'fp32' : undefined;
    if (mode) return fromFile(mode, src.rangeOf(c.node), c.callee);
  }
  return undefined;
}

function kerasCheckpoint(s: Scan, fit: CallInfo | undefined, anchor: Range): CheckpointFacts {
  const { src } = s;
  const out: CheckpointFacts = {};
  const saver = callsNamed(s, 'ModelCheckpoint', 'BackupAndRestore', 'CheckpointManager')[0];
  if (!saver) {
    out.periodic = byDefault(false, 'no ModelCheckpoint or BackupAndRestore callback: Keras saves nothing during fit', anchor);
    return out;
  }
  const r = src.rangeOf(saver.node);
  out.periodic = fromFile(true, r, saver.callee);
  const p = pathValue(src, kwarg(saver, 'filepath', 'backup_dir', 'directory') ?? (saver.name === 'CheckpointManager' ? saver.args[1] : saver.args[0]));
  if (p !== undefined) {
    out.location = fromFile(p, r, saver.callee);
    out.storage = fromFile(storageOf(p), r, saver.callee);
  }
  const backup = callsNamed(s, 'BackupAndRestore')[0];
  const initial = fit && kwarg(fit, 'initial_epoch');
  if (backup) out.resume = fromFile(true, src.rangeOf(backup.node), backup.callee);
  else if (initial && numberValue(src, initial) !== 0) out.resume = fromFile(true, src.rangeOf(initial.parent ?? initial), 'initial_epoch');
  else {
    const restore = callsNamed(s, 'latest_checkpoint')[0];
    if (restore) out.resume = fromFile(true, src.rangeOf(restore.node), restore.callee);
  }
  return out;
}

function fitSchedule(s: Scan, fit: CallInfo, anchor: Range): ScheduleFacts {
  const out: ScheduleFacts = {};
  const e = kwarg(fit, 'epochs');
  const v = numberValue(s.src, resolve(s.src, e));
  if (e && v !== undefined) out.epochs = fromFile(v, s.src.rangeOf(e.parent ?? e), 'epochs');
  out.earlyStopping = earlyStoppingFact(s, anchor, 'Keras fit');
  return out;
}

function fitBatch(s: Scan, fit: CallInfo) {
  const b = kwarg(fit, 'batch_size');
  const v = numberValue(s.src, resolve(s.src, b));
  return b && v !== undefined ? { perDevice: fromFile(v, s.src.rangeOf(b.parent ?? b), 'batch_size') } : undefined;
}

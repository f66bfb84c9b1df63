import { byDefault, fromFile } from '../../facts';
import type { BatchFacts, Fact, PrecisionMode, ScheduleFacts } from '../../types';
import type { PythonSource } from '../../formats/python';
import { loopCheckpoint } from './checkpoints';
import { underPrecisionCondition } from './conditions';
import { dtypePrecision } from './dtypes';
import type { Fragment } from './fragment';
import {
  assignmentsTo,
  boolValue,
  callInfo,
  descendants,
  importedFrom,
  kwarg,
  numberValue,
  receiver,
  resolve,
  resolvedNumber,
  stringValue,
  type CallInfo,
} from './query';
import { callsNamed, importsAny, type Scan } from './scan';

// A hand-written PyTorch loop: `loss.backward()` + `optimizer.step()`, with or without AMP.

const OPTIMIZERS = new Set(['Adam', 'AdamW', 'SGD', 'RMSprop', 'Adagrad', 'Adadelta', 'Adamax', 'NAdam', 'RAdam', 'LBFGS', 'Adafactor', 'Lion', 'AdamW8bit', 'PagedAdamW8bit', 'FusedAdam', 'DeepSpeedCPUAdam', 'ZeroRedundancyOptimizer']);
const FP32_DEFAULT = 'PyTorch computes in fp32 unless torch.autocast or a lower-precision dtype is used';

export function detectTorchLoop(s: Scan): Fragment | undefined {
  if (!importsAny(s, 'torch')) return undefined;
  const { src } = s;
  const backward = callsNamed(s, 'backward');
  const step = callsNamed(s, 'step').find((c) => /optim|(^|\.|_)opt$|engine|scaler|model/i.test(receiver(c)));
  const optimizerEvidence =
    step ||
    callsNamed(s, 'zero_grad').length > 0 ||
    s.calls.some((c) => OPTIMIZERS.has(c.name) || /(^|\.)optim\.\w+$/.test(c.callee));
  const trains = backward.length > 0 && !!optimizerEvidence;
  const first = backward[0] ?? step;
  const anchor = trains && first ? src.rangeOf(first.node) : undefined;

  let precision = explicitPrecision(s);
  if (!precision && trains && anchor) precision = byDefault<PrecisionMode>('fp32', FP32_DEFAULT, anchor);
  const frag: Fragment = { framework: 'torch', trains, precision };
  if (!trains || !anchor) return frag;
  frag.anchor = anchor;
  frag.name = 'PyTorch training loop';
  frag.checkpoint = loopCheckpoint(s, anchor);
  frag.schedule = loopSchedule(src);
  frag.batch = loopBatch(s);
  return frag;
}

/** Precision a torch script sets itself, strongest evidence first. */
export function explicitPrecision(s: Scan): Fact<PrecisionMode> | undefined {
  return autocastPrecision(s) ?? scalerPrecision(s) ?? castPrecision(s) ?? tf32Precision(s);
}

const AUTOCAST = /^(torch\.|torch\.amp\.|torch\.cuda\.amp\.|torch\.cpu\.amp\.|amp\.|cuda\.amp\.|torch\.amp\.autocast_mode\.)?autocast$/;

function autocastPrecision(s: Scan): Fact<PrecisionMode> | undefined {
  const { src } = s;
  for (const c of callsNamed(s, 'autocast')) {
    if (!AUTOCAST.test(c.callee)) continue; // `accelerator.autocast()` follows the Accelerator's setting
    const origin = c.callee === 'autocast' ? importedFrom(src, 'autocast') : c.callee;
    if (!origin || !origin.startsWith('torch') && !origin.startsWith('amp') && !origin.startsWith('cuda')) continue;
    // torch.cuda.amp.autocast(enabled, dtype): positional 0 is `enabled`; torch.autocast(device_type, dtype).
    const legacy = /(cuda|cpu)\.amp/.test(origin);
    const enabled = kwarg(c, 'enabled') ?? (legacy ? c.args[0] : c.args[2]);
    if (boolValue(enabled) === false) continue;
    const r = src.rangeOf(c.node);
    if ((enabled && boolValue(enabled) === undefined) || underPrecisionCondition(src, c.node)) return fromFile<PrecisionMode>('dynamic', r, c.callee);
    const dtypeNode = kwarg(c, 'dtype') ?? (legacy ? undefined : c.args[1]);
    if (dtypeNode) return fromFile(dtypePrecision(src, dtypeNode) ?? 'dynamic', r, c.callee);
    const device = legacy ? (origin.includes('cpu') ? 'cpu' : 'cuda') : stringValue(src, resolve(src, kwarg(c, 'device_type') ?? c.args[0]));
    // autocast's default dtype is float16 on CUDA and bfloat16 on CPU.
    const mode: PrecisionMode = device === 'cuda' ? 'fp16' : device === 'cpu' ? 'bf16' : 'dynamic';
    return fromFile(mode, r, c.callee);
  }
  return undefined;
}

function scalerPrecision(s: Scan): Fact<PrecisionMode> | undefined {
  for (const c of callsNamed(s, 'GradScaler', 'ShardedGradScaler')) {
    const enabled = kwarg(c, 'enabled');
    if (boolValue(enabled) === false) continue;
    const dynamic = (enabled && boolValue(enabled) === undefined) || underPrecisionCondition(s.src, c.node);
    // A loss scaler only makes sense for float16 autocast.
    return fromFile<PrecisionMode>(dynamic ? 'dynamic' : 'fp16', s.src.rangeOf(c.node), c.callee);
  }
  return undefined;
}

/** Pure low-precision weights: `model.half()`, `.bfloat16()`, `.to(torch.bfloat16)`, `set_default_dtype`. */
function castPrecision(s: Scan): Fact<PrecisionMode> | undefined {
  const { src } = s;
  for (const c of s.calls) {
    let mode: PrecisionMode | undefined;
    if (c.name === 'half' && c.args.length === 0 && receiver(c) !== 'torch') mode = 'fp16';
    else if (c.name === 'bfloat16' && c.args.length === 0 && receiver(c) !== 'torch') mode = 'bf16';
    else if (c.name === 'set_default_dtype') mode = lowDtype(src, c.args[0]);
    else if (c.name === 'type' && receiver(c)) mode = lowDtype(src, c.args[0], false);
    else if (c.name === 'to') mode = lowDtype(src, kwarg(c, 'dtype')) ?? c.args.map((a) => lowDtype(src, a, false)).find(Boolean);
    if (!mode) continue;
    return fromFile(underPrecisionCondition(src, c.node) ? 'dynamic' : mode, src.rangeOf(c.node), c.callee);
  }
  return undefined;
}

/**
 * fp16/bf16 when `n` names such a dtype. A bare name in `.to(x)` is usually a device, so it only
 * counts as a run-time dtype when it says so (`.to(ptdtype)`), unless `dtypeSlot` says the
 * argument can only be a dtype.
 */
function lowDtype(src: PythonSource, n: CallInfo['args'][number] | undefined, dtypeSlot = true): PrecisionMode | undefined {
  if (!n) return undefined;
  const mode = dtypePrecision(src, n);
  if (mode === 'fp16' || mode === 'bf16') return mode;
  if (mode === 'dynamic' && (dtypeSlot || (n.type === 'identifier' && /dtype/i.test(src.textOf(n))))) return 'dynamic';
  return undefined;
}

/** `torch.backends.cuda.matmul.allow_tf32 = True` or `set_float32_matmul_precision('high')`. */
function tf32Precision(s: Scan): Fact<PrecisionMode> | undefined {
  const { src } = s;
  for (const a of descendants(src.root, 'assignment')) {
    const left = a.childForFieldName('left');
    if (left?.type === 'attribute' && src.textOf(left).replace(/\s+/g, '').endsWith('cuda.matmul.allow_tf32') && boolValue(a.childForFieldName('right')) === true)
      return fromFile<PrecisionMode>('tf32', src.rangeOf(a), 'allow_tf32');
  }
  const c = callsNamed(s, 'set_float32_matmul_precision').find((x) => ['high', 'medium'].includes(stringValue(src, resolve(src, x.args[0])) ?? ''));
  return c ? fromFile<PrecisionMode>('tf32', src.rangeOf(c.node), c.callee) : undefined;
}

const STEP_NAMES = ['max_iters', 'max_steps', 'num_steps', 'total_steps', 'num_iterations', 'train_steps', 'max_iterations'];

/** `for epoch in range(N)` and a module-level `max_iters = N`. */
function loopSchedule(src: PythonSource): ScheduleFacts | undefined {
  const out: ScheduleFacts = {};
  for (const f of descendants(src.root, 'for_statement')) {
    const left = f.childForFieldName('left');
    if (!left || !/epoch/i.test(src.textOf(left))) continue;
    let it = f.childForFieldName('right');
    if (it?.type === 'call' && callInfo(src, it).name !== 'range') it = callInfo(src, it).args[0] ?? null; // tqdm(range(N))
    if (it?.type !== 'call' || callInfo(src, it).name !== 'range') continue;
    const args = callInfo(src, it).args;
    const end = resolvedNumber(src, args.length > 1 ? args[1] : args[0]);
    const start = args.length > 1 ? resolvedNumber(src, args[0]) : 0;
    if (end !== undefined && start !== undefined && end > start) out.epochs = fromFile(end - start, src.rangeOf(f.childForFieldName('right') ?? f), 'range');
    break;
  }
  for (const name of STEP_NAMES) {
    const rhs = assignmentsTo(src, name);
    const n = rhs.length === 1 ? numberValue(src, rhs[0]) : undefined;
    if (n !== undefined && n > 0) {
      out.maxSteps = fromFile(n, src.rangeOf(rhs[0].parent ?? rhs[0]), name);
      break;
    }
  }
  return Object.keys(out).length ? out : undefined;
}

/** `DataLoader(batch_size=N)`, else a module-level `batch_size = N`; `gradient_accumulation_steps = N`. */
export function loopBatch(s: Scan): BatchFacts | undefined {
  const { src } = s;
  const out: BatchFacts = {};
  for (const c of callsNamed(s, 'DataLoader')) {
    const n = resolvedNumber(src, kwarg(c, 'batch_size') ?? c.args[1]);
    if (n !== undefined) {
      out.perDevice = fromFile(n, src.rangeOf(c.node), 'batch_size');
      break;
    }
  }
  const single = (name: string) => {
    const rhs = assignmentsTo(src, name);
    const n = rhs.length === 1 ? numberValue(src, rhs[0]) : undefined;
    return n !== undefined ? fromFile(n, src.rangeOf(rhs[0].parent ?? rhs[0]), name) : undefined;
  };
  out.perDevice ??= single('batch_size') ?? single('micro_batch_size');
  const accum = single('gradient_accumulation_steps') ?? single('grad_accum_steps') ?? single('accumulation_steps');
  if (accum) out.gradientAccumulation = accum;
  if (!out.perDevice) delete out.perDevice;
  return Object.keys(out).length ? out : undefined;
}

import { byDefault, fromFile } from '../../facts';
import type { CheckpointFacts, Fact, HardwareRequest, PrecisionMode, ScheduleFacts } from '../../types';
import type { PyNode } from '../../formats/python';
import { loopCheckpoint } from './checkpoints';
import { earlyStoppingFact } from './earlyStopping';
import type { Fragment } from './fragment';
import { storageOf } from './paths';
import { lightningPrecision } from './precisionNames';
import { hasKwargsSplat, importedFrom, kwarg, numberValue, pathValue, resolve, stringValue, type CallInfo } from './query';
import { callsNamed, importsAny, methodCallsOn, type Scan } from './scan';
import { loopBatch } from './torchLoop';

// Lightning: `Trainer(...)` + `trainer.fit(...)`, `LightningCLI(...)`, and Fabric loops.

const PL_MODULES = ['lightning', 'pytorch_lightning'];
const PL_ALIASES = /^(pl|L|lightning|pytorch_lightning|lightning\.pytorch|lightning\.fabric)$/;

/** Is `c` a call of Lightning's class `cls` (`pl.Trainer`, or `Trainer` imported from lightning)? */
function isLightning(s: Scan, c: CallInfo, cls: string): boolean {
  if (c.name !== cls) return false;
  if (c.callee === cls) return PL_MODULES.some((m) => importedFrom(s.src, cls)?.startsWith(m));
  return PL_ALIASES.test(c.callee.slice(0, -cls.length - 1));
}

export function detectLightning(s: Scan): Fragment | undefined {
  if (!importsAny(s, ...PL_MODULES)) return undefined;
  const trainers = s.calls.filter((c) => isLightning(s, c, 'Trainer'));
  const fit = methodCallsOn(s, trainers, 'fit', /trainer/i);
  if (trainers.length && fit.length) return trainerFragment(s, trainers[0], fit[0]);
  const cli = s.calls.find((c) => isLightning(s, c, 'LightningCLI'));
  if (cli) {
    const r = s.src.rangeOf(cli.node);
    return {
      framework: 'lightning',
      trains: true,
      anchor: r,
      name: 'LightningCLI',
      precision: byDefault<PrecisionMode>('dynamic', 'LightningCLI reads trainer.precision from its config file or command line', r),
    };
  }
  const fabric = s.calls.find((c) => isLightning(s, c, 'Fabric'));
  if (fabric && callsNamed(s, 'backward').length) return fabricFragment(s, fabric);
  return { framework: 'lightning', trains: false };
}

function precisionOf(s: Scan, c: CallInfo, what: string): Fact<PrecisionMode> {
  const r = s.src.rangeOf(c.node);
  const v = kwarg(c, 'precision');
  if (!v) {
    if (hasKwargsSplat(c)) return byDefault<PrecisionMode>('dynamic', `${what} precision may be set through **kwargs`, r);
    return byDefault<PrecisionMode>('fp32', `${what} defaults to precision='32-true'`, r);
  }
  const lit = resolve(s.src, v);
  const raw = stringValue(s.src, lit) ?? numberValue(s.src, lit);
  const mode = raw === undefined ? 'dynamic' : lightningPrecision(raw);
  return fromFile<PrecisionMode>(mode ?? 'dynamic', s.src.rangeOf(v.parent ?? v), 'precision');
}

function trainerFragment(s: Scan, t: CallInfo, fit: CallInfo): Fragment {
  const { src } = s;
  const anchor = src.rangeOf(t.node);
  return {
    framework: 'lightning',
    trains: true,
    anchor,
    name: 'Lightning Trainer',
    precision: precisionOf(s, t, 'Lightning Trainer'),
    hardware: hardwareOf(s, t),
    checkpoint: trainerCheckpoint(s, t, fit),
    schedule: trainerSchedule(s, t),
    batch: (() => {
      const b = loopBatch(s) ?? {};
      const acc = numberValue(src, resolve(src, kwarg(t, 'accumulate_grad_batches')));
      if (acc !== undefined) b.gradientAccumulation = fromFile(acc, src.rangeOf(kwarg(t, 'accumulate_grad_batches')!.parent!), 'accumulate_grad_batches');
      return Object.keys(b).length ? b : undefined;
    })(),
  };
}

function fabricFragment(s: Scan, f: CallInfo): Fragment {
  const anchor = s.src.rangeOf(f.node);
  return {
    framework: 'lightning',
    trains: true,
    anchor,
    name: 'Lightning Fabric loop',
    precision: precisionOf(s, f, 'Lightning Fabric'),
    hardware: hardwareOf(s, f),
    checkpoint: loopCheckpoint(s, anchor),
    batch: loopBatch(s),
  };
}

function kwFact<T>(s: Scan, c: CallInfo, name: string, value: T): Fact<T> {
  const n = kwarg(c, name)!;
  return fromFile(value, s.src.rangeOf(n.parent ?? n), name);
}

/** `accelerator=`, `devices=` (int or list), legacy `gpus=`, `num_nodes=`. */
function hardwareOf(s: Scan, c: CallInfo): HardwareRequest | undefined {
  const { src } = s;
  const hw: HardwareRequest = {};
  const acc = stringValue(src, resolve(src, kwarg(c, 'accelerator')));
  if (acc === 'cpu') hw.cpuOnly = true;
  const gpuAsked = acc === 'gpu' || acc === 'cuda';
  const devNode = resolve(src, kwarg(c, 'devices'));
  const count = deviceCount(s, devNode);
  if (gpuAsked && count !== undefined) hw.gpuCount = kwFact(s, c, 'devices', count);
  const gpus = deviceCount(s, resolve(src, kwarg(c, 'gpus')));
  if (!hw.gpuCount && gpus !== undefined && gpus > 0) hw.gpuCount = kwFact(s, c, 'gpus', gpus);
  const nodes = numberValue(src, resolve(src, kwarg(c, 'num_nodes')));
  if (nodes !== undefined) hw.nodes = kwFact(s, c, 'num_nodes', nodes);
  return Object.keys(hw).length ? hw : undefined;
}

function deviceCount(s: Scan, n: PyNode | undefined): number | undefined {
  if (!n) return undefined;
  if (n.type === 'list') return n.namedChildren.length;
  const v = numberValue(s.src, n);
  return v !== undefined && v > 0 ? v : undefined; // -1 / 'auto': every visible device, unknown here
}

function trainerCheckpoint(s: Scan, t: CallInfo, fit: CallInfo): CheckpointFacts {
  const { src } = s;
  const out: CheckpointFacts = {};
  const mc = callsNamed(s, 'ModelCheckpoint')[0];
  const enabled = kwarg(t, 'enable_checkpointing', 'checkpoint_callback');
  if (enabled?.type === 'false') out.periodic = kwFact(s, t, src.textOf(enabled.parent!.childForFieldName('name')!), false);
  else if (mc) out.periodic = fromFile(true, src.rangeOf(mc.node), mc.callee);
  else out.periodic = byDefault(true, 'Lightning Trainer saves a checkpoint after every epoch by default (enable_checkpointing=True)', src.rangeOf(t.node));
  const where = (mc && (kwarg(mc, 'dirpath') ?? mc.args[0])) || kwarg(t, 'default_root_dir');
  const p = pathValue(src, where);
  if (p !== undefined && where) {
    const r = src.rangeOf(where.parent ?? where);
    out.location = fromFile(p, r, 'dirpath');
    out.storage = fromFile(storageOf(p), r, 'dirpath');
  }
  if (mc && out.periodic?.value) {
    const top = kwarg(mc, 'save_top_k');
    const tv = resolve(src, top);
    // `-1` is a unary minus around a number literal.
    const k = numberValue(src, tv) ?? (tv && /^-\s*\d+$/.test(src.textOf(tv)) ? Number(src.textOf(tv).replace(/\s/g, '')) : undefined);
    if (top && k !== undefined) out.retention = fromFile<number | 'all'>(k < 0 ? 'all' : k, src.rangeOf(top.parent ?? top), 'save_top_k');
    const steps = numberValue(src, resolve(src, kwarg(mc, 'every_n_train_steps')));
    const epochs = numberValue(src, resolve(src, kwarg(mc, 'every_n_epochs')));
    if (steps !== undefined && steps > 0) out.intervalSteps = fromFile(steps, src.rangeOf(mc.node), 'every_n_train_steps');
    else if (epochs !== undefined && epochs > 0) out.savesPerEpoch = fromFile(1 / epochs, src.rangeOf(mc.node), 'every_n_epochs');
    else if (!kwarg(mc, 'train_time_interval')) out.savesPerEpoch = byDefault(1, 'ModelCheckpoint saves after every training epoch by default', src.rangeOf(mc.node));
  }
  const ckpt = kwarg(fit, 'ckpt_path') ?? kwarg(t, 'resume_from_checkpoint');
  if (ckpt && ckpt.type !== 'none') out.resume = fromFile(true, src.rangeOf(ckpt.parent ?? ckpt), 'ckpt_path');
  return out;
}

function trainerSchedule(s: Scan, t: CallInfo): ScheduleFacts | undefined {
  const { src } = s;
  const out: ScheduleFacts = {};
  const epochs = numberValue(src, resolve(src, kwarg(t, 'max_epochs')));
  if (epochs !== undefined && epochs > 0) out.epochs = kwFact(s, t, 'max_epochs', epochs);
  const steps = numberValue(src, resolve(src, kwarg(t, 'max_steps')));
  if (steps !== undefined && steps > 0) out.maxSteps = kwFact(s, t, 'max_steps', steps);
  const time = stringValue(src, resolve(src, kwarg(t, 'max_time')));
  const m = time ? /^(\d+):(\d+):(\d+):(\d+)$/.exec(time) : null;
  if (m) out.hours = kwFact(s, t, 'max_time', Number(m[1]) * 24 + Number(m[2]) + Number(m[3]) / 60 + Number(m[4]) / 3600);
  out.earlyStopping = earlyStoppingFact(s, src.rangeOf(t.node), 'Lightning Trainer');
  return out;
}

// Early stopping for the Python trainers whose callbacks take it: a Lightning Trainer gets
// `EarlyStopping(monitor=<the validation metric the module logs>)`, a Keras `fit` with validation
// data gets `EarlyStopping(monitor="val_loss", restore_best_weights=True)`, an HF Trainer given an
// eval_dataset gets `EarlyStoppingCallback` plus the TrainingArguments it asserts on
// (load_best_model_at_end, metric_for_best_model, eval and save strategies that match). Without a
// validation metric the script computes, there is nothing to stop on: no fix.

import { callSnap, quoteOf, type CallSnap } from '../../../edit/pythonEdit';
import type { LineIndex } from '../../../formats/lineIndex';
import type { PyNode } from '../../../formats/python';
import type { Fix } from '../../../types';
import { earlyStoppingArgs, trainerArgsState } from '../../../edit/earlyStoppingArgs';
import { boolValue, hasKwargsSplat, importedFrom, kwarg, numberValue, resolve, stringValue, type CallInfo } from '../query';
import type { Scan } from '../scan';
import { kwargEdits } from './numberKwarg';
import { callbackEdits, callbackPlan, lightningCallbackImport, type CallbackPlan } from './callbacks';
import { kerasModule } from './kerasPolicy';

export interface EarlyStoppingPlan {
  callbacks: CallbackPlan;
  /** The callback expression, with the class as the file reaches it. */
  callback: (patience: number) => string;
  title: (patience: number) => string;
  /** Keywords another call must get for the callback to work (HF: on TrainingArguments), as source text. */
  settings?: { call: CallSnap; set: [string, string][] };
}

/** The first validation metric a LightningModule logs (`self.log("val_loss", …)`). */
function loggedValidationMetric(s: Scan): string | undefined {
  for (const c of s.calls) {
    if (c.name !== 'log' && c.name !== 'log_dict') continue;
    const name = c.name === 'log' ? stringValue(s.src, c.args[0]) : undefined;
    if (name && /^val(idation)?[_/]/.test(name)) return name;
  }
  return undefined;
}

export function lightningEarlyStoppingPlan(s: Scan, trainer: CallInfo): EarlyStoppingPlan | undefined {
  if (s.calls.some((c) => c.name === 'EarlyStopping')) return undefined;
  const metric = loggedValidationMetric(s);
  if (!metric) return undefined;
  return {
    callbacks: callbackPlan(s, kwarg(trainer, 'callbacks'), lightningCallbackImport(s.src, 'EarlyStopping')),
    callback: (p) => `EarlyStopping(monitor=${JSON.stringify(metric)}, patience=${p})`,
    title: (p) => `Stop when ${metric} has not improved for ${p} validations (EarlyStopping callback)`,
  };
}

export function kerasEarlyStoppingPlan(s: Scan, fit: CallInfo): EarlyStoppingPlan | undefined {
  if (s.calls.some((c) => c.name === 'EarlyStopping')) return undefined;
  if (!kwarg(fit, 'validation_data', 'validation_split')) return undefined;
  const keras = kerasModule(s.src);
  if (!keras) return undefined;
  return {
    callbacks: callbackPlan(s, kwarg(fit, 'callbacks')),
    callback: (p) => `${keras}.callbacks.EarlyStopping(monitor="val_loss", patience=${p}, restore_best_weights=True)`,
    title: (p) => `Stop when val_loss has not improved for ${p} epochs (EarlyStopping callback)`,
  };
}

/** A strategy keyword's value: `"epoch"` or `IntervalStrategy.EPOCH` -> `epoch`; null when not a literal. */
function strategyValue(s: Scan, n: PyNode | undefined): string | null | undefined {
  if (!n) return undefined;
  const v = resolve(s.src, n);
  if (!v) return null;
  const str = stringValue(s.src, v);
  if (str !== undefined) return str.toLowerCase();
  return v.type === 'attribute' ? s.src.textOf(v).split('.').pop()!.toLowerCase() : null;
}

/** A positive integer keyword: its value, undefined when absent, null when not a literal. */
function stepsValue(s: Scan, n: PyNode | undefined): number | null | undefined {
  if (!n) return undefined;
  const v = numberValue(s.src, resolve(s.src, n));
  return v !== undefined && v >= 1 && Number.isInteger(v) ? v : null;
}

/**
 * HF Trainer: `EarlyStoppingCallback` asserts load_best_model_at_end, a metric_for_best_model and an
 * evaluation strategy, and load_best_model_at_end needs saves on the evaluation schedule (same
 * strategy; with "steps", save_steps a multiple of eval_steps). Only for a Trainer given an
 * eval_dataset: without one there is nothing to stop on.
 */
export function hfEarlyStoppingPlan(s: Scan, trainer: CallInfo, args: CallInfo): EarlyStoppingPlan | undefined {
  const { src } = s;
  if (s.calls.some((c) => /EarlyStopping/.test(c.name))) return undefined;
  const evalData = kwarg(trainer, 'eval_dataset');
  if (!evalData || evalData.type === 'none' || hasKwargsSplat(args) || hasKwargsSplat(trainer)) return undefined;
  const argsSnap = callSnap(src, args.node);
  if (!argsSnap) return undefined;
  const q = quoteOf([...argsSnap.kwargs.values()].find((k) => k.value.type === 'string')?.value);
  const needed = earlyStoppingArgs(
    trainerArgsState({
      str: (k) => strategyValue(s, kwarg(args, k)),
      steps: (k) => stepsValue(s, kwarg(args, k)),
      bool: (k) => {
        const n = kwarg(args, k);
        return n ? (boolValue(resolve(src, n)) ?? null) : undefined;
      },
      has: (k) => args.kwargs.has(k),
    }),
  );
  if (!needed) return undefined;
  // Python source text: strings in the file's quotes, True/False capitalised.
  const set: [string, string][] = needed.map(([k, v]) => [k, typeof v === 'string' ? `${q}${v}${q}` : typeof v === 'boolean' ? (v ? 'True' : 'False') : String(v)]);
  const metric = stringValue(src, resolve(src, kwarg(args, 'metric_for_best_model'))) ?? 'eval_loss';
  const cls = importedFrom(src, 'EarlyStoppingCallback') || !/^\s*(from|import)\s+transformers\b/m.test(src.text) ? undefined : 'from transformers import EarlyStoppingCallback';
  if (!importedFrom(src, 'EarlyStoppingCallback') && !cls) return undefined;
  const said = set.map(([k, v]) => `${k}=${v}`).join(', ');
  return {
    callbacks: callbackPlan(s, kwarg(trainer, 'callbacks'), cls),
    callback: (p) => `EarlyStoppingCallback(early_stopping_patience=${p})`,
    title: (p) => `Stop when ${metric.replace(/^(eval_)?/, 'eval_')} has not improved for ${p} evaluations (EarlyStoppingCallback${said ? `; ${said}` : ''})`,
    settings: { call: argsSnap, set },
  };
}

export function earlyStoppingFix(text: string, lines: LineIndex, host: CallSnap, plan: EarlyStoppingPlan, patience: number): Fix | undefined {
  const callbacks = callbackEdits(text, lines, host, plan.callbacks, plan.callback(patience));
  // The callback asserts its settings: without them (a `**kwargs` call) no fix at all.
  const settings = plan.settings ? kwargEdits(text, lines, plan.settings.call, plan.settings.set) : [];
  const edits = callbacks && settings && [...settings, ...callbacks];
  // Stopping early changes what the run produces: offered, never applied unasked.
  return edits && { title: plan.title(patience), edits, safe: false };
}

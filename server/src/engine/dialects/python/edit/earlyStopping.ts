// Early stopping for the Python trainers whose callbacks take it: a Lightning Trainer gets
// `EarlyStopping(monitor=<the validation metric the module logs>)`, a Keras `fit` with validation
// data gets `EarlyStopping(monitor="val_loss", restore_best_weights=True)`. Without a validation
// metric the script computes, there is nothing to stop on: no fix.

import type { CallSnap } from '../../../edit/pythonEdit';
import type { LineIndex } from '../../../formats/lineIndex';
import type { Fix } from '../../../types';
import { kwarg, stringValue, type CallInfo } from '../query';
import type { Scan } from '../scan';
import { callbackEdits, callbackPlan, lightningCallbackImport, type CallbackPlan } from './callbacks';
import { kerasModule } from './kerasPolicy';

export interface EarlyStoppingPlan {
  callbacks: CallbackPlan;
  /** The callback expression, with the class as the file reaches it. */
  callback: (patience: number) => string;
  title: (patience: number) => string;
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

export function earlyStoppingFix(text: string, lines: LineIndex, host: CallSnap, plan: EarlyStoppingPlan, patience: number): Fix | undefined {
  const edits = callbackEdits(text, lines, host, plan.callbacks, plan.callback(patience));
  // Stopping early changes what the run produces: offered, never applied unasked.
  return edits && { title: plan.title(patience), edits, safe: false };
}

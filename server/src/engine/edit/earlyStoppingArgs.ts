// What transformers' EarlyStoppingCallback needs from TrainingArguments, whatever file writes them
// (a Python `TrainingArguments(...)` call, a LLaMA-Factory YAML): it asserts load_best_model_at_end
// and a metric_for_best_model, and it needs an evaluation strategy; load_best_model_at_end in turn
// needs saves on the evaluation schedule (same strategy; with "steps", save_steps a multiple of
// eval_steps). Given what the file states, the keys to write.

/** A value as written: undefined when absent, null when present but not a literal. */
type Stated<T> = T | null | undefined;

export interface TrainerArgsState {
  /** The evaluation key the file uses (`evaluation_strategy` in older files), else `eval_strategy`. */
  evalKey: string;
  evalStrategy: Stated<string>;
  saveStrategy: Stated<string>;
  evalSteps: Stated<number>;
  saveSteps: Stated<number>;
  loggingSteps: Stated<number>;
  loadBest: Stated<boolean>;
  hasMetric: boolean;
}

export type ArgValue = string | number | boolean;

/** The keys to set (in order), or undefined when the stated schedule cannot be aligned safely. */
export function earlyStoppingArgs(a: TrainerArgsState): [string, ArgValue][] | undefined {
  if (a.evalStrategy === null || a.saveStrategy === null) return undefined;
  const saveIs = (a.saveStrategy ?? 'steps').toLowerCase();
  if (saveIs !== 'steps' && saveIs !== 'epoch') return undefined; // "no" keeps no best model; "best" already follows evaluation
  const evalNow = a.evalStrategy?.toLowerCase();
  // Not evaluating yet: evaluate on the save schedule (per epoch unless saves are explicitly by steps).
  const evalIs = evalNow === undefined || evalNow === 'no' ? (a.saveStrategy?.toLowerCase() === 'steps' ? 'steps' : 'epoch') : evalNow;
  if (evalIs !== 'steps' && evalIs !== 'epoch') return undefined;
  const set: [string, ArgValue][] = [];
  if (evalIs !== evalNow) set.push([a.evalKey, evalIs]);
  if (evalIs !== saveIs || (evalIs === 'epoch' && a.saveStrategy === undefined)) set.push(['save_strategy', evalIs]);
  if (evalIs === 'steps') {
    if (a.evalSteps === null || a.saveSteps === null || a.loggingSteps === null) return undefined;
    const save = a.saveSteps ?? 500;
    // eval_steps defaults to logging_steps (500 by default).
    const every = a.evalSteps ?? a.loggingSteps ?? 500;
    if (evalNow !== 'steps' && a.evalSteps === undefined) set.push(['eval_steps', save]);
    // The next multiple of the evaluation interval: saves stay about as frequent as written.
    else if (save % every !== 0) set.push(['save_steps', Math.ceil(save / every) * every]);
  }
  if (a.loadBest !== true) set.push(['load_best_model_at_end', true]);
  if (!a.hasMetric) set.push(['metric_for_best_model', 'eval_loss']);
  return set;
}

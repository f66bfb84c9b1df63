// Writes fixes back into a Python training script, in the framework that owns its loop. The tree
// is disposed after analysis, so everything an edit needs is read here, while the job is built,
// into plain snapshots; the methods only compute text edits from those.

import { callSnap, type CallSnap } from '../../edit/pythonEdit';
import type { Fix, JobEditor, Range } from '../../types';
import { acceleratorPrecision, hfArgsPrecision, lightningPrecision } from './edit/callPrecision';
import { hfCheckpointFix, lightningCheckpointFix, lightningCheckpointPlan, type LightningCheckpointPlan } from './edit/checkpointing';
import { kerasFix, kerasPlan, type KerasPlan } from './edit/kerasPolicy';
import { parquetFix, parquetPlan, type ParquetPlan } from './edit/parquet';
import { autocastFix, loopShape } from './edit/torchAutocast';
import { dataWorkersFix, type DataLoadingPlan } from './dataLoading';
import { earlyStoppingFix, hfEarlyStoppingPlan, kerasEarlyStoppingPlan, lightningEarlyStoppingPlan } from './edit/earlyStopping';
import { isHfTrainer } from './hfTrainer';
import { numberKwargFix, numberKwargsFix } from './edit/numberKwarg';
import type { Framework } from './fragment';
import { kwarg, type CallInfo } from './query';
import type { Scan } from './scan';

const HF_ARGS = /^((Seq2Seq)?TrainingArguments|(SFT|DPO|KTO|GRPO|ORPO|Reward|PPO|CPO|RLOO|OnlineDPO|GKD|PRM|BCO|NashMD|XPO)Config)$/;

const sameStart = (a: Range, b: Range) => a.start.line === b.start.line && a.start.character === b.start.character;

export function pythonScriptEditor(s: Scan, framework: Framework, anchor: Range, loading?: DataLoadingPlan): JobEditor {
  const { src } = s;
  const { text, lines } = src;
  const at = s.calls.find((c) => sameStart(src.rangeOf(c.node), anchor));
  const snap = (c: CallInfo | undefined): CallSnap | undefined => (c ? callSnap(src, c.node) : undefined);

  let precision: ((mode: 'bf16' | 'fp16') => Fix | undefined) | undefined;
  let checkpoint: (() => Fix | undefined) | undefined;
  let retention: ((keep: number) => Fix | undefined) | undefined;
  let earlyStopping: ((patience: number) => Fix | undefined) | undefined;
  let batch: JobEditor['setBatch'];
  if (framework === 'hf') {
    const argsCall = at && HF_ARGS.test(at.name) ? at : s.calls.find((c) => HF_ARGS.test(c.name));
    const args = snap(argsCall);
    // The Trainer that evaluates (is given an eval_dataset) gets the callback.
    const trainer = s.calls.find((c) => isHfTrainer(s, c) && c.kwargs.has('eval_dataset'));
    const stop = argsCall && trainer && hfEarlyStoppingPlan(s, trainer, argsCall);
    const trainerSnap = stop && snap(trainer);
    if (stop && trainerSnap) earlyStopping = (p) => earlyStoppingFix(text, lines, trainerSnap, stop, p);
    if (args) {
      precision = (mode) => hfArgsPrecision(text, lines, args, mode);
      checkpoint = () => hfCheckpointFix(text, lines, args);
      // Deleting older checkpoints is a choice about what to keep: offered, never applied unasked.
      retention = (keep) => numberKwargFix(text, lines, args, 'save_total_limit', keep, `Keep the last ${keep} checkpoints (save_total_limit=${keep})`, false);
      // A different batch changes the optimisation: offered, never applied unasked.
      batch = (change) => {
        const values: [string, number][] = [['per_device_train_batch_size', change.perDevice]];
        if (change.gradientAccumulation !== undefined && (args.kwargs.has('gradient_accumulation_steps') || change.gradientAccumulation !== 1)) values.push(['gradient_accumulation_steps', change.gradientAccumulation]);
        return numberKwargsFix(text, lines, args, values, change.title, false);
      };
    }
  } else if (framework === 'lightning' && at?.name === 'Trainer') {
    const trainer = snap(at);
    const plan: LightningCheckpointPlan | undefined = trainer && lightningCheckpointPlan(s, trainer, kwarg(at, 'callbacks'));
    if (trainer && plan) {
      precision = (mode) => lightningPrecision(text, lines, trainer, mode);
      checkpoint = () => lightningCheckpointFix(text, lines, trainer, plan);
      const stop = lightningEarlyStoppingPlan(s, at);
      if (stop) earlyStopping = (p) => earlyStoppingFix(text, lines, trainer, stop, p);
    }
  } else if (framework === 'accelerate' && at?.name === 'Accelerator') {
    const acc = snap(at);
    if (acc) precision = (mode) => acceleratorPrecision(text, lines, acc, mode);
  } else if (framework === 'keras') {
    const plan: KerasPlan = kerasPlan(s, at?.name === 'apply_gradients');
    precision = (mode) => kerasFix(text, lines, plan, mode);
    const fit = at?.name === 'fit' ? snap(at) : undefined;
    const stop = fit && kerasEarlyStoppingPlan(s, at!);
    if (fit && stop) earlyStopping = (p) => earlyStoppingFix(text, lines, fit, stop, p);
  } else if (framework === 'ultralytics' && at?.name === 'train') {
    // `amp=False` written as a literal: turning it back on is the whole fix (Ultralytics' AMP is fp16).
    const amp = kwarg(at, 'amp');
    if (amp?.type === 'false') {
      const r = src.rangeOf(amp);
      precision = () => ({ title: 'Train in mixed precision: set amp=True (Ultralytics AMP)', edits: [{ range: r, newText: 'True' }], safe: true });
    }
    // Ultralytics' loader workers are the `workers=` of the train call.
    const call = snap(at);
    if (!loading && call) loading = { call, key: 'workers' };
  } else if (framework === 'torch' && at?.name === 'backward') {
    const shape = loopShape(src, at.node);
    if (shape) precision = (mode) => autocastFix(text, lines, shape, mode);
    // A loop that only saves at the end gets no automatic checkpointing: where and how often to
    // save, and how to resume, depend on the loop (the rule's documentation shows the pattern).
  }

  const datasets = new Map<number, ParquetPlan>();
  for (const c of s.calls) {
    const p = parquetPlan(src, c);
    if (p) datasets.set(p.callStart, p);
  }

  const editor: JobEditor = {
    useParquet(dataset) {
      const r = dataset.source;
      if (r.kind !== 'file' || r.uri) return undefined;
      const plan = datasets.get(lines.offset(r.range.start));
      return plan && parquetFix(lines, plan);
    },
  };
  if (loading) editor.setDataWorkers = (workers) => dataWorkersFix(text, lines, loading, workers);
  if (retention) editor.limitCheckpoints = retention;
  if (precision) editor.setPrecision = precision;
  if (checkpoint) editor.addCheckpointing = checkpoint;
  if (earlyStopping) editor.addEarlyStopping = earlyStopping;
  if (batch) editor.setBatch = batch;
  return editor;
}

import { jobRun } from '../server/src/engine/savings';
import type { CostEstimate } from '../server/src/engine/cost/estimateTypes';
import { rangeFor, type Rule } from '../server/src/engine/rule';
import type { Fact, Job, Saving } from '../server/src/engine/types';
import { LF_EARLY_STOPPING_REASON } from '../server/src/engine/dialects/launch/jobFacts';
import { fixesOf } from './ruleFixes';
import { usd } from './ruleMoney';

/**
 * Epochs a fine-tune typically needs: transformers' default num_train_epochs is 3; BERT's authors
 * recommend 2-4 for fine-tuning (Devlin et al. 2019, appendix A.3); Stanford Alpaca and the
 * alignment-handbook SFT recipes train 3 and 1 epochs. More than this is where early stopping pays.
 */
export const FINE_TUNE_EPOCHS = 3;
/**
 * From-scratch training runs long fixed schedules on purpose (ImageNet ResNet 90 epochs, CIFAR
 * 200, DeiT 300, with learning-rate decays that need the whole run): flag only epoch counts
 * beyond this, which are caps rather than schedules (Keras `epochs=1000`, Lightning's 1000).
 */
const LONG_RUN_EPOCHS = 300;
/** Evaluations without improvement before stopping: the fix's patience. */
export const PATIENCE = 3;
/** Dialects whose jobs fine-tune a pretrained model (LLM tools). */
const FINE_TUNE_DIALECTS = new Set(['hf-config', 'torchtune']);
/** Dialects whose facts come from a launched command line. */
const LAUNCHERS = new Set(['skypilot', 'kubernetes', 'sagemaker', 'shell-script', 'vertex']);

function isFineTune(job: Job): boolean {
  return FINE_TUNE_DIALECTS.has(job.dialect) || job.model?.id !== undefined || job.model?.pretrained?.value === true;
}

/**
 * The run cost after the assumed convergence point: the epochs beyond `converged` out of `epochs`,
 * as a share of the run (the job's own pricing: spot when it runs on spot).
 */
export function earlyStoppingSaving(e: CostEstimate | undefined, epochs: number, converged: number): Saving | undefined {
  const run = e && jobRun(e)?.usd;
  if (run === undefined || e?.hours === undefined || epochs <= converged) return undefined;
  const share = (epochs - converged) / epochs;
  return {
    usdPerRun: run * share,
    hoursDelta: -e.hours * share,
    basis: `${epochs - converged} of ${epochs} epochs, assuming the validation loss stops improving after ${converged} (typical fine-tuning epochs)`,
  };
}

/** Early stopping set off by Ultralytics' `patience` (0 = never stop). */
function isYoloPatience(f: Fact<boolean> | undefined): boolean {
  return f?.source.kind === 'file' && f.source.key === 'patience';
}

/** The early-stopping switch in the job's own framework. */
function advice(job: Job): string {
  const name = job.name.toLowerCase();
  if (isYoloPatience(job.schedule?.earlyStopping)) return "a `patience` above 0 in the training settings (Ultralytics' default is 100 epochs; `patience=0` turns early stopping off)";
  // A launcher's command line has no early-stopping switch: the epoch flag, or the script's code.
  const epochs = job.schedule?.epochs?.source;
  const off = job.schedule?.earlyStopping?.source;
  // LLaMA-Factory is the one launched trainer that reads a patience from its command line.
  if (epochs?.kind === 'file' && epochs.key.startsWith('--') && off?.kind === 'default' && off.reason === LF_EARLY_STOPPING_REASON)
    return `\`--early_stopping_steps ${PATIENCE}\` on the command line, with \`--load_best_model_at_end true\`, \`--metric_for_best_model eval_loss\` and saves on the evaluation schedule`;
  if (LAUNCHERS.has(job.dialect) && epochs?.kind === 'file' && epochs.key.startsWith('--'))
    return `fewer \`${epochs.key}\` on the command line, or an early-stopping callback in the training script (HF: \`EarlyStoppingCallback(early_stopping_patience=${PATIENCE})\`)`;
  if (name.includes('axolotl')) return `\`early_stopping_patience: ${PATIENCE}\``;
  if (name.includes('llama-factory')) return `\`early_stopping_steps: ${PATIENCE}\` (LLaMA-Factory's patience, in evaluations), with \`load_best_model_at_end: true\` and \`metric_for_best_model\``;
  if (name.includes('litgpt')) return `fewer \`train.epochs\` (litgpt has no early-stopping setting: watch the validation loss every \`eval.interval\` steps and stop where it levels off)`;
  if (name.includes('nemo')) return `\`create_early_stopping_callback: true\` in \`exp_manager\`, with \`early_stopping_callback_params\` (monitor, patience: ${PATIENCE})`;
  if (job.dialect === 'lightning' || name.includes('lightning')) return `an \`EarlyStopping(monitor="val_loss", patience=${PATIENCE})\` callback`;
  if (name.includes('keras')) return `\`keras.callbacks.EarlyStopping(patience=${PATIENCE}, restore_best_weights=True)\` in \`callbacks\``;
  if (job.dialect === 'hf-config' || name.includes('trainer'))
    return `\`EarlyStoppingCallback(early_stopping_patience=${PATIENCE})\` on the Trainer, with \`load_best_model_at_end=True\` and \`metric_for_best_model\``;
  return 'an early-stopping check on the validation metric';
}

/**
 * no-early-stopping: a run of many epochs with nothing that ends it when the validation metric
 * stops improving. Single-epoch and step-bounded runs (LLM SFT/pre-training) are left alone.
 */
export const noEarlyStopping: Rule = {
  id: 'no-early-stopping',
  title: 'Many epochs without early stopping',
  defaultSeverity: 'info',
  check(job, ctx) {
    if (job.workload !== 'training') return [];
    const s = job.schedule;
    if (s?.earlyStopping?.value !== false || !s.epochs || s.maxSteps) return [];
    const epochs = s.epochs.value;
    // Ultralytics `patience=0`: a detector, whose fine-tunes run tens of epochs, not an LLM's three.
    const yolo = isYoloPatience(s.earlyStopping);
    const fineTune = !yolo && isFineTune(job);
    if (epochs <= (fineTune ? FINE_TUNE_EPOCHS : LONG_RUN_EPOCHS)) return [];
    const where = rangeFor(s.epochs, job);
    if (!where) return [];
    const why = s.earlyStopping.source.kind === 'default' ? ` (${s.earlyStopping.source.reason.replace(/\.$/, '')})` : '';
    const evalNote = s.evaluation?.value === false ? ' It needs a validation signal: hold out a validation split and evaluate every epoch or every few hundred steps.' : '';
    let money = '';
    let saving: Saving | undefined;
    if (fineTune) {
      saving = earlyStoppingSaving(ctx.estimate(job), epochs, FINE_TUNE_EPOCHS);
      const cost = saving ? `, ≈ ${usd(saving.usdPerRun)} and ${(-saving.hoursDelta!).toFixed(1)} h of this run` : '';
      money =
        ` Fine-tunes typically converge within ${FINE_TUNE_EPOCHS} epochs (transformers' default num_train_epochs=3; BERT's authors recommend 2-4, ` +
        `Alpaca trained 3): if the validation loss stops improving after ${FINE_TUNE_EPOCHS} (an assumption), the last ${epochs - FINE_TUNE_EPOCHS} of ${epochs} epochs ` +
        `(${Math.round(((epochs - FINE_TUNE_EPOCHS) / epochs) * 100)}%${cost}) buy nothing and may overfit.`;
    } else {
      money = ' Every epoch after the validation metric stops improving is paid for and may overfit.';
    }
    const message =
      `Trains for ${epochs} epochs with no early stopping${why}.${money} Stop when the validation metric has not improved for ${PATIENCE} evaluations ` +
      `and keep the best checkpoint: ${advice(job)}.${evalNote}`;
    const fix = job.editor?.addEarlyStopping?.(PATIENCE);
    return [{ range: where, message, ...fixesOf(fix), ...(saving && { saving }) }];
  },
};

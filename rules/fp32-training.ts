import { CALIBRATION_SOURCE, PRECISION, range } from '../server/src/engine/evidence';
import { rangeFor, type Rule } from '../server/src/engine/rule';
import type { CostEstimate } from '../server/src/engine/cost/estimateTypes';
import type { Fact, Job, PrecisionMode, Saving } from '../server/src/engine/types';
import { precisionSaving, savingText, usdText } from '../server/src/engine/savings';
import { fixesOf, precisionFix } from './ruleFixes';
import { D2_FP32_REASON } from '../server/src/engine/dialects/launch';

/**
 * fp32-training: a training job computes in full fp32 (or TF32) on hardware whose tensor cores
 * would run bf16/fp16 several times faster.
 */
export const fp32Training: Rule = {
  id: 'fp32-training',
  title: 'Training in full fp32 precision',
  defaultSeverity: 'warning',
  check(job, ctx) {
    if (job.workload !== 'training') return [];
    const p = job.precision;
    if (!p || (p.value !== 'fp32' && p.value !== 'tf32')) return [];
    if (job.hardware?.cpuOnly) return [];
    const gpu = job.hardware?.gpu ? ctx.gpu(job.hardware.gpu.value) : undefined;
    if (gpu && !gpu.tensorCores) return [];
    const where = rangeFor(p, job);
    if (!where) return [];
    const bf16 = !gpu || gpu.bf16;
    const target = bf16 ? 'bf16' : 'fp16';
    const speedup = !bf16
      ? `fp16 with loss scaling ran ${range(PRECISION.fp16OverFp32)}x faster than fp32`
      : p.value === 'tf32'
        ? `bf16 ran ${range(PRECISION.bf16OverTf32)}x faster than TF32`
        : `bf16 ran ${range(PRECISION.bf16OverFp32)}x faster than fp32 (${range(PRECISION.bf16OverTf32)}x faster than TF32)`;
    const hw = gpu && !gpu.bf16 ? ` ${gpu.name} has no bf16, so use fp16 with loss scaling.` : '';
    const estimate = ctx.estimate(job);
    const saving = precisionSaving(estimate);
    const message =
      `${whatIsSet(p)} Set ${advice(job, target)} to train in mixed precision: ${speedup} ` +
      `on an H100 for GPT-2 124M-774M (${CALIBRATION_SOURCE}).${hw}${saving && estimate ? savings(estimate, saving) : ''}`;
    return [{ range: where, message, ...fixesOf(precisionFix(job, target)), ...(saving && { saving }) }];
  },
};

function whatIsSet(p: Fact<PrecisionMode>): string {
  const mode = p.value === 'tf32' ? 'TF32 (no mixed precision)' : 'full fp32';
  const s = p.source;
  if (s.kind === 'file') return `Trains in ${mode}: \`${s.key}\` leaves bf16/fp16 off.`;
  if (s.kind === 'default') return `Trains in ${mode}: nothing turns on mixed precision (${s.reason.replace(/\.$/, '')}).`;
  if (s.kind === 'annotation') return `Trains in ${mode} (stated by an mlcost annotation).`;
  return `Trains in ${mode} (from setting ${s.name}).`;
}

/** The setting to write, in the job's own dialect. */
function advice(job: Job, target: 'bf16' | 'fp16'): string {
  const key = job.precision?.source.kind === 'file' ? job.precision.source.key : '';
  const name = job.name.toLowerCase();
  // Ultralytics YOLO, on its CLI or in `model.train(...)`: AMP is one switch (fp16 autocast).
  if (key === 'amp') return '`amp=True` (Ultralytics AMP)';
  // detectron2 reads trailing yacs overrides, not `--fp16` (its AMP autocasts to fp16).
  const src = job.precision?.source;
  if (job.dialect === 'detectron2') return '`SOLVER: {AMP: {ENABLED: True}}` (its AMP trains in fp16)';
  if (key === 'SOLVER.AMP.ENABLED' || (src?.kind === 'default' && src.reason === D2_FP32_REASON)) return '`SOLVER.AMP.ENABLED True` at the end of the detectron2 command (its AMP trains in fp16)';
  if (key === 'train.amp.enabled') return '`train.amp.enabled=True` on the detectron2 command (its AMP trains in fp16)';
  switch (job.dialect) {
    case 'lightning':
      return target === 'bf16' ? '`precision: bf16-mixed`' : '`precision: 16-mixed`';
    case 'accelerate':
      return `\`mixed_precision: ${target}\``;
    case 'deepspeed':
      return `\`"${target}": {"enabled": true}\``;
    case 'torchtune':
      return `\`${key === 'precision' ? 'precision' : 'dtype'}: ${target}\``;
    case 'hf-config':
      return `\`${target}: true\``;
    case 'sagemaker':
      return `\`"${target}": True\` in the estimator's \`hyperparameters\``;
    case 'skypilot':
    case 'kubernetes':
    case 'shell-script':
    case 'vertex':
      return `\`--${target}\` on the training command (or the precision key of its config)`;
    case 'python-script':
      if (name.includes('lightning') || key === 'precision')
        return target === 'bf16' ? '`Trainer(precision="bf16-mixed")`' : '`Trainer(precision="16-mixed")`';
      if (name.includes('trainingarguments') || name.includes('config') || key === 'bf16' || key === 'fp16') return `\`${target}=True\``;
      if (name.includes('accelerat')) return `\`Accelerator(mixed_precision="${target}")\``;
      if (name.includes('keras')) return `\`keras.mixed_precision.set_global_policy("mixed_${target === 'bf16' ? 'bfloat16' : 'float16'}")\``;
      return target === 'bf16'
        ? '`with torch.autocast("cuda", dtype=torch.bfloat16):` around the forward pass and loss'
        : '`torch.autocast("cuda", dtype=torch.float16)` with a `torch.amp.GradScaler`';
    default:
      return target;
  }
}

/** What mixed precision would save per run: the one savings function's figure, worded as every face words it. */
function savings(e: CostEstimate, saving: Saving): string {
  const run = e.usesSpot && e.runCostSpot !== undefined ? e.runCostSpot : e.runCostOnDemand!;
  const { factor, to } = e.precisionSpeedup!;
  // Bound by per-step overhead: the calibration's speed-up does not reach this run's wall time.
  if (!(saving.usdPerRun > 0)) return ` On ${e.hardwareLabel} this run is bound by per-step overhead, not arithmetic: ${to} is predicted no faster and saves nothing per run (${usdText(run)}; assumptions in the cost estimate). A larger batch would shorten it.`;
  return ` ${to} ${savingText(saving)} of ${usdText(run)}${e.usesSpot && e.runCostSpot !== undefined ? ' on spot' : ' on-demand'} (${e.hardwareLabel}, predicted ${factor.toFixed(1)}x faster; assumptions in the cost estimate).`;
}

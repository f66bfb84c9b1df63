// How much work a training run does: model size and tokens, each with where it came from.
// tokens = `# mlcost: tokens=` annotation, else max_steps × global batch × sequence length (global
// batch = per-device batch × gradient accumulation × GPUs), else epochs × dataset tokens
// (`# mlcost: dataset-tokens=`). Launcher flags (`--max_steps 1000`) already arrive as facts.
import type { Fact, Job } from '../types';
import type { Assumption } from './estimateTypes';
import { DEFAULT_SEQUENCE_LENGTH } from './memory';
import { modelShape, type ModelShape } from './modelShapes';
import { formatParameters, modelParameters } from './models';

/** transformers.TrainingArguments.per_device_train_batch_size defaults to 8. */
const DEFAULT_PER_DEVICE_BATCH = 8;

export interface Work {
  parameters?: number;
  shape?: ModelShape;
  /** Tokens of the whole run. */
  tokens?: number;
  perDeviceBatch: number;
  sequenceLength: number;
  assumptions: Assumption[];
  /** What to state to get a run estimate, when tokens are unknown. */
  missing?: string;
}

const num = (n: number) => (n >= 1e6 ? n.toExponential(2).replace('e+', 'e') : n.toLocaleString('en-US'));

export function workOf(job: Job, gpus: number): Work {
  const assumptions: Assumption[] = [];
  const params = parametersOf(job, assumptions);
  const shape = job.model?.id ? modelShape(job.model.id.value) : undefined;
  if (params && shape) assumptions.push({ name: 'layers × hidden', value: `${shape.layers} × ${shape.dModel}`, source: { kind: 'model', detail: shape.basis } });

  const b = job.batch;
  const perDevice = pick(b?.perDevice, DEFAULT_PER_DEVICE_BATCH, 'per-device batch', 'not stated: transformers TrainingArguments default 8');
  const seq = pick(b?.sequenceLength, DEFAULT_SEQUENCE_LENGTH, 'sequence length', `not stated: mlcost assumes ${DEFAULT_SEQUENCE_LENGTH} tokens per sample`);
  const accumulation = Math.max(1, b?.gradientAccumulation?.value ?? 1);
  const work: Work = { parameters: params, shape, perDeviceBatch: perDevice.value, sequenceLength: seq.value, assumptions };

  const s = job.schedule;
  if (s?.tokens) {
    work.tokens = s.tokens.value;
    assumptions.push({ name: 'tokens', value: num(s.tokens.value), source: s.tokens.source });
    if (b?.perDevice) assumptions.push({ name: 'per-device batch', value: String(perDevice.value), source: b.perDevice.source });
    if (b?.sequenceLength) assumptions.push({ name: 'sequence length', value: String(seq.value), source: b.sequenceLength.source });
    return work;
  }
  if (s?.maxSteps && s.maxSteps.value > 0) {
    const global = perDevice.value * accumulation * Math.max(1, gpus);
    work.tokens = s.maxSteps.value * global * seq.value;
    assumptions.push({ name: 'steps', value: num(s.maxSteps.value), source: s.maxSteps.source });
    assumptions.push(perDevice.assumption, seq.assumption);
    if (b?.gradientAccumulation) assumptions.push({ name: 'gradient accumulation', value: String(accumulation), source: b.gradientAccumulation.source });
    assumptions.push({
      name: 'tokens',
      value: `${num(work.tokens)} = ${num(s.maxSteps.value)} steps × ${perDevice.value} × ${accumulation} × ${Math.max(1, gpus)} GPUs × ${seq.value}`,
      source: { kind: 'default', reason: 'max_steps × per-device batch × gradient accumulation × GPUs (data parallel) × sequence length' },
    });
    return work;
  }
  if (s?.datasetTokens) {
    const epochs = s.epochs?.value ?? 1;
    work.tokens = s.datasetTokens.value * epochs;
    assumptions.push({ name: 'dataset tokens', value: num(s.datasetTokens.value), source: s.datasetTokens.source });
    assumptions.push({ name: 'epochs', value: String(epochs), source: s.epochs?.source ?? { kind: 'default', reason: 'epochs not stated: one pass assumed' } });
    assumptions.push(perDevice.assumption, seq.assumption);
    return work;
  }
  assumptions.push(perDevice.assumption, seq.assumption);
  work.missing = s?.epochs
    ? 'set dataset-tokens to estimate a run (`# mlcost: dataset-tokens=5e8`: tokens per epoch), or tokens=…'
    : 'set tokens to estimate a run (`# mlcost: tokens=2e9`, or max_steps with batch size and sequence length)';
  return work;
}

function parametersOf(job: Job, assumptions: Assumption[]): number | undefined {
  const m = job.model;
  if (m?.parameters) {
    assumptions.push({ name: 'parameters', value: formatParameters(m.parameters.value), source: m.parameters.source });
    return m.parameters.value;
  }
  if (!m?.id) return undefined;
  const hit = modelParameters(m.id.value);
  if (!hit) return undefined;
  assumptions.push({ name: 'parameters', value: formatParameters(hit.parameters), source: { kind: 'model', detail: `${m.id.value}: ${hit.basis}` } });
  return hit.parameters;
}

function pick(fact: Fact<number> | undefined, fallback: number, name: string, reason: string): { value: number; assumption: Assumption } {
  if (fact && fact.value > 0) return { value: fact.value, assumption: { name, value: String(fact.value), source: fact.source } };
  return { value: fallback, assumption: { name, value: String(fallback), source: { kind: 'default', reason } } };
}

// How much work a training run does: model size and tokens (or, for image/audio models, training
// FLOPs over examples), each with where it came from. First that applies:
//   1. `# mlcost: tokens=` annotation;
//   2. image/audio architecture (exampleFlops.ts): examples × training FLOPs per example, examples =
//      max_steps × global batch, or epochs × the dataset's examples;
//   3. max_steps × global batch × sequence length (global batch = per-device batch × gradient
//      accumulation × GPUs, unless the script's accumulation already spans the GPUs, as nanoGPT's);
//   4. epochs × dataset tokens: `# mlcost: dataset-tokens=`, else the datasets the file names
//      (bundled Hub table, local files sized from a bounded sample), capped at rows × sequence length.
// Launcher flags (`--max_steps 1000`) already arrive as facts.
import type { DatasetRef, Fact, Job } from '../types';
import type { Assumption } from './estimateTypes';
import { declaredArchitecture, exampleArchitecture, SMALL_IMAGE_SIDE, trainingFlopsPerExample, type Architecture, type ExampleContext } from './exampleFlops';
import { BYTES_PER_TOKEN, lookupHubDataset, RATIO_SOURCE, torchtuneBuilderDataset, typicalDataset, type HubDatasetSize, type TypicalDataKind } from './hubDatasets';
import { DEFAULT_SEQUENCE_LENGTH } from './memory';
import { modelShape, type ModelShape } from './modelShapes';
import { ultralyticsDataset } from './ultralyticsDatasets';
import { formatParameters, modelParameters } from './models';

/** transformers.TrainingArguments.per_device_train_batch_size defaults to 8. */
const DEFAULT_PER_DEVICE_BATCH = 8;

export interface Work {
  parameters?: number;
  shape?: ModelShape;
  /** Tokens of the whole run. */
  tokens?: number;
  /** Training FLOPs of the whole run when the work is counted in examples (image/audio models). */
  trainingFlops?: number;
  /** Examples of the whole run (image/audio models). */
  examples?: number;
  /** Forward/backward passes each GPU runs (examples / (stated per-device batch × GPUs)): image/audio
   *  runs of small inputs are bound by per-step overhead, not FLOPs (exampleTime.ts). */
  microSteps?: number;
  /** Examples per GPU per step behind `microSteps` (stated, or the floor's assumed batch). */
  floorBatch?: number;
  /** A convolutional image model: PyTorch runs its convolutions in TF32 by default on GPUs that have it. */
  convolutional?: boolean;
  perDeviceBatch: number;
  sequenceLength: number;
  assumptions: Assumption[];
  /** The one thing to state to get a run estimate, when the work is unknown. */
  missing?: string;
  /** Parts of the work the file does not say at all, filled with a reference workload (a typical
   *  model size, a typical dataset): each names what to add. The estimate is then a placeholder. */
  reference?: Reference;
}

/** A part of the work filled with a reference workload: what was assumed, and what to add instead. */
export interface ReferencePart {
  assumed: string;
  add: string;
}
export interface Reference {
  model?: ReferencePart;
  data?: ReferencePart;
}

/**
 * A model size for training jobs whose file can never name one (Accelerate and DeepSpeed configs
 * are launcher settings): 7B is the median size of the models named by the 57 job files of
 * mlcost's real-world corpus of public configs (test/fixtures/realworld; 36 of them 6-9B).
 */
export const REFERENCE_MODEL = { parameters: 7e9, basis: 'the median model size named by the 57 job files of mlcost\'s corpus of public training configs (36 of them 6-9B)' };
const REFERENCE_MODEL_DIALECTS = new Set(['accelerate', 'deepspeed']);

const num = (n: number) => (n >= 1e6 ? n.toExponential(2).replace('e+', 'e') : Math.round(n).toLocaleString('en-US'));

export function workOf(job: Job, gpus: number): Work {
  const assumptions: Assumption[] = [];
  let reference: Work['reference'];
  let params = parametersOf(job, assumptions);
  if (params === undefined && job.workload === 'training' && REFERENCE_MODEL_DIALECTS.has(job.dialect) && !job.model?.id) {
    params = REFERENCE_MODEL.parameters;
    reference = { model: { assumed: `a ${formatParameters(params)} model`, add: 'name the model (`# mlcost: params=7e9`)' } };
    assumptions.push({ name: 'parameters', value: `${formatParameters(params)} (not stated: a typical size)`, source: { kind: 'default', reason: `this file does not name the model: ${REFERENCE_MODEL.basis}` } });
  }
  // A model or dataset the file only hints at (named in a setup step or by the script's name):
  // said before the figures that rest on it.
  const id = job.model?.id;
  if (id?.source.kind === 'default') assumptions.push({ name: 'model', value: `${id.value} (assumed)`, source: id.source });
  for (const d of trainingDatasets(job)) if (d.source.kind === 'default' && d.value.path) assumptions.push({ name: 'dataset', value: `${d.value.path} (assumed)`, source: d.source });
  const shape = shapeOf(job);
  if (params && shape) assumptions.push({ name: 'layers × hidden', value: `${shape.layers} × ${shape.dModel}`, source: { kind: 'model', detail: shape.basis } });

  const b = job.batch;
  const perDevice = pick(b?.perDevice, DEFAULT_PER_DEVICE_BATCH, 'per-device batch', 'not stated: transformers TrainingArguments default 8');
  const seq = pick(b?.sequenceLength, DEFAULT_SEQUENCE_LENGTH, 'sequence length', `not stated: mlcost assumes ${DEFAULT_SEQUENCE_LENGTH} tokens per sample`);
  const accumulation = Math.max(1, b?.gradientAccumulation?.value ?? 1);
  const work: Work = { parameters: params, shape, perDeviceBatch: perDevice.value, sequenceLength: seq.value, assumptions, ...(reference && { reference }) };
  const globalAccumulation = b?.accumulationIsGlobal?.value === true;
  const ranks = globalAccumulation ? 1 : Math.max(1, gpus);

  const s = job.schedule;
  if (s?.tokens) {
    work.tokens = s.tokens.value;
    assumptions.push({ name: 'tokens', value: num(s.tokens.value), source: s.tokens.source });
    if (b?.perDevice) assumptions.push({ name: 'per-device batch', value: String(perDevice.value), source: b.perDevice.source });
    if (b?.sequenceLength) assumptions.push({ name: 'sequence length', value: String(seq.value), source: b.sequenceLength.source });
    return work;
  }

  const declared = job.model?.declared?.value;
  const arch = job.model?.id ? exampleArchitecture(job.model.id.value) : declared ? declaredArchitecture(declared) : undefined;
  if (arch) return exampleWork(job, work, arch, { perDevice, accumulation, ranks, gpus: Math.max(1, gpus) });

  if (s?.maxSteps && s.maxSteps.value > 0) {
    const global = perDevice.value * accumulation * ranks;
    work.tokens = s.maxSteps.value * global * seq.value;
    assumptions.push({ name: 'steps', value: num(s.maxSteps.value), source: s.maxSteps.source });
    assumptions.push(perDevice.assumption, seq.assumption);
    if (b?.gradientAccumulation) assumptions.push({ name: 'gradient accumulation', value: String(accumulation), source: b.gradientAccumulation.source });
    const gpuPart = globalAccumulation ? '' : ` × ${ranks} GPUs`;
    assumptions.push({
      name: 'tokens',
      value: `${num(work.tokens)} = ${num(s.maxSteps.value)} steps × ${perDevice.value} × ${accumulation}${gpuPart} × ${seq.value}`,
      source: {
        kind: 'default',
        reason: globalAccumulation
          ? `max_steps × batch × gradient accumulation × sequence length (the script's accumulation already spans the GPUs: ${b!.accumulationIsGlobal!.source.kind === 'file' ? b!.accumulationIsGlobal!.source.key : 'stated'})`
          : 'max_steps × per-device batch × gradient accumulation × GPUs (data parallel) × sequence length',
      },
    });
    return work;
  }

  const epochs = epochsOf(job);
  if (s?.datasetTokens) {
    work.tokens = s.datasetTokens.value * epochs.value;
    assumptions.push({ name: 'dataset tokens', value: num(s.datasetTokens.value), source: s.datasetTokens.source });
    assumptions.push(epochs.assumption, perDevice.assumption, seq.assumption);
    return work;
  }

  const data = datasetTokens(job, b?.sequenceLength ? seq.value : undefined);
  if (data.tokens !== undefined) {
    work.tokens = data.tokens * epochs.value;
    assumptions.push(...data.assumptions, epochs.assumption, perDevice.assumption, seq.assumption);
    assumptions.push({ name: 'tokens', value: `${num(work.tokens)} = ${num(data.tokens)} per epoch × ${epochs.value} epochs`, source: { kind: 'default', reason: 'epochs × dataset tokens' } });
    return work;
  }
  const add = data.missing ?? (s?.epochs
    ? 'dataset size unknown: add `# mlcost: dataset-tokens=5e8` (tokens per epoch)'
    : 'tokens unknown: add `# mlcost: tokens=2e9` (or max_steps with batch size and sequence length)');
  // Training whose data the file does not size: a typical dataset of its kind, stated as such.
  // A time limit the file states (SageMaker max_run) bounds the run better than a made-up dataset.
  const typical = job.workload === 'training' && work.parameters !== undefined && !s?.hours ? typicalDataset(dataKindOf(job)) : undefined;
  if (typical?.tokens !== undefined) {
    const kind = dataKindOf(job);
    work.tokens = typical.tokens * epochs.value;
    work.reference = { ...work.reference, data: { assumed: `${num(typical.tokens)} tokens of typical ${kind} data`, add: add.replace(/^[^:]*: /, '') } };
    assumptions.push({ name: 'dataset tokens', value: `${num(typical.tokens)} (not stated: a typical ${kind} dataset${data.unknown ? `; ${data.unknown} is not in the table` : ''})`, source: { kind: 'default', reason: typical.basis } });
    assumptions.push(epochs.assumption, perDevice.assumption, seq.assumption);
    assumptions.push({ name: 'tokens', value: `${num(work.tokens)} = ${num(typical.tokens)} per epoch × ${epochs.value} epochs`, source: { kind: 'default', reason: 'epochs × dataset tokens' } });
    return work;
  }
  assumptions.push(perDevice.assumption, seq.assumption);
  work.missing = add;
  return work;
}

const PREFERENCE = /pref|dpo|orpo|kto|feedback|rlhf|hh-rlhf|comparison|reward|chosen|ultrafeedback/i;
const PRETRAINING = /pretrain|\bc4\b|c4[_-]|\bpile\b|fineweb|redpajama|slimpajama|openwebtext|wikitext|wikipedia|\bmc4\b|mc4[_-]|dolma|starcoderdata|the-stack|cpt\b|\/cpt\//i;

/** What kind of data the job most likely trains on, from its trainer stage and the names it gives. */
function dataKindOf(job: Job): TypicalDataKind {
  const stage = job.schedule?.objective?.value;
  if (stage === 'preference') return 'preference';
  if (stage === 'pretraining') return 'pretraining';
  if (stage === 'fine-tuning' || stage === 'rl') return 'fine-tuning';
  const names = [job.name, ...job.datasets.map((d) => d.value.path ?? '')].join(' ');
  if (PREFERENCE.test(names)) return 'preference';
  if (PRETRAINING.test(names)) return 'pretraining';
  return 'fine-tuning';
}

interface BatchParts {
  perDevice: { value: number; assumption: Assumption };
  accumulation: number;
  ranks: number;
  /** GPUs the run spreads over (ranks is 1 when the accumulation already spans them). */
  gpus: number;
}

/** Image/audio models: examples × training FLOPs per example. */
function exampleWork(job: Job, work: Work, arch: Architecture, bp: BatchParts): Work {
  const { assumptions } = work;
  const s = job.schedule;
  const hub = trainingDatasets(job).map(hubSize).find((h): h is HubDatasetSize => h !== undefined);
  const ctx: ExampleContext = {};
  if (hub && SMALL_IMAGE_SIDE[hub.id]) ctx.imageSide = SMALL_IMAGE_SIDE[hub.id];
  if (hub?.audioHours && hub.rows) ctx.clipSeconds = (hub.audioHours * 3600) / hub.rows;
  const side = job.batch?.imageSize;
  if (arch.scalesWithInput && side && side.value > 0) {
    ctx.inputSide = side.value;
    assumptions.push({ name: 'image size', value: `${side.value}×${side.value}`, source: side.source });
  }
  const perExample = trainingFlopsPerExample(arch, ctx);
  // The memory model counts activations per token; an image or clip is sized as one "token" so that
  // weights and optimizer state dominate (activations of image/audio models are not modelled).
  work.sequenceLength = 1;
  if (!work.parameters) {
    work.parameters = arch.parameters;
    assumptions.push({ name: 'parameters', value: formatParameters(arch.parameters), source: { kind: 'model', detail: arch.basis } });
  }
  assumptions.push({ name: 'training FLOPs per example', value: perExample.flops.toExponential(2), source: { kind: 'model', detail: perExample.basis } });

  let examples: number | undefined;
  if (s?.maxSteps && s.maxSteps.value > 0) {
    examples = s.maxSteps.value * bp.perDevice.value * bp.accumulation * bp.ranks;
    assumptions.push({ name: 'steps', value: num(s.maxSteps.value), source: s.maxSteps.source }, bp.perDevice.assumption);
    const global = job.batch?.accumulationIsGlobal?.value === true;
    const batch = global ? `${bp.perDevice.value * bp.accumulation} per step (${bp.perDevice.value} per GPU × ${bp.accumulation})` : `${bp.perDevice.value} × ${bp.accumulation} × ${bp.ranks} GPUs`;
    assumptions.push({ name: 'examples', value: `${num(examples)} = ${num(s.maxSteps.value)} steps × ${batch}`, source: { kind: 'default', reason: 'max_steps × global batch' } });
  } else {
    const perEpoch = s?.datasetExamples ?? (hub?.rows ? { value: hub.rows, source: hubSource(hub) } : localRows(job));
    if (perEpoch) {
      const epochs = epochsOf(job);
      examples = perEpoch.value * epochs.value;
      assumptions.push({ name: 'examples per epoch', value: num(perEpoch.value), source: perEpoch.source }, epochs.assumption);
    }
  }
  if (examples === undefined) {
    // No dataset sized (and no time limit to bound the run): a typical one of the model's modality, stated as such.
    const typical = s?.hours ? undefined : typicalDataset(arch.modality === 'audio' ? 'audio' : 'image');
    if (!typical?.rows) {
      work.missing = 'dataset size unknown: add `# mlcost: hours=` (or name the dataset)';
      return work;
    }
    const epochs = epochsOf(job);
    examples = typical.rows * epochs.value;
    work.reference = { ...work.reference, data: { assumed: `${num(typical.rows)} examples of a typical ${arch.modality === 'audio' ? 'audio' : 'image'} dataset`, add: 'name the dataset (or add `# mlcost: hours=`)' } };
    assumptions.push({ name: 'examples per epoch', value: `${num(typical.rows)} (not stated: a typical ${arch.modality === 'audio' ? 'audio' : 'image'} dataset)`, source: { kind: 'default', reason: typical.basis } }, epochs.assumption);
  }
  work.examples = examples;
  // With the batch the file states; else, for images, a batch at the large end of common practice,
  // so the step count (and the floor it sets) is a lower bound. A default batch of 8 would invent
  // thousands of steps. Each GPU runs its share of the examples, however the accumulation is counted.
  if (arch.convolutional) work.convolutional = true;
  if (job.batch?.perDevice && job.batch.perDevice.value > 0) {
    work.floorBatch = job.batch.perDevice.value;
    work.microSteps = examples / (job.batch.perDevice.value * bp.gpus);
  } else if (arch.modality === 'image') {
    work.floorBatch = FLOOR_IMAGE_BATCH;
    work.microSteps = examples / (FLOOR_IMAGE_BATCH * bp.gpus);
    assumptions.push({ name: 'steps (for the step floor)', value: `${num(work.microSteps)} = ${num(examples)} examples / (${FLOOR_IMAGE_BATCH} × ${bp.gpus} GPUs)`, source: { kind: 'default', reason: `batch not stated: ${FLOOR_IMAGE_BATCH} images per GPU, the large end of common image batches (torchvision's reference script defaults to 32, pytorch/examples' ImageNet script to 256 over all GPUs), so the step count is a lower bound` } });
  }
  work.trainingFlops = examples * perExample.flops;
  assumptions.push({ name: 'training FLOPs', value: `${work.trainingFlops.toExponential(2)} = ${num(examples)} examples × ${perExample.flops.toExponential(2)}`, source: { kind: 'default', reason: 'examples × training FLOPs per example (3 × forward)' } });
  return work;
}

const FLOOR_IMAGE_BATCH = 256;

function epochsOf(job: Job): { value: number; assumption: Assumption } {
  const e = job.schedule?.epochs;
  if (e && e.value > 0) return { value: e.value, assumption: { name: 'epochs', value: String(e.value), source: e.source } };
  return { value: 1, assumption: { name: 'epochs', value: '1', source: { kind: 'default', reason: 'epochs not stated: one pass assumed' } } };
}

/** Data the job trains on (evaluation and test sets left out). */
function trainingDatasets(job: Job): Fact<DatasetRef>[] {
  return job.datasets.filter((d) => !d.value.evalOnly && !/^(validation|eval|test)_file$/.test(d.value.reader) && !/^(test|validation|valid|eval)\b/i.test(d.value.split ?? ''));
}

function hubSize(d: Fact<DatasetRef>): HubDatasetSize | undefined {
  const v = d.value;
  if (!v.path) return undefined;
  const bundled = ultralyticsDataset(v.path);
  if (bundled) return bundled;
  const builder = /^(torchtune|litgpt)\./.test(v.path) ? torchtuneBuilderDataset(v.path) : undefined;
  if (builder) return lookupHubDataset(builder.id, v.subset ?? builder.config, v.split);
  if (v.format !== 'hub' && v.format !== 'unknown') return undefined;
  return lookupHubDataset(v.path, v.subset, v.split);
}

function hubSource(h: HubDatasetSize): Assumption['source'] {
  const table = h.id.startsWith('ultralytics/') ? "Ultralytics' bundled dataset YAML" : 'Hugging Face dataset table';
  return { kind: 'catalog', detail: `${table} (retrieved ${h.retrieved}): ${h.source}` };
}

function localRows(job: Job): Fact<number> | undefined {
  const d = trainingDatasets(job).find((x) => x.value.size?.rows);
  const size = d?.value.size;
  return size?.rows ? { value: size.rows, source: { kind: 'default', reason: `${size.path}: ${size.basis}` } } : undefined;
}

/** Tokens in one epoch of the data the file names; the part that is known when some is not. */
function datasetTokens(job: Job, seqCap: number | undefined): { tokens?: number; assumptions: Assumption[]; missing?: string; unknown?: string } {
  const assumptions: Assumption[] = [];
  const unknown: string[] = [];
  let total = 0;
  let known = 0;
  for (const d of trainingDatasets(job)) {
    const label = d.value.path ?? d.value.reader;
    const hub = hubSize(d);
    let tokens: number | undefined;
    let rows: number | undefined;
    if (hub?.tokens) {
      tokens = hub.tokens;
      rows = hub.rows;
      const what = [hub.id, hub.config, hub.split].filter(Boolean).join(' / ');
      const extra = hub.assumed.length ? `; ${hub.assumed.join('; ')}` : '';
      assumptions.push({ name: `dataset ${label}`, value: `${num(tokens)} tokens${rows ? `, ${num(rows)} rows` : ''} (${what})`, source: { kind: 'catalog', detail: `Hugging Face dataset table (retrieved ${hub.retrieved}): ${hub.tokensBasis}${extra}; ${hub.source}` } });
    } else if (d.value.size) {
      const sz = d.value.size;
      tokens = sz.textBytes / BYTES_PER_TOKEN;
      rows = sz.rows;
      assumptions.push({ name: `dataset ${label}`, value: `${num(tokens)} tokens${rows ? `, ${num(rows)} rows` : ''}`, source: { kind: 'default', reason: `${sz.basis}; ${BYTES_PER_TOKEN} bytes per token (${RATIO_SOURCE.split(':')[0]})` } });
    }
    if (tokens === undefined) {
      unknown.push(label);
      continue;
    }
    // Examples longer than the sequence length are truncated to it.
    if (seqCap && rows && rows * seqCap < tokens) {
      assumptions.push({ name: `dataset ${label} (truncated)`, value: `${num(rows * seqCap)} tokens = ${num(rows)} rows × ${seqCap}`, source: { kind: 'default', reason: 'examples are cut at the sequence length' } });
      tokens = rows * seqCap;
    }
    total += tokens;
    known++;
  }
  if (!known) {
    return {
      assumptions,
      missing: unknown.length ? `dataset size unknown (${unknown[0]}): add \`# mlcost: dataset-tokens=5e8\` (tokens per epoch)` : undefined,
      ...(unknown.length && { unknown: unknown[0] }),
    };
  }
  if (unknown.length) {
    assumptions.push({ name: 'datasets not counted', value: unknown.join(', '), source: { kind: 'default', reason: 'size unknown: add `# mlcost: dataset-tokens=` with the tokens of all the data per epoch' } });
  }
  return { tokens: total, assumptions };
}

function shapeOf(job: Job): ModelShape | undefined {
  const m = job.model;
  const byId = m?.id ? modelShape(m.id.value) : undefined;
  if (byId) return byId;
  if (m?.layers && m.hidden) return { layers: m.layers.value, dModel: m.hidden.value, basis: `stated in the file: ${m.layers.value} layers × ${m.hidden.value} hidden` };
  return undefined;
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

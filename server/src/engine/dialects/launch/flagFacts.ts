// Facts one command line states through its flags (`--bf16`, `--max_steps 1000`,
// `--output_dir /ckpt`). Each fact's source is the flag, with its range in the analysed file.

import { fromFile } from '../../facts';
import { transformerFromSettings } from '../modelShape';
import { yoloFacts, type YoloFacts } from '../ultralytics';
import { exampleArchitecture } from '../../cost/exampleFlops';
import { ultralyticsDataset } from '../../cost/ultralyticsDatasets';
import { isYoloTraining } from './classify';
import type { DatasetFormat, DatasetRef, Fact, Job, PrecisionMode, StorageKind, TrainingMode } from '../../types';
import { basename } from './argv';
import { isLlmcTrainer, llmcFacts } from './llmc';
import { isUnresolved } from './shell';
import { resolvePath, storageOf } from './storage';
import type { Flag, Invocation } from './types';

/** A flag by one of its names; `train.max_steps` answers `max_steps` too (litgpt, Hydra). */
export function findFlag(inv: Invocation, ...names: string[]): Flag | undefined {
  for (const n of names) {
    for (const [k, f] of inv.flags) if (k.toLowerCase() === n) return f;
  }
  for (const n of names) {
    for (const [k, f] of inv.flags) if (k.toLowerCase().endsWith('.' + n)) return f;
  }
  return undefined;
}

export const fact = <T>(value: T, flag: Flag): Fact<T> => fromFile(value, flag.range, flag.key ?? '--' + flag.name);

/** A switch's value: bare `--bf16` is true; `--bf16 False` false; `$VAR` undefined. */
export function flagBool(flag: Flag): boolean | undefined {
  if (flag.value === undefined) return true;
  const v = flag.value.trim().toLowerCase();
  if (['true', 'yes', 'on', '1'].includes(v)) return true;
  if (['false', 'no', 'off', '0', 'none', ''].includes(v)) return false;
  return undefined;
}

function flagNumber(flag: Flag | undefined): number | undefined {
  if (!flag?.value) return undefined;
  const n = Number(flag.value.replace(/_/g, ''));
  return Number.isFinite(n) ? n : undefined;
}

export interface FlagPrecision {
  /** A flag that sets the precision (or `$VAR`: dynamic). */
  explicit?: Fact<PrecisionMode>;
  /** `--bf16 False`, `--fp16 False`: says what the job does not use. */
  negatives: Flag[];
  tf32?: Fact<PrecisionMode>;
}

const DTYPE: [RegExp, PrecisionMode][] = [
  [/^(bf16|bfloat16|bf16[-_](mixed|true))$/i, 'bf16'],
  [/^(fp16|float16|half|16|16[-_](mixed|true))$/i, 'fp16'],
  [/^(fp8|float8|e4m3|transformer[-_]engine.*)$/i, 'fp8'],
  [/^(no|fp32|float32|float|32|32[-_]true|64|64[-_]true|fp64|float64|double)$/i, 'fp32'],
  [/^auto$/i, 'dynamic'],
];

function dtypeOf(value: string): PrecisionMode | undefined {
  if (isUnresolved(value)) return 'dynamic';
  return DTYPE.find(([re]) => re.test(value.trim().replace(/^['"]|['"]$/g, '')))?.[1];
}

export function flagPrecision(inv: Invocation): FlagPrecision {
  const out: FlagPrecision = { negatives: [] };
  // Ultralytics: `amp=` (AMP unless amp=False).
  if (isYoloTraining(inv)) return { negatives: [], explicit: yoloFlagFacts(inv).precision };
  const switches: [string[], PrecisionMode][] = [
    [['bf16', 'pure_bf16'], 'bf16'],
    [['fp16', 'half'], 'fp16'],
    [['fp8'], 'fp8'],
  ];
  for (const [names, mode] of switches) {
    const f = findFlag(inv, ...names);
    if (!f) continue;
    const b = flagBool(f);
    if (b === true) out.explicit ??= fact(mode, f);
    else if (b === false) out.negatives.push(f);
    else out.explicit ??= fact<PrecisionMode>('dynamic', f);
  }
  // `--mixed_precision bf16` (accelerate), `--precision bf16-mixed` (Lightning/litgpt), `--dtype`.
  for (const name of ['mixed_precision', 'precision', 'dtype']) {
    const f = findFlag(inv, name);
    const mode = f?.value !== undefined ? dtypeOf(f.value) : undefined;
    if (f && mode) out.explicit ??= fact(mode, f);
  }
  // detectron2: `SOLVER.AMP.ENABLED True` (yacs) or `train.amp.enabled=True` (LazyConfig) autocasts to fp16.
  const amp = inv.flags.get('SOLVER.AMP.ENABLED') ?? inv.flags.get('train.amp.enabled');
  const ampOn = amp && flagBool(amp);
  if (amp && ampOn !== undefined) out.explicit ??= fact<PrecisionMode>(ampOn ? 'fp16' : 'fp32', amp);
  const tf32 = findFlag(inv, 'tf32');
  if (tf32 && flagBool(tf32) === true) out.tf32 = fact<PrecisionMode>('tf32', tf32);
  return out;
}

/**
 * Scripts that cap the prompt and the answer separately (qlora's `--source_max_len 16
 * --target_max_len 512`, transformers' seq2seq examples' `--max_source_length`/`--max_target_length`):
 * a sample holds at most their sum.
 */
const PAIRED_LENGTHS: [string, string][] = [
  ['source_max_len', 'target_max_len'],
  ['max_source_length', 'max_target_length'],
];

function pairedLength(inv: Invocation): Fact<number> | undefined {
  for (const [a, b] of PAIRED_LENGTHS) {
    const fa = findFlag(inv, a);
    const fb = findFlag(inv, b);
    const na = flagNumber(fa);
    const nb = flagNumber(fb);
    if (fa && fb && na !== undefined && nb !== undefined && na > 0 && nb > 0) return fromFile(na + nb, fb.range, `--${fa.name} + --${fb.name}`);
  }
  return undefined;
}

/** Everything but precision: schedule, batch, checkpointing, model, datasets, hardware. */
export function flagFacts(inv: Invocation, cwd: string | undefined, durableMounts: string[] | undefined): Partial<Job> {
  if (isYoloTraining(inv)) return yoloJob(inv, cwd, durableMounts);
  // llm.c's one-letter flags mean nothing to the generic names below.
  if (isLlmcTrainer(inv)) return llmcFacts(inv, cwd, durableMounts);
  const job: Partial<Job> = {};
  const num = (...names: string[]): Fact<number> | undefined => {
    const f = findFlag(inv, ...names);
    const n = flagNumber(f);
    return f && n !== undefined && n > 0 ? fact(n, f) : undefined;
  };

  const maxSteps = num('max_steps', 'max_iters', 'max_train_steps', 'train_iters', 'total_steps', 'num_train_steps');
  const epochs = num('num_train_epochs', 'epochs', 'max_epochs', 'num_epochs');
  // axolotl's `--early_stopping_patience N`, LLaMA-Factory's `--early_stopping_steps N` (0 or absent: off).
  const patienceFlag = findFlag(inv, 'early_stopping_patience', 'early_stopping_steps');
  const patience = flagNumber(patienceFlag);
  const earlyStopping = patienceFlag && patience !== undefined ? fact(patience > 0, patienceFlag) : undefined;
  if (maxSteps || epochs || earlyStopping) job.schedule = { ...(maxSteps && { maxSteps }), ...(epochs && { epochs }), ...(earlyStopping && { earlyStopping }) };

  const perDevice = num('per_device_train_batch_size', 'micro_batch_size', 'train_micro_batch_size_per_gpu', 'batch_size', 'train_batch_size');
  const gradientAccumulation = num('gradient_accumulation_steps', 'gradient_accumulation_iters', 'grad_accum', 'accumulate_grad_batches');
  const sequenceLength = num('max_seq_length', 'max_seq_len', 'seq_len', 'seq_length', 'block_size', 'sequence_len', 'model_max_length', 'cutoff_len') ?? pairedLength(inv);
  // Packing and activation checkpointing change what a micro-batch holds and costs (small-batch).
  const switchFact = (...names: string[]): Fact<boolean> | undefined => {
    const f = findFlag(inv, ...names);
    const b = f && flagBool(f);
    return f && b !== undefined ? fact(b, f) : undefined;
  };
  const packing = switchFact('packing', 'sample_packing', 'neat_packing');
  const activationCheckpointing = switchFact('gradient_checkpointing', 'activation_checkpointing', 'enable_activation_checkpointing');
  // Megatron-style `--global-batch-size 1024 --micro-batch-size 2`: accumulation spans every GPU.
  const globalFlag = findFlag(inv, 'global_batch_size');
  const global = num('global_batch_size');
  const globalAccumulation = globalFlag && global && perDevice && !gradientAccumulation && global.value >= perDevice.value ? fact(global.value / perDevice.value, globalFlag) : undefined;
  // The side images are resized to (`--img 640`, `--imgsz`): detectors sized at a stated input scale with it.
  const imageSize = num('imgsz', 'img_size', 'img');
  if (perDevice || gradientAccumulation || sequenceLength || packing || activationCheckpointing || imageSize) {
    job.batch = {
      ...(imageSize && { imageSize }),
      ...(perDevice && { perDevice }),
      ...(gradientAccumulation && { gradientAccumulation }),
      ...(globalAccumulation && { gradientAccumulation: globalAccumulation, accumulationIsGlobal: fact(true, globalFlag!) }),
      ...(sequenceLength && { sequenceLength }),
      ...(packing && { packing }),
      ...(activationCheckpointing && { activationCheckpointing }),
    };
  }
  const workersFlag = findFlag(inv, 'dataloader_num_workers', 'num_workers', 'workers');
  const workers = flagNumber(workersFlag);
  if (workersFlag && workers !== undefined && workers >= 0) job.dataLoading = { workers: fact(workers, workersFlag) };

  const checkpoint = checkpointFacts(inv, cwd, durableMounts);
  if (Object.keys(checkpoint).length) job.checkpoint = checkpoint;

  const model = modelFacts(inv);
  if (Object.keys(model).length) job.model = model;

  job.datasets = datasetFacts(inv);

  const gpuCount = num('nproc_per_node', 'num_gpus', 'gpus', 'devices', 'gpus_per_node');
  const nodesFlag = findFlag(inv, 'nnodes', 'num_nodes', 'num_machines');
  const nodesN = nodesFlag?.value ? Number(/^\d+/.exec(nodesFlag.value)?.[0]) : NaN;
  const nodes = nodesFlag && nodesN > 0 ? fact(nodesN, nodesFlag) : undefined;
  const procs = num('num_processes');
  const perNode = gpuCount ?? (procs && fact(Math.max(1, Math.round(procs.value / (nodes?.value ?? 1))), findFlag(inv, 'num_processes')!));
  if (perNode || nodes) job.hardware = { ...(perNode && { gpuCount: perNode }), ...(nodes && { nodes }) };
  return job;
}

const PERIODIC_FLAGS = ['save_steps', 'save_interval', 'checkpointing_steps', 'save_every', 'save_every_n_steps', 'checkpoint_every', 'ckpt_every', 'saves_per_epoch', 'save_freq', 'every_n_train_steps', 'checkpoint_interval'];
/**
 * Directory flags of custom scripts (`--root_dir`, `--log_dir`, `--work_dir`) that may or may not
 * hold checkpoints: pointed into a bucket mount they say the run keeps its state there; pointed at
 * local disk they prove nothing (logs only, perhaps), so they are no checkpoint location then.
 */
const OUTPUT_DIR_FLAGS = ['root_dir', 'log_dir', 'logdir', 'work_dir', 'workdir', 'exp_dir', 'model_dir', 'run_dir', 'results_dir', 'save_folder', 'outdir', 'output_path'];
const LOCATION_FLAGS = ['output_dir', 'checkpoint_dir', 'save_dir', 'out_dir', 'ckpt_dir', 'checkpoints_dir', 'checkpoint_path', 'save_path', 'default_root_dir'];

function checkpointFacts(inv: Invocation, cwd: string | undefined, durableMounts: string[] | undefined): NonNullable<Job['checkpoint']> {
  const out: NonNullable<Job['checkpoint']> = {};
  const strategy = findFlag(inv, 'save_strategy');
  if (strategy?.value && !isUnresolved(strategy.value)) out.periodic = fact(strategy.value.toLowerCase() !== 'no', strategy);
  if (!out.periodic) {
    const f = findFlag(inv, ...PERIODIC_FLAGS);
    if (f?.value && !isUnresolved(f.value)) {
      const n = flagNumber(f);
      out.periodic = fact(n === undefined ? !/^(no|none|false)$/i.test(f.value) : n > 0, f);
    }
  }
  const loc = findFlag(inv, ...LOCATION_FLAGS);
  if (loc?.value) {
    out.location = fact(loc.value, loc);
    out.storage = fact(storageOf(resolvePath(loc.value, cwd), durableMounts ?? []), loc);
  } else {
    const dir = OUTPUT_DIR_FLAGS.map((n) => findFlag(inv, n)).find((f) => f?.value && storageOf(resolvePath(f.value, cwd), durableMounts ?? []) === 'durable');
    if (dir?.value) {
      out.location = fact(dir.value, dir);
      out.storage = fact<StorageKind>('durable', dir);
    }
  }
  const resume = findFlag(inv, 'resume_from_checkpoint', 'resume', 'auto_resume_from_checkpoints', 'resume_from', 'init_from');
  if (resume) {
    const v = resume.value?.trim() ?? '';
    if (resume.name === 'init_from') {
      if (v === 'resume') out.resume = fact(true, resume);
    } else if (!isUnresolved(v)) {
      out.resume = fact(flagBool(resume) ?? true, resume); // a path or `auto` resumes
    }
  }
  // How often a save happens (checkpoint-retention counts the saves of a run).
  const every = findFlag(inv, 'save_steps');
  const everyN = flagNumber(every);
  const strategyValue = strategy?.value?.toLowerCase();
  if (strategyValue === 'epoch') out.savesPerEpoch = fact(1, strategy!);
  else if (every && everyN !== undefined && everyN >= 1 && strategyValue !== 'no') out.intervalSteps = fact(everyN, every);
  const limit = findFlag(inv, 'save_total_limit');
  const keep = flagNumber(limit);
  if (limit && keep !== undefined && keep > 0) out.retention = fact<number | 'all'>(keep, limit);
  const overwrite = findFlag(inv, 'overwrite_output_dir');
  if (!out.resume && overwrite && flagBool(overwrite) === true) out.resume = fact(false, overwrite); // HF example scripts skip the last checkpoint
  return out;
}

function modelFacts(inv: Invocation): NonNullable<Job['model']> {
  const out: NonNullable<Job['model']> = {};
  const id = findFlag(inv, 'model_name_or_path', 'base_model', 'pretrained_model_name_or_path', 'model_id', 'model_name', 'model', 'model_path', 'arch');
  const shape = id?.value && !isUnresolved(id.value) ? undefined : shapeOf(inv);
  const archFlag = id ? undefined : yoloArchFlag(inv);
  if (id?.value && !isUnresolved(id.value)) out.id = fact(id.value, id);
  else if (archFlag?.value) out.id = fact(basename(archFlag.value), archFlag);
  else if (shape) Object.assign(out, shape);
  else if ((inv.program === 'litgpt' || inv.program === 'vllm') && inv.args[0] && !/[=.](ya?ml|json)$/.test(inv.args[0].text)) {
    out.id = fromFile(inv.args[0].text, inv.args[0].range, inv.program === 'vllm' ? 'serve MODEL' : `${inv.script ?? inv.program} MODEL`);
  }
  // 4-bit base weights: `--load_in_4bit`, LLaMA-Factory's `--quantization_bit 4`, qlora.py's `--bits 4`.
  const quant4 = findFlag(inv, 'load_in_4bit', 'quantization_bit', 'bnb_4bit', 'use_4bit', 'bits', 'quant_bits');
  const is4bit = !!quant4 && (/^(quantization_bit|bits|quant_bits)$/.test(quant4.name) ? quant4.value?.trim() === '4' : flagBool(quant4) === true);
  const lora: TrainingMode = is4bit ? 'qlora' : 'lora';
  const ft = findFlag(inv, 'finetuning_type', 'adapter', 'peft_type');
  const peft = findFlag(inv, 'use_peft', 'use_lora', 'lora');
  const rank = findFlag(inv, 'lora_r', 'lora_rank');
  if (ft?.value) {
    const v = ft.value.toLowerCase();
    const mode: TrainingMode | undefined = v === 'qlora' ? 'qlora' : /lora|adapter/.test(v) ? lora : v === 'full' ? 'full' : v === 'freeze' ? 'frozen-backbone' : undefined;
    if (mode) out.trainingMode = fact(mode, ft);
  } else if (peft && flagBool(peft) !== undefined) {
    out.trainingMode = fact(flagBool(peft) ? lora : 'full', peft);
  } else if (rank && flagNumber(rank)) {
    out.trainingMode = fact(lora, rank);
  } else if (inv.script && inv.scriptRange && (inv.program === 'litgpt' || inv.program === 'tune')) {
    const s = basename(inv.script).toLowerCase();
    const mode: TrainingMode | undefined = /qlora/.test(s) ? 'qlora' : /lora|adapter/.test(s) || s === 'finetune' ? lora : /full|pretrain/.test(s) ? 'full' : undefined;
    if (mode) out.trainingMode = fromFile(mode, inv.scriptRange, inv.program === 'tune' ? 'recipe' : 'subcommand');
  }
  return out;
}

/** ultralytics/yolov5's train.py names the architecture by `--cfg yolov5s.yaml` or `--weights yolov5s.pt`. */
function yoloArchFlag(inv: Invocation): Flag | undefined {
  return ['cfg', 'weights'].map((n) => findFlag(inv, n)).find((f) => f?.value && !isUnresolved(f.value) && /^yolo/i.test(exampleArchitecture(basename(f.value))?.name ?? ''));
}

const intFlag = (inv: Invocation, ...names: string[]): { n: number; flag: Flag } | undefined => {
  const flag = findFlag(inv, ...names);
  const n = flagNumber(flag);
  return flag && n !== undefined && Number.isInteger(n) && n > 0 ? { n, flag } : undefined;
};

/** A model a custom or Megatron-style script builds from shape flags (dialects/modelShape.ts). */
function shapeOf(inv: Invocation): Pick<NonNullable<Job['model']>, 'layers' | 'hidden' | 'parameters'> | undefined {
  return transformerFromSettings({
    int: (...names) => {
      const hit = intFlag(inv, ...names);
      return hit && fact(hit.n, hit.flag);
    },
    bool: (...names) => {
      const f = findFlag(inv, ...names);
      return f ? flagBool(f) : undefined;
    },
    str: (...names) => findFlag(inv, ...names)?.value,
  });
}

const DATASET_FLAGS = ['train_file', 'validation_file', 'test_file', 'train_data', 'train_data_path', 'dataset_path', 'data_path', 'data_file', 'data_files', 'train_path', 'dataset', 'dataset_name'];

/** The format a path's extension names (`.csv.gz` is csv); a bare `org/name` is a Hub id. */
export function datasetFormat(path: string, hubAllowed: boolean): DatasetFormat | undefined {
  const p = path.replace(/[?#].*$/, '').replace(/\.(gz|bz2|xz|zst|zip)$/i, '').toLowerCase();
  const ext = /\.([a-z0-9]+)$/.exec(p)?.[1];
  const byExt: Record<string, DatasetFormat> = { csv: 'csv', tsv: 'tsv', json: 'json', jsonl: 'jsonl', ndjson: 'jsonl', parquet: 'parquet', arrow: 'arrow', bin: 'binary', npy: 'binary' };
  if (ext && byExt[ext]) return byExt[ext];
  if (/^hf:\/\/datasets\//.test(p)) return 'hub';
  if (hubAllowed && /^[\w.-]+\/[\w.-]+$/.test(path) && !path.startsWith('.')) return 'hub';
  return undefined;
}

/**
 * Well-known datasets by the directory names they are unpacked under (`/data/imagenet`,
 * `ILSVRC2012`, `cifar-10-batches-py`): a local copy of a dataset of the bundled table. Keys are
 * lower case without `-`, `_`, `.` or spaces.
 */
const DATASET_DIRECTORIES: Record<string, string> = {
  imagenet: 'ILSVRC/imagenet-1k',
  imagenet1k: 'ILSVRC/imagenet-1k',
  ilsvrc: 'ILSVRC/imagenet-1k',
  ilsvrc2012: 'ILSVRC/imagenet-1k',
  tinyimagenet: 'zh-plus/tiny-imagenet',
  tinyimagenet200: 'zh-plus/tiny-imagenet',
  imagenette: 'frgfm/imagenette',
  cifar10: 'uoft-cs/cifar10',
  cifar10batchespy: 'uoft-cs/cifar10',
  cifar100: 'uoft-cs/cifar100',
  mnist: 'ylecun/mnist',
  fashionmnist: 'zalando-datasets/fashion_mnist',
  svhn: 'ufldl-stanford/svhn',
  food101: 'ethz/food101',
  coco: 'detection-datasets/coco',
  coco2017: 'detection-datasets/coco',
  mscoco: 'detection-datasets/coco',
};
/**
 * Archives the datasets' own sites publish (`cifar-10-python.tar.gz`, `ILSVRC2012_img_train.tar`,
 * MNIST's `train-images-idx3-ubyte.gz`), keyed as DATASET_DIRECTORIES, and hosts that serve only
 * one dataset (COCO's `train2017.zip` names nothing by itself).
 */
const DATASET_ARCHIVES: Record<string, string> = {
  cifar10python: 'uoft-cs/cifar10',
  cifar10binary: 'uoft-cs/cifar10',
  cifar100python: 'uoft-cs/cifar100',
  cifar100binary: 'uoft-cs/cifar100',
  ilsvrc2012imgtrain: 'ILSVRC/imagenet-1k',
  trainimagesidx3ubyte: 'ylecun/mnist',
};
const DATASET_HOSTS: [RegExp, string][] = [
  [/(^|\.)cocodataset\.org$/i, 'detection-datasets/coco'],
  [/(^|\.)image-net\.org$/i, 'ILSVRC/imagenet-1k'],
];

/** The table dataset a download URL or copied path fetches, by its file name or its host. */
export function datasetOfDownload(url: string): string | undefined {
  const clean = url.replace(/^['"]|['"]$/g, '').replace(/[?#].*$/, '');
  const host = /^[a-z][a-z0-9+.-]*:\/\/([^/]+)/i.exec(clean)?.[1];
  const byHost = host && DATASET_HOSTS.find(([re]) => re.test(host))?.[1];
  if (byHost) return byHost;
  const last = clean.split('/').filter(Boolean).pop() ?? '';
  const key = last.replace(/(\.(tar|tgz|gz|zip|bz2|xz|zst))+$/i, '').toLowerCase().replace(/[-_. ]/g, '');
  return DATASET_ARCHIVES[key] ?? DATASET_DIRECTORIES[key];
}

/** Flags that name a data directory rather than a file (timm `--data-dir`, torchvision `--data-path`). */
const DATA_DIR_FLAGS = ['data_dir', 'data_root', 'dataset_dir', 'dataset_root', 'train_dir', 'train_data_dir', 'datadir', 'root', 'data', ...DATASET_FLAGS];

/** The table dataset a directory path names by one of its last two components, if any. */
export function datasetOfDirectory(path: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) && !/^(s3|gs|gcs|az|abfs):/i.test(path)) return undefined; // a web page, not a copy
  const parts = path.replace(/[?#].*$/, '').split('/').filter(Boolean).slice(-2).reverse();
  for (const p of parts) {
    const id = DATASET_DIRECTORIES[p.toLowerCase().replace(/[-_. ]/g, '')];
    if (id) return id;
  }
  return undefined;
}

function datasetFacts(inv: Invocation): Fact<DatasetRef>[] {
  const out: Fact<DatasetRef>[] = [];
  for (const name of DATASET_FLAGS) {
    const f = findFlag(inv, name);
    if (!f?.value || isUnresolved(f.value)) continue;
    for (const path of f.value.split(/[,\s]+/).filter(Boolean)) {
      // `--dataset_name imdb` takes canonical bare names too, as load_dataset does.
      const format = datasetFormat(path, /^(dataset|dataset_name|dataset_path|data_path)$/.test(name)) ?? (name === 'dataset_name' && /^[A-Za-z][\w.-]*$/.test(path) ? 'hub' : undefined);
      if (!format) continue;
      const ref: DatasetRef = { format, path, reader: '--' + f.name };
      if (/^(validation|test)_file$/.test(name)) ref.evalOnly = true;
      if (format === 'hub') {
        const subset = findFlag(inv, 'dataset_config_name')?.value ?? findFlag(inv, 'dataset_config')?.value;
        const split = findFlag(inv, 'dataset_train_split')?.value;
        if (subset && !isUnresolved(subset)) ref.subset = subset;
        if (split && !isUnresolved(split)) ref.split = split;
      }
      out.push(fact<DatasetRef>(ref, f));
    }
  }
  if (out.length) return out;
  // `--data coco.yaml` beside a YOLO `--cfg`/`--weights` (ultralytics/yolov5's train.py): a dataset
  // YAML Ultralytics bundles, by its bare name. Elsewhere a YAML flag may be any config.
  const yamlFlag = findFlag(inv, 'data');
  if (yamlFlag?.value && yoloArchFlag(inv) && ultralyticsDataset(yamlFlag.value)) return [fact<DatasetRef>({ format: 'unknown', path: yamlFlag.value, reader: '--' + yamlFlag.name }, yamlFlag)];
  // A data directory named after a well-known dataset (`train.py /data/imagenet --model resnet50`).
  const dirFlag = DATA_DIR_FLAGS.map((n) => findFlag(inv, n)).find((f) => f?.value && !isUnresolved(f.value) && datasetOfDirectory(f.value));
  if (dirFlag) return [fact<DatasetRef>({ format: 'hub', path: datasetOfDirectory(dirFlag.value!)!, reader: `--${dirFlag.name} ${dirFlag.value}` }, dirFlag)];
  const arg = inv.script && /\.py$/.test(inv.script) ? inv.args.find((a) => a.text.includes('/') && !isUnresolved(a.text) && datasetOfDirectory(a.text)) : undefined;
  if (arg) return [fromFile<DatasetRef>({ format: 'hub', path: datasetOfDirectory(arg.text)!, reader: `data directory ${arg.text}` }, arg.range, 'data directory')];
  return out;
}

/** Ultralytics' `key=value` settings (dialects/ultralytics.ts), each cited as `key=value` at its word. */
function yoloFlagFacts(inv: Invocation): YoloFacts {
  // `cfg=my.yaml` may set any of them: what the command line leaves out is then not known.
  const cfg = inv.flags.has('cfg');
  return yoloFacts((name) => {
    const f = inv.flags.get(name);
    if (!f) return cfg ? 'unknown' : undefined;
    return f.value !== undefined && !isUnresolved(f.value) ? { text: f.value.replace(/^['"]|['"]$/g, ''), range: f.range, key: name } : 'unknown';
  }, inv.range);
}

function yoloJob(inv: Invocation, cwd: string | undefined, durableMounts: string[] | undefined): Partial<Job> {
  const y = yoloFlagFacts(inv);
  const checkpoint = { ...y.checkpoint };
  // `project=/mnt/ckpt`: runs (and their weights) go under it; the default `runs/` is beside the command.
  const project = inv.flags.get('project');
  if (project?.value && !isUnresolved(project.value)) {
    checkpoint.location = fromFile(project.value, project.range, 'project');
    checkpoint.storage = fromFile(storageOf(resolvePath(project.value, cwd), durableMounts ?? []), project.range, 'project');
  }
  return {
    schedule: y.schedule,
    batch: y.batch,
    checkpoint,
    model: y.model,
    datasets: y.datasets,
    dataLoading: { ...(y.workers && { workers: y.workers }), modality: { value: 'image', source: { kind: 'default', reason: 'Ultralytics YOLO trains on images', range: inv.range } } },
    ...(y.hardware && { hardware: y.hardware }),
  };
}

// The engine's vocabulary. Data flows one way:
//   text -> SourceDoc (formats/) -> Job[] (dialects/) -> Finding[] (rules/) -> faces (LSP, CLI).
// Nothing here may import `vscode` or the LSP connection.

/** 0-based line and UTF-16 character, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** `hcl`: Terraform (.tf); `typescript`: IaC programs (CDK, Pulumi, CDKTF), never other TypeScript. */
export type FormatKind = 'yaml' | 'json' | 'python' | 'hcl' | 'typescript' | 'shell';

/**
 * Where a fact comes from. Every figure and every finding must be traceable to one of these.
 * - `file`: read from a key, argument or flag; `uri` is set only when it is another file than the
 *   one being analysed (e.g. the DeepSpeed JSON an Accelerate config points at).
 * - `default`: nothing says it, so the library's documented default applies; `reason` names the
 *   library and default; `range` optionally points at where the setting would belong (or at a
 *   commented-out line that shows the author meant to set it); `uri` is set when the default was
 *   decided in another file (a Hydra base config, a linked config), which reports it itself.
 * - `annotation`: a `# mlcost: key=value` comment.
 * - `setting`: an editor/CLI setting such as `mlcost.defaultHardware`.
 */
export type FactSource =
  | { kind: 'file'; range: Range; key: string; uri?: string }
  | { kind: 'default'; reason: string; range?: Range; uri?: string }
  | { kind: 'annotation'; range: Range; key: string }
  | { kind: 'setting'; name: string };

export interface Fact<T> {
  value: T;
  source: FactSource;
}

/**
 * Numeric precision the job trains in.
 * `dynamic` means the value is decided elsewhere at run time (a CLI argument, `auto` resolved by
 * the launcher, a variable): rules must not assume fp32 then.
 */
export type PrecisionMode = 'fp32' | 'tf32' | 'fp16' | 'bf16' | 'fp8' | 'dynamic';

/** `data`: code that loads a training job's data (fit is elsewhere): only data-format rules apply, no estimate. */
export type Workload = 'training' | 'inference' | 'dev' | 'data' | 'unknown';

export type TrainingMode = 'full' | 'lora' | 'qlora' | 'frozen-backbone';

export interface HardwareRequest {
  /** Normalised GPU name from the GPU spec table (`H100`, `A100-80GB`, `A100-40GB`, `L4`, `T4`...);
   *  raw spelling when unknown to the table. Absent for CPU-only or unknown. */
  gpu?: Fact<string>;
  /** GPUs per node (or per replica). */
  gpuCount?: Fact<number>;
  /** Nodes / replicas / instance_count / num_machines. */
  nodes?: Fact<number>;
  /** Cloud instance type as written (`p4d.24xlarge`, `ml.p3.2xlarge`, `a2-highgpu-8g`). */
  instanceType?: Fact<string>;
  /** Other GPU choices offered in the same request (SkyPilot `{A100:8, H100:8}`, `any_of`). */
  alternatives?: Fact<string>[];
  /** True when the request is explicitly CPU-only (no GPU asked for). */
  cpuOnly?: boolean;
  /** True when the value is a run-time placeholder (SageMaker ParameterString, `${VAR}`). */
  unresolved?: boolean;
  /** The job runs on a cluster with its own scheduler and no cloud price (`SLURM`): its GPUs are
   *  priced at the cloud list price of the same GPUs, and the estimate says so. */
  cluster?: Fact<string>;
}

export type StorageKind = 'durable' | 'ephemeral' | 'unknown';

export interface CheckpointFacts {
  /** Does the job write intermediate checkpoints during the run (not only at the end)? */
  periodic?: Fact<boolean>;
  /** Where checkpoints go, and whether that survives losing the machine. */
  location?: Fact<string>;
  storage?: Fact<StorageKind>;
  /** Does a restarted job pick up from the latest checkpoint? */
  resume?: Fact<boolean>;
  /** How many checkpoints are kept on disk (HF `save_total_limit`, Lightning `save_top_k`); `all` = no limit. */
  retention?: Fact<number | 'all'>;
  /** How this tool keeps only the last few checkpoints, when that is not a retention setting of its
   *  own config (llm.c's `-nk`, Ultralytics' `save_period`): the words checkpoint-retention advises. */
  keepLastAdvice?: string;
  /** Steps between saves, when a step interval is set (HF `save_steps`, `every_n_train_steps`). */
  intervalSteps?: Fact<number>;
  /** Saves per epoch (axolotl `saves_per_epoch`; 1 for per-epoch saving). */
  savesPerEpoch?: Fact<number>;
}

export type DatasetFormat = 'csv' | 'tsv' | 'json' | 'jsonl' | 'parquet' | 'arrow' | 'hub' | 'binary' | 'unknown';

export interface DatasetRef {
  format: DatasetFormat;
  /** Path or hub id as written. */
  path?: string;
  /** How it is read: `pd.read_csv`, `load_dataset("csv")`, `data_files`, `content_type`. */
  reader: string;
  /** Hub dataset config (subset) as written: `wikitext-103-raw-v1`, `main`. */
  subset?: string;
  /** Split expression as written: `train`, `train[:10%]`, `train_sft`, `train+validation`. */
  split?: string;
  /** Evaluation/test data: not counted as training work. */
  evalOnly?: boolean;
  /** Size of a local file, measured from a bounded sample when the job was analysed (never the whole file). */
  size?: LocalDataSize;
}

/** A local dataset file's size on disk and what a bounded sample of it says. */
export interface LocalDataSize {
  path: string;
  bytes: number;
  /** Rows: exact when the file fit in the sample or a Parquet footer states it, else extrapolated. */
  rows?: number;
  rowsExact?: boolean;
  /** Bytes of text behind the tokens (Parquet: uncompressed column bytes from the footer). */
  textBytes: number;
  /** How rows and text bytes were obtained, in one line. */
  basis: string;
}

export interface ScheduleFacts {
  epochs?: Fact<number>;
  maxSteps?: Fact<number>;
  /** Explicit wall-clock hours (annotation `# mlcost: hours=12`, SageMaker max_run, ...). */
  hours?: Fact<number>;
  earlyStopping?: Fact<boolean>;
  /** Tokens the whole run trains on (annotation `# mlcost: tokens=2e9`). */
  tokens?: Fact<number>;
  /** Tokens in one epoch of the training data (annotation `# mlcost: dataset-tokens=5e8`). */
  datasetTokens?: Fact<number>;
  /** Is a validation signal computed during training (eval steps, a validation split, val loop)? */
  evaluation?: Fact<boolean>;
  /** Training examples in one epoch when the file names a built-in dataset (`keras.datasets.mnist`). */
  datasetExamples?: Fact<number>;
  /** What the run trains for, when the file says (LLaMA-Factory `stage`, a TRL trainer): sizes the
   *  typical dataset assumed when the data is not stated. */
  objective?: Fact<TrainingObjective>;
}

/**
 * The work of a bounded inference job (batch prediction, a generate or quantize recipe): it ends,
 * so it has a run cost. Each part is a fact with its source; what is unknown stays absent.
 */
export interface GenerationFacts {
  /** Prompts processed (LLaMA-Factory `max_samples` × eval datasets; one for a generate recipe). */
  prompts?: Fact<number>;
  /** Tokens generated per prompt (`max_new_tokens`, `max_gen_len`); 0 when nothing is generated. */
  newTokens?: Fact<number>;
  /** Tokens read per prompt, at most (`cutoff_len`). */
  promptTokens?: Fact<number>;
  /** Prompts per forward pass on one GPU (`per_device_eval_batch_size`). */
  batch?: Fact<number>;
  /** The job writes a new copy of the weights (a quantize or merge recipe). */
  writesWeights?: Fact<boolean>;
}

export type TrainingObjective = 'pretraining' | 'fine-tuning' | 'preference' | 'rl';

export interface ModelFacts {
  /** Hub id or name as written (`meta-llama/Meta-Llama-3-8B`, `gpt2-medium`). */
  id?: Fact<string>;
  /** Parameter count when stated or derivable (annotation, architecture keys, id table). */
  parameters?: Fact<number>;
  trainingMode?: Fact<TrainingMode>;
  /** The run starts from pretrained weights (a fine-tune) although the file may not name them. */
  pretrained?: Fact<boolean>;
  /** Transformer layers and width when the file states them (nanoGPT `n_layer`, `n_embd`). */
  layers?: Fact<number>;
  hidden?: Fact<number>;
  /** A model the script defines itself (`class Net(nn.Module)`), counted from its layers. */
  declared?: Fact<DeclaredModel>;
}

/** What a script's own nn.Module classes add up to (dialects/python/moduleSize.ts). */
export interface DeclaredModel {
  parameters: number;
  /** Multiply-adds per example of its dense layers (per time step for recurrent ones). */
  denseMacs: number;
  /** Multiply-adds per output pixel of its 2d convolutions: × the image's pixels per example. */
  convMacsPerPixel: number;
  /** Embeddings or recurrent layers: the work runs per token or time step, not per example. */
  sequence: boolean;
  /** The classes counted (`Net`, `Generator + Discriminator`). */
  classes: string[];
}

export interface BatchFacts {
  perDevice?: Fact<number>;
  gradientAccumulation?: Fact<number>;
  sequenceLength?: Fact<number>;
  /** True when gradient accumulation already counts every GPU (nanoGPT divides it by the world size). */
  accumulationIsGlobal?: Fact<boolean>;
  /** Several short samples packed into each sequence (TRL `packing`, axolotl `sample_packing`). */
  packing?: Fact<boolean>;
  /** Activations recomputed in the backward pass (HF `gradient_checkpointing`, torchtune `enable_activation_checkpointing`); the throughput model times it. */
  activationCheckpointing?: Fact<boolean>;
  /** Side in pixels every training image is resized to (Ultralytics `imgsz`): detectors sized at a
   *  stated input scale their work with its square (cost/exampleFlops.ts). */
  imageSize?: Fact<number>;
  /** torch.compile (`torch_compile: true`, `compile: true`). */
  compiled?: Fact<boolean>;
  /** DeepSpeed ZeRO stage (FSDP full shard counts as 3). */
  zeroStage?: Fact<number>;
  /** ZeRO-Offload: optimizer state (and gradients), or the parameters too, held in CPU (or NVMe) memory. */
  offload?: Fact<Offload>;
}

export type Offload = 'optimizer' | 'optimizer+parameters';

/** What the training samples are: decoding/augmenting per sample costs CPU time, tokens do not. */
export type DataModality = 'image' | 'audio' | 'video' | 'text' | 'tabular';

export interface DataLoadingFacts {
  /** DataLoader worker processes (0 = loading in the training process). */
  workers?: Fact<number>;
  modality?: Fact<DataModality>;
  /** The input pipeline, when not a PyTorch/HF DataLoader: `tf.data` parallelises map calls
   *  (`num_parallel_calls`), not worker processes; `workers` 0 then means a sequential map. */
  pipeline?: 'tf.data';
}

/** How a hyper-parameter search picks its trials. */
export type SearchMethod = 'grid' | 'random' | 'bayes' | 'tpe' | 'other';

/**
 * A hyper-parameter search the file runs (W&B sweep, Ray Tune, Optuna, scikit-learn *SearchCV):
 * each trial is one run of the job. `trials` counts runs (grid points x repeats); `fits` adds the
 * cross-validation folds each point is fitted on (scikit-learn).
 */
export interface SearchFacts {
  library: 'wandb' | 'ray-tune' | 'optuna' | 'sklearn' | 'katib';
  method: Fact<SearchMethod>;
  /** Grid points (or sampled trials) the search runs; absent when the file does not say. */
  trials?: Fact<number>;
  /** Model fits in all: trials x cross-validation folds (scikit-learn), when known. */
  fits?: Fact<number>;
  /** Does a scheduler / pruner / `early_terminate` stop poor trials early? */
  earlyTermination?: Fact<boolean>;
}

/**
 * The normalised facts of one workload, whatever dialect wrote it. Absent = the dialect could not
 * tell; a dialect that knows a library default states it as a Fact with a `default` source.
 */
export interface Job {
  /** Dialect id that produced it (`hf-trainer`, `lightning`, `skypilot`...). */
  dialect: string;
  /** Human label: the task name, the class called, the file's role. */
  name: string;
  workload: Workload;
  /** The line a finding about something missing, and the cost lens, attach to. */
  anchor: Range;
  precision?: Fact<PrecisionMode>;
  hardware?: HardwareRequest;
  spot?: Fact<boolean>;
  checkpoint?: CheckpointFacts;
  datasets: Fact<DatasetRef>[];
  schedule?: ScheduleFacts;
  /** A bounded inference job's work (workload `inference` only; a service has none). */
  generation?: GenerationFacts;
  model?: ModelFacts;
  batch?: BatchFacts;
  dataLoading?: DataLoadingFacts;
  /** The hyper-parameter search the file runs over this job, when it runs one. */
  search?: SearchFacts;
  /** How often the job runs (annotation `# mlcost: runs-per-month=4`), for monthly figures. */
  runsPerMonth?: Fact<number>;
  /** Other workspace files whose facts were merged into this job (resolved paths). */
  linkedFiles: string[];
  /** The workspace file that launches this config (reverse link, relative path): the run is that
   *  launcher's, so the budget counts it there, once. */
  launchedBy?: string;
  /** A part of a job that another config composes (a Hydra trainer, callbacks or data file): rules
   *  read it, but the run and its cost estimate belong to the config that composes it. */
  fragment?: boolean;
  /** How to write facts back into this file, in its own syntax (set by the dialect). */
  editor?: JobEditor;
  /** A declared resource that is not a training run (a GPU VM, a notebook, an endpoint, a node
   *  group, a bucket): what it is and the facts the cloud rules read. See docs/architecture.md. */
  resource?: ResourceFacts;
  /** Cost-attribution tags/labels. Absent = this dialect does not know how the file tags. */
  tags?: TagFacts;
  /** Idle shutdown (autostop, idle culling, a stop schedule) of an interactive machine. */
  idleShutdown?: Fact<boolean>;
  /** Replicas and autoscaling of a serving resource or node group. */
  scaling?: ScalingFacts;
  /** Bucket purpose and lifecycle (resource kind `bucket`). */
  bucket?: BucketFacts;
}

/**
 * What kind of always-on resource a Job stands for, when it is not a run:
 * `vm` a GPU machine, `dev-machine` an interactive one, `notebook` a managed notebook instance,
 * `endpoint` a serving endpoint, `node-group` a cluster node pool, `bucket` object storage,
 * `training-job` a training job declared in infrastructure code.
 */
export type ResourceKind = 'vm' | 'dev-machine' | 'notebook' | 'endpoint' | 'node-group' | 'bucket' | 'training-job';

export interface ResourceFacts {
  kind: ResourceKind;
  /** The IaC type as written: `aws_instance`, `ec2.Instance`, `aws.sagemaker.NotebookInstance`. */
  type: string;
  /** Hours per month it runs: 730 by default (`mlcost.hoursPerMonth`), or the schedule it declares. */
  hoursPerMonth?: Fact<number>;
}

export interface TagFacts {
  /** Keys set on the resource (including provider/stack-wide default tags that reach it). */
  keys: Fact<string[]>;
  /** A value the file computes at run time (a variable map, merge(), a spread of a parameter):
   *  the keys above may be incomplete, so rules stay silent. */
  unresolved?: boolean;
}

export interface ScalingFacts {
  /** Fixed or minimum replica/node count. */
  min?: Fact<number>;
  max?: Fact<number>;
  /** An autoscaler (HPA, KEDA, application auto scaling, cluster autoscaler range) scales it. */
  autoscaled?: Fact<boolean>;
  /** Whether the platform it runs on can scale it to zero replicas (KServe Serverless/Knative or
   *  KEDA: yes; KServe Standard/RawDeployment with HPA, SageMaker real-time variants: no). */
  scaleToZero?: Fact<boolean>;
  /** How this platform is given an autoscaler, in its own terms (`a HorizontalPodAutoscaler or KEDA
   *  ScaledObject`, `an hpaSpec`): what a finding advises adding. */
  howToScale?: string;
}

export type BucketPurpose = 'checkpoints' | 'datasets' | 'logs' | 'models' | 'unknown';

export interface BucketFacts {
  provider: 'aws' | 'gcp' | 'azure';
  /** From the bucket's name or tags (`ckpt`, `checkpoints`, `datasets`, `logs`). */
  purpose: Fact<BucketPurpose>;
  /** A lifecycle rule (tiering or expiry) applies to it. */
  lifecycle?: Fact<boolean>;
  /** Stored size when annotated (`# mlcost: storage-gb=5000`). */
  sizeGb?: Fact<number>;
}

/** A minimal text edit in the analysed file. */
export interface TextEdit {
  range: Range;
  newText: string;
}

export interface Fix {
  /** Shown to the user: says what changes and, where known, what it saves. */
  title: string;
  edits: TextEdit[];
  /** Safe fixes go into fix-all and `mlcost check --fix`; unsafe ones (hardware changes,
   *  placeholders to fill) are offered one by one only. */
  safe: boolean;
  /** `newText` uses snippet syntax (`${1:bucket-name}`) for placeholders the user must fill. */
  snippet?: boolean;
}

/**
 * Writes facts back as minimal edits in the job's own file and syntax. Each method returns
 * undefined when this dialect cannot make that change safely (then only the docs link is offered).
 */
export interface JobEditor {
  setPrecision?(mode: 'bf16' | 'fp16'): Fix | undefined;
  /** Periodic checkpoints (and resume) to durable storage; bucket names become placeholders. */
  addCheckpointing?(): Fix | undefined;
  /** Replace the requested hardware with `instanceType` (or `gpu` x `gpuCount`). */
  setHardware?(choice: { instanceType?: string; gpu?: string; gpuCount?: number; title: string }): Fix | undefined;
  /** Read `dataset` (one of job.datasets) from Parquet instead. */
  useParquet?(dataset: Fact<DatasetRef>): Fix | undefined;
  /** Keep at most `keep` checkpoints on disk. */
  limitCheckpoints?(keep: number): Fix | undefined;
  /** Stop training when the validation metric stops improving for `patience` evaluations. */
  addEarlyStopping?(patience: number): Fix | undefined;
  /** Per-device micro-batch, and gradient accumulation when it changes too (`title` says what it does to the global batch). */
  setBatch?(change: { perDevice: number; gradientAccumulation?: number; title: string }): Fix | undefined;
  /** DataLoader worker processes. */
  setDataWorkers?(workers: number): Fix | undefined;
  /** Add cost-attribution tags with these keys (values are snippet placeholders). */
  addTags?(keys: string[]): Fix | undefined;
  /** Turn on idle shutdown (autostop after `idleMinutes`). */
  addIdleShutdown?(idleMinutes: number): Fix | undefined;
  /** Add a lifecycle rule: tier to infrequent access after `toColdDays`, expire noncurrent versions. */
  addLifecycle?(toColdDays: number): Fix | undefined;
  /** Run on spot/preemptible capacity, in the format's own syntax. */
  useSpot?(): Fix | undefined;
  /** Let an autoscaler vary the replicas of a serving workload between `min` and `max`
   *  (an HPA beside a Deployment, KServe `minReplicas`/`maxReplicas`). */
  addAutoscaling?(range: { min: number; max: number }): Fix | undefined;
  /** Make an exhaustive search cheaper: early termination, halving or sampling (most preferred first). */
  cheaperSearch?(): Fix[];
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  range: Range;
  /** Fixes computed with the analysis (as Ruff carries them in Diagnostic.data). */
  fixes?: Fix[];
  /** What the suggestion saves per run, when the cost model can say (see `Saving`). */
  saving?: Saving;
  /** In a notebook: the cell (0-based index among all cells) and the range inside that cell. */
  cell?: { index: number; range: Range };
}

/**
 * A saving per run, as every face shows it (messages, fix titles, budget, breakdown). Computed by
 * the one savings function in the engine (savings.ts), never per face.
 */
export interface Saving {
  /**
   * USD saved per run, on the job's own pricing (spot when it runs on spot, else on-demand). For an
   * always-on service (`per: 'month'`) a "run" is a month of it.
   */
  usdPerRun: number;
  /** `month` for always-on services (inference, dev machines), priced by the hour. Default: run. */
  per?: 'run' | 'month';
  /** Change of a run's wall time in hours (negative = faster), when the suggestion changes it. */
  hoursDelta?: number;
  /** Where the figure comes from, in one line (calibration, catalog rows, assumption). */
  basis: string;
}

/** Read access to other files of the workspace, confined to it. Returns undefined when absent. */
export interface FileAccess {
  /** Resolve `ref` (as written in the file) relative to the analysed file and read it. */
  read(ref: string, fromPath: string): { path: string; text: string } | undefined;
  /** Names of the files in folder `ref` (relative to `fromPath`'s folder), when it can list them
   *  (a Terraform module spans the .tf files of one folder). */
  list?(ref: string, fromPath: string): string[] | undefined;
  /** Names of the subfolders of folder `ref` (a Deployment's HPA in `hpa/` or a kustomize overlay). */
  dirs?(ref: string, fromPath: string): string[] | undefined;
  /**
   * Size and a bounded sample of a (possibly huge, possibly binary) file: at most `headBytes` from
   * its start and `tailBytes` from its end, each capped at MAX_SAMPLE_BYTES. Never reads the rest.
   * Optional: faces without disk access leave it out.
   */
  sample?(ref: string, fromPath: string, opts: { headBytes: number; tailBytes?: number }): FileSample | undefined;
}

export interface FileSample {
  path: string;
  /** Size of the whole file in bytes. */
  size: number;
  head: Uint8Array;
  tail?: Uint8Array;
}

export interface AnalysisContext {
  /** Path (or URI path) of the analysed file, used for resolving linked files. */
  path: string;
  files: FileAccess;
  log(message: string): void;
  /**
   * Jobs of another workspace file this one names (`--config x.yaml`, `deepspeed_config_file`),
   * read by whichever dialect owns it. Every `file` fact source in them carries that file's `uri`,
   * so rules report those facts in that file, not here. Undefined when the file is absent, outside
   * the workspace, or the link chain is too deep (cycles are cut).
   */
  linked(ref: string): Promise<LinkedFile | undefined>;
}

export interface LinkedFile {
  path: string;
  text: string;
  jobs: Job[];
}

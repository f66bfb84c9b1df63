import type {
  BatchFacts,
  CheckpointFacts,
  DataLoadingFacts,
  DatasetRef,
  Fact,
  HardwareRequest,
  ModelFacts,
  PrecisionMode,
  Range,
  ScheduleFacts,
} from '../../types';

/**
 * What one framework detector read from a training script. A script may mix frameworks (an HF
 * Trainer plus a TF32 switch, an Accelerator driving a hand-written loop); `mergeFragments`
 * combines them into one job's facts.
 */
export interface Fragment {
  /** Detector that wrote it; its rank in FRAMEWORK_ORDER breaks ties. */
  framework: Framework;
  /** Does this framework's code actually train (fit/train/backward), not only import? */
  trains: boolean;
  /** The call that defines the job for this framework, and a human label for it. */
  anchor?: Range;
  name?: string;
  precision?: Fact<PrecisionMode>;
  hardware?: HardwareRequest;
  checkpoint?: CheckpointFacts;
  schedule?: ScheduleFacts;
  batch?: BatchFacts;
  model?: ModelFacts;
  /** Data the framework's own call names (Ultralytics `data=`), beside what datasets.ts reads. */
  datasets?: Fact<DatasetRef>[];
  /** Loader settings the framework's own call states (Ultralytics `workers=`), when no DataLoader does. */
  dataLoading?: DataLoadingFacts;
}

export type Framework = 'ultralytics' | 'lightning' | 'hf' | 'keras' | 'accelerate' | 'deepspeed' | 'torch' | 'classic' | 'model';

/** Most specific first: the framework that owns the loop knows its defaults best. */
const FRAMEWORK_ORDER: readonly Framework[] = ['ultralytics', 'lightning', 'hf', 'keras', 'accelerate', 'deepspeed', 'torch', 'classic', 'model'];

type FactBag = Record<string, Fact<unknown> | undefined>;

/**
 * Picks each fact from the fragments: a value read from the file beats a library default
 * (an explicit `torch.autocast(dtype=torch.bfloat16)` beats the Trainer's fp32 default);
 * between equals, the more specific framework wins.
 */
export function mergeFragments(fragments: Fragment[]): Omit<Fragment, 'framework' | 'trains'> {
  const ordered = [...fragments].sort((a, b) => FRAMEWORK_ORDER.indexOf(a.framework) - FRAMEWORK_ORDER.indexOf(b.framework));
  const pick = <T>(get: (f: Fragment) => Fact<T> | undefined): Fact<T> | undefined => {
    const facts = ordered.map(get).filter((f): f is Fact<T> => f !== undefined);
    return facts.find((f) => f.source.kind !== 'default') ?? facts[0];
  };
  const group = <G extends object>(get: (f: Fragment) => G | undefined, keys: readonly (keyof G & string)[]): G | undefined => {
    const out: FactBag = {};
    for (const k of keys) {
      const fact = pick((f) => (get(f) as FactBag | undefined)?.[k]);
      if (fact) out[k] = fact;
    }
    return Object.keys(out).length ? (out as G) : undefined;
  };
  const hardware = ordered.find((f) => f.hardware)?.hardware;
  return {
    precision: pick((f) => f.precision),
    hardware,
    checkpoint: group<CheckpointFacts>((f) => f.checkpoint, ['periodic', 'location', 'storage', 'resume', 'retention', 'intervalSteps', 'savesPerEpoch']),
    schedule: group<ScheduleFacts>((f) => f.schedule, ['epochs', 'maxSteps', 'hours', 'earlyStopping', 'evaluation', 'tokens', 'datasetExamples']),
    batch: group<BatchFacts>((f) => f.batch, ['perDevice', 'gradientAccumulation', 'sequenceLength', 'packing', 'activationCheckpointing', 'accumulationIsGlobal', 'imageSize']),
    model: group<ModelFacts>((f) => f.model, ['id', 'parameters', 'trainingMode', 'pretrained', 'layers', 'hidden']),
  };
}

import type { Dialect } from '../dialect';
import type { YamlNode } from '../formats/yaml';
import type { AnalysisContext, Job } from '../types';
import { composeDefaults, mergeLayers } from './lightning/compose';
import { resolveInterpolations } from './lightning/interpolation';
import { checkpointFromCallback, earlyStoppingFact, findCallbacks, type CallbackSpec } from './lightning/callbacks';
import { dataLoadingOf, looksLikeDataModule } from './lightning/dataModule';
import { callbacksEditor, dataModuleEditor } from './lightning/editor';
import { isLitgptConfig, litgptJob } from './lightning/litgpt';
import { trainerJob } from './lightning/trainerJob';
import { looksLikeTrainer } from './lightning/trainerShape';

/**
 * PyTorch Lightning configs: Lightning CLI files (`trainer:` + `model:`/`data:`), Hydra trainer
 * files (lightning-hydra-template's `trainer/*.yaml`), Hydra callback files, and litgpt configs.
 * Data-module, sweep and `defaults:`-only fragments say nothing our rules use: no job.
 */
export const lightningDialect: Dialect = {
  id: 'lightning',
  formats: ['yaml'],
  async detect(doc, ctx) {
    if (doc.format !== 'yaml') return [];
    const jobs: Job[] = [];
    for (const root of doc.docs) if (root.isMap) jobs.push(...(await composedJobsOf(resolveInterpolations(root), ctx)));
    return jobs;
  },
};

/**
 * This file's job layered over the configs its Hydra `defaults:` list composes (a trainer that
 * inherits `default`, a train.yaml that picks `trainer: gpu`): their facts keep their own file as
 * the source, so each is reported once, where it is written.
 */
async function composedJobsOf(root: YamlNode, ctx: AnalysisContext): Promise<Job[]> {
  const own = jobsOf(root);
  if (own.length > 1 || !root.get('defaults')?.isSeq) return own;
  const composition = await composeDefaults(root, own[0], ctx);
  if (!composition || composition.layers.length <= (own.length ? 1 : 0)) return own;
  const trainer = composition.layers.some((l) => l.name.startsWith('Lightning Trainer'));
  const defaultsKey = root.get('defaults')!;
  const base: Job = own[0] ?? {
    dialect: 'lightning',
    name: trainer ? 'Lightning Trainer (Hydra, composed)' : 'Lightning callbacks (composed)',
    workload: 'training',
    anchor: root.src.lines.lineRange((defaultsKey.keyRange() ?? defaultsKey.range()).start.line),
    datasets: [],
    linkedFiles: [],
  };
  const job = mergeLayers(base, composition.layers);
  // An entry we could not read may set precision: a default from the others is then no claim.
  if (!composition.complete && job.precision?.source.kind === 'default') delete job.precision;
  job.linkedFiles = [...new Set([...job.linkedFiles, ...composition.linkedFiles])];
  return [job];
}

function jobsOf(root: YamlNode): Job[] {
  if (isLitgptConfig(root)) return [litgptJob(root)];
  const block = root.get('trainer');
  if (looksLikeTrainer(block)) return [trainerJob(root, block!, 'Lightning Trainer')];
  if (looksLikeTrainer(root)) {
    const job = trainerJob(root, root, 'Lightning Trainer (Hydra)');
    job.fragment = true; // a Hydra `trainer/` group file: train.yaml composes and runs it
    return [job];
  }
  if (looksLikeDataModule(root)) {
    const job = dataModuleJob(root);
    return job ? [job] : [];
  }
  const callbacks = findCallbacks(root.get('callbacks') ?? root);
  return callbacks.length ? [callbacksJob(callbacks)] : [];
}

/**
 * A Hydra data file (`data/mnist.yaml`): only how data is loaded. A job only when it says something
 * a rule uses (worker count and what the samples are), so plain data configs stay jobless.
 */
function dataModuleJob(root: YamlNode): Job | undefined {
  const loading = dataLoadingOf(root);
  if (!loading?.workers) return undefined;
  const target = root.get('_target_')!;
  const job: Job = {
    dialect: 'lightning',
    name: 'Lightning DataModule',
    workload: 'training',
    fragment: true,
    anchor: root.src.lines.lineRange(target.range().start.line),
    datasets: [],
    linkedFiles: [],
    dataLoading: loading,
  };
  job.editor = dataModuleEditor(root, job);
  return job;
}

/**
 * A Hydra callbacks file: it says whether and where checkpoints are saved and whether training can
 * stop early, and nothing about precision or hardware (those come from the trainer file).
 */
function callbacksJob(callbacks: CallbackSpec[]): Job {
  const job: Job = {
    dialect: 'lightning',
    name: 'Lightning callbacks',
    workload: 'training',
    fragment: true,
    anchor: callbacks[0].line,
    datasets: [],
    linkedFiles: [],
  };
  const mc = callbacks.find((c) => c.kind === 'checkpoint');
  if (mc) job.checkpoint = checkpointFromCallback(mc);
  const es = earlyStoppingFact(callbacks);
  if (es) job.schedule = { earlyStopping: es };
  job.editor = callbacksEditor(mc?.args, job);
  return job;
}

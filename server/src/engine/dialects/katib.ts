// Kubeflow Katib `Experiment`s: a hyper-parameter search whose every trial is one run of the
// trialTemplate's job. A training job whose `search` facts say how trials are picked and how many
// run. Recognised strictly: apiVersion kubeflow.org/*, kind Experiment, an `algorithm` with a name,
// a `parameters` list of Katib parameter specs and a `trialTemplate` (other CRDs called
// Experiment, such as Argo Rollouts', have a different apiVersion).

import type { Dialect } from '../dialect';
import { makeFix } from '../edit/fix';
import { setScalar, upsertEntry } from '../edit/yamlEdit';
import { byDefault, fromFile } from '../facts';
import type { YamlNode } from '../formats/yaml';
import type { AnalysisContext, Fix, Job, JobEditor, SearchFacts, SearchMethod } from '../types';
import { buildJob } from './kubernetes/job';
import { classify } from './kubernetes/workloads';
// Random trials that land one in the best 5% of the space with 95% probability (Bergstra & Bengio 2012).
import { RANDOM_RUNS } from './wandb/editor';

/** Katib's suggestion algorithms, by how they pick trials. */
const METHODS: Record<string, SearchMethod> = { grid: 'grid', random: 'random', bayesianoptimization: 'bayes', tpe: 'tpe', 'multivariate-tpe': 'tpe' };

export function isKatibExperiment(doc: YamlNode): boolean {
  if (!doc.isMap || doc.get('kind')?.str() !== 'Experiment') return false;
  if (!/^kubeflow\.org\//.test(doc.get('apiVersion')?.str() ?? '')) return false;
  const spec = doc.get('spec');
  if (!spec?.isMap || !spec.get('algorithm', 'algorithmName')?.str() || !spec.get('trialTemplate')?.isMap) return false;
  const params = spec.get('parameters');
  return !!params?.isSeq && params.items().length > 0 && params.items().every((p) => p.isMap && !!p.get('name')?.str() && !!p.get('parameterType')?.str() && !!p.get('feasibleSpace')?.isMap);
}

/** Values one parameter takes on Katib's grid; undefined when it is not a finite grid (a double range without `step`). */
function gridValues(p: YamlNode): number | undefined {
  const space = p.get('feasibleSpace')!;
  const list = space.get('list');
  if (list?.isSeq) return list.items().length || undefined;
  const num = (k: string) => {
    const v = space.get(k)?.str();
    const n = v === undefined ? NaN : Number(v);
    return Number.isFinite(n) ? n : undefined;
  };
  const min = num('min');
  const max = num('max');
  const type = p.get('parameterType')?.str();
  const step = num('step') ?? (type === 'int' ? 1 : undefined);
  if (min === undefined || max === undefined || step === undefined || step <= 0 || max < min) return undefined;
  // Tolerance for decimal steps written as strings ("0.001").
  return Math.floor((max - min) / step + 1e-9) + 1;
}

function gridPoints(params: YamlNode): number | undefined {
  let n = 1;
  for (const p of params.items()) {
    const k = gridValues(p);
    if (k === undefined) return undefined;
    n *= k;
  }
  return Number.isSafeInteger(n) ? n : undefined;
}

function searchOf(spec: YamlNode): SearchFacts {
  const nameNode = spec.get('algorithm', 'algorithmName')!;
  const method = METHODS[nameNode.str()!.toLowerCase()] ?? 'other';
  const search: SearchFacts = { library: 'katib', method: fromFile(method, nameNode.range(), 'algorithm.algorithmName') };
  const cap = spec.get('maxTrialCount');
  const capN = cap?.num();
  const points = method === 'grid' ? gridPoints(spec.get('parameters')!) : undefined;
  // Katib stops at maxTrialCount, or when the grid is exhausted.
  if (capN !== undefined && capN > 0 && (points === undefined || capN < points)) search.trials = fromFile(capN, cap!.range(), 'maxTrialCount');
  else if (points !== undefined) search.trials = fromFile(points, spec.get('parameters')!.range(), 'parameters');
  const early = spec.get('earlyStopping');
  search.earlyTermination = early?.isMap && early.get('algorithmName')?.str()
    ? fromFile(true, early.range(), 'earlyStopping')
    : byDefault(false, 'Katib runs every trial to completion unless spec.earlyStopping is set', nameNode.range());
  return search;
}

/** Random sampling (with the trial count capped), or Bayesian optimisation: both unsafe, they change which trials run. */
function katibEditor(spec: YamlNode, job: Job): JobEditor {
  return {
    cheaperSearch() {
      const name = spec.get('algorithm', 'algorithmName');
      if (!name || job.search?.method.value !== 'grid') return [];
      const out: Fix[] = [];
      const trials = job.search.trials?.value;
      const cap = trials !== undefined && trials > RANDOM_RUNS;
      const random = makeFix(
        cap ? `Sample ${RANDOM_RUNS} trials at random (algorithmName: random, maxTrialCount: ${RANDOM_RUNS})` : 'Sample the trials at random (algorithmName: random)',
        [setScalar(name, 'random'), cap ? upsertEntry(spec, 'maxTrialCount', RANDOM_RUNS, { noComment: true, after: ['parallelTrialCount', 'algorithm'] }) : undefined],
        false,
      );
      if (random) out.push(random);
      const bayes = makeFix('Pick each trial from the results so far (algorithmName: bayesianoptimization)', [setScalar(name, 'bayesianoptimization')], false);
      if (bayes) out.push(bayes);
      return out;
    },
  };
}

/**
 * What one trial requests, read from the trialTemplate's Kubernetes object (a batch Job, a
 * PyTorchJob...) as the kubernetes dialect reads it: its GPUs, so one trial's cost can be priced.
 * Only the hardware: the trial's other facts are about each run, not about the search.
 */
async function trialHardware(spec: YamlNode, ctx: AnalysisContext): Promise<Job['hardware']> {
  const trial = spec.get('trialTemplate', 'trialSpec');
  const w = trial?.isMap ? classify(trial) : undefined;
  const job = w && trial ? await buildJob(trial, w, ctx) : undefined;
  // A batch Job trial that asks for no accelerator runs on CPUs: nothing for the GPU estimate.
  if (w?.cls === 'batch' && !job) return { cpuOnly: true };
  return job?.hardware;
}

async function experimentJob(doc: YamlNode, ctx: AnalysisContext): Promise<Job> {
  const spec = doc.get('spec')!;
  const nameNode = spec.get('algorithm', 'algorithmName')!;
  const job: Job = {
    dialect: 'katib',
    name: doc.get('metadata', 'name')?.str() ?? 'Katib experiment',
    workload: 'training',
    anchor: nameNode.keyRange() ?? nameNode.range(),
    datasets: [],
    linkedFiles: [],
    search: searchOf(spec),
  };
  const hardware = await trialHardware(spec, ctx);
  if (hardware) job.hardware = hardware;
  job.editor = katibEditor(spec, job);
  return job;
}

export const katibDialect: Dialect = {
  id: 'katib',
  formats: ['yaml'],
  async detect(doc, ctx) {
    if (doc.format !== 'yaml') return [];
    const jobs: Job[] = [];
    for (const d of doc.docs) if (isKatibExperiment(d)) jobs.push(await experimentJob(d, ctx));
    return jobs;
  },
};

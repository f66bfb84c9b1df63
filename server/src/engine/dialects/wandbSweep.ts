// Weights & Biases sweep configs (`wandb sweep sweep.yaml`): each run of the sweep is one run of
// the training program it names, so a sweep is a training job whose `search` facts say how many
// runs it makes. Recognised strictly (W&B validates the keys too): a known `method`, a
// `parameters:` map whose entries are W&B parameter specs, and no key a sweep cannot have.

import { isMap, isScalar } from 'yaml';
import type { Dialect } from '../dialect';
import { byDefault, fromFile } from '../facts';
import type { YamlNode, YamlSource } from '../formats/yaml';
import type { AnalysisContext, Fact, Job, SearchFacts, SearchMethod } from '../types';
import { wandbSweepEditor } from './wandb/editor';

/** Top-level keys of a sweep configuration (W&B "Define sweep configuration" reference). */
const SWEEP_KEYS = new Set(['program', 'method', 'parameters', 'metric', 'early_terminate', 'name', 'description', 'project', 'entity', 'command', 'run_cap', 'controller', 'job', 'imports']);
/** Keys of one parameter's spec; a nested `parameters:` groups several. */
const PARAM_KEYS = new Set(['values', 'value', 'distribution', 'min', 'max', 'mu', 'sigma', 'q', 'probabilities', 'parameters']);
const METHODS: Record<string, SearchMethod> = { grid: 'grid', random: 'random', bayes: 'bayes' };

function topKeys(doc: YamlNode): string[] {
  if (!isMap(doc.node)) return [];
  return doc.node.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ''));
}

function isParamSpec(n: YamlNode): boolean {
  const keys = n.entries().map((e) => e.keyName ?? '');
  return keys.length > 0 && keys.every((k) => PARAM_KEYS.has(k));
}

export function isSweep(doc: YamlNode): boolean {
  if (!doc.isMap) return false;
  const keys = topKeys(doc);
  if (!keys.every((k) => SWEEP_KEYS.has(k))) return false;
  const method = doc.get('method')?.str();
  if (!method || !(method in METHODS)) return false;
  const params = doc.get('parameters');
  if (!params?.isMap) return false;
  const specs = params.entries();
  return specs.length > 0 && specs.every(isParamSpec);
}

/** Points of a grid over `parameters`: the product of each parameter's choices; undefined when one is not a finite list. */
export function gridPoints(params: YamlNode, depth = 0): number | undefined {
  if (depth > 16) return undefined;
  let n = 1;
  for (const p of params.entries()) {
    const nested = p.get('parameters');
    const values = p.get('values');
    let k: number | undefined;
    if (nested?.isMap) k = gridPoints(nested, depth + 1);
    else if (values?.isSeq) k = values.items().length;
    else if (p.get('value') !== undefined) k = 1;
    else {
      // `int_uniform` min..max is gridded one integer at a time; continuous ranges cannot be.
      const min = p.get('min')?.num();
      const max = p.get('max')?.num();
      const dist = p.get('distribution')?.str() ?? (Number.isInteger(min) && Number.isInteger(max) ? 'int_uniform' : undefined);
      if (dist === 'int_uniform' && min !== undefined && max !== undefined && max >= min) k = Math.floor(max) - Math.ceil(min) + 1;
    }
    if (k === undefined || k < 1) return undefined;
    n *= k;
  }
  // A count past 2^53 is not a grid anyone runs: say nothing rather than a rounded figure.
  return Number.isSafeInteger(n) ? n : undefined;
}

function searchOf(doc: YamlNode): SearchFacts {
  const methodNode = doc.get('method')!;
  const method = METHODS[methodNode.str()!];
  const search: SearchFacts = { library: 'wandb', method: fromFile(method, methodNode.range(), 'method') };
  const params = doc.get('parameters')!;
  const cap = doc.get('run_cap');
  const capN = cap?.num();
  if (method === 'grid') {
    const points = gridPoints(params);
    if (points !== undefined) {
      if (capN !== undefined && capN > 0 && capN < points) search.trials = fromFile(capN, cap!.range(), 'run_cap');
      else search.trials = fromFile(points, params.keyRange() ?? params.range(), 'parameters');
    }
  } else if (capN !== undefined && capN > 0) search.trials = fromFile(capN, cap!.range(), 'run_cap');
  const early = doc.get('early_terminate');
  search.earlyTermination = early?.isMap && early.get('type')?.str()
    ? fromFile(true, early.range(), 'early_terminate')
    : byDefault(false, 'W&B sweeps run every run to completion unless early_terminate is set', methodNode.range());
  return search;
}

/** The training program's own facts (hardware, model, schedule), so one run's cost can be estimated. */
async function programFacts(doc: YamlNode, ctx: AnalysisContext): Promise<Partial<Job>> {
  const program = doc.get('program')?.str();
  if (!program || /[$\s{]/.test(program)) return {};
  const linked = await ctx.linked(program);
  const run = linked?.jobs.find((j) => j.workload === 'training');
  if (!linked || !run) return {};
  const out: Partial<Job> = { linkedFiles: [linked.path, ...run.linkedFiles] };
  const hardware = statedOnly(run.hardware);
  const model = statedOnly(run.model);
  const schedule = statedOnly(run.schedule);
  const batch = statedOnly(run.batch);
  if (hardware) out.hardware = hardware;
  if (model) out.model = model;
  if (schedule) out.schedule = schedule;
  if (batch) out.batch = batch;
  if (run.precision?.source.kind === 'file') out.precision = run.precision;
  return out;
}

/**
 * The facts the program states in its own text (their sources carry its path, so rules report them
 * there). Library defaults are left out: their ranges point into the program, not into this file.
 */
function statedOnly<G extends object>(group: G | undefined): G | undefined {
  if (!group) return undefined;
  const isFact = (v: unknown): v is Fact<unknown> => !!v && typeof v === 'object' && 'source' in v && 'value' in v;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(group)) {
    if (Array.isArray(v)) {
      const kept = v.filter((f) => isFact(f) && f.source.kind === 'file');
      if (kept.length) out[k] = kept;
    } else if (isFact(v)) {
      if (v.source.kind === 'file') out[k] = v;
    } else if (v !== undefined) out[k] = v;
  }
  return Object.keys(out).length ? (out as G) : undefined;
}

async function sweepJob(src: YamlSource, doc: YamlNode, ctx: AnalysisContext): Promise<Job> {
  const method = doc.get('method')!;
  const search = searchOf(doc);
  const program = await programFacts(doc, ctx);
  const job: Job = {
    dialect: 'wandb-sweep',
    name: doc.get('name')?.str() ?? 'W&B sweep',
    workload: 'training',
    anchor: method.keyRange() ?? method.range(),
    datasets: [],
    linkedFiles: [],
    ...program,
    search,
  };
  job.editor = wandbSweepEditor(src, doc, job);
  return job;
}

export const wandbSweepDialect: Dialect = {
  id: 'wandb-sweep',
  formats: ['yaml'],
  async detect(doc, ctx) {
    if (doc.format !== 'yaml') return [];
    const jobs: Job[] = [];
    for (const d of doc.docs) if (isSweep(d)) jobs.push(await sweepJob(doc, d, ctx));
    return jobs;
  },
};

// Hyper-parameter searches in Python scripts: scikit-learn GridSearchCV / ParameterGrid, Ray Tune
// `tune.grid_search`, Optuna `GridSampler`. Each becomes the job's `search` facts: how trials are
// chosen, how many there are when the grid is written out, and whether poor trials stop early.

import { byDefault, fromFile } from '../../facts';
import type { PyNode, PythonSource } from '../../formats/python';
import type { Fact, JobEditor, Range, SearchFacts } from '../../types';
import { assignmentsTo, callInfo, descendants, importedFrom, kwarg, receiver, resolve, resolvedNumber, type CallInfo } from './query';
import { importsAny, type Scan } from './scan';
import { searchEditor, type SearchEdit } from './edit/search';

export interface ScriptSearch {
  search: SearchFacts;
  /** Where the search is defined (the constructor's name): the job's anchor when nothing else trains. */
  anchor: Range;
  name: string;
  /** True when the file runs the search itself (tune.run, study.optimize, .fit on a SearchCV). */
  runs: boolean;
  editor: Pick<JobEditor, 'cheaperSearch'>;
}

/** scikit-learn's default `cv` since 0.22. */
const SKLEARN_CV = 5;
const RAY_SCHEDULERS = /^(ASHAScheduler|AsyncHyperBandScheduler|HyperBandScheduler|HyperBandForBOHB|MedianStoppingRule|PopulationBasedTraining|PB2|ResourceChangingScheduler)$/;
const OPTUNA_PRUNING_CALLBACK = /PruningCallback$/;
const ML_MODULES = ['torch', 'tensorflow', 'keras', 'jax', 'flax', 'sklearn', 'xgboost', 'lightgbm', 'catboost', 'transformers', 'lightning', 'pytorch_lightning', 'datasets', 'timm'];

export function detectSearch(s: Scan): ScriptSearch | undefined {
  return sklearnSearch(s) ?? rayTuneSearch(s) ?? optunaSearch(s) ?? wandbSweepCall(s);
}

const calleeRange = (src: PythonSource, c: CallInfo): Range => src.rangeOf(c.node.childForFieldName('function') ?? c.node);

// ---------------------------------------------------------------- scikit-learn

function sklearnSearch(s: Scan): ScriptSearch | undefined {
  if (!importsAny(s, 'sklearn')) return undefined;
  const { src } = s;
  const grid = s.calls.find((c) => (c.name === 'GridSearchCV' || c.name === 'ParameterGrid') && fromSklearn(src, c));
  if (!grid) return undefined;
  const range = calleeRange(src, grid);
  const isCv = grid.name === 'GridSearchCV';
  const search: SearchFacts = {
    library: 'sklearn',
    method: fromFile('grid', range, grid.name),
    earlyTermination: byDefault(false, `${grid.name} evaluates every point of the grid in full`, range),
  };
  const gridArg = isCv ? kwarg(grid, 'param_grid') ?? grid.args[1] : kwarg(grid, 'param_grid') ?? grid.args[0];
  const points = gridArg ? gridSize(src, latestValue(src, gridArg, grid.node.startIndex)) : undefined;
  if (points !== undefined) search.trials = fromFile(points, range, isCv ? 'param_grid' : 'ParameterGrid');
  if (isCv) {
    const folds = cvFolds(src, grid, range);
    if (points !== undefined && folds) search.fits = { value: points * folds.value, source: folds.source };
  }
  const edit: SearchEdit | undefined = isCv ? { kind: 'sklearn-halving', call: grid.node, scoring: kwarg(grid, 'scoring') } : undefined;
  return { search, anchor: range, name: `scikit-learn ${grid.name}`, runs: false, editor: searchEditor(src, edit) };
}

/**
 * The value a name holds where it is used: notebooks and examples redefine a grid before the search
 * (`tuned_parameters = ...` twice), and the assignment last before the call is the one it reads.
 */
function latestValue(src: PythonSource, n: PyNode, before: number): PyNode {
  if (n.type !== 'identifier') return n;
  const earlier = assignmentsTo(src, src.textOf(n)).filter((rhs) => rhs.endIndex <= before);
  return earlier.length > 1 ? earlier[earlier.length - 1] : n;
}

function fromSklearn(src: PythonSource, c: CallInfo): boolean {
  const from = importedFrom(src, c.name);
  return from ? from.startsWith('sklearn') : /(^|\.)(model_selection|sklearn)$/.test(receiver(c)) || receiver(c) === '';
}

/** `cv=` folds: an int, a splitter with `n_splits`, or scikit-learn's default 5. */
function cvFolds(src: PythonSource, c: CallInfo, range: Range): Fact<number> | undefined {
  const cv = kwarg(c, 'cv') ?? c.args[4];
  if (!cv) return byDefault(SKLEARN_CV, 'scikit-learn searches cross-validate on 5 folds unless cv= says otherwise', range);
  const v = resolve(src, cv);
  const n = resolvedNumber(src, cv);
  if (n !== undefined) return fromFile(n, src.rangeOf(cv), 'cv');
  if (v?.type === 'none') return byDefault(SKLEARN_CV, 'cv=None means 5 folds', range);
  if (v?.type === 'call') {
    const split = callInfo(src, v);
    if (/(KFold|ShuffleSplit)$/.test(split.name)) {
      const k = resolvedNumber(src, kwarg(split, 'n_splits') ?? split.args[0]);
      const repeats = /^Repeated/.test(split.name) ? resolvedNumber(src, kwarg(split, 'n_repeats')) ?? 10 : 1;
      const dflt = /ShuffleSplit$/.test(split.name) ? 10 : 5;
      return fromFile((k ?? dflt) * repeats, src.rangeOf(cv), 'cv');
    }
  }
  return undefined;
}

/** Points of a parameter grid: a dict of lists (product), or a list of such dicts (sum). */
export function gridSize(src: PythonSource, n: PyNode, depth = 0): number | undefined {
  const v = resolve(src, n);
  // Real grids nest two levels (a list of dicts of lists); anything deeper is not a grid.
  if (!v || depth > MAX_DEPTH) return undefined;
  if (v.type === 'list' || v.type === 'tuple') {
    let sum = 0;
    for (const item of v.namedChildren) {
      const k = item && item.type !== 'comment' ? gridSize(src, item, depth + 1) : 0;
      if (k === undefined) return undefined;
      sum += k;
    }
    return finite(sum);
  }
  if (v.type === 'dictionary') {
    let product = 1;
    for (const p of v.namedChildren) {
      if (!p || p.type === 'comment') continue;
      if (p.type !== 'pair') return undefined; // `**other`: not written out here
      const k = choices(src, p.childForFieldName('value'), depth + 1);
      if (k === undefined) return undefined;
      product *= k;
    }
    return finite(product);
  }
  if (v.type === 'call' && callInfo(src, v).name === 'dict') {
    const c = callInfo(src, v);
    if (c.args.length) return undefined;
    let product = 1;
    for (const val of c.kwargs.values()) {
      const k = choices(src, val, depth + 1);
      if (k === undefined) return undefined;
      product *= k;
    }
    return finite(product);
  }
  return undefined;
}

/** How many values one parameter takes: a list literal, `range(...)`, `np.linspace/logspace(..., num)`. */
export function choices(src: PythonSource, n: PyNode | null | undefined, depth = 0): number | undefined {
  const v = resolve(src, n);
  if (!v || depth > MAX_DEPTH) return undefined;
  if (v.type === 'list' || v.type === 'tuple' || v.type === 'set') return v.namedChildren.filter((c) => c && c.type !== 'comment' && c.type !== 'list_splat').length || undefined;
  if (v.type === 'list_comprehension') {
    // `[int(x) for x in np.arange(3, 6)]`: one value per item of a single, unfiltered `for`.
    const clauses = v.namedChildren.filter((c) => c?.type === 'for_in_clause' || c?.type === 'if_clause');
    const only = clauses.length === 1 && clauses[0]?.type === 'for_in_clause' ? clauses[0] : undefined;
    return only ? choices(src, only.childForFieldName('right'), depth + 1) : undefined;
  }
  if (v.type !== 'call') return undefined;
  const c = callInfo(src, v);
  const nums = c.args.map((a) => resolvedNumber(src, a));
  if (c.name === 'range' && nums.length && nums.every((x) => x !== undefined)) {
    const [a, b, step] = nums.length === 1 ? [0, nums[0]!, 1] : [nums[0]!, nums[1]!, nums[2] ?? 1];
    const k = step ? Math.ceil((b - a) / step) : 0;
    return k > 0 ? k : undefined;
  }
  if (/^(linspace|logspace|geomspace)$/.test(c.name)) {
    const num = resolvedNumber(src, kwarg(c, 'num') ?? c.args[2]);
    return num ?? (c.args.length >= 2 ? 50 : undefined);
  }
  if (c.name === 'arange' && nums.length && nums.every((x) => x !== undefined)) {
    const [a, b, step] = nums.length === 1 ? [0, nums[0]!, 1] : [nums[0]!, nums[1]!, nums[2] ?? 1];
    const k = step ? Math.ceil((b - a) / step) : 0;
    return k > 0 ? k : undefined;
  }
  // `list(range(10))`; Ray Tune / Optuna spell a list as a call too.
  if (c.callee === 'list' || c.callee === 'tuple' || c.name === 'grid_search' || c.name === 'choice') return choices(src, c.args[0], depth + 1);
  return undefined;
}

const MAX_DEPTH = 8;

/** A count too large to be a real grid (or an overflow) says nothing. */
function finite(n: number): number | undefined {
  return n > 0 && Number.isSafeInteger(n) ? n : undefined;
}

// ---------------------------------------------------------------- Ray Tune

function rayTuneSearch(s: Scan): ScriptSearch | undefined {
  if (!importsAny(s, 'ray')) return undefined;
  const { src } = s;
  const grids = s.calls.filter((c) => c.name === 'grid_search' && (/(^|\.)tune$/.test(receiver(c)) || (importedFrom(src, 'grid_search') ?? '').startsWith('ray')));
  if (!grids.length) return undefined;
  const runners = s.calls.filter((c) => (c.name === 'run' && /(^|\.)tune$/.test(receiver(c))) || c.name === 'Tuner' || c.name === 'run_experiments');
  const tuneConfig = s.calls.find((c) => c.name === 'TuneConfig');
  const where = tuneConfig ?? runners.find((c) => c.name !== 'Tuner');
  const range = calleeRange(src, grids[0]);
  const search: SearchFacts = { library: 'ray-tune', method: fromFile('grid', range, 'tune.grid_search') };

  let points: number | undefined = 1;
  for (const g of grids) {
    const k = choices(src, g.args[0]);
    points = k !== undefined && points !== undefined ? finite(points * k) : undefined;
  }
  const samplesArg = where && kwarg(where, 'num_samples');
  const samples = samplesArg ? resolvedNumber(src, samplesArg) : 1;
  if (points !== undefined && samples !== undefined && samples > 0) search.trials = fromFile(points * samples, range, 'tune.grid_search');

  const schedulerArg = where && kwarg(where, 'scheduler');
  const schedulerCall = s.calls.find((c) => RAY_SCHEDULERS.test(c.name));
  if (schedulerCall || (schedulerArg && resolve(src, schedulerArg)?.type !== 'none' && !/FIFOScheduler/.test(src.textOf(resolve(src, schedulerArg) ?? schedulerArg)))) {
    search.earlyTermination = fromFile(true, schedulerArg ? src.rangeOf(schedulerArg) : calleeRange(src, schedulerCall!), 'scheduler');
  } else {
    search.earlyTermination = byDefault(false, 'Ray Tune runs every trial to its stop condition with the default FIFOScheduler', range);
  }
  const hasMetric = !!(where && kwarg(where, 'metric') && kwarg(where, 'mode'));
  const edit: SearchEdit | undefined = where && !schedulerArg ? { kind: 'ray-asha', call: where.node, hasMetric } : undefined;
  return { search, anchor: range, name: 'Ray Tune grid search', runs: runners.length > 0, editor: searchEditor(src, edit) };
}

// ---------------------------------------------------------------- Optuna

function optunaSearch(s: Scan): ScriptSearch | undefined {
  if (!importsAny(s, 'optuna')) return undefined;
  const { src } = s;
  const sampler = s.calls.find((c) => c.name === 'GridSampler');
  if (!sampler) return undefined;
  const range = calleeRange(src, sampler);
  const search: SearchFacts = { library: 'optuna', method: fromFile('grid', range, 'GridSampler') };
  const space = kwarg(sampler, 'search_space') ?? sampler.args[0];
  const points = space ? gridSize(src, space) : undefined;
  const optimize = s.calls.find((c) => c.name === 'optimize' && (kwarg(c, 'n_trials') || c.args.length >= 2));
  const nTrialsArg = optimize && (kwarg(optimize, 'n_trials') ?? optimize.args[1]);
  const nTrials = nTrialsArg ? resolvedNumber(src, nTrialsArg) : undefined;
  const trials = points !== undefined && nTrials !== undefined ? Math.min(points, nTrials) : points ?? nTrials;
  if (trials !== undefined) search.trials = fromFile(trials, range, points !== undefined ? 'GridSampler' : 'n_trials');

  // Optuna's default MedianPruner only prunes trials that report: `trial.should_prune()` or a pruning callback.
  const study = s.calls.find((c) => c.name === 'create_study');
  const pruner = study && kwarg(study, 'pruner');
  const noPruner = !!pruner && /NopPruner/.test(src.textOf(pruner));
  const reports = s.calls.some((c) => c.name === 'should_prune' || OPTUNA_PRUNING_CALLBACK.test(c.name));
  search.earlyTermination = reports && !noPruner
    ? fromFile(true, calleeRange(src, s.calls.find((c) => c.name === 'should_prune' || OPTUNA_PRUNING_CALLBACK.test(c.name))!), 'pruner')
    : byDefault(false, 'Optuna prunes only trials that report intermediate values and call trial.should_prune()', range);
  const edit: SearchEdit | undefined = nTrialsArg && points !== undefined ? { kind: 'optuna-tpe', sampler: sampler.node, nTrials: nTrialsArg, points } : undefined;
  // Optuna also tunes trading backtests and simulations: on its own, a study is an ML job only in
  // a file that uses an ML library (a file that trains is a job anyway).
  const ml = importsAny(s, ...ML_MODULES);
  return { search, anchor: range, name: 'Optuna grid search', runs: ml && s.calls.some((c) => c.name === 'optimize'), editor: searchEditor(src, edit) };
}

// ---------------------------------------------------------------- W&B sweeps defined in Python

/** `wandb.sweep({...})` with the configuration written as a dict literal (notebooks, scripts). */
function wandbSweepCall(s: Scan): ScriptSearch | undefined {
  if (!importsAny(s, 'wandb')) return undefined;
  const { src } = s;
  const call = s.calls.find((c) => c.name === 'sweep' && /(^|\.)wandb$/.test(receiver(c)));
  const arg = call && (kwarg(call, 'sweep') ?? call.args[0]);
  const config = arg && resolve(src, latestValue(src, arg, call.node.startIndex));
  if (!call || !arg || config?.type !== 'dictionary') return undefined;
  const entries = new Map<string, PyNode>();
  for (const p of config.namedChildren) {
    const k = p?.type === 'pair' ? p.childForFieldName('key') : null;
    const v = p?.childForFieldName('value');
    const key = k?.type === 'string' ? src.textOf(k).replace(/^['"]|['"]$/g, '') : undefined;
    if (key && v) entries.set(key, v);
  }
  // `sweep_config['parameters'] = parameters_dict`: keys filled in after the literal (W&B's own tutorials).
  const name = arg.type === 'identifier' ? src.textOf(arg) : undefined;
  for (const a of name ? descendants(src.root, 'assignment') : []) {
    const left = a.childForFieldName('left');
    const right = a.childForFieldName('right');
    if (left?.type !== 'subscript' || !right || a.startIndex > call.node.startIndex) continue;
    const target = left.childForFieldName('value');
    const sub = left.childForFieldName('subscript');
    if (target && sub?.type === 'string' && src.textOf(target) === name) entries.set(src.textOf(sub).replace(/^['"]|['"]$/g, ''), right);
  }
  const methodNode = entries.get('method');
  const method = methodNode?.type === 'string' ? src.textOf(methodNode).replace(/^['"]|['"]$/g, '') : undefined;
  if (method !== 'grid' && method !== 'random' && method !== 'bayes') return undefined;
  const range = calleeRange(src, call);
  const search: SearchFacts = { library: 'wandb', method: fromFile(method, src.rangeOf(methodNode!), 'method') };
  const params = entries.get('parameters');
  const points = method === 'grid' && params ? sweepPoints(src, resolve(src, params)) : undefined;
  if (points !== undefined) search.trials = fromFile(points, range, 'parameters');
  const early = entries.get('early_terminate');
  search.earlyTermination = early
    ? fromFile(true, src.rangeOf(early), 'early_terminate')
    : byDefault(false, 'W&B sweeps run every run to completion unless early_terminate is set', range);
  const metric = resolve(src, entries.get('metric'));
  const edit: SearchEdit | undefined = !early && metric?.type === 'dictionary' ? { kind: 'wandb-dict', config } : undefined;
  // Creating the sweep launches its grid (agents, here or elsewhere, run it), as a sweep YAML does.
  return { search, anchor: range, name: 'W&B sweep', runs: true, editor: searchEditor(src, edit) };
}

/** Grid points of a sweep's `parameters` dict: each entry's `values` list (or `value`), nested `parameters` multiplied in. */
function sweepPoints(src: PythonSource, params: PyNode | undefined, depth = 0): number | undefined {
  if (params?.type !== 'dictionary' || depth > MAX_DEPTH) return undefined;
  let n = 1;
  for (const p of params.namedChildren) {
    if (!p || p.type === 'comment') continue;
    const spec = p.type === 'pair' ? resolve(src, p.childForFieldName('value')) : undefined;
    if (spec?.type !== 'dictionary') return undefined;
    let k: number | undefined;
    for (const q of spec.namedChildren) {
      const key = q?.type === 'pair' ? src.textOf(q.childForFieldName('key')!).replace(/^['"]|['"]$/g, '') : undefined;
      const v = q?.childForFieldName('value');
      if (key === 'values') k = choices(src, v, depth + 1);
      else if (key === 'value') k = 1;
      else if (key === 'parameters') k = sweepPoints(src, resolve(src, v), depth + 1);
    }
    if (k === undefined) return undefined;
    n *= k;
  }
  return finite(n);
}

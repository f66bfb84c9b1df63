import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeText } from '../../helpers';

async function searchOf(text: string) {
  const r = await analyzeText('search.py', text);
  return { r, job: r.jobs[0], search: r.jobs[0]?.search };
}

test('GridSearchCV: points from a list of dicts (summed), folds from a KFold splitter', async () => {
  const { search } = await searchOf(`from sklearn.model_selection import GridSearchCV, KFold
from sklearn.svm import SVC
grid = [{"kernel": ["rbf"], "C": [1, 10, 100], "gamma": [1e-3, 1e-4]}, {"kernel": ["linear"], "C": [1, 10, 100, 1000]}]
cv = KFold(n_splits=3, shuffle=True)
gs = GridSearchCV(SVC(), param_grid=grid, cv=cv)
gs.fit(X, y)
`);
  assert.equal(search?.library, 'sklearn');
  assert.equal(search?.trials?.value, 10);
  assert.equal(search?.fits?.value, 30);
  assert.equal(search?.earlyTermination?.value, false);
});

test('GridSearchCV without cv= uses scikit-learn\'s default 5 folds, stated as a default', async () => {
  const { search } = await searchOf(`from sklearn import model_selection, ensemble
gs = model_selection.GridSearchCV(ensemble.RandomForestClassifier(), {"n_estimators": [100, 200, 400], "max_depth": [4, 8, None]})
gs.fit(X, y)
`);
  assert.equal(search?.trials?.value, 9);
  assert.equal(search?.fits?.value, 45);
  assert.equal(search?.fits?.source.kind, 'default');
});

test('a grid built at run time has no count: nothing is claimed', async () => {
  const { search } = await searchOf(`from sklearn.model_selection import GridSearchCV
from sklearn.svm import SVC
gs = GridSearchCV(SVC(), load_grid("grid.json"))
gs.fit(X, y)
`);
  assert.equal(search?.method.value, 'grid');
  assert.equal(search?.trials, undefined);
});

test('searches that run nothing are not jobs: a ParameterGrid helper, a Ray Tune space, an Optuna sampler', async () => {
  for (const text of [
    'from sklearn.model_selection import ParameterGrid\n\ndef grids():\n    return list(ParameterGrid({"a": [1, 2, 3], "b": [1, 2, 3, 4]}))\n',
    'from ray import tune\nSPACE = {"lr": tune.grid_search([1, 2, 3, 4]), "bs": tune.grid_search([1, 2, 3])}\n',
    'import optuna\nsampler = optuna.samplers.GridSampler({"x": [1, 2, 3, 4], "y": [1, 2, 3]})\n',
  ]) {
    const { r } = await searchOf(text);
    assert.deepEqual(r.jobs, [], text);
    assert.deepEqual(r.findings, [], text);
  }
});

test('a GridSearchCV that is not scikit-learn\'s is not read as one', async () => {
  const { r } = await searchOf('from mylib.tuning import GridSearchCV\nimport sklearn\ngs = GridSearchCV(model, {"a": [1, 2, 3, 4], "b": [1, 2, 3]})\ngs.run()\n');
  assert.equal(r.jobs[0]?.search, undefined);
});

test('Ray Tune: tune.run counts grid points x num_samples; a scheduler is early termination', async () => {
  const { job, search } = await searchOf(`from ray import tune
from ray.tune.schedulers import HyperBandScheduler
tune.run(train_fn, config={"lr": tune.grid_search([0.1, 0.01, 0.001]), "bs": tune.grid_search([16, 32, 64, 128])}, num_samples=3, scheduler=HyperBandScheduler())
`);
  assert.equal(job?.name, 'Ray Tune grid search');
  assert.equal(search?.trials?.value, 36);
  assert.equal(search?.earlyTermination?.value, true);
});

test('Optuna: trials are the grid, capped by n_trials; should_prune() with the NopPruner prunes nothing', async () => {
  const { search } = await searchOf(`import optuna
import torch
def objective(trial):
    x = trial.suggest_categorical("x", [1, 2, 3, 4, 5, 6])
    trial.report(x, 0)
    if trial.should_prune():
        raise optuna.TrialPruned()
    return x
space = {"x": [1, 2, 3, 4, 5, 6], "y": [0, 1, 2, 3]}
study = optuna.create_study(sampler=optuna.samplers.GridSampler(space), pruner=optuna.pruners.NopPruner())
study.optimize(objective, n_trials=15)
`);
  assert.equal(search?.library, 'optuna');
  assert.equal(search?.trials?.value, 15);
  assert.equal(search?.earlyTermination?.value, false);
});

test('an Optuna grid over a trading backtest is not an ML job; the same study next to torch is', async () => {
  const study = `import numpy as np
import optuna


def objective(trial):
    return run_strategy(trial.suggest_int("n_pivots", 3, 8), trial.suggest_int("n_clusters", 3, 16))


space = {"n_pivots": [int(x) for x in np.arange(3, 6)], "n_clusters": [int(x) for x in np.arange(16, 24)]}
study = optuna.create_study(direction="maximize", sampler=optuna.samplers.GridSampler(space))
study.optimize(objective)
`;
  const trading = await searchOf(study);
  assert.deepEqual(trading.r.jobs, []);
  const ml = await searchOf(study.replace('import optuna', 'import optuna\nimport torch'));
  assert.equal(ml.search?.trials?.value, 24, 'list comprehensions over np.arange count their items');
  assert.deepEqual(ml.r.findings.map((f) => f.rule), ['grid-search']);
});

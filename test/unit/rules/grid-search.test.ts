import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeFixture } from '../../helpers';
import { ruleCases } from './cases';

ruleCases('grid-search', [
  { file: 'wandb-grid.yaml', lines: [3], says: ['W&B sweep', '36 points', 'Bergstra & Bengio 2012', 'Li et al.'], why: 'W&B grid of 4 x 3 x 3 without early_terminate' },
  { file: 'wandb-big-grid-no-metric.yaml', lines: [4], says: ['160 points'], why: 'W&B grid of 160 runs, no metric' },
  { file: 'wandb-grid-hyperband.yaml', lines: [], why: 'early_terminate: hyperband' },
  { file: 'wandb-random.yaml', lines: [], why: 'random search with a run cap' },
  { file: 'wandb-small-grid.yaml', lines: [], why: 'a 6-point grid is a comparison, not a search' },
  { file: 'sklearn-gridsearchcv.py', lines: [13], says: ['24 points × 5 cross-validation folds = 120 fits'], why: 'GridSearchCV over 2 x 4 x 3, cv=5' },
  { file: 'sklearn-parameter-grid.py', lines: [7], says: ['60 points'], why: 'ParameterGrid loop: logspace(num=4) x range(100, 600, 100) x 3' },
  { file: 'sklearn-small-grid.py', lines: [], why: '4 points' },
  { file: 'sklearn-halving.py', lines: [], why: 'HalvingGridSearchCV already' },
  { file: 'sklearn-randomized.py', lines: [], why: 'RandomizedSearchCV' },
  { file: 'ray-tune-grid.py', lines: [7], says: ['Ray Tune', '24 points'], why: 'Tuner over three grid_search axes, FIFO scheduler' },
  { file: 'ray-tune-run-grid.py', lines: [13], says: ['60 points'], why: 'tune.run with grid_search(list(range(10))) x 3, num_samples=2' },
  { file: 'ray-tune-asha.py', lines: [], why: 'ASHAScheduler stops poor trials' },
  { file: 'optuna-grid.py', lines: [21], says: ['Optuna', '20 points'], why: 'GridSampler over 5 x 4, no pruning' },
  { file: 'optuna-grid-pruned.py', lines: [], why: 'trial.should_prune() with a MedianPruner' },
  { file: 'optuna-tpe.py', lines: [], why: 'TPESampler' },
  { file: 'wandb-sweep-dict.py', lines: [6], says: ['W&B sweep', '16 points'], why: 'wandb.sweep() of a dict literal: grid of 2 x 4 x 2, no early_terminate' },
  { file: 'wandb-sweep-built.py', lines: [4], says: ['36 points'], why: 'sweep dict completed by subscript assignments, created with wandb.sweep (agents run elsewhere)' },
  { file: 'wandb-sweep-dict-random.py', lines: [], why: 'random sweep in Python' },
  { file: 'katib-grid.yaml', lines: [12], says: ['Katib', '90 points'], why: 'Katib Experiment: grid over 5 x 3 x 6 values, no maxTrialCount, no earlyStopping' },
  { file: 'katib-grid-medianstop.yaml', lines: [], why: 'Katib earlyStopping: medianstop' },
  { file: 'katib-small-grid.yaml', lines: [], why: 'a 2 x 3 x 1 Katib grid is a comparison' },
  { file: 'katib-random.yaml', lines: [], why: 'Katib random search, 20 trials' },
  { file: 'argo-rollouts-experiment.yaml', lines: [], why: 'an Argo Rollouts Experiment (argoproj.io) is no hyper-parameter search' },
]);

test('an Argo Rollouts Experiment is not read as a Katib job', async () => {
  const r = await analyzeFixture('rules/grid-search/argo-rollouts-experiment.yaml');
  assert.deepEqual(r.jobs.map((j) => j.dialect), []);
  assert.deepEqual(r.findings, []);
});

test('Katib: a maxTrialCount below the grid size is the trial count', async () => {
  const r = await analyzeFixture('rules/grid-search/katib-random.yaml');
  assert.equal(r.jobs[0]?.dialect, 'katib');
  assert.equal(r.jobs[0]?.search?.method.value, 'random');
  assert.equal(r.jobs[0]?.search?.trials?.value, 20);
  // One trial's request, from the trialTemplate's batch Job, so a trial can be priced.
  assert.equal(r.jobs[0]?.hardware?.gpuCount?.value, 1);
});

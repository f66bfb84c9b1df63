import { jobRun } from '../server/src/engine/savings';
import { rangeFor, type Rule } from '../server/src/engine/rule';
import type { SearchFacts } from '../server/src/engine/types';
import { fixesOf, searchFixes } from './ruleFixes';

/** A grid smaller than this is a deliberate comparison, not a search worth pruning. */
export const MIN_GRID_POINTS = 10;
/** Random trials that land in the best 5% of any search space with 95% probability (1 − 0.95^60). */
export const RANDOM_TRIALS = 60;

const LIBRARY: Record<SearchFacts['library'], string> = { wandb: 'W&B sweep', 'ray-tune': 'Ray Tune', optuna: 'Optuna', sklearn: 'scikit-learn', katib: 'Katib' };
const EVIDENCE =
  'Random search reaches as good a configuration in a fraction of the trials (Bergstra & Bengio 2012, JMLR 13), and successive halving, ' +
  'Hyperband and ASHA stop poor trials after a small budget (Jamieson & Talwalkar 2016; Li et al. 2017, 2018).';

/**
 * grid-search: an exhaustive hyper-parameter grid of many points that runs every point to the
 * end: no scheduler, pruner or early termination stops the poor ones.
 */
export const gridSearch: Rule = {
  id: 'grid-search',
  title: 'Exhaustive hyper-parameter grid without early termination',
  defaultSeverity: 'info',
  check(job, ctx) {
    const s = job.search;
    if (!s || s.method.value !== 'grid' || s.earlyTermination?.value === true) return [];
    const points = s.trials?.value;
    if (points === undefined || points < MIN_GRID_POINTS) return [];
    const where = rangeFor(s.method, job);
    if (!where) return [];

    const fits = s.fits && s.fits.value > points ? ` × ${s.fits.value / points} cross-validation folds = ${s.fits.value} fits` : '';
    const est = ctx.estimate(job);
    const perTrial = est ? jobRun(est)?.usd : undefined;
    const cost = perTrial !== undefined ? ` At ≈ $${money(perTrial)} per trial (mlcost estimate of one run) the grid costs ≈ $${money(perTrial * points)}.` : '';
    const message =
      `${LIBRARY[s.library]} runs an exhaustive grid of ${points} points${fits}, each to completion: nothing stops the poor ones early.${cost} ${EVIDENCE}`;
    const saving =
      perTrial !== undefined && points > RANDOM_TRIALS
        ? { usdPerRun: perTrial * (points - RANDOM_TRIALS), basis: `${RANDOM_TRIALS} random trials instead of ${points} grid points, × the estimated cost of one trial (Bergstra & Bengio 2012)` }
        : undefined;
    return [{ range: where, message, ...fixesOf(...searchFixes(job)), ...(saving && { saving }) }];
  },
};

function money(usd: number): string {
  return usd >= 100 ? Math.round(usd).toLocaleString('en-US') : usd.toFixed(2);
}

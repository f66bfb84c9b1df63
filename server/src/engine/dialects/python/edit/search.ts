// Fixes for exhaustive hyper-parameter searches in Python scripts, computed from snapshots taken
// while the job is built: scikit-learn successive halving, a Ray Tune ASHA scheduler, Optuna TPE.
// All change which trials run to completion, so none is applied unasked.

import { afterImports, appendItem, callSnap, containerSnap, eolOf, literalSnap, replace, type CallSnap, type LiteralSnap } from '../../../edit/pythonEdit';
import type { PyNode, PythonSource } from '../../../formats/python';
import type { Fix, JobEditor, TextEdit } from '../../../types';
import { resolve } from '../query';

export type SearchEdit =
  | { kind: 'sklearn-halving'; call: PyNode; scoring?: PyNode }
  | { kind: 'ray-asha'; call: PyNode; hasMetric: boolean }
  | { kind: 'optuna-tpe'; sampler: PyNode; nTrials: PyNode; points: number }
  | { kind: 'wandb-dict'; config: PyNode };

/** Trials a sampler is given instead of the whole grid (at most 60: 1 − 0.95^60 ≈ 0.95 of landing in the best 5%, Bergstra & Bengio 2012). */
export function sampledTrials(points: number): number {
  return Math.max(1, Math.min(60, Math.ceil(points / 3)));
}

export function searchEditor(src: PythonSource, edit: SearchEdit | undefined): Pick<JobEditor, 'cheaperSearch'> {
  if (!edit) return {};
  const { text, lines } = src;
  const eol = eolOf(text);
  const importAt = afterImports(src);
  const addImports = (stmts: string[]): TextEdit => {
    const missing = stmts.filter((s) => !text.includes(s));
    const block = missing.join(eol);
    if (importAt === undefined) return replace(lines, 0, 0, block + eol);
    return replace(lines, importAt, importAt, eol + block);
  };

  if (edit.kind === 'sklearn-halving') {
    const call = callSnap(src, edit.call);
    const scoring = edit.scoring && resolve(src, edit.scoring);
    // HalvingGridSearchCV scores one metric: a list or dict of scorers has no halving equivalent.
    const multiMetric = !!scoring && /^(list|tuple|dictionary|set)$/.test(scoring.type);
    if (!call || multiMetric) return {};
    const bare = !call.callee.includes('.');
    return {
      cheaperSearch() {
        const imports = ['from sklearn.experimental import enable_halving_search_cv  # noqa: F401'];
        if (bare) imports.push('from sklearn.model_selection import HalvingGridSearchCV');
        const edits = [replace(lines, call.nameStart, call.nameEnd, 'HalvingGridSearchCV'), addImports(imports)].filter((e) => e.newText !== eol && e.newText !== '');
        return [{ title: 'Use HalvingGridSearchCV: successive halving drops poor candidates on small budgets first (experimental API)', edits: sorted(edits), safe: false }];
      },
    };
  }

  if (edit.kind === 'ray-asha') {
    const call = callSnap(src, edit.call);
    if (!call) return {};
    return {
      cheaperSearch() {
        const arg = edit.hasMetric ? 'scheduler=ASHAScheduler()' : 'scheduler=ASHAScheduler(metric="${1:loss}", mode="${2:min}")';
        const edits = [...appendItem(text, lines, call.args, arg), addImports(['from ray.tune.schedulers import ASHAScheduler'])];
        const fix: Fix = { title: 'Stop poor trials early with an ASHA scheduler', edits: sorted(edits), safe: false };
        if (!edit.hasMetric) fix.snippet = true;
        return [fix];
      },
    };
  }

  if (edit.kind === 'wandb-dict') {
    const dict = containerSnap(edit.config);
    const quote = /^\s*\{\s*'/.test(src.textOf(edit.config)) ? "'" : '"';
    const q = (k: string) => `${quote}${k}${quote}`;
    return {
      cheaperSearch() {
        const item = `${q('early_terminate')}: {${q('type')}: ${q('hyperband')}, ${q('min_iter')}: 3}`;
        return [{ title: 'Stop poor runs early: early_terminate with Hyperband (min_iter: 3)', edits: appendItem(text, lines, dict, item), safe: false }];
      },
    };
  }

  const sampler = callSnap(src, edit.sampler);
  const nTrials: LiteralSnap = literalSnap(src, edit.nTrials);
  if (!sampler) return {};
  return {
    cheaperSearch() {
      const prefix = sampler.callee.slice(0, sampler.callee.length - 'GridSampler'.length);
      const k = sampledTrials(edit.points);
      const edits: TextEdit[] = [replace(lines, sampler.start, sampler.end, `${prefix}TPESampler()`)];
      if (nTrials.type === 'integer') edits.push(replace(lines, nTrials.start, nTrials.end, `\${1:${k}}`));
      if (!prefix && !/\bTPESampler\b/.test(text)) edits.push(addImports(['from optuna.samplers import TPESampler']));
      return [{ title: `Sample with TPE instead of trying all ${edit.points} grid points (n_trials ${k} suggested)`, edits: sorted(edits), safe: false, snippet: true }];
    },
  };
}

function sorted(edits: TextEdit[]): TextEdit[] {
  return [...edits].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

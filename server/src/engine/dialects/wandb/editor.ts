// Writes search fixes back into a W&B sweep config: Hyperband early termination (and the metric
// it needs), or random sampling with a run cap. Minimal YAML edits; comments and order stay.

import { makeFix } from '../../edit/fix';
import { insertEntries, raw, setScalar, upsertEntry, type YamlValue } from '../../edit/yamlEdit';
import type { YamlNode, YamlSource } from '../../formats/yaml';
import type { Fix, Job, JobEditor } from '../../types';

/** Runs of a random search that land one in the best 5% of the space with 95% probability (1 − 0.95^60 ≈ 0.95; Bergstra & Bengio 2012). */
export const RANDOM_RUNS = 60;
/** W&B's Hyperband `min_iter`: the first bracket is judged after this many logged iterations. */
const MIN_ITER = 3;

export function wandbSweepEditor(_src: YamlSource, doc: YamlNode, job: Job): JobEditor {
  return {
    cheaperSearch() {
      const out: Fix[] = [];
      const early = earlyTerminateFix(doc);
      if (early) out.push(early);
      const trials = job.search?.trials?.value;
      const method = doc.get('method');
      if (method && trials !== undefined && trials > RANDOM_RUNS) {
        const runCap = doc.get('run_cap');
        const fix = makeFix(
          `Sample ${RANDOM_RUNS} of the ${trials} grid points at random (method: random, run_cap: ${RANDOM_RUNS})`,
          [setScalar(method, 'random'), runCap ? setScalar(runCap, RANDOM_RUNS) : upsertEntry(doc, 'run_cap', RANDOM_RUNS, { after: ['method'], noComment: true })],
          false,
        );
        if (fix) out.push(fix);
      }
      return out;
    },
  };
}

/** `early_terminate: {type: hyperband, min_iter: 3}` (plus a `metric` placeholder when none is set: Hyperband needs one). */
function earlyTerminateFix(doc: YamlNode): Fix | undefined {
  if (doc.get('early_terminate')) return undefined;
  const entries: { [key: string]: YamlValue } = {};
  const hasMetric = !!doc.get('metric', 'name')?.str();
  if (!hasMetric && doc.get('metric')) return undefined; // a metric written in a form this edit does not complete
  if (!hasMetric) entries.metric = { name: raw('${1:val_loss}'), goal: raw('${2:minimize}') };
  entries.early_terminate = { type: 'hyperband', min_iter: MIN_ITER };
  const edit = insertEntries(doc, entries, { after: ['metric', 'parameters'] });
  const title = hasMetric
    ? `Stop poor runs early: early_terminate with Hyperband (min_iter: ${MIN_ITER})`
    : `Stop poor runs early: early_terminate with Hyperband (min_iter: ${MIN_ITER}), on a metric the program logs (fill it in)`;
  return makeFix(title, [edit], false, !hasMetric);
}

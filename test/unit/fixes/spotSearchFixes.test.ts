// spot-eligible and grid-search fixes, applied to real text: the golden result, the finding gone,
// the file still parsing, and every line outside the edits byte-identical.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyze } from '../../../server/src/engine/analyze';
import { diskFileAccess } from '../../../server/src/engine/fileAccess';
import { plainEdits } from '../../../server/src/engine/fixAll';
import { fixturePath, fixturesDir } from '../../helpers';
import { applyFixText } from './applyFixText';
import { assertUntouchedLines } from './fixHarness';

interface Case {
  file: string;
  rule: 'spot-eligible' | 'grid-search' | 'checkpoint-retention' | 'small-batch';
  /** Which of the rule's fixes (0 = the first offered). */
  pick?: number;
  golden: string;
  title: RegExp;
  snippet?: boolean;
}

const CASES: Case[] = [
  { file: 'rules/spot-eligible/skypilot-bucket-resume.yaml', rule: 'spot-eligible', golden: 'skypilot-use-spot.yaml', title: /use_spot: true/ },
  { file: 'rules/spot-eligible/sagemaker-checkpoint.py', rule: 'spot-eligible', golden: 'sagemaker-use-spot.py', title: /managed spot/, snippet: true },
  { file: 'rules/spot-eligible/k8s-gke-pvc.yaml', rule: 'spot-eligible', golden: 'k8s-gke-spot.yaml', title: /spot/ },
  { file: 'rules/spot-eligible/kubeflow-karpenter-on-demand.yaml', rule: 'spot-eligible', golden: 'kubeflow-karpenter-spot.yaml', title: /spot/ },
  { file: 'rules/grid-search/wandb-grid.yaml', rule: 'grid-search', golden: 'wandb-hyperband.yaml', title: /Hyperband/ },
  { file: 'rules/grid-search/wandb-big-grid-no-metric.yaml', rule: 'grid-search', golden: 'wandb-hyperband-metric.yaml', title: /fill it in/, snippet: true },
  { file: 'rules/grid-search/wandb-big-grid-no-metric.yaml', rule: 'grid-search', pick: 1, golden: 'wandb-random.yaml', title: /method: random, run_cap: 60/ },
  { file: 'rules/grid-search/sklearn-gridsearchcv.py', rule: 'grid-search', golden: 'sklearn-halving.py', title: /HalvingGridSearchCV/ },
  { file: 'rules/grid-search/ray-tune-grid.py', rule: 'grid-search', golden: 'ray-asha.py', title: /ASHA/ },
  { file: 'rules/grid-search/ray-tune-run-grid.py', rule: 'grid-search', golden: 'ray-asha-metric.py', title: /ASHA/, snippet: true },
  { file: 'rules/grid-search/wandb-sweep-dict.py', rule: 'grid-search', golden: 'wandb-dict-hyperband.py', title: /Hyperband/ },
  { file: 'rules/grid-search/optuna-grid.py', rule: 'grid-search', golden: 'optuna-tpe.py', title: /TPE/, snippet: true },
  { file: 'rules/grid-search/katib-grid.yaml', rule: 'grid-search', golden: 'katib-random.yaml', title: /algorithmName: random, maxTrialCount: 60/ },
  { file: 'rules/grid-search/katib-grid.yaml', rule: 'grid-search', pick: 1, golden: 'katib-bayes.yaml', title: /bayesianoptimization/ },
  // Launcher command lines: the flag set on the training command, in its own layout.
  { file: 'rules/checkpoint-retention/skypilot-run-clm.yaml', rule: 'checkpoint-retention', golden: 'skypilot-save-total-limit.yaml', title: /--save_total_limit 3/ },
  { file: 'rules/checkpoint-retention/run-clm.sh', rule: 'checkpoint-retention', golden: 'shell-save-total-limit.sh', title: /--save_total_limit 3/ },
  { file: 'rules/small-batch/skypilot-h100.yaml', rule: 'small-batch', golden: 'skypilot-micro-batch.yaml', title: /micro-batch/ },
  // Kubernetes argv lists get new items in their own style; a `sh -c` string gets the flag in its script.
  { file: 'rules/checkpoint-retention/k8s-sh-c.yaml', rule: 'checkpoint-retention', golden: 'k8s-sh-c-save-total-limit.yaml', title: /--save_total_limit 3/ },
  { file: 'rules/checkpoint-retention/k8s-block-args.yaml', rule: 'checkpoint-retention', golden: 'k8s-block-save-total-limit.yaml', title: /--save_total_limit 3/ },
  { file: 'rules/small-batch/k8s-pytorchjob-flow-args.yaml', rule: 'small-batch', golden: 'k8s-flow-micro-batch.yaml', title: /micro-batch 8 with gradient accumulation 2/ },
  { file: 'rules/small-batch/k8s-job-block-args.yaml', rule: 'small-batch', golden: 'k8s-block-micro-batch.yaml', title: /micro-batch 8/ },
];

const run = (p: string, text: string) => analyze({ path: p, text }, { files: diskFileAccess([fixturesDir]) });

for (const c of CASES) {
  test(`${c.rule} fix: ${c.file} -> ${c.golden}`, async () => {
    const p = fixturePath(c.file);
    const text = fs.readFileSync(p, 'utf8');
    const before = await run(p, text);
    const finding = before.findings.find((f) => f.rule === c.rule);
    assert.ok(finding, `${c.rule} fires on ${c.file}`);
    const fixes = (finding.fixes ?? []).filter((f) => !f.title.startsWith('Ignore '));
    const fix = fixes[c.pick ?? 0];
    assert.ok(fix, `fix #${c.pick ?? 0} offered; got ${fixes.map((f) => f.title).join(' | ')}`);
    assert.match(fix.title, c.title);
    assert.equal(fix.safe, false, 'changes capacity, trials, kept checkpoints or the batch: never applied unasked');
    assert.equal(!!fix.snippet, !!c.snippet);
    const edits = plainEdits(fix);
    const out = applyFixText(text, edits);
    const golden = fixturePath(path.join('fixes', 'spot-search', c.golden));
    if (process.env.UPDATE_GOLDEN && !fs.existsSync(golden)) fs.writeFileSync(golden, out);
    assert.equal(out, fs.readFileSync(golden, 'utf8'));
    assertUntouchedLines(text, out, edits);
    const after = await run(p, out);
    assert.equal(after.parseErrors.length, 0, after.parseErrors.join('; '));
    assert.equal(after.jobs.length, before.jobs.length);
    assert.deepEqual(after.findings.filter((f) => f.rule === c.rule), [], `${c.rule} gone after the fix`);
  });
}

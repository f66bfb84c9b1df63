// Rules attach their fixes (from the job's editor) to findings, computed with the analysis; the
// engine appends the two ignore fixes. Each rule fix, applied, removes its finding.
import { savingText } from '../../../server/src/engine/savings';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { analyze } from '../../../server/src/engine/analyze';
import { diskFileAccess } from '../../../server/src/engine/fileAccess';
import { plainEdits } from '../../../server/src/engine/fixAll';
import type { Finding } from '../../../server/src/engine/types';
import { fixturePath, fixturesDir } from '../../helpers';
import { applyFixText } from './applyFixText';

async function findingOf(rel: string, rule: string): Promise<{ text: string; finding: Finding; run: (t: string) => Promise<Finding[]> }> {
  const p = fixturePath(rel);
  const text = fs.readFileSync(p, 'utf8');
  const run = async (t: string) => (await analyze({ path: p, text: t }, { files: diskFileAccess([fixturesDir]) })).findings;
  const finding = (await run(text)).find((f) => f.rule === rule);
  assert.ok(finding, `${rel} has a ${rule} finding`);
  return { text, finding, run };
}

function ruleFixes(f: Finding) {
  return (f.fixes ?? []).filter((x) => !x.title.startsWith('Ignore '));
}

async function assertFixRemoves(rel: string, rule: string, pick = 0): Promise<void> {
  const { text, finding, run } = await findingOf(rel, rule);
  const fix = ruleFixes(finding)[pick];
  assert.ok(fix, `${rel}: ${rule} offers a fix`);
  const after = await run(applyFixText(text, plainEdits(fix)));
  assert.ok(!after.some((f) => f.rule === rule && f.range.start.line === finding.range.start.line), `${fix.title} removed the finding`);
}

test('fp32-training offers a safe setPrecision fix first (bf16), then the two ignore fixes', async () => {
  const { finding } = await findingOf('hf/trainer-fp32-explicit.yaml', 'fp32-training');
  const titles = (finding.fixes ?? []).map((f) => f.title);
  assert.equal(titles.length, 3, titles.join(' | '));
  assert.match(titles[0], /bf16/);
  assert.equal(finding.fixes![0].safe, true);
  assert.deepEqual(titles.slice(1), ['Ignore fp32-training on this line', 'Ignore fp32-training in this file']);
  await assertFixRemoves('hf/trainer-fp32-explicit.yaml', 'fp32-training');
});

test('oversized-gpu offers the cheapest fit per run and alternatives, all unsafe, titled with the per-run saving', async () => {
  const fixture = 'rules/oversized-gpu/skypilot-8xa100-gpt2-steps.yaml';
  const { finding } = await findingOf(fixture, 'oversized-gpu');
  const hw = ruleFixes(finding);
  assert.ok(hw.length >= 1 && hw.length <= 3, hw.map((f) => f.title).join(' | '));
  for (const f of hw) {
    assert.match(f.title, /^Use 1×\S+ \([\w.-]+\) — saves ≈ \$[\d,]+(\.\d\d)? per run \(run [\d.]+ (h|min) (longer|shorter)\)$/);
    assert.equal(f.safe, false);
  }
  assert.ok(finding.saving && finding.message.includes(savingText(finding.saving)), 'the message words the structured saving');
  assert.ok(hw[0].title.endsWith(savingText(finding.saving!)), 'the first fix is the finding\'s own choice, with the same figure');
  assert.equal(new Set(hw.map((f) => f.title)).size, hw.length);
  for (let i = 0; i < hw.length; i++) await assertFixRemoves(fixture, 'oversized-gpu', i);
});

test('no-checkpointing and spot-without-checkpoint offer addCheckpointing', async () => {
  await assertFixRemoves('fixes/hf/axolotl-no-save.input.yml', 'no-checkpointing');
  const { finding } = await findingOf('fixes/sagemaker/no-hyperparameters.input.py', 'spot-without-checkpoint');
  const fix = ruleFixes(finding)[0];
  assert.ok(fix?.snippet && !fix.safe, 'a placeholder fix is a snippet and unsafe');
  await assertFixRemoves('fixes/sagemaker/no-hyperparameters.input.py', 'spot-without-checkpoint');
});

test('csv-dataset offers useParquet for each row-format dataset', async () => {
  await assertFixRemoves('fixes/hf/axolotl-jsonl.input.yml', 'csv-dataset');
});

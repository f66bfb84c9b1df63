import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeFixture } from '../../helpers';
import { LONG_RUN_HOURS } from '../../../server/src/engine/dialects/python/sagemaker';

// Long jobs on managed platforms without checkpoint sync are no-checkpointing cases, spot or not.

test(`SageMaker on-demand, max_run 48 h (>= ${LONG_RUN_HOURS} h), no checkpoint_s3_uri: no-checkpointing at max_run, with a fix`, async () => {
  const r = await analyzeFixture('compose/sagemaker/long_on_demand.py');
  const f = r.findings.filter((x) => x.rule === 'no-checkpointing');
  assert.equal(f.length, 1, r.findings.map((x) => `${x.rule}: ${x.message}`).join('\n'));
  assert.equal(f[0].range.start.line, 15, 'at max_run');
  assert.equal(r.jobs[0].spot?.value, false);
  assert.ok(f[0].fixes?.some((x) => /checkpoint_s3_uri/.test(x.edits.map((e) => e.newText).join(''))), JSON.stringify(f[0].fixes?.map((x) => x.title)));
});

test('negative: the same job with checkpoint_s3_uri, or capped at 1 h, is not flagged', async () => {
  for (const rel of ['compose/sagemaker/long_with_s3.py', 'compose/sagemaker/short_on_demand.py']) {
    const r = await analyzeFixture(rel);
    assert.equal(r.jobs.length, 1, rel);
    assert.deepEqual(r.findings.filter((x) => x.rule === 'no-checkpointing'), [], rel);
  }
});

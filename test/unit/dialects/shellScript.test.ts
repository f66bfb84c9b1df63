import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, test } from 'node:test';
import { analyze } from '../../../server/src/engine/analyze';
import { DEFAULT_BUDGET, periodCost } from '../../../server/src/engine/budget';
import { diskFileAccess } from '../../../server/src/engine/fileAccess';
import { fixturePath, fixturesDir } from '../../helpers';

// Shell scripts that launch training: their commands are a job, the configs they pass get them as
// their launcher; scripts that train nothing yield no job. Through the real analyze().

async function run(rel: string) {
  const p = fixturePath(rel);
  return analyze({ path: p, text: fs.readFileSync(p, 'utf8') }, { files: diskFileAccess([fixturesDir]) });
}

describe('shell scripts as launchers', () => {
  test('accelerate launch of a transformers example script: a training job with the flags, the model and the linked config', async () => {
    const r = await run('shell/train_sft.sh');
    assert.equal(r.jobs.length, 1);
    const job = r.jobs[0];
    assert.equal(job.dialect, 'shell-script');
    assert.equal(job.workload, 'training');
    assert.match(job.name, /^train_sft\.sh \(accelerate run_clm\.py\)$/);
    assert.equal(job.anchor.start.line, 7, 'anchored on the launch command');
    assert.equal(job.model?.id?.value, 'meta-llama/Llama-3.2-1B', 'shell variables are substituted');
    assert.equal(job.batch?.perDevice?.value, 8);
    assert.equal(job.schedule?.epochs?.value, 3);
    assert.ok(job.linkedFiles.some((f) => f.endsWith('shell/configs/zero2.yaml')), `links the Accelerate config: ${job.linkedFiles.join(', ')}`);
    assert.ok(r.estimates[0]?.runCostOnDemand! > 0, 'priced like any launcher');
  });

  test('the Accelerate config it launches takes the script\'s model and data, and its run is counted once, at the script', async () => {
    const cfg = fixturePath('shell/configs/zero2.yaml');
    const r = await analyze({ path: cfg, text: fs.readFileSync(cfg, 'utf8') }, { files: diskFileAccess([fixturesDir]), launchers: [fixturePath('shell/train_sft.sh')] });
    const job = r.jobs[0];
    assert.equal(job.model?.id?.value, 'meta-llama/Llama-3.2-1B');
    assert.match(JSON.stringify(job.model?.id?.source), /which launches this file/);
    assert.equal(job.launchedBy, '../train_sft.sh');
    const e = r.estimates[0];
    assert.equal(e.reference, undefined, 'no typical model: the launcher names the real one');
    assert.equal(e.countedAt, '../train_sft.sh');
    assert.ok(e.runCostOnDemand! > 0);
    assert.equal(periodCost(e, undefined, DEFAULT_BUDGET).periodCostUsd, undefined, 'the launcher counts this run');
  });

  test('scripts that launch no training (a docs build, a data download) yield no job and no finding', async () => {
    for (const f of ['shell/build.sh', 'shell/prepare_data.sh']) {
      const r = await run(f);
      assert.deepEqual(r.jobs, [], f);
      assert.deepEqual(r.findings, [], f);
    }
  });

  test('broken shell (unclosed quotes, stray backslashes) does not throw', async () => {
    const r = await analyze({ path: 'x.sh', text: 'accelerate launch "train.py --bf16 \\\n  --output_dir \'/tmp/x\n' }, {});
    assert.ok(Array.isArray(r.jobs));
  });
});

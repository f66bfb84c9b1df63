import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { analyze, judgeByMoney } from '../../server/src/engine/analyze';
import { diskFileAccess } from '../../server/src/engine/fileAccess';
import { parseProjectConfig } from '../../server/src/engine/projectConfig';
import { parseSettings } from '../../server/src/lsp/settings';

describe('judge by the money (minSavingUsd)', () => {
  test('a saving under the threshold turns a finding into a hint, with the figure; none keeps the level', () => {
    const low = judgeByMoney('warning', 'Trains in fp32.', { usdPerRun: 0.12, basis: 'b' }, 1);
    assert.equal(low.severity, 'hint');
    assert.match(low.message, /^Trains in fp32\. \[Saves only ≈ \$0\.12 per run, under minSavingUsd \$1: reported as a hint\.\]$/);
    assert.deepEqual(judgeByMoney('warning', 'm', { usdPerRun: 3, basis: 'b' }, 1), { severity: 'warning', message: 'm' });
    assert.deepEqual(judgeByMoney('error', 'm', undefined, 1), { severity: 'error', message: 'm' }, 'no estimate: level kept');
    assert.equal(judgeByMoney('warning', 'm', { usdPerRun: 40, basis: 'b', per: 'month' }, 50).message.includes('a month'), true);
  });

  // A TrainingArguments config (fp32 by transformers' default) on one A100 for 2e6 tokens: minutes.
  const smallRun = ['# mlcost: gpu=A100:1 tokens=2e6', 'model_name_or_path: gpt2', 'per_device_train_batch_size: 8', 'output_dir: ./out', 'save_steps: 500', ''].join('\n');
  const fp32 = (r: Awaited<ReturnType<typeof analyze>>) => r.findings.find((f) => f.rule === 'fp32-training');

  test('a 2-minute fp32 run on one GPU: its saving is pennies, so the finding is a hint; a lower threshold makes it a warning again', async () => {
    const r = await analyze({ path: '/ws/train_args.yaml', text: smallRun });
    const f = fp32(r);
    assert.ok(f?.saving, `fp32-training with a saving: ${JSON.stringify(r.findings.map((x) => x.rule))}`);
    assert.ok(f.saving.usdPerRun < 1);
    assert.equal(f.severity, 'hint');
    assert.match(f.message, /Saves only ≈ \$0\.\d\d per run/);
    const strict = await analyze({ path: '/ws/train_args.yaml', text: smallRun }, { minSavingUsd: 0 });
    assert.equal(fp32(strict)?.severity, 'warning');
  });

  test('.mlcost.yaml minSavingUsd applies; the setting wins over it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlcost-minsaving-'));
    try {
      fs.writeFileSync(path.join(dir, '.mlcost.yaml'), 'minSavingUsd: 0\n');
      const p = path.join(dir, 'train_args.yaml');
      fs.writeFileSync(p, smallRun);
      const files = diskFileAccess([dir]);
      assert.equal(fp32(await analyze({ path: p, text: smallRun }, { files }))?.severity, 'warning', '.mlcost.yaml: 0 → nothing is too small');
      assert.equal(fp32(await analyze({ path: p, text: smallRun }, { files, minSavingUsd: 5 }))?.severity, 'hint', 'the setting wins');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the setting and .mlcost.yaml accept a non-negative number; anything else is reported and ignored', () => {
    const problems: string[] = [];
    assert.equal(parseSettings({ minSavingUsd: 5 }, (m) => problems.push(m)).minSavingUsd, 5);
    assert.equal(parseSettings({ minSavingUsd: -1 }, (m) => problems.push(m)).minSavingUsd, undefined);
    assert.equal(parseSettings({ minSavingUsd: 'lots' }, (m) => problems.push(m)).minSavingUsd, undefined);
    assert.equal(problems.length, 2);
    assert.match(problems[0], /mlcost\.minSavingUsd ignored/);
    assert.equal(parseProjectConfig('minSavingUsd: 2.5\n', '/ws').minSavingUsd, 2.5);
    const bad = parseProjectConfig('minSavingUsd: cheap\n', '/ws');
    assert.equal(bad.minSavingUsd, undefined);
    assert.match(bad.problems[0], /minSavingUsd must be a number/);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseAmount, parseAnnotations } from '../../server/src/engine/annotations';
import { analyzeFixture, analyzeText } from '../helpers';

describe('annotations', () => {
  test('keys, numbers with suffixes, ranges of key=value', () => {
    const { annotations, problems } = parseAnnotations('a: 1  # mlcost: tokens=2e9, params=7B hours=1_000\n# mlcost: gpu=A100:8\n', 'yaml');
    assert.deepEqual(problems, []);
    assert.deepEqual(
      annotations.map((a) => [a.key, a.value]),
      [['tokens', 2e9], ['params', 7e9], ['hours', 1000], ['gpu', 'A100:8']],
    );
    assert.deepEqual(annotations[0].range, { start: { line: 0, character: 16 }, end: { line: 0, character: 26 } });
    assert.equal(parseAmount('350m'), 350e6);
    assert.equal(parseAmount('-3'), undefined);
  });

  test('bad values and unknown keys are problems; ignore directives and the wrong comment style are not read', () => {
    const { annotations, problems } = parseAnnotations('# mlcost: tokens=lots hours=1e9 colour=red\n# mlcost: ignore[fp32-training]\n// mlcost: tokens=5\n', 'yaml');
    assert.deepEqual(annotations, []);
    assert.equal(problems.length, 3);
    assert.match(problems[0].message, /tokens=lots: expected a positive number/);
    assert.match(problems[2].message, /unknown mlcost annotation 'colour'/);
    const json = parseAnnotations('{\n  // mlcost: tokens=5e8\n  "a": 1 # mlcost: tokens=1\n}', 'json');
    assert.deepEqual(json.annotations.map((a) => a.value), [5e8]);
  });

  test('they become annotation facts on the job (params, tokens, gpu override)', async () => {
    const r = await analyzeText('train.yaml', '# mlcost: params=1.5e9 tokens=3e9 gpu=H100:2\nmodel_name_or_path: gpt2\noutput_dir: o\nbf16: true\n');
    const [job] = r.jobs;
    assert.equal(job.model?.parameters?.value, 1.5e9);
    assert.equal(job.model?.parameters?.source.kind, 'annotation');
    assert.equal(job.schedule?.tokens?.value, 3e9);
    assert.equal(job.hardware?.gpu?.value, 'H100');
    assert.equal(job.hardware?.gpuCount?.value, 2);
    assert.equal(r.estimates[0].gpus, 2);
  });

  test('several jobs: each annotation goes to the job whose anchor is nearest', async () => {
    const r = await analyzeFixture('estimate/multi-doc.yaml');
    assert.equal(r.estimates.length, 2);
    const [first, second] = r.estimates;
    assert.equal(first.jobName !== second.jobName, true);
    assert.equal(first.hours, 3);
    assert.equal(first.gpus, 1);
    assert.equal(second.hours, 10);
    assert.equal(second.gpus, 8);
    assert.equal(second.runCostOnDemand, 10 * second.onDemandPerHour!);
  });

  test('Python and JSONC files take annotations too', async () => {
    const py = await analyzeFixture('estimate/sagemaker_estimator.py');
    assert.equal(py.jobs[0].schedule?.tokens?.value, 5e8);
  });
});

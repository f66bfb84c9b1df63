// Fix round-trips for the cloud rules in Terraform, CDK and Kubernetes serving manifests: the fixed text re-parses without new
// errors, the finding is gone, and lines outside the edit are byte-identical.
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { test } from 'node:test';
import { analyze } from '../../../server/src/engine/analyze';
import { fixturePath } from '../../helpers';
import { applyEdits, assertUntouchedLines, expandSnippet } from './fixHarness';

const CASES: { rule: string; file: string }[] = [
  { rule: 'missing-cost-tags', file: 'missing-cost-tags/notebook-stack.ts' },
  { rule: 'no-autostop', file: 'no-autostop/gpu-devbox.tf' },
  { rule: 'no-autostop', file: 'no-autostop/notebook.tf' },
  { rule: 'no-autostop', file: 'no-autostop/notebook-stack.ts' },
  { rule: 'no-autostop', file: 'no-autostop/sky-dev-cluster.yaml' },
  { rule: 'no-autostop', file: 'no-autostop/sky-jupyter.yaml' },
  { rule: 'no-autostop', file: 'no-autostop/sky-autostop-off.yaml' },
  { rule: 'no-autostop', file: 'no-autostop/z2jh-cull-off.yaml' },
  { rule: 'missing-cost-tags', file: 'missing-cost-tags/sagemaker-untagged.py' },
  { rule: 'missing-cost-tags', file: 'missing-cost-tags/sagemaker-name-tag-only.py' },
  { rule: 'no-autostop', file: 'no-autostop/z2jh-long-timeout.yaml' },
  { rule: 'storage-lifecycle', file: 'storage-lifecycle/checkpoints.tf' },
  { rule: 'storage-lifecycle', file: 'storage-lifecycle/gcs-datasets.tf' },
  { rule: 'storage-lifecycle', file: 'storage-lifecycle/checkpoints-stack.ts' },
  { rule: 'missing-cost-tags', file: 'missing-cost-tags/pulumi-notebook.ts' },
  { rule: 'storage-lifecycle', file: 'storage-lifecycle/pulumi-gcs.ts' },
  { rule: 'serving-autoscaling', file: 'serving-autoscaling/endpoint.tf' },
  { rule: 'serving-autoscaling', file: 'serving-autoscaling/vllm-deployment.yaml' },
  { rule: 'serving-autoscaling', file: 'serving-autoscaling/kserve-serverless.yaml' },
  { rule: 'serving-autoscaling', file: 'serving-autoscaling/kserve-raw-fixed.yaml' },
  { rule: 'serving-autoscaling', file: 'serving-autoscaling/rerank-keda.yaml' },
  { rule: 'serving-autoscaling', file: 'serving-autoscaling/seldon.yaml' },
  { rule: 'serving-autoscaling', file: 'serving-autoscaling/endpoint-stack.ts' },
  { rule: 'serving-autoscaling', file: 'serving-autoscaling/pulumi-endpoint.ts' },
];

for (const c of CASES) {
  test(`fix round-trip: ${c.rule} in ${c.file}`, async () => {
    const p = fixturePath(path.join('rules', c.file));
    const text = fs.readFileSync(p, 'utf8');
    // Analysed alone (another folder), so the fixture's module neighbours do not count.
    const where = path.join(path.dirname(p), '__alone__', path.basename(p));
    const before = await analyze({ path: where, text });
    const finding = before.findings.find((f) => f.rule === c.rule);
    assert.ok(finding, 'the rule fires before the fix');
    const fix = finding.fixes?.find((f) => !f.title.startsWith('Ignore'));
    assert.ok(fix, `a rule fix is offered: ${JSON.stringify(finding.fixes?.map((f) => f.title))}`);
    const edits = fix.edits.map((e) => ({ ...e, newText: fix.snippet ? expandSnippet(e.newText) : e.newText }));
    const after = applyEdits(text, edits);
    assertUntouchedLines(text, after, edits);
    const again = await analyze({ path: where, text: after });
    assert.deepEqual(again.parseErrors, [], `fixed text parses:\n${after}`);
    assert.equal(again.findings.some((f) => f.rule === c.rule), false, `finding gone:\n${after}`);
    assert.equal(again.jobs.length, before.jobs.length, 'the same resources are read');
  });
}

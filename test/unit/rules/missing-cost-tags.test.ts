import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../server/src/engine/analyze';
import type { FileAccess } from '../../../server/src/engine/types';
import { ruleCases } from './cases';

ruleCases('missing-cost-tags', [
  { file: 'untagged-gpu.tf', lines: [4], says: ['/month', 'team', 'project'], why: 'GPU instance tagged with Name only' },
  { file: 'tagged-gpu.tf', lines: [], why: 'team and project tags' },
  { file: 'computed-tags.tf', lines: [], why: 'tags computed by merge(): unresolved, silent' },
  { file: 'notebook-stack.ts', lines: [8], says: ['/month'], why: 'CDK notebook instance without tags' },
  { file: 'tagged-stack.ts', lines: [], why: 'Tags.of(this) covers the stack' },
  { file: 'pulumi-notebook.ts', lines: [3], why: 'Pulumi notebook instance without tags' },
  { file: 'sky-unlabelled.yaml', lines: [3], says: ['this job has no cost-attribution tags', 'team'], why: 'SkyPilot GPU task without resources.labels' },
  { file: 'sky-labelled.yaml', lines: [], why: 'SkyPilot resources.labels with team and project' },
  { file: 'sky-cpu.yaml', lines: [], why: 'a CPU-only SkyPilot task is not GPU spend' },
  { file: 'k8s-pytorchjob-app-label.yaml', lines: [6], says: ['this job has no cost-attribution tags'], why: 'Kubernetes GPU training job labelled only with app' },
  { file: 'k8s-pytorchjob-labelled.yaml', lines: [], why: 'metadata.labels team and project' },
  { file: 'sagemaker-untagged.py', lines: [6], says: ['this job has no cost-attribution tags', 'team'], why: 'SageMaker HuggingFace estimator on ml.p4d.24xlarge with no tags=' },
  { file: 'sagemaker-name-tag-only.py', lines: [14], why: 'SageMaker tags list (through a name) with Name only' },
  { file: 'sagemaker-tagged.py', lines: [], why: 'SageMaker tags with team and project' },
  { file: 'sagemaker-computed-tags.py', lines: [], why: 'tags built by a function call: unresolved, silent' },
  { file: 'sagemaker-cpu.py', lines: [], why: 'a CPU SageMaker job is not GPU spend' },
]);

test('missing-cost-tags: .mlcost.yaml tags.required names the keys', async () => {
  const files: FileAccess = {
    read: (ref) => (ref.endsWith('.mlcost.yaml') && !ref.startsWith('../') ? { path: '/w/.mlcost.yaml', text: 'tags:\n  required: [team, cost-center]\n' } : undefined),
  };
  const text = 'resource "aws_instance" "t" {\n  instance_type = "p3.2xlarge"\n  tags = { team = "a", project = "b" }\n}\n';
  const r = await analyze({ path: '/w/main.tf', text }, { files });
  const hits = r.findings.filter((f) => f.rule === 'missing-cost-tags');
  assert.equal(hits.length, 1);
  assert.match(hits[0].message, /lacks the required tag cost-center/);
  assert.equal(hits[0].severity, 'info');
});

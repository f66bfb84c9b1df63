import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeFixture, analyzeText } from '../../helpers';
import type { Job } from '../../../server/src/engine/types';
import { fileSource } from './dialectAsserts';

// Launcher variables and placeholders (fixtures/compose/skypilot, see its README).

async function task(rel: string): Promise<Job> {
  const r = await analyzeFixture(`compose/skypilot/${rel}`);
  const jobs = r.jobs.filter((j) => j.dialect === 'skypilot');
  assert.equal(jobs.length, 1, rel);
  return jobs[0];
}

test('SkyPilot envs fill file names and flags; the fact says it is the envs default that --env overrides', async () => {
  const job = await task('lora-envs.yaml');
  // configs/${MODEL_SIZE}-lora.yaml -> configs/7b-lora.yaml, read through its own dialect.
  assert.ok(job.linkedFiles.some((p) => p.endsWith('configs/7b-lora.yaml')), job.linkedFiles.join());
  assert.equal(job.precision?.value, 'bf16');
  assert.equal(job.model?.id?.value, 'meta-llama/Llama-2-7b-hf');
  // OUTPUT_DIR is the file's default; RUN_NAME is left empty to fill in at launch: unresolved, not "".
  assert.equal(job.checkpoint?.location?.value, '/tmp/lora-out/$RUN_NAME');
  const src = fileSource(job.checkpoint?.location);
  assert.match(src.key, /^--output_dir \(envs\.OUTPUT_DIR default; `sky launch --env OUTPUT_DIR=…` overrides it\)$/);
  assert.equal(job.checkpoint?.storage?.value, 'unknown', 'a path still holding a variable is decided at launch');
});

test('negative: flags that use no variable keep their plain key', async () => {
  const job = await task('lora-envs.yaml');
  assert.equal(fileSource(job.batch?.perDevice).key, '--per_device_train_batch_size');
});

test('shell variables assigned earlier in run: are substituted (MODEL=..., export FLAG=...)', async () => {
  const job = await task('shell-vars.yaml');
  assert.equal(job.model?.id?.value, 'gpt2-medium');
  assert.equal(job.precision?.value, 'bf16');
});

test('file_mounts: a bucket `name:` set from an unset variable or left empty is still a MOUNTed bucket', async () => {
  const spot = await task('axolotl-spot.yaml');
  assert.equal(spot.spot?.value, true);
  assert.equal(spot.checkpoint?.storage?.value, 'durable', 'output_dir /sky-notebook/... of the linked axolotl config lands in the bucket');
  const empty = await task('empty-bucket-name.yaml');
  assert.equal(empty.checkpoint?.storage?.value, 'durable');
  const r = await analyzeFixture('compose/skypilot/empty-bucket-name.yaml');
  assert.ok(!r.findings.some((f) => f.rule === 'no-checkpointing'), r.findings.map((f) => f.message).join('\n'));
});

test('negative: a COPY-mode mount of a local folder, or a plain path, is no durable storage', async () => {
  const copy = await analyzeText('t.yaml', 'resources:\n  accelerators: A100:1\nfile_mounts:\n  /ckpt:\n    source: ./local\n    mode: COPY\nrun: python train.py --output_dir /ckpt/run --num_train_epochs 3 --per_device_train_batch_size 8\n');
  assert.notEqual(copy.jobs[0].checkpoint?.storage?.value, 'durable');
  const named = await analyzeText('t.yaml', 'resources:\n  accelerators: A100:1\nfile_mounts:\n  /ckpt:\n    name:\n    mode: COPY\nrun: python train.py --output_dir /ckpt/run --num_train_epochs 3 --per_device_train_batch_size 8\n');
  assert.notEqual(named.jobs[0].checkpoint?.storage?.value, 'durable', 'COPY copies the bucket in: writes stay on the node');
});

test('Kubernetes: container env fills $(VAR) in args; an empty value stays unresolved', async () => {
  const yaml = (value: string) =>
    `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ft\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: trainer\n          image: pytorch/pytorch\n          env:\n            - name: MODEL\n              value: gpt2-large\n            - name: RUN\n              value: ${value}\n          args: ["python", "run_clm.py", "--model_name_or_path", "$(MODEL)", "--do_train", "--output_dir", "/out/$(RUN)", "--num_train_epochs", "3"]\n          resources:\n            limits:\n              nvidia.com/gpu: 1\n`;
  const set = await analyzeText('job.yaml', yaml('run1'));
  assert.equal(set.jobs[0].model?.id?.value, 'gpt2-large');
  assert.equal(set.jobs[0].checkpoint?.location?.value, '/out/run1');
  const empty = await analyzeText('job.yaml', yaml('""'));
  assert.equal(empty.jobs[0].checkpoint?.location?.value, '/out/$(RUN)');
});

test('scripts the launcher runs: followed into the workdir; a custom script not in the workspace is judged on its command line only', async () => {
  const followed = await task('workdir-script.yaml');
  assert.ok(followed.linkedFiles.some((p) => p.endsWith('src/train.py')), followed.linkedFiles.join());
  assert.equal(followed.precision?.value, 'bf16', "the script's TrainingArguments(bf16=True)");
  const absent = await analyzeFixture('compose/skypilot/custom-script-absent.yaml');
  assert.equal(absent.jobs[0].precision, undefined, 'no fp32 claim for finetune.py, which we cannot read');
  assert.deepEqual(absent.findings.filter((f) => f.rule === 'fp32-training'), []);
  assert.equal(absent.jobs[0].schedule?.epochs?.value, 3);
});

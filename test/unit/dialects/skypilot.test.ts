import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeFixture, analyzeText, fixturePath } from '../../helpers';
import { HF_FP32_REASON } from '../../../server/src/engine/dialects/launch';
import { SPOT_DEFAULT_REASON } from '../../../server/src/engine/dialects/skypilot/resources';
import type { Job, Range } from '../../../server/src/engine/types';
import { LineIndex } from '../../../server/src/engine/formats/lineIndex';

async function only(name: string, text: string): Promise<Job> {
  const r = await analyzeText(name, text);
  assert.equal(r.jobs.length, 1, `one job in ${name}`);
  assert.equal(r.jobs[0].dialect, 'skypilot');
  return r.jobs[0];
}

function rangeOf(text: string, needle: string): Range {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `${needle} not in text`);
  return new LineIndex(text).range(at, at + needle.length);
}

test('GPU forms: A100:8, bare L4, set and map forms, lists, any_of', async () => {
  const a = await only('a.yaml', 'resources:\n  accelerators: A100:8\nrun: python train.py\n');
  assert.deepEqual(a.hardware?.gpu, { value: 'A100-40GB', source: { kind: 'file', range: rangeOf('resources:\n  accelerators: A100:8\n', 'accelerators: A100:8'), key: 'resources.accelerators' } });
  assert.equal(a.hardware?.gpuCount?.value, 8);
  assert.deepEqual(a.anchor, { start: { line: 0, character: 0 }, end: { line: 0, character: 9 } });

  const b = await only('b.yaml', 'name: t\nresources:\n  accelerators: L4\n');
  assert.equal(b.hardware?.gpu?.value, 'L4');
  assert.equal(b.hardware?.gpuCount?.value, 1);
  assert.equal(b.name, 't');

  const setText = 'resources:\n  accelerators: {A100-80GB:8, H100:8}\nrun: python train.py\n';
  const c = await only('c.yaml', setText);
  assert.equal(c.hardware?.gpu?.value, 'A100-80GB');
  assert.equal(c.hardware?.gpuCount?.value, 8);
  assert.deepEqual(c.hardware?.alternatives?.map((f) => f.value), ['H100']);
  assert.deepEqual(c.hardware?.alternatives?.[0].source, { kind: 'file', range: rangeOf(setText, 'H100:8'), key: 'resources.accelerators' });

  const d = await only('d.yaml', 'resources:\n  accelerators: {H100: 4}\nrun: python train.py\n');
  assert.equal(d.hardware?.gpu?.value, 'H100');
  assert.equal(d.hardware?.gpuCount?.value, 4);

  const e = await only('e.yaml', "resources:\n  accelerators: ['V100:1', 'T4:1']\nrun: python train.py\n");
  assert.equal(e.hardware?.gpu?.value, 'V100');
  assert.deepEqual(e.hardware?.alternatives?.map((f) => f.value), ['T4']);

  const f = await only('f.yaml', 'resources:\n  any_of:\n    - accelerators: H100:8\n      use_spot: true\n    - accelerators: A100-80GB:8\n  cloud: gcp\nrun: python train.py\n');
  assert.equal(f.hardware?.gpu?.value, 'H100');
  assert.deepEqual(f.hardware?.alternatives?.map((x) => x.value), ['A100-80GB']);
  assert.equal(f.spot?.value, true);
  assert.equal(f.spot?.source.kind, 'file');
});

test('instance_type, num_nodes, CPU-only and placeholder requests', async () => {
  const a = await only('a.yaml', 'num_nodes: 4\nresources:\n  instance_type: p4d.24xlarge\nrun: torchrun train.py\n');
  assert.equal(a.hardware?.instanceType?.value, 'p4d.24xlarge');
  assert.equal(a.hardware?.nodes?.value, 4);
  assert.equal(a.hardware?.gpu, undefined);
  assert.equal(a.hardware?.cpuOnly, undefined, 'an instance type may carry GPUs');

  const b = await only('b.yaml', 'resources:\n  cpus: 8+\n  memory: 32+\nrun: python preprocess.py\n');
  assert.equal(b.hardware?.cpuOnly, true);
  assert.equal(b.workload, 'unknown');

  const c = await only('c.yaml', 'resources:\n  accelerators: ${GPU}:8\nrun: python train.py\n');
  assert.equal(c.hardware?.unresolved, true);
});

test('spot: use_spot true/false, job_recovery alone is no spot request, absent = on-demand default', async () => {
  const on = await only('a.yaml', 'resources:\n  accelerators: A10G\n  use_spot: true\nrun: python train.py\n');
  assert.deepEqual(on.spot, { value: true, source: { kind: 'file', range: { start: { line: 2, character: 2 }, end: { line: 2, character: 16 } }, key: 'resources.use_spot' } });
  const off = await only('b.yaml', 'resources:\n  accelerators: A10G\n  use_spot: false\nrun: python train.py\n');
  assert.equal(off.spot?.value, false);
  assert.equal(off.spot?.source.kind, 'file');
  const recovery = await only('c.yaml', 'resources:\n  accelerators: A10G\n  job_recovery: FAILOVER\nrun: python train.py\n');
  assert.deepEqual(recovery.spot, { value: false, source: { kind: 'default', reason: SPOT_DEFAULT_REASON } });
});

test('checkpoint storage: MOUNTed bucket is durable, COPY mount and local paths are not', async () => {
  const hf = await analyzeFixture('skypilot/hf-trainer-task.yaml');
  const job = hf.jobs[0];
  assert.equal(job.checkpoint?.location?.value, '/ckpt/run1');
  assert.equal(job.checkpoint?.storage?.value, 'durable');
  assert.equal(job.checkpoint?.storage?.source.kind === 'file' && job.checkpoint.storage.source.key, '--output_dir');

  const eph = await analyzeFixture('skypilot/ephemeral-task.yaml');
  assert.equal(eph.jobs[0].checkpoint?.location?.value, '/data/out');
  assert.equal(eph.jobs[0].checkpoint?.storage?.value, 'ephemeral', 'mode: COPY is no place for writes');
  assert.equal(eph.jobs[0].spot?.value, true);

  const rel = await only('r.yaml', 'resources:\n  accelerators: L4\nfile_mounts:\n  /out:\n    source: gs://b\nrun: |\n  python train.py --output_dir ./ckpt --epochs 1\n');
  assert.equal(rel.checkpoint?.storage?.value, 'ephemeral', 'relative = ~/sky_workdir on the node');
  const mounted = await only('m.yaml', 'resources:\n  accelerators: L4\nfile_mounts:\n  /out:\n    source: gs://b\nrun: |\n  cd /out\n  python train.py --output_dir ./ckpt --epochs 1\n');
  assert.equal(mounted.checkpoint?.storage?.value, 'durable', 'MOUNT is the default mode; cd into the mount counts');
  const copied = await only('c.yaml', 'resources:\n  accelerators: L4\nfile_mounts:\n  /out: gs://b\nrun: python train.py --output_dir /out/ckpt --epochs 1\n');
  assert.equal(copied.checkpoint?.storage?.value, 'ephemeral', 'a bare bucket URL is copied in');
});

test('HF-style run: --fp16 False is fp32 on the flag; no precision flag is the fp32 default; envs substitute', async () => {
  const r = await analyzeFixture('skypilot/hf-trainer-task.yaml');
  assert.equal(r.jobs.length, 1);
  const job = r.jobs[0];
  assert.equal(job.workload, 'training');
  assert.equal(job.name, 'glue-finetune');
  assert.equal(job.precision?.value, 'fp32');
  assert.equal(job.precision?.source.kind, 'file');
  assert.deepEqual(job.precision?.source.kind === 'file' && job.precision.source.range, { start: { line: 27, character: 4 }, end: { line: 27, character: 16 } });
  assert.equal(job.model?.id?.value, 'bert-large-uncased', '$MODEL from envs');
  assert.equal(job.schedule?.maxSteps?.value, 3000, '${STEPS} from envs');
  assert.deepEqual(job.datasets.map((d) => d.value.format), ['csv']);
  assert.equal(job.hardware?.gpu?.value, 'A100-40GB');
  assert.equal(job.hardware?.gpuCount?.value, 4);
  assert.equal(job.hardware?.nodes?.value, 2);

  const text = 'resources:\n  accelerators: H100:8\nrun: |\n  torchrun --nproc_per_node 8 run_clm.py \\\n    --model_name_or_path gpt2 --output_dir out --per_device_train_batch_size 8\n';
  const none = await only('n.yaml', text);
  assert.equal(none.precision?.value, 'fp32');
  assert.equal(none.precision?.source.kind === 'default' && none.precision.source.reason, HF_FP32_REASON);
  assert.deepEqual(none.precision?.source.kind === 'default' && none.precision.source.range?.start, rangeOf(text, 'torchrun').start);

  const bf = await only('b.yaml', text.replace('--per_device_train_batch_size 8', '--per_device_train_batch_size 8 --bf16'));
  assert.equal(bf.precision?.value, 'bf16');
  assert.equal(bf.precision?.source.kind === 'file' && bf.precision.source.key, '--bf16');
});

test('axolotl task links its config: linkedFiles and merged facts (needs the hf-config dialect)', async () => {
  const r = await analyzeFixture('skypilot/axolotl-task.yaml');
  assert.equal(r.jobs.length, 1);
  const job = r.jobs[0];
  const cfg = fixturePath('skypilot/configs/lora.yml');
  assert.deepEqual(job.linkedFiles, [cfg]);
  assert.equal(job.workload, 'training');
  assert.equal(job.hardware?.gpu?.value, 'L4');
  assert.equal(job.spot?.value, true);
  // Facts of the config keep their file, so that file reports them.
  assert.equal(job.precision?.value, 'bf16');
  assert.equal(job.precision?.source.kind === 'file' && job.precision.source.uri, cfg);
  assert.equal(job.checkpoint?.location?.value, '/checkpoints/llama-lora');
  assert.equal(job.checkpoint?.periodic?.value, true);
  assert.equal(job.checkpoint?.resume?.value, true);
  assert.equal(job.model?.trainingMode?.value, 'lora');
  // Durability is this task's doing (its bucket mount): the fact sits on the config reference here.
  assert.equal(job.checkpoint?.storage?.value, 'durable');
  const s = job.checkpoint?.storage?.source;
  assert.ok(s?.kind === 'file' && s.uri === undefined);
  assert.deepEqual(s?.kind === 'file' && s.range.start, { line: 21, character: 16 });
});

test('workloads: jupyter and ssh-only tasks are dev, service/vllm are inference', async () => {
  const jup = await only('j.yaml', 'resources:\n  ports:\n    - 8888\nsetup: pip install jupyter\nrun: jupyter lab --port 8888 --no-browser --ip=0.0.0.0\n');
  assert.equal(jup.workload, 'dev');
  const ssh = await only('s.yaml', 'resources:\n  accelerators: A100:1\nsetup: pip install torch\n');
  assert.equal(ssh.workload, 'dev');
  assert.equal(ssh.hardware?.gpu?.value, 'A100-40GB');
  const sleep = await only('z.yaml', 'resources:\n  accelerators: T4\nrun: sleep infinity\n');
  assert.equal(sleep.workload, 'dev');

  const svc = await only('v.yaml', 'service:\n  readiness_probe: /v1/models\n  replicas: 2\nresources:\n  accelerators: L4:1\n  ports: 8000\nrun: |\n  vllm serve meta-llama/Llama-3.2-3B --dtype bfloat16 --port 8000\n');
  assert.equal(svc.workload, 'inference');
  const vllm = await only('w.yaml', 'resources:\n  accelerators: {L4:1, A10G:1}\nrun: |\n  python -m vllm.entrypoints.openai.api_server --model $MODEL_ID\nenvs:\n  MODEL_ID: mistralai/Mistral-7B-Instruct-v0.3\n');
  assert.equal(vllm.workload, 'inference');
  assert.equal(vllm.model?.id?.value, 'mistralai/Mistral-7B-Instruct-v0.3');
});

test('run: as a folded or quoted scalar, and multi-document pipelines', async () => {
  const folded = 'resources:\n  accelerators: A100\nrun: >\n  python train.py\n  --bf16 --max_steps 10\n';
  const f = await only('f.yaml', folded);
  assert.equal(f.precision?.value, 'bf16');
  assert.deepEqual(f.precision?.source.kind === 'file' && f.precision.source.range, rangeOf(folded, '--bf16'));

  const quoted = await only('q.yaml', 'resources:\n  accelerators: A100\nrun: "python train.py --fp16 --epochs 1"\n');
  assert.equal(quoted.precision?.value, 'fp16');

  const r = await analyzeText('p.yaml', 'name: pipeline\n---\nname: prep\nresources:\n  cpus: 4\nrun: python prep.py\n---\nname: train\nresources:\n  accelerators: H100:8\nrun: python train.py --bf16\n');
  assert.deepEqual(r.jobs.map((j) => j.name), ['prep', 'train']);
  assert.equal(r.jobs[1].anchor.start.line, 8);
});

test('not SkyPilot: GitHub workflow, docker-compose, Ansible, k8s, a generic name+run file', async () => {
  for (const f of ['github-workflow.yaml', 'docker-compose.yaml', 'ansible-playbook.yaml', 'k8s-deployment.yaml', 'taskfile.yaml']) {
    const r = await analyzeFixture(`skypilot/negatives/${f}`);
    assert.deepEqual(r.jobs, [], f);
    assert.deepEqual(r.findings, [], f);
  }
  // An axolotl config is not a task either, even with `resources`-like keys missing.
  const cfg = await analyzeText('cfg.yaml', 'run: python train.py\nresources:\n  gpus: 8\n');
  assert.equal(cfg.jobs.filter((j) => j.dialect === 'skypilot').length, 0, 'gpus is no SkyPilot resources key');
});

test('checkpoint storage: a run script that copies the checkpoint dir to a bucket makes local checkpoints durable', async () => {
  const head = 'resources:\n  accelerators: A100:8\n  use_spot: true\nfile_mounts:\n  /artifacts:\n    name: my-bucket\n    mode: MOUNT\nrun: |\n';
  const train = '  torchrun --nproc_per_node 8 train.py --output_dir $LOCAL --save_steps 600 --num_train_epochs 3\n';
  // SkyPilot's Vicuna recipe: a helper script syncs the local dir to the MOUNT bucket in the background.
  const helper = `${head}  LOCAL=~/.checkpoints\n  bash scripts/sync_local_checkpoint.sh $LOCAL /artifacts/run1 > sync.log 2>&1 &\n${train}`;
  const a = await only('a.yaml', helper);
  assert.equal(a.checkpoint?.location?.value, '~/.checkpoints');
  assert.equal(a.checkpoint?.storage?.value, 'durable');
  assert.equal(a.checkpoint?.storage?.source.kind === 'file' && a.checkpoint.storage.source.key, 'sync_local_checkpoint.sh');
  assert.deepEqual(a.checkpoint?.storage?.source.kind === 'file' && a.checkpoint.storage.source.range.start, rangeOf(helper, 'bash scripts/sync').start);

  // A background loop with an object-store CLI, to a bucket URL (no mount needed); the parent dir counts.
  const loop = await only('b.yaml', `${head}  LOCAL=/mnt/local/out\n  (while true; do aws s3 sync /mnt/local s3://bucket/run1; sleep 600; done) &\n${train}`);
  assert.equal(loop.checkpoint?.storage?.value, 'durable');
  assert.equal(loop.checkpoint?.storage?.source.kind === 'file' && loop.checkpoint.storage.source.key, 'aws s3 sync');
  const gs = await only('c.yaml', `${head}  LOCAL=out\n  (while true; do gsutil -m rsync -r out/ gs://bucket/run1; sleep 600; done) &\n${train}`);
  assert.equal(gs.checkpoint?.storage?.source.kind === 'file' && gs.checkpoint.storage.source.key, 'gsutil rsync');
  // A copy after training ends: a preemption mid-run still loses everything since the start.
  const after = await only('g.yaml', `${head}  LOCAL=out\n${train}  gsutil -m rsync -r out/ gs://bucket/run1\n`);
  assert.equal(after.checkpoint?.storage?.value, 'ephemeral');

  // Not copies of the checkpoints: the checkpoint folders excluded, the restore direction only, another folder.
  const excluded = await only('d.yaml', `${head}  LOCAL=~/.checkpoints\n  gsutil -m rsync -r -x 'checkpoint-*' $LOCAL/ /artifacts/run1/ &\n${train}`);
  assert.equal(excluded.checkpoint?.storage?.value, 'ephemeral');
  const restore = await only('e.yaml', `${head}  LOCAL=~/.checkpoints\n  gsutil -m rsync -r /artifacts/run1 $LOCAL\n${train}`);
  assert.equal(restore.checkpoint?.storage?.value, 'ephemeral');
  const other = await only('f.yaml', `${head}  LOCAL=~/.checkpoints\n  rclone copy ~/logs remote:bucket/logs\n  cp -r ~/data /artifacts/data\n${train}`);
  assert.equal(other.checkpoint?.storage?.value, 'ephemeral');
  // A one-off copy of the (empty) checkpoint dir before training ends before the run writes anything.
  const once = await only('h.yaml', `${head}  LOCAL=/mnt/local/out\n  aws s3 sync /mnt/local s3://bucket/run1\n${train}`);
  assert.equal(once.checkpoint?.storage?.value, 'ephemeral');
  const onceLoop = await only('i.yaml', `${head}  LOCAL=/mnt/local/out\n  for d in a b; do aws s3 sync /mnt/local s3://bucket/run1; done\n${train}`);
  assert.equal(onceLoop.checkpoint?.storage?.value, 'ephemeral', 'a loop that ends before training');
  const bgLoop = await only('j.yaml', `${head}  LOCAL=/mnt/local/out\n  while true; do\n    aws s3 sync /mnt/local s3://bucket/run1\n    sleep 600\n  done &\n${train}`);
  assert.equal(bgLoop.checkpoint?.storage?.value, 'durable', 'a multi-line loop sent to the background');
});

test('checkpoint storage: a custom script\'s directory flag into a bucket mount is a durable location; on local disk it says nothing', async () => {
  const head = 'resources:\n  accelerators: V100:1\n  use_spot: true\nfile_mounts:\n  /checkpoint:\n    name: # Fill in your bucket name\n    mode: MOUNT\nrun: |\n';
  const a = await only('a.yaml', `${head}  python train.py --root_dir /checkpoint/ --resume --num_epochs 1000\n`);
  assert.equal(a.checkpoint?.storage?.value, 'durable');
  assert.equal(a.checkpoint?.storage?.source.kind === 'file' && a.checkpoint.storage.source.key, '--root_dir');
  assert.equal(a.checkpoint?.resume?.value, true);
  const b = await only('b.yaml', `${head}  python train.py --log_dir /tmp/logs --num_epochs 1000\n`);
  assert.equal(b.checkpoint?.location, undefined, 'a log dir on local disk need not hold checkpoints');
  assert.equal(b.checkpoint?.storage, undefined);
});

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import { analyzeFixture, analyzeText, fixturePath } from '../../helpers';
import { dialectFixtures, fileSource } from './dialectAsserts';

// The Kubernetes dialect, through the real analyze(): facts, and where each was read.

const { onlyJob, lineOf } = dialectFixtures('kubernetes', 'kubernetes');

test('PyTorchJob: master + worker with one GPU each = 2 nodes x 1 GPU, named and anchored', async () => {
  const rel = 'pytorchjob-local-checkpoint.yaml';
  const job = await onlyJob(rel);
  assert.equal(job.name, 'bert-finetune');
  assert.equal(job.workload, 'training');
  assert.equal(job.anchor.start.line, lineOf(rel, 'kind: PyTorchJob'));
  assert.equal(job.hardware?.gpuCount?.value, 1);
  const gpuSrc = fileSource(job.hardware?.gpuCount);
  assert.equal(gpuSrc.key, 'nvidia.com/gpu');
  assert.equal(gpuSrc.range.start.line, lineOf(rel, 'nvidia.com/gpu: 1'));
  assert.equal(job.hardware?.nodes?.value, 2);
  assert.equal(fileSource(job.hardware?.nodes).range.start.line, lineOf(rel, 'replicas: 1'));
  assert.equal(job.hardware?.cpuOnly, undefined);
  assert.equal(job.spot, undefined, 'no capacity label: spot unknown');
});

test('PyTorchJob: a checkpoint dir on the container filesystem is ephemeral, pointing at the flag', async () => {
  const rel = 'pytorchjob-local-checkpoint.yaml';
  const job = await onlyJob(rel);
  assert.equal(job.checkpoint?.location?.value, '/root/checkpoints');
  const storage = job.checkpoint?.storage;
  assert.equal(storage?.value, 'ephemeral');
  assert.equal(storage?.source.kind, 'default');
  if (storage?.source.kind !== 'default') return;
  assert.match(storage.source.reason, /container-local/);
  assert.equal(storage.source.range?.start.line, lineOf(rel, '--checkpoint_dir'));
});

test('PyTorchJob: output dir on a PVC mount is durable; GKE spot + accelerator labels; flags read', async () => {
  const rel = 'pytorchjob-pvc-checkpoint.yaml';
  const job = await onlyJob(rel);
  assert.equal(job.hardware?.gpuCount?.value, 4);
  assert.equal(job.hardware?.nodes?.value, 4);
  assert.equal(job.hardware?.gpu?.value, 'A100-40GB');
  assert.equal(fileSource(job.hardware?.gpu).key, 'cloud.google.com/gke-accelerator');
  assert.equal(job.spot?.value, true);
  const spotSrc = fileSource(job.spot);
  assert.equal(spotSrc.key, 'cloud.google.com/gke-spot');
  assert.equal(spotSrc.range.start.line, lineOf(rel, 'gke-spot'));
  assert.equal(job.checkpoint?.location?.value, '/mnt/ckpt/llama-sft');
  assert.equal(job.checkpoint?.storage?.value, 'durable');
  const st = fileSource(job.checkpoint?.storage);
  assert.equal(st.key, 'volumeMounts');
  assert.equal(st.range.start.line, lineOf(rel, 'mountPath: /mnt/ckpt'));
  assert.equal(job.precision?.value, 'bf16');
  assert.equal(fileSource(job.precision).range.start.line, lineOf(rel, '--bf16'));
  assert.equal(job.checkpoint?.resume?.value, true);
});

test('TFJob: chief + workers count, parameter servers (no GPUs) do not', async () => {
  const rel = 'tfjob-chief-worker-ps.yaml';
  const job = await onlyJob(rel);
  assert.equal(job.name, 'resnet-ps');
  assert.equal(job.hardware?.gpuCount?.value, 2);
  assert.equal(job.hardware?.nodes?.value, 4);
  assert.equal(job.hardware?.cpuOnly, undefined);
});

test('batch Job: GKE spot selector, L4, bash -c script flags with exact ranges', async () => {
  const rel = 'job-gke-spot-bash.yaml';
  const job = await onlyJob(rel);
  assert.equal(job.anchor.start.line, lineOf(rel, 'kind: Job'));
  assert.equal(job.hardware?.gpu?.value, 'L4');
  assert.equal(job.hardware?.gpuCount?.value, 1);
  assert.equal(job.hardware?.nodes?.value, 1);
  assert.equal(job.hardware?.nodes?.source.kind, 'default');
  assert.equal(job.spot?.value, true);
  assert.equal(job.precision?.value, 'bf16');
  const p = fileSource(job.precision);
  const line = lineOf(rel, 'python train.py --bf16');
  assert.equal(p.range.start.line, line);
  const col = fs.readFileSync(fixturePath(`kubernetes/${rel}`), 'utf8').split('\n')[line].indexOf('--bf16');
  assert.equal(p.range.start.character, col, 'the range sits on the flag itself, not the whole script');
  assert.equal(job.checkpoint?.location?.value, '/tmp/gpt2');
  assert.equal(job.checkpoint?.storage?.value, 'ephemeral');
  assert.equal(job.schedule?.epochs?.value, 3);
});

test('batch Job: karpenter spot + a10g affinity, instance type, parallelism as nodes', async () => {
  const rel = 'job-karpenter-spot.yaml';
  const job = await onlyJob(rel);
  assert.equal(job.spot?.value, true);
  assert.equal(fileSource(job.spot).key, 'karpenter.sh/capacity-type');
  assert.equal(fileSource(job.spot).range.start.line, lineOf(rel, 'key: karpenter.sh/capacity-type'));
  assert.equal(job.hardware?.gpu?.value, 'A10G');
  assert.equal(job.hardware?.instanceType?.value, 'g5.2xlarge');
  assert.equal(job.hardware?.nodes?.value, 2);
  assert.equal(fileSource(job.hardware?.nodes).range.start.line, lineOf(rel, 'parallelism: 2'));
  assert.equal(job.hardware?.gpuCount?.value, 1);
  assert.equal(job.precision?.value, 'fp16');
});

test('batch Job: output under an emptyDir is ephemeral; AKS spot toleration counts as spot', async () => {
  const rel = 'job-emptydir-checkpoint.yaml';
  const job = await onlyJob(rel);
  assert.equal(job.hardware?.gpuCount?.value, 8);
  assert.equal(job.spot?.value, true);
  assert.equal(fileSource(job.spot).key, 'kubernetes.azure.com/scalesetpriority');
  assert.equal(job.checkpoint?.location?.value, '/scratch/out');
  const st = job.checkpoint?.storage;
  assert.equal(st?.value, 'ephemeral');
  assert.ok(st?.source.kind === 'default' && /emptyDir/.test(st.source.reason));
});

test('multi-document file: only the GPU Job is a job; its PVC output mount is durable', async () => {
  const rel = 'multi-doc-one-job.yaml';
  const job = await onlyJob(rel);
  assert.equal(job.name, 'classifier-train');
  assert.equal(job.anchor.start.line, lineOf(rel, 'kind: Job'));
  assert.equal(job.checkpoint?.storage?.value, 'durable');
  assert.equal(job.checkpoint?.location?.value, '/outputs');
  assert.equal(fileSource(job.checkpoint?.storage).range.start.line, lineOf(rel, 'mountPath: /outputs'));
  assert.equal(fileSource(job.checkpoint?.storage).range.end.line, lineOf(rel, 'mountPath: /outputs'));
  assert.equal(job.schedule?.epochs?.value, 10);
});

test('Deployment with GPUs is inference, with replicas and the GFD product label', async () => {
  const rel = 'deployment-gpu-vllm.yaml';
  const job = await onlyJob(rel);
  assert.equal(job.workload, 'inference');
  assert.equal(job.name, 'vllm-llama');
  assert.equal(job.hardware?.gpu?.value, 'A100-80GB');
  assert.equal(fileSource(job.hardware?.gpu).key, 'nvidia.com/gpu.product');
  assert.equal(job.hardware?.nodes?.value, 2);
  assert.equal(job.checkpoint, undefined);
  assert.equal(job.precision, undefined);
});

test('Kubeflow PyTorchJob without GPUs is still a training job, CPU-only', async () => {
  const job = await onlyJob('pytorchjob-cpu.yaml');
  assert.equal(job.hardware?.cpuOnly, true);
  assert.equal(job.hardware?.gpuCount, undefined);
  assert.equal(job.hardware?.nodes?.value, 3);
});

for (const rel of ['deployment-cpu.yaml', 'configmap-service.yaml', 'values.yaml', 'kustomization.yaml']) {
  test(`no job: ${rel}`, async () => {
    const r = await analyzeFixture(`kubernetes/${rel}`);
    assert.deepEqual(r.jobs.filter((j) => j.dialect === 'kubernetes'), []);
  });
}

test('no job: a GPU-less batch Job, a StatefulSet without GPUs, an unknown CRD called Job', async () => {
  const text = `apiVersion: batch/v1
kind: Job
metadata: {name: migrate}
spec:
  template:
    spec:
      containers:
        - name: m
          image: example/migrate
          command: ["python", "train.py"]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  template:
    spec:
      containers: [{name: db, image: postgres, resources: {limits: {cpu: "2"}}}]
---
apiVersion: example.com/v1
kind: Job
metadata: {name: other}
spec:
  template:
    spec:
      containers: [{name: x, image: x, resources: {limits: {nvidia.com/gpu: 1}}}]
`;
  const r = await analyzeText('misc.yaml', text);
  assert.deepEqual(r.jobs.filter((j) => j.dialect === 'kubernetes'), []);
});

test('JobSet: replicas x parallelism pods; RayJob: entrypoint flags and worker GPUs', async () => {
  const jobset = `apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata: {name: llm-pretrain}
spec:
  replicatedJobs:
    - name: workers
      replicas: 2
      template:
        spec:
          parallelism: 4
          completions: 4
          template:
            spec:
              nodeSelector: {cloud.google.com/gke-accelerator: nvidia-h100-80gb}
              containers:
                - name: train
                  image: example/pretrain
                  command: ["torchrun", "--nproc_per_node=8", "pretrain.py", "--max_steps", "10000"]
                  resources: {limits: {nvidia.com/gpu: 8}}
`;
  const js = (await analyzeText('jobset.yaml', jobset)).jobs.filter((j) => j.dialect === 'kubernetes');
  assert.equal(js.length, 1);
  assert.equal(js[0].hardware?.nodes?.value, 8);
  assert.equal(js[0].hardware?.gpuCount?.value, 8);
  assert.equal(js[0].hardware?.gpu?.value, 'H100');
  assert.equal(js[0].schedule?.maxSteps?.value, 10000);

  const ray = `apiVersion: ray.io/v1
kind: RayJob
metadata: {name: ray-ft}
spec:
  entrypoint: python ray_train.py --fp16 --num_train_epochs 2
  rayClusterSpec:
    headGroupSpec:
      template:
        spec:
          containers: [{name: head, image: rayproject/ray:2.9.0, resources: {limits: {cpu: "4"}}}]
    workerGroupSpecs:
      - groupName: gpu
        replicas: 3
        template:
          spec:
            containers: [{name: w, image: rayproject/ray:2.9.0-gpu, resources: {limits: {nvidia.com/gpu: 1}}}]
`;
  const rj = (await analyzeText('rayjob.yaml', ray)).jobs.filter((j) => j.dialect === 'kubernetes');
  assert.equal(rj.length, 1);
  assert.equal(rj[0].hardware?.nodes?.value, 3);
  assert.equal(rj[0].precision?.value, 'fp16');
  assert.equal(fileSource(rj[0].precision).range.start.line, 4);
});

test('a GPU pod that only sleeps is a dev box, not a training run', async () => {
  const text = `apiVersion: v1
kind: Pod
metadata: {name: debug-gpu}
spec:
  containers:
    - name: shell
      image: nvidia/cuda:12.2.0-base-ubuntu22.04
      command: ["sleep", "infinity"]
      resources: {limits: {nvidia.com/gpu: 1}}
`;
  const jobs = (await analyzeText('pod.yaml', text)).jobs.filter((j) => j.dialect === 'kubernetes');
  assert.equal(jobs.length, 1);
  assert.equal(jobs[0].workload, 'dev');
});

test('TrainJob (Kubeflow Trainer v2): trainer resources per node, numNodes, override selectors and mounts', async () => {
  const text = `apiVersion: trainer.kubeflow.org/v1alpha1
kind: TrainJob
metadata: {name: qwen-sft}
spec:
  runtimeRef: {name: torch-distributed}
  trainer:
    image: example/sft:1
    command: ["torchrun", "sft.py", "--output_dir", "/ckpt/qwen", "--bf16"]
    numNodes: 2
    resourcesPerNode:
      limits: {nvidia.com/gpu: 8}
  podSpecOverrides:
    - targetJobs: [{name: node}]
      nodeSelector: {eks.amazonaws.com/capacityType: SPOT, node.kubernetes.io/instance-type: p4d.24xlarge}
      volumes:
        - name: ckpt
          persistentVolumeClaim: {claimName: qwen-ckpt}
      containers:
        - name: node
          volumeMounts: [{name: ckpt, mountPath: /ckpt}]
`;
  const jobs = (await analyzeText('trainjob.yaml', text)).jobs.filter((j) => j.dialect === 'kubernetes');
  assert.equal(jobs.length, 1);
  const j = jobs[0];
  assert.equal(j.hardware?.gpuCount?.value, 8);
  assert.equal(j.hardware?.nodes?.value, 2);
  assert.equal(fileSource(j.hardware?.nodes).range.start.line, 8);
  assert.equal(j.hardware?.instanceType?.value, 'p4d.24xlarge');
  assert.equal(j.spot?.value, true);
  assert.equal(j.precision?.value, 'bf16');
  assert.equal(j.checkpoint?.storage?.value, 'durable');
});

test('KServe InferenceService with a GPU model is inference; without GPUs nothing', async () => {
  const gpu = `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata: {name: llama}
spec:
  predictor:
    minReplicas: 1
    model:
      modelFormat: {name: huggingface}
      resources: {limits: {nvidia.com/gpu: "1"}}
`;
  const jobs = (await analyzeText('isvc.yaml', gpu)).jobs.filter((j) => j.dialect === 'kubernetes');
  assert.equal(jobs.length, 1);
  assert.equal(jobs[0].workload, 'inference');
  assert.equal(jobs[0].hardware?.gpuCount?.value, 1);
  const cpu = gpu.replace('nvidia.com/gpu: "1"', 'cpu: "2"');
  assert.deepEqual((await analyzeText('isvc.yaml', cpu)).jobs.filter((j) => j.dialect === 'kubernetes'), []);
});

test('container env feeds $(VAR) in args and $VAR in bash -c scripts', async () => {
  const text = `apiVersion: batch/v1
kind: Job
metadata: {name: env-job}
spec:
  template:
    spec:
      containers:
        - name: t
          image: example/t
          env:
            - {name: OUT, value: /root/out}
            - {name: PREC, value: "--fp16"}
          command: ["bash", "-c", "python train.py $(PREC) --output_dir $OUT"]
          resources: {limits: {nvidia.com/gpu: 1}}
`;
  const jobs = (await analyzeText('env.yaml', text)).jobs.filter((j) => j.dialect === 'kubernetes');
  assert.equal(jobs.length, 1);
  assert.equal(jobs[0].precision?.value, 'fp16');
  assert.equal(jobs[0].checkpoint?.location?.value, '/root/out');
  assert.equal(jobs[0].checkpoint?.storage?.value, 'ephemeral');
});

test('Helm-templated GPU count: hardware unresolved, never called CPU-only', async () => {
  const text = `apiVersion: kubeflow.org/v1
kind: PyTorchJob
metadata: {name: templated}
spec:
  pytorchReplicaSpecs:
    Worker:
      replicas: 2
      template:
        spec:
          containers:
            - name: pytorch
              image: example/t
              resources: {limits: {nvidia.com/gpu: "{{ .Values.gpus }}"}}
`;
  const jobs = (await analyzeText('tpl.yaml', text)).jobs.filter((j) => j.dialect === 'kubernetes');
  assert.equal(jobs.length, 1);
  assert.equal(jobs[0].hardware?.cpuOnly, undefined);
  assert.equal(jobs[0].hardware?.unresolved, true);
});

test('CronJob with GPUs is a training job; a bucket output dir stays durable', async () => {
  const text = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly-retrain}
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: t
              image: example/t
              args: ["python", "train.py", "--output_dir", "gs://example-models/nightly", "--epochs", "5"]
              resources: {limits: {nvidia.com/gpu: 2}}
`;
  const jobs = (await analyzeText('cron.yaml', text)).jobs.filter((j) => j.dialect === 'kubernetes');
  assert.equal(jobs.length, 1);
  assert.equal(jobs[0].name, 'nightly-retrain');
  assert.equal(jobs[0].anchor.start.line, 1);
  assert.equal(jobs[0].hardware?.gpuCount?.value, 2);
  assert.equal(jobs[0].checkpoint?.location?.value, 'gs://example-models/nightly');
  assert.equal(jobs[0].checkpoint?.storage?.value, 'durable');
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyzeFixture, analyzeText } from '../../helpers';
import { fileSource } from './dialectAsserts';

// Kubernetes jobs' stated run time limits become the job's schedule hours (its source the key),
// through the real analyze(): each key, the smallest winning, and the estimate they bound.

const POD = `
      containers:
        - name: trainer
          image: pytorch/pytorch
          command: ["torchrun", "--nproc_per_node", "1", "train.py"]
          resources:
            limits:
              nvidia.com/gpu: 1`;

const indent = (s: string, n: number) => s.replace(/\n/g, '\n' + ' '.repeat(n));

async function hoursOf(name: string, yaml: string) {
  const r = await analyzeText(name, yaml);
  const job = r.jobs.find((j) => j.dialect === 'kubernetes');
  assert.ok(job, `a Kubernetes job in ${name}`);
  return { hours: job.schedule?.hours, estimate: r.estimates[0], text: yaml };
}
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle));

describe('Kubernetes run time limits', () => {
  test('batch/v1 Job: spec.activeDeadlineSeconds', async () => {
    const yaml = `apiVersion: batch/v1
kind: Job
metadata:
  name: train
spec:
  activeDeadlineSeconds: 7200
  template:
    spec:${POD}
`;
    const { hours } = await hoursOf('job.yaml', yaml);
    assert.equal(hours?.value, 2);
    assert.equal(fileSource(hours).key, 'activeDeadlineSeconds');
    assert.equal(fileSource(hours).range.start.line, lineOf(yaml, 'activeDeadlineSeconds'));
  });

  test("a pod template's own activeDeadlineSeconds; the smaller limit wins", async () => {
    const yaml = `apiVersion: batch/v1
kind: Job
metadata:
  name: train
spec:
  activeDeadlineSeconds: 36000
  template:
    spec:
      activeDeadlineSeconds: 5400${POD}
`;
    const { hours } = await hoursOf('pod-deadline.yaml', yaml);
    assert.equal(hours?.value, 1.5);
    assert.equal(fileSource(hours).key, 'activeDeadlineSeconds (pod template)');
  });

  test('CronJob: the jobTemplate spec', async () => {
    const yaml = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      activeDeadlineSeconds: 3600
      template:
        spec:${indent(POD, 4)}
`;
    assert.equal((await hoursOf('cron.yaml', yaml)).hours?.value, 1);
  });

  test("JobSet: a replicated Job's own activeDeadlineSeconds", async () => {
    const yaml = `apiVersion: jobset.x-k8s.io/v1alpha2
kind: JobSet
metadata:
  name: js
spec:
  replicatedJobs:
    - name: workers
      replicas: 2
      template:
        spec:
          activeDeadlineSeconds: 10800
          template:
            spec:${indent(POD, 8)}
`;
    const { hours } = await hoursOf('jobset.yaml', yaml);
    assert.equal(hours?.value, 3);
    assert.equal(fileSource(hours).key, 'activeDeadlineSeconds (replicated job)');
  });

  test('Kubeflow PyTorchJob: spec.runPolicy.activeDeadlineSeconds', async () => {
    const yaml = `apiVersion: kubeflow.org/v1
kind: PyTorchJob
metadata:
  name: ft
spec:
  runPolicy:
    activeDeadlineSeconds: 86400
  pytorchReplicaSpecs:
    Master:
      replicas: 1
      template:
        spec:${indent(POD, 4)}
`;
    const { hours } = await hoursOf('pytorchjob.yaml', yaml);
    assert.equal(hours?.value, 24);
    assert.equal(fileSource(hours).key, 'runPolicy.activeDeadlineSeconds');
  });

  test('KubeRay RayJob: spec.activeDeadlineSeconds', async () => {
    const yaml = `apiVersion: ray.io/v1
kind: RayJob
metadata:
  name: rj
spec:
  entrypoint: python train.py --epochs 3
  activeDeadlineSeconds: 1800
  rayClusterSpec:
    headGroupSpec:
      template:
        spec:${indent(POD, 4)}
`;
    assert.equal((await hoursOf('rayjob.yaml', yaml)).hours?.value, 0.5);
  });

  test("Kueue's maxRunDurationSeconds annotation (a real Kueue example): an upper-bound run cost", async () => {
    const r = await analyzeFixture('realworld/files/kueue/site/static/examples/provisioning/sample-job.yaml');
    const job = r.jobs[0];
    assert.equal(job.schedule?.hours?.value, 600 / 3600);
    assert.equal(fileSource(job.schedule?.hours).key, 'provreq.kueue.x-k8s.io/maxRunDurationSeconds');
    const e = r.estimates[0];
    assert.equal(e.gpus, 3, '3 pods × 1 GPU');
    assert.ok(e.runCostOnDemand! > 0);
    assert.match(e.assumptions.find((a) => a.name === 'hours')!.value, /^at most 0\.17 /);
    assert.match(e.hardwareAssumed!, /GPU type not stated/);
    assert.equal(e.assumptions.find((a) => a.name === 'cluster'), undefined, 'a Kubernetes cluster is priced as cloud nodes already');
  });

  test('no limit, or a zero/placeholder one: no hours', async () => {
    const yaml = `apiVersion: batch/v1
kind: Job
metadata:
  name: train
spec:
  activeDeadlineSeconds: "{{ .Values.deadline }}"
  template:
    spec:${POD}
`;
    assert.equal((await hoursOf('templated.yaml', yaml)).hours, undefined);
  });
});

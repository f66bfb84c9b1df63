import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText } from '../../helpers';

const PROFILE_OPTIONS = `jupyterhub:
  singleuser:
    profileList:
      - display_name: "Data science"
        profile_options:
          gpu:
            display_name: GPU
            choices:
              none:
                display_name: "No GPU"
                default: true
              a100x2:
                display_name: "2x A100"
                kubespawner_override:
                  extra_resource_guarantees:
                    nvidia.com/gpu: 2
                  node_selector:
                    cloud.google.com/gke-accelerator: nvidia-tesla-a100
  cull:
    enabled: false
`;

test('jupyterhub: a GPU profile option (z2jh 3 profile_options) under a jupyterhub: subchart key', async () => {
  const r = await analyzeText('values.yaml', PROFILE_OPTIONS);
  assert.equal(r.jobs.length, 1);
  const [job] = r.jobs;
  assert.equal(job.dialect, 'jupyterhub');
  assert.equal(job.name, 'JupyterHub GPU profile "Data science / 2x A100"');
  assert.equal(job.hardware?.gpuCount?.value, 2);
  assert.equal(job.hardware?.gpu?.value, 'A100-40GB');
  assert.equal(job.idleShutdown?.value, false);
  assert.deepEqual(r.findings.filter((f) => f.rule === 'no-autostop').map((f) => f.range.start.line + 1), [20]);
});

test('jupyterhub: Helm values without singleuser, and hubs without GPUs, yield no jobs', async () => {
  const web = await analyzeText('values.yaml', 'replicaCount: 2\nimage:\n  repository: nginx\nresources:\n  limits:\n    nvidia.com/gpu: 1\ncull:\n  enabled: false\n');
  assert.equal(web.jobs.length, 0);
  const cpu = await analyzeText('values.yaml', 'singleuser:\n  memory:\n    limit: 2G\ncull:\n  enabled: false\n');
  assert.equal(cpu.jobs.length, 0);
  // A templated GPU count is not a GPU server the file states.
  const templated = await analyzeText('values.yaml', 'singleuser:\n  extraResource:\n    limits:\n      nvidia.com/gpu: "{{ .Values.gpus }}"\ncull:\n  enabled: false\n');
  assert.equal(templated.jobs.length, 0);
});

test('a profile on GKE spot nodes is read as any pod is: GPU model and spot from its node_selector', async () => {
  const values = `singleuser:
  profileList:
    - display_name: "T4 on spot"
      kubespawner_override:
        node_selector:
          cloud.google.com/gke-accelerator: nvidia-tesla-t4
          cloud.google.com/gke-spot: "true"
        extra_resource_limits:
          nvidia.com/gpu: 1
cull:
  enabled: false
`;
  const r = await analyzeText('values.yaml', values);
  const job = r.jobs.find((j) => j.dialect === 'jupyterhub')!;
  assert.equal(job.hardware?.gpu?.value, 'T4');
  assert.equal(job.spot?.value, true);
});

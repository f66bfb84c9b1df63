import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../../server/src/engine/analyze';
import type { FileAccess } from '../../../server/src/engine/types';
import * as fs from 'node:fs';
import { analyzeFixture, analyzeText, fixturePath } from '../../helpers';
import { ruleCases } from './cases';

ruleCases('serving-autoscaling', [
  { file: 'vllm-deployment.yaml', lines: [9], says: ['fixed 3 GPU replicas', '2 replicas idle', '/month', 'an assumption', 'HorizontalPodAutoscaler'], why: 'GPU Deployment, 3 replicas, no HPA/KEDA anywhere' },
  { file: 'vllm-with-hpa.yaml', lines: [], why: 'HPA in the same file (another --- document)' },
  { file: 'tgi-deployment.yaml', lines: [], why: 'HPA for it in tgi-hpa.yaml, a sibling file' },
  { file: 'tgi-hpa.yaml', lines: [], why: 'an HPA alone is no workload' },
  { file: 'triton-keda.yaml', lines: [], why: 'KEDA ScaledObject with minReplicaCount 0' },
  { file: 'rerank-keda.yaml', lines: [31], says: ['minReplicaCount 2', 'scale it to zero', 'minReplicaCount: 0'], why: 'KEDA keeps 2 warm where it could scale to zero' },
  { file: 'web-deployment.yaml', lines: [], why: 'CPU web app: not ML serving' },
  { file: 'single-replica.yaml', lines: [], why: 'one replica: nothing above the HPA floor to save' },
  { file: 'kserve-serverless.yaml', lines: [6], says: ['Serverless', 'minReplicas: 0', 'Name the GPU model'], why: 'KServe default mode, minReplicas unset (1)' },
  { file: 'kserve-scale-to-zero.yaml', lines: [], why: 'KServe minReplicas: 0' },
  { file: 'kserve-raw-fixed.yaml', lines: [9], says: ['cannot scale to zero', 'nothing to scale', '/month'], why: 'RawDeployment with minReplicas = maxReplicas = 2' },
  { file: 'kserve-raw-hpa.yaml', lines: [], why: 'RawDeployment 1..4: the HPA floor is already 1' },
  { file: 'seldon.yaml', lines: [8], says: ['hpaSpec'], why: 'SeldonDeployment with 2 fixed GPU replicas' },
  { file: 'seldon-hpa.yaml', lines: [], why: 'SeldonDeployment with an hpaSpec' },
  { file: 'endpoint.tf', lines: [8], says: ['aws_appautoscaling_target', '/month'], why: 'Terraform endpoint config, 2 instances, no scaling target' },
  { file: 'endpoint-scaled.tf', lines: [], why: 'aws_appautoscaling_target on its endpoint' },
  { file: 'endpoint-stack.ts', lines: [14], says: ['ScalableTarget', '/month'], why: 'CDK CfnEndpointConfig, 3 instances' },
  { file: 'endpoint-scaled-stack.ts', lines: [], why: 'CDK ScalableTarget on sagemaker:variant:DesiredInstanceCount' },
  { file: 'pulumi-endpoint.ts', lines: [9], says: ['appautoscaling.Target'], why: 'Pulumi EndpointConfiguration, 2 instances' },
  { file: 'pulumi-endpoint-scaled.ts', lines: [], why: 'Pulumi appautoscaling.Target' },
  { file: 'pulumi-two-endpoints.ts', lines: [8], says: ['appautoscaling.Target'], why: 'the Target names the chat endpoint only: the embed configuration stays fixed' },
  { file: 'two-endpoints-stack.ts', lines: [14], says: ['ScalableTarget'], why: 'the ScalableTarget names the chat endpoint only: the embed configuration stays fixed' },
]);

test('serving-autoscaling: the saving is per month, from the one savings function, and says its assumption', async () => {
  const r = await analyzeFixture('rules/serving-autoscaling/vllm-deployment.yaml');
  const f = r.findings.find((x) => x.rule === 'serving-autoscaling');
  assert.ok(f?.saving, 'a saving is attached');
  assert.equal(f.saving.per, 'month');
  assert.match(f.saving.basis, /working hours/);
  // 2 idle L4 replicas x (730 - 174) h: the message and the saving agree.
  const said = Number(/≈ \$([\d,]+)\/month/.exec(f.message)?.[1].replace(/,/g, ''));
  assert.ok(Math.abs(said - f.saving.usdPerRun) <= Math.max(2, said * 0.01), `${said} vs ${f.saving.usdPerRun}`);
});

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: llm
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: server
          image: vllm/vllm-openai
          resources:
            limits:
              nvidia.com/gpu: 1
`;
const hpa = (name: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${name}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: ${name}
  minReplicas: 1
  maxReplicas: 3
`;

function folder(files: Record<string, string>): FileAccess {
  return {
    read: (ref) => (files[ref] !== undefined ? { path: `/w/k8s/${ref}`, text: files[ref] } : undefined),
    list: () => Object.keys(files),
  };
}

test('serving-autoscaling: an HPA in another file of the folder counts only when it names this Deployment', async () => {
  const scaled = await analyze({ path: '/w/k8s/deploy.yaml', text: DEPLOYMENT }, { files: folder({ 'deploy.yaml': DEPLOYMENT, 'hpa.yml': hpa('llm') }) });
  assert.deepEqual(scaled.findings.filter((f) => f.rule === 'serving-autoscaling'), []);
  const other = await analyze({ path: '/w/k8s/deploy.yaml', text: DEPLOYMENT }, { files: folder({ 'deploy.yaml': DEPLOYMENT, 'hpa.yml': hpa('another-app') }) });
  assert.equal(other.findings.filter((f) => f.rule === 'serving-autoscaling').length, 1);
});

test('serving-autoscaling: malformed sibling manifests are skipped, not fatal', async () => {
  const r = await analyze({ path: '/w/k8s/deploy.yaml', text: DEPLOYMENT }, { files: folder({ 'deploy.yaml': DEPLOYMENT, 'broken.yaml': 'scaleTargetRef: [\n  : : {{' }) });
  assert.equal(r.findings.filter((f) => f.rule === 'serving-autoscaling').length, 1);
});

const HELM_HPA = `{{- if .Values.autoscaling.enabled }}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "llm.fullname" . }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "llm.fullname" . }}
  minReplicas: {{ .Values.autoscaling.minReplicas }}
  maxReplicas: {{ .Values.autoscaling.maxReplicas }}
{{- end }}
`;

test('serving-autoscaling: a Helm-templated HPA beside the Deployment counts (its target is the chart\'s)', async () => {
  const r = await analyze({ path: '/w/k8s/deploy.yaml', text: DEPLOYMENT }, { files: folder({ 'deploy.yaml': DEPLOYMENT, 'hpa.yaml': HELM_HPA }) });
  assert.deepEqual(r.findings.filter((f) => f.rule === 'serving-autoscaling'), []);
});

test('serving-autoscaling: replicas switched by a Helm autoscaling value are left alone', async () => {
  const text = DEPLOYMENT.replace('  replicas: 2\n', '  {{- if not .Values.autoscaling.enabled }}\n  replicas: 2\n  {{- end }}\n');
  const r = await analyze({ path: '/w/k8s/deploy.yaml', text }, { files: folder({ 'deploy.yaml': text }) });
  assert.deepEqual(r.findings.filter((f) => f.rule === 'serving-autoscaling'), []);
  // The same Deployment without the switch is flagged (the guard is what silences it).
  const plain = await analyze({ path: '/w/k8s/deploy.yaml', text: DEPLOYMENT }, { files: folder({ 'deploy.yaml': DEPLOYMENT }) });
  assert.equal(plain.findings.filter((f) => f.rule === 'serving-autoscaling').length, 1);
});

test('serving-autoscaling: KServe with Knative min-scale "0" scales to zero; "1" keeps a replica warm', async () => {
  const isvc = (v: string) => `apiVersion: serving.kserve.io/v1beta1
kind: InferenceService
metadata:
  name: llm
  annotations:
    autoscaling.knative.dev/min-scale: "${v}"
spec:
  predictor:
    model:
      modelFormat:
        name: huggingface
      resources:
        limits:
          nvidia.com/gpu: "1"
`;
  const zero = await analyze({ path: '/w/k8s/isvc.yaml', text: isvc('0') });
  assert.deepEqual(zero.findings.filter((f) => f.rule === 'serving-autoscaling'), []);
  const one = await analyze({ path: '/w/k8s/isvc.yaml', text: isvc('1') });
  const hits = one.findings.filter((f) => f.rule === 'serving-autoscaling');
  assert.deepEqual(hits.map((f) => f.range.start.line + 1), [6]);
  assert.match(hits[0].message, /autoscaling\.knative\.dev\/min-scale 1/);
});

test('serving-autoscaling: replicas on spot capacity idle at the spot price, and say so', async () => {
  const text = fs.readFileSync(fixturePath('rules/serving-autoscaling/vllm-deployment.yaml'), 'utf8');
  const onDemand = (await analyzeText('vllm.yaml', text)).findings.find((x) => x.rule === 'serving-autoscaling');
  const spotText = text.replace('cloud.google.com/gke-accelerator: nvidia-l4', 'cloud.google.com/gke-accelerator: nvidia-l4\n        cloud.google.com/gke-spot: "true"');
  const r = await analyzeText('vllm.yaml', spotText);
  assert.equal(r.jobs[0].spot?.value, true);
  const spot = r.findings.find((x) => x.rule === 'serving-autoscaling');
  assert.ok(spot?.saving && onDemand?.saving);
  assert.ok(spot.saving.usdPerRun < onDemand.saving.usdPerRun, `${spot.saving.usdPerRun} vs ${onDemand.saving.usdPerRun}`);
  assert.match(spot.saving.basis, /catalog spot price/);
  assert.match(spot.message, /\/h spot per replica/);
  const said = Number(/≈ \$([\d,]+)\/month/.exec(spot.message)?.[1].replace(/,/g, ''));
  assert.ok(Math.abs(said - spot.saving.usdPerRun) <= Math.max(2, said * 0.01), `${said} vs ${spot.saving.usdPerRun}`);
});

import type { Dialect } from '../dialect';
import type { YamlNode } from '../formats/yaml';
import type { AnalysisContext, Job } from '../types';
import { buildJob } from './kubernetes/job';
import { classify } from './kubernetes/workloads';

/**
 * Kubernetes manifests: batch Jobs, Kubeflow training operators, JobSets, RayJobs and GPU pods are
 * training; GPU Deployments/StatefulSets/InferenceServices are inference. Everything else (Services,
 * ConfigMaps, CPU Deployments, Helm values, kustomizations) is not ML work and yields nothing.
 * One job per qualifying document of a multi-document file.
 */
export const kubernetesDialect: Dialect = {
  id: 'kubernetes',
  formats: ['yaml'],
  async detect(doc, ctx) {
    if (doc.format !== 'yaml') return [];
    const jobs: Job[] = [];
    for (const d of doc.docs) jobs.push(...(await objectJobs(d, ctx)));
    return jobs;
  },
};

async function objectJobs(obj: YamlNode, ctx: AnalysisContext): Promise<Job[]> {
  if (!obj.isMap) return [];
  // `kind: List` (kubectl get -o yaml) wraps objects in `items`.
  if (obj.get('kind')?.str() === 'List') {
    const out: Job[] = [];
    for (const item of obj.get('items')?.items() ?? []) out.push(...(await objectJobs(item, ctx)));
    return out;
  }
  const w = classify(obj);
  if (!w) return [];
  const job = await buildJob(obj, w, ctx);
  return job ? [job] : [];
}

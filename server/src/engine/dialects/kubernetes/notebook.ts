// Kubeflow `Notebook` servers (kubeflow.org/v1 kind Notebook) that ask for GPUs: an interactive
// machine billed while its pod runs. Culling is not a property of the Notebook object: the notebook
// controller culls idle notebooks only when it runs with ENABLE_CULLING=true, which Kubeflow's
// manifests leave "false" (CULL_IDLE_TIME 1440 minutes when on). The controller, not the user,
// writes `notebooks.kubeflow.org/last-activity`, so that annotation says nothing about culling.
// https://awslabs.github.io/kubeflow-manifests/docs/deployment/configure-notebook-culling

import { byDefault } from '../../facts';
import type { YamlNode } from '../../formats/yaml';
import type { Job, Range } from '../../types';

export const KUBEFLOW_CULLING_REASON =
  'Kubeflow stops idle notebooks only when its notebook controller runs with ENABLE_CULLING=true, which Kubeflow\'s manifests leave off; nothing in this Notebook stops it';

/** A stopped notebook (`kubeflow-resource-stopped`, set by the UI's stop button or the culler) runs no pod. */
const STOPPED = 'kubeflow-resource-stopped';

export function kubeflowNotebook(doc: YamlNode, job: Job, anchor: Range): Job {
  job.workload = 'dev';
  job.resource = { kind: 'notebook', type: 'kubeflow.org/Notebook' };
  const annotations = doc.get('metadata', 'annotations');
  if (!annotations?.get(STOPPED)) job.idleShutdown = byDefault(false, KUBEFLOW_CULLING_REASON, anchor);
  return job;
}

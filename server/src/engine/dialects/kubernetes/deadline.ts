import { fromFile } from '../../facts';
import type { YamlNode } from '../../formats/yaml';
import type { Fact } from '../../types';
import type { K8sWorkload } from './workloads';

// A Kubernetes job's stated run time limit, in hours: the run cannot last longer, so it caps the
// estimate (or bounds it, when the work is unknown). The smallest limit that applies wins:
// - batch/v1 Job, RayJob, Pod: `spec.activeDeadlineSeconds` (CronJob: in its jobTemplate; JobSet: in
//   each replicated Job's template);
// - a pod template's own `activeDeadlineSeconds`;
// - Kubeflow training operators (PyTorchJob, TFJob, MPIJob...): `spec.runPolicy.activeDeadlineSeconds`;
// - Kueue ProvisioningRequest: the `provreq.kueue.x-k8s.io/maxRunDurationSeconds` annotation.

const KUEUE_MAX_RUN = 'provreq.kueue.x-k8s.io/maxRunDurationSeconds';

export function runTimeLimit(doc: YamlNode, w: K8sWorkload): Fact<number> | undefined {
  const spec = doc.get('spec');
  const found: { node: YamlNode; key: string }[] = [];
  const add = (node: YamlNode | undefined, key: string) => {
    if (node) found.push({ node, key });
  };
  add(w.kind === 'CronJob' ? spec?.get('jobTemplate', 'spec', 'activeDeadlineSeconds') : spec?.get('activeDeadlineSeconds'), 'activeDeadlineSeconds');
  add(spec?.get('runPolicy', 'activeDeadlineSeconds'), 'runPolicy.activeDeadlineSeconds');
  for (const g of w.groups) add(g.pod?.get('activeDeadlineSeconds'), 'activeDeadlineSeconds (pod template)');
  // JobSet: each replicated Job's own limit.
  for (const rj of w.kind === 'JobSet' ? (spec?.get('replicatedJobs')?.items() ?? []) : []) add(rj.get('template', 'spec', 'activeDeadlineSeconds'), 'activeDeadlineSeconds (replicated job)');
  add(doc.get('metadata', 'annotations', KUEUE_MAX_RUN), KUEUE_MAX_RUN);
  let best: Fact<number> | undefined;
  for (const { node, key } of found) {
    const s = node.num();
    if (s === undefined || !(s > 0)) continue;
    if (!best || s / 3600 < best.value) best = fromFile(s / 3600, node.range(), key);
  }
  return best;
}

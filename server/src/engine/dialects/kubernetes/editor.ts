// Writes fixes back into a Kubernetes manifest: precision switches and dataset paths on the
// container's command (an argv list gets a new item in its own style, a `bash -c` script a flag),
// and the GPU request (`nvidia.com/gpu` counts plus the GPU node label, when one pins the model).

import type { FileText } from '../../edit/shellEdit';
import { batchFlagFix, earlyStoppingFlagFix, gpuCountFlagEdits, parquetFlagFix, retentionFlagFix, shellAdder, shellPrecisionFix, type FlagAdder } from '../../edit/launchEdits';
import { insertEntries, insertEntry, setScalar, upsertEntry } from '../../edit/yamlEdit';
import { appendToSeq, eolOf, indentUnit } from '../../edit/yamlLocal';
import type { YamlNode } from '../../formats/yaml';
import type { Fix, Job, JobEditor, TextEdit } from '../../types';
import type { Invocation } from '../launch';
import { autoscalersIn } from './autoscalers';
import { addLabelsFix } from './labels';
import { containersOf, gpuRequest, labelTerms } from './pods';
import type { ReplicaGroup } from './workloads';

const SHELLS = /(^|\/)(sh|bash|zsh|dash|ash)$/;

/** The command a job's training container runs, as chosen by job.ts. */
export interface K8sCommand {
  invocations: Invocation[];
  container?: YamlNode;
}

/** Label values naming a GPU model, per label, by normalised GPU name. */
const GPU_LABEL_VALUES: Record<string, Record<string, string>> = {
  'cloud.google.com/gke-accelerator': {
    L4: 'nvidia-l4',
    T4: 'nvidia-tesla-t4',
    V100: 'nvidia-tesla-v100',
    P100: 'nvidia-tesla-p100',
    'A100-40GB': 'nvidia-tesla-a100',
    'A100-80GB': 'nvidia-a100-80gb',
    H100: 'nvidia-h100-80gb',
    H200: 'nvidia-h200-141gb',
  },
  'nvidia.com/gpu.product': {
    L4: 'NVIDIA-L4',
    T4: 'Tesla-T4',
    A10G: 'NVIDIA-A10G',
    L40S: 'NVIDIA-L40S',
    'A100-40GB': 'NVIDIA-A100-SXM4-40GB',
    'A100-80GB': 'NVIDIA-A100-SXM4-80GB',
    H100: 'NVIDIA-H100-80GB-HBM3',
  },
  'karpenter.k8s.aws/instance-gpu-name': { L4: 'l4', T4: 't4', A10G: 'a10g', L40S: 'l40s', 'A100-40GB': 'a100', 'A100-80GB': 'a100', H100: 'h100', V100: 'v100' },
};
const INSTANCE_LABELS = new Set(['node.kubernetes.io/instance-type', 'beta.kubernetes.io/instance-type']);

export function kubernetesEditor(doc: YamlNode, job: Job, groups: ReplicaGroup[], run?: K8sCommand): JobEditor {
  const f: FileText = { text: doc.src.text, lines: doc.src.lines };
  const invocations = run?.invocations ?? [];
  const editor: JobEditor = {
    addTags: (keys) => addLabelsFix(doc, keys),
    setHardware(choice) {
      const edits: TextEdit[] = [];
      const count = choice.gpuCount ?? 1;
      const gpuNodes = groups.flatMap((g) => containersOf(g).flatMap(gpuNodesOf));
      if (!gpuNodes.length) return undefined;
      for (const n of gpuNodes) {
        const e = setScalar(n, String(count));
        if (!e) return undefined;
        edits.push(e);
      }
      for (const t of groups.flatMap(labelTerms)) {
        if (t.negated || t.toleration) continue;
        const table = GPU_LABEL_VALUES[t.key];
        const wanted = table ? choice.gpu && table[choice.gpu] : INSTANCE_LABELS.has(t.key) ? choice.instanceType : undefined;
        if (!table && !INSTANCE_LABELS.has(t.key)) continue;
        // A label pins the machine: without a value for the new choice the manifest cannot say it.
        if (!wanted) return undefined;
        const valueNode = t.node.isScalar ? t.node : single(t.node.get('values'));
        const e = valueNode && setScalar(valueNode, wanted);
        if (!e) return undefined;
        edits.push(e);
      }
      edits.push(...gpuCountFlagEdits(f, invocations, count));
      return { title: choice.title, edits, safe: false };
    },
    useParquet: (dataset) => parquetFlagFix(f, dataset),
    useSpot: () => spotEdits(groups),
    addAutoscaling: (range) => autoscalingFix(doc, job, range),
  };
  if (run) {
    const add = containerAdder(f, run.container);
    editor.setPrecision = (mode) => shellPrecisionFix(f, invocations, job.precision, mode, ' in the container', add);
    editor.limitCheckpoints = (keep) => retentionFlagFix(f, invocations, keep, add);
    editor.setBatch = (change) => batchFlagFix(f, invocations, change, add);
    editor.addEarlyStopping = (patience) => earlyStoppingFlagFix(f, invocations, patience, add);
  }
  return editor;
}

/**
 * New flags on the container's command: new items at the end of its argv list (`args:` when it
 * has one), in the list's own style; a flag inside the script of `sh -c "..."`.
 */
export function containerAdder(f: FileText, container: YamlNode | undefined): FlagAdder {
  const list = argvList(container);
  const shell = shellAdder(f);
  return (inv, words) => (list ? appendToSeq(list, words) : shell(inv, words));
}

/** Every `nvidia.com/gpu` / `amd.com/gpu` count of a container (limits and requests). */
function gpuNodesOf(container: YamlNode): YamlNode[] {
  if (!gpuRequest(container)) return [];
  const resources = container.get('resources') ?? container.get('resourcesPerNode');
  const out: YamlNode[] = [];
  for (const section of ['limits', 'requests']) {
    for (const key of ['nvidia.com/gpu', 'amd.com/gpu']) {
      const n = resources?.get(section, key);
      if (n?.num() !== undefined) out.push(n);
    }
  }
  return out;
}

function single(values: YamlNode | undefined): YamlNode | undefined {
  const items = values?.items() ?? [];
  return items.length === 1 && items[0].isScalar ? items[0] : undefined;
}

/**
 * The list a new argument goes at the end of, when the container runs an argv (not a shell
 * script): `args:` when it has one, else `command:`.
 */
function argvList(container: YamlNode | undefined): YamlNode | undefined {
  if (!container) return undefined;
  const command = container.get('command');
  const args = container.get('args');
  const first = (command?.isSeq ? command.items()[0] : undefined) ?? (args?.isSeq ? args.items()[0] : undefined);
  if (!first || SHELLS.test(first.str() ?? '')) return undefined;
  if (args?.isSeq && args.items().length) return args;
  return command?.isSeq ? command : undefined;
}

/** On-demand capacity labels and the value that selects spot instead. */
const ON_DEMAND: Record<string, [RegExp, string]> = {
  'karpenter.sh/capacity-type': [/^on-demand$/i, 'spot'],
  'eks.amazonaws.com/capacityType': [/^on_demand$/i, 'SPOT'],
  'cloud.google.com/gke-spot': [/^false$/i, 'true'],
  'cloud.google.com/gke-provisioning': [/^standard$/i, 'spot'],
};
const GKE_SPOT = 'cloud.google.com/gke-spot';

/**
 * Spot capacity in the manifest's own labels: an on-demand capacity selector flipped to spot, or
 * GKE's `cloud.google.com/gke-spot: "true"` added to a nodeSelector that already picks GKE nodes.
 */
function spotEdits(groups: ReplicaGroup[]): Fix | undefined {
  const edits: TextEdit[] = [];
  for (const g of groups) {
    const flips = labelTerms(g).filter((t) => !t.negated && !t.toleration && ON_DEMAND[t.key]?.[0].test(t.values[0] ?? ''));
    for (const t of flips) {
      const valueNode = t.node.isScalar ? t.node : single(t.node.get('values'));
      const e = valueNode && setScalar(valueNode, ON_DEMAND[t.key][1]);
      if (!e) return undefined;
      edits.push(e);
    }
    if (flips.length) continue;
    const selector = g.pod?.get('nodeSelector');
    if (!selector?.isMap || !selector.entries().some((e) => e.keyName?.startsWith('cloud.google.com/'))) continue;
    const e = upsertEntry(selector, GKE_SPOT, 'true', { noComment: true });
    if (!e) return undefined;
    edits.push(e);
  }
  if (!edits.length) return undefined;
  return { title: 'Run on spot capacity: select spot nodes in the nodeSelector', edits, safe: false };
}

/**
 * Autoscaling in the manifest: KServe's own `minReplicas`/`maxReplicas` on the predictor; for a
 * Deployment/StatefulSet a HorizontalPodAutoscaler appended as a new `---` document of the same
 * file (nothing above it moves). Never applied unasked: it changes how many GPUs serve traffic.
 */
function autoscalingFix(doc: YamlNode, job: Job, range: { min: number; max: number }): Fix | undefined {
  const kind = doc.get('kind')?.str();
  if (kind === 'InferenceService') return kserveReplicas(doc, range);
  if (kind === 'SeldonDeployment') return seldonHpa(doc, range);
  if (kind !== 'Deployment' && kind !== 'StatefulSet') return undefined;
  const name = doc.get('metadata', 'name')?.str();
  if (job.scaling?.autoscaled?.value) {
    // Already scaled: lower the floor of its ScaledObject when it is in this file; never a second autoscaler.
    const scaler = autoscalersIn(doc.src.docs).find((s) => s.kind === 'ScaledObject' && s.targetKind === kind && (s.targetName === undefined || s.targetName === name));
    const so = scaler && doc.src.docs.find((d) => d.get('kind')?.str() === 'ScaledObject' && d.get('spec', 'scaleTargetRef', 'name')?.str() === scaler.targetName);
    const spec = so?.get('spec');
    const e = spec?.isMap ? upsertEntry(spec, 'minReplicaCount', range.min, { noComment: true, after: ['scaleTargetRef'] }) : undefined;
    return e && { title: `KEDA: scale ${name ?? kind} to zero when idle (minReplicaCount: ${range.min})`, edits: [e], safe: false };
  }
  // A named object at the top of the file (not an item of a `kind: List`) with a literal name.
  if (!name || /[{}$]/.test(name) || !doc.src.docs.some((d) => d.node === doc.node)) return undefined;
  const namespace = doc.get('metadata', 'namespace')?.str();
  const text = doc.src.text;
  const eol = eolOf(text);
  const i = indentUnit(text);
  const lines = [
    '---',
    '# GPU servers often scale better on a request metric (queue length, requests in flight)',
    '# through a metrics adapter or KEDA; CPU utilisation is the metric every cluster has.',
    'apiVersion: autoscaling/v2',
    'kind: HorizontalPodAutoscaler',
    'metadata:',
    `${i}name: ${name}`,
    ...(namespace && !/[{}$]/.test(namespace) ? [`${i}namespace: ${namespace}`] : []),
    'spec:',
    `${i}scaleTargetRef:`,
    `${i}${i}apiVersion: apps/v1`,
    `${i}${i}kind: ${kind}`,
    `${i}${i}name: ${name}`,
    `${i}minReplicas: ${Math.max(1, range.min)}`,
    `${i}maxReplicas: ${Math.max(1, range.min, range.max)}`,
    `${i}metrics:`,
    `${i}${i}- type: Resource`,
    `${i}${i}${i}resource:`,
    `${i}${i}${i}${i}name: cpu`,
    `${i}${i}${i}${i}target:`,
    `${i}${i}${i}${i}${i}type: Utilization`,
    `${i}${i}${i}${i}${i}averageUtilization: 70`,
  ];
  const end = doc.src.lines.position(text.length);
  const lead = text.length && !text.endsWith('\n') ? eol : '';
  // A file that already ends with `---` (an empty last document) gets no second separator.
  const body = /(^|\n)---[ \t]*\r?\n?$/.test(text) ? lines.slice(1) : lines;
  return {
    title: `Add a HorizontalPodAutoscaler for ${kind} ${name} (${Math.max(1, range.min)}–${Math.max(1, range.min, range.max)} replicas, CPU 70%)`,
    edits: [{ range: { start: end, end }, newText: lead + body.join(eol) + eol }],
    safe: false,
  };
}

function kserveReplicas(doc: YamlNode, range: { min: number; max: number }): Fix | undefined {
  const predictor = doc.get('spec', 'predictor');
  if (!predictor?.isMap) return undefined;
  const minNode = predictor.get('minReplicas');
  const maxNode = predictor.get('maxReplicas');
  const edits: TextEdit[] = [];
  if (minNode && maxNode) {
    const e = setScalar(minNode, range.min);
    if (!e) return undefined;
    edits.push(e);
  } else if (minNode) {
    const e = setScalar(minNode, range.min);
    const m = insertEntry(predictor, 'maxReplicas', range.max, { after: ['minReplicas'] });
    if (!e || !m) return undefined;
    edits.push(e, m);
  } else if (maxNode) {
    const e = insertEntry(predictor, 'minReplicas', range.min, { before: ['maxReplicas'] });
    if (!e) return undefined;
    edits.push(e);
  } else {
    const e = insertEntries(predictor, { minReplicas: range.min, maxReplicas: range.max });
    if (!e) return undefined;
    edits.push(e);
  }
  const what = range.min === 0 ? 'scale the predictor to zero when idle' : `let the predictor scale down to ${range.min}`;
  return { title: `KServe: ${what} (minReplicas: ${range.min}${maxNode ? '' : `, maxReplicas: ${range.max}`})`, edits, safe: false };
}

/** Seldon Core v1: an `hpaSpec` on each GPU componentSpec that has none (Seldon creates the HPA). */
function seldonHpa(doc: YamlNode, range: { min: number; max: number }): Fix | undefined {
  const edits: TextEdit[] = [];
  const min = Math.max(1, range.min);
  const max = Math.max(min, range.max);
  for (const p of doc.get('spec', 'predictors')?.items() ?? []) {
    for (const c of p.get('componentSpecs')?.items() ?? []) {
      if (!c.isMap || c.get('hpaSpec') || c.get('kedaSpec')) continue;
      if (!(c.get('spec', 'containers')?.items() ?? []).some((x) => gpuRequest(x))) continue;
      const e = insertEntries(c, {
        hpaSpec: { minReplicas: min, maxReplicas: max, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }] },
      });
      if (!e) return undefined;
      edits.push(e);
    }
  }
  if (!edits.length) return undefined;
  return { title: `Seldon: add an hpaSpec to the GPU component (${min}–${max} replicas, CPU 70%)`, edits, safe: false };
}

// Replicas and autoscaling of a GPU inference server, per kind: a Deployment/StatefulSet is fixed
// unless an HPA or KEDA ScaledObject of its folder scales it; a KServe InferenceService always has
// an autoscaler (Knative, or an HPA in Standard/RawDeployment mode) whose floor is `minReplicas`,
// and scales to zero only in Serverless mode or with KEDA; a SeldonDeployment is fixed unless a
// component has an `hpaSpec`/`kedaSpec`.
import { byDefault, fromFile } from '../../facts';
import type { YamlNode } from '../../formats/yaml';
import type { AnalysisContext, Fact, Range, ScalingFacts } from '../../types';
import { autoscalerOf, autoscalersIn, folderAutoscalers, type Autoscaler } from './autoscalers';
import type { K8sWorkload, ReplicaGroup } from './workloads';

export function servingScaling(doc: YamlNode, w: K8sWorkload, groups: ReplicaGroup[], ctx: AnalysisContext, anchor: Range): ScalingFacts | undefined {
  if (w.kind === 'Deployment' || w.kind === 'StatefulSet') return podSetScaling(doc, w, groups, ctx, anchor);
  if (w.kind === 'InferenceService') return kserveScaling(doc, anchor);
  if (w.kind === 'SeldonDeployment') return seldonScaling(doc, groups, anchor);
  return undefined;
}

function replicasFact(groups: ReplicaGroup[], reason: string, anchor: Range): Fact<number> {
  const total = groups.reduce((s, g) => s + g.replicas, 0);
  const written = groups.map((g) => g.replicasNode).find((n): n is YamlNode => !!n && n.num() !== undefined);
  return written ? fromFile(total, written.range(), written.keyName ?? 'replicas') : byDefault(total, reason, anchor);
}

function scalerFact(s: Autoscaler): Fact<boolean> {
  return { value: true, source: { kind: 'file', range: s.range, key: s.kind, ...(s.file && { uri: s.file }) } };
}

function podSetScaling(doc: YamlNode, w: K8sWorkload, groups: ReplicaGroup[], ctx: AnalysisContext, anchor: Range): ScalingFacts {
  const name = doc.get('metadata', 'name')?.str();
  const namespace = doc.get('metadata', 'namespace')?.str();
  // The file's own autoscaler first: the folder scan reads other files, on every keystroke.
  const scaler = autoscalerOf(autoscalersIn(doc.src.docs), w.kind, name, namespace) ?? autoscalerOf(folderAutoscalers(ctx), w.kind, name, namespace);
  // A Helm template that switches on autoscaling (`{{- if not .Values.autoscaling.enabled }}`
  // around `replicas:`) decides it at install time: unknown, so rules stay silent.
  if (!scaler && /\{\{[^}]*autoscal/i.test(doc.src.text)) return { min: replicasFact(groups, `a ${w.kind}'s replicas default to 1`, anchor) };
  // Scaled: the floor is the autoscaler's (where it is written); KEDA's may be zero.
  const min: Fact<number> = scaler
    ? { value: scaler.minReplicas, source: { kind: 'file', range: scaler.minRange, key: scaler.kind === 'ScaledObject' ? 'minReplicaCount' : 'minReplicas', ...(scaler.file && { uri: scaler.file }) } }
    : replicasFact(groups, `a ${w.kind}'s replicas default to 1`, anchor);
  return {
    min,
    autoscaled: scaler
      ? scalerFact(scaler)
      : byDefault(false, `no HorizontalPodAutoscaler or KEDA ScaledObject in this file, its folder or the folders around it scales ${w.kind} ${name ?? ''}`.trimEnd(), anchor),
    scaleToZero:
      scaler?.kind === 'ScaledObject'
        ? scalerFact(scaler)
        : byDefault(false, `a ${w.kind} scales to zero only through KEDA (an HPA keeps at least one replica)`, anchor),
    howToScale: scaler?.kind === 'ScaledObject' ? 'minReplicaCount: 0' : 'a HorizontalPodAutoscaler or KEDA ScaledObject that targets it (minReplicas 1)',
  };
}

const KSERVE_MODE = 'serving.kserve.io/deploymentMode';
const KSERVE_SCALER = 'serving.kserve.io/autoscalerClass';

function kserveScaling(doc: YamlNode, anchor: Range): ScalingFacts | undefined {
  const annotations = doc.get('metadata', 'annotations');
  const modeNode = annotations?.get(KSERVE_MODE);
  const mode = modeNode?.str();
  if (mode && /modelmesh/i.test(mode)) return undefined; // ModelMesh pods are shared by many models
  const classNode = annotations?.get(KSERVE_SCALER);
  const cls = classNode?.str()?.toLowerCase();
  const predictor = doc.get('spec', 'predictor');
  if (!predictor?.isMap) return undefined;
  const where = predictor.keyRange() ?? anchor;
  // Knative's own floor annotation, which KServe passes through in Serverless mode.
  const minNode = predictor.get('minReplicas') ?? annotations?.get('autoscaling.knative.dev/min-scale') ?? annotations?.get('autoscaling.knative.dev/minScale');
  const maxNode = predictor.get('maxReplicas');
  const minN = minNode?.num();
  const maxN = maxNode?.num();
  const min = minN !== undefined ? fromFile(minN, minNode!.range(), minNode!.keyName ?? 'minReplicas') : byDefault(1, 'KServe keeps one predictor replica when minReplicas is not set', where);
  const raw = !!mode && /^(RawDeployment|Standard)$/i.test(mode);
  let autoscaled: Fact<boolean>;
  if (cls === 'none' || cls === 'external') autoscaled = fromFile(false, classNode!.range(), KSERVE_SCALER);
  else if (minN !== undefined && maxN !== undefined && maxN > 0 && maxN <= minN) autoscaled = byDefault(false, `maxReplicas ${maxN} = minReplicas ${minN} leaves the autoscaler nothing to scale`, maxNode!.range());
  else autoscaled = byDefault(true, raw ? 'KServe Standard mode scales the predictor with an HPA' : 'KServe Serverless mode scales the predictor with Knative', where);
  let scaleToZero: Fact<boolean>;
  if (raw) {
    scaleToZero =
      cls === 'keda'
        ? fromFile(true, classNode!.range(), KSERVE_SCALER)
        : byDefault(false, `KServe ${mode} mode cannot scale to zero: its HPA keeps at least one replica`, modeNode!.range());
  } else {
    scaleToZero = mode
      ? byDefault(true, `KServe ${mode} (Knative) mode scales the predictor to zero when minReplicas is 0`, modeNode!.range())
      : byDefault(true, "no deploymentMode annotation: KServe's default Serverless (Knative) mode, which scales to zero when minReplicas is 0", where);
  }
  return {
    min,
    ...(maxN !== undefined && { max: fromFile(maxN, maxNode!.range(), 'maxReplicas') }),
    autoscaled,
    scaleToZero,
    howToScale: scaleToZero.value ? 'minReplicas: 0 (scale to zero)' : 'minReplicas below maxReplicas, so the HPA KServe creates can scale it down',
  };
}

function seldonScaling(doc: YamlNode, groups: ReplicaGroup[], anchor: Range): ScalingFacts {
  const specs = (doc.get('spec', 'predictors')?.items() ?? []).flatMap((p) => p.get('componentSpecs')?.items() ?? []);
  const scaler = specs.map((c) => c.get('hpaSpec') ?? c.get('kedaSpec')).find((x): x is YamlNode => !!x);
  return {
    min: replicasFact(groups, 'a SeldonDeployment predictor runs one replica unless replicas says otherwise', anchor),
    autoscaled: scaler ? fromFile(true, scaler.range(), scaler.keyName ?? 'hpaSpec') : byDefault(false, 'no componentSpec has an hpaSpec or kedaSpec', anchor),
    scaleToZero: scaler?.keyName === 'kedaSpec' ? fromFile(true, scaler.range(), 'kedaSpec') : byDefault(false, 'Seldon scales to zero only through KEDA (kedaSpec)', anchor),
    howToScale: 'an hpaSpec (minReplicas 1) on the GPU componentSpec',
  };
}

// The autoscalers of a Kubernetes workspace folder: HorizontalPodAutoscalers and KEDA ScaledObjects,
// which name the Deployment/StatefulSet they scale in `spec.scaleTargetRef`. They sit in the same
// file (another `---` document) or in a sibling manifest (`hpa.yaml` beside `deployment.yaml`), the
// way a Terraform module spans the .tf files of one folder (terraform/module.ts); the same route is
// used: the folder listing of FileAccess, other files summarised once per text.
import * as path from 'path';
import { parseYaml, type YamlNode } from '../../formats/yaml';
import type { AnalysisContext, Range } from '../../types';

export interface Autoscaler {
  kind: 'HorizontalPodAutoscaler' | 'ScaledObject';
  /** `Deployment` unless the reference says otherwise (KEDA's default too); `*` for a Helm
   *  template whose target the chart decides. */
  targetKind: string;
  /** Undefined when not written (it matches within its own file only) or templated. */
  targetName?: string;
  /** The target's name is a template (`{{ include "x.fullname" . }}`): the chart decides, so it
   *  may scale any workload of its kind in the folder. */
  templated?: boolean;
  namespace?: string;
  minReplicas: number;
  maxReplicas?: number;
  range: Range;
  /** Where the floor is written (`minReplicas`/`minReplicaCount`), else the object's `kind`. */
  minRange: Range;
  /** The file it is in, when it is not the analysed one. */
  file?: string;
}

const MAX_FOLDER_FILES = 50;
/** YAML files read around the analysed file, all folders together (an editor must not stutter). */
const MAX_NEARBY_FILES = 150;
const MAX_SUBFOLDERS = 20;
const MAX_CACHED = 200;
const cache = new Map<string, { text: string; scalers: Autoscaler[] }>();

/** HPAs and ScaledObjects among these documents (`kind: List` items included). */
export function autoscalersIn(docs: readonly YamlNode[], file?: string): Autoscaler[] {
  const out: Autoscaler[] = [];
  const visit = (d: YamlNode, depth: number): void => {
    if (!d.isMap || depth > 2) return;
    const kind = d.get('kind')?.str();
    if (kind === 'List') {
      for (const item of d.get('items')?.items() ?? []) visit(item, depth + 1);
      return;
    }
    const apiVersion = d.get('apiVersion')?.str() ?? '';
    const isHpa = kind === 'HorizontalPodAutoscaler' && apiVersion.startsWith('autoscaling/');
    const isKeda = kind === 'ScaledObject' && apiVersion.startsWith('keda.sh/');
    if (!isHpa && !isKeda) return;
    const ref = d.get('spec', 'scaleTargetRef');
    const name = ref?.get('name')?.str();
    const minNode = d.get('spec', isHpa ? 'minReplicas' : 'minReplicaCount');
    const min = minNode?.num();
    const max = d.get('spec', isHpa ? 'maxReplicas' : 'maxReplicaCount')?.num();
    out.push({
      kind: isHpa ? 'HorizontalPodAutoscaler' : 'ScaledObject',
      targetKind: ref?.get('kind')?.str() ?? 'Deployment',
      ...(name && !name.includes('{{') && { targetName: name }),
      ...(name?.includes('{{') && { templated: true }),
      ...(d.get('metadata', 'namespace')?.str() !== undefined && { namespace: d.get('metadata', 'namespace')!.str() }),
      // HPA minReplicas defaults to 1; a ScaledObject's minReplicaCount to 0 (KEDA docs).
      minReplicas: min ?? (isHpa ? 1 : 0),
      ...(max !== undefined && { maxReplicas: max }),
      range: (d.get('kind') ?? d).range(),
      minRange: (min !== undefined ? minNode! : d.get('kind') ?? d).range(),
      ...(file && { file }),
    });
  };
  for (const d of docs) visit(d, 0);
  return out;
}

/**
 * Autoscalers in the other YAML files of the analysed file's folder, and, by name only, in the
 * folders around it where manifests of one app usually sit: its subfolders (`hpa/`), its parent,
 * and kustomize overlays beside it that build on it (`overlays/prod/` over `base/`).
 */
export function folderAutoscalers(ctx: AnalysisContext): Autoscaler[] {
  const self = path.basename(ctx.path);
  const out: Autoscaler[] = [];
  let budget = MAX_NEARBY_FILES;
  const scan = (dir: string, sameFolder: boolean): void => {
    const names = ctx.files.list?.(dir, ctx.path) ?? [];
    for (const name of names.filter((n) => /\.ya?ml$/i.test(n) && (dir !== '.' || n !== self)).slice(0, MAX_FOLDER_FILES)) {
      if (budget-- <= 0) return;
      const hit = ctx.files.read(dir === '.' ? name : `${dir}/${name}`, ctx.path);
      if (!hit) continue;
      // Elsewhere only an HPA that names its target counts (a templated or unnamed one is the folder's own).
      const found = summaryOf(hit.path, hit.text);
      out.push(...(sameFolder ? found : found.filter((a) => a.targetName !== undefined)));
    }
  };
  const subdirs = (dir: string): string[] => (ctx.files.dirs?.(dir, ctx.path) ?? []).slice(0, MAX_SUBFOLDERS).map((d) => (dir === '.' ? d : `${dir}/${d}`));
  scan('.', true);
  if (!ctx.files.dirs) return out;
  for (const d of subdirs('.')) scan(d, false);
  const here = path.basename(path.dirname(ctx.path));
  scan('..', false);
  // A sibling tree counts only where a kustomization there builds on this folder (`resources:
  // [../../base]`): twin folders (examples/smelly beside examples/clean) are other apps.
  for (const sibling of subdirs('..').filter((d) => d !== `../${here}`)) {
    for (const d of [sibling, ...subdirs(sibling)]) if (kustomizes(ctx, d, here)) scan(d, false);
  }
  return out;
}

/** Does folder `dir` hold a kustomization that names a folder called `here` among its resources? */
function kustomizes(ctx: AnalysisContext, dir: string, here: string): boolean {
  const file = (ctx.files.list?.(dir, ctx.path) ?? []).find((n) => /^kustomization\.ya?ml$/i.test(n));
  const text = file ? ctx.files.read(`${dir}/${file}`, ctx.path)?.text : undefined;
  return !!text && new RegExp(`(^|[/\\s"'\\[-])${here.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/?(["'\\],]|\\s*$)`, 'm').test(text);
}

function summaryOf(file: string, text: string): Autoscaler[] {
  const hit = cache.get(file);
  if (hit && hit.text === text) return hit.scalers;
  // Most manifests hold no autoscaler: skip the parse unless the text could.
  const scalers = /scaleTargetRef/.test(text) ? autoscalersIn(parseYaml(text).docs, file) : [];
  // A Helm template (`{{- if .Values.autoscaling.enabled }}`) rarely parses as YAML and names its
  // target through the chart: it may scale any workload of the chart.
  const templated = /^\s*kind:\s*["']?(HorizontalPodAutoscaler|ScaledObject)\b/m.exec(text);
  if (!scalers.length && templated && text.includes('{{')) {
    const at = { line: 0, character: 0 };
    scalers.push({ kind: templated[1] as Autoscaler['kind'], targetKind: '*', templated: true, minReplicas: 1, range: { start: at, end: at }, minRange: { start: at, end: at }, file });
  }
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
  cache.set(file, { text, scalers });
  return scalers;
}

/** The autoscaler that scales `kind/name`: by name; an unnamed one only within its own file. */
export function autoscalerOf(scalers: readonly Autoscaler[], kind: string, name: string | undefined, namespace: string | undefined): Autoscaler | undefined {
  return scalers.find((s) => {
    if (s.targetKind !== kind && s.targetKind !== '*') return false;
    if (s.namespace && namespace && s.namespace !== namespace) return false;
    if (s.templated) return true;
    if (s.targetName === undefined) return !s.file;
    return s.targetName === name;
  });
}

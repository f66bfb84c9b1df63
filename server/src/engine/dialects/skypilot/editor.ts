// Writes fixes back into a SkyPilot task: precision switches and dataset paths on the training
// command in `run:`, a MOUNTed checkpoint bucket in `file_mounts:`, and the `resources:` request.

import { isMap, isScalar, type Node } from 'yaml';
import { setFlagValue, type FileText } from '../../edit/shellEdit';
import { batchFlagFix, earlyStoppingFlagFix, gpuCountFlagEdits, parquetFlagFix, retentionFlagFix, shellPrecisionFix } from '../../edit/launchEdits';
import { snippetEscape } from '../../edit/tagPlaceholders';
import { insertEntry, raw, setScalar, upsertEntry } from '../../edit/yamlEdit';
import { tagPlaceholder } from '../../edit/tagPlaceholders';
import { eolOf, indentUnit, topKeyOffsets } from '../../edit/yamlLocal';
import type { YamlNode, YamlSource } from '../../formats/yaml';
import type { Fix, Job, JobEditor, TextEdit } from '../../types';
import { findFlag, workloadInvocations, type Invocation } from '../launch';

const LOCATION_FLAGS = ['output_dir', 'checkpoint_dir', 'save_dir', 'out_dir', 'ckpt_dir', 'checkpoints_dir', 'default_root_dir'];
const MOUNT = '/checkpoints';

/** SkyPilot spells the 40 GB A100 plain `A100`; other normalised names are its own. */
function skyGpu(gpu: string): string {
  return gpu === 'A100-40GB' ? 'A100' : gpu;
}

export function skypilotEditor(src: YamlSource, task: YamlNode, invocations: Invocation[], launched: Partial<Job>): JobEditor {
  const f: FileText = { text: src.text, lines: src.lines };
  return {
    setPrecision: (mode) => shellPrecisionFix(f, invocations, launched.precision, mode, ' in run:'),

    limitCheckpoints: (keep) => retentionFlagFix(f, invocations, keep),
    setBatch: (change) => batchFlagFix(f, invocations, change),
    addEarlyStopping: (patience) => earlyStoppingFlagFix(f, invocations, patience),

    addCheckpointing() {
      return checkpointFix(f, task, invocations);
    },

    setHardware(choice) {
      const resources = task.get('resources');
      if (!resources?.isMap) return undefined;
      const accel = resources.get('accelerators');
      const instance = resources.get('instance_type');
      if ((accel && !choice.gpu) || (instance && !choice.instanceType) || (!accel && !instance)) return undefined;
      const edits: TextEdit[] = [];
      const count = choice.gpuCount ?? 1;
      if (accel && choice.gpu) {
        const e = acceleratorEdit(accel, skyGpu(choice.gpu), count);
        if (!e) return undefined;
        edits.push(e, ...gpuCountFlagEdits(f, invocations, count));
      }
      if (instance && choice.instanceType) {
        const e = setScalar(instance, choice.instanceType);
        if (!e) return undefined;
        edits.push(e);
      }
      return { title: choice.title, edits, safe: false };
    },

    useParquet(dataset) {
      return parquetFlagFix(f, dataset);
    },

    addTags(keys) {
      const resources = task.get('resources');
      if (!resources?.isMap || (resources.node as { flow?: boolean }).flow || resources.get('labels')) return undefined;
      const value = `{${keys.map((k, i) => `${k}: ${tagPlaceholder(k, i + 1)}`).join(', ')}}`;
      const e = upsertEntry(resources, 'labels', raw(value), { after: ['use_spot', 'accelerators', 'instance_type'] });
      return e && { title: `Add cost-attribution labels (${keys.join(', ')}) to resources`, edits: [e], safe: false, snippet: true };
    },

    addIdleShutdown(minutes) {
      const resources = task.get('resources');
      if (!resources?.isMap || (resources.node as { flow?: boolean }).flow) return undefined;
      const existing = resources.get('autostop');
      // `autostop: false` / `-1` becomes the minutes; a map keeps its other keys (`down`, `hook`).
      const idle = existing?.isMap ? existing.get('idle_minutes') : undefined;
      const e = existing?.isMap
        ? idle
          ? setScalar(idle, minutes)
          : insertEntry(existing, 'idle_minutes', minutes)
        : existing
          ? setScalar(existing, `${minutes}m`)
          : insertEntry(resources, 'autostop', { idle_minutes: minutes, ...(cannotStop(resources) && { down: true }) }, { after: ['labels', 'use_spot', 'accelerators', 'instance_type'] });
      // Unsafe: a cluster that stops drops running notebooks and SSH sessions once idle.
      return e && { title: `Stop the cluster after ${minutes} idle minutes (resources.autostop)`, edits: [e], safe: false };
    },

    useSpot() {
      const resources = task.get('resources');
      if (!resources?.isMap || (resources.node as { flow?: boolean }).flow) return undefined;
      const e = upsertEntry(resources, 'use_spot', true, { after: ['accelerators', 'instance_type'] });
      // Only managed jobs (`sky jobs launch`) relaunch a preempted task; the title says so.
      return e && { title: 'Run on spot instances: resources.use_spot: true (launch with `sky jobs launch` so preemptions are recovered)', edits: [e], safe: false };
    },
  };
}

/** Infra that can only tear a cluster down, not stop it (SkyPilot then needs `down: true`). */
const NO_STOP_INFRA = /^(kubernetes|k8s|ssh|runpod|lambda|vast|fluidstack)\b/i;

function cannotStop(resources: YamlNode): boolean {
  const infra = resources.get('infra')?.str() ?? resources.get('cloud')?.str();
  return !!infra && NO_STOP_INFRA.test(infra);
}

/** `A100:8` -> `L4:1` in the form it is written: a scalar keeps its quotes, `{A100: 8}` stays a map. */
function acceleratorEdit(node: YamlNode, gpu: string, count: number): TextEdit | undefined {
  if (node.isScalar) return setScalar(node, `${gpu}:${count}`);
  const n = node.node;
  if (isMap(n) && n.flow && n.items.length === 1) {
    const p = n.items[0];
    const hasValue = isScalar(p.value) && p.value.value !== null;
    return { range: node.valueRange(), newText: hasValue ? `{${gpu}: ${count}}` : `{${gpu}:${count}}` };
  }
  // Several alternatives (set, map or list): the choice replaces them all.
  return { range: node.valueRange(), newText: `${gpu}:${count}` };
}

function checkpointFix(f: FileText, task: YamlNode, invocations: Invocation[]): Fix | undefined {
  const edits: TextEdit[] = [];
  const inv = workloadInvocations(invocations)[0];
  const loc = inv && findFlag(inv, ...LOCATION_FLAGS);
  const strategy = inv && findFlag(inv, 'save_strategy');
  if (loc?.value && !/\$/.test(loc.value) && !loc.value.startsWith(MOUNT + '/')) {
    const base = loc.value.replace(/\/+$/, '').split('/').pop() || 'output';
    const e = setFlagValue(f, loc, `${MOUNT}/${base.replace(/^\.+$/, 'output')}`);
    if (e) edits.push({ ...e, newText: snippetEscape(e.newText) });
  }
  if (strategy?.value?.toLowerCase() === 'no') {
    const e = setFlagValue(f, strategy, 'steps');
    if (e) edits.push(e);
  }
  if (!edits.length) return undefined; // nothing on the command line would write to the mount
  const mount = mountEdit(f, task);
  if (mount === undefined) return undefined;
  if (mount) edits.unshift(mount);
  return {
    title: `Save checkpoints to a bucket MOUNTed at ${MOUNT} (fill in the bucket name)`,
    edits,
    safe: false,
    snippet: true,
  };
}

/**
 * The `/checkpoints` entry of `file_mounts:` (null when it is already there; undefined when
 * `file_mounts` is written in a form this edit does not extend).
 */
function mountEdit(f: FileText, task: YamlNode): TextEdit | null | undefined {
  const eol = eolOf(f.text);
  const unit = indentUnit(f.text);
  const entry = (indent: string) =>
    [`${indent}${MOUNT}:`, `${indent}${unit}name: \${1:my-checkpoint-bucket}`, `${indent}${unit}mode: MOUNT`].join(eol);
  const mounts = task.get('file_mounts');
  if (mounts) {
    if (mounts.get(MOUNT)) return null;
    const m = mounts.node;
    if (!isMap(m) || m.flow || !m.items.length) return undefined;
    const first = m.items[0].key as Node | null;
    if (!first?.range) return undefined;
    const indent = /^[ \t]*/.exec(f.lines.lineText(f.lines.position(first.range[0]).line))![0];
    const end = f.lines.lineEnd(f.lines.position(mountsEnd(mounts)).line);
    return { range: f.lines.range(end, end), newText: eol + entry(indent) };
  }
  // A new top-level key, before `setup:`/`run:` (where SkyPilot's docs put it), else at the end.
  const keys = topKeyOffsets(task);
  const before = keys.find((k) => k.key === 'setup' || k.key === 'run');
  if (before) {
    const at = f.lines.offset({ line: f.lines.position(before.start).line, character: 0 });
    const indent = /^[ \t]*/.exec(f.lines.lineText(f.lines.position(at).line))![0];
    return { range: f.lines.range(at, at), newText: `${indent}file_mounts:${eol}${entry(indent + unit)}${eol}` };
  }
  const end = task.node.range?.[1] ?? f.text.length;
  const lead = end > 0 && f.text[end - 1] !== '\n' ? eol : '';
  return { range: f.lines.range(end, end), newText: `${lead}file_mounts:${eol}${entry(unit)}${eol}` };
}

/** Offset of the last content of a block map (its node range may run into trailing blank lines). */
function mountsEnd(mounts: YamlNode): number {
  const n = mounts.node;
  if (!isMap(n)) return mounts.sourceOffset();
  const last = n.items[n.items.length - 1];
  const v = last.value as Node | null;
  const k = last.key as Node | null;
  const r = v?.range ?? k?.range;
  if (!r) return mounts.sourceOffset();
  // range[1] is the value's end; back off over trailing line breaks the parser counted in.
  let end = r[1];
  while (end > r[0] && /\s/.test(mounts.src.text[end - 1])) end--;
  return end;
}

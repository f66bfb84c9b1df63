import { makeFix, precisionElsewhere } from '../../edit/fix';
import { setScalar, upsertEntry } from '../../edit/yamlEdit';
import type { YamlNode } from '../../formats/yaml';
import type { Fix, Job, JobEditor } from '../../types';

// Fixes for `accelerate config` YAML. With a DeepSpeed config file the JSON decides precision:
// that file gets the fix, this one none.

export function accelerateEditor(root: YamlNode, job: Job): JobEditor {
  return { setPrecision: (mode) => setPrecision(root, job, mode) };
}

function setPrecision(root: YamlNode, job: Job, mode: 'bf16' | 'fp16'): Fix | undefined {
  if (precisionElsewhere(job) || job.precision?.value === mode) return undefined;
  // With a DeepSpeed JSON, mixed_precision only fills its "auto" fields: a local fact says so.
  const ds = root.get('deepspeed_config', 'deepspeed_config_file')?.str()?.trim();
  if (ds && ds !== 'none' && job.precision?.source.kind !== 'file') return undefined;
  const title = `Train in ${mode} mixed precision (mixed_precision: ${mode})`;
  const nested = root.get('deepspeed_config', 'mixed_precision');
  if (!root.get('mixed_precision') && nested && nested.value() != null) return makeFix(title, [setScalar(nested, mode)], true);
  return makeFix(title, [upsertEntry(root, 'mixed_precision', mode, sortedPlace(root, 'mixed_precision'))], true);
}

/** `accelerate config` writes keys sorted: keep a sorted file sorted; else add after the last key. */
function sortedPlace(root: YamlNode, key: string): { before?: string[] } {
  const keys = root.entries().map((e) => e.keyName ?? '');
  const sorted = keys.every((k, i) => i === 0 || keys[i - 1] <= k);
  const next = keys.find((k) => k > key);
  return sorted && next ? { before: [next] } : {};
}

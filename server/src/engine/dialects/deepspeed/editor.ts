import { setJsonPath, insertJsonProperty, type JsonValue } from '../../edit/jsonEdit';
import { makeFix, precisionElsewhere } from '../../edit/fix';
import type { JsonNode } from '../../formats/json';
import type { Fix, Job, JobEditor, TextEdit } from '../../types';

// Fixes for DeepSpeed config JSON: the bf16/fp16 sections. Checkpoints and data are the script's.

const SECTIONS = ['bf16', 'bfloat16', 'fp16', 'amp'] as const;
const NEIGHBOURS = ['fp16', 'bf16', 'bfloat16', 'amp', 'gradient_clipping', 'gradient_accumulation_steps', 'train_micro_batch_size_per_gpu'];

export function deepspeedEditor(root: JsonNode, job: Job): JobEditor {
  return { setPrecision: (mode) => setPrecision(root, job, mode) };
}

function isOn(section: JsonNode | undefined): boolean {
  const e = section?.get('enabled');
  return e?.bool() === true || e?.str()?.toLowerCase() === 'auto';
}

function setPrecision(root: JsonNode, job: Job, mode: 'bf16' | 'fp16'): Fix | undefined {
  if (precisionElsewhere(job) || job.precision?.value === mode) return undefined;
  // The older "bfloat16" spelling is kept when the file uses it.
  const key = mode === 'bf16' && !root.get('bf16') && root.get('bfloat16')?.type === 'object' ? 'bfloat16' : mode;
  const section = root.get(key);
  const edits: TextEdit[] = [];
  if (section?.type === 'object') edits.push(...setJsonPath(root, [key, 'enabled'], true));
  else if (!section) {
    // fp16 needs loss scaling; 0 is DeepSpeed's dynamic loss scaling.
    const value: JsonValue = mode === 'fp16' ? { enabled: true, loss_scale: 0 } : { enabled: true };
    edits.push(...insertJsonProperty(root, key, value, { after: NEIGHBOURS }));
  } else return undefined;
  const off: string[] = [];
  for (const other of SECTIONS) {
    if (other === key || (mode === 'bf16' && other === 'bfloat16') || !isOn(root.get(other))) continue;
    edits.push(...setJsonPath(root, [other, 'enabled'], false));
    off.push(`"${other}" off`);
  }
  const what = mode === 'fp16' && !section ? `"fp16": {"enabled": true, "loss_scale": 0}` : `"${key}": {"enabled": true}`;
  return makeFix(`Train in ${mode} mixed precision (${[what, ...off].join(', ')})`, edits, true);
}

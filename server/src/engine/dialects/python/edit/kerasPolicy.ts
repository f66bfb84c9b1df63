// Keras mixed precision: a global policy set right after the imports (before any model is
// built), spelled through the name the file imports Keras by; an explicit `float32` policy has
// its argument changed instead.

import { afterImports, eolOf, literalSnap, replace, withStringContent, type LiteralSnap } from '../../../edit/pythonEdit';
import type { PythonSource } from '../../../formats/python';
import type { LineIndex } from '../../../formats/lineIndex';
import type { Fix } from '../../../types';
import { descendants, stringValue } from '../query';
import type { Scan } from '../scan';

export interface KerasPlan {
  /** `set_global_policy("float32")`'s argument, when the file sets one. */
  float32Arg?: LiteralSnap;
  /** How the policy function is reached: `tf.keras.mixed_precision`, `keras.mixed_precision`, `mixed_precision`. */
  prefix?: string;
  insertAt?: number;
  /** A GradientTape loop: fp16 would need a LossScaleOptimizer, so only bf16 is offered. */
  tapeLoop: boolean;
}

/** The name the file reaches `mixed_precision` through, from its imports. */
function policyPrefix(src: PythonSource): string | undefined {
  let tf: string | undefined;
  let keras: string | undefined;
  for (const n of descendants(src.root, 'import_from_statement')) {
    const m = src.textOf(n.childForFieldName('module_name')!);
    for (const c of n.childrenForFieldName('name')) {
      if (!c) continue;
      const name = src.textOf(c.type === 'aliased_import' ? c.childForFieldName('name')! : c);
      const alias = src.textOf(c.type === 'aliased_import' ? c.childForFieldName('alias')! : c);
      if (name === 'mixed_precision' && /^(tensorflow\.)?keras$/.test(m)) return alias;
      if (name === 'keras' && m === 'tensorflow') keras ??= alias;
    }
  }
  for (const n of descendants(src.root, 'import_statement')) {
    for (const c of n.namedChildren) {
      if (!c) continue;
      const name = src.textOf(c.type === 'aliased_import' ? c.childForFieldName('name')! : c);
      const alias = c.type === 'aliased_import' ? src.textOf(c.childForFieldName('alias')!) : name.split('.')[0];
      if (name === 'keras' || (name === 'tensorflow.keras' && c.type === 'aliased_import')) keras ??= alias;
      if (name === 'tensorflow' || name.startsWith('tensorflow.')) tf ??= alias;
    }
  }
  if (keras) return `${keras}.mixed_precision`;
  return tf ? `${tf}.keras.mixed_precision` : undefined;
}

/** How the file reaches the `keras` module (`keras`, `tf.keras`), when it imports it by a name. */
export function kerasModule(src: PythonSource): string | undefined {
  const prefix = policyPrefix(src);
  return prefix && prefix.endsWith('.mixed_precision') ? prefix.slice(0, -'.mixed_precision'.length) : undefined;
}

export function kerasPlan(s: Scan, tapeLoop: boolean): KerasPlan {
  const { src } = s;
  const plan: KerasPlan = { tapeLoop };
  const policy = s.calls.find((c) => ['set_global_policy', 'set_policy', 'set_dtype_policy'].includes(c.name) && stringValue(src, c.args[0]) === 'float32');
  if (policy) plan.float32Arg = literalSnap(src, policy.args[0]);
  const prefix = policyPrefix(src);
  const at = afterImports(src);
  if (prefix) plan.prefix = prefix;
  if (at !== undefined) plan.insertAt = at;
  return plan;
}

export function kerasFix(text: string, lines: LineIndex, plan: KerasPlan, mode: 'bf16' | 'fp16'): Fix | undefined {
  if (mode === 'fp16' && plan.tapeLoop) return undefined;
  const policy = mode === 'bf16' ? 'mixed_bfloat16' : 'mixed_float16';
  const title = `Train in ${mode}: set the Keras mixed precision policy "${policy}"`;
  if (plan.float32Arg) return { title, edits: [replace(lines, plan.float32Arg.start, plan.float32Arg.end, withStringContent(plan.float32Arg, policy))], safe: true };
  if (!plan.prefix || plan.insertAt === undefined) return undefined;
  const eol = eolOf(text);
  return { title, edits: [replace(lines, plan.insertAt, plan.insertAt, `${eol}${eol}${plan.prefix}.set_global_policy("${policy}")`)], safe: true };
}

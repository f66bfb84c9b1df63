// Periodic checkpoints for the trainers that have a switch for them: HF `save_strategy="no"`
// becomes `"steps"` (every 500 steps), a Lightning Trainer gets a step-based ModelCheckpoint.

import { afterImports, appendItem, containerSnap, eolOf, replace, withStringContent, type CallSnap, type ContainerSnap } from '../../../edit/pythonEdit';
import type { PyNode, PythonSource } from '../../../formats/python';
import type { LineIndex } from '../../../formats/lineIndex';
import type { Fix, TextEdit } from '../../../types';
import { importedFrom } from '../query';
import type { Scan } from '../scan';

export function hfCheckpointFix(text: string, lines: LineIndex, args: CallSnap): Fix | undefined {
  const strategy = args.kwargs.get('save_strategy');
  if (!strategy) return undefined;
  const v = strategy.value;
  let edit: TextEdit | undefined;
  if (v.type === 'string' && /^[a-zA-Z]*(["'])no\1$/.test(v.text)) edit = replace(lines, v.start, v.end, withStringContent(v, 'steps'));
  else if (v.type === 'attribute' && /\.NO$/.test(v.text)) edit = replace(lines, v.end - 2, v.end, 'STEPS');
  if (!edit) return undefined;
  const edits = [edit];
  if (!args.kwargs.has('save_steps')) edits.push(...appendItem(text, lines, args.args, 'save_steps=500'));
  return { title: 'Save a checkpoint every 500 steps (save_strategy="steps")', edits, safe: true };
}

export interface LightningCheckpointPlan {
  /** `callbacks=[...]` already passed: the new callback joins the list. */
  callbacksList?: ContainerSnap;
  /** `callbacks=` is something other than a list literal: no automatic fix. */
  callbacksOther: boolean;
  /** `enable_checkpointing=False`: Lightning refuses a ModelCheckpoint then, so it is turned on. */
  disabledAt?: { start: number; end: number };
  /** The import to add, when `ModelCheckpoint` is not bound yet, and where. */
  importLine?: string;
  importAt?: number;
  alreadyUsed: boolean;
}

export function lightningCheckpointPlan(s: Scan, trainer: CallSnap, callbacksNode: PyNode | undefined): LightningCheckpointPlan {
  const { src } = s;
  const plan: LightningCheckpointPlan = { callbacksOther: false, alreadyUsed: s.calls.some((c) => c.name === 'ModelCheckpoint') };
  if (callbacksNode?.type === 'list') plan.callbacksList = containerSnap(callbacksNode);
  else if (callbacksNode) plan.callbacksOther = true;
  const disabled = trainer.kwargs.get('enable_checkpointing');
  if (disabled?.value.type === 'false') plan.disabledAt = { start: disabled.value.start, end: disabled.value.end };
  if (!importedFrom(src, 'ModelCheckpoint')) {
    const legacy = /^\s*(from|import)\s+pytorch_lightning\b/m.test(src.text) && !/^\s*(from|import)\s+lightning\b/m.test(src.text);
    plan.importLine = `from ${legacy ? 'pytorch_lightning' : 'lightning.pytorch'}.callbacks import ModelCheckpoint`;
    const at = afterImports(src as PythonSource);
    if (at !== undefined) plan.importAt = at;
  }
  return plan;
}

const CALLBACK = 'ModelCheckpoint(every_n_train_steps=1000, save_last=True)';

export function lightningCheckpointFix(text: string, lines: LineIndex, trainer: CallSnap, plan: LightningCheckpointPlan): Fix | undefined {
  if (plan.alreadyUsed || plan.callbacksOther || (plan.importLine && plan.importAt === undefined)) return undefined;
  const edits: TextEdit[] = [];
  if (plan.importLine && plan.importAt !== undefined) edits.push(replace(lines, plan.importAt, plan.importAt, `${eolOf(text)}${plan.importLine}`));
  if (plan.disabledAt) edits.push(replace(lines, plan.disabledAt.start, plan.disabledAt.end, 'True'));
  if (plan.callbacksList) edits.push(...appendItem(text, lines, plan.callbacksList, CALLBACK));
  else edits.push(...appendItem(text, lines, trainer.args, `callbacks=[${CALLBACK}]`));
  return {
    title: plan.callbacksList ? 'Add a ModelCheckpoint every 1000 steps to the Trainer callbacks' : 'Save a checkpoint every 1000 steps (ModelCheckpoint callback)',
    edits,
    // Joining an existing callbacks list may duplicate what another callback already does.
    safe: !plan.callbacksList,
  };
}

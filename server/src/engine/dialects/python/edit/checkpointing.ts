// Periodic checkpoints for the trainers that have a switch for them: HF `save_strategy="no"`
// becomes `"steps"` (every 500 steps), a Lightning Trainer gets a step-based ModelCheckpoint.

import { appendItem, replace, withStringContent, type CallSnap } from '../../../edit/pythonEdit';
import type { PyNode } from '../../../formats/python';
import type { LineIndex } from '../../../formats/lineIndex';
import type { Fix, TextEdit } from '../../../types';
import { callbackEdits, callbackPlan, lightningCallbackImport, type CallbackPlan } from './callbacks';
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
  callbacks: CallbackPlan;
  /** `enable_checkpointing=False`: Lightning refuses a ModelCheckpoint then, so it is turned on. */
  disabledAt?: { start: number; end: number };
  alreadyUsed: boolean;
}

export function lightningCheckpointPlan(s: Scan, trainer: CallSnap, callbacksNode: PyNode | undefined): LightningCheckpointPlan {
  const plan: LightningCheckpointPlan = {
    callbacks: callbackPlan(s, callbacksNode, lightningCallbackImport(s.src, 'ModelCheckpoint')),
    alreadyUsed: s.calls.some((c) => c.name === 'ModelCheckpoint'),
  };
  const disabled = trainer.kwargs.get('enable_checkpointing');
  if (disabled?.value.type === 'false') plan.disabledAt = { start: disabled.value.start, end: disabled.value.end };
  return plan;
}

const CALLBACK = 'ModelCheckpoint(every_n_train_steps=1000, save_last=True)';

export function lightningCheckpointFix(text: string, lines: LineIndex, trainer: CallSnap, plan: LightningCheckpointPlan): Fix | undefined {
  if (plan.alreadyUsed) return undefined;
  const edits = callbackEdits(text, lines, trainer, plan.callbacks, CALLBACK);
  if (!edits) return undefined;
  if (plan.disabledAt) edits.push(replace(lines, plan.disabledAt.start, plan.disabledAt.end, 'True'));
  return {
    title: plan.callbacks.list ? 'Add a ModelCheckpoint every 1000 steps to the Trainer callbacks' : 'Save a checkpoint every 1000 steps (ModelCheckpoint callback)',
    edits,
    // Joining an existing callbacks list may duplicate what another callback already does.
    safe: !plan.callbacks.list,
  };
}

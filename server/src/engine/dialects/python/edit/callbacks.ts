// One callback added to a call's `callbacks=[…]` (a Lightning Trainer, a Keras `fit`): joins the
// list when there is one, else the keyword is added; the import is added after the file's imports
// when the class is not bound yet. ModelCheckpoint and EarlyStopping fixes share it.

import { afterImports, appendItem, containerSnap, eolOf, replace, type CallSnap, type ContainerSnap } from '../../../edit/pythonEdit';
import type { LineIndex } from '../../../formats/lineIndex';
import type { PyNode, PythonSource } from '../../../formats/python';
import type { TextEdit } from '../../../types';
import { importedFrom } from '../query';
import type { Scan } from '../scan';

export interface CallbackPlan {
  /** `callbacks=[...]` already passed: the new callback joins the list. */
  list?: ContainerSnap;
  /** `callbacks=` is something other than a list literal: no automatic fix. */
  other: boolean;
  /** The import to add, when the class is not bound yet, and where. */
  importLine?: string;
  importAt?: number;
}

/** `from lightning.pytorch.callbacks import X` (or `pytorch_lightning`, as the file imports Lightning). */
export function lightningCallbackImport(src: PythonSource, cls: string): string | undefined {
  if (importedFrom(src, cls)) return undefined;
  const legacy = /^\s*(from|import)\s+pytorch_lightning\b/m.test(src.text) && !/^\s*(from|import)\s+lightning\b/m.test(src.text);
  return `from ${legacy ? 'pytorch_lightning' : 'lightning.pytorch'}.callbacks import ${cls}`;
}

export function callbackPlan(s: Scan, callbacksNode: PyNode | undefined, importLine?: string): CallbackPlan {
  const plan: CallbackPlan = { other: false };
  if (callbacksNode?.type === 'list') plan.list = containerSnap(callbacksNode);
  else if (callbacksNode) plan.other = true;
  if (importLine) {
    plan.importLine = importLine;
    const at = afterImports(s.src);
    if (at !== undefined) plan.importAt = at;
  }
  return plan;
}

/** The edits that add `callback` to `host`'s callbacks; undefined when the file's shape does not allow it. */
export function callbackEdits(text: string, lines: LineIndex, host: CallSnap, plan: CallbackPlan, callback: string): TextEdit[] | undefined {
  if (plan.other || (plan.importLine && plan.importAt === undefined)) return undefined;
  const edits: TextEdit[] = [];
  if (plan.importLine && plan.importAt !== undefined) edits.push(replace(lines, plan.importAt, plan.importAt, `${eolOf(text)}${plan.importLine}`));
  edits.push(...(plan.list ? appendItem(text, lines, plan.list, callback) : appendItem(text, lines, host.args, `callbacks=[${callback}]`)));
  return edits;
}

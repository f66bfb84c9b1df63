// Mixed precision for a hand-written PyTorch loop: the forward pass and loss, written as plain
// assignments right before `loss.backward()`, go under `torch.autocast`; fp16 also gets a
// GradScaler. Only that recognisable shape is rewritten: anything else gets no fix.

import { eolOf, replace, type LiteralSnap } from '../../../edit/pythonEdit';
import type { PyNode, PythonSource } from '../../../formats/python';
import type { LineIndex } from '../../../formats/lineIndex';
import type { Fix, TextEdit } from '../../../types';
import { descendants } from '../query';

export type PrecisionMode = 'bf16' | 'fp16';

/** Plain data taken from the tree: enough to write the edits after it is gone. */
interface LoopShape {
  firstLine: number;
  lastLine: number;
  indent: string;
  unit: string;
  lossName: string;
  /** `loss` in `loss.backward()`. */
  backwardReceiver: LiteralSnap;
  /** `optimizer.step()` in the same block, its receiver, and the statement's indentation. */
  step?: { call: LiteralSnap; optimizer: string };
  /** Where `scaler = ...` goes: the start of the outermost loop's line, and its indentation. */
  loop?: { lineStart: number; indent: string };
  /** `clip_grad_norm_(...)` statements between backward and step: need unscaled gradients. */
  clipLines: number[];
  scalerFree: boolean;
}

const isAssignment = (n: PyNode) => n.type === 'expression_statement' && ['assignment', 'augmented_assignment'].includes(n.namedChildren[0]?.type ?? '');

function lineIndent(lines: LineIndex, line: number): string {
  return /^[ \t]*/.exec(lines.lineText(line))![0];
}

/** Reads the loop's shape around `backward` (a `X.backward()` call), or undefined. */
export function loopShape(src: PythonSource, backward: PyNode): LoopShape | undefined {
  const fn = backward.childForFieldName('function');
  const recv = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
  const stmt = backward.parent;
  if (!recv || recv.type !== 'identifier' || stmt?.type !== 'expression_statement' || stmt.parent?.type !== 'block') return undefined;
  if (!/^import torch(\s|$|\.)/m.test(src.text)) return undefined; // `torch.autocast` needs the name `torch`
  const lossName = src.textOf(recv);
  const run: PyNode[] = [];
  for (let p = stmt.previousNamedSibling; p && (isAssignment(p) || p.type === 'comment'); p = p.previousNamedSibling) run.unshift(p);
  while (run[0]?.type === 'comment') run.shift();
  const assignsLoss = run.some((n) => {
    const left = n.namedChildren[0]?.childForFieldName('left');
    return n.namedChildren[0]?.type === 'assignment' && left?.type === 'identifier' && src.textOf(left) === lossName;
  });
  if (!run.length || !assignsLoss) return undefined;
  // Re-indenting a multi-line string would change its value.
  if (run.some((n) => descendants(n, 'string').some((s) => s.startPosition.row !== s.endPosition.row))) return undefined;
  const { lines } = src;
  const firstLine = run[0].startPosition.row;
  const indent = lineIndent(lines, firstLine);
  const owner = stmt.parent.parent;
  const ownerIndent = owner ? lineIndent(lines, owner.startPosition.row) : '';
  const unit = indent.startsWith(ownerIndent) && indent.length > ownerIndent.length ? indent.slice(ownerIndent.length) : '    ';

  let step: LoopShape['step'];
  const clipLines: number[] = [];
  for (let n = stmt.nextNamedSibling; n; n = n.nextNamedSibling) {
    const call = n.type === 'expression_statement' && n.namedChildren[0]?.type === 'call' ? n.namedChildren[0] : undefined;
    const callee = call?.childForFieldName('function');
    const text = callee ? src.textOf(callee) : '';
    if (/clip_grad_(norm|value)_$/.test(text)) clipLines.push(n.startPosition.row);
    const m = /^([A-Za-z_][\w.]*)\.step$/.exec(text);
    if (call && m && /optim|(^|_)opt$/i.test(m[1]) && call.childForFieldName('arguments')?.namedChildren.length === 0) {
      step = { call: { type: 'call', start: call.startIndex, end: call.endIndex, text: src.textOf(call) }, optimizer: m[1] };
      break;
    }
  }
  let loop: PyNode | undefined;
  for (let p: PyNode | null = stmt.parent; p && p.type !== 'function_definition' && p.type !== 'module'; p = p.parent) {
    if (p.type === 'for_statement' || p.type === 'while_statement') loop = p;
  }
  return {
    firstLine,
    lastLine: run[run.length - 1].endPosition.row,
    indent,
    unit,
    lossName,
    backwardReceiver: { type: 'identifier', start: recv.startIndex, end: recv.endIndex, text: lossName },
    ...(step && { step }),
    ...(loop && { loop: { lineStart: lines.offset({ line: loop.startPosition.row, character: 0 }), indent: lineIndent(lines, loop.startPosition.row) } }),
    clipLines,
    scalerFree: !/\bscaler\b/.test(src.text),
  };
}

export function autocastFix(text: string, lines: LineIndex, shape: LoopShape, mode: PrecisionMode): Fix | undefined {
  const eol = eolOf(text);
  const dtype = mode === 'bf16' ? 'torch.bfloat16' : 'torch.float16';
  const at = (line: number) => ({ line, character: 0 });
  const edits: TextEdit[] = [{ range: { start: at(shape.firstLine), end: at(shape.firstLine) }, newText: `${shape.indent}with torch.autocast("cuda", dtype=${dtype}):${eol}` }];
  for (let l = shape.firstLine; l <= shape.lastLine; l++) {
    if (lines.lineText(l).trim() !== '') edits.push({ range: { start: at(l), end: at(l) }, newText: shape.unit });
  }
  if (mode === 'bf16') {
    return { title: 'Train in bf16: run the forward pass and loss under torch.autocast', edits, safe: true };
  }
  // fp16 needs loss scaling: a GradScaler around backward and the optimizer step.
  if (!shape.step || !shape.loop || !shape.scalerFree) return undefined;
  const opt = shape.step.optimizer;
  edits.unshift({ range: lines.range(shape.loop.lineStart, shape.loop.lineStart), newText: `${shape.loop.indent}scaler = torch.amp.GradScaler()${eol}` });
  edits.push(replace(lines, shape.backwardReceiver.start, shape.backwardReceiver.end, `scaler.scale(${shape.lossName})`));
  for (const l of shape.clipLines) edits.push({ range: { start: at(l), end: at(l) }, newText: `${shape.indent}scaler.unscale_(${opt})${eol}` });
  const stepLine = lines.position(shape.step.call.start).line;
  const end = lines.lineEnd(stepLine);
  edits.push(replace(lines, shape.step.call.start, shape.step.call.end, `scaler.step(${opt})`));
  edits.push({ range: lines.range(end, end), newText: `${eol}${lineIndent(lines, stepLine)}scaler.update()` });
  return { title: 'Train in fp16: autocast the forward pass and loss, with a GradScaler for backward and step', edits, safe: true };
}

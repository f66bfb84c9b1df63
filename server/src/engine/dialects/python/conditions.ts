import type { PyNode, PythonSource } from '../../formats/python';
import { identifierNames } from './query';

// Whether a precision switch only applies on some runs (`if args.fp16: scaler = GradScaler()`).

const PRECISION_FLAG = /amp|fp16|bf16|half|precision|dtype|mixed|autocast|scaler|cuda|gpu|device/i;

/**
 * True when `n` sits in an `if` branch or conditional expression whose condition reads a
 * precision/device flag, so the precision is decided at run time. `if __name__ == "__main__"`
 * and unrelated conditions (`if step % 100 == 0`) do not count.
 */
export function underPrecisionCondition(src: PythonSource, n: PyNode): boolean {
  let child = n;
  for (let p = n.parent; p && p.type !== 'module'; child = p, p = p.parent) {
    if (p.type === 'function_definition' || p.type === 'class_definition') return false;
    let cond: PyNode | null = null;
    if (p.type === 'if_statement' || p.type === 'elif_clause') cond = p.childForFieldName('condition');
    else if (p.type === 'conditional_expression') cond = p.namedChildren[1] ?? null;
    else if (p.type === 'else_clause' && p.parent?.type === 'if_statement') cond = p.parent.childForFieldName('condition');
    if (!cond || cond.id === child.id) continue;
    if (identifierNames(src, cond).some((name) => PRECISION_FLAG.test(name))) return true;
  }
  return false;
}

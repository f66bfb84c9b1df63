import type { PythonSource } from '../../../formats/python';
import { descendants, type CallInfo } from '../query';

// Which calls construct a SageMaker estimator. Only names bound by an import from `sagemaker`
// count, so a project's own `Estimator` class or `torch`'s names are never mistaken for one.

export const ESTIMATOR_CLASSES = new Set([
  'Estimator',
  'PyTorch',
  'HuggingFace',
  'TensorFlow',
  'MXNet',
  'SKLearn',
  'XGBoost',
  'JumpStartEstimator',
  'Framework',
  'Chainer',
]);

/** Estimators whose training code is classic ML on CPU-friendly libraries: no precision to judge. */
export const NO_PRECISION_CLASSES = new Set(['SKLearn', 'XGBoost']);

/** Names bound by imports from `sagemaker` -> what they name (`PT` -> `PyTorch`, `sm` -> `sagemaker`). */
export function sagemakerBindings(src: PythonSource): Map<string, string> {
  const out = new Map<string, string>();
  for (const n of descendants(src.root, 'import_statement')) {
    for (const c of n.namedChildren) {
      if (!c) continue;
      const name = c.type === 'aliased_import' ? c.childForFieldName('name') : c;
      const alias = c.type === 'aliased_import' ? c.childForFieldName('alias') : undefined;
      const dotted = name ? src.textOf(name) : '';
      if (dotted.split('.')[0] !== 'sagemaker') continue;
      // `import sagemaker.pytorch` binds `sagemaker`; `import sagemaker.pytorch as smp` binds `smp`.
      if (alias) out.set(src.textOf(alias), dotted);
      else out.set('sagemaker', 'sagemaker');
    }
  }
  for (const n of descendants(src.root, 'import_from_statement')) {
    const m = n.childForFieldName('module_name');
    if (!m || src.textOf(m).split('.')[0] !== 'sagemaker') continue;
    for (const c of n.childrenForFieldName('name')) {
      if (!c) continue;
      const name = c.type === 'aliased_import' ? c.childForFieldName('name') : c;
      const alias = c.type === 'aliased_import' ? c.childForFieldName('alias') : c;
      if (name && alias) out.set(src.textOf(alias), src.textOf(name));
    }
  }
  return out;
}

/** The estimator class a call constructs (`PyTorch`, `HuggingFace`...), else undefined. */
export function estimatorClass(c: CallInfo, bindings: Map<string, string>): string | undefined {
  const parts = c.callee.split('.');
  if (parts.length === 1) {
    const original = bindings.get(c.callee);
    return original && ESTIMATOR_CLASSES.has(original) ? original : undefined;
  }
  return bindings.has(parts[0]) && ESTIMATOR_CLASSES.has(c.name) ? c.name : undefined;
}

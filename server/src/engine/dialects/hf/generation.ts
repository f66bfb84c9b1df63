// The work of a LLaMA-Factory prediction config (`do_predict: true`): it answers the eval datasets'
// prompts once and ends, so it has a run cost (cost/generation.ts). Defaults are LLaMA-Factory's own:
// DataArguments.cutoff_len 2048, GeneratingArguments.max_new_tokens 1024 (hparams, v0.9).
import { byDefault, fromFile } from '../../facts';
import type { GenerationFacts } from '../../types';
import { strOf, type ConfigNode } from './configNode';
import type { HfFlavour } from './flavour';

export function hfGeneration(root: ConfigNode, flavour: HfFlavour): GenerationFacts | undefined {
  if (flavour !== 'llama-factory' || root.get('do_predict')?.bool() !== true) return undefined;
  const g: GenerationFacts = {};
  const names = (strOf(root.get('eval_dataset')) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const cap = root.get('max_samples');
  const capN = cap?.num();
  // max_samples truncates each dataset: an upper bound on the prompts when a dataset is smaller.
  if (cap && capN !== undefined && capN > 0 && names.length) g.prompts = fromFile(capN * names.length, cap.range(), `max_samples × ${names.length} eval dataset${names.length > 1 ? 's' : ''}`);
  const cutoff = root.get('cutoff_len');
  const cutoffN = cutoff?.num();
  g.promptTokens = cutoff && cutoffN !== undefined && cutoffN > 0 ? fromFile(cutoffN, cutoff.range(), 'cutoff_len') : byDefault(2048, 'LLaMA-Factory cutoff_len default 2048');
  if (root.get('predict_with_generate')?.bool() === true) {
    const max = root.get('max_new_tokens');
    const maxN = max?.num();
    g.newTokens = max && maxN !== undefined && maxN > 0 ? fromFile(maxN, max.range(), 'max_new_tokens') : byDefault(1024, 'LLaMA-Factory max_new_tokens default 1024 (GeneratingArguments)');
  }
  const batch = root.get('per_device_eval_batch_size');
  const batchN = batch?.num();
  g.batch = batch && batchN !== undefined && batchN > 0 ? fromFile(batchN, batch.range(), 'per_device_eval_batch_size') : byDefault(8, 'transformers per_device_eval_batch_size default 8');
  return g;
}

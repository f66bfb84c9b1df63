// Parameters of a decoder transformer from the shape a launch command or config states
// (`--num-layers 32 --hidden-size 4096 --ffn-hidden-size 11008 --num-query-groups 8`), for custom
// and Megatron-style scripts that name no model id. Per layer: attention d·d (query) + 2·d·d·kv/heads
// (key, value; grouped-query attention shrinks them) + d·d (output); the MLP 2·d·ffn, or 3·d·ffn with a
// gated unit (SwiGLU: LLaMA, Mistral, Qwen). Embeddings: vocabulary × d, twice when untied.
// Norms and biases are under 0.1% and left out. GPT-2's 12·L·d² + V·d is the ungated, ffn = 4d case.

export interface TransformerShape {
  layers: number;
  hidden: number;
  /** MLP width; 4·hidden when not stated (GPT, BERT). */
  ffn?: number;
  heads?: number;
  /** Key/value heads (grouped-query attention); all heads when not stated. */
  kvHeads?: number;
  vocab?: number;
  /** Gated MLP (SwiGLU/GeGLU): three matrices instead of two. */
  gated?: boolean;
  /** Input and output embeddings are separate matrices. */
  untied?: boolean;
}

/** GPT-2's BPE vocabulary: the assumption when the shape names none (embeddings are a small share past ~1B). */
export const DEFAULT_VOCAB = 50257;

export function transformerParameters(s: TransformerShape): number {
  const d = s.hidden;
  const ffn = s.ffn ?? 4 * d;
  const kvShare = s.heads && s.kvHeads && s.kvHeads > 0 && s.kvHeads <= s.heads ? s.kvHeads / s.heads : 1;
  const attention = 2 * d * d + 2 * d * d * kvShare;
  const mlp = (s.gated ? 3 : 2) * d * ffn;
  const embeddings = (s.vocab ?? DEFAULT_VOCAB) * d * (s.untied ? 2 : 1);
  return s.layers * (attention + mlp) + embeddings;
}

/** The formula with its inputs, for the assumption a shape-derived parameter count carries. */
export function describeShape(s: TransformerShape): string {
  const parts = [`${s.layers} layers × ${s.hidden} hidden`];
  parts.push(s.ffn ? `MLP ${s.ffn}${s.gated ? ' gated' : ''}` : `MLP 4×hidden${s.gated ? ' gated' : ''} (not stated)`);
  if (s.heads && s.kvHeads && s.kvHeads < s.heads) parts.push(`${s.kvHeads} of ${s.heads} key/value heads`);
  parts.push(s.vocab ? `vocabulary ${s.vocab}` : `vocabulary ${DEFAULT_VOCAB} (not stated: GPT-2's)`);
  return `decoder transformer of ${parts.join(', ')}: L·(attention + MLP) + embeddings`;
}

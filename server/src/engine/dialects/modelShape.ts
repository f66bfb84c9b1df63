// A decoder transformer a file builds from shape settings, whatever the spelling: Megatron-style
// flags (`--num-layers 32 --hidden-size 4096 --ffn-hidden-size 11008 --swiglu`), custom scripts'
// flags (`--n_layer`, `--hidden_width`), NeMo Megatron configs (`model.num_layers`,
// `activation: swiglu`). Each dialect reads its keys through `read`; the size is cost/transformerSize.ts.
import { byDefault } from '../facts';
import { describeShape, transformerParameters, type TransformerShape } from '../cost/transformerSize';
import type { Fact, ModelFacts } from '../types';

export const LAYER_KEYS = ['num_layers', 'n_layer', 'n_layers', 'num_hidden_layers'];
export const HIDDEN_KEYS = ['hidden_size', 'hidden_width', 'n_embd', 'd_model', 'hidden_dim', 'model_dim'];
const HEAD_KEYS = ['num_attention_heads', 'num_heads', 'n_head', 'n_heads'];
const KV_KEYS = ['num_key_value_heads', 'num_query_groups', 'n_kv_heads', 'num_kv_heads'];
const FFN_KEYS = ['ffn_hidden_size', 'intermediate_size', 'ffn_dim', 'd_ff', 'mlp_dim'];
const VOCAB_KEYS = ['vocab_size', 'padded_vocab_size'];

export interface ShapeReader {
  /** A positive integer under one of `names`, with its source. */
  int(...names: string[]): Fact<number> | undefined;
  /** A switch (`--swiglu`); undefined when absent or unreadable. */
  bool(...names: string[]): boolean | undefined;
  /** A string setting (`model_type`, `activation`). */
  str(...names: string[]): string | undefined;
}

/** Layers, width and parameter count; undefined unless both layers and width are stated. */
export function transformerFromSettings(read: ShapeReader): Pick<ModelFacts, 'layers' | 'hidden' | 'parameters'> | undefined {
  const layers = read.int(...LAYER_KEYS);
  const hidden = read.int(...HIDDEN_KEYS);
  if (!layers || !hidden || layers.value > 1000 || hidden.value < 64 || hidden.value > 65536) return undefined;
  const heads = read.int(...HEAD_KEYS)?.value;
  const kv = read.int(...KV_KEYS)?.value;
  const ffn = read.int(...FFN_KEYS)?.value;
  const vocab = read.int(...VOCAB_KEYS)?.value;
  const type = `${read.str('model_type', 'architecture', 'arch') ?? ''} ${read.str('activation') ?? ''}`;
  const shared = read.bool('share_embeddings_and_output_weights');
  const shape: TransformerShape = {
    layers: layers.value,
    hidden: hidden.value,
    ...(ffn && { ffn }),
    ...(heads && { heads }),
    ...(kv && { kvHeads: kv }),
    ...(vocab && { vocab }),
    // LLaMA-family blocks gate their MLP (SwiGLU); Megatron says `--swiglu`, NeMo `activation: swiglu`.
    gated: read.bool('swiglu') === true || /llama|mistral|qwen|gemma|swiglu|geglu|reglu/i.test(type),
    untied: read.bool('untie_embeddings_and_output_weights') === true || shared === false,
  };
  const at = layers.source.kind === 'file' ? layers.source.range : undefined;
  return { layers, hidden, parameters: byDefault(transformerParameters(shape), describeShape(shape), at) };
}

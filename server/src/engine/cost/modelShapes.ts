// Layers and hidden size of well-known decoder models, for the attention term of the FLOPs count
// (6·L·d·T per token, causal). From each model's Hugging Face config.json (`n_layer`/`n_embd` for GPT-2,
// `num_hidden_layers`/`hidden_size` otherwise), copied 2026-11. Unknown models: attention is left
// out and the estimate says so.

export interface ModelShape {
  layers: number;
  dModel: number;
  /** Encoders (BERT, RoBERTa) attend both ways: the full 12·L·d·T, not the causal half. */
  bidirectional?: boolean;
  basis: string;
}

const SHAPES: [string, number, number, 'encoder'?][] = [
  ['gpt2', 12, 768],
  ['gpt2-medium', 24, 1024],
  ['gpt2-large', 36, 1280],
  ['gpt2-xl', 48, 1600],
  ['tinyllama-1.1b', 22, 2048],
  ['llama-2-7b', 32, 4096],
  ['llama-2-13b', 40, 5120],
  ['llama-2-70b', 80, 8192],
  ['llama-3-8b', 32, 4096],
  ['llama-3.1-8b', 32, 4096],
  ['llama-3-70b', 80, 8192],
  ['llama-3.1-70b', 80, 8192],
  ['llama-3.2-1b', 16, 2048],
  ['llama-3.2-3b', 28, 3072],
  ['mistral-7b', 32, 4096],
  ['qwen2.5-7b', 28, 3584],
  // Added 2026-12 (published-runs validation; each model's config.json: n_layer/n_embd,
  // num_hidden_layers/hidden_size, n_layers/d_model for MPT).
  ['llama-3.1-405b', 126, 16384],
  ['llama-3.3-70b', 80, 8192],
  ['starcoder', 40, 6144],
  ['bloom', 70, 14336],
  ['falcon-7b', 32, 4544],
  ['opt-175b', 96, 12288],
  ['phi-1', 24, 2048],
  ['phi-1_5', 24, 2048],
  ['phi-2', 32, 2560],
  ['pythia-1b', 16, 2048],
  ['mpt-1b-redpajama-200b', 24, 2048],
  ['roberta-large', 24, 1024, 'encoder'],
  ['bert-large-uncased', 24, 1024, 'encoder'],
  ['bert-large-cased', 24, 1024, 'encoder'],
  ['bert-base-uncased', 12, 768, 'encoder'],
  ['bert-base-cased', 12, 768, 'encoder'],
  ['qwen-1_8b', 24, 2048],
  ['qwen-7b', 32, 4096],
  ['qwen-14b', 40, 5120],
  ['qwen-72b', 80, 8192],
];

/** Shape for a hub id as written (`openai-community/gpt2-medium`, `meta-llama/Llama-2-7b-chat-hf`). */
export function modelShape(id: string): ModelShape | undefined {
  const name = id.trim().toLowerCase().replace(/^.*\//, '').replace(/^meta-llama-/, 'llama-');
  let best: (typeof SHAPES)[number] | undefined;
  for (const s of SHAPES) {
    const k = s[0];
    if ((name === k || (name.startsWith(k) && /[-_.]/.test(name[k.length]))) && (!best || k.length > best[0].length)) best = s;
  }
  return best && { layers: best[1], dModel: best[2], ...(best[3] && { bidirectional: true }), basis: `${best[0]}: ${best[1]} layers × ${best[2]} hidden (Hugging Face config.json)` };
}

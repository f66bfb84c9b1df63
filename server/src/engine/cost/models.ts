// Parameter counts of well-known models, by Hugging Face hub id. Figures are total parameters
// (embeddings included) as stated on each model's Hugging Face model card or in its paper
// (GPT-2: Radford et al. 2019 as re-counted by HF; Pythia: EleutherAI/pythia README table;
// Llama 2/3: Meta model cards; Qwen2.5/Qwen3: Qwen model cards; Mixtral: Mistral AI, 46.7B total),
// rounded to 3 significant figures; copied 2026-11. Used only to size memory and compute; an
// annotation or architecture keys in the file win over this table.

const M = 1e6;
const B = 1e9;

// Keys: lower-case name without the org prefix. Aliases share one entry.
const TABLE: [string[], number][] = [
  // OpenAI GPT-2
  [['gpt2', 'gpt2-small'], 124 * M],
  [['gpt2-medium'], 355 * M],
  [['gpt2-large'], 774 * M],
  [['gpt2-xl'], 1.56 * B],
  [['distilgpt2'], 82 * M],
  // Meta Llama
  [['llama-2-7b'], 6.74 * B],
  [['llama-2-13b'], 13.0 * B],
  [['llama-2-70b'], 69.0 * B],
  [['llama-3-8b', 'llama-3.1-8b'], 8.03 * B],
  [['llama-3-70b', 'llama-3.1-70b', 'llama-3.3-70b'], 70.6 * B],
  [['llama-3.1-405b'], 406 * B],
  [['llama-3.2-1b'], 1.24 * B],
  [['llama-3.2-3b'], 3.21 * B],
  [['tinyllama-1.1b', 'tinyllama'], 1.10 * B],
  [['open_llama_3b', 'open_llama_3b_v2'], 3.43 * B],
  [['open_llama_7b', 'open_llama_7b_v2'], 6.74 * B],
  [['open_llama_13b'], 13.0 * B],
  // Mistral AI
  [['mistral-7b'], 7.24 * B],
  [['mixtral-8x7b'], 46.7 * B],
  [['mixtral-8x22b'], 141 * B],
  // Qwen
  [['qwen2.5-0.5b'], 0.494 * B],
  [['qwen2.5-1.5b'], 1.54 * B],
  [['qwen2.5-3b'], 3.09 * B],
  [['qwen2.5-7b'], 7.62 * B],
  [['qwen2.5-14b'], 14.7 * B],
  [['qwen2.5-32b'], 32.5 * B],
  [['qwen2.5-72b'], 72.7 * B],
  [['qwen3-0.6b'], 0.6 * B],
  [['qwen3-1.7b'], 1.7 * B],
  [['qwen3-4b'], 4.0 * B],
  [['qwen3-8b'], 8.2 * B],
  [['qwen3-14b'], 14.8 * B],
  [['qwen3-32b'], 32.8 * B],
  [['qwen3-30b-a3b'], 30.5 * B],
  [['qwen3-235b-a22b'], 235 * B],
  // Microsoft Phi
  [['phi-1_5'], 1.42 * B],
  [['phi-2'], 2.78 * B],
  [['phi-3-mini', 'phi-3-mini-4k', 'phi-3-mini-128k', 'phi-3.5-mini'], 3.82 * B],
  [['phi-3-medium', 'phi-3-medium-4k', 'phi-3-medium-128k'], 14.0 * B],
  // Google
  [['gemma-2b'], 2.51 * B],
  [['gemma-7b'], 8.54 * B],
  [['gemma-2-2b'], 2.61 * B],
  [['gemma-2-9b'], 9.24 * B],
  [['gemma-2-27b'], 27.2 * B],
  [['t5-small'], 60.5 * M],
  [['t5-base'], 223 * M],
  [['t5-large'], 738 * M],
  [['t5-3b'], 2.85 * B],
  [['t5-11b'], 11.3 * B],
  [['flan-t5-small'], 77 * M],
  [['flan-t5-base'], 248 * M],
  [['flan-t5-large'], 783 * M],
  [['flan-t5-xl'], 2.85 * B],
  [['flan-t5-xxl'], 11.3 * B],
  [['vit-base-patch16-224', 'vit-base-patch16-224-in21k', 'vit-base-patch32-224-in21k', 'vit-base'], 86.6 * M],
  [['vit-large-patch16-224', 'vit-large'], 304 * M],
  // EleutherAI
  [['pythia-70m'], 70.4 * M],
  [['pythia-160m'], 162 * M],
  [['pythia-410m'], 405 * M],
  [['pythia-1b'], 1.01 * B],
  [['pythia-1.4b'], 1.41 * B],
  [['pythia-2.8b'], 2.78 * B],
  [['pythia-6.9b'], 6.86 * B],
  [['pythia-12b'], 11.8 * B],
  [['gpt-j-6b'], 6.05 * B],
  [['gpt-neox-20b'], 20.6 * B],
  // TII Falcon
  [['falcon-7b'], 7.22 * B],
  [['falcon-40b'], 41.8 * B],
  // Meta OPT
  [['opt-125m'], 125 * M],
  [['opt-350m'], 331 * M],
  [['opt-1.3b'], 1.32 * B],
  [['opt-2.7b'], 2.65 * B],
  [['opt-6.7b'], 6.66 * B],
  [['opt-13b'], 12.9 * B],
  [['opt-30b'], 30.0 * B],
  [['opt-66b'], 65.7 * B],
  // Encoders
  [['bert-base-uncased', 'bert-base-cased', 'bert-base-multilingual-cased'], 110 * M],
  [['bert-large-uncased', 'bert-large-cased'], 340 * M],
  [['distilbert-base-uncased', 'distilbert-base-cased'], 66 * M],
  [['roberta-base'], 125 * M],
  [['roberta-large'], 355 * M],
  [['all-minilm-l6-v2'], 22.7 * M],
  // Vision (torchvision / timm / HF microsoft/resnet-*)
  [['resnet18', 'resnet-18'], 11.7 * M],
  [['resnet34', 'resnet-34'], 21.8 * M],
  [['resnet50', 'resnet-50'], 25.6 * M],
  [['resnet101', 'resnet-101'], 44.5 * M],
  [['resnet152', 'resnet-152'], 60.2 * M],
  // Speech
  [['whisper-tiny'], 39 * M],
  [['whisper-base'], 74 * M],
  [['whisper-small'], 244 * M],
  [['whisper-medium'], 769 * M],
  [['whisper-large', 'whisper-large-v2', 'whisper-large-v3'], 1.55 * B],
];

// Rounded to whole parameters: 8.03 * 1e9 is 8029999999.999999 in floating point.
const BY_NAME = new Map<string, number>(TABLE.flatMap(([names, n]) => names.map((k) => [k, Math.round(n)] as [string, number])));

// Variant suffixes that do not change the size: fine-tune flavours, versions, context lengths,
// quantised re-uploads. Stripped one at a time from the end until a table entry matches.
const SUFFIX =
  /[-_.](instruct|chat|hf|it|base|sft|dpo|rlhf|deduped|intermediate|preview|math|coder|code|awq|gptq|gguf|exl2|fp16|bf16|4bit|8bit|bnb|unsloth|v\d+(\.\d+)*|\d+k|\d{4})$/;

export interface ModelSize {
  parameters: number;
  /** How the figure was found: the table entry, or the size parsed from the name. */
  basis: string;
}

function canonical(id: string): string {
  let s = id.trim().toLowerCase();
  s = s.slice(s.lastIndexOf('/') + 1); // org prefix (meta-llama/, Qwen/, EleutherAI/...)
  return s.replace(/^meta-llama-/, 'llama-');
}

/** A size written in the name: `-7B`, `-0.5B`, `_350m`. Mixture-of-experts names (`8x7B`) are not
 *  parsed: total parameters are not experts x size, since experts share attention layers. */
function sizeFromName(name: string): number | undefined {
  if (/\d+x\d+(\.\d+)?[bm]/.test(name)) return undefined;
  const m = /(?:^|[-_.])(\d+(?:\.\d+)?)([bm])(?=$|[-_.])/.exec(name);
  if (!m) return undefined;
  return Number(m[1]) * (m[2] === 'b' ? B : M);
}

/** Parameter count for a model id as written in a config (`meta-llama/Llama-2-7b-chat-hf`). */
export function modelParameters(id: string): ModelSize | undefined {
  let name = canonical(id);
  if (!name) return undefined;
  for (;;) {
    const n = BY_NAME.get(name);
    if (n !== undefined) return { parameters: n, basis: `model table: ${name} (${formatParameters(n)}, model card)` };
    const shorter = name.replace(SUFFIX, '');
    if (shorter === name || !shorter) break;
    name = shorter;
  }
  const parsed = sizeFromName(canonical(id));
  if (parsed !== undefined) {
    return { parameters: parsed, basis: `size parsed from the name '${id.trim()}' (${formatParameters(parsed)}); not in the model table` };
  }
  return undefined;
}

export function formatParameters(n: number): string {
  if (n >= 1e9) return `${+(n / 1e9).toPrecision(3)}B`;
  return `${+(n / 1e6).toPrecision(3)}M`;
}

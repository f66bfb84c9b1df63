// Sizes of popular Hugging Face Hub datasets (data/hubDatasets.json: one row per dataset, config
// and split, each with its source and retrieval date), and the split expressions `datasets` takes
// (`train[:10%]`, `train[:1000]`, `train+validation`). No network: the table ships with mlcost.
import raw from './data/hubDatasets.json';

export type DatasetKind =
  | 'instruction' | 'chat' | 'preference' | 'math' | 'code' | 'qa' | 'classification' | 'ner'
  | 'summarization' | 'translation' | 'pretraining' | 'image' | 'audio' | 'vision-chat';

interface Row {
  id: string;
  aliases?: string[];
  config?: string;
  split: string;
  kind: DatasetKind;
  rows?: number;
  tokens?: number;
  bytes?: number;
  words?: number;
  audioHours?: number;
  note?: string;
  source: string;
  checked?: string;
}

interface Table {
  retrieved: string;
  ratios: { bytesPerToken: number; tokensPerWord: number; source: string };
  typicalTokensPerRow: Record<string, number | string>;
  rows: Row[];
}

const TABLE = raw as Table;
export const HUB_DATASETS_RETRIEVED = TABLE.retrieved;
export const BYTES_PER_TOKEN = TABLE.ratios.bytesPerToken;
export const TOKENS_PER_WORD = TABLE.ratios.tokensPerWord;
export const RATIO_SOURCE = TABLE.ratios.source;

/** Lower-case id → rows; aliases point at the same rows. */
const BY_ID = (() => {
  const m = new Map<string, Row[]>();
  for (const r of TABLE.rows) {
    for (const k of [r.id, ...(r.aliases ?? [])].map(norm)) {
      const list = m.get(k) ?? [];
      if (!list.includes(r)) list.push(r);
      m.set(k, list);
    }
  }
  // An alias written on one row of a dataset names all of its rows.
  for (const r of TABLE.rows) for (const a of r.aliases ?? []) m.set(norm(a), m.get(norm(r.id))!);
  return m;
})();

function norm(id: string): string {
  return id
    .trim()
    .replace(/^hf:\/\/datasets\//i, '')
    .replace(/^(https?:\/\/)?huggingface\.co\/datasets\//i, '')
    .replace(/@[^/]*$/, '')
    .replace(/\/+$/, '')
    .toLowerCase();
}

/** One part of a split expression: `train[10%:20%]` → { split: 'train', from: 10, to: 20, unit: '%' }. */
export interface SplitPart {
  split: string;
  from?: number;
  to?: number;
  unit?: '%' | 'rows';
}

/** `train`, `train[:10%]`, `train[-1000:]`, `train[:50%]+validation`; undefined when malformed. */
export function parseSplit(expr: string): SplitPart[] | undefined {
  const parts: SplitPart[] = [];
  for (const raw of expr.split('+')) {
    const m = /^\s*([\w.-]+)\s*(?:\[\s*(-?\d+(?:\.\d+)?)?\s*(%?)\s*:\s*(-?\d+(?:\.\d+)?)?\s*(%?)\s*\])?\s*$/.exec(raw);
    if (!m) return undefined;
    const part: SplitPart = { split: m[1] };
    if (m[2] !== undefined || m[4] !== undefined) {
      part.unit = m[3] || m[5] ? '%' : 'rows';
      if (m[2] !== undefined) part.from = Number(m[2]);
      if (m[4] !== undefined) part.to = Number(m[4]);
    }
    parts.push(part);
  }
  return parts.length ? parts : undefined;
}

/** Rows a slice keeps of `n`, as the datasets library reads negative and percent bounds. */
function sliceRows(p: SplitPart, n: number): number {
  if (!p.unit) return n;
  const at = (v: number | undefined, dflt: number) => {
    if (v === undefined) return dflt;
    const abs = p.unit === '%' ? Math.round((v / 100) * n) : v;
    return Math.min(n, Math.max(0, abs < 0 ? n + abs : abs));
  };
  return Math.max(0, at(p.to, n) - at(p.from, 0));
}

export interface HubDatasetSize {
  /** The table's id (canonical) and the config and split(s) it used. */
  id: string;
  config?: string;
  split: string;
  kind: DatasetKind;
  rows?: number;
  tokens?: number;
  audioHours?: number;
  /** How tokens were obtained (stated, bytes / 4, words × 1.33, rows × typical). */
  tokensBasis: string;
  source: string;
  retrieved: string;
  /** What was assumed because the config did not say (config, split). */
  assumed: string[];
}

/**
 * Size of `id` (any case, `hf://datasets/` prefix, an alias) for `config` and split expression
 * `split`. Unstated config: the dataset's first one; unstated split: `train` (or the first
 * training split, e.g. `train_sft`). Undefined for unknown ids, configs or splits.
 */
export function lookupHubDataset(id: string, config?: string, split?: string): HubDatasetSize | undefined {
  const rows = BY_ID.get(norm(id));
  if (!rows) return undefined;
  const assumed: string[] = [];
  const configs = [...new Set(rows.map((r) => r.config))];
  let cfg: string | undefined;
  if (config) {
    cfg = configs.find((c) => c?.toLowerCase() === config.trim().toLowerCase());
    // `default` is the name the Hub gives a dataset's only config.
    if (cfg === undefined && !(config.trim().toLowerCase() === 'default' && configs.includes(undefined))) return undefined;
  } else {
    cfg = configs.includes(undefined) ? undefined : configs[0];
    if (cfg !== undefined) assumed.push(`config not stated: ${cfg} assumed`);
  }
  const ofConfig = rows.filter((r) => r.config === cfg);
  let parts = split ? parseSplit(split) : undefined;
  if (split && !parts) return undefined;
  if (!parts) {
    const train = ofConfig.find((r) => r.split === 'train') ?? ofConfig.find((r) => r.split.startsWith('train')) ?? ofConfig[0];
    parts = [{ split: train.split }];
    assumed.push(`split not stated: ${train.split} assumed`);
  }
  let totalRows = 0;
  let tokens = 0;
  let hours = 0;
  const bases = new Set<string>();
  const sources = new Set<string>();
  for (const p of parts) {
    const r = ofConfig.find((x) => x.split.toLowerCase() === p.split.toLowerCase());
    if (!r) return undefined;
    const t = tokensOf(r);
    const kept = r.rows !== undefined ? sliceRows(p, r.rows) : undefined;
    const share = r.rows ? (kept ?? r.rows) / r.rows : p.unit === '%' ? ((p.to ?? 100) - (p.from ?? 0)) / 100 : 1;
    totalRows += kept ?? 0;
    if (t) tokens += t.tokens * share;
    if (r.audioHours) hours += r.audioHours * share;
    if (t) bases.add(t.basis);
    sources.add(r.source + (r.checked ? ` (checked ${r.checked.split(':')[0]})` : ''));
  }
  const first = ofConfig.find((x) => x.split.toLowerCase() === parts![0].split.toLowerCase())!;
  return {
    id: first.id,
    ...(cfg !== undefined && { config: cfg }),
    split: split ?? parts[0].split,
    kind: first.kind,
    ...(totalRows > 0 && { rows: totalRows }),
    ...(tokens > 0 && { tokens: Math.round(tokens) }),
    ...(hours > 0 && { audioHours: hours }),
    tokensBasis: [...bases].join('; '),
    source: [...sources].join('; '),
    retrieved: TABLE.retrieved,
    assumed,
  };
}

/** Tokens of one row, and how they were obtained; undefined for image/audio rows (counted in examples). */
function tokensOf(r: Row): { tokens: number; basis: string } | undefined {
  if (r.tokens) return { tokens: r.tokens, basis: `tokens stated${r.note ? ` (${r.note})` : ''}` };
  if (r.words) return { tokens: r.words * TOKENS_PER_WORD, basis: `${r.words.toLocaleString('en-US')} words × ${TOKENS_PER_WORD} tokens/word` };
  if (r.bytes) return { tokens: r.bytes / BYTES_PER_TOKEN, basis: `${(r.bytes / 1e6).toFixed(1)} MB / ${BYTES_PER_TOKEN} bytes per token` };
  const typical = TABLE.typicalTokensPerRow[r.kind];
  if (typeof typical === 'number' && r.rows) return { tokens: r.rows * typical, basis: `${r.rows.toLocaleString('en-US')} rows × ${typical} tokens (typical ${r.kind} example, mlcost assumption)` };
  return undefined;
}

/** Number of datasets (distinct ids) in the table, for docs and tests. */
export function hubDatasetCount(): number {
  return new Set(TABLE.rows.map((r) => r.id)).size;
}

// torchtune's built-in dataset builders download these Hub datasets (torchtune/datasets/*.py).
const TORCHTUNE_BUILDERS: Record<string, { id: string; config?: string }> = {
  alpaca_dataset: { id: 'tatsu-lab/alpaca' },
  AlpacaDataset: { id: 'tatsu-lab/alpaca' }, // torchtune 0.0.x class-style name of the same builder
  SlimOrcaDataset: { id: 'Open-Orca/SlimOrca-Dedup' },
  alpaca_cleaned_dataset: { id: 'yahma/alpaca-cleaned' },
  slimorca_dataset: { id: 'Open-Orca/SlimOrca-Dedup' },
  samsum_dataset: { id: 'Samsung/samsum' },
  cnn_dailymail_articles_dataset: { id: 'abisee/cnn_dailymail', config: '3.0.0' },
  wikitext_dataset: { id: 'Salesforce/wikitext', config: 'wikitext-103-raw-v1' },
};

// litgpt's data modules (litgpt/data/*.py) download these.
const LITGPT_MODULES: Record<string, { id: string; config?: string }> = {
  Alpaca: { id: 'yahma/alpaca-cleaned' },
  AlpacaGPT4: { id: 'vicgalle/alpaca-gpt4' }, // litgpt/data/alpaca_gpt4.py: GPT-4-LLM's alpaca_gpt4_data.json, 52,002 rows
  Alpaca2k: { id: 'mhenrichsen/alpaca_2k_test' },
  Dolly: { id: 'databricks/databricks-dolly-15k' },
  LIMA: { id: 'GAIR/lima' },
  Deita: { id: 'HuggingFaceH4/deita-10k-v0-sft' },
  TinyStories: { id: 'roneneldan/TinyStories' },
  OpenWebText: { id: 'Skylion007/openwebtext' },
};

/** The Hub dataset behind a torchtune builder (`torchtune.datasets.alpaca_dataset`) or a litgpt data module (`litgpt.data.Alpaca2k`). */
export function torchtuneBuilderDataset(component: string): { id: string; config?: string } | undefined {
  const name = component.split('.').pop() ?? '';
  return component.startsWith('litgpt.') ? LITGPT_MODULES[name] : TORCHTUNE_BUILDERS[name];
}

/** Kinds of training data a job may name none of, for the "typical dataset" assumption. */
export type TypicalDataKind = 'fine-tuning' | 'preference' | 'pretraining' | 'image' | 'audio';

const TYPICAL_KINDS: Record<TypicalDataKind, readonly DatasetKind[]> = {
  'fine-tuning': ['instruction', 'chat', 'code', 'math', 'qa', 'summarization'],
  preference: ['preference'],
  pretraining: ['pretraining'],
  image: ['image'],
  audio: ['audio'],
};

export interface TypicalDataset {
  /** Median tokens of one epoch (undefined for image/audio data, counted in examples). */
  tokens?: number;
  /** Median examples of one epoch. */
  rows?: number;
  /** Datasets the medians are taken over. */
  count: number;
  basis: string;
}

/**
 * What a job that names no measurable data most likely trains on: the median training split of
 * the bundled table's datasets of that kind (one row per dataset). An assumption the lens states,
 * derived from the same cited rows as every lookup.
 */
export function typicalDataset(kind: TypicalDataKind): TypicalDataset | undefined {
  // Once per kind: estimates run on every keystroke, the table does not change.
  if (!TYPICAL.has(kind)) TYPICAL.set(kind, computeTypical(kind));
  return TYPICAL.get(kind);
}

const TYPICAL = new Map<TypicalDataKind, TypicalDataset | undefined>();

function computeTypical(kind: TypicalDataKind): TypicalDataset | undefined {
  const kinds = TYPICAL_KINDS[kind];
  const firstTrain = new Map<string, Row>();
  for (const r of TABLE.rows) {
    if (!kinds.includes(r.kind) || !/^train/i.test(r.split) || firstTrain.has(r.id)) continue;
    firstTrain.set(r.id, r);
  }
  const rows = [...firstTrain.values()];
  if (!rows.length) return undefined;
  const tokens = median(rows.map((r) => tokensOf(r)?.tokens).filter((t): t is number => t !== undefined));
  const examples = median(rows.map((r) => r.rows).filter((n): n is number => n !== undefined));
  const what = kinds.length > 1 ? kinds.join(', ') : kinds[0];
  return {
    ...(tokens !== undefined && kind !== 'image' && kind !== 'audio' && { tokens: Math.round(tokens) }),
    ...(examples !== undefined && { rows: Math.round(examples) }),
    count: rows.length,
    basis: `median training split of the ${rows.length} ${what} datasets in mlcost's Hugging Face dataset table (retrieved ${TABLE.retrieved})`,
  };
}

function median(xs: number[]): number | undefined {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

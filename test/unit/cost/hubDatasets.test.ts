import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import raw from '../../../server/src/engine/cost/data/hubDatasets.json';
import { hubDatasetCount, lookupHubDataset, parseSplit, torchtuneBuilderDataset } from '../../../server/src/engine/cost/hubDatasets';

interface Row { id: string; split: string; kind: string; rows?: number; tokens?: number; bytes?: number; words?: number; source: string }

describe('Hub dataset table', () => {
  test('at least 150 datasets, each row with a source URL, a kind and a size', () => {
    assert.ok(hubDatasetCount() >= 150, `${hubDatasetCount()} datasets`);
    const rows = (raw as { rows: Row[] }).rows;
    assert.match((raw as { retrieved: string }).retrieved, /^\d{4}-\d{2}-\d{2}$/);
    for (const r of rows) {
      assert.match(r.source, /https:\/\/(huggingface\.co\/datasets|github\.com)\//, r.id);
      assert.ok(r.kind && r.split, r.id);
      assert.ok(r.rows !== undefined || r.tokens !== undefined, `${r.id} has rows or tokens`);
    }
    // Covers each kind the issue names.
    const kinds = new Set(rows.map((r) => r.kind));
    for (const k of ['instruction', 'chat', 'preference', 'pretraining', 'code', 'math', 'image', 'audio', 'classification', 'qa']) assert.ok(kinds.has(k), k);
  });

  test('lookup by id in any case, by alias and by hf:// path', () => {
    const a = lookupHubDataset('tatsu-lab/alpaca')!;
    assert.equal(a.rows, 52002);
    assert.equal(a.tokens, 5_700_000); // 22.8 MB / 4 bytes per token
    assert.match(a.tokensBasis, /22\.8 MB \/ 4 bytes per token/);
    assert.deepEqual(a.assumed, ['split not stated: train assumed']);
    assert.equal(lookupHubDataset('TATSU-LAB/Alpaca')!.rows, 52002);
    assert.equal(lookupHubDataset('hf://datasets/tatsu-lab/alpaca')!.rows, 52002);
    assert.equal(lookupHubDataset('imdb')!.id, 'stanfordnlp/imdb');
    assert.equal(lookupHubDataset('mnist')!.rows, 60000);
    assert.equal(lookupHubDataset('mnist')!.tokens, undefined, 'images are counted in examples, not tokens');
  });

  test('subsets (configs) and splits', () => {
    const w103 = lookupHubDataset('wikitext', 'wikitext-103-raw-v1')!;
    assert.equal(w103.id, 'Salesforce/wikitext');
    assert.equal(w103.rows, 1801350);
    assert.equal(w103.tokens, Math.round(103227021 * 1.33));
    assert.match(w103.tokensBasis, /words × 1\.33 tokens\/word/);
    const w2 = lookupHubDataset('Salesforce/wikitext', 'wikitext-2-raw-v1', 'test')!;
    assert.equal(w2.rows, 4358);
    assert.equal(lookupHubDataset('wikitext', 'wikitext-7-raw')!, undefined, 'unknown config');
    // Unstated config: the first one, said so.
    const gsm = lookupHubDataset('gsm8k')!;
    assert.equal(gsm.config, 'main');
    assert.ok(gsm.assumed.includes('config not stated: main assumed'));
    assert.equal(lookupHubDataset('openai/gsm8k', 'main', 'test')!.rows, 1319);
    // A dataset whose training split is not called `train`.
    assert.equal(lookupHubDataset('HuggingFaceH4/ultrachat_200k')!.split, 'train_sft');
    assert.equal(lookupHubDataset('HuggingFaceH4/ultrachat_200k', 'default', 'test_sft')!.rows, 23110);
    assert.equal(lookupHubDataset('HuggingFaceH4/ultrachat_200k', undefined, 'nonexistent'), undefined);
  });

  test('split expressions: percent and row slices, concatenation', () => {
    assert.deepEqual(parseSplit('train[:10%]'), [{ split: 'train', to: 10, unit: '%' }]);
    assert.deepEqual(parseSplit('train[10%:20%]'), [{ split: 'train', from: 10, to: 20, unit: '%' }]);
    assert.deepEqual(parseSplit('train[:1000]'), [{ split: 'train', to: 1000, unit: 'rows' }]);
    assert.deepEqual(parseSplit('train+validation'), [{ split: 'train' }, { split: 'validation' }]);
    assert.equal(parseSplit('train[:10%'), undefined);
    const imdb = lookupHubDataset('imdb', undefined, 'train[:10%]')!;
    assert.equal(imdb.rows, 2500);
    assert.equal(imdb.tokens, Math.round(33432835 / 4 / 10));
    assert.equal(lookupHubDataset('imdb', undefined, 'train[:1000]')!.rows, 1000);
    assert.equal(lookupHubDataset('imdb', undefined, 'train[-1000:]')!.rows, 1000);
    assert.equal(lookupHubDataset('imdb', undefined, 'train[:100000]')!.rows, 25000, 'a slice past the end keeps the split');
    const cv = lookupHubDataset('mozilla-foundation/common_voice_11_0', 'hi', 'train+validation')!;
    assert.equal(cv.rows, 6540, 'the Whisper fine-tuning blog figure');
  });

  test('unknown ids give nothing, and torchtune builders name their Hub dataset', () => {
    assert.equal(lookupHubDataset('my-org/private-data'), undefined);
    assert.equal(lookupHubDataset(''), undefined);
    assert.deepEqual(torchtuneBuilderDataset('torchtune.datasets.alpaca_dataset'), { id: 'tatsu-lab/alpaca' });
    assert.equal(torchtuneBuilderDataset('torchtune.datasets.chat_dataset'), undefined);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mlcost } from './run';

// The built CLI gives a run cost for typical real-shaped configs once hardware is stated: the work
// comes from the file (steps, epochs, datasets) and the bundled data (Hub table, FLOPs per example).
const FILES = [
  'test/fixtures/work/trl-sft.yaml',
  'test/fixtures/work/axolotl/config.yml',
  'test/fixtures/work/torchtune-alpaca.yaml',
  'test/fixtures/work/nanogpt/train.py',
  'test/fixtures/work/nanogpt/config/train_gpt2.py',
  'test/fixtures/work/hf-vit-cifar.yaml',
  'test/fixtures/work/whisper_finetune.py',
];

interface JsonEstimate {
  file: string;
  runCostOnDemand?: number;
  missing?: string;
  assumptions: { name: string; value: string; source: { kind: string; detail?: string; reason?: string } }[];
}

describe('mlcost check --format json: run cost from the work the file implies', () => {
  test('every typical config gets runCostOnDemand, with its data assumptions sourced', () => {
    const r = mlcost(['check', '--format', 'json', ...FILES]);
    const out = JSON.parse(r.stdout) as { estimates: JsonEstimate[] };
    for (const f of FILES) {
      const e = out.estimates.find((x) => x.file === f);
      assert.ok(e, `${f} has an estimate`);
      assert.ok(e.runCostOnDemand !== undefined && e.runCostOnDemand >= 0 && e.missing === undefined, `${f}: ${e.missing}`); // a tiny local dataset rounds to $0.00
    }
    const trl = out.estimates.find((x) => x.file === FILES[0])!;
    const data = trl.assumptions.find((a) => a.name === 'dataset HuggingFaceH4/ultrachat_200k')!;
    assert.equal(data.source.kind, 'catalog');
    assert.match(data.source.detail!, /huggingface\.co\/datasets\/HuggingFaceH4\/ultrachat_200k/);
    const ax = out.estimates.find((x) => x.file === FILES[1])!;
    assert.ok(ax.assumptions.some((a) => a.name === 'dataset ./data.jsonl' && /bytes per token/.test(a.source.reason ?? '')));
  });
});

describe('real configs from public repositories (test/fixtures/work/real, SOURCES.md)', () => {
  test('TRL, axolotl, torchtune and litgpt files unchanged: each gets a run cost from its own dataset and schedule', () => {
    const dir = 'test/fixtures/work/real';
    const r = mlcost(['check', '--format', 'json', '--fail-on', 'none', dir]);
    const out = JSON.parse(r.stdout) as { estimates: JsonEstimate[] };
    const expect: Record<string, RegExp> = {
      'trl-cli-example-config.yaml': /^dataset stanfordnlp\/imdb$/,
      'axolotl-openllama-3b.yml': /^dataset teknium\/GPT4-LLM-Cleaned$/,
      'torchtune-llama3-8B-full-single-device.yaml': /^dataset torchtune\.datasets\.alpaca_dataset$/,
      'litgpt-phi2-qlora.yaml': /^dataset litgpt\.data\.Alpaca2k$/,
    };
    for (const [name, data] of Object.entries(expect)) {
      const e = out.estimates.find((x) => x.file === `${dir}/${name}`);
      assert.ok(e, name);
      assert.ok(e.runCostOnDemand! > 0, `${name}: ${e.missing}`);
      assert.ok(e.assumptions.some((a) => data.test(a.name)), `${name} names its dataset`);
    }
  });
});

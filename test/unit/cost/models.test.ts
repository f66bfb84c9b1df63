import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatParameters, modelParameters } from '../../../server/src/engine/cost/models';

const params = (id: string) => modelParameters(id)?.parameters;

describe('model sizes', () => {
  it('knows the common hub ids', () => {
    assert.equal(params('gpt2'), 124e6);
    assert.equal(params('gpt2-medium'), 355e6);
    assert.equal(params('gpt2-large'), 774e6);
    assert.equal(params('gpt2-xl'), 1.56e9);
    assert.equal(params('meta-llama/Meta-Llama-3-8B'), 8.03e9);
    assert.equal(params('meta-llama/Llama-3.1-70B'), 70.6e9);
    assert.equal(params('mistralai/Mixtral-8x7B-v0.1'), 46.7e9);
    assert.equal(params('Qwen/Qwen2.5-0.5B'), 0.494e9);
    assert.equal(params('microsoft/phi-2'), 2.78e9);
    assert.equal(params('EleutherAI/pythia-70m'), 70.4e6);
    assert.equal(params('bert-base-uncased'), 110e6);
    assert.equal(params('distilbert-base-uncased'), 66e6);
    assert.equal(params('t5-base'), 223e6);
    assert.equal(params('facebook/opt-125m'), 125e6);
    assert.equal(params('resnet50'), 25.6e6);
    assert.equal(params('google/vit-base-patch16-224'), 86.6e6);
    assert.equal(params('google/gemma-7b'), 8.54e9, 'gemma-7b is 8.5B: the table beats the name');
  });

  it('ignores case, org prefixes and variant suffixes', () => {
    assert.equal(params('META-LLAMA/LLAMA-2-7B-CHAT-HF'), 6.74e9);
    assert.equal(params('meta-llama/Meta-Llama-3.1-8B-Instruct'), 8.03e9);
    assert.equal(params('mistralai/Mistral-7B-Instruct-v0.2'), 7.24e9);
    assert.equal(params('Qwen/Qwen2.5-7B-Instruct'), 7.62e9);
    assert.equal(params('google/gemma-2-9b-it'), 9.24e9);
    assert.equal(params('TinyLlama/TinyLlama-1.1B-Chat-v1.0'), 1.1e9);
    assert.equal(params('microsoft/Phi-3-mini-4k-instruct'), 3.82e9);
    assert.equal(params('EleutherAI/pythia-1b-deduped'), 1.01e9);
    assert.match(modelParameters('Qwen/Qwen2.5-7B-Instruct')!.basis, /model table/);
  });

  it('falls back to a size written in the name, and says so', () => {
    const r = modelParameters('my-org/cool-model-7B-sft');
    assert.equal(r?.parameters, 7e9);
    assert.match(r!.basis, /parsed from the name/);
    assert.equal(params('bigscience/bloom-560m'), 560e6);
    assert.equal(params('acme/tiny-0.5B'), 0.5e9);
    assert.equal(params('acme/expert-8x22B-custom'), undefined, 'MoE names are not multiplied out');
    assert.equal(params('my-classifier'), undefined);
    assert.equal(params(''), undefined);
  });

  it('formats counts', () => {
    assert.equal(formatParameters(124e6), '124M');
    assert.equal(formatParameters(8.03e9), '8.03B');
  });
});

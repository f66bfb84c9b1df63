import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { estimateJob } from '../../../server/src/engine/cost/estimate';
import { typicalDataset } from '../../../server/src/engine/cost/hubDatasets';
import { workOf } from '../../../server/src/engine/cost/work';
import type { DatasetRef, Fact, Job } from '../../../server/src/engine/types';

const R = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
const file = <T>(value: T, key: string): Fact<T> => ({ value, source: { kind: 'file', range: R, key } });
const ds = (value: DatasetRef): Fact<DatasetRef> => file(value, value.reader);

function job(extra: Partial<Job>): Job {
  return { dialect: 'test', name: 't', workload: 'training', anchor: R, datasets: [], linkedFiles: [], hardware: { gpu: file('H100', 'gpu'), gpuCount: file(1, 'gpu') }, ...extra };
}

describe('work: what the file says, filled from bundled data', () => {
  test('epochs × a Hub dataset named with config and split', () => {
    const w = workOf(job({ model: { id: file('gpt2', 'model') }, schedule: { epochs: file(2, 'epochs') }, datasets: [ds({ format: 'hub', path: 'wikitext', reader: 'dataset_name', subset: 'wikitext-2-raw-v1' })] }), 1);
    assert.equal(w.tokens, Math.round(2088628 * 1.33) * 2);
    const d = w.assumptions.find((a) => a.name === 'dataset wikitext')!;
    assert.equal(d.source.kind, 'catalog');
    assert.match((d.source as { detail: string }).detail, /retrieved 2026-12-01.*words × 1\.33/);
  });

  test('tokens per epoch are capped at rows × the stated sequence length', () => {
    const j = job({ model: { id: file('gpt2', 'model') }, batch: { sequenceLength: file(128, 'max_length') }, schedule: { epochs: file(1, 'epochs') }, datasets: [ds({ format: 'hub', path: 'imdb', reader: 'dataset_name' })] });
    const w = workOf(j, 1);
    assert.equal(w.tokens, 25000 * 128);
    assert.ok(w.assumptions.some((a) => a.name === 'dataset imdb (truncated)'));
  });

  test('evaluation data is not training work; an unknown dataset is named as the one thing to add', () => {
    const j = job({ model: { id: file('gpt2', 'model') }, schedule: { epochs: file(1, 'epochs') }, datasets: [ds({ format: 'hub', path: 'my-org/secret', reader: 'dataset_name' }), ds({ format: 'hub', path: 'imdb', reader: 'dataset_name', split: 'test' })] });
    const w = workOf(j, 1);
    // The unknown set is sized as a typical fine-tuning set, and named as the thing to add.
    const typical = typicalDataset('fine-tuning')!;
    assert.equal(w.tokens, typical.tokens);
    assert.equal(w.missing, undefined);
    assert.match(w.reference!.data!.add, /add `# mlcost: dataset-tokens=5e8`/);
    assert.match(w.assumptions.find((a) => a.name === 'dataset tokens')!.value, /typical fine-tuning dataset; my-org\/secret is not in the table/);
    assert.ok(!w.assumptions.some((a) => /imdb/.test(a.name)), 'the test split is no training work');
  });

  test('the typical dataset follows what the run trains for: stage, trainer keys, dataset names', () => {
    const base = { model: { id: file('gpt2', 'model') }, schedule: { epochs: file(1, 'epochs') } };
    const pref = workOf(job({ ...base, datasets: [ds({ format: 'hub', path: 'acme/chat-preferences', reader: 'dataset_name' })] }), 1);
    assert.equal(pref.tokens, typicalDataset('preference')!.tokens);
    const pt = workOf(job({ model: base.model, schedule: { epochs: file(1, 'epochs'), objective: file('pretraining' as const, 'stage') } }), 1);
    assert.equal(pt.tokens, typicalDataset('pretraining')!.tokens);
    assert.ok(typicalDataset('pretraining')!.tokens! > typicalDataset('fine-tuning')!.tokens!);
    assert.match(typicalDataset('preference')!.basis, /median training split of the \d+ preference datasets/);
  });

  test('known parts are still used when one dataset is unknown', () => {
    const j = job({ model: { id: file('gpt2', 'model') }, schedule: { epochs: file(1, 'epochs') }, datasets: [ds({ format: 'hub', path: 'tatsu-lab/alpaca', reader: 'path' }), ds({ format: 'jsonl', path: 'missing.jsonl', reader: 'path' })] });
    const w = workOf(j, 1);
    assert.equal(w.tokens, 5_700_000);
    assert.deepEqual(w.assumptions.find((a) => a.name === 'datasets not counted')?.value, 'missing.jsonl');
  });

  test('accumulation that already spans the GPUs is not multiplied by them again', () => {
    const base = { model: { id: file('gpt2', 'model') }, schedule: { maxSteps: file(100, 'max_iters') } };
    const perGpu = workOf(job({ ...base, batch: { perDevice: file(12, 'b'), gradientAccumulation: file(40, 'g'), sequenceLength: file(1024, 's') } }), 8);
    const global = workOf(job({ ...base, batch: { perDevice: file(12, 'b'), gradientAccumulation: file(40, 'g'), sequenceLength: file(1024, 's'), accumulationIsGlobal: file(true, 'g //= world') } }), 8);
    assert.equal(perGpu.tokens, 100 * 12 * 40 * 8 * 1024);
    assert.equal(global.tokens, 100 * 12 * 40 * 1024);
  });

  test('image model: examples × epochs × training FLOPs per image, timed on the GPU', () => {
    const j = job({ model: { id: file('resnet50', 'model') }, precision: file('bf16', 'p'), schedule: { epochs: file(90, 'epochs') }, datasets: [ds({ format: 'hub', path: 'ILSVRC/imagenet-1k', reader: 'dataset_name' })] });
    const w = workOf(j, 1);
    assert.equal(w.examples, 1281167 * 90);
    assert.equal(w.trainingFlops, 1281167 * 90 * 6 * 4.09e9);
    const e = estimateJob(j)!;
    // 1.15e8 images at 2,852 images/s (the measured H100 bound) ≈ 11.2 h.
    assert.ok(Math.abs(e.hours! - (1281167 * 90) / 2852 / 3600) / e.hours! < 0.01, `${e.hours} h`);
    assert.ok(e.runCostOnDemand! > 0);
    assert.equal(e.assumptions.find((a) => a.name === 'MFU')?.value, '0.071');
  });

  test('audio model with max_steps: examples = steps × global batch', () => {
    const j = job({ model: { id: file('openai/whisper-small', 'model') }, batch: { perDevice: file(16, 'b') }, schedule: { maxSteps: file(4000, 'max_steps') } });
    const w = workOf(j, 1);
    assert.equal(w.examples, 64000);
    assert.ok(w.trainingFlops! > 0);
  });

  test('image model with no dataset size: a typical image dataset, named as the thing to add', () => {
    const w = workOf(job({ model: { id: file('resnet50', 'model') }, schedule: { epochs: file(3, 'epochs') } }), 1);
    const typical = typicalDataset('image')!;
    assert.equal(w.examples, typical.rows! * 3);
    assert.ok(w.trainingFlops! > 0);
    assert.match(w.reference!.data!.assumed, /examples of a typical image dataset/);
    assert.match(w.reference!.data!.add, /name the dataset/);
  });

  test('built-in dataset examples (datasetExamples) count as the epoch', () => {
    const w = workOf(job({ model: { id: file('vit_b_16', 'model') }, schedule: { epochs: file(2, 'epochs'), datasetExamples: file(1000, 'n') } }), 1);
    assert.equal(w.examples, 2000);
  });
});

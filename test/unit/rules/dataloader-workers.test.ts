import * as assert from 'node:assert/strict';
import { ruleCases } from './cases';
import { ruleFixRoundTrips } from './fixRoundTrip';

ruleCases('dataloader-workers', [
  { file: 'torch-default.py', lines: [7], says: ['images', 'num_workers=0', '272', '1,214', '4.5x'], why: 'torchvision ImageFolder, DataLoader without num_workers' },
  { file: 'torch-zero.py', lines: [7], says: ['`num_workers` is 0'], why: 'num_workers=0 written out' },
  { file: 'torch-priced.py', lines: [8], says: ['≈ $', 'h of this run'], why: 'priced through annotations' },
  { file: 'torch-eight.py', lines: [], why: 'num_workers=8' },
  { file: 'torch-cpu-count.py', lines: [], why: 'num_workers from os.cpu_count(): decided at run time' },
  { file: 'torch-tokens.py', lines: [], why: 'pre-tokenised tensors: nothing to decode' },
  { file: 'hf-image-classification.yaml', lines: [6], says: ['dataloader_num_workers=0'], why: 'HF image classification with the default 0 workers' },
  { file: 'hf-image-workers.yaml', lines: [], why: 'dataloader_num_workers: 8' },
  { file: 'hf-text.yaml', lines: [], why: 'text fine-tune' },
  { file: 'lightning-cifar.yaml', lines: [11], why: 'Lightning CLI CIFAR-10 DataModule with num_workers: 0' },
  { file: 'hydra-mnist-data.yaml', lines: [5], why: 'Hydra MNIST DataModule file with num_workers: 0' },
  { file: 'hydra-text-data.yaml', lines: [], why: 'a text DataModule' },
  { file: 'tf-data-augment.py', lines: [20], says: ['on one thread', 'random or Python ops', 'num_parallel_calls=tf.data.AUTOTUNE'], why: 'tf.data map with random augmentation and no num_parallel_calls' },
  { file: 'tf-data-augment.ipynb', lines: [58], says: ['on one thread'], why: 'the same pipeline in a notebook' },
  { file: 'tf-data-parallel.py', lines: [], why: 'map(..., num_parallel_calls=AUTOTUNE) and prefetch' },
  { file: 'tf-data-stateless.py', lines: [], why: "a stateless decode map: tf.data's default map_parallelization runs it in parallel" },
  { file: 'yolo-workers-0.py', lines: [4], says: ['`workers` is 0'], why: 'YOLO(...).train(workers=0): images decoded and augmented in the training process' },
  { file: 'yolo-workers-0.sh', lines: [2], says: ['`workers` is 0'], why: 'yolo train workers=0 on the CLI' },
  { file: 'yolo-default.py', lines: [], why: 'Ultralytics loads with 8 workers by default' },
]);

ruleFixRoundTrips('dataloader-workers', ['torch-default.py', 'torch-zero.py', 'hf-image-classification.yaml', 'lightning-cifar.yaml', 'hydra-mnist-data.yaml', 'tf-data-augment.py', 'tf-data-augment.ipynb'], (file, fix, after) => {
  if (file.startsWith('tf-data')) {
    // Every sequential map of the pipeline, the stateful augment included; parallel map keeps the order: safe.
    assert.equal(fix.safe, true);
    assert.match(after, /map\(decode, num_parallel_calls=tf\.data\.AUTOTUNE\)\.map\(augment, num_parallel_calls=tf\.data\.AUTOTUNE\)/);
  }
});

// Ultralytics: the `workers=` keyword of model.train is set to 8 in place.
ruleFixRoundTrips('dataloader-workers', ['yolo-workers-0.py'], (_file, _fix, after) => {
  assert.match(after, /imgsz=640, workers=8\)\n/);
});

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
]);

ruleFixRoundTrips('dataloader-workers', ['torch-default.py', 'torch-zero.py', 'hf-image-classification.yaml', 'lightning-cifar.yaml', 'hydra-mnist-data.yaml']);

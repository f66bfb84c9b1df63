import { ruleCases } from './cases';

ruleCases('no-checkpointing', [
  { file: 'hf-save-no.yaml', lines: [6], says: ['save_strategy', '5.3 s', '0.3%'], why: 'save_strategy: "no"' },
  { file: 'hf-save-steps.yaml', lines: [], why: 'save_strategy: steps' },
  { file: 'hf-save-no-short.yaml', lines: [], why: 'a 50-step smoke test is too short to matter' },
  { file: 'hf-tmp-output.json', lines: [], why: 'a plain config writing to /tmp: a workstation keeps /tmp across a crashed run' },
  { file: 'skypilot-tmp-output.yaml', lines: [5], says: ['/tmp/run1'], why: 'a cloud task writing checkpoints to /tmp on a disposable VM' },
  { file: 'lightning-disabled.yaml', lines: [6], why: 'enable_checkpointing: false' },
  { file: 'lightning-callback.yaml', lines: [], why: 'ModelCheckpoint callback' },
  { file: 'torch-final-save.py', lines: [15], says: ['after training'], why: 'torch.save only after the loop' },
  { file: 'torch-loop-save.py', lines: [], why: 'torch.save every epoch' },
  { file: 'torch-loop-cpu.py', lines: [], why: 'a CPU-only loop loses CPU time, not GPU budget' },
  { file: 'k8s-container-local.yaml', lines: [12], says: ['/root/ckpt'], why: 'checkpoint dir is container-local' },
  { file: 'k8s-pvc.yaml', lines: [], why: 'checkpoint dir on a PVC' },
]);

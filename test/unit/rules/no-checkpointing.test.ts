import * as assert from 'node:assert/strict';
import { ruleFixRoundTrips } from './fixRoundTrip';
import { ruleCases } from './cases';

ruleCases('no-checkpointing', [
  { file: 'hf-save-no.yaml', lines: [6], says: ['save_strategy', '5.3 s', '0.3%'], why: 'save_strategy: "no"' },
  { file: 'hf-epoch-single.yaml', lines: [10], says: ['1-epoch run saves only when training ends'], why: 'save_strategy epoch over a single epoch: the only save is the final one' },
  { file: 'hf-epoch-multi.yaml', lines: [], why: 'save_strategy epoch over 3 epochs: a checkpoint after each' },
  { file: 'hf-save-steps.yaml', lines: [], why: 'save_strategy: steps' },
  { file: 'hf-save-no-short.yaml', lines: [], why: 'a 50-step smoke test is too short to matter' },
  { file: 'hf-tmp-output.json', lines: [], why: 'a plain config writing to /tmp: a workstation keeps /tmp across a crashed run' },
  { file: 'skypilot-tmp-output.yaml', lines: [5], says: ['/tmp/run1'], why: 'a cloud task writing checkpoints to /tmp on a disposable VM' },
  { file: 'lightning-disabled.yaml', lines: [6], why: 'enable_checkpointing: false' },
  { file: 'lightning-callback.yaml', lines: [], why: 'ModelCheckpoint callback' },
  { file: 'nemo-exp-manager.yaml', lines: [], why: 'NeMo: enable_checkpointing False because exp_manager adds its own checkpoint callback' },
  { file: 'nemo-no-callback.yaml', lines: [16], says: ['create_checkpoint_callback'], why: 'NeMo with exp_manager.create_checkpoint_callback: false and the Trainer\'s checkpointing off' },
  { file: 'torch-final-save.py', lines: [15], says: ['after training'], why: 'torch.save only after the loop' },
  { file: 'torch-loop-save.py', lines: [], why: 'torch.save every epoch' },
  { file: 'torch-loop-cpu.py', lines: [], why: 'a CPU-only loop loses CPU time, not GPU budget' },
  { file: 'k8s-container-local.yaml', lines: [12], says: ['/root/ckpt'], why: 'checkpoint dir is container-local' },
  { file: 'k8s-pvc.yaml', lines: [], why: 'checkpoint dir on a PVC' },
  { file: 'vertex-long-no-output.yaml', lines: [13], says: ['machine-local'], why: 'Vertex AI custom job config: 24 h timeout, no baseOutputDirectory or gs:// / /gcs/ path' },
  { file: 'vertex-output-dir.yaml', lines: [], why: 'Vertex AI custom job config with a gs:// baseOutputDirectory (AIP_CHECKPOINT_DIR)' },
  { file: 'vertex-sdk-long.py', lines: [14], why: 'Vertex AI SDK CustomContainerTrainingJob.run(timeout=2 days) without base_output_dir' },
  { file: 'vertex-sdk-output-dir.py', lines: [], why: 'Vertex AI SDK run() with a gs:// base_output_dir' },
  { file: 'yolo-save-false.sh', lines: [2], says: ['`save` turns periodic saving off'], why: 'yolo train save=False writes no checkpoint' },
  { file: 'yolo-default.sh', lines: [], why: 'Ultralytics writes last.pt every epoch by default' },
]);

// NeMo's switch is exp_manager's: the fix turns its checkpoint callback back on (not the Trainer's, which NeMo refuses beside it).
ruleFixRoundTrips('no-checkpointing', ['nemo-no-callback.yaml', 'hf-epoch-single.yaml'], (file, fix, after) => {
  assert.equal(fix.safe, true);
  if (file === 'nemo-no-callback.yaml') {
    assert.match(after, /create_checkpoint_callback: true\n/);
    assert.match(after, /enable_checkpointing: False\n/);
  } else assert.match(after, /save_strategy: "?steps"?\n[\s\S]*save_steps: 500\n/);
});

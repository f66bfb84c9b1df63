import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildInvocation } from '../../../server/src/engine/dialects/launch/argv';
import { classifyInvocation } from '../../../server/src/engine/dialects/launch/classify';
import { analyzeFixture, analyzeText } from '../../helpers';
import type { FactSource, Range } from '../../../server/src/engine/types';

// Ultralytics YOLO training: the `yolo` CLI (key=value settings, in shell scripts, SkyPilot `run:`
// blocks and Kubernetes argv) and `YOLO(...).train(...)` in Python, through the real analyze().
// Settings not written take the values of Ultralytics' default.yaml, as defaults with a reason.

const R: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const words = (line: string) => line.split(' ').map((text) => ({ text, range: R }));
const invocationOf = (line: string) => {
  const built = buildInvocation(words(line));
  assert.ok(built && 'invocation' in built, line);
  return built.invocation;
};
const reasonOf = (f: { source: FactSource } | undefined): string => (f?.source.kind === 'default' ? f.source.reason : '');

describe('yolo CLI: key=value arguments', () => {
  test('`yolo detect train k=v ...`: the mode is the subcommand, every k=v a setting, the task too', () => {
    const inv = invocationOf('yolo detect train model=yolov8n.pt data=coco.yaml epochs=100 imgsz=640 batch=16 device=0,1');
    assert.equal(inv.program, 'yolo');
    assert.equal(inv.script, 'train');
    assert.equal(inv.flags.get('task')?.value, 'detect');
    assert.equal(inv.flags.get('epochs')?.value, '100');
    assert.equal(inv.flags.get('device')?.value, '0,1');
    assert.deepEqual(inv.configFiles, [], 'data=coco.yaml is a dataset, not a config the command reads');
    assert.equal(classifyInvocation(inv), 'training');
  });

  test('`yolo task=segment mode=train ...` and a bare switch (`resume`) read the same way', () => {
    const inv = invocationOf('yolo task=segment mode=train resume model=runs/segment/train/weights/last.pt');
    assert.equal(inv.script, 'train');
    assert.equal(inv.flags.get('task')?.value, 'segment');
    assert.equal(inv.flags.get('resume')?.value, 'True');
    assert.equal(classifyInvocation(inv), 'training');
  });

  test('predict, val and export are no training (and no workload to cost)', () => {
    for (const line of ['yolo predict model=yolo11n.pt source=bus.jpg', 'yolo detect val model=best.pt data=coco.yaml', 'yolo export model=yolo11n.pt format=onnx']) {
      assert.equal(classifyInvocation(invocationOf(line)), 'other', line);
    }
  });

  test('a shell script: facts from the command line, each at its word; defaults from default.yaml', async () => {
    const r = await analyzeFixture('ultralytics/train_coco.sh');
    assert.equal(r.jobs.length, 1);
    const job = r.jobs[0];
    assert.equal(job.dialect, 'shell-script');
    assert.equal(job.workload, 'training');
    assert.equal(job.model?.id?.value, 'yolov8s.pt');
    assert.equal(job.model?.pretrained?.value, true);
    assert.equal(job.schedule?.epochs?.value, 300);
    assert.equal(job.schedule?.epochs?.source.kind, 'file');
    assert.equal(job.batch?.imageSize?.value, 1280);
    assert.equal(job.hardware?.gpuCount?.value, 4, 'device=0,1,2,3');
    assert.equal(job.batch?.perDevice?.value, 16, 'batch=64 is split over the 4 DDP processes');
    assert.equal(job.dataLoading?.workers?.value, 16);
    assert.equal(job.dataLoading?.modality?.value, 'image');
    assert.deepEqual(job.datasets.map((d) => d.value.path), ['coco.yaml']);
    assert.equal(job.precision?.value, 'fp16');
    assert.match(reasonOf(job.precision), /amp: True/);
    assert.equal(job.schedule?.earlyStopping?.value, true);
    assert.match(reasonOf(job.schedule?.earlyStopping), /patience: 100/);
    assert.equal(job.checkpoint?.periodic?.value, true);
    assert.match(reasonOf(job.checkpoint?.periodic), /last\.pt/);
    assert.equal(job.checkpoint?.resume?.value, false);
    assert.deepEqual(r.findings.map((f) => f.rule), [], 'a well-configured YOLO run raises nothing');
  });

  test('a SkyPilot run: block with task=/mode= and an envs variable', async () => {
    const r = await analyzeFixture('ultralytics/sky_yolo.yaml');
    const job = r.jobs.find((j) => j.dialect === 'skypilot');
    assert.ok(job);
    assert.equal(job.workload, 'training');
    assert.equal(job.model?.id?.value, 'yolo11n.pt');
    assert.equal(job.schedule?.epochs?.value, 50, 'epochs=${EPOCHS} from envs');
    assert.equal(job.batch?.imageSize?.value, 320);
    assert.equal(job.batch?.perDevice?.value, 16, 'batch not written: default.yaml batch: 16');
    assert.equal(job.batch?.perDevice?.source.kind, 'default');
    assert.deepEqual(job.datasets.map((d) => d.value.path), ['coco8.yaml']);
  });

  test('a Kubernetes Job whose argv runs yolo; yolov5s.pt trains as YOLOv5su in the ultralytics package', async () => {
    const r = await analyzeFixture('ultralytics/k8s_yolo.yaml');
    const job = r.jobs.find((j) => j.dialect === 'kubernetes');
    assert.ok(job);
    assert.equal(job.workload, 'training');
    assert.equal(job.model?.id?.value, 'yolov5su.pt');
    assert.match(job.model?.id?.source.kind === 'file' ? job.model.id.source.key : '', /yolov5s\.pt as yolov5su\.pt/);
    assert.equal(job.batch?.perDevice?.value, 32);
    const e = r.estimates[0];
    assert.ok(e.assumptions.some((a) => a.name === 'examples per epoch' && a.value === '16,551' && /VOC\.yaml/.test(JSON.stringify(a.source))));
    assert.ok(e.assumptions.some((a) => a.name === 'parameters' && /YOLOv5u/.test(JSON.stringify(a.source))));
  });

  test("ultralytics/yolov5's train.py flags: --cfg names the original YOLOv5s, --data the bundled COCO YAML, --img the side", async () => {
    const r = await analyzeFixture('ultralytics/yolov5_repo_train.sh');
    const job = r.jobs[0];
    assert.equal(job.model?.id?.value, 'yolov5s.yaml');
    assert.deepEqual(job.datasets.map((d) => d.value.path), ['coco.yaml']);
    assert.equal(job.batch?.imageSize?.value, 640);
    const e = r.estimates[0];
    assert.equal(e.assumptions.find((a) => a.name === 'training FLOPs per example')?.value, (3 * 16.5e9).toExponential(2), 'the repository trains the anchor-based YOLOv5s (16.5 GFLOPs), not YOLOv5su');
    assert.equal(e.assumptions.find((a) => a.name === 'examples per epoch')?.value, '118,287');
  });

  test('a script that only predicts and exports yields no job', async () => {
    const r = await analyzeFixture('ultralytics/predict_only.sh');
    assert.deepEqual(r.jobs, []);
    assert.deepEqual(r.findings, []);
  });
});

describe('Ultralytics in Python: YOLO(...).train(...)', () => {
  test('model.train keyword arguments, the model from YOLO(...), variables resolved', async () => {
    const r = await analyzeFixture('ultralytics/train_yolo.py');
    assert.equal(r.jobs.length, 1);
    const job = r.jobs[0];
    assert.equal(job.dialect, 'python-script');
    assert.match(job.name, /Ultralytics YOLO model\.train/);
    assert.equal(job.anchor.start.line, 6, 'anchored on model.train(...)');
    assert.equal(job.model?.id?.value, 'yolo11n.yaml');
    assert.equal(job.model?.pretrained?.value, false, 'a .yaml model trains from scratch');
    assert.equal(job.schedule?.epochs?.value, 200, 'EPOCHS = 200 resolved');
    assert.equal(job.hardware?.gpuCount?.value, 2, 'device=[0, 1]');
    assert.equal(job.batch?.perDevice?.value, 16, 'batch=32 over 2 GPUs');
    assert.equal(job.batch?.imageSize?.value, 640);
    assert.equal(job.precision?.value, 'fp16');
    assert.equal(job.schedule?.earlyStopping?.value, true);
    assert.equal(job.checkpoint?.retention?.value, 'all', 'save_period=10 keeps every numbered save');
    assert.equal(job.checkpoint?.savesPerEpoch?.value, 0.1);
    assert.equal(job.dataLoading?.workers?.value, 8);
    assert.equal(job.dataLoading?.workers?.source.kind, 'default');
    assert.deepEqual(job.datasets.map((d) => d.value.path), ['coco.yaml']);
  });

  test('settings read from argparse: the option defaults (what runs unless a flag changes them); no default.yaml value for what is unknown', async () => {
    const r = await analyzeFixture('ultralytics/argparse_train.py');
    const job = r.jobs[0];
    assert.equal(job.model?.id?.value, 'yolov8m.pt');
    assert.equal(job.schedule?.epochs?.value, 150);
    assert.match(job.schedule?.epochs?.source.kind === 'file' ? job.schedule.epochs.source.key : '', /--epochs default/);
    assert.equal(job.batch?.imageSize?.value, 960);
    assert.equal(job.batch?.perDevice?.value, 8);
    assert.deepEqual(job.datasets, [], '--data is required, with no default: unknown');
    assert.equal(job.precision?.value, 'dynamic', 'amp=opt.amp without a default: not the AMP default, not fp32');
    assert.ok(!r.findings.some((f) => f.rule === 'fp32-training'));
  });

  test('`**overrides` may hold any setting: what the call does not write gets no default', async () => {
    const r = await analyzeFixture('ultralytics/kwargs_train.py');
    const job = r.jobs[0];
    assert.equal(job.model?.id?.value, 'yolo11s.pt');
    assert.equal(job.schedule?.epochs, undefined, 'epochs may be in the overrides: no default 100');
    assert.equal(job.schedule?.earlyStopping, undefined);
    assert.equal(job.batch?.perDevice, undefined);
    assert.deepEqual(job.datasets.map((d) => d.value.path), ['coco.yaml']);
  });

  test('the CLI: a variable the file does not set is unknown, not the default', async () => {
    const r = await analyzeText('train.sh', 'yolo train model=yolov8n.pt data=coco.yaml epochs=$EPOCHS amp=$AMP\n');
    const job = r.jobs[0];
    assert.equal(job.schedule?.epochs, undefined);
    assert.equal(job.precision?.value, 'dynamic');
    assert.equal(job.batch?.imageSize?.value, 640, 'what is not written at all still takes default.yaml');
  });

  test('predict/val/export only: no job, no finding', async () => {
    const r = await analyzeFixture('ultralytics/predict_only.py');
    assert.deepEqual(r.jobs, []);
    assert.deepEqual(r.findings, []);
  });

  test("another library's .train( is not YOLO; nor is a torch module's .train() beside an Ultralytics import", async () => {
    const other = await analyzeFixture('ultralytics/other_train.py');
    assert.ok(!other.jobs.some((j) => /Ultralytics/.test(j.name)), other.jobs.map((j) => j.name).join(', '));
    const mixed = await analyzeText(
      'mixed.py',
      ['from ultralytics import YOLO', 'import torch', '', 'det = YOLO("yolov8n.pt")', 'head = torch.nn.Linear(10, 2)', 'head.train()', 'out = det.predict("bus.jpg")', ''].join('\n'),
    );
    assert.deepEqual(mixed.jobs, []);
  });

  test('RTDETR(...) trains through the same settings (no FLOPs figure: the estimate asks for the model size)', async () => {
    const r = await analyzeFixture('ultralytics/rtdetr_custom.py');
    const job = r.jobs[0];
    assert.match(job.name, /RTDETR/);
    assert.equal(job.model?.id?.value, 'rtdetr-l.pt');
    assert.equal(job.schedule?.epochs?.value, 100);
  });
});

describe('Ultralytics estimates', () => {
  test('a run cost, with assumptions naming the epochs, the image size and the bundled dataset', async () => {
    const r = await analyzeFixture('ultralytics/train_coco.sh');
    const e = r.estimates[0];
    assert.ok(e.runCostOnDemand! > 0);
    const named = (n: string) => e.assumptions.find((a) => a.name === n);
    assert.equal(named('epochs')?.value, '300');
    assert.equal(named('image size')?.value, '1280×1280');
    assert.equal(named('examples per epoch')?.value, '118,287');
    assert.match(JSON.stringify(named('examples per epoch')?.source), /coco\.yaml.*118287 images/);
    // imgsz=1280 is 4x the pixels of 640: 4 × 28.8 GFLOPs forward, 3x for training.
    assert.equal(named('training FLOPs per example')?.value, (3 * 4 * 28.8e9).toExponential(2));
  });

  test('a local data YAML is of unknown size: the typical image dataset, said to be assumed', async () => {
    const r = await analyzeFixture('ultralytics/local_data.py');
    const e = r.estimates[0];
    assert.ok(e.runCostOnDemand! > 0);
    assert.ok(e.reference?.data, 'the data part is a reference workload');
    assert.ok(e.assumptions.some((a) => a.name === 'examples per epoch' && /typical image dataset/.test(a.value)));
  });
});

// detectron2 (yacs) YAML configs (dialects/detectron2.ts): upper-case top-level keys with keys only
// detectron2's schema has, `_BASE_` followed through the workspace, and a launch that names such a
// config merging its facts under the command's overrides. Real configs from detectron2's repository
// (test/fixtures/detectron2/README.md).
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeFixture, analyzeText } from '../../helpers';
import type { Fact } from '../../../server/src/engine/types';

const fileKey = (f: Fact<unknown> | undefined) => (f?.source.kind === 'file' ? `${f.source.key}${f.source.uri ? ` @${f.source.uri.split('/').pop()}` : ''}` : f?.source.kind);

test('a zoo config with its _BASE_ in the workspace: model, schedule, global batch and data from the chain', async () => {
  const r = await analyzeFixture('detectron2/configs/COCO-InstanceSegmentation/mask_rcnn_R_50_FPN_3x.yaml');
  assert.equal(r.jobs.length, 1);
  const j = r.jobs[0];
  assert.equal(j.dialect, 'detectron2');
  assert.equal(j.workload, 'training');
  assert.deepEqual(j.linkedFiles, [], 'a base is inherited, not launched: it does not make this file its launcher');
  // META_ARCHITECTURE and the FPN backbone in the base, MASK_ON and DEPTH here.
  assert.equal(j.model?.id?.value, 'mask_rcnn_R_50_FPN');
  assert.equal(fileKey(j.model?.id), 'MODEL.META_ARCHITECTURE @Base-RCNN-FPN.yaml');
  assert.equal(j.schedule?.maxSteps?.value, 270000);
  assert.equal(fileKey(j.schedule?.maxSteps), 'SOLVER.MAX_ITER', 'the nearer file wins');
  assert.equal(j.batch?.perDevice?.value, 16);
  assert.equal(j.batch?.accumulationIsGlobal?.value, true);
  assert.equal(fileKey(j.batch?.perDevice), 'SOLVER.IMS_PER_BATCH @Base-RCNN-FPN.yaml');
  assert.deepEqual(j.datasets.map((d) => d.value.path), ['detection-datasets/coco']);
  assert.equal(j.precision?.value, 'fp32');
  assert.equal(j.precision?.source.kind, 'default');
  assert.equal(j.checkpoint?.intervalSteps?.value, 5000);
  const e = r.estimates[0];
  assert.ok(e?.hours && e.hours > 1, 'a 270k-iteration run costs hours');
  assert.equal(e.missing, undefined);
  const fp32 = r.findings.find((f) => f.rule === 'fp32-training');
  assert.match(fp32?.message ?? '', /SOLVER: \{AMP: \{ENABLED: True\}\}/);
});

test('ResNeXt and RetinaNet configs; a Base-* file is a fragment the configs compose (no run of its own)', async () => {
  const x = await analyzeFixture('detectron2/configs/COCO-Detection/faster_rcnn_X_101_32x8d_FPN_3x.yaml');
  assert.equal(x.jobs[0]?.model?.id?.value, 'faster_rcnn_X_101_32x8d_FPN');
  const retina = await analyzeFixture('detectron2/configs/COCO-Detection/retinanet_R_50_FPN_1x.yaml');
  assert.equal(retina.jobs[0]?.model?.id?.value, 'retinanet_R_50_FPN');
  assert.equal(retina.jobs[0]?.schedule?.maxSteps?.value, 90000);
  // Base-RetinaNet.yaml carries a `!!python/object/apply:eval` tag: read, not executed, no crash.
  const base = await analyzeFixture('detectron2/configs/Base-RetinaNet.yaml');
  assert.equal(base.jobs[0]?.dialect, 'detectron2');
  assert.equal(base.jobs[0]?.fragment, true);
  assert.equal(base.estimates.length, 0);
  assert.ok(!base.findings.some((f) => f.rule === 'fp32-training'), 'the fp32 default is judged in the configs that extend it');
});

test('a config whose bases are not in the workspace: the zoo name implies the model, stated keys are facts', async () => {
  const r = await analyzeText('mask_rcnn_R_101_FPN_3x.yaml', '_BASE_: "../Base-RCNN-FPN.yaml"\nMODEL:\n  MASK_ON: True\n  RESNETS:\n    DEPTH: 101\nSOLVER:\n  MAX_ITER: 270000\n  AMP:\n    ENABLED: True\n');
  const j = r.jobs[0];
  assert.equal(j?.dialect, 'detectron2');
  assert.equal(j.model?.id?.value, 'mask_rcnn_R_101_FPN_3x');
  assert.equal(j.model?.id?.source.kind, 'default');
  assert.equal(j.schedule?.maxSteps?.value, 270000);
  assert.equal(j.precision?.value, 'fp16');
  assert.equal(fileKey(j.precision), 'SOLVER.AMP.ENABLED');
});

test('CascadeROIHeads names the cascade model', async () => {
  const r = await analyzeText('cascade.yaml', 'MODEL:\n  META_ARCHITECTURE: "GeneralizedRCNN"\n  MASK_ON: True\n  BACKBONE:\n    NAME: "build_resnet_fpn_backbone"\n  ROI_HEADS:\n    NAME: CascadeROIHeads\nSOLVER:\n  IMS_PER_BATCH: 16\n  MAX_ITER: 90000\n');
  assert.equal(r.jobs[0]?.model?.id?.value, 'cascade_mask_rcnn_R_50_FPN');
});

test('a keypoint head is not counted: no model rather than a Faster R-CNN figure', async () => {
  const r = await analyzeText('keypoint_rcnn_R_50_FPN_1x.yaml', 'MODEL:\n  META_ARCHITECTURE: "GeneralizedRCNN"\n  KEYPOINT_ON: True\n  BACKBONE:\n    NAME: "build_resnet_fpn_backbone"\nSOLVER:\n  IMS_PER_BATCH: 16\n  MAX_ITER: 90000\n');
  assert.equal(r.jobs[0]?.dialect, 'detectron2');
  assert.equal(r.jobs[0].model, undefined);
});

test('negatives: YAML with a SOLVER key that is not detectron2\'s stays with the other dialects', async () => {
  const mixed = await analyzeText('train.yaml', 'SOLVER:\n  MAX_ITER: 100\nmodel: resnet50\nepochs: 3\n');
  assert.ok(!mixed.jobs.some((j) => j.dialect === 'detectron2'), 'lower-case keys beside it');
  const other = await analyzeText('solver.yaml', 'SOLVER:\n  LR: 0.1\n  EPOCHS: 10\nNAME: experiment\n');
  assert.deepEqual(other.jobs.map((j) => j.dialect), [], 'upper-case, but no key only detectron2 has');
  const caffe = await analyzeText('net.yaml', 'NET: lenet\nBASE_LR: 0.01\nMAX_ITER: 10000\n');
  assert.deepEqual(caffe.jobs.map((j) => j.dialect), []);
});

test('a launch naming a workspace config: the config\'s facts under the command\'s overrides, the batch split over --num-gpus', async () => {
  const r = await analyzeFixture('detectron2/train.sh');
  const j = r.jobs[0];
  assert.ok(j.linkedFiles.some((p) => p.endsWith('mask_rcnn_R_50_FPN_3x.yaml')));
  assert.equal(j.schedule?.maxSteps?.value, 1000);
  assert.equal(fileKey(j.schedule?.maxSteps), 'SOLVER.MAX_ITER');
  assert.equal(j.precision?.value, 'fp16');
  assert.equal(j.model?.id?.value, 'mask_rcnn_R_50_FPN');
  assert.equal(j.batch?.perDevice?.value, 2, 'IMS_PER_BATCH 16 of the base over --num-gpus 8');
  assert.equal(j.batch?.gradientAccumulation?.value, 8);
  assert.equal(j.hardware?.gpuCount?.value, 8);
  assert.equal(j.checkpoint?.location?.value, './output/mask_rcnn_short');
  const e = r.estimates[0];
  assert.ok(e?.hours !== undefined && e.hours > 0 && e.hours < 1, `${e?.hours}`);
  assert.ok(!r.findings.some((f) => f.rule === 'fp32-training'));
});

// detectron2 launches (dialects/launch/detectron2.ts): trailing yacs `KEY VALUE` overrides read as
// facts, the model-zoo config name's implied model/schedule/dataset as assumptions, fp32 by default;
// and the real SkyPilot task of the corpus (skypilot/examples/detectron2_app.yaml) now has a run cost.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { LineIndex } from '../../../server/src/engine/formats/lineIndex';
import { noFileAccess } from '../../../server/src/engine/fileAccess';
import { D2_FP32_REASON, classifyInvocation, isDetectron2Launch, launchedJobFacts, parseCommands, type Invocation } from '../../../server/src/engine/dialects/launch';
import type { AnalysisContext, Fact } from '../../../server/src/engine/types';
import type { AssumptionSource } from '../../../server/src/engine/cost/estimateTypes';
import { analyzeFixture } from '../../helpers';

const parse = (text: string): Invocation[] => parseCommands(text, 0, new LineIndex(text));
const lone: AnalysisContext = { path: '/ws/task.yaml', files: noFileAccess, log: () => {}, linked: async () => undefined };
const facts = (text: string) => launchedJobFacts(parse(text), lone);
const key = (f: Fact<unknown> | undefined): string | undefined => (f?.source.kind === 'file' ? f.source.key : f?.source.kind);
const detail = (s: AssumptionSource | undefined): string => (s?.kind === 'file' ? s.key : s?.kind === 'model' || s?.kind === 'calibration' || s?.kind === 'catalog' ? s.detail : '');

const SKY = 'python train_net.py --config-file ../configs/COCO-InstanceSegmentation/mask_rcnn_R_50_FPN_1x.yaml --num-gpus 1 SOLVER.IMS_PER_BATCH 2 SOLVER.BASE_LR 0.0025 SOLVER.MAX_ITER 100';

test('yacs overrides after the flags are read as settings, with their ranges and spelling', () => {
  const [inv] = parse(SKY);
  assert.ok(isDetectron2Launch(inv));
  assert.equal(inv.flags.get('SOLVER.MAX_ITER')?.value, '100');
  assert.equal(inv.flags.get('SOLVER.IMS_PER_BATCH')?.value, '2');
  assert.equal(inv.flags.get('SOLVER.BASE_LR')?.value, '0.0025');
  assert.equal(inv.flags.get('SOLVER.MAX_ITER')?.key, 'SOLVER.MAX_ITER');
  const at = SKY.indexOf('SOLVER.MAX_ITER 100');
  assert.deepEqual(inv.flags.get('SOLVER.MAX_ITER')?.range, new LineIndex(SKY).range(at, at + 'SOLVER.MAX_ITER 100'.length));
  assert.equal(inv.flags.get('num_gpus')?.value, '1');
  assert.deepEqual(inv.args.map((a) => a.text), [], 'no override is left as a positional argument');
  assert.deepEqual(inv.configFiles.map((c) => c.ref), ['../configs/COCO-InstanceSegmentation/mask_rcnn_R_50_FPN_1x.yaml']);
});

test('the SkyPilot command: steps and a global batch stated, model and COCO implied by the config name, fp32 by default', async () => {
  const f = await facts(SKY);
  assert.equal(f.workload, 'training');
  assert.equal(f.schedule?.maxSteps?.value, 100);
  assert.equal(key(f.schedule?.maxSteps), 'SOLVER.MAX_ITER');
  assert.equal(f.batch?.perDevice?.value, 2);
  assert.equal(f.batch?.gradientAccumulation?.value, 1);
  assert.equal(f.batch?.accumulationIsGlobal?.value, true);
  assert.equal(f.model?.id?.value, 'mask_rcnn_R_50_FPN_1x');
  assert.equal(f.model?.id?.source.kind, 'default', 'the config name implies the model: an assumption');
  assert.deepEqual(f.datasets?.map((d) => [d.value.path, d.source.kind]), [['detection-datasets/coco', 'default']]);
  assert.equal(f.precision?.value, 'fp32');
  assert.equal(f.precision?.source.kind === 'default' && f.precision.source.reason, D2_FP32_REASON);
  // 100 iterations, a checkpoint every 5000 by default: only the final model is saved.
  assert.equal(f.checkpoint?.periodic?.value, false);
  assert.equal(f.checkpoint?.periodic?.source.kind, 'default');
  assert.equal(f.checkpoint?.intervalSteps?.value, 5000);
});

test('IMS_PER_BATCH is shared by --num-gpus × --num-machines workers', async () => {
  const f = await facts('python tools/train_net.py --num-gpus 8 --num-machines 2 --config-file configs/COCO-Detection/faster_rcnn_R_101_FPN_3x.yaml SOLVER.IMS_PER_BATCH 32');
  assert.equal(f.batch?.perDevice?.value, 2);
  assert.equal(f.batch?.gradientAccumulation?.value, 16);
  assert.equal(f.batch?.accumulationIsGlobal?.value, true);
  assert.equal(f.hardware?.gpuCount?.value, 8);
  assert.equal(f.hardware?.nodes?.value, 2);
  // No MAX_ITER on the line: the zoo's 3x schedule, as an assumption; the stated batch stays.
  assert.equal(f.schedule?.maxSteps?.value, 270000);
  assert.equal(f.schedule?.maxSteps?.source.kind, 'default');
  assert.match(f.schedule?.maxSteps?.source.kind === 'default' ? f.schedule.maxSteps.source.reason : '', /3x schedule/);
  assert.equal(key(f.batch?.perDevice), 'SOLVER.IMS_PER_BATCH 32 / 16 GPUs');
});

test('a zoo name alone implies the 1x schedule at 16 images; AMP, checkpoint period, output dir and --resume are read', async () => {
  const f = await facts('python train_net.py --config-file configs/COCO-Detection/retinanet_R_50_FPN_1x.yaml --num-gpus 8 --resume SOLVER.AMP.ENABLED True SOLVER.CHECKPOINT_PERIOD 2000 OUTPUT_DIR /mnt/ckpt/retina');
  assert.equal(f.schedule?.maxSteps?.value, 90000);
  assert.equal(f.batch?.perDevice?.value, 2);
  assert.equal(f.batch?.perDevice?.source.kind, 'default');
  assert.equal(f.precision?.value, 'fp16');
  assert.equal(key(f.precision), 'SOLVER.AMP.ENABLED');
  assert.equal(f.checkpoint?.periodic?.value, true);
  assert.equal(f.checkpoint?.intervalSteps?.value, 2000);
  assert.equal(f.checkpoint?.location?.value, '/mnt/ckpt/retina');
  assert.equal(key(f.checkpoint?.location), 'OUTPUT_DIR');
  assert.equal(f.checkpoint?.resume?.value, true);
  const off = await facts('python train_net.py --config-file x/mask_rcnn_R_50_FPN_3x.yaml SOLVER.AMP.ENABLED False');
  assert.equal(f.model?.id?.value, 'retinanet_R_50_FPN_1x');
  assert.equal(off.precision?.value, 'fp32');
  assert.equal(off.precision?.source.kind, 'file');
});

test('LazyConfig overrides (lazyconfig_train_net.py key=value) state the same facts', async () => {
  const f = await facts('python tools/lazyconfig_train_net.py --config-file configs/new_baselines/mask_rcnn_R_50_FPN_100ep_LSJ.py --num-gpus 8 train.max_iter=1000 dataloader.train.total_batch_size=64 train.amp.enabled=True');
  assert.equal(f.schedule?.maxSteps?.value, 1000);
  assert.equal(f.batch?.perDevice?.value, 8);
  assert.equal(f.batch?.accumulationIsGlobal?.value, true);
  assert.equal(f.precision?.value, 'fp16');
});

test('negatives: --config-file without overrides, a non-detectron2 script, unknown config names', async () => {
  // Another project's `--config-file` and its own flags: nothing detectron2 about it.
  const plain = await facts('python main.py --config-file configs/run.yaml --epochs 3');
  const [inv] = parse('python main.py --config-file configs/run.yaml --epochs 3');
  assert.equal(isDetectron2Launch(inv), false);
  assert.equal(plain.precision, undefined);
  assert.equal(plain.model, undefined);
  assert.equal(plain.schedule?.epochs?.value, 3);
  assert.equal(plain.batch, undefined);
  // Upper-case positionals of a script without --config-file stay positionals.
  const [other] = parse('python run.py SOLVER.MAX_ITER 100');
  assert.deepEqual(other.args.map((a) => a.text), ['SOLVER.MAX_ITER', '100']);
  assert.equal(other.flags.size, 0);
  // A detectron2 launch whose config name is not the zoo's: only what the command states.
  const custom = await facts('python train_net.py --config-file configs/my_experiment.yaml SOLVER.MAX_ITER 500');
  assert.equal(custom.schedule?.maxSteps?.value, 500);
  assert.equal(custom.model?.id, undefined);
  assert.deepEqual(custom.datasets, []);
  assert.equal(custom.precision?.value, 'fp32');
});

test('the corpus SkyPilot detectron2 task gets a run cost: 100 iterations × 2 images of Mask R-CNN on one V100', async () => {
  const r = await analyzeFixture('realworld/files/skypilot/examples/detectron2_app.yaml');
  const [e] = r.estimates;
  assert.ok(e, 'an estimate');
  assert.equal(e.missing, undefined);
  assert.ok(e.hours !== undefined && e.runCostOnDemand !== undefined);
  // 200 images × ~1.2 TFLOPs ≈ 2.4e14 FLOPs on a V100 in fp32: about a minute, never less than the
  // eager step floor (100 steps × 19 ms) and never hours.
  assert.ok(e.hours > (100 * 0.019) / 3600 && e.hours < 0.1, `${e.hours} h`);
  assert.ok(e.runCostOnDemand > 0 && e.runCostOnDemand < 1, `$${e.runCostOnDemand}`);
  const a = (name: string) => e.assumptions.find((x) => x.name === name);
  assert.equal(detail(a('steps')?.source), 'SOLVER.MAX_ITER');
  assert.match(a('examples')?.value ?? '', /^200 = 100 steps × 2 per step/);
  assert.match(detail(a('training FLOPs per example')?.source), /Mask R-CNN R50-FPN/);
  assert.equal(a('precision')?.value, 'fp32');
});

test('fp32-training on a detectron2 launch advises its AMP override and never adds a --fp16 flag it would reject', async () => {
  const r = await analyzeFixture('realworld/files/skypilot/examples/detectron2_app.yaml');
  const f = r.findings.find((x) => x.rule === 'fp32-training');
  assert.ok(f, 'fp32-training');
  assert.match(f.message, /`SOLVER\.AMP\.ENABLED True` at the end of the detectron2 command/);
  assert.doesNotMatch(f.message, /--fp16/);
  assert.ok(!(f.fixes ?? []).some((x) => x.edits.some((e) => e.newText.includes('--fp16'))));
});

test('new_baselines (LazyConfig, *_LSJ): the name implies epochs over COCO, and 1024×1024 crops', async () => {
  const f = await facts('python tools/lazyconfig_train_net.py --config-file configs/new_baselines/mask_rcnn_R_50_FPN_100ep_LSJ.py --num-gpus 8');
  assert.equal(f.schedule?.epochs?.value, 100);
  assert.equal(f.schedule?.epochs?.source.kind, 'default');
  assert.equal(f.model?.id?.value, 'mask_rcnn_R_50_FPN_100ep_LSJ');
  assert.deepEqual(f.datasets?.map((d) => d.value.path), ['detection-datasets/coco']);
});

test('--eval-only: its overrides are still read, and the command evaluates rather than trains', () => {
  const [inv] = parse('python tools/train_net.py --config-file configs/COCO-Detection/faster_rcnn_R_50_FPN_1x.yaml --eval-only MODEL.WEIGHTS /ckpt/model_final.pth');
  assert.equal(inv.flags.get('eval_only')?.value, undefined);
  assert.equal(inv.flags.get('MODEL.WEIGHTS')?.value, '/ckpt/model_final.pth');
  assert.equal(classifyInvocation(inv), 'other');
  const [train] = parse('python tools/train_net.py --config-file configs/COCO-Detection/faster_rcnn_R_50_FPN_1x.yaml --resume SOLVER.MAX_ITER 10');
  assert.equal(classifyInvocation(train), 'training');
  assert.equal(train.flags.get('SOLVER.MAX_ITER')?.value, '10');
});

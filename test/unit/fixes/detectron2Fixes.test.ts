// fp32-training fixes for detectron2: the command takes config overrides after every flag, so the fix
// appends `SOLVER.AMP.ENABLED True` (or flips an existing False) instead of adding `--fp16`; a
// detectron2 YAML config gets `SOLVER: AMP: ENABLED: True`. Each fix is applied to the real text and
// the file re-analysed.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { fixturePath } from '../../helpers';
import { analyzeAs, applyEdits, assertUntouchedLines } from './fixHarness';

async function roundTrip(name: string, text: string, expectTitle: RegExp): Promise<string> {
  const before = await analyzeAs(name, text);
  const fix = before.jobs[0].editor?.setPrecision?.('fp16');
  assert.ok(fix, 'a fix');
  assert.match(fix.title, expectTitle);
  assert.equal(fix.safe, true);
  const after = applyEdits(text, fix.edits);
  assertUntouchedLines(text, after, fix.edits);
  const re = await analyzeAs(name, after);
  assert.equal(re.jobs[0].precision?.value, 'fp16');
  assert.ok(!re.findings.some((f) => f.rule === 'fp32-training'), 'finding gone');
  assert.ok(!after.includes('--fp16'));
  return after;
}

test('SkyPilot run: (the corpus task) SOLVER.AMP.ENABLED True appended after the last override', async () => {
  const text = fs.readFileSync(fixturePath('realworld/files/skypilot/examples/detectron2_app.yaml'), 'utf8');
  const after = await roundTrip('detectron2_app.yaml', text, /add SOLVER\.AMP\.ENABLED True at the end of the command in run:/);
  assert.match(after, /SOLVER\.MAX_ITER 100 SOLVER\.AMP\.ENABLED True\n/);
});

test('shell script: an existing SOLVER.AMP.ENABLED False is flipped; a continued command gets it after its last word', async () => {
  const flip = await roundTrip('train.sh', 'python tools/train_net.py --config-file configs/COCO-Detection/faster_rcnn_R_50_FPN_1x.yaml SOLVER.AMP.ENABLED False SOLVER.MAX_ITER 500 > log.txt\n', /set SOLVER\.AMP\.ENABLED to True/);
  assert.match(flip, /SOLVER\.AMP\.ENABLED True SOLVER\.MAX_ITER 500 > log\.txt/);
  const multi = 'python tools/train_net.py --num-gpus 8 \\\n  --config-file configs/COCO-Detection/retinanet_R_50_FPN_1x.yaml \\\n  SOLVER.MAX_ITER 2000 && echo done\n';
  const after = await roundTrip('train.sh', multi, /add SOLVER\.AMP\.ENABLED True/);
  assert.match(after, /SOLVER\.MAX_ITER 2000 SOLVER\.AMP\.ENABLED True && echo done/);
});

test('no place to append inside bash -c "...": no fix rather than a broken one', async () => {
  const r = await analyzeAs('train.sh', 'bash -c "python tools/train_net.py --config-file configs/COCO-Detection/retinanet_R_50_FPN_1x.yaml SOLVER.MAX_ITER 20"\n');
  assert.equal(r.jobs[0]?.precision?.value, 'fp32');
  assert.equal(r.jobs[0]?.editor?.setPrecision?.('fp16'), undefined);
});

test('detectron2 YAML config: SOLVER.AMP.ENABLED: True inserted under its SOLVER map', async () => {
  const text = fs.readFileSync(fixturePath('detectron2/configs/COCO-InstanceSegmentation/mask_rcnn_R_50_FPN_3x.yaml'), 'utf8');
  const after = await roundTrip('mask_rcnn_R_50_FPN_3x.yaml', text, /SOLVER\.AMP\.ENABLED: True/);
  assert.match(after, /SOLVER:\n(  .*\n)*  AMP:\n    ENABLED: true\n/i);
});

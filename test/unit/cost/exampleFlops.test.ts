import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { exampleArchitecture, trainingFlopsPerExample } from '../../../server/src/engine/cost/exampleFlops';

describe('FLOPs per example for image and audio models', () => {
  test('names as torchvision, timm and the Hub write them', () => {
    for (const id of ['resnet50', 'microsoft/resnet-50', 'timm/resnet50.a1_in1k', 'ResNet50']) assert.equal(exampleArchitecture(id)?.name, 'resnet50', id);
    assert.equal(exampleArchitecture('google/vit-base-patch16-224-in21k')?.name, 'vit_b_16');
    assert.equal(exampleArchitecture('vit_large_patch16_224')?.name, 'vit_l_16');
    assert.equal(exampleArchitecture('efficientnet_b0')?.name, 'efficientnet_b0');
    assert.equal(exampleArchitecture('facebook/convnext-tiny-224')?.name, 'convnext_tiny');
    assert.equal(exampleArchitecture('openai/whisper-large-v3')?.name, 'whisper-large');
    assert.equal(exampleArchitecture('facebook/wav2vec2-base-960h')?.name, 'wav2vec2-base');
    assert.equal(exampleArchitecture('meta-llama/Llama-3.1-8B'), undefined, 'language models are counted in tokens');
    assert.equal(exampleArchitecture('bert-base-uncased'), undefined, 'BERT is a token model');
  });

  test('training = 3 × forward = 6 × multiply-adds, at the model resolution', () => {
    const r50 = trainingFlopsPerExample(exampleArchitecture('resnet50')!, {});
    assert.equal(r50.flops, 3 * 2 * 4.09e9);
    assert.match(r50.basis, /torchvision/);
    const vit = trainingFlopsPerExample(exampleArchitecture('vit_b_16')!, {});
    assert.equal(vit.flops, 3 * 2 * 17.56e9);
  });

  test('CNNs on small images scale with pixels; ViTs do not', () => {
    const cifar = trainingFlopsPerExample(exampleArchitecture('resnet18')!, { imageSide: 32 });
    assert.ok(Math.abs(cifar.flops - 6 * 1.81e9 * (32 / 224) ** 2) < 1);
    assert.match(cifar.basis, /scaled to 32×32/);
    const vit = trainingFlopsPerExample(exampleArchitecture('vit_b_16')!, { imageSide: 32 });
    assert.equal(vit.flops, 6 * 17.56e9, 'images are resized to the ViT input');
  });

  test('Whisper pays for a 30 s window whatever the clip; wav2vec2 for its seconds', () => {
    const w = exampleArchitecture('openai/whisper-small')!;
    const a = trainingFlopsPerExample(w, { clipSeconds: 3 }).flops;
    const b = trainingFlopsPerExample(w, { clipSeconds: 25 }).flops;
    assert.equal(a, b);
    assert.equal(a, 3 * (2 * 122e6 * 1500 + 2 * 122e6 * 128));
    const v = exampleArchitecture('wav2vec2-base')!;
    const ten = trainingFlopsPerExample(v, { clipSeconds: 10 }).flops;
    const twenty = trainingFlopsPerExample(v, { clipSeconds: 20 }).flops;
    assert.ok(Math.abs(twenty / ten - 2) < 1e-9);
    assert.match(trainingFlopsPerExample(v, {}).basis, /10\.0 s clips \(assumed\)/);
  });
});

describe('Ultralytics YOLO detectors', () => {
  test('ids as Ultralytics writes them; the published GFLOPs are 2 × multiply-adds, so forward FLOPs equal them', () => {
    for (const [id, name, gflops] of [
      ['yolov8n.pt', 'yolov8n', 8.9],
      ['runs/detect/train/weights/yolov8x.pt', 'yolov8x', 258.5],
      ['yolo11n.yaml', 'yolo11n', 6.6],
      ['yolo11m.pt', 'yolo11m', 68.5],
      ['yolov5su.pt', 'yolov5su', 24.0],
      ['yolov5s', 'yolov5s', 16.5],
    ] as const) {
      const a = exampleArchitecture(id);
      assert.equal(a?.name, name, id);
      const t = trainingFlopsPerExample(a!, {});
      assert.ok(Math.abs(t.flops - 3 * gflops * 1e9) < 1, `${id}: ${t.flops}`);
      assert.match(a!.basis, /2 × multiply-adds/);
    }
    assert.equal(exampleArchitecture('yolov8n.pt')?.parameters, 3157200);
  });

  test('task variants are not the detector: YOLO11 segment/classify have their own rows, the rest none', () => {
    for (const id of ['yolov8n-seg.pt', 'yolov8n-cls.pt', 'yolo11s-pose.pt', 'yolo11n-obb.pt', 'yolov5s6.pt']) assert.equal(exampleArchitecture(id), undefined, id);
    assert.equal(exampleArchitecture('yolo11m-seg.pt')?.name, 'yolo11m-seg');
    const cls = exampleArchitecture('yolo11n-cls.pt')!;
    assert.equal(cls.resolution, 224, 'classifiers are tabled at 224');
    assert.ok(Math.abs(trainingFlopsPerExample(cls, { inputSide: 224 }).flops - 3 * 0.5e9) < 1);
    assert.ok(Math.abs(trainingFlopsPerExample(cls, { inputSide: 64 }).flops - 3 * 0.5e9 * (64 / 224) ** 2) < 1);
  });

  test('imgsz scales the work by (imgsz / 640)², above 640 as well as below; the dataset side does not', () => {
    const a = exampleArchitecture('yolo11s.pt')!;
    const at640 = trainingFlopsPerExample(a, {}).flops;
    const at1280 = trainingFlopsPerExample(a, { inputSide: 1280 });
    const at320 = trainingFlopsPerExample(a, { inputSide: 320 });
    assert.ok(Math.abs(at1280.flops / at640 - 4) < 1e-9);
    assert.ok(Math.abs(at320.flops / at640 - 0.25) < 1e-9);
    assert.match(at1280.basis, /imgsz 1280×1280/);
    assert.equal(trainingFlopsPerExample(a, { imageSide: 32 }).flops, at640, 'images are resized to imgsz whatever their stored size');
  });
});

test('detection models by their detectron2/mmdetection names: FLOPs from detectron2\'s own counts, no small-image scaling', () => {
  const faster = exampleArchitecture('faster_rcnn_R_50_FPN_1x')!;
  const mask = exampleArchitecture('COCO-InstanceSegmentation/mask_rcnn_R_50_FPN_3x')!;
  const retina = exampleArchitecture('retinanet_R_101_FPN_3x')!;
  const x101 = exampleArchitecture('mask_rcnn_X_101_32x8d_FPN_3x')!;
  assert.ok(faster && mask && retina && x101);
  assert.equal(exampleArchitecture('mask_rcnn_r50_fpn_1x_coco')?.name, 'Mask R-CNN R50-FPN', 'mmdetection spelling');
  assert.equal(exampleArchitecture('faster_rcnn_R_50_C4_1x'), undefined, 'C4 heads run res5 per RoI: not counted');
  // 117 G at 800×800 × 1.086 for the training resize + 7.3 G box head ≈ 134 G multiply-adds.
  const g = (a: typeof faster) => a.forwardFlops({}) / 2 / 1e9;
  assert.ok(Math.abs(g(faster) - 134.4) < 1, `${g(faster)}`);
  assert.ok(g(mask) - g(faster) > 60 && g(mask) - g(faster) < 75, 'mask head on 128 foreground RoIs');
  assert.ok(g(x101) > g(mask) + 150, 'ResNeXt-101 32x8d backbone');
  assert.equal(mask.forwardFlops({ imageSide: 32 }), mask.forwardFlops({}), 'small-image scaling does not apply');
  assert.match(trainingFlopsPerExample(faster, {}).basis, /tests\/test_model_analysis\.py/);
  assert.equal(Math.round(faster.parameters / 1e5), 417);
  // Cascade R-CNN: two more box-head stages (2 × 7.3 G); mmdetection's spelling too.
  const cascade = exampleArchitecture('cascade_mask_rcnn_R_50_FPN_3x')!;
  assert.ok(Math.abs(g(cascade) - g(mask) - 14.7) < 0.5, `${g(cascade)}`);
  assert.equal(exampleArchitecture('cascade_mask_rcnn_r50_fpn_1x_coco')?.name, 'Cascade Mask R-CNN R50-FPN');
  assert.equal(exampleArchitecture('cascade_retinanet_R_50_FPN_1x'), undefined);
  // Large-scale jitter crops every image to 1024×1024: the image-sized part grows by 1024²/0.70 M.
  const lsj = exampleArchitecture('mask_rcnn_R_50_FPN_100ep_LSJ')!;
  assert.ok(g(lsj) > g(mask) + 50, `${g(lsj)} vs ${g(mask)}`);
});

// Training FLOPs per example for common image and audio architectures, whose work is counted in
// examples (images, clips) rather than tokens.
//   training FLOPs ≈ 3 × forward FLOPs (backward ≈ 2 × forward: Kaplan et al. 2020, §2.1),
//   forward FLOPs  = 2 × multiply-adds.
// Vision: multiply-adds per image at the model's own resolution from the torchvision model docs
// ("GFLOPS" column, counted as multiply-adds by fvcore; pytorch.org/vision/stable/models.html,
// retrieved 2026-12-01) and the papers (ResNet: He et al. 2016 Table 1; ViT: Dosovitskiy et al.
// 2021 Table 6; EfficientNet: Tan & Le 2019 Table 2; ConvNeXt: Liu et al. 2022 Table 1).
// Convolutional nets scale with the pixels they see: a small-image dataset (CIFAR 32×32, MNIST
// 28×28) fed without resizing costs (side/224)² of the 224×224 figure. Vision transformers take
// their fixed input size (images are resized to it).
// Audio: Whisper pads every clip to 30 s = 1500 encoder frames (Radford et al. 2022, §2.2), so an
// example costs 2·N_enc·1500 + 2·N_dec·T_dec, with encoder and decoder of equal size (same depth and
// width, paper Table 1; N_enc ≈ N_dec ≈ N/2) and T_dec = 128 decoder tokens (mlcost assumption; the
// limit is 448). wav2vec 2.0 / HuBERT: 50 transformer frames per second of audio (Baevski et al.
// 2020, §2) → 2·N·50 per second, plus ≈ 4.9 GFLOPs per second for the convolutional feature encoder
// (7 layers of 512 channels, strides 5,2,2,2,2,2,2, kernels 10,3,3,3,3,2,2: 2.45 G multiply-adds/s).

import type { DeclaredModel } from '../types';

export interface Architecture {
  name: string;
  parameters: number;
  modality: 'image' | 'audio';
  /** Forward multiply-adds per example at `resolution` (vision) or per 30 s window (Whisper). */
  forwardFlops: (ctx: ExampleContext) => number;
  /** Convolutional: scales with pixels. */
  convolutional?: boolean;
  resolution?: number;
  /** The work follows the input side the training sets (`inputSide`), not the dataset's images. */
  scalesWithInput?: boolean;
  basis: string;
}

export interface ExampleContext {
  /** Side of the images as the dataset stores them, when known (CIFAR 32, MNIST 28). */
  imageSide?: number;
  /** Mean clip length in seconds, when the dataset says (hours × 3600 / rows). */
  clipSeconds?: number;
  /** Side the training resizes every image to (Ultralytics `imgsz`): architectures sized at a
   *  stated input (`scalesWithInput`) cost (side / resolution)² of their figure, up or down. */
  inputSide?: number;
}

const G = 1e9;
const TV = 'torchvision model docs (GFLOPS column: multiply-adds at 224×224)';

function vision(name: string, macsG: number, paramsM: number, basis: string, convolutional: boolean, resolution = 224): Architecture {
  return {
    name,
    parameters: paramsM * 1e6,
    modality: 'image',
    convolutional,
    resolution,
    basis: `${macsG} G multiply-adds per ${resolution}×${resolution} image (${basis})`,
    forwardFlops: (ctx) => {
      const f = 2 * macsG * G;
      if (!convolutional || !ctx.imageSide || ctx.imageSide >= resolution) return f;
      return f * (ctx.imageSide / resolution) ** 2;
    },
  };
}

// Ultralytics YOLO detectors at 640×640. Ultralytics' "GFLOPs" (model summaries, docs tables) are
// thop multiply-adds × 2 (ultralytics/utils/torch_utils.py get_flops: `thop.profile(...)[0] / 1e9 * 2`),
// so the multiply-adds here are half the published figure. Training resizes every image to `imgsz`
// (letterboxed, default 640), so the work scales with (imgsz / 640)², above 640 as well as below.
const YOLO_SIDE = 640;
const V8_YAML = 'ultralytics/ultralytics ultralytics/cfg/models/v8/yolov8.yaml @023641f5, scales summary';
const V11_YAML = 'ultralytics/ultralytics ultralytics/cfg/models/11/yolo11.yaml @0a2ae50b, scales summary';
const V5U_DOCS = 'Ultralytics docs models/yolov5 (docs/en/models/yolov5.md @7db69554), YOLOv5u detection table';
const V5_README = 'ultralytics/yolov5 README @0026ac66, Pretrained Checkpoints table (FLOPs @640)';

const V11_SEG_DOCS = 'Ultralytics docs, YOLO11 segmentation table (docs/en/macros/yolo-seg-perf.md @32d95d48)';
const V11_CLS_DOCS = 'Ultralytics docs, YOLO11 classification table, FLOPs at 224 (docs/en/macros/yolo-cls-perf.md @1f7522e0)';
/** Ultralytics classifiers are tabled at 224×224. */
const YOLO_CLS_SIDE = 224;

function yolo(name: string, gflops: number, params: number, basis: string, side = YOLO_SIDE): Architecture {
  const macsG = gflops / 2;
  return {
    name,
    parameters: params,
    modality: 'image',
    convolutional: true,
    resolution: side,
    scalesWithInput: true,
    basis: `${macsG} G multiply-adds per ${side}×${side} image (${basis}: ${gflops} GFLOPs, which Ultralytics counts as 2 × multiply-adds), × (imgsz / ${side})²`,
    forwardFlops: (ctx) => 2 * macsG * G * ((ctx.inputSide ?? side) / side) ** 2,
  };
}

const WHISPER_DECODER_TOKENS = 128;
function whisper(name: string, paramsM: number): Architecture {
  const n = paramsM * 1e6;
  return {
    name,
    parameters: n,
    modality: 'audio',
    basis: `Whisper ${name.replace('whisper-', '')} (${paramsM}M, Radford et al. 2022 Table 1): 2·(N/2)·1500 encoder frames + 2·(N/2)·${WHISPER_DECODER_TOKENS} decoder tokens per 30 s window`,
    forwardFlops: () => 2 * (n / 2) * 1500 + 2 * (n / 2) * WHISPER_DECODER_TOKENS,
  };
}

const DEFAULT_CLIP_SECONDS = 10;
const CONV_ENCODER_FLOPS_PER_SECOND = 4.9e9;
function wav2vec(name: string, paramsM: number): Architecture {
  const n = paramsM * 1e6;
  return {
    name,
    parameters: n,
    modality: 'audio',
    basis: `${name} (${paramsM}M, Baevski et al. 2020): 2·N·50 frames/s + 4.9 GFLOPs/s feature encoder`,
    forwardFlops: (ctx) => (2 * n * 50 + CONV_ENCODER_FLOPS_PER_SECOND) * (ctx.clipSeconds ?? DEFAULT_CLIP_SECONDS),
  };
}

// Patterns match the name with the org removed, lower-cased, `_` as `-`: torchvision `resnet50`,
// timm `vit_base_patch16_224`, HF `microsoft/resnet-50`, `google/vit-base-patch16-224-in21k`.
const ARCHS: [RegExp, Architecture][] = [
  [/^resnet-?18\b/, vision('resnet18', 1.81, 11.7, `${TV}; He et al. 2016: 1.8e9`, true)],
  [/^resnet-?34\b/, vision('resnet34', 3.66, 21.8, `${TV}; He et al. 2016: 3.6e9`, true)],
  [/^resnet-?50\b/, vision('resnet50', 4.09, 25.6, `${TV}; He et al. 2016: 3.8e9`, true)],
  [/^resnet-?101\b/, vision('resnet101', 7.80, 44.5, `${TV}; He et al. 2016: 7.6e9`, true)],
  [/^resnet-?152\b/, vision('resnet152', 11.51, 60.2, `${TV}; He et al. 2016: 11.3e9`, true)],
  [/^(wide-resnet50-2)\b/, vision('wide_resnet50_2', 11.40, 68.9, TV, true)],
  [/^resnext50/, vision('resnext50_32x4d', 4.23, 25.0, TV, true)],
  [/^vit-(b|base)-?(patch)?16/, vision('vit_b_16', 17.56, 86.6, `${TV}; Dosovitskiy et al. 2021 Table 6: 17.5`, false)],
  [/^vit-(b|base)-?(patch)?32/, vision('vit_b_32', 4.41, 88.2, TV, false)],
  [/^vit-(l|large)-?(patch)?16/, vision('vit_l_16', 61.55, 304.3, `${TV}; Dosovitskiy et al. 2021 Table 6: 61.6`, false)],
  [/^vit-(l|large)-?(patch)?32/, vision('vit_l_32', 15.38, 306.5, TV, false)],
  [/^vit-(s|small)-?(patch)?16/, vision('vit_s_16', 4.6, 22.1, 'timm vit_small_patch16_224 model card (4.6 GMACs)', false)],
  [/^deit-(small|s)/, vision('deit_small', 4.6, 22.1, 'Touvron et al. 2021 Table 1 (4.6 GFLOPs)', false)],
  [/^deit-(base|b)/, vision('deit_base', 17.6, 86.6, 'Touvron et al. 2021 Table 1 (17.6 GFLOPs)', false)],
  [/^efficientnet-?b0\b/, vision('efficientnet_b0', 0.39, 5.3, `${TV}; Tan & Le 2019 Table 2: 0.39B`, true)],
  [/^efficientnet-?b1\b/, vision('efficientnet_b1', 0.69, 7.8, TV, true, 240)],
  [/^efficientnet-?b2\b/, vision('efficientnet_b2', 1.09, 9.1, TV, true, 288)],
  [/^efficientnet-?b3\b/, vision('efficientnet_b3', 1.83, 12.2, TV, true, 300)],
  [/^efficientnet-?b4\b/, vision('efficientnet_b4', 4.39, 19.3, TV, true, 380)],
  [/^efficientnet-?b7\b/, vision('efficientnet_b7', 37.75, 66.3, TV, true, 600)],
  [/^convnext-?(tiny|t)\b/, vision('convnext_tiny', 4.46, 28.6, `${TV}; Liu et al. 2022 Table 1: 4.5G`, true)],
  [/^convnext-?(small|s)\b/, vision('convnext_small', 8.68, 50.2, TV, true)],
  [/^convnext-?(base|b)\b/, vision('convnext_base', 15.36, 88.6, TV, true)],
  [/^convnext-?(large|l)\b/, vision('convnext_large', 34.36, 197.8, TV, true)],
  [/^swin-?(tiny|t)\b/, vision('swin_t', 4.49, 28.3, TV, false)],
  [/^swin-?(base|b)\b/, vision('swin_b', 15.43, 87.8, TV, false)],
  [/^mobilenet-?v2\b/, vision('mobilenet_v2', 0.30, 3.5, TV, true)],
  [/^mobilenet-?v3-?large/, vision('mobilenet_v3_large', 0.22, 5.5, TV, true)],
  [/^densenet-?121\b/, vision('densenet121', 2.83, 8.0, TV, true)],
  [/^vgg-?16\b/, vision('vgg16', 15.47, 138.4, TV, true)],
  // YOLO detectors; YOLO11 segmentation and classification too (`-pose`, `-obb` and the YOLOv8/v5
  // task variants are not matched: no figure rather than the detector's).
  [/^yolov8n(?=\.|$)/, yolo('yolov8n', 8.9, 3157200, V8_YAML)],
  [/^yolov8s(?=\.|$)/, yolo('yolov8s', 28.8, 11166560, V8_YAML)],
  [/^yolov8m(?=\.|$)/, yolo('yolov8m', 79.3, 25902640, V8_YAML)],
  [/^yolov8l(?=\.|$)/, yolo('yolov8l', 165.7, 43691520, V8_YAML)],
  [/^yolov8x(?=\.|$)/, yolo('yolov8x', 258.5, 68229648, V8_YAML)],
  [/^yolo-?v?11n(?=\.|$)/, yolo('yolo11n', 6.6, 2624080, V11_YAML)],
  [/^yolo-?v?11s(?=\.|$)/, yolo('yolo11s', 21.7, 9458752, V11_YAML)],
  [/^yolo-?v?11m(?=\.|$)/, yolo('yolo11m', 68.5, 20114688, V11_YAML)],
  [/^yolo-?v?11l(?=\.|$)/, yolo('yolo11l', 87.6, 25372160, V11_YAML)],
  [/^yolo-?v?11x(?=\.|$)/, yolo('yolo11x', 196.0, 56966176, V11_YAML)],
  [/^yolo-?v?11n-seg(?=\.|$)/, yolo('yolo11n-seg', 9.7, 2.9e6, V11_SEG_DOCS)],
  [/^yolo-?v?11s-seg(?=\.|$)/, yolo('yolo11s-seg', 33.0, 10.1e6, V11_SEG_DOCS)],
  [/^yolo-?v?11m-seg(?=\.|$)/, yolo('yolo11m-seg', 113.2, 22.4e6, V11_SEG_DOCS)],
  [/^yolo-?v?11l-seg(?=\.|$)/, yolo('yolo11l-seg', 132.2, 27.6e6, V11_SEG_DOCS)],
  [/^yolo-?v?11x-seg(?=\.|$)/, yolo('yolo11x-seg', 296.4, 62.1e6, V11_SEG_DOCS)],
  [/^yolo-?v?11n-cls(?=\.|$)/, yolo('yolo11n-cls', 0.5, 1.6e6, V11_CLS_DOCS, YOLO_CLS_SIDE)],
  [/^yolo-?v?11s-cls(?=\.|$)/, yolo('yolo11s-cls', 1.6, 5.5e6, V11_CLS_DOCS, YOLO_CLS_SIDE)],
  [/^yolo-?v?11m-cls(?=\.|$)/, yolo('yolo11m-cls', 5.0, 10.4e6, V11_CLS_DOCS, YOLO_CLS_SIDE)],
  [/^yolo-?v?11l-cls(?=\.|$)/, yolo('yolo11l-cls', 6.2, 12.9e6, V11_CLS_DOCS, YOLO_CLS_SIDE)],
  [/^yolo-?v?11x-cls(?=\.|$)/, yolo('yolo11x-cls', 13.7, 28.4e6, V11_CLS_DOCS, YOLO_CLS_SIDE)],
  // YOLOv5u: the anchor-free YOLOv5 the ultralytics package trains (it loads `yolov5s.pt` as `yolov5su.pt`).
  [/^yolov5nu(?=\.|$)/, yolo('yolov5nu', 7.7, 2.6e6, V5U_DOCS)],
  [/^yolov5su(?=\.|$)/, yolo('yolov5su', 24.0, 9.1e6, V5U_DOCS)],
  [/^yolov5mu(?=\.|$)/, yolo('yolov5mu', 64.2, 25.1e6, V5U_DOCS)],
  [/^yolov5lu(?=\.|$)/, yolo('yolov5lu', 135.0, 53.2e6, V5U_DOCS)],
  [/^yolov5xu(?=\.|$)/, yolo('yolov5xu', 246.4, 97.2e6, V5U_DOCS)],
  // The original YOLOv5 (v6.0+ anchor-based head) of the ultralytics/yolov5 repository.
  [/^yolov5n(?=\.|$)/, yolo('yolov5n', 4.5, 1.9e6, V5_README)],
  [/^yolov5s(?=\.|$)/, yolo('yolov5s', 16.5, 7.2e6, V5_README)],
  [/^yolov5m(?=\.|$)/, yolo('yolov5m', 49.0, 21.2e6, V5_README)],
  [/^yolov5l(?=\.|$)/, yolo('yolov5l', 109.1, 46.5e6, V5_README)],
  [/^yolov5x(?=\.|$)/, yolo('yolov5x', 205.7, 86.7e6, V5_README)],
  [/^whisper-tiny/, whisper('whisper-tiny', 39)],
  [/^whisper-base/, whisper('whisper-base', 74)],
  [/^whisper-small/, whisper('whisper-small', 244)],
  [/^whisper-medium/, whisper('whisper-medium', 769)],
  [/^whisper-large/, whisper('whisper-large', 1550)],
  [/^distil-(whisper-)?large/, whisper('distil-whisper-large', 756)],
  [/^wav2vec2-base/, wav2vec('wav2vec2-base', 95)],
  [/^wav2vec2-(large|xls-r-300m)/, wav2vec('wav2vec2-large', 317)],
  [/^hubert-base/, wav2vec('hubert-base', 95)],
  [/^hubert-large/, wav2vec('hubert-large', 316)],
];

// Detection models (detectron2 / mmdetection naming: `mask_rcnn_R_50_FPN_1x`, `faster_rcnn_X_101_32x8d_FPN_3x`,
// `retinanet_R_101_FPN_3x`, `mask_rcnn_r50_fpn_1x_coco`). Forward multiply-adds per image, counted by
// fvcore in detectron2's own tests at 800×800 (facebookresearch/detectron2 tests/test_model_analysis.py,
// commit 02b5c4e): Faster R-CNN R50-FPN backbone + FPN + RPN 117 G ("This only checks flops for
// backbone & proposal generator"), 41,699,936 parameters; RetinaNet R50-FPN 146 G (its whole network
// is convolutional), 37,915,572 parameters. What that count leaves out, from the heads' shapes in
// configs/Base-RCNN-FPN.yaml and config/defaults.py:
//   box head: 2 FC (256·7·7 → 1024 → 1024) + class/box outputs (1024 → 81 + 320) ≈ 14.3 M per RoI × 512
//     sampled RoIs per image (ROI_HEADS.BATCH_SIZE_PER_IMAGE) = 7.3 G;
//   mask head: 4 conv 3×3 256→256 at 14×14 + 2×2 deconv to 28×28 + 1×1 to 80 classes ≈ 0.53 G per
//     foreground RoI × 128 (512 × POSITIVE_FRACTION 0.25, the sampler's cap; images with fewer
//     matched proposals run fewer: an upper bound) = 67.8 G.
// Deeper backbones add their ImageNet difference (torchvision GFLOPS column at 224×224: ResNet-50
// 4.09, ResNet-101 7.80, ResNeXt-101 32x8d 16.41 G) × (800·800)/(224·224).
// Training images are not 800×800: the zoo configs resize the short side to one of 640…800
// (Base-RCNN-FPN.yaml INPUT.MIN_SIZE_TRAIN), the long side ≤ 1333; COCO's images are mostly 4:3
// (640×480), so an image averages mean(short²) × 4/3 ≈ 0.695 Mpixel, ×1.086 the tests' 800×800.
// The image-sized part (backbone, FPN, RPN, RetinaNet head) scales with it; the RoI heads do not.
const DETECTRON2_TESTS = 'detectron2 tests/test_model_analysis.py (fvcore count)';
const TEST_PIXELS = 800 * 800;
const TRAIN_PIXELS = ((640 ** 2 + 672 ** 2 + 704 ** 2 + 736 ** 2 + 768 ** 2 + 800 ** 2) / 6) * (4 / 3);
const BOX_HEAD_MACS = 512 * (256 * 7 * 7 * 1024 + 1024 * 1024 + 1024 * (81 + 320));
const MASK_HEAD_MACS = 128 * (4 * 14 * 14 * 9 * 256 * 256 + 14 * 14 * 256 * 256 * 4 + 28 * 28 * 256 * 80);
const BACKBONE_EXTRA: Record<string, { macsG: number; paramsM: number; label: string }> = {
  r50: { macsG: 0, paramsM: 0, label: 'R50' },
  r101: { macsG: 7.8 - 4.09, paramsM: 44.5 - 25.6, label: 'R101' },
  x101: { macsG: 16.41 - 4.09, paramsM: 88.8 - 25.6, label: 'X101-32x8d' },
};

/** Large-scale jitter (detectron2's new_baselines `*_LSJ`): every image is cropped or padded to 1024×1024. */
const LSJ_PIXELS = 1024 * 1024;

/** Cascade R-CNN (detectron2 CascadeROIHeads): three box-head stages, each on the 512 RoIs of the stage before. */
const CASCADE_STAGES = 3;

function detection(head: 'faster' | 'mask' | 'retina', backbone: keyof typeof BACKBONE_EXTRA, lsj = false, cascade = false): Architecture {
  const b = BACKBONE_EXTRA[backbone];
  const pixels = lsj ? LSJ_PIXELS : TRAIN_PIXELS;
  const imageMacs = ((head === 'retina' ? 146 : 117) * G + b.macsG * G * (TEST_PIXELS / (224 * 224))) * (pixels / TEST_PIXELS);
  const stages = cascade ? CASCADE_STAGES : 1;
  const roiMacs = head === 'retina' ? 0 : stages * BOX_HEAD_MACS + (head === 'mask' ? MASK_HEAD_MACS : 0);
  const macs = imageMacs + roiMacs;
  // Each extra cascade stage has its own 2-FC box head (12.8 M + 1.0 M weights).
  const paramsM = (head === 'retina' ? 37.92 : 41.7) + (head === 'mask' ? 2.63 : 0) + b.paramsM + (stages - 1) * 13.9;
  const name = `${cascade ? 'Cascade ' : ''}${head === 'retina' ? 'RetinaNet' : head === 'mask' ? 'Mask R-CNN' : 'Faster R-CNN'} ${b.label}-FPN`;
  const parts = [
    `${head === 'retina' ? '146 G (RetinaNet R50-FPN)' : '117 G (Faster R-CNN R50-FPN backbone + FPN + RPN)'} at 800×800 from ${DETECTRON2_TESTS}`,
    ...(b.macsG ? [`+ ${b.label} over R50 ${b.macsG.toFixed(2)} G at 224×224 (torchvision) × (800/224)²`] : []),
    lsj ? `× ${(pixels / TEST_PIXELS).toFixed(3)} for 1024×1024 large-scale-jitter crops` : `× ${(pixels / TEST_PIXELS).toFixed(3)} for ~${(pixels / 1e6).toFixed(2)} Mpixel training images (short side 640-800, 4:3)`,
    ...(head !== 'retina' ? [`+ box head ${(BOX_HEAD_MACS / G).toFixed(1)} G (512 RoIs)${cascade ? ` × ${CASCADE_STAGES} cascade stages` : ''}`] : []),
    ...(head === 'mask' ? [`+ mask head ${(MASK_HEAD_MACS / G).toFixed(1)} G (128 foreground RoIs, the sampler's cap: an upper bound)`] : []),
  ];
  return {
    name,
    parameters: paramsM * 1e6,
    modality: 'image',
    basis: `${name}: ${(macs / G).toFixed(0)} G multiply-adds per training image = ${parts.join(' ')}`,
    forwardFlops: () => 2 * macs,
  };
}

/** `mask-rcnn-r-50-fpn-1x`, `faster-rcnn-x-101-32x8d-fpn-3x`, `retinanet-r50-fpn-1x-coco`, `cascade-mask-rcnn-r-50-fpn-3x` (C4/DC5 backbones are not counted). */
function detectionArchitecture(name: string): Architecture | undefined {
  const m = /^(cascade-)?(faster-rcnn|mask-rcnn|retinanet)-(r-?50|r-?101|x-?101-32x8d)-fpn(?:-|$)/.exec(name);
  if (!m || (m[1] && m[2] === 'retinanet')) return undefined;
  const head = m[2] === 'retinanet' ? 'retina' : m[2] === 'mask-rcnn' ? 'mask' : 'faster';
  const backbone = m[3].replace('-', '').startsWith('x') ? 'x101' : m[3].replace('-', '') === 'r101' ? 'r101' : 'r50';
  return detection(head, backbone, /(^|-)lsj(-|$)/.test(name), !!m[1]);
}

/** The architecture behind a model id as written (`torchvision resnet50`, `openai/whisper-small`). */
export function exampleArchitecture(id: string): Architecture | undefined {
  const name = id.trim().toLowerCase().replace(/^.*\//, '').replace(/_/g, '-').replace(/^tf-/, '');
  return ARCHS.find(([re]) => re.test(name))?.[1] ?? detectionArchitecture(name);
}

/**
 * A family named without its size (`resnet_ddp.py`, `train_vit.py`): the member the family's
 * reference recipe trains when told nothing else. ResNet: torchvision's classification reference
 * (`--model` default "resnet18") and pytorch/examples' ImageNet script (`--arch` default resnet18);
 * the others: the base model of the family's paper (ViT-B/16, EfficientNet-B0, ConvNeXt-T,
 * MobileNetV2).
 */
const FAMILY_DEFAULT: Record<string, { id: string; basis: string }> = {
  resnet: { id: 'resnet18', basis: "the default of torchvision's classification reference script (--model resnet18) and of pytorch/examples' ImageNet script (--arch resnet18)" },
  vit: { id: 'vit_b_16', basis: 'ViT-B/16, the base model of Dosovitskiy et al. 2021' },
  efficientnet: { id: 'efficientnet_b0', basis: 'EfficientNet-B0, the baseline of Tan & Le 2019' },
  convnext: { id: 'convnext_tiny', basis: 'ConvNeXt-T, the smallest model of Liu et al. 2022' },
  mobilenet: { id: 'mobilenet_v2', basis: 'MobileNetV2 (Sandler et al. 2018), torchvision\'s default MobileNet' },
};

/**
 * The vision architecture a file or directory name names (`resnet50_train.py`, `resnet_ddp.py`,
 * `pytorch-distributed-resnet`): a sized name as it is, a bare family as its default member.
 * Names are split at `-`, `_`, `.` and `/`; a token must start the architecture's name.
 */
export function architectureInName(name: string): { id: string; sized: boolean; basis?: string } | undefined {
  const tokens = name.toLowerCase().replace(/\.(py|sh|ipynb)$/, '').split(/[-_./\\\s]+/).filter(Boolean);
  for (let i = 0; i < tokens.length; i++) {
    const arch = exampleArchitecture(tokens.slice(i).join('-'));
    if (arch && arch.modality === 'image') return { id: arch.name, sized: true };
  }
  for (const t of tokens) {
    const d = FAMILY_DEFAULT[t];
    if (d) return { id: d.id, sized: false, basis: d.basis };
  }
  return undefined;
}

export const TRAINING_TO_FORWARD = 3;
export { DEFAULT_CLIP_SECONDS };

/** Training FLOPs of one example, and the words that explain it. */
export function trainingFlopsPerExample(a: Architecture, ctx: ExampleContext): { flops: number; basis: string } {
  const forward = a.forwardFlops(ctx);
  const side = ctx.inputSide;
  const scaled = a.scalesWithInput
    ? side && side !== a.resolution ? `, at imgsz ${side}×${side}` : ''
    : a.convolutional && ctx.imageSide && a.resolution && ctx.imageSide < a.resolution ? `, scaled to ${ctx.imageSide}×${ctx.imageSide} images` : '';
  const clip = a.modality === 'audio' && !a.name.includes('whisper') ? `, ${(ctx.clipSeconds ?? DEFAULT_CLIP_SECONDS).toFixed(1)} s clips${ctx.clipSeconds ? '' : ' (assumed)'}` : '';
  return { flops: TRAINING_TO_FORWARD * forward, basis: `3 × forward (${(forward / G).toFixed(2)} GFLOPs${scaled}${clip}); ${a.basis}` };
}

/** Side of the stored images of datasets that are small enough to be fed as they are. */
export const SMALL_IMAGE_SIDE: Record<string, number> = {
  'ylecun/mnist': 28,
  'zalando-datasets/fashion_mnist': 28,
  'uoft-cs/cifar10': 32,
  'uoft-cs/cifar100': 32,
  'ufldl-stanford/svhn': 32,
  'zh-plus/tiny-imagenet': 64,
};

/** Images as large as ImageNet's crop when the data does not say (an upper bound for small images). */
const DECLARED_DEFAULT_SIDE = 224;

/**
 * A model the script defines from dense and 2d-convolution layers (dialects/python/moduleSize.ts):
 * forward = 2 × (dense multiply-adds + convolution multiply-adds per pixel × the image's pixels).
 * Every convolution is counted at the input resolution (pooling and strides are not followed), so
 * the figure is an upper bound. Recurrent and embedding models run per token: not counted here.
 */
export function declaredArchitecture(d: DeclaredModel): Architecture | undefined {
  if (d.sequence) return undefined;
  const conv = d.convMacsPerPixel > 0;
  return {
    name: d.classes.join(' + '),
    parameters: d.parameters,
    modality: 'image',
    convolutional: conv,
    ...(conv && { resolution: DECLARED_DEFAULT_SIDE }),
    basis: `counted from the layers of ${d.classes.join(' + ')} in this file: ${(d.denseMacs / 1e6).toFixed(2)} M dense multiply-adds${conv ? ` + ${(d.convMacsPerPixel / 1e3).toFixed(1)} k convolution multiply-adds per pixel at the image size (${DECLARED_DEFAULT_SIDE}×${DECLARED_DEFAULT_SIDE} unless the dataset says; an upper bound: pooling and strides are not followed)` : ''} per example`,
    forwardFlops: (ctx) => 2 * (d.denseMacs + d.convMacsPerPixel * (ctx.imageSide ?? DECLARED_DEFAULT_SIDE) ** 2),
  };
}

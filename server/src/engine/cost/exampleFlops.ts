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
  basis: string;
}

export interface ExampleContext {
  /** Side of the images as the dataset stores them, when known (CIFAR 32, MNIST 28). */
  imageSide?: number;
  /** Mean clip length in seconds, when the dataset says (hours × 3600 / rows). */
  clipSeconds?: number;
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

/** The architecture behind a model id as written (`torchvision resnet50`, `openai/whisper-small`). */
export function exampleArchitecture(id: string): Architecture | undefined {
  const name = id.trim().toLowerCase().replace(/^.*\//, '').replace(/_/g, '-').replace(/^tf-/, '');
  return ARCHS.find(([re]) => re.test(name))?.[1];
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
  const scaled = a.convolutional && ctx.imageSide && a.resolution && ctx.imageSide < a.resolution ? `, scaled to ${ctx.imageSide}×${ctx.imageSide} images` : '';
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

import { fromFile } from '../../facts';
import type { Fact, ModelFacts, PrecisionMode, TrainingMode } from '../../types';
import { dtypePrecision } from './dtypes';
import type { Fragment } from './fragment';
import { boolValue, importedFrom, kwarg, receiver, resolve, resolvedString, type CallInfo } from './query';
import { callsNamed, type Scan } from './scan';

// The model a script starts from (`from_pretrained("gpt2-medium")`), how it is adapted (LoRA,
// QLoRA), and the dtype its weights are loaded in.

const NOT_A_MODEL = /Tokenizer|Processor|Config|FeatureExtractor|Extractor/;

export function detectPretrained(s: Scan): Fragment | undefined {
  const loads = callsNamed(s, 'from_pretrained').filter((c) => !NOT_A_MODEL.test(receiver(c)));
  const model: ModelFacts = {};
  const id = modelId(s, loads);
  if (id) model.id = id;
  const mode = trainingMode(s, loads);
  if (mode) model.trainingMode = mode;
  const precision = loadPrecision(s, loads);
  if (!model.id && !model.trainingMode && !precision) return undefined;
  return { framework: 'model', trains: false, model: Object.keys(model).length ? model : undefined, precision };
}

function modelId(s: Scan, loads: CallInfo[]): Fact<string> | undefined {
  const { src } = s;
  for (const c of loads) {
    const n = kwarg(c, 'pretrained_model_name_or_path') ?? c.args[0];
    const id = resolvedString(src, n);
    if (n && id) return fromFile(id, src.rangeOf(n), 'from_pretrained');
  }
  // TRL trainers take the model id directly: SFTTrainer(model="Qwen/Qwen2.5-0.5B").
  for (const c of s.calls.filter((x) => x.name.endsWith('Trainer'))) {
    const n = kwarg(c, 'model');
    const id = resolvedString(src, n);
    if (n && id) return fromFile(id, src.rangeOf(n.parent ?? n), 'model');
  }
  return architectureCall(s);
}

// Vision/audio constructors that name their architecture: torchvision `models.resnet50(weights=...)`,
// timm `create_model("vit_base_patch16_224")`, Keras `applications.ResNet50(...)`.
const TORCHVISION_MODEL = /^(resnet\d+|wide_resnet\d+_\d|resnext\d+_\w+|vit_[blh]_\d+|efficientnet_(b\d|v2_[sml])|convnext_(tiny|small|base|large)|swin_[tsb]|mobilenet_v\d(_large|_small)?|densenet\d+|vgg\d+(_bn)?|alexnet)$/;

function architectureCall(s: Scan): Fact<string> | undefined {
  const { src } = s;
  for (const c of s.calls) {
    const recv = receiver(c);
    let id: string | undefined;
    if (c.name === 'create_model' && /(^|\.)timm$/.test(recv)) id = resolvedString(src, kwarg(c, 'model_name') ?? c.args[0]);
    else if (/(^|\.)applications(\.\w+)?$/.test(recv) && /^[A-Z]/.test(c.name)) id = c.name.replace(/V(\d)$/, '_v$1').toLowerCase();
    else if (TORCHVISION_MODEL.test(c.name) && (/(^|\.)models$/.test(recv) || (importedFrom(src, c.name) ?? '').startsWith('torchvision.models'))) id = c.name;
    if (id) return fromFile(id, src.rangeOf(c.node), c.callee);
  }
  return undefined;
}

/** LoRA when peft adapters are attached; QLoRA when the base is also loaded in 4 bits. */
function trainingMode(s: Scan, loads: CallInfo[]): Fact<TrainingMode> | undefined {
  const { src } = s;
  const lora = callsNamed(s, 'LoraConfig', 'get_peft_model', 'LoHaConfig', 'AdaLoraConfig')[0];
  if (!lora) return undefined;
  const fourBit =
    callsNamed(s, 'BitsAndBytesConfig').some((c) => boolValue(resolve(src, kwarg(c, 'load_in_4bit'))) === true) ||
    loads.some((c) => boolValue(resolve(src, kwarg(c, 'load_in_4bit'))) === true);
  return fromFile<TrainingMode>(fourBit ? 'qlora' : 'lora', src.rangeOf(lora.node), lora.callee);
}

/**
 * Weights loaded in bf16/fp16 (`torch_dtype=torch.bfloat16`, a 4-bit base computing in bf16)
 * train in that dtype whatever the trainer's AMP switch says. fp32 loads make no claim: the
 * trainer may still autocast.
 */
function loadPrecision(s: Scan, loads: CallInfo[]): Fact<PrecisionMode> | undefined {
  const { src } = s;
  for (const c of loads) {
    const n = kwarg(c, 'torch_dtype', 'dtype');
    const mode = dtypePrecision(src, n);
    if (n && mode && mode !== 'fp32') return fromFile(mode, src.rangeOf(n.parent ?? n), 'torch_dtype');
  }
  for (const c of callsNamed(s, 'BitsAndBytesConfig')) {
    const n = kwarg(c, 'bnb_4bit_compute_dtype');
    const mode = dtypePrecision(src, n);
    if (n && (mode === 'bf16' || mode === 'fp16')) return fromFile(mode, src.rangeOf(n.parent ?? n), 'bnb_4bit_compute_dtype');
  }
  return undefined;
}

import { byDefault } from '../../facts';
import type { PyNode } from '../../formats/python';
import { yoloFacts, type YoloSetting } from '../ultralytics';
import type { Fragment } from './fragment';
import { argparseDefault } from './nanogpt';
import { hasKwargsSplat, importedFrom, kwarg, resolve, stringValue, type CallInfo } from './query';
import { importsAny, methodCallsOn, type Scan } from './scan';

// Ultralytics: `model = YOLO("yolo11n.pt"); model.train(data="coco8.yaml", epochs=100, imgsz=640)`.
// Only `.train(...)` on a model an Ultralytics class built is training: `predict`, `val`, `export`
// and `track` are not, and neither is another library's `.train(`.

/** Ultralytics model classes that train (ultralytics/__init__.py exports). */
const MODEL_CLASSES = ['YOLO', 'RTDETR', 'YOLOWorld', 'YOLOE', 'NAS'];

function isUltralyticsClass(s: Scan, c: CallInfo): boolean {
  if (!MODEL_CLASSES.includes(c.name)) return false;
  if (/^ultralytics\./.test(c.callee)) return true;
  const from = importedFrom(s.src, c.name);
  return !!from && /^ultralytics(\.|$)/.test(from);
}

/** The literal text a value resolves to: a string's content, else the expression (`100`, `True`, `[0, 1]`). */
function literalText(s: Scan, n: PyNode | undefined): string | undefined {
  const v = resolve(s.src, n) ?? n;
  if (!v) return undefined;
  const str = stringValue(s.src, v);
  if (str !== undefined) return str;
  if (v.type === 'string' || v.type === 'identifier' || v.type === 'call' || v.type === 'attribute' || v.type === 'subscript') return undefined;
  return s.src.textOf(v);
}

/**
 * A keyword's setting: its literal (through variables), else, for `args.epochs`/`opt.epochs`, the
 * default of the argparse option of that name (what runs unless a flag changes it), else unknown.
 */
function kwargSetting(s: Scan, name: string, node: PyNode): YoloSetting | 'unknown' {
  const text = literalText(s, node);
  if (text !== undefined) return { text, range: s.src.rangeOf(node.parent ?? node), key: name };
  const v = resolve(s.src, node) ?? node;
  const attr = v.type === 'attribute' ? v.childForFieldName('attribute') : null;
  const def = attr ? argparseDefault(s.src, s.src.textOf(attr)) : undefined;
  const defText = def && literalText(s, def.value);
  return def && defText !== undefined ? { text: defText, range: s.src.rangeOf(def.node), key: def.key } : 'unknown';
}

export function detectUltralytics(s: Scan): Fragment | undefined {
  if (!importsAny(s, 'ultralytics')) return undefined;
  const { src } = s;
  const models = s.calls.filter((c) => isUltralyticsClass(s, c));
  const train = methodCallsOn(s, models, 'train')[0];
  if (!train) return { framework: 'ultralytics', trains: false };
  const anchor = src.rangeOf(train.node);
  const ctor = models.find((m) => m.args[0] || m.kwargs.has('model'));
  // `**overrides` or `cfg="args.yaml"` may hold any setting the call does not write.
  const open = hasKwargsSplat(train) || train.kwargs.has('cfg');
  const get = (name: string): YoloSetting | 'unknown' | undefined => {
    if (name === 'model' && !train.kwargs.has('model')) {
      const arg = ctor && (ctor.args[0] ?? kwarg(ctor, 'model'));
      if (!arg) return undefined;
      const setting = kwargSetting(s, 'model', arg);
      return setting === 'unknown' ? setting : { ...setting, range: setting.key === 'model' ? src.rangeOf(arg) : setting.range, key: setting.key === 'model' ? `${ctor!.name}(…)` : setting.key };
    }
    const node = kwarg(train, name);
    if (!node) return open ? 'unknown' : undefined;
    return kwargSetting(s, name, node);
  };
  const y = yoloFacts(get, anchor);
  return {
    framework: 'ultralytics',
    trains: true,
    anchor,
    name: `Ultralytics ${ctor?.name ?? 'YOLO'} model.train`,
    precision: y.precision,
    ...(y.hardware && { hardware: y.hardware }),
    checkpoint: y.checkpoint,
    schedule: y.schedule,
    batch: y.batch,
    model: y.model,
    datasets: y.datasets,
    dataLoading: { ...(y.workers && { workers: y.workers }), modality: byDefault('image', 'Ultralytics YOLO trains on images', anchor) },
  };
}

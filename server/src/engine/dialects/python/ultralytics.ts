import { byDefault } from '../../facts';
import type { PyNode } from '../../formats/python';
import type { Range } from '../../types';
import { yoloFacts, type YoloSetting } from '../ultralytics';
import type { Fragment } from './fragment';
import { importedFrom, kwarg, resolve, stringValue, type CallInfo } from './query';
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

/** The literal text a setting resolves to: a string's content, else the expression (`100`, `True`, `[0, 1]`). */
function settingText(s: Scan, n: PyNode | undefined): string | undefined {
  const v = resolve(s.src, n) ?? n;
  if (!v) return undefined;
  const str = stringValue(s.src, v);
  if (str !== undefined) return str;
  if (v.type === 'string' || v.type === 'identifier' || v.type === 'call' || v.type === 'attribute') return undefined;
  return s.src.textOf(v);
}

export function detectUltralytics(s: Scan): Fragment | undefined {
  if (!importsAny(s, 'ultralytics')) return undefined;
  const { src } = s;
  const models = s.calls.filter((c) => isUltralyticsClass(s, c));
  const train = methodCallsOn(s, models, 'train')[0];
  if (!train) return { framework: 'ultralytics', trains: false };
  const anchor = src.rangeOf(train.node);
  const ctor = models.find((m) => m.args[0] || m.kwargs.has('model'));
  const get = (name: string): YoloSetting | undefined => {
    if (name === 'model' && !train.kwargs.has('model') && ctor) {
      const arg = ctor.args[0] ?? kwarg(ctor, 'model');
      const text = settingText(s, arg);
      return arg && text !== undefined ? { text, range: src.rangeOf(arg), key: `${ctor.name}(…)` } : undefined;
    }
    const node = kwarg(train, name);
    const text = settingText(s, node);
    const at: Range | undefined = node ? src.rangeOf(node.parent ?? node) : undefined;
    return node && at && text !== undefined ? { text, range: at, key: name } : undefined;
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
    dataLoading: { workers: y.workers, modality: byDefault('image', 'Ultralytics YOLO trains on images', anchor) },
  };
}

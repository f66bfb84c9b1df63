import type { PythonSource } from '../../formats/python';
import type { PyNode } from '../../formats/python';
import { fromFile } from '../../facts';
import type { DeclaredModel, Fact } from '../../types';
import { callInfo, descendants, kwarg, numberValue, resolve, type CallInfo } from './query';
import type { Scan } from './scan';

// The size of a model the script defines itself (`class Net(nn.Module)` with `nn.Conv2d(1, 32, 3)`,
// `nn.Linear(9216, 128)`, …): parameters counted from the layers its `__init__` builds, with
// literal sizes (constructor arguments and their defaults are followed). Anything the file leaves to
// run time (a size from argparse, layers built in a loop) makes the size unknown: never guessed.

/** Layers whose parameters follow from their arguments, and how each multiply-adds per example. */
type Counted = { params: number; denseMacs: number; convMacsPerPixel: number; sequence: boolean };
const NONE: Counted = { params: 0, denseMacs: 0, convMacsPerPixel: 0, sequence: false };

/** Parameter-free layers: they change nothing in the count. */
const FREE = new Set([
  'ReLU', 'GELU', 'SiLU', 'Tanh', 'Sigmoid', 'LeakyReLU', 'ELU', 'Softmax', 'LogSoftmax', 'Dropout', 'Dropout1d', 'Dropout2d', 'Dropout3d',
  'MaxPool1d', 'MaxPool2d', 'MaxPool3d', 'AvgPool1d', 'AvgPool2d', 'AvgPool3d', 'AdaptiveAvgPool1d', 'AdaptiveAvgPool2d', 'AdaptiveMaxPool2d',
  'Flatten', 'Unflatten', 'Identity', 'Upsample', 'PixelShuffle', 'ZeroPad2d', 'ReflectionPad2d',
]);
/** Containers: their own arguments are the layers, counted where they are written. */
const CONTAINERS = new Set(['Sequential', 'ModuleList', 'ModuleDict']);

interface Ctx {
  src: PythonSource;
  classes: Map<string, PyNode>;
  seen: Set<string>;
}

/** The models the script trains: Module subclasses it instantiates outside any Module's `__init__`. */
export function declaredModel(s: Scan): Fact<DeclaredModel> | undefined {
  const { src } = s;
  const classes = new Map<string, PyNode>();
  for (const c of descendants(src.root, 'class_definition')) {
    const name = c.childForFieldName('name');
    const bases = c.childForFieldName('superclasses');
    if (name && bases && /(^|[\s(,.])Module\b/.test(src.textOf(bases))) classes.set(src.textOf(name), c);
  }
  if (!classes.size) return undefined;
  const tops = s.calls.filter((c) => classes.has(c.callee) && !insideModuleClass(c.node, classes, src));
  if (!tops.length) return undefined;
  const total = { ...NONE };
  const names: string[] = [];
  for (const name of new Set(tops.map((c) => c.callee))) {
    const call = tops.find((c) => c.callee === name)!;
    const counted = countClass({ src, classes, seen: new Set() }, name, call);
    if (!counted) return undefined;
    add(total, counted);
    names.push(name);
  }
  if (!(total.params > 0)) return undefined;
  const first = tops[0];
  return fromFile(
    { parameters: total.params, denseMacs: total.denseMacs, convMacsPerPixel: total.convMacsPerPixel, sequence: total.sequence, classes: names },
    src.rangeOf(first.node),
    `${names.join(' + ')}()`,
  );
}

function insideModuleClass(n: PyNode, classes: Map<string, PyNode>, src: PythonSource): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'class_definition') {
      const name = p.childForFieldName('name');
      if (name && classes.has(src.textOf(name))) return true;
    }
  }
  return false;
}

function add(into: Counted, c: Counted): void {
  into.params += c.params;
  into.denseMacs += c.denseMacs;
  into.convMacsPerPixel += c.convMacsPerPixel;
  into.sequence ||= c.sequence;
}

/** One instantiation of a Module class: its `__init__` layers with the call's arguments bound. */
function countClass(ctx: Ctx, name: string, call: CallInfo | undefined, outer?: Map<string, number>): Counted | undefined {
  if (ctx.seen.has(name)) return undefined; // recursive definitions are not counted
  const cls = ctx.classes.get(name)!;
  const init = descendants(cls, 'function_definition').find((f) => ctx.src.textOf(f.childForFieldName('name')!) === '__init__');
  if (!init) return undefined;
  const bindings = bind(ctx.src, init, call, outer);
  if (!bindings) return undefined;
  ctx.seen.add(name);
  const total = { ...NONE };
  const body = init.childForFieldName('body');
  for (const node of body ? descendants(body, 'call') : []) {
    const c = callInfo(ctx.src, node);
    if (FREE.has(c.name) || CONTAINERS.has(c.name) || c.name === '__init__' || c.name === 'super') continue;
    const layer = ctx.classes.has(c.callee) ? countClass(ctx, c.callee, c, bindings) : layerSize(ctx.src, c, bindings);
    if (layer === null) continue; // not a layer (a helper call that builds nothing)
    // Layers built in a loop or comprehension repeat a number of times the file decides at run time.
    if (!layer || inLoop(node, body!)) return undefined;
    add(total, layer);
  }
  ctx.seen.delete(name);
  return total;
}

function inLoop(n: PyNode, stop: PyNode): boolean {
  for (let p = n.parent; p && p !== stop; p = p.parent) {
    if (['for_statement', 'while_statement', 'list_comprehension', 'generator_expression', 'dictionary_comprehension'].includes(p.type)) return true;
  }
  return false;
}

/** `__init__`'s parameters: the call's arguments, else their defaults; undefined when one the body needs is unknown. */
function bind(src: PythonSource, init: PyNode, call: CallInfo | undefined, outer?: Map<string, number>): Map<string, number> | undefined {
  const out = new Map<string, number>();
  const params = init.childForFieldName('parameters')?.namedChildren.filter((p): p is PyNode => !!p) ?? [];
  let position = 0;
  for (const p of params) {
    const nameNode = p.type === 'identifier' ? p : p.childForFieldName('name') ?? p.namedChildren[0];
    const pname = nameNode ? src.textOf(nameNode) : '';
    if (pname === 'self' || p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern') continue;
    const given = call?.kwargs.get(pname) ?? call?.args[position];
    position++;
    const v = given ? num(src, given, outer) : p.type.startsWith('default') || p.type.startsWith('typed_default') ? num(src, p.childForFieldName('value'), outer) : undefined;
    if (v !== undefined) out.set(pname, v);
  }
  return out;
}

/** A number: a literal, a module constant, a bound constructor argument, or simple arithmetic of those. */
function num(src: PythonSource, n: PyNode | undefined | null, bound?: Map<string, number>): number | undefined {
  if (!n) return undefined;
  if (n.type === 'identifier' && bound?.has(src.textOf(n))) return bound.get(src.textOf(n));
  const v = resolve(src, n);
  if (!v) return undefined;
  const literal = numberValue(src, v);
  if (literal !== undefined) return literal;
  if (v.type === 'binary_operator') {
    const l = num(src, v.childForFieldName('left'), bound);
    const r = num(src, v.childForFieldName('right'), bound);
    const op = v.childForFieldName('operator')?.type;
    if (l === undefined || r === undefined) return undefined;
    if (op === '*') return l * r;
    if (op === '+') return l + r;
    if (op === '-') return l - r;
    if (op === '//') return Math.floor(l / r);
  }
  return undefined;
}

/** A kernel size: `3` or `(3, 3)`; the product of its sides. */
function kernel(src: PythonSource, n: PyNode | undefined, dims: number, bound: Map<string, number>): number | undefined {
  if (!n) return undefined;
  const v = resolve(src, n);
  if (v && (v.type === 'tuple' || v.type === 'list')) {
    const sides = v.namedChildren.map((c) => num(src, c, bound));
    return sides.every((x): x is number => x !== undefined) ? sides.reduce((a, b) => a * b, 1) : undefined;
  }
  const k = num(src, n, bound);
  return k === undefined ? undefined : k ** dims;
}

const arg = (c: CallInfo, i: number, ...names: string[]) => kwarg(c, ...names) ?? c.args[i];
const hasBias = (src: PythonSource, c: CallInfo) => src.textOf(kwarg(c, 'bias') ?? c.node).trim() !== 'False';

/**
 * Parameters and multiply-adds of one `torch.nn` layer call; undefined when its sizes are not
 * literal; null when the call is no layer this counts (a helper, a function call).
 */
function layerSize(src: PythonSource, c: CallInfo, bound: Map<string, number>): Counted | undefined | null {
  const n = (node: PyNode | undefined) => num(src, node, bound);
  const conv = /^Conv(Transpose)?([123])d$/.exec(c.name);
  if (conv) {
    const cin = n(arg(c, 0, 'in_channels'));
    const cout = n(arg(c, 1, 'out_channels'));
    const k = kernel(src, arg(c, 2, 'kernel_size'), Number(conv[2]), bound);
    const groups = n(kwarg(c, 'groups')) ?? 1;
    if (cin === undefined || cout === undefined || k === undefined) return undefined;
    const weights = (cin / groups) * cout * k;
    // Per output pixel (2d): the image side scales it in the cost model; 1d/3d have no such side.
    if (conv[2] !== '2') return undefined;
    return { params: weights + (hasBias(src, c) ? cout : 0), denseMacs: 0, convMacsPerPixel: weights, sequence: false };
  }
  switch (c.name) {
    case 'Linear': {
      const i = n(arg(c, 0, 'in_features'));
      const o = n(arg(c, 1, 'out_features'));
      return i === undefined || o === undefined ? undefined : { params: i * o + (hasBias(src, c) ? o : 0), denseMacs: i * o, convMacsPerPixel: 0, sequence: false };
    }
    case 'BatchNorm1d':
    case 'BatchNorm2d':
    case 'BatchNorm3d':
    case 'InstanceNorm2d': {
      const f = n(arg(c, 0, 'num_features'));
      return f === undefined ? undefined : { ...NONE, params: 2 * f };
    }
    case 'LayerNorm': {
      const f = n(arg(c, 0, 'normalized_shape'));
      return f === undefined ? undefined : { ...NONE, params: 2 * f };
    }
    case 'GroupNorm': {
      const f = n(arg(c, 1, 'num_channels'));
      return f === undefined ? undefined : { ...NONE, params: 2 * f };
    }
    case 'Embedding': {
      const v = n(arg(c, 0, 'num_embeddings'));
      const d = n(arg(c, 1, 'embedding_dim'));
      return v === undefined || d === undefined ? undefined : { ...NONE, params: v * d, sequence: true };
    }
    case 'LSTM':
    case 'GRU':
    case 'RNN': {
      const i = n(arg(c, 0, 'input_size'));
      const h = n(arg(c, 1, 'hidden_size'));
      const layers = n(arg(c, 2, 'num_layers')) ?? 1;
      const dirs = src.textOf(kwarg(c, 'bidirectional') ?? c.node).trim() === 'True' ? 2 : 1;
      if (i === undefined || h === undefined) return undefined;
      const gates = c.name === 'LSTM' ? 4 : c.name === 'GRU' ? 3 : 1;
      let params = 0;
      for (let l = 0; l < layers; l++) params += dirs * gates * (h * ((l === 0 ? i : h * dirs) + h) + 2 * h);
      // Per time step; the sequence length is the data's.
      return { params, denseMacs: params, convMacsPerPixel: 0, sequence: true };
    }
    default:
      // Other torch.nn layers (attention, transformer blocks) are not counted here: unknown size.
      return /^nn\.|^torch\.nn\./.test(c.callee) ? undefined : null;
  }
}

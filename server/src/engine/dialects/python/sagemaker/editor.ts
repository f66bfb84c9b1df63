// Writes fixes back into a SageMaker launcher script: the `bf16` hyperparameter, a
// `checkpoint_s3_uri`, the instance type (where the literal is written, a ParameterString's default
// included), and Parquet channels. Snapshots are taken while the job is built (the tree is
// disposed after analysis).

import { appendItem, callSnap, containerSnap, literalSnap, quoteOf, replace, stringContent, withStringContent, type CallSnap, type ContainerSnap, type LiteralSnap } from '../../../edit/pythonEdit';
import { parquetFlagFix } from '../../../edit/launchEdits';
import { parquetPath } from '../../../edit/shellEdit';
import type { PyNode, PythonSource } from '../../../formats/python';
import type { Fix, Job, JobEditor, TextEdit } from '../../../types';
import { callInfo, kwarg, resolve, type CallInfo } from '../query';
import { numberArg } from './values';

const PARAMETERS = new Set(['ParameterString']);

interface Hyperparameters {
  /** A `{...}` literal (keys quoted) or a `dict(...)` call (keys as keywords). */
  kind: 'dict' | 'call';
  container: ContainerSnap;
  /** Entries by key: the key literal (dict only) and the value. */
  entries: Map<string, { key?: LiteralSnap; value: LiteralSnap }>;
}

interface Channel {
  contentType: LiteralSnap;
  data?: LiteralSnap;
}

function hyperparametersOf(src: PythonSource, arg: PyNode | undefined): Hyperparameters | undefined {
  const v = arg && (resolve(src, arg) ?? arg);
  if (v?.type === 'dictionary') {
    const entries = new Map<string, { key?: LiteralSnap; value: LiteralSnap }>();
    for (const p of v.namedChildren) {
      const k = p?.type === 'pair' ? p.childForFieldName('key') : null;
      const val = p?.childForFieldName('value');
      const key = k ? stringContent(literalSnap(src, k)) : undefined;
      if (k && val && key !== undefined) entries.set(key, { key: literalSnap(src, k), value: literalSnap(src, val) });
    }
    return { kind: 'dict', container: containerSnap(v), entries };
  }
  if (v?.type === 'call' && callInfo(src, v).name === 'dict') {
    const c = callSnap(src, v);
    if (!c) return undefined;
    return { kind: 'call', container: c.args, entries: new Map([...c.kwargs].map(([k, kw]) => [k, { value: kw.value }])) };
  }
  return undefined;
}

/** The string literal the instance type is written as (through a name, or a ParameterString default). */
function instanceLiteral(src: PythonSource, arg: PyNode | undefined): LiteralSnap | undefined {
  let v = arg && (resolve(src, arg) ?? arg);
  if (v?.type === 'call') {
    const c = callInfo(src, v);
    v = PARAMETERS.has(c.name) ? resolve(src, kwarg(c, 'default_value') ?? c.args[1]) : undefined;
  }
  return v?.type === 'string' && stringContent(literalSnap(src, v)) !== undefined ? literalSnap(src, v) : undefined;
}

function channelsOf(src: PythonSource, allCalls: readonly CallInfo[]): Map<number, Channel> {
  const out = new Map<number, Channel>();
  for (const c of allCalls) {
    if (c.name !== 'TrainingInput' && c.name !== 's3_input') continue;
    const ct = kwarg(c, 'content_type');
    const data = kwarg(c, 's3_data') ?? c.args[0];
    const ctLit = ct && (resolve(src, ct) ?? ct);
    const dataLit = data && (resolve(src, data) ?? data);
    if (!ct || ctLit?.type !== 'string') continue;
    // Datasets point at the `content_type=...` argument.
    const where = ct.parent?.type === 'keyword_argument' ? ct.parent.startIndex : ct.startIndex;
    out.set(where, { contentType: literalSnap(src, ctLit), ...(dataLit?.type === 'string' && { data: literalSnap(src, dataLit) }) });
  }
  return out;
}

/** Every string literal in the file, by offset: `.fit({...})` datasets point at their pair or value. */
function stringsOf(src: PythonSource, fits: readonly CallInfo[]): Map<number, LiteralSnap> {
  const out = new Map<number, LiteralSnap>();
  for (const f of fits) {
    for (const s of f.node.descendantsOfType('string')) {
      if (!s) continue;
      const lit = literalSnap(src, s);
      out.set(s.startIndex, lit);
      if (s.parent?.type === 'pair') out.set(s.parent.startIndex, lit);
    }
  }
  return out;
}

export function sagemakerEditor(src: PythonSource, c: CallInfo, allCalls: readonly CallInfo[], job: () => Job): JobEditor {
  const { text, lines } = src;
  const estimator: CallSnap | undefined = callSnap(src, c.node);
  const hp = hyperparametersOf(src, kwarg(c, 'hyperparameters'));
  const hasHp = !!kwarg(c, 'hyperparameters');
  const instance = instanceLiteral(src, kwarg(c, 'instance_type', 'train_instance_type'));
  const ckpt = kwarg(c, 'checkpoint_s3_uri');
  const ckptValue = ckpt ? literalSnap(src, ckpt) : undefined;
  const channels = channelsOf(src, allCalls);
  const fitStrings = stringsOf(src, allCalls.filter((f) => f.name === 'fit'));
  const file = { text, lines };
  const v1 = !!kwarg(c, 'train_instance_type', 'train_instance_count');
  const spotArg = kwarg(c, 'use_spot_instances', 'train_use_spot_instances');
  const spotValue = spotArg ? literalSnap(src, spotArg) : undefined;
  const hasMaxWait = !!kwarg(c, 'max_wait', 'train_max_wait');
  const maxRunArg = kwarg(c, 'max_run', 'train_max_run');
  const maxRun = maxRunArg ? numberArg(src, maxRunArg).value : undefined;

  return {
    setPrecision(mode) {
      const p = job().precision?.source;
      if (!estimator || (p?.kind === 'file' && p.uri)) return undefined;
      const title = `Train in ${mode}: pass the ${mode} hyperparameter`;
      if (!hp) {
        if (hasHp) return undefined; // built elsewhere: not a literal this fix can extend
        return { title, edits: appendItem(text, lines, estimator.args, `hyperparameters={"${mode}": True}`), safe: true };
      }
      const own = hp.entries.get(mode);
      if (own) {
        const v = own.value;
        const edit: TextEdit | undefined =
          v.type === 'false' ? replace(lines, v.start, v.end, 'True') : /^false$/i.test(stringContent(v) ?? '') ? replace(lines, v.start, v.end, withStringContent(v, 'True')) : undefined;
        return edit && { title, edits: [edit], safe: true };
      }
      const q = quoteOf([...hp.entries.values()].find((e) => e.key)?.key);
      const item = hp.kind === 'dict' ? `${q}${mode}${q}: True` : `${mode}=True`;
      return { title, edits: appendItem(text, lines, hp.container, item), safe: true };
    },

    addCheckpointing() {
      if (!estimator) return undefined;
      const value = '"${1:s3://your-bucket/checkpoints}"';
      const edits = ckptValue?.type === 'none' ? [replace(lines, ckptValue.start, ckptValue.end, value)] : ckptValue ? undefined : appendItem(text, lines, estimator.args, `checkpoint_s3_uri=${value}`);
      return edits && { title: 'Sync checkpoints to S3 with checkpoint_s3_uri (fill in the bucket)', edits, safe: false, snippet: true };
    },

    setHardware(choice) {
      if (!instance || !choice.instanceType) return undefined;
      const type = choice.instanceType.startsWith('ml.') ? choice.instanceType : `ml.${choice.instanceType}`;
      return { title: choice.title, edits: [replace(lines, instance.start, instance.end, withStringContent(instance, type))], safe: false };
    },

    useSpot() {
      if (!estimator || (spotValue && spotValue.type !== 'false')) return undefined;
      const edits: TextEdit[] = [];
      const items: string[] = [];
      if (spotValue) edits.push(replace(lines, spotValue.start, spotValue.end, 'True'));
      else items.push(`${v1 ? 'train_' : ''}use_spot_instances=True`);
      // max_wait (spot waits + interruptions) must be at least max_run; twice it leaves room (24 h is max_run's default).
      if (!hasMaxWait) items.push(`${v1 ? 'train_' : ''}max_wait=\${1:${Math.round(2 * (maxRun ?? 86400))}}`);
      if (items.length) edits.push(...appendItem(text, lines, estimator.args, items.join(', ')));
      return { title: 'Use SageMaker managed spot training: use_spot_instances=True with max_wait (seconds, at least max_run)', edits, safe: false, snippet: !hasMaxWait };
    },

    useParquet(dataset) {
      const s = dataset.source;
      if (s.kind !== 'file' || s.uri) return undefined;
      if (s.key.startsWith('--')) return parquetFlagFix(file, dataset);
      const at = lines.offset(s.range.start);
      const edits: TextEdit[] = [];
      let path: string | undefined;
      const ch = s.key === 'content_type' ? channels.get(at) : undefined;
      if (ch) {
        edits.push(replace(lines, ch.contentType.start, ch.contentType.end, withStringContent(ch.contentType, 'application/x-parquet')));
        path = ch.data && stringContent(ch.data);
        const to = path && parquetPath(path);
        if (ch.data && to) edits.push(replace(lines, ch.data.start, ch.data.end, withStringContent(ch.data, to)));
      } else {
        const lit = fitStrings.get(at);
        path = lit && stringContent(lit);
        const to = path && parquetPath(path);
        if (!lit || !to) return undefined;
        edits.push(replace(lines, lit.start, lit.end, withStringContent(lit, to)));
      }
      edits.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
      const what = path ?? 'the channel';
      return { title: `Read ${what} as Parquet (convert the data first; the algorithm must accept Parquet)`, edits, safe: false };
    },
  };
}

import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeText, fixturePath } from '../../helpers';
import type { DatasetRef, Fact, Fix, Job, JobEditor } from '../../../server/src/engine/types';
import { applyEdits, applyFix, assertUntouchedOutsideEdits } from './applyEdits';

// Golden tests of the config dialects' fix editors: each input file, the editor method called on
// its job, the exact text after the fix, and three properties of every fix: the result parses
// without new errors, analysing it again no longer shows the fact the fix is about, and every
// line outside the edits is byte-identical. Set UPDATE_GOLDEN=1 to write missing expected files.

type Method = (editor: JobEditor, job: Job) => Fix | undefined;

interface Case {
  file: string; // under test/fixtures/fixes
  method: Method;
  safe: boolean;
  /** The fact in the re-analysed job that shows the fix worked. */
  after: (job: Job) => void;
  title?: RegExp;
}

const PARQUET_NAMES = new Map<Method, string>();
const bf16: Method = (e) => e.setPrecision?.('bf16');
const fp16: Method = (e) => e.setPrecision?.('fp16');
const checkpointing: Method = (e) => e.addCheckpointing?.();
/** useParquet on the dataset read from `pathWritten`; golden files are named after that file. */
const parquet = (pathWritten: string): Method => {
  const m: Method = (e, job) => {
    const d = job.datasets.find((x) => x.value.path === pathWritten);
    assert.ok(d, `dataset ${pathWritten} among ${job.datasets.map((x) => x.value.path).join(', ')}`);
    return e.useParquet?.(d);
  };
  PARQUET_NAMES.set(m, `parquet-${path.basename(pathWritten).replace(/\..*$/, '')}`);
  return m;
};

const precisionIs = (mode: string) => (job: Job) => assert.equal(job.precision?.value, mode);
const savesPeriodically = (job: Job) => assert.equal(job.checkpoint?.periodic?.value, true);
const durable = (job: Job) => assert.notEqual(job.checkpoint?.storage?.value, 'ephemeral');
const readsParquet = (p: string) => (job: Job) => {
  const d = job.datasets.find((x: Fact<DatasetRef>) => x.value.path === p);
  assert.equal(d?.value.format, 'parquet', `${p} read as parquet`);
};

const CASES: Case[] = [
  // hf-config
  { file: 'hf/trainer-fp16-off.input.yaml', method: bf16, safe: true, after: precisionIs('bf16'), title: /bf16: true/ },
  { file: 'hf/trainer-commented.input.yaml', method: bf16, safe: true, after: precisionIs('bf16') },
  { file: 'hf/training-args-tabs.input.json', method: bf16, safe: true, after: precisionIs('bf16') },
  { file: 'hf/training-args-tabs.input.json', method: fp16, safe: true, after: precisionIs('fp16'), title: /fp16: true/ },
  { file: 'hf/training-args-no-save-crlf.input.json', method: checkpointing, safe: true, after: (j) => (savesPeriodically(j), assert.equal(j.checkpoint?.resume, undefined)), title: /save_strategy: steps, save_steps: 500, overwrite_output_dir: false/ },
  { file: 'hf/axolotl-fp32.input.yml', method: bf16, safe: true, after: precisionIs('bf16') },
  { file: 'hf/axolotl-no-save.input.yml', method: checkpointing, safe: true, after: savesPeriodically, title: /saves_per_epoch: 4/ },
  { file: 'hf/axolotl-jsonl.input.yml', method: parquet('data/train.jsonl'), safe: false, after: readsParquet('data/train.parquet'), title: /convert it first/ },
  { file: 'hf/axolotl-jsonl.input.yml', method: parquet('data/extra.csv'), safe: false, after: readsParquet('data/extra.parquet'), title: /Convert CSV to Parquet/ },
  { file: 'hf/llamafactory-bf16-off.input.yaml', method: bf16, safe: true, after: precisionIs('bf16') },
  { file: 'hf/llamafactory-bf16-off.input.yaml', method: checkpointing, safe: true, after: (j) => (savesPeriodically(j), assert.notEqual(j.checkpoint?.resume?.value, false)) },
  { file: 'hf/trl-tmp-output.input.yaml', method: checkpointing, safe: false, after: durable, title: /Hub/ },
  { file: 'hf/trainer-csv.input.yaml', method: parquet('data/train.csv'), safe: false, after: readsParquet('data/train.parquet'), title: /^Read data\/train\.parquet instead \(convert it first: "mlcost: Convert CSV to Parquet"\)$/ },
  // torchtune
  { file: 'torchtune/dtype-fp32.input.yaml', method: bf16, safe: true, after: precisionIs('bf16') },
  { file: 'torchtune/no-dtype.input.yaml', method: bf16, safe: true, after: precisionIs('bf16') },
  { file: 'torchtune/tmp-output.input.yaml', method: checkpointing, safe: false, after: durable },
  { file: 'torchtune/csv-dataset.input.yaml', method: parquet('data/my_data.csv'), safe: false, after: readsParquet('data/my_data.parquet') },
  // lightning
  { file: 'lightning/cli-fp32.input.yaml', method: bf16, safe: true, after: precisionIs('bf16') },
  { file: 'lightning/cli-fp32.input.yaml', method: fp16, safe: true, after: precisionIs('fp16'), title: /16-mixed/ },
  { file: 'lightning/cli-no-checkpoint.input.yaml', method: checkpointing, safe: true, after: (j) => (savesPeriodically(j), assert.equal(j.checkpoint?.periodic?.source.kind === 'file' && j.checkpoint.periodic.source.key, 'every_n_train_steps')) },
  { file: 'lightning/cli-flow-trainer.input.yaml', method: bf16, safe: true, after: precisionIs('bf16') },
  { file: 'lightning/cli-flow-trainer.input.yaml', method: parquet('data/train.csv'), safe: false, after: readsParquet('data/train.parquet') },
  { file: 'lightning/cli-csv-data.input.yaml', method: parquet('data/train.csv'), safe: false, after: readsParquet('data/train.parquet') },
  { file: 'lightning/cli-tmp-root.input.yaml', method: checkpointing, safe: false, after: (j) => assert.equal(j.checkpoint?.storage?.value, 'durable') },
  { file: 'lightning/hydra-trainer.input.yaml', method: bf16, safe: true, after: precisionIs('bf16') },
  { file: 'lightning/litgpt-no-save.input.yaml', method: checkpointing, safe: true, after: savesPeriodically },
  { file: 'lightning/litgpt-fp32.input.yaml', method: bf16, safe: true, after: precisionIs('bf16') },
  // accelerate
  { file: 'accelerate/mixed-no.input.yaml', method: bf16, safe: true, after: precisionIs('bf16') },
  { file: 'accelerate/commented.input.yaml', method: bf16, safe: true, after: precisionIs('bf16') },
  { file: 'accelerate/sorted.input.yaml', method: fp16, safe: true, after: precisionIs('fp16') },
  // deepspeed
  { file: 'deepspeed/fp16-on-tabs.input.json', method: bf16, safe: true, after: precisionIs('bf16'), title: /"fp16" off/ },
  { file: 'deepspeed/no-precision-crlf.input.json', method: bf16, safe: true, after: precisionIs('bf16') },
  { file: 'deepspeed/compact-sections.input.json', method: bf16, safe: true, after: precisionIs('bf16') },
  { file: 'deepspeed/fp16-mode.input.json', method: fp16, safe: true, after: precisionIs('fp16'), title: /loss_scale/ },
];

function expectedPath(c: Case, method: string): string {
  const p = fixturePath(path.join('fixes', c.file));
  const m = /^(.*)\.input\.(\w+)$/.exec(p)!;
  return `${m[1]}.${method}.expected.${m[2]}`;
}

/** The one job of a file (these fixtures hold one each). */
async function jobOf(name: string, text: string): Promise<{ job: Job; errors: number }> {
  const r = await analyzeText(name, text);
  assert.equal(r.jobs.length, 1, `${name}: one job`);
  return { job: r.jobs[0], errors: r.parseErrors.length };
}

const METHOD_NAMES = new Map<Method, string>([[bf16, 'bf16'], [fp16, 'fp16'], [checkpointing, 'checkpointing']]);

for (const c of CASES) {
  const method = METHOD_NAMES.get(c.method) ?? PARQUET_NAMES.get(c.method) ?? 'parquet';
  test(`${c.file} ${method}: golden output, parses, fact fixed, other lines intact`, async () => {
    const name = path.basename(c.file).replace('.input', '');
    const input = fs.readFileSync(fixturePath(path.join('fixes', c.file)), 'utf8');
    const { job, errors } = await jobOf(name, input);
    assert.ok(job.editor, `${c.file}: the job has an editor`);
    const fix = c.method(job.editor, job);
    assert.ok(fix, `${c.file}: a fix is offered`);
    assert.equal(fix.safe, c.safe, 'safe');
    if (c.title) assert.match(fix.title, c.title);
    const applied = applyFix(input, { ...fix, snippet: false });
    const golden = expectedPath(c, method);
    if (!fs.existsSync(golden) && process.env.UPDATE_GOLDEN) fs.writeFileSync(golden, applied);
    assert.equal(applied, fs.readFileSync(golden, 'utf8'), `${c.file}: matches ${path.basename(golden)}`);
    assertUntouchedOutsideEdits(input, applied, fix.edits, c.file);
    const after = applyFix(input, fix);
    const again = await jobOf(name, after);
    assert.ok(again.errors <= errors, `${c.file}: no new parse errors`);
    c.after(again.job);
    // The fix is not offered twice: applying it settles what it is about.
    if (c.method === bf16 || c.method === fp16) assert.equal(c.method(again.job.editor!, again.job), undefined);
  });
}

test('precision read from a linked DeepSpeed file: the Accelerate config offers no precision fix', async () => {
  const text = 'compute_environment: LOCAL_MACHINE\ndeepspeed_config:\n  deepspeed_config_file: ds.json\ndistributed_type: DEEPSPEED\nnum_processes: 8\n';
  const { job } = await jobOf('accelerate.yaml', text);
  const linked: Job = { ...job, precision: { value: 'fp32', source: { kind: 'file', key: 'bf16.enabled', range: job.anchor, uri: '/w/ds.json' } }, linkedFiles: ['/w/ds.json'] };
  const { accelerateEditor } = await import('../../../server/src/engine/dialects/accelerate/editor');
  const { parseYaml } = await import('../../../server/src/engine/formats/yaml');
  assert.equal(accelerateEditor(parseYaml(text).docs[0], linked).setPrecision?.('bf16'), undefined);
  // The JSON named but unreadable decides precision too: no fix here.
  assert.equal(job.editor?.setPrecision?.('bf16'), undefined);
  // Without a DeepSpeed file, `mixed_precision: bf16` goes in sorted key order, as accelerate writes it.
  const plain = 'compute_environment: LOCAL_MACHINE\ndistributed_type: MULTI_GPU\nnum_processes: 8\n';
  const own = (await jobOf('accelerate.yaml', plain)).job.editor?.setPrecision?.('bf16');
  assert.ok(own);
  assert.equal(applyFix(plain, own), plain.replace('num_processes: 8\n', 'mixed_precision: bf16\nnum_processes: 8\n'));
});

test('torchtune offers no fp16 fix (its recipes reject fp16); setHardware is not offered by config dialects', async () => {
  const input = fs.readFileSync(fixturePath('fixes/torchtune/no-dtype.input.yaml'), 'utf8');
  const { job } = await jobOf('no-dtype.yaml', input);
  assert.equal(job.editor?.setPrecision?.('fp16'), undefined);
  assert.equal(job.editor?.setHardware, undefined);
});

test('a fix that changes nothing is not offered: bf16 already on', async () => {
  const { job } = await jobOf('c.yaml', 'model_name_or_path: gpt2\ndo_train: true\nnum_train_epochs: 1\nbf16: true\noutput_dir: out\n');
  assert.equal(job.editor?.setPrecision?.('bf16'), undefined);
});

// Every fix the config editors offer on the real-world corpus, applied and re-checked.
const CORPUS = '/work/shared/corpus/files';
const COVERED = new Set(['hf-config', 'torchtune', 'lightning', 'accelerate', 'deepspeed']);

interface Offered {
  what: string;
  fix: Fix;
  check: (before: Job, after: Job) => void;
}

function offered(job: Job): Offered[] {
  const e = job.editor;
  if (!e) return [];
  const out: Offered[] = [];
  const add = (what: string, fix: Fix | undefined, check: Offered['check']) => fix && out.push({ what, fix, check });
  for (const mode of ['bf16', 'fp16'] as const) {
    add(`setPrecision(${mode})`, e.setPrecision?.(mode), (_, a) => assert.equal(a.precision?.value, mode));
  }
  add('addCheckpointing()', e.addCheckpointing?.(), (b, a) => {
    // Some checkpointing gap the job had is gone (no periodic save, ephemeral storage, no resume).
    const gaps = (j: Job) =>
      [j.checkpoint?.periodic?.value === false && 'periodic', j.checkpoint?.storage?.value === 'ephemeral' && 'storage', j.checkpoint?.resume?.value === false && 'resume'].filter(Boolean);
    const before = gaps(b);
    const left = gaps(a);
    assert.ok(before.length > 0 && before.some((g) => !left.includes(g)), `gaps before ${before.join(',')}, after ${left.join(',')}`);
  });
  for (const d of job.datasets) {
    add(`useParquet(${d.value.path})`, e.useParquet?.(d), (_, a) => {
      assert.ok(a.datasets.some((x) => x.value.format === 'parquet'), 'a dataset is now read as Parquet');
      assert.ok(!a.datasets.some((x) => x.value.path === d.value.path), `${d.value.path} is no longer read`);
    });
  }
  return out;
}

test('corpus: every fix offered on real configs applies cleanly, parses, and fixes its fact', async (t) => {
  if (!fs.existsSync(CORPUS)) return t.skip('corpus not present');
  let fixes = 0;
  for (const name of fs.readdirSync(CORPUS).sort()) {
    if (!/\.(ya?ml|json)$/.test(name)) continue;
    const text = fs.readFileSync(path.join(CORPUS, name), 'utf8');
    const r = await analyzeText(name, text);
    r.jobs.forEach((job) => {
      if (COVERED.has(job.dialect)) assert.ok(job.editor, `${name}: ${job.dialect} job has an editor`);
    });
    for (const [i, job] of r.jobs.entries()) {
      if (!COVERED.has(job.dialect)) continue;
      for (const o of offered(job)) {
        const label = `${name} ${o.what}`;
        const after = applyFix(text, o.fix);
        assertUntouchedOutsideEdits(text, applyEdits(text, o.fix.edits), o.fix.edits, label);
        const again = await analyzeText(name, after);
        assert.ok(again.parseErrors.length <= r.parseErrors.length, `${label}: no new parse errors`);
        assert.equal(again.jobs.length, r.jobs.length, `${label}: same jobs`);
        try {
          o.check(job, again.jobs[i]);
        } catch (e) {
          throw new Error(`${label}: ${(e as Error).message}`);
        }
        fixes++;
      }
    }
  }
  assert.ok(fixes > 10, `fixes exercised on the corpus: ${fixes}`);
});

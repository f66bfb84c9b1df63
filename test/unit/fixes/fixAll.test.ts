import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { test } from 'node:test';
import { analyze } from '../../../server/src/engine/analyze';
import { applyTextEdits, chooseFixAll, placeholderNames, resolvePlaceholders, withFileEol } from '../../../server/src/engine/fixAll';
import type { Finding, Fix, Range } from '../../../server/src/engine/types';
import { fixturePath } from '../../helpers';
import { applyFixText } from './applyFixText';

const r = (l1: number, c1: number, l2: number, c2: number): Range => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
const fix = (title: string, range: Range, newText: string, safe = true, snippet = false): Fix => ({ title, edits: [{ range, newText }], safe, ...(snippet ? { snippet } : {}) });
const finding = (rule: string, line: number, fixes: Fix[]): Finding => ({ rule, severity: 'warning', message: rule, range: r(line, 0, line, 1), fixes });

test('chooseFixAll takes one safe fix per finding, skips unsafe, snippet, overlapping and duplicate fixes', () => {
  const chosen = chooseFixAll([
    finding('a', 0, [fix('unsafe first', r(0, 0, 0, 3), 'X', false), fix('safe', r(0, 0, 0, 3), 'abc')]),
    finding('b', 0, [fix('overlaps a', r(0, 2, 0, 5), 'Y')]),
    finding('c', 1, [fix('snippet', r(1, 0, 1, 1), '${1:x}', true, true)]),
    finding('d', 2, [fix('dup', r(2, 0, 2, 1), 'Z')]),
    finding('e', 2, [fix('dup', r(2, 0, 2, 1), 'Z')]),
    finding('f', 3, [fix('touching is fine', r(0, 3, 0, 4), 'T')]),
  ]);
  assert.deepEqual(chosen.map((c) => `${c.finding}:${c.fix.title}`), ['0:safe', '3:dup', '5:touching is fine']);
});

test('applyTextEdits agrees with an independent applier, and refuses overlaps', () => {
  const text = 'alpha: 1\nbeta: 2\r\ngamma: 3';
  const edits = [
    { range: r(2, 7, 2, 8), newText: '30' },
    { range: r(0, 0, 0, 0), newText: '# top\n' },
    { range: r(1, 6, 1, 7), newText: '20' },
  ];
  assert.equal(applyTextEdits(text, edits), applyFixText(text, edits));
  assert.equal(applyTextEdits(text, edits), '# top\nalpha: 1\nbeta: 20\r\ngamma: 30');
  assert.throws(() => applyTextEdits(text, [{ range: r(0, 0, 0, 5), newText: '' }, { range: r(0, 2, 0, 3), newText: '' }]));
});

test('withFileEol writes CRLF into CRLF files only', () => {
  const e = [{ range: r(0, 0, 0, 0), newText: 'a\nb\n' }];
  assert.equal(withFileEol(e, 'x\r\ny')[0].newText, 'a\r\nb\r\n');
  assert.equal(withFileEol(e, 'x\ny')[0].newText, 'a\nb\n');
});

test('resolvePlaceholders keeps default text and drops tab stops', () => {
  assert.equal(resolvePlaceholders('s3://${1:your-bucket}/ckpt$0'), 's3://your-bucket/ckpt');
  assert.equal(resolvePlaceholders('${1|gs,s3|}://${2:b}/\\$HOME'), 'gs://b/$HOME');
  assert.deepEqual(placeholderNames(fix('t', r(0, 0, 0, 0), 'a ${1:bucket-name} ${2:prefix}', false, true)), ['bucket-name', 'prefix']);
});

const FP32 = 'model_name_or_path: gpt2\noutput_dir: ./out\nnum_train_epochs: 3\nbf16: false\nfp16: false\n';

async function run(name: string, text: string, languageId?: string) {
  return analyze({ path: `/tmp/mlcost-fix-test/${name}`, text, languageId });
}

test('ignore-line inserts an indented directive above, which suppresses exactly that finding', async () => {
  const before = await run('cfg.yaml', FP32);
  const f = before.findings.find((x) => x.rule === 'fp32-training');
  assert.ok(f, 'fixture has an fp32 finding');
  const ignore = f.fixes?.find((x) => x.title === 'Ignore fp32-training on this line');
  assert.ok(ignore && !ignore.safe);
  const fixed = applyFixText(FP32, ignore.edits);
  assert.equal(fixed.split('\n')[f.range.start.line], '# mlcost: ignore[fp32-training]');
  const after = await run('cfg.yaml', fixed);
  assert.equal(after.findings.filter((x) => x.rule === 'fp32-training').length, 0);
});

test('ignore-line merges into an existing directive; ignore-file goes after a shebang', async () => {
  const keras = fs.readFileSync(fixturePath('python/keras_fit.py'), 'utf8').split('\n');
  const fitLine = keras.findIndex((l) => l.startsWith('model.fit('));
  keras[fitLine] += '  # mlcost: ignore[oversized-gpu]';
  const py = ['#!/usr/bin/env python', ...keras].join('\n');
  const res = await run('train.py', py);
  const f = res.findings.find((x) => x.rule === 'fp32-training');
  assert.ok(f, 'keras fit in fp32 is flagged');
  assert.equal(f.range.start.line, fitLine + 1);
  const line = f.fixes!.find((x) => x.title.startsWith('Ignore fp32-training on'))!;
  const merged = applyFixText(py, line.edits);
  assert.match(merged.split('\n')[fitLine + 1], /# mlcost: ignore\[oversized-gpu, fp32-training\]$/);
  assert.equal((await run('train.py', merged)).findings.filter((x) => x.rule === 'fp32-training').length, 0);
  const file = f.fixes!.find((x) => x.title.endsWith('in this file'))!;
  const top = applyFixText(py, file.edits).split('\n');
  assert.equal(top[0], '#!/usr/bin/env python');
  assert.equal(top[1], '# mlcost: ignore-file[fp32-training]');
});

test('ignore-file after `---`, merged into an existing ignore-file directive, CRLF kept', async () => {
  const crlf = ('---\n' + FP32).replace(/\n/g, '\r\n');
  const f = (await run('cfg.yaml', crlf)).findings.find((x) => x.rule === 'fp32-training')!;
  const fileFix = f.fixes!.find((x) => x.title.endsWith('in this file'))!;
  const fixed = applyFixText(crlf, fileFix.edits);
  assert.ok(fixed.startsWith('---\r\n# mlcost: ignore-file[fp32-training]\r\n'), JSON.stringify(fixed.slice(0, 60)));
  assert.equal((await run('cfg.yaml', fixed)).findings.filter((x) => x.rule === 'fp32-training').length, 0);
  const withDirective = '# mlcost: ignore-file[csv-dataset]\n' + FP32;
  const g = (await run('cfg.yaml', withDirective)).findings.find((x) => x.rule === 'fp32-training')!;
  const merged = applyFixText(withDirective, g.fixes!.find((x) => x.title.endsWith('in this file'))!.edits);
  assert.equal(merged.split('\n')[0], '# mlcost: ignore-file[csv-dataset, fp32-training]');
});

test('JSONC gets // directives; plain JSON gets no comment fixes', async () => {
  const ds = '{\n  "train_batch_size": 32,\n  "fp16": {"enabled": false},\n  "bf16": {"enabled": false},\n  "zero_optimization": {"stage": 2}\n}\n';
  const jsonc = await run('ds_config.jsonc', ds);
  const plain = await run('ds_config.json', ds);
  const fj = jsonc.findings.find((x) => x.rule === 'fp32-training');
  const fp = plain.findings.find((x) => x.rule === 'fp32-training');
  assert.ok(fj && fp, 'a DeepSpeed config with bf16 and fp16 off is flagged');
  assert.ok(fj.fixes?.some((x) => x.edits.some((e) => e.newText.includes('// mlcost: ignore[fp32-training]'))));
  assert.ok(!fp.fixes?.some((x) => x.title.startsWith('Ignore')));
});

test('ignore-line inside a `\\`-continued shell command: at the end of its last line, none mid-command (a comment line would cut the command)', async () => {
  const task = 'resources:\n  accelerators: A10G:1\nrun: |\n  python run_clm.py \\\n    --model_name_or_path gpt2 \\\n    --train_file data/train.csv \\\n    --output_dir out\n';
  const mid = (await run('task.yaml', task)).findings.find((x) => x.rule === 'csv-dataset');
  assert.ok(mid, 'the CSV train file is flagged');
  assert.equal(mid.range.start.line, 5);
  assert.ok(!mid.fixes?.some((x) => x.title === 'Ignore csv-dataset on this line'));
  assert.ok(mid.fixes?.some((x) => x.title === 'Ignore csv-dataset in this file'));

  const last = task.replace('    --train_file data/train.csv \\\n    --output_dir out\n', '    --output_dir out \\\n    --train_file data/train.csv\n');
  const f = (await run('task.yaml', last)).findings.find((x) => x.rule === 'csv-dataset')!;
  const fixed = applyFixText(last, f.fixes!.find((x) => x.title === 'Ignore csv-dataset on this line')!.edits);
  assert.equal(fixed.split('\n')[6], '    --train_file data/train.csv  # mlcost: ignore[csv-dataset]');
  const again = await run('task.yaml', fixed);
  assert.equal(again.findings.filter((x) => x.rule === 'csv-dataset').length, 0);
  assert.equal(again.jobs[0].checkpoint?.location?.value, 'out', 'the command still reads as one');
});

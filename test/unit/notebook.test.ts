import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, test } from 'node:test';
import { analyze } from '../../server/src/engine/analyze';
import { applyTextEdits, chooseFixAll } from '../../server/src/engine/fixAll';
import { cellToFile, codeCells, LONG_STRING, parseIpynb, type Ipynb } from '../../server/src/engine/notebook/ipynb';
import { editsByCell, fromCell, notebookProgram, rangeToCell, toCell } from '../../server/src/engine/notebook/program';
import type { TextEdit } from '../../server/src/engine/types';
import { fixturePath } from '../helpers';

const NB = (name: string) => fixturePath(`notebook/${name}`);
const read = (name: string) => fs.readFileSync(NB(name), 'utf8');
const ipynb = (text: string): Ipynb => {
  const nb = parseIpynb(text);
  assert.ok(!('error' in nb), 'parses');
  return nb;
};

describe('notebook program', () => {
  test('code cells in order, one program; magics and shell escapes become same-length comments', () => {
    const p = notebookProgram([
      { index: 1, source: '%pip install torch\n!nvidia-smi\nx = 1' },
      { index: 3, source: '%%time\nfor i in range(3):\n    %time f(i)\n    files = !ls' },
      { index: 4, source: '%%bash\necho hi\nls -la' },
    ]);
    assert.deepEqual(p.text.split('\n'), ['#pip install torch', '#nvidia-smi', 'x = 1', '#%time', 'for i in range(3):', '    #time f(i)', '    #iles = !ls', '#%bash', '#cho hi', '#s -la']);
    assert.deepEqual(p.starts, [0, 3, 7]);
  });

  test('maps program positions to cells and back; a range that spans cells has no cell', () => {
    const p = notebookProgram([{ index: 0, source: 'a = 1\nb = 2' }, { index: 2, source: 'c = 3' }]);
    assert.deepEqual(toCell(p, { line: 2, character: 4 }), { cell: 2, position: { line: 0, character: 4 } });
    assert.deepEqual(fromCell(p, 2, { line: 0, character: 4 }), { line: 2, character: 4 });
    assert.deepEqual(rangeToCell(p, { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } }), { cell: 0, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 5 } } });
    assert.equal(rangeToCell(p, { start: { line: 1, character: 0 }, end: { line: 2, character: 3 } }), undefined);
    const edits: TextEdit[] = [{ range: { start: { line: 1, character: 0 }, end: { line: 2, character: 1 } }, newText: '' }];
    assert.equal(editsByCell(p, edits), undefined, 'a fix that crosses cells is not offered');
  });
});

describe('.ipynb files', () => {
  test('source lines map to their JSON string on the right line of the file, escapes counted', () => {
    const text = read('hf_trainer.ipynb');
    const nb = ipynb(text);
    assert.deepEqual(nb.cells.map((c) => c.kind), ['markdown', 'code', 'code', 'code', 'code']);
    const lines = text.split('\n');
    // cell 2 (0-based), line 5: `model = AutoModelForCausalLM.from_pretrained("gpt2-medium")\n`
    const at = cellToFile(nb, 2, { line: 5, character: 45 });
    assert.equal(lines[at.line].slice(at.character, at.character + 15), '\\"gpt2-medium\\"');
    assert.ok(lines[at.line].trimStart().startsWith('"model = '));
  });

  test('a cell whose source is one string (not a list) is read and mapped too', () => {
    const text = JSON.stringify({ cells: [{ cell_type: 'code', metadata: {}, outputs: [], source: 'import torch\nx = "é"\ny = 1' }], metadata: {}, nbformat: 4, nbformat_minor: 5 }, null, 1);
    const nb = ipynb(text);
    assert.equal(codeCells(nb)[0].source, 'import torch\nx = "é"\ny = 1');
    const at = cellToFile(nb, 0, { line: 2, character: 0 });
    assert.equal(text.slice(nb.lines.offset(at), nb.lines.offset(at) + 5), 'y = 1');
  });

  const expected: Record<string, [string, number, number][]> = {
    // [rule, cell (1-based, all cells), line in cell (1-based)]
    'torch_loop.ipynb': [['csv-dataset', 3, 6], ['fp32-training', 6, 7], ['no-checkpointing', 8, 1]],
    'hf_trainer.ipynb': [['csv-dataset', 3, 8], ['fp32-training', 4, 1], ['no-checkpointing', 4, 6]],
    'keras_fit.ipynb': [['csv-dataset', 2, 1], ['fp32-training', 3, 1], ['no-checkpointing', 3, 1]],
    'sklearn_eda.ipynb': [],
  };
  for (const [name, want] of Object.entries(expected)) {
    test(`${name}: findings land on the right cell and line`, async () => {
      const r = await analyze({ path: NB(name), text: read(name) });
      assert.equal(r.skipped, undefined);
      const got = r.findings.map((f) => [f.rule, f.cell!.index + 1, f.cell!.range.start.line + 1]).sort();
      assert.deepEqual(got, [...want].sort());
      // The file position is the same spot, inside the JSON string of that source line.
      const nb = ipynb(read(name));
      for (const f of r.findings) assert.deepEqual(f.range.start, cellToFile(nb, f.cell!.index, f.cell!.range.start));
    });
  }

  for (const name of ['torch_loop.ipynb', 'hf_trainer.ipynb', 'keras_fit.ipynb']) {
    test(`${name}: safe fixes round-trip (valid nbformat, finding gone, other bytes identical)`, async () => {
      const text = read(name);
      const r = await analyze({ path: NB(name), text });
      const chosen = chooseFixAll(r.findings);
      assert.ok(chosen.length > 0, 'a safe fix is offered');
      const edits = chosen.flatMap((c) => c.fix.edits);
      const fixed = applyTextEdits(text, edits);
      const before = JSON.parse(text) as { cells: { source: string[]; outputs?: unknown; metadata: unknown }[]; metadata: unknown };
      const after = JSON.parse(fixed) as typeof before;
      assert.deepEqual(after.metadata, before.metadata);
      assert.deepEqual(after.cells.map((c) => [c.outputs, c.metadata]), before.cells.map((c) => [c.outputs, c.metadata]), 'outputs and metadata kept');
      // Every line of the file that no edit touches is still there, in order, byte for byte.
      const touched = new Set(edits.flatMap((e) => Array.from({ length: e.range.end.line - e.range.start.line + 1 }, (_, i) => e.range.start.line + i)));
      const kept = text.split('\n').filter((_, i) => !touched.has(i));
      const fixedLines = fixed.split('\n');
      let j = 0;
      for (const l of kept) {
        while (j < fixedLines.length && fixedLines[j] !== l) j++;
        assert.ok(j < fixedLines.length, `line kept: ${l}`);
        j++;
      }
      const again = await analyze({ path: NB(name), text: fixed });
      for (const c of chosen) {
        const was = r.findings[c.finding];
        assert.ok(!again.findings.some((f) => f.rule === was.rule && f.cell?.index === was.cell?.index), `${was.rule} fixed`);
      }
    });
  }

  test('the fp32 fix in a loop cell wraps the loss in autocast, indented as the cell is', async () => {
    const text = read('torch_loop.ipynb');
    const r = await analyze({ path: NB('torch_loop.ipynb'), text });
    const fp32 = r.findings.find((f) => f.rule === 'fp32-training')!;
    const fixed = applyTextEdits(text, fp32.fixes![0].edits);
    const cell = (JSON.parse(fixed) as { cells: { source: string[] }[] }).cells[5].source.join('');
    assert.match(cell, /\n {8}with torch\.autocast\("cuda", dtype=torch\.bfloat16\):\n {12}loss = loss_fn/);
    assert.ok(cell.startsWith('%%time\n'), 'the cell magic is kept as written');
  });

  test('malformed, non-Python and non-notebook JSON are skipped with a reason, never thrown', async () => {
    const logs: string[] = [];
    const bad = await analyze({ path: NB('malformed.ipynb'), text: read('malformed.ipynb') }, { log: (m) => logs.push(m) });
    assert.equal(bad.skipped, 'notebook JSON does not parse');
    assert.ok(logs.some((l) => l.includes('malformed.ipynb')), 'a log line names the file');
    assert.match((await analyze({ path: NB('r_kernel.ipynb'), text: read('r_kernel.ipynb') })).skipped ?? '', /only Python notebooks/);
    assert.match((await analyze({ path: '/w/x.ipynb', text: '{"cells": []}' })).skipped ?? '', /nbformat 4/);
    assert.deepEqual((await analyze({ path: '/w/x.ipynb', text: '' })).findings, []);
  });

  test('a notebook with a 50 MB embedded image is analysed for its cells (outputs are not a size limit)', async () => {
    const nb = JSON.parse(read('torch_loop.ipynb')) as { cells: { outputs?: { data?: Record<string, unknown> }[] }[] };
    nb.cells[5].outputs![0].data!['image/png'] = 'A'.repeat(50 * 1024 * 1024);
    const text = JSON.stringify(nb, null, 1);
    const r = await analyze({ path: NB('torch_loop.ipynb'), text });
    assert.equal(r.skipped, undefined);
    assert.deepEqual(r.findings.map((f) => f.rule).sort(), ['csv-dataset', 'fp32-training', 'no-checkpointing']);
  });

  test('long outputs are stepped over, not parsed: positions and the fp32 fix stay exact after them', async () => {
    const nb = JSON.parse(read('torch_loop.ipynb')) as { cells: { source: string[]; outputs?: { data?: Record<string, unknown> }[] }[] };
    const image = (n: number) => 'iVBORw0KGgo' + 'QUJD"\\'.repeat(n); // escaped quotes and backslashes inside
    nb.cells[1].outputs = [{ data: { 'image/png': image(40_000) } }];
    nb.cells[5].outputs![0].data!['image/png'] = image(30_000);
    const text = JSON.stringify(nb, null, 1);
    assert.ok(text.length > 2 * LONG_STRING);
    const r = await analyze({ path: NB('torch_loop.ipynb'), text });
    const fp32 = r.findings.find((f) => f.rule === 'fp32-training')!;
    assert.deepEqual(fp32.cell?.range.start, { line: 6, character: 8 });
    const lines = text.split('\n');
    assert.equal(lines[fp32.range.start.line].slice(fp32.range.start.character, fp32.range.start.character + 15), 'loss.backward()');
    const fixed = applyTextEdits(text, fp32.fixes![0].edits);
    const after = JSON.parse(fixed) as typeof nb;
    assert.deepEqual(after.cells.map((c) => c.outputs), JSON.parse(text).cells.map((c: { outputs?: unknown }) => c.outputs), 'outputs byte-identical in value');
    assert.match(after.cells[5].source.join(''), /with torch\.autocast\("cuda", dtype=torch\.bfloat16\):/);
  });

  test('a source line longer than an output payload is still read; JSON errors inside a long string still fail', async () => {
    const nb = JSON.parse(read('torch_loop.ipynb')) as { cells: { source: string[] }[] };
    nb.cells[5].source.unshift(`blob = "${'x'.repeat(LONG_STRING + 10)}"\n`);
    const text = JSON.stringify(nb, null, 1);
    const r = await analyze({ path: NB('torch_loop.ipynb'), text });
    const fp32 = r.findings.find((f) => f.rule === 'fp32-training')!;
    assert.equal(fp32.cell?.range.start.line, 7, 'one line lower, the long line counted');
    assert.equal(text.split('\n')[fp32.range.start.line].slice(fp32.range.start.character, fp32.range.start.character + 15), 'loss.backward()');
    const raw = JSON.stringify(JSON.parse(read('torch_loop.ipynb')), null, 1).replace('"outputs": []', `"outputs": [{"data": {"image/png": "${'A'.repeat(LONG_STRING + 1)}\u0001"}}]`);
    assert.equal((await analyze({ path: NB('torch_loop.ipynb'), text: raw })).skipped, 'notebook JSON does not parse');
  });

  test('a notebook nested thousands deep is skipped with a reason, not a stack overflow', async () => {
    const text = read('sklearn_eda.ipynb').replace('"metadata": {}', `"metadata": {"x": ${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    const r = await analyze({ path: NB('sklearn_eda.ipynb'), text });
    assert.match(r.skipped ?? '', /nesting is \d+ levels deep/);
  });

  test('suppressions work per cell; ignore-file anywhere covers the notebook', async () => {
    const nb = JSON.parse(read('torch_loop.ipynb')) as { cells: { source: string[] }[] };
    nb.cells[5].source.splice(6, 0, '        # mlcost: ignore[fp32-training]\n');
    const r = await analyze({ path: NB('torch_loop.ipynb'), text: JSON.stringify(nb, null, 1) });
    assert.deepEqual(r.findings.map((f) => f.rule).sort(), ['csv-dataset', 'no-checkpointing']);
    nb.cells[1].source.push('\n# mlcost: ignore-file[csv-dataset]');
    const r2 = await analyze({ path: NB('torch_loop.ipynb'), text: JSON.stringify(nb, null, 1) });
    assert.deepEqual(r2.findings.map((f) => f.rule), ['no-checkpointing']);
  });
});

test('pathological notebook JSON (10,000-deep nesting, NUL bytes) is refused with a reason, not a crash', async () => {
  const deep = `{"cells": [], "metadata": ${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}, "nbformat": 4}`;
  const logs: string[] = [];
  const r = await analyze({ path: '/w/deep.ipynb', text: deep }, { log: (m) => logs.push(m) });
  assert.match(r.skipped ?? '', /nesting is \d+ levels deep/);
  assert.ok(logs.some((l) => l.includes('deep.ipynb')));
  assert.match((await analyze({ path: '/w/bin.ipynb', text: '{"cells":\0\0}' })).skipped ?? '', /binary/);
});

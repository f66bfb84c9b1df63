import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { fixturePath, mlcost } from './run';

// Notebooks through the built CLI: found by the walker, positions name the cell, --fix writes
// valid nbformat and leaves a broken notebook alone.

const DIR = 'test/fixtures/notebook';

describe('notebooks in mlcost check', () => {
  test('text output names the cell, as Ruff does: file:cell N:line:col', () => {
    const r = mlcost(['check', DIR, '--fail-on', 'none']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^test\/fixtures\/notebook\/torch_loop\.ipynb:cell 6:7:9 {2}warning {2}Trains in full fp32/m);
    assert.match(r.stdout, /^test\/fixtures\/notebook\/hf_trainer\.ipynb:cell 4:6:5 {2}warning {2}.*\[no-checkpointing\]$/m);
    assert.match(r.stderr, /skipped test\/fixtures\/notebook\/malformed\.ipynb: notebook JSON does not parse/);
    assert.doesNotMatch(r.stdout, /sklearn_eda/);
  });

  test('json gives the line in the .ipynb file and the cell position', () => {
    const r = mlcost(['check', `${DIR}/torch_loop.ipynb`, '--format', 'json', '--fail-on', 'none']);
    const { findings } = JSON.parse(r.stdout) as { findings: { line: number; rule: string; cell?: { cell: number; line: number; column: number } }[] };
    const fp32 = findings.find((f) => f.rule === 'fp32-training')!;
    assert.deepEqual(fp32.cell, { cell: 6, line: 7, column: 9 });
    const fileLine = fs.readFileSync(fixturePath('notebook/torch_loop.ipynb'), 'utf8').split('\n')[fp32.line - 1];
    assert.match(fileLine, /^\s*" {8}loss\.backward\(\)/, 'the JSON line holding that source line');
  });

  test('sarif: the .ipynb line for code scanning, the cell as a logical location; schema-valid', () => {
    const r = mlcost(['check', `${DIR}/keras_fit.ipynb`, '--format', 'sarif', '--fail-on', 'none']);
    const log = JSON.parse(r.stdout) as { runs: { results: { locations: { physicalLocation: { region: { startLine: number } }; logicalLocations?: { name: string }[] }[] }[] }[] };
    const locs = log.runs[0].results.map((x) => x.locations[0]);
    assert.ok(locs.length === 3);
    assert.ok(locs.every((l) => /^cell \d+, line \d+$/.test(l.logicalLocations?.[0]?.name ?? '')));
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats(ajv);
    const schema = JSON.parse(fs.readFileSync(fixturePath('sarif/sarif-2.1.0-rtm.5.json'), 'utf8')) as object;
    assert.ok(ajv.validate(schema, log), JSON.stringify(ajv.errors?.slice(0, 3)));
  });

  test('--fix edits cell sources, writes valid nbformat, and leaves a malformed notebook untouched', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlcost-nb-'));
    for (const f of ['hf_trainer.ipynb', 'malformed.ipynb']) fs.copyFileSync(fixturePath(`notebook/${f}`), path.join(dir, f));
    const broken = fs.readFileSync(path.join(dir, 'malformed.ipynb'));
    const r = mlcost(['check', '.', '--fix', '--fail-on', 'none'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /hf_trainer\.ipynb: Train in bf16/);
    const fixed = JSON.parse(fs.readFileSync(path.join(dir, 'hf_trainer.ipynb'), 'utf8')) as { nbformat: number; cells: { source: string[] }[] };
    assert.equal(fixed.nbformat, 4);
    assert.ok(fixed.cells[3].source.includes('    bf16=True,\n'));
    assert.deepEqual(fs.readFileSync(path.join(dir, 'malformed.ipynb')), broken);
  });
});

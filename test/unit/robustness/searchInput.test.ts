// Hostile search definitions: grids too large to count, nesting no real grid has, sweeps that are
// half broken. Each gets an answer quickly, without a figure it cannot stand behind.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText } from '../../helpers';

const HANG = { timeout: 20_000 };

describe('search inputs', () => {
  it('a W&B grid whose product overflows claims no count and no finding', HANG, async () => {
    const params = Array.from({ length: 60 }, (_, i) => `  p${i}:\n    values: [${Array.from({ length: 50 }, (_, j) => j).join(', ')}]\n`).join('');
    const r = await analyzeText('huge-sweep.yaml', `method: grid\nparameters:\n${params}`);
    assert.equal(r.jobs[0]?.dialect, 'wandb-sweep');
    assert.equal(r.jobs[0]?.search?.trials, undefined);
    assert.deepEqual(r.findings, []);
  });

  it('deeply nested sweep parameters are read to a limit, not recursed without end', HANG, async () => {
    let text = 'method: grid\nparameters:\n';
    let indent = '  ';
    for (let i = 0; i < 100; i++) {
      text += `${indent}g${i}:\n${indent}  parameters:\n`;
      indent += '    ';
    }
    text += `${indent}leaf:\n${indent}  values: [1, 2, 3]\n`;
    const r = await analyzeText('nested-sweep.yaml', text);
    assert.equal(r.skipped, undefined);
    assert.equal(r.jobs[0]?.search?.trials, undefined);
  });

  it('a Python grid nested thousands deep, and one built from a giant product, give no count', HANG, async () => {
    const deep = `${'['.repeat(3000)}1${']'.repeat(3000)}`;
    const a = await analyzeText('deep.py', `from sklearn.model_selection import GridSearchCV\nfrom sklearn.svm import SVC\ngs = GridSearchCV(SVC(), ${deep})\ngs.fit(X, y)\n`);
    assert.equal(a.jobs[0]?.search?.trials, undefined);
    const axes = Array.from({ length: 40 }, (_, i) => `"p${i}": list(range(1000))`).join(', ');
    const b = await analyzeText('giant.py', `from sklearn.model_selection import GridSearchCV\nfrom sklearn.svm import SVC\ngs = GridSearchCV(SVC(), {${axes}})\ngs.fit(X, y)\n`);
    assert.equal(b.jobs[0]?.search?.method.value, 'grid');
    assert.equal(b.jobs[0]?.search?.trials, undefined);
    assert.deepEqual(b.findings.filter((f) => f.rule === 'grid-search'), []);
  });

  it('a sweep with a broken document still reports the sound one', HANG, async () => {
    const r = await analyzeText('broken.yaml', 'method: grid\nparameters:\n  a:\n    values: [1, 2, 3, 4, 5]\n  b:\n    values: [1, 2]\n---\nmethod: [grid\nparameters: {\n');
    assert.ok(r.parseErrors.length > 0);
    assert.deepEqual(r.findings.map((f) => f.rule), ['grid-search']);
  });
});

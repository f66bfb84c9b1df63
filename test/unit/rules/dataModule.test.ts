import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { analyzeFixture } from '../../helpers';

// Data-loading modules of an ML project count for csv-dataset even though fit() is elsewhere.

test('torch Dataset built from pd.read_csv in a module without fit: csv-dataset at the read, no estimate', async () => {
  const r = await analyzeFixture('compose/python/ml_project/data.py');
  assert.equal(r.jobs.length, 1);
  assert.equal(r.jobs[0].workload, 'data');
  assert.deepEqual(r.findings.map((f) => [f.rule, f.range.start.line]), [['csv-dataset', 19]]);
  assert.deepEqual(r.estimates, []);
  assert.ok(r.findings[0].fixes?.some((f) => f.edits.some((e) => e.newText.includes('parquet'))), 'Parquet fix offered');
});

test('LightningDataModule reading with polars: csv-dataset', async () => {
  const r = await analyzeFixture('compose/python/ml_project/polars_data.py');
  assert.deepEqual(r.findings.map((f) => f.rule), ['csv-dataset']);
  assert.match(r.findings[0].message, /clicks\.csv/);
});

test('negative: a metrics plot, a label list, a non-ML export read CSVs and stay silent', async () => {
  for (const rel of ['ml_project/plot_metrics.py', 'ml_project/labels.py', 'not_ml/etl.py']) {
    const r = await analyzeFixture(`compose/python/${rel}`);
    assert.deepEqual(r.jobs, [], rel);
    assert.deepEqual(r.findings, [], rel);
  }
});

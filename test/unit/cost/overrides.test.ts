import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, test } from 'node:test';
import { findOverride, parseOverrides } from '../../../server/src/engine/cost/overrides';
import { fixturePath } from '../../helpers';

describe('price overrides', () => {
  test('CSV: good rows, empty cells leave a price out', () => {
    const r = parseOverrides(fs.readFileSync(fixturePath('estimate/prices.csv'), 'utf8'), 'prices.csv');
    assert.deepEqual(r.problems, []);
    assert.deepEqual(r.overrides, [
      { instanceType: 'p4d.24xlarge', provider: 'aws', region: 'us-east-1', onDemand: 15, spot: 5 },
      { instanceType: 'ml.p4d.24xlarge', provider: 'aws', onDemand: 30 },
    ]);
  });

  test('CSV: negative, huge and non-numeric prices are rejected with the cell\'s range; a row with a bad price is dropped whole', () => {
    const text = 'instance_type,provider,region,on_demand,spot\np5.48xlarge,aws,us-east-1,-4,\ng5.xlarge,aws,,5000,\ng6.xlarge,aws,,abc,0.3\nbad name!,aws,,1,\n';
    const r = parseOverrides(text, 'x.csv');
    assert.deepEqual(r.problems.map((p) => [p.range.start.line, p.range.start.character, p.message]), [
      [1, 26, 'price overrides: on-demand price -4 is negative; row ignored, the catalog price applies'],
      [2, 15, 'price overrides: on-demand price 5000 is over $1000/h; prices are USD per instance-hour; row ignored, the catalog price applies'],
      [3, 15, "price overrides: on-demand price 'abc' is not a number (USD per hour); row ignored, the catalog price applies"],
      [4, 0, "price overrides: 'bad name!' is not an instance type name"],
    ]);
    assert.deepEqual(r.overrides, []);
  });

  test('CSV without the instance_type column: one problem on the header', () => {
    const r = parseOverrides('type,price\na,1\n', 'x.csv');
    assert.equal(r.overrides.length, 0);
    assert.equal(r.problems[0].range.start.line, 0);
  });

  test('JSON: good entries; wrong types rejected with ranges', () => {
    const text = '[\n  {"instanceType": "p4d.24xlarge", "onDemand": 18.5},\n  {"instanceType": "p5.48xlarge", "onDemand": "40"},\n  {"instanceType": 7, "spot": 1},\n  "p3.2xlarge",\n  {"instanceType": "g5.xlarge", "spot": [1]}\n]';
    const r = parseOverrides(text, 'prices.json');
    assert.deepEqual(r.overrides, [{ instanceType: 'p4d.24xlarge', onDemand: 18.5 }]);
    assert.deepEqual(r.problems.map((p) => [p.range.start.line, p.message]), [
      [2, 'price overrides: on-demand price must be a number, not a string; row ignored, the catalog price applies'],
      [3, 'price overrides: instanceType must be a string'],
      [4, 'price overrides: each entry must be an object with instanceType'],
      [5, "price overrides: 'spot' must be a number"],
    ]);
  });

  test('JSON that is not an array, or not JSON', () => {
    assert.match(parseOverrides('{"a": 1}', 'p.json').problems[0].message, /expected an array/);
    assert.match(parseOverrides('[{', 'p.json').problems[0].message, /not valid JSON/);
  });

  test('findOverride: the most specific row wins; a row for another provider does not apply', () => {
    const rows = [
      { instanceType: 'p4d.24xlarge', onDemand: 20 },
      { instanceType: 'p4d.24xlarge', provider: 'aws', region: 'us-east-1', onDemand: 15 },
      { instanceType: 'a2-highgpu-1g', provider: 'gcp', onDemand: 2 },
    ];
    assert.equal(findOverride(rows, 'P4D.24xlarge', 'aws', 'us-east-1')?.onDemand, 15);
    assert.equal(findOverride(rows, 'p4d.24xlarge', 'aws', 'us-west-2')?.onDemand, 20);
    assert.equal(findOverride(rows, 'a2-highgpu-1g', 'aws'), undefined);
  });
});

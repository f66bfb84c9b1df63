import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseYaml } from '../../../server/src/engine/formats/yaml';
import { parseJson } from '../../../server/src/engine/formats/json';
import { appendItem, insertEntry, insertPath, raw, replaceCommentedKey, setScalar } from '../../../server/src/engine/edit/yamlEdit';
import { insertJsonProperty, setJsonPath } from '../../../server/src/engine/edit/jsonEdit';
import type { TextEdit } from '../../../server/src/engine/types';
import { applyEdits } from './applyEdits';

// The format-level helpers other editors (SkyPilot, Kubernetes) build on, one behaviour each.

function yaml(text: string) {
  return parseYaml(text).docs[0];
}
const apply = (text: string, e: TextEdit | TextEdit[] | undefined) => applyEdits(text, e === undefined ? [] : Array.isArray(e) ? e : [e]);

test('setScalar keeps quote style, anchor and comment; booleans go plain', () => {
  const t = "a: &x 'no'  # off\nb: \"32\"\nc: yes\n";
  const r = yaml(t);
  assert.equal(apply(t, setScalar(r.get('a')!, 'bf16')), "a: &x 'bf16'  # off\nb: \"32\"\nc: yes\n");
  assert.equal(apply(t, setScalar(r.get('b')!, 'bf16-mixed')), "a: &x 'no'  # off\nb: \"bf16-mixed\"\nc: yes\n");
  assert.equal(apply(t, setScalar(r.get('c')!, false)), "a: &x 'no'  # off\nb: \"32\"\nc: false\n");
});

test('setScalar replaces a block scalar but keeps the line break after it', () => {
  const t = 'run: |\n  python train.py\nnext: 1\n';
  assert.equal(apply(t, setScalar(yaml(t).get('run')!, 'python train.py --bf16')), 'run: python train.py --bf16\nnext: 1\n');
});

test('insertEntry: nested block map in its indentation, after a named sibling; flow maps inline', () => {
  const t = 'trainer:\n    devices: 4   # four\n    max_epochs: 3\nmodel: {a: 1}\n';
  const r = yaml(t);
  assert.equal(apply(t, insertEntry(r.get('trainer')!, 'precision', 'bf16-mixed', { after: ['devices'] })), 'trainer:\n    devices: 4   # four\n    precision: bf16-mixed\n    max_epochs: 3\nmodel: {a: 1}\n');
  assert.equal(apply(t, insertEntry(r.get('model')!, 'b', 'x, y')), 'trainer:\n    devices: 4   # four\n    max_epochs: 3\nmodel: {a: 1, b: "x, y"}\n');
});

test('insertPath creates missing parents in the file style (and fills an empty `key:`)', () => {
  const t = 'name: x\r\nresources:\r\n  cpus: 4\r\n';
  assert.equal(apply(t, insertPath(yaml(t), ['resources', 'disk', 'size'], 100)), 'name: x\r\nresources:\r\n  cpus: 4\r\n  disk:\r\n    size: 100\r\n');
  const e = 'a: 1\ntrainer:\nb: 2\n';
  assert.equal(apply(e, insertPath(yaml(e), ['trainer', 'precision'], 'bf16-mixed')), 'a: 1\ntrainer:\n  precision: bf16-mixed\nb: 2\n');
});

test('replaceCommentedKey puts the live key under the comment, only at the map indentation', () => {
  const t = 'trainer:\n  devices: 1\n  # precision: 16\n# precision: 32\nmodel: 1\n';
  const r = yaml(t);
  assert.equal(apply(t, replaceCommentedKey(r.get('trainer')!, 'precision', 'bf16-mixed')), 'trainer:\n  devices: 1\n  # precision: 16\n  precision: bf16-mixed\n# precision: 32\nmodel: 1\n');
  const s = 'msg: |\n  # precision: 16\nother: 1\n';
  assert.equal(replaceCommentedKey(yaml(s), 'precision', 'x'), undefined, 'text inside a block scalar is not a comment');
});

test('appendItem: block sequences keep their dash column; flow sequences get `, item`', () => {
  const t = 'callbacks:\n- class_path: A\n  init_args: {}\nenvs: [a]\n';
  const r = yaml(t);
  assert.equal(apply(t, appendItem(r.get('callbacks')!, { class_path: 'B', init_args: { save_last: true } })), 'callbacks:\n- class_path: A\n  init_args: {}\n- class_path: B\n  init_args:\n    save_last: true\nenvs: [a]\n');
  assert.equal(apply(t, appendItem(r.get('envs')!, raw('${1:x}'))), 'callbacks:\n- class_path: A\n  init_args: {}\nenvs: [a, ${1:x}]\n');
});

test('JSON: a property on a one-line object stays on that line; nested paths are created with tabs', () => {
  const t = '{\n\t"a": {"x": 1},\n\t"b": 2\n}\n';
  const root = parseJson(t).root!;
  assert.equal(apply(t, insertJsonProperty(root.get('a')!, 'y', true)), '{\n\t"a": {"x": 1, "y": true},\n\t"b": 2\n}\n');
  assert.equal(apply(t, setJsonPath(root, ['c', 'enabled'], true)), '{\n\t"a": {"x": 1},\n\t"b": 2,\n\t"c": {\n\t\t"enabled": true\n\t}\n}\n');
});

test('JSON: a comment after the last property stays on its line', () => {
  const t = '{\n  "a": 1 // one\n}\n';
  assert.equal(apply(t, insertJsonProperty(parseJson(t).root!, 'b', 2)), '{\n  "a": 1, // one\n  "b": 2\n}\n');
});

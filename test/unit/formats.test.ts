import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseSource } from '../../server/src/engine/source';
import { LineIndex } from '../../server/src/engine/formats/lineIndex';

test('LineIndex maps offsets both ways, CRLF included', () => {
  const li = new LineIndex('ab\r\ncd\nef');
  assert.deepEqual(li.position(4), { line: 1, character: 0 });
  assert.equal(li.offset({ line: 2, character: 1 }), 8);
  assert.equal(li.lineText(0), 'ab');
});

test('YAML: ranges of key/value pairs', async () => {
  const doc = await parseSource('yaml', 'a: 1\nbf16: false # no\n');
  assert.equal(doc.format, 'yaml');
  if (doc.format !== 'yaml') return;
  const n = doc.docs[0].get('bf16')!;
  assert.equal(n.bool(), false);
  assert.deepEqual(n.range(), { start: { line: 1, character: 0 }, end: { line: 1, character: 11 } });
});

test('JSON with comments and trailing commas parses', async () => {
  const doc = await parseSource('json', '{\n  // c\n  "fp16": {"enabled": true,},\n}');
  if (doc.format !== 'json') throw new Error('format');
  assert.equal(doc.root!.get('fp16', 'enabled')!.bool(), true);
  assert.equal(doc.root!.get('fp16', 'enabled')!.range().start.line, 2);
});

test('Python: tree-sitter ranges are in UTF-16 units', async () => {
  const doc = await parseSource('python', "s = 'é😀'\nTrainer(precision=32)\n");
  if (doc.format !== 'python') throw new Error('format');
  const call = doc.root.child(1)!;
  assert.deepEqual(doc.rangeOf(call).start, { line: 1, character: 0 });
  assert.equal(doc.textOf(call), 'Trainer(precision=32)');
  doc.dispose();
});

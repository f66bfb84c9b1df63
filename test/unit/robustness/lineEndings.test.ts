// Regression (fuzz, seed 20240611, `line-endings` on torchtune/lora-fp32-csv.yaml): YAML keeps a
// lone `\r` before the end of the text (or before `\r\n`) inside a plain scalar, so `dtype: fp32\r`
// gave the bf16 fix a range ending past the last character of its line. Positions now stop at the
// end of the line's content, whatever line terminator follows.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { describe, it } from 'node:test';
import { LineIndex } from '../../../server/src/engine/formats/lineIndex';
import { analyzeText, fixturePath } from '../../helpers';
import { checkFixes } from './fixCheck';

const LF = fs.readFileSync(fixturePath('torchtune/lora-fp32-csv.yaml'), 'utf8');

describe('fix ranges with CR line endings', () => {
  it('LineIndex: an offset inside a line break is the end of that line', () => {
    const li = new LineIndex('ab\r\ncd\r');
    assert.deepEqual(li.position(3), { line: 0, character: 2 }, 'between \\r and \\n');
    assert.deepEqual(li.position(4), { line: 1, character: 0 });
    assert.deepEqual(li.position(7), { line: 1, character: 2 }, 'after a final \\r');
    assert.deepEqual(li.range(0, 8), { start: { line: 0, character: 0 }, end: { line: 1, character: 2 } });
  });

  const variants: [string, string][] = [
    ['CRLF throughout', LF.replace(/\n/g, '\r\n')],
    ['CRLF, the last line ending in a lone \\r', LF.replace(/\n/g, '\r\n').replace(/\r\n$/, '\r')],
    ['LF, the last line ending in a lone \\r (the fuzz case)', LF.replace(/\n$/, '\r')],
  ];
  for (const [name, text] of variants) {
    it(`${name}: every fix stays in the text, and the bf16 fix applied clears the finding`, async () => {
      const r = await analyzeText('lora-fp32-csv.yaml', text);
      const fp32 = r.findings.find((f) => f.rule === 'fp32-training');
      assert.ok(fp32, `fp32-training found: ${r.findings.map((f) => f.rule).join(', ')}`);
      const { problems, fixes } = checkFixes(text, r.findings);
      assert.ok(fixes > 0);
      assert.deepEqual(problems, []);
      const bf16 = fp32.fixes?.find((f) => /bf16/.test(f.title));
      assert.ok(bf16, (fp32.fixes ?? []).map((f) => f.title).join(' | '));
      const fixed = checkFixes(text, [{ ...fp32, fixes: [bf16] }]).fixedTexts[0];
      assert.match(fixed, /\ndtype: bf16\r?\r?\n?$/);
      assert.equal(fixed.replace(/dtype: bf16/, 'dtype: fp32'), text, 'only the value changed; line endings kept');
      const again = await analyzeText('lora-fp32-csv.yaml', fixed);
      assert.deepEqual(again.parseErrors, []);
      assert.ok(!again.findings.some((f) => f.rule === 'fp32-training'), 'finding gone after the fix');
    });
  }
});

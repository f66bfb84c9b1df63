// The fuzz's fix check must itself catch a fix that reaches outside its ranges.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Fix } from '../../../server/src/engine/types';
import { checkFix } from './fixCheck';

const TEXT = 'a: 1\r\nbf16: false\nc: 3\n';
const at = (line: number, character: number) => ({ line, character });

describe('fix check used by the fuzz', () => {
  it('accepts a fix that edits only its range, and returns the fixed text', () => {
    const fix: Fix = { title: 'bf16', safe: true, edits: [{ range: { start: at(1, 6), end: at(1, 11) }, newText: 'true' }] };
    assert.deepEqual(checkFix(TEXT, fix), { problems: [], fixed: 'a: 1\r\nbf16: true\nc: 3\n' });
  });

  it('flags a range past the end of its line (it would eat the CR or the next line)', () => {
    const fix: Fix = { title: 'long', safe: true, edits: [{ range: { start: at(0, 3), end: at(0, 6) }, newText: '2' }] };
    assert.match(checkFix(TEXT, fix).problems.join(), /end 0:6 is outside the text/);
  });

  it('flags overlapping edits and a line beyond the file', () => {
    const overlap: Fix = {
      title: 'overlap',
      safe: true,
      edits: [
        { range: { start: at(1, 0), end: at(1, 8) }, newText: 'x' },
        { range: { start: at(1, 6), end: at(1, 11) }, newText: 'y' },
      ],
    };
    assert.match(checkFix(TEXT, overlap).problems.join(), /overlap/);
    const beyond: Fix = { title: 'beyond', safe: true, edits: [{ range: { start: at(9, 0), end: at(9, 0) }, newText: 'z' }] };
    assert.match(checkFix(TEXT, beyond).problems.join(), /start 9:0 is outside/);
  });
});

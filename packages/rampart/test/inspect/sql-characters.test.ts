// The SQL tokenizer's character classes are tables built by ranges at load time, and the same classes are written
// again as regular expressions for native scans of long runs: the two must agree on every UTF-16 unit, or a long
// word would end at a different place than a short one.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSpace, isWordChar, SPACES, WORD_REST } from '../../src/inspect/sql/characters.js';

function matchesWhole(pattern: RegExp, c: number): boolean {
  pattern.lastIndex = 0;
  return pattern.test(String.fromCharCode(c)) && pattern.lastIndex === 1;
}

describe('SQL character classes', () => {
  it('agree with the native scans on every UTF-16 unit', () => {
    for (let c = 0; c < 0x10000; c++) {
      assert.equal(isWordChar(c), matchesWhole(WORD_REST, c), `word U+${c.toString(16)}`);
      assert.equal(isSpace(c), matchesWhole(SPACES, c) || c === 0xfffd, `space U+${c.toString(16)}`);
    }
  });

  it('make letters of any script word characters, and punctuation of any width separators', () => {
    for (const c of 'aZ09_$é中ｂ＄＿０') assert.equal(isWordChar(c.charCodeAt(0)), true, c);
    for (const c of '\'"-/ \u00a0\u2019\u2014\u3000\u3002\uff07\uff0c\ufffd') {
      assert.equal(isWordChar(c.charCodeAt(0)), false, c);
    }
  });
});

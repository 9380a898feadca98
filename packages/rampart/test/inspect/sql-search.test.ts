// Long two-byte values are searched by regular expressions rather than `indexOf`, whose search for `-` in 中文 text
// stops at every 中 (U+4E2D holds the byte 0x2D): the two kinds of search must find the same thing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { find, NEEDLES, needsUnitSearch } from '../../src/inspect/sql/search.js';

describe('SQL value searches', () => {
  it('search unit by unit only long values with a character above U+00FF', () => {
    assert.equal(needsUnitSearch('中'.repeat(100)), false);
    assert.equal(needsUnitSearch('a'.repeat(5000)), false);
    assert.equal(needsUnitSearch('é'.repeat(5000)), false);
    assert.equal(needsUnitSearch(`${'a'.repeat(5000)}中`), true);
  });

  it('find what indexOf finds, from any offset (property)', () => {
    const unit = fc.constantFrom(
      "'",
      '"',
      '`',
      '\\',
      '\n',
      '(',
      '%',
      '*',
      '/',
      '*/',
      'a',
      ' ',
      '中',
      '\u2727',
      '\uff27',
    );
    fc.assert(
      fc.property(
        fc.array(unit, { maxLength: 40 }),
        fc.constantFrom(...Object.values(NEEDLES)),
        fc.integer({ min: -2, max: 50 }),
        (units, needle, from) => {
          const value = units.join('');
          const expected = value.indexOf(needle.text, from);
          return (
            find(value, needle, from, true) === expected && find(value, needle, from, false) === expected
          );
        },
      ),
      { numRuns: 5000 },
    );
  });
});

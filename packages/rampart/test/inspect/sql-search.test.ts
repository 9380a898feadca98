// A long two-byte value is searched in its one-byte shadow (`search.ts`): every search of the detector must find the
// same offsets there as `indexOf` and the detector's patterns find in the value itself.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isWordChar, WIDE_WORD_CLASS } from '../../src/inspect/sql/characters.js';
import {
  find,
  firstDecodableWide,
  forgetSearchTexts,
  holdsWide,
  NEEDLES,
  noteSearchText,
  searchableSlice,
  searchTextOf,
  shadowCode,
  shadowKind,
  WideKinds,
  wideKinds,
} from '../../src/inspect/sql/search.js';
import { firstTrigger, forgetSearches } from '../../src/inspect/sql/unread-search.js';

/** Past the length up to which a value is its own search text. */
const PADDING = 'x'.repeat(4100);

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
  '-',
  'a',
  ' ',
  '\u00a0',
  '\u00ff',
  '中',
  '。',
  '\u2027',
  '\u2727',
  '\u3000',
  '\uff07',
  '\uff27',
  '\ufffd',
  '😀',
);

describe('SQL value searches', () => {
  it('shadow only long values with a character above U+00FF', () => {
    forgetSearchTexts();
    for (const value of ['中'.repeat(100), 'a'.repeat(5000), 'é'.repeat(5000)]) {
      assert.equal(searchTextOf(value), value);
    }
    const wide = `${'a'.repeat(5000)}中`;
    const text = searchTextOf(wide);
    assert.notEqual(text, wide);
    assert.equal(text.length, wide.length);
    assert.equal(holdsWide(wide), true);
    assert.equal(/[^\0-\xff]/.test(text), false, 'the shadow is one byte per character');
    forgetSearchTexts();
  });

  it('tell the wide kinds a long value holds', () => {
    forgetSearchTexts();
    assert.equal(wideKinds(`${PADDING}中`), WideKinds.other);
    assert.equal(wideKinds(`${PADDING}\u3000`), WideKinds.ideographicSpace);
    assert.equal(wideKinds(`${PADDING}ａ`), WideKinds.fullwidth);
    assert.equal(wideKinds(`${PADDING}＇`), WideKinds.fullwidth | WideKinds.fullwidthQuote);
    forgetSearchTexts();
  });

  it('find in the shadow what indexOf finds in the value, from any offset (property)', () => {
    fc.assert(
      fc.property(
        fc.array(unit, { maxLength: 40 }),
        fc.constantFrom(...Object.values(NEEDLES)),
        fc.integer({ min: -2, max: 4200 }),
        (units, needle, from) => {
          forgetSearchTexts();
          const value = `${PADDING}${units.join('')}中`;
          return find(searchTextOf(value), needle, from) === value.indexOf(needle.text, from);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('keep word characters and the others apart, as the patterns that run in the shadow tell them (property)', () => {
    const breaks = new RegExp(`[^0-9A-Za-z_$${WIDE_WORD_CLASS}]`, 'g');
    const offsets = (text: string): number[] => [...text.matchAll(breaks)].map((match) => match.index);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 64 }), (codes) => {
        forgetSearchTexts();
        const value = `${PADDING}${String.fromCharCode(...codes)}中`;
        const text = searchTextOf(value);
        for (let i = PADDING.length; i < value.length; i++) {
          if (isWordChar(text.charCodeAt(i)) !== isWordChar(value.charCodeAt(i))) return false;
          // Everything up to U+00FF is itself.
          if (value.charCodeAt(i) <= 0xff && text.charCodeAt(i) !== value.charCodeAt(i)) return false;
        }
        return offsets(text).join() === offsets(value).join();
      }),
      { numRuns: 3000 },
    );
  });

  it('shadow every unit as the table says, however far apart the wide ones are (property)', () => {
    // Runs of narrow units up to a few KiB between wide ones: the shadow's loop narrows the long ones natively.
    const piece = fc.tuple(fc.constantFrom('a', ' ', '\u00ff', "'", '1,'), fc.nat(5000), unit);
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 12 }), (pieces) => {
        forgetSearchTexts();
        const value = `${PADDING}${pieces.map(([run, n, wide]) => run.repeat(n) + wide).join('')}中`;
        const text = searchTextOf(value);
        let kinds = 0;
        let decodable = -1;
        for (let i = 0; i < value.length; i++) {
          const c = value.charCodeAt(i);
          if (text.charCodeAt(i) !== shadowCode(c)) return false;
          kinds |= shadowKind(c);
          if (decodable === -1 && (shadowKind(c) & WideKinds.decodable) !== 0) decodable = i;
        }
        const first = firstDecodableWide(value);
        const firstOk = decodable === -1 ? first === -1 : first <= decodable && first > decodable - 4;
        return text.length === value.length && wideKinds(value) === kinds && firstOk;
      }),
      { numRuns: 300 },
    );
    forgetSearchTexts();
  });

  it('answer a search of a decoding as a fresh search would, after searching the value it was decoded from (property)', () => {
    // A value and its decoding share their text up to the first escape decoded; the word searches of the second
    // reuse those of the first there. Whatever was searched first, from wherever, the answer must not change.
    const run = fc.constantFrom(
      'a%u',
      'ab',
      '1',
      '.',
      '+',
      '-',
      'e5',
      '0x1F',
      '$',
      '_',
      ',',
      ' ',
      '%2E',
      'ÿ',
    );
    const word = fc.constantFrom('union', 'or', 'select', 'sleep', 'xp_cmdshell', 'not');
    const piece = fc.oneof(run, word);
    const text = fc.array(piece, { minLength: 1, maxLength: 12 }).map((pieces) => pieces.join(''));
    const offset = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(
      fc.property(
        fc.tuple(text, fc.nat(3000), text),
        text,
        text,
        fc.tuple(offset, offset, fc.boolean()),
        ([head, fill, end], tail, changed, [at1, at2, quoted]) => {
          // The shared part ends in a few pieces of any kind, so that matches begin on either side of where it ends.
          const before = `${head}${'a%u'.repeat(1400 + fill)}${end}`;
          const value = `${before}${tail}`;
          const decoded = `${before}${changed}`;
          // Searches begin anywhere, most near the end of the shared part, where the two texts part.
          const near = (at: number): number =>
            at < 0.25
              ? Math.floor(at * 4 * before.length)
              : before.length - 80 + Math.floor((at - 0.25) * 160);
          const [from1, from2] = [near(at1), near(at2)];
          forgetSearchTexts();
          forgetSearches();
          const fresh = firstTrigger(decoded, from2, quoted);
          forgetSearchTexts();
          forgetSearches();
          searchTextOf(value);
          noteSearchText(decoded, decoded, 0, -1, { value, shared: before.length });
          firstTrigger(value, from1, quoted);
          const recalled = firstTrigger(decoded, from2, quoted);
          forgetSearchTexts();
          forgetSearches();
          return recalled === fresh;
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('search a slice of a long value in the same slice of its shadow', () => {
    forgetSearchTexts();
    const value = `${PADDING}中'${PADDING}中`;
    const part = searchableSlice(value, 10);
    assert.equal(part, value.slice(10));
    assert.equal(searchTextOf(part), searchTextOf(value).slice(10));
    assert.equal(find(searchTextOf(part), NEEDLES.singleQuote, 0), part.indexOf("'"));
    forgetSearchTexts();
  });
});

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
import {
  firstEncodedTrigger,
  firstTrigger,
  firstWordBy,
  forgetSearches,
  RECALLED_PATTERNS,
  readsBefore,
  sameBefore,
  wordsFirst,
} from '../../src/inspect/sql/unread-search.js';

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

/** Forgets every search text and search, as the end of a detector's call does. */
function forgetAll(): void {
  forgetSearchTexts();
  forgetSearches();
}

/**
 * Notes `decoded` as the decoding of the long `value`, as `normalize.ts` does: the two begin with the same `shared`
 * characters and end with the same `rest` characters.
 */
function noteDecoding(value: string, decoded: string, shared: number, rest: number): void {
  searchTextOf(value);
  noteSearchText(decoded, decoded, 0, -1, {
    value,
    shared,
    suffixFrom: decoded.length - rest,
    sourceSuffixFrom: value.length - rest,
  });
}

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
    // A value and its decoding share their text up to the first escape decoded and after the last one; the word
    // searches of the second reuse those of the first there. Whatever was searched first, from wherever, and
    // whichever of the two came first, the answer must not change.
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
      '%',
      '%2',
      'ef',
      'cd',
    );
    const word = fc.constantFrom('union', 'or', 'select', 'sleep', 'xp_cmdshell', 'not');
    const piece = fc.oneof(run, word);
    const text = fc.array(piece, { minLength: 1, maxLength: 12 }).map((pieces) => pieces.join(''));
    const offset = fc.double({ min: 0, max: 1, noNaN: true });
    fc.assert(
      fc.property(
        fc.tuple(text, fc.nat(3000), text),
        fc.tuple(text, text, fc.constantFrom('', 'a%u', 'ab'), fc.nat(2000), text),
        fc.tuple(offset, offset, fc.boolean(), fc.boolean(), fc.boolean()),
        (
          [head, fill, end],
          [tail, changed, after, afterFill, last],
          [at1, at2, quoted, sourceFirst, encoded],
        ) => {
          // The shared beginning ends in a few pieces of any kind, and so does the shared end begin, so that
          // matches begin on either side of where the texts part and meet again.
          const before = `${head}${'a%u'.repeat(1400 + fill)}${end}`;
          const rest = `${after.repeat(afterFill)}${last}`;
          const value = `${before}${tail}${rest}`;
          const decoded = `${before}${changed}${rest}`;
          // Searches begin anywhere, most near where the two texts part or meet again.
          const near = (at: number, length: number): number => {
            if (at < 0.2) return Math.floor(at * 5 * length);
            const edge = at < 0.6 ? before.length : length - rest.length;
            return edge - 80 + Math.floor(((at < 0.6 ? at - 0.2 : at - 0.6) / 0.4) * 160);
          };
          const [first, second] = sourceFirst ? [value, decoded] : [decoded, value];
          const from1 = near(at1, first.length);
          const from2 = near(at2, second.length);
          // Text not yet decoded is searched with patterns that look behind (`%2` before hex letters).
          const trigger = encoded ? firstEncodedTrigger : firstTrigger;
          forgetAll();
          const expected = trigger(second, from2, quoted);
          forgetAll();
          noteDecoding(value, decoded, before.length, rest.length);
          trigger(first, from1, quoted);
          const recalled = trigger(second, from2, quoted);
          forgetAll();
          return recalled === expected;
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('find the first match of a lexicon word from the character before the offset, by either search (property)', () => {
    // Numbers glued to words (`,1.5e+5select`, `0xdesc`, `.E-.md5`) begin before the run of word characters the
    // word is in; the search must start before them, whichever search found the word. It answers at the break
    // right before that run, where a fresh reading begins.
    const { WORD } = RECALLED_PATTERNS;
    const wordAt = new RegExp(WORD.source, 'y');
    const breakBeforeRun = (value: string, at: number): number => {
      wordAt.lastIndex = at;
      let start = at + (wordAt.exec(value)?.[0].length ?? 0);
      while (start - 1 > at && isWordChar(value.charCodeAt(start - 1))) start--;
      return start - 1;
    };
    const piece = fc.constantFrom(
      'union',
      'or',
      'select',
      'md5',
      'desc',
      'selec',
      ' ',
      ',',
      '.',
      '..',
      '+',
      '-',
      'e',
      'E',
      'e+',
      '1e-',
      '1',
      '5',
      '0x',
      '0b',
      'd',
      'f',
      'ab',
      'x',
      '_',
      '$',
      '%2E',
      '%41',
      '%',
      '中',
      '1.5e+5',
    );
    const text = fc.array(piece, { maxLength: 30 }).map((pieces) => pieces.join(''));
    fc.assert(
      fc.property(
        text,
        fc.constantFrom('', 'x'.repeat(4200), '1,'.repeat(2100)),
        fc.constantFrom('', 'ab.'.repeat(1400)),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (middle, before, after, at) => {
          const value = `${before}${middle}${after}`;
          const from = Math.floor(at * value.length);
          // A break before the text stands for its start, where a word needs none.
          WORD.lastIndex = from === 0 ? 0 : from;
          const match = WORD.exec(` ${value}`);
          WORD.lastIndex = 0;
          const expected =
            match === null ? -1 : match.index === 0 ? 0 : breakBeforeRun(value, match.index - 1);
          const answers = [true, false].map((anywhereFirst) => {
            forgetAll();
            return firstWordBy(value, from, anywhereFirst);
          });
          forgetAll();
          return answers[0] === expected && answers[1] === expected;
        },
      ),
      { numRuns: 4000 },
    );
  });

  it('answer a search of a text searched before as a fresh search would (property)', () => {
    // The readings of a value search its rest again from other offsets: the last answer is reused where it holds,
    // and a search from before the last offset stops near it, where a word may run on past the cut: `or` ends
    // there, `1` follows it (a reviewer's case).
    const cut = `${' 1'.repeat(3000)} 1or1`;
    forgetAll();
    assert.equal(firstTrigger(cut, cut.length - 65, false), -1);
    assert.equal(firstTrigger(cut, cut.length - 200, false), -1);
    forgetAll();
    const piece = fc.constantFrom(
      'union',
      'or',
      'select',
      ' ',
      ',',
      '.',
      '1',
      '1e+5',
      'x',
      'ab',
      '%2E',
      '#',
      '--',
    );
    const text = fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join(''));
    fc.assert(
      fc.property(
        text,
        fc.constantFrom(' 1'.repeat(2100), 'x'.repeat(4200)),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (middle, padding, at1, at2) => {
          const value = `${padding}${middle}${padding}`;
          const near = (at: number): number => padding.length - 100 + Math.floor(at * (middle.length + 200));
          forgetAll();
          const expected = firstTrigger(value, near(at2), false);
          forgetAll();
          firstTrigger(value, near(at1), false);
          const answer = firstTrigger(value, near(at2), false);
          forgetAll();
          return answer === expected;
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('choose the lexicon search by the make-up of all the text it may run through', () => {
    // `-E-` holds a letter in three characters, which begins no word: a search for words anywhere skips it. Nine
    // characters of `abcdefgh.` hold one break, where a search for words after a break tries.
    const breaks = '-E-'.repeat(330_000);
    const letters = 'abcdefgh.'.repeat(11_000);
    // Each call of the detector draws where the sample's runs lie: the choice must hold for every draw.
    for (let call = 0; call < 8; call++) {
      forgetSearches();
      assert.equal(wordsFirst(breaks, 0), true);
      assert.equal(wordsFirst(letters, 0), false);
      // The first 100 KB of a mebibyte say the opposite of the rest, which decides.
      assert.equal(wordsFirst(`${letters}${breaks}`, 0), true);
      assert.equal(wordsFirst(`${'-E-'.repeat(33_000)}${letters.repeat(10)}`, 0), false);
      // Only what lies after where the search begins counts, all of it when it is short.
      assert.equal(wordsFirst(`${breaks}${letters}`, breaks.length), false);
      assert.equal(wordsFirst(`${letters}${'-E-'.repeat(300)}`, letters.length), true);
      // A letter weighs more where a word of the lexicon begins: by letters and breaks alone, seven letters to two
      // breaks chose the search for words anywhere, which tries `select` deep at each `s` (5 ms a mebibyte, 3.7
      // ms the other way).
      assert.equal(wordsFirst('x%+select'.repeat(120_000), 0), false);
    }
    forgetSearches();
  });

  it('look behind into what a decoding changed when a search of its shared end is reused', () => {
    // In text not yet decoded, `ca` after `%` is the hex digits of an escape, not a pair of letters; after `.` it is,
    // and begins `case`. The value and its decoding share everything but that one character: the decoding's search
    // for the first pair of letters must not take the value's answer (the `as` after it) for its own.
    const before = '1,'.repeat(2600);
    const after = `case,${'1,'.repeat(100)}`;
    const value = `${before}%${after}`;
    const decoded = `${before}.${after}`;
    forgetAll();
    const expected = firstEncodedTrigger(decoded, 0, false);
    assert.ok(expected >= before.length - 1, 'a fresh search finds the word after the dot');
    forgetAll();
    noteDecoding(value, decoded, before.length, after.length);
    firstEncodedTrigger(value, 0, false);
    assert.equal(firstEncodedTrigger(decoded, 0, false), expected);
    forgetAll();
  });

  it('bound what a try of a lexicon word pattern reads, as the reuse of searches assumes (property)', () => {
    // Each try is run alone (sticky) in two texts that agree only where the bound says it reads. The texts part
    // after a number and before a word, where a try that reads too far matches in one and not in the other.
    const numeric = fc.constantFrom(
      '0x',
      '0b',
      '0',
      '1',
      '9',
      '.',
      'e',
      'E',
      '+',
      '-',
      'd',
      'f',
      'a',
      'c',
      'x',
      'b',
    );
    const other = fc.constantFrom(
      'union',
      'or',
      'select',
      'sleep',
      'xp_cmdshell',
      ' ',
      ',',
      '%2E',
      '%41',
      '$',
    );
    const pieces = (unit: fc.Arbitrary<string>, maxLength: number) =>
      fc.array(unit, { maxLength }).map((parts) => parts.join(''));
    const words = fc.constantFrom('union', 'or', 'select', 'sleep', 'xp_cmdshell', 'not');
    const breaks = fc.constantFrom(',', ' ', '(', '-', '.');
    const tryAt = (sticky: RegExp, value: string, at: number): string => {
      sticky.lastIndex = at;
      const match = sticky.exec(value);
      return match === null ? '' : match[0];
    };
    for (const pattern of Object.values(RECALLED_PATTERNS)) {
      const sticky = new RegExp(pattern.source, 'y');
      fc.assert(
        fc.property(
          pieces(fc.oneof(numeric, other), 30),
          fc.oneof(
            pieces(numeric, 40),
            // Numbers long enough to run from a try before the bound to where the texts part, after a break.
            fc
              .tuple(breaks, fc.nat(60), fc.nat(40), fc.constantFrom('', 'e+5', 'E-12', 'd', 'f'))
              .map(
                ([stop, whole, fraction, tail]) =>
                  `${stop}${'7'.repeat(whole)}.${'3'.repeat(fraction)}${tail}`,
              ),
            fc.tuple(breaks, fc.nat(60)).map(([stop, n]) => `${stop}0x${'aF0'.repeat(n).slice(0, n)}`),
            fc.tuple(breaks, fc.nat(60)).map(([stop, n]) => `${stop}0b${'10'.repeat(n).slice(0, n)}`),
          ),
          fc.tuple(words, pieces(fc.oneof(breaks, numeric, other), 10)),
          fc.tuple(breaks, pieces(fc.oneof(numeric, other), 10)),
          (head, number, [word, rest], [stop, otherRest]) => {
            const start = `${head}${number}`;
            const value = `${start}${word}${rest}`;
            const shared = start.length;
            // sameBefore: tries before it fare alike in two texts that share `shared` characters.
            const before = sameBefore(pattern, value, shared);
            const twin = `${start}${stop}${otherRest}`;
            for (let at = Math.max(0, before - 80); at < before; at++) {
              if (tryAt(sticky, value, at) !== tryAt(sticky, twin, at)) return false;
            }
            // readsBefore: tries before an offset fare alike in the text and in the text cut where it says.
            for (const offset of [shared - 2, shared, shared + 2]) {
              const reads = readsBefore(pattern, value, offset, value.length);
              const cut = value.slice(0, reads);
              for (let at = Math.max(0, offset - 80); at < offset; at++) {
                if (tryAt(sticky, value, at) !== tryAt(sticky, cut, at)) return false;
              }
            }
            return true;
          },
        ),
        { numRuns: 3000 },
      );
    }
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

/**
 * Needles that cannot start a rule, ruled out before any rule runs: escapes that decode to harmless punctuation
 * (`%27`, `&#39;`), `&` that begins no reference (`&page=`), `\` that begins no JavaScript escape, and a `+` not
 * before `A`. Encoded text is dense with them, so each costs a table lookup or two, not a call chain.
 */

import { budget, READ_SHIFT } from './budget.js';
import {
  AMPERSAND,
  BACKSLASH,
  COLON,
  EQUALS,
  HASH,
  hexValue,
  isDigit,
  isLetter,
  LEFT_BRACE,
  LESS_THAN,
  PERCENT,
  PLUS,
  SEMICOLON,
} from './chars.js';
import { readEnd, readReference } from './entities.js';
import { completesBoundary, isBoundaryCode } from './escaped-boundaries.js';
import { gluesToName } from './escaped-names.js';
import { opensRuleAt } from './escapes.js';

/** Budget units of a needle's search and first question (see `needles.ts` for the other charges). */
export const NEEDLE_UNITS = 1;

/**
 * Code points below 0x80 an escape may decode to without changing what any rule reads: punctuation and digits
 * that fill ordinary encoded text (`%2C`, `&#46;`, `%3B`). Letters, controls, the characters rules start at (`<`,
 * `(`, backtick, `\`) and those {@link decodesToCandidate} judges by their neighbours (`+`, `:`, `=`, `%`, `&`, and
 * space, quotes and `/`, which a rule reads beside a name or an operator) are not: the full check runs for them. A
 * table lookup rules out a dense run of escapes (`%2C%2C...`) at a few nanoseconds each.
 */
const QUIET = new Uint8Array(0x100);
for (let c = 0x21; c < 0x80; c++) QUIET[c] = isLetter(c) ? 0 : 1;
for (const c of '<(`\\+:=%&"\'/[') QUIET[c.charCodeAt(0)] = 0;

/** The high and low hexadecimal digit values of every code unit: their sum is a `%XX` byte, negative if either is none. */
const HEX_HIGH = new Int16Array(0x10000).fill(-0x400);
const HEX_LOW = new Int16Array(0x10000).fill(-0x400);
for (let c = 0; c < 0x80; c++) {
  const digit = hexValue(c);
  if (digit >= 0) {
    HEX_HIGH[c] = digit * 16;
    HEX_LOW[c] = digit;
  }
}

/** 1 for the code units after which a quiet escape may glue to a name (see {@link gluesToName}): letters, space, tab. */
const NAME_NEXT = new Uint8Array(0x10000);
for (let c = 0; c < 0x80; c++) NAME_NEXT[c] = isLetter(c) || c === 0x20 || c === 0x09 ? 1 : 0;

/**
 * True when the `%XX` at `at` (three units at least before the value's end) is of a {@link QUIET} byte before
 * neither a letter nor a space (`%2C%20`, `%3B1`): the escape changes nothing, told with three table lookups.
 * Encoded text is dense with such escapes; the `%` pass asks this before {@link quietPercent}, at a third of its
 * cost.
 */
export function isPlainPercent(codes: Uint16Array, at: number): boolean {
  const byte = (HEX_HIGH[codes[at + 1] as number] as number) + (HEX_LOW[codes[at + 2] as number] as number);
  return byte >= 0 && QUIET[byte] === 1 && NAME_NEXT[codes[at + 3] as number] === 0;
}

/** Hexadecimal digit values of ASCII code units, -1 for others. */
const HEX = new Int8Array(0x80).fill(-1);
for (let c = 0; c < 0x80; c++) HEX[c] = hexValue(c);

function hexAt(codes: Uint16Array, at: number): number {
  const c = codes[at] as number;
  return c < 0x80 ? (HEX[c] as number) : -1;
}

/**
 * Bytes after which an escaped space, quote or slash completes no rule (see `escaped-boundaries.ts`), when the
 * escape is no first property after a `[`: all but spaces, the operators, `)]}`, `(`, backtick, `=`, `[`, `.`
 * and non-ASCII. A letter's escape is a candidate of its own.
 */
const INERT_AFTER = new Uint8Array(0x80);
for (let c = 0x21; c < 0x80; c++) INERT_AFTER[c] = ';+-*,|&)]}(`=[.'.includes(String.fromCharCode(c)) ? 0 : 1;

/**
 * Units of a word read inline after an escaped space, quote or slash before {@link completesBoundary} is asked: far
 * fewer than the window the escape after the word opens reads before it (see `windows.ts`).
 */
const INLINE_WORD_UNITS = 32;

/** 1 for the units of a word read inline: letters, digits, `.`, `-`, `_` (`example.com`, `user-name`). */
const WORD_UNITS = new Uint8Array(0x10000);
for (let c = 0; c < 0x80; c++)
  WORD_UNITS[c] = isLetter(c) || isDigit(c) || c === 0x2e || c === 0x2d || c === 0x5f ? 1 : 0;

/**
 * True when the `%XX` of a space, quote or slash at `at` is followed by what completes no rule, told inline: another
 * escape of an {@link INERT_AFTER} byte (`%22%3A`, `%27%27` in encoded JSON), or a word of prose, a host name or a
 * path segment ended by another escape or a `&` or `+` (`%20word%20`, `x%22y%22`, `%2Fexample.com%2F`): a rule
 * that word could complete needs what follows it, the next escape, which is judged on its own and whose window
 * would hold this one. Encoded text is dense with both; anything else is judged by {@link completesBoundary}.
 */
function inertBoundary(codes: Uint16Array, at: number, length: number): boolean {
  const before = at > 0 ? (codes[at - 1] as number) : 0;
  if (before === 0x5b || before <= 0x20) return false;
  const next = codes[at + 3] ?? 0;
  if (next === PERCENT) {
    const high = hexAt(codes, at + 4);
    const low = hexAt(codes, at + 5);
    return high >= 0 && low >= 0 && INERT_AFTER[high * 16 + low] === 1;
  }
  // A quote before a word is judged as a space is (`completesBoundary` reads the word the same way): `x%22y%22` in
  // encoded JSON is told here.
  if (!isLetter(next) || (next | 0x20) === 0x6f) return false;
  const limit = Math.min(length, at + 3 + INLINE_WORD_UNITS);
  let i = at + 4;
  while (i < limit && WORD_UNITS[codes[i] as number] === 1) i++;
  budget.left -= (i - at - 3) >> READ_SHIFT;
  return i < limit && (codes[i] === PERCENT || codes[i] === AMPERSAND || codes[i] === PLUS);
}

/** True when `code` is a code point {@link QUIET} rules out. */
export function isQuiet(code: number): boolean {
  return code < 0x80 && QUIET[code] === 1;
}

/**
 * True when the escape `codes[at..after)` of `code` (not a space, quote or slash) changes nothing a rule reads: a
 * {@link QUIET} code point glued to no name, a `:` or `=` after no word a rule reads there (`https%3A`, `b%3D1`), a `<` that opens no tag the short reading reports (`&lt;b&gt;` in
 * HTML-escaped prose, see `escaped-tags.ts`), a `\` that starts no JavaScript escape (`%5C%22` in encoded JSON), or
 * a `&` that starts no reference (`&amp; `, `%26page%3D2`).
 */
function quietCode(codes: Uint16Array, at: number, after: number, length: number, code: number): boolean {
  const next = codes[after] ?? 0;
  if (isQuiet(code)) {
    // Most such escapes are followed by another escape or punctuation (`%2C%20`), which no name starts with.
    return NAME_NEXT[next] !== 1 || !gluesToName(codes, after, length, code);
  }
  // Each look around below costs a needle's, as timed on `%5C %5C ...`, `%26 %26 ...`, `%3A1%3A1...`; reading a
  // name or a tag's name back or ahead costs more.
  budget.left -= NEEDLE_UNITS;
  switch (code) {
    case EQUALS:
      budget.left -= NEEDLE_UNITS;
      break;
    case LESS_THAN:
      // The tag's name is read, looked up, and the unit after it decoded: `&lt;b&gt;`, as timed.
      budget.left -= 2 * NEEDLE_UNITS;
      break;
    case AMPERSAND:
      if (next === HASH || next === PERCENT || next === LEFT_BRACE) return false;
      // A second reference (`&amp;lt;`) gets the full check; a letter that starts none is a name.
      if (isLetter(next)) {
        budget.left -= NEEDLE_UNITS;
        if (!quietName(codes, after - 1, length)) return false;
      }
      break;
    case COLON:
    case BACKSLASH:
    case 0x5b /* [ */:
      break;
    default:
      // `(`, backtick, `+`, `%`: the full check.
      return false;
  }
  // Undecoded, the escape's last digits would join a name after it (`%3Dalert(1)`, `%3Aexpression(`).
  return (
    !opensRuleAt(codes, at, after, code, length) &&
    (NAME_NEXT[next] !== 1 || !gluesToName(codes, after, length, code))
  );
}

/**
 * True when the `%` at `at` is no escape, one of a {@link QUIET} byte, or one of a space, quote or slash that
 * nothing after it completes a rule with (`%20` before a word of prose). `%uXXXX` gets the full check.
 */
function quietPercent(codes: Uint16Array, at: number, length: number): boolean {
  if (at + 2 >= length) return true;
  const high = hexAt(codes, at + 1);
  const low = hexAt(codes, at + 2);
  if (high >= 0 && low >= 0) {
    const byte = high * 16 + low;
    if (isBoundaryCode(byte)) {
      // Twice a needle's cost, as timed on `%27%27...` and `%20word%20...`.
      budget.left -= NEEDLE_UNITS;
      return inertBoundary(codes, at, length) || !completesBoundary(codes, byte, at, at + 3, length);
    }
    return quietCode(codes, at, at + 3, length, byte);
  }
  // No escape (`50% off`), or the IIS `%uXXXX`: a needle's cost, as timed on `%中中%中中...`.
  budget.left -= NEEDLE_UNITS;
  return ((codes[at + 1] as number) | 0x20) !== 0x75;
}

/** Digits read inline in a numeric reference; a longer one (leading zeros) gets the full check. */
const QUICK_DIGITS = 7;

/**
 * True when the `&` at `at` starts no reference (`&&`, `& `, `&#` without digits), or one (numeric or named) that
 * {@link quietCode} rules out or of a space, quote or slash nothing after completes a rule with. `&{` gets the
 * full check.
 */
function quietReference(codes: Uint16Array, at: number, length: number): boolean {
  const next = codes[at + 1] ?? 0;
  if (next !== HASH) {
    if (!isLetter(next)) return next !== LEFT_BRACE;
    if (quietName(codes, at, length)) return true;
    // A named reference (`&quot;`, `&lt;`, `&amp;`) is judged as a numeric one of its code point, once looked up:
    // a needle's cost.
    budget.left -= NEEDLE_UNITS;
    const point = readReference(codes, at, length);
    return point < 0 || quietPoint(codes, at, readEnd, point, length);
  }
  let i = at + 2;
  const hex = ((codes[i] ?? 0) | 0x20) === 0x78;
  if (hex) i++;
  const digitsStart = i;
  const limit = Math.min(length, i + QUICK_DIGITS);
  let point = 0;
  for (; i < limit; i++) {
    const c = codes[i] as number;
    const digit = hex ? hexAt(codes, i) : c >= 0x30 && c <= 0x39 ? c - 0x30 : -1;
    if (digit < 0) break;
    point = point * (hex ? 16 : 10) + digit;
  }
  if (i === digitsStart) return true;
  if (i >= limit) return false;
  // The digits, decoded: a needle's cost, as timed on `&#46;中中中中&#46;...`.
  budget.left -= NEEDLE_UNITS;
  return quietPoint(codes, at, codes[i] === SEMICOLON ? i + 1 : i, point, length);
}

/** {@link quietReference} once the reference `codes[at..after)` is decoded to `point`. */
function quietPoint(codes: Uint16Array, at: number, after: number, point: number, length: number): boolean {
  if (isBoundaryCode(point)) {
    // Four times a needle's cost, as timed on `&#39;&#39;...`: the reference after it is decoded too.
    budget.left -= 3 * NEEDLE_UNITS;
    return !completesBoundary(codes, point, at, after, length);
  }
  return point < 0x80 && quietCode(codes, at, after, length, point);
}

/** Longest name read by `readReference`. */
const MAX_NAME_UNITS = 16;

/**
 * True when the letters after the `&` at `at` can be no reference: not ended by `;`, and not starting with a
 * legacy name a browser decodes without one (`&lt`, `&amp`, `&quot`, `&nbsp`, `&gt`). `&page=` and `&lang=` in a
 * query string are ruled out here.
 */
export function quietName(codes: Uint16Array, at: number, length: number): boolean {
  let i = at + 1;
  const limit = Math.min(length, at + 1 + MAX_NAME_UNITS);
  while (i < limit && (isLetter(codes[i] as number) || isDigit(codes[i] as number))) i++;
  budget.left -= (i - at) >> READ_SHIFT;
  if (codes[i] === SEMICOLON) return false;
  const first = codes[at + 1] as number;
  const second = codes[at + 2] ?? 0;
  switch (first) {
    case 0x6c /* l */:
    case 0x67 /* g */:
      return second !== 0x74;
    case 0x4c /* L */:
    case 0x47 /* G */:
      return second !== 0x54;
    case 0x71 /* q */:
      return second !== 0x75;
    case 0x51 /* Q */:
      return second !== 0x55;
    case 0x6e /* n */:
      return second !== 0x62;
    case 0x61 /* a */:
      return second !== 0x6d;
    case 0x41 /* A */:
      return second !== 0x4d;
    default:
      return true;
  }
}

/** True when the `\` at `at` starts no JavaScript escape the decoder reads (octal `\0` to `\377`, `\x`, `\u`). */
function quietBackslash(codes: Uint16Array, at: number): boolean {
  const next = codes[at + 1] ?? 0;
  const kind = next | 0x20;
  return (next < 0x30 || next > 0x37) && kind !== 0x78 && kind !== 0x75;
}

/**
 * True when no rule can start at the needle `needle` at `at`: an escape of a {@link QUIET} byte or no escape, a `+`
 * not followed by `A` (base64). Read before {@link checkNeedle} is called, in the needle's loop, so the dense
 * escapes of encoded text (`%20%2F`, `&#39;`) and the `+` of base64 cost a few steps each, not a call chain.
 */
export function isQuietNeedle(codes: Uint16Array, needle: number, at: number, length: number): boolean {
  switch (needle) {
    case PERCENT:
      return quietPercent(codes, at, length);
    case AMPERSAND:
      // A reference's digits or name are read ahead, up to sixteen units: twice a needle's cost, as timed on
      // `&&&...` and `&#39;&#39;...`.
      budget.left -= NEEDLE_UNITS;
      return quietReference(codes, at, length);
    case BACKSLASH:
      return quietBackslash(codes, at);
    case PLUS:
      // Twice a needle's cost, as timed on `![]+(![]+(...`, where the `+` pass runs alone; five before this check.
      budget.left -= NEEDLE_UNITS;
      return codes[at + 1] !== 0x41;
    default:
      return false;
  }
}

/** True for the needles {@link isQuietNeedle} can rule out. */
export function hasQuietCheck(needle: number): boolean {
  return needle === PERCENT || needle === AMPERSAND || needle === BACKSLASH || needle === PLUS;
}

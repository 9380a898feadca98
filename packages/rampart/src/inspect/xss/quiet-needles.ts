/**
 * Needles that cannot start a rule, ruled out before any rule runs: escapes that decode to harmless punctuation
 * (`%27`, `&#39;`), `&` that begins no reference (`&page=`), `\` that begins no JavaScript escape, and a `+` not
 * before `A`. Encoded text is dense with them, so each costs a table lookup or two, not a call chain.
 */

import { budget } from './budget.js';
import {
  AMPERSAND,
  BACKSLASH,
  HASH,
  hexValue,
  isDigit,
  isLetter,
  LEFT_BRACE,
  PERCENT,
  PLUS,
  SEMICOLON,
} from './chars.js';
import { completesBoundary, isBoundaryCode, startsNamedRule } from './escaped-boundaries.js';

/** Budget units of a needle's search and first question (see `needles.ts` for the other charges). */
export const NEEDLE_UNITS = 1;

/**
 * Code points below 0x80 an escape may decode to without changing what any rule reads: punctuation and digits
 * that fill ordinary encoded text (`%2C`, `&#46;`, `%3B`). Letters, controls, the characters rules start at (`<`,
 * `(`, backtick, `\`) and those {@link decodesToCandidate} judges by their neighbours (`+`, `:`, `=`, `%`, `&`, and
 * space, quotes and `/`, which a rule reads beside a name or an operator) are not: the full check runs for them. A
 * table lookup rules out a dense run of escapes (`%2C%2C...`) at a few nanoseconds each.
 */
const QUIET = new Uint8Array(0x80);
for (let c = 0x21; c < 0x80; c++) QUIET[c] = isLetter(c) ? 0 : 1;
for (const c of '<(`\\+:=%&"\'/') QUIET[c.charCodeAt(0)] = 0;

/** Hexadecimal digit values of ASCII code units, -1 for others. */
const HEX = new Int8Array(0x80).fill(-1);
for (let c = 0; c < 0x80; c++) HEX[c] = hexValue(c);

function hexAt(codes: Uint16Array, at: number): number {
  const c = codes[at] as number;
  return c < 0x80 ? (HEX[c] as number) : -1;
}

/** How far after a quiet escape spaces before a name are skipped. */
const NAME_SPACE_REACH = 128;

/**
 * True when a name a rule reads follows a quiet escape of `code` ending at `after`, spaces between
 * (`%3Balert(1)`, `%29 alert(1)`, `\x2Cself[`): undecoded, the escape's last digits join the name (`3Balert`) or
 * stand before it as a word (`29 alert(1)` reads as prose), so the rule at its `(` cannot see it. An escaped dot
 * (`document%2Ebody%2EinnerHTML=`, `[]&#46;sort&#46;call\``) makes the name after it a member, whatever the
 * escape ends with: the rule at the `=` or backtick reads the chain back and meets the escape. Each space run is
 * read for the one escape before it.
 */
export function gluesToName(codes: Uint16Array, after: number, length: number, code: number): boolean {
  const dot = code === 0x2e;
  if (!dot && !isAlnum(codes[after - 1] ?? 0)) return false;
  let i = after;
  // Past the window the escape would open, a name could not be read with it.
  const limit = Math.min(length, after + NAME_SPACE_REACH);
  while (i < limit && (codes[i] === 0x20 || codes[i] === 0x09)) i++;
  budget.left -= (i - after) >> 3;
  if (!isLetter(codes[i] ?? 0)) return false;
  // The name is read to its end, after a dot as a member chain: two or four needles' cost, as timed on
  // `a%29a%29...` and `a%2Ea%2E...`.
  budget.left -= (dot ? 4 : 2) * NEEDLE_UNITS;
  return startsNamedRule(codes, i, length, dot);
}

function isAlnum(code: number): boolean {
  return isLetter(code) || isDigit(code);
}

/**
 * Bytes after which an escaped space, quote or slash completes no rule (see `escaped-boundaries.ts`), when the
 * escape is no first property after a `[`: all but spaces, the operators, `)]}`, `(`, backtick, `=`, `[`, `.`
 * and non-ASCII. A letter's escape is a candidate of its own.
 */
const INERT_AFTER = new Uint8Array(0x80);
for (let c = 0x21; c < 0x80; c++) INERT_AFTER[c] = ';+-*,|&)]}(`=[.'.includes(String.fromCharCode(c)) ? 0 : 1;

/** Letters of a word read inline after an escaped space or slash before {@link completesBoundary} is asked. */
const INLINE_WORD_UNITS = 16;

/**
 * True when the `%XX` of a space, quote or slash at `at` is followed by what completes no rule, told inline: another
 * escape of an {@link INERT_AFTER} byte (`%22%3A`, `%27%27` in encoded JSON), or a word of prose ended by another
 * escape (`%20word%20`, `x%22y%22`). Encoded text is dense with both; anything else is judged by
 * {@link completesBoundary}.
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
  while (i < limit && isLetter(codes[i] as number)) i++;
  return i < limit && (codes[i] === PERCENT || codes[i] === AMPERSAND || codes[i] === PLUS);
}

/** True when `code` is a code point {@link QUIET} rules out. */
export function isQuiet(code: number): boolean {
  return code < 0x80 && QUIET[code] === 1;
}

/**
 * True when the `%` at `at` is no escape, one of a {@link QUIET} byte, or one of a space, quote or slash that
 * nothing after it completes a rule with (`%20` before a word of prose). `%uXXXX` gets the full check.
 */
export function quietPercent(codes: Uint16Array, at: number, length: number): boolean {
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
    return isQuiet(byte) && !gluesToName(codes, at + 3, length, byte);
  }
  return ((codes[at + 1] as number) | 0x20) !== 0x75;
}

/** Digits read inline in a numeric reference; a longer one (leading zeros) gets the full check. */
const QUICK_DIGITS = 7;

/**
 * True when the `&` at `at` starts no reference (`&&`, `& `, `&#` without digits), or a numeric one of a
 * {@link QUIET} code point (`&#46;`, `&#x2C;`) or of a space, quote or slash nothing after completes a rule with.
 * Named references and `&{` get the full check.
 */
export function quietReference(codes: Uint16Array, at: number, length: number): boolean {
  const next = codes[at + 1] ?? 0;
  if (next !== HASH) return isLetter(next) ? quietName(codes, at, length) : next !== LEFT_BRACE;
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
  const after = codes[i] === SEMICOLON ? i + 1 : i;
  if (isBoundaryCode(point)) {
    // Four times a needle's cost, as timed on `&#39;&#39;...`: the reference after it is decoded too.
    budget.left -= 3 * NEEDLE_UNITS;
    return !completesBoundary(codes, point, at, after, length);
  }
  return isQuiet(point) && !gluesToName(codes, after, length, point);
}

/** Longest name read by `readReference`. */
const MAX_NAME_UNITS = 16;

/**
 * True when the letters after the `&` at `at` can be no reference: not ended by `;`, and not starting with a
 * legacy name a browser decodes without one (`&lt`, `&amp`, `&quot`, `&nbsp`, `&gt`). `&page=` and `&lang=` in a
 * query string are ruled out here.
 */
function quietName(codes: Uint16Array, at: number, length: number): boolean {
  let i = at + 1;
  const limit = Math.min(length, at + 1 + MAX_NAME_UNITS);
  while (i < limit && (isLetter(codes[i] as number) || isDigit(codes[i] as number))) i++;
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

/** True when the `\` at `at` starts no JavaScript escape the decoder reads (`\0`, `\x`, `\u`). */
export function quietBackslash(codes: Uint16Array, at: number): boolean {
  const next = codes[at + 1] ?? 0;
  const kind = next | 0x20;
  return next !== 0x30 && kind !== 0x78 && kind !== 0x75;
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

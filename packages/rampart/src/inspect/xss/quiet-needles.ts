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

/** Budget units of a needle's search and first question (see `needles.ts` for the other charges). */
export const NEEDLE_UNITS = 1;

/**
 * Code points below 0x80 an escape may decode to without changing what any rule reads: punctuation, digits and
 * spaces that fill ordinary encoded text (`%20`, `&#39;`, `%2F`, `\x22`). Letters, controls, the characters rules
 * start at (`<`, `(`, backtick, `\`) and those {@link decodesToCandidate} judges by their neighbours (`+`, `:`,
 * `=`, `%`, `&`) are not: the full check runs for them. A table lookup rules out a dense run of escapes
 * (`%27%27...`) at a few nanoseconds each.
 */
const QUIET = new Uint8Array(0x80);
for (let c = 0x20; c < 0x80; c++) QUIET[c] = isLetter(c) ? 0 : 1;
for (const c of '<(`\\+:=%&') QUIET[c.charCodeAt(0)] = 0;

/** Hexadecimal digit values of ASCII code units, -1 for others. */
const HEX = new Int8Array(0x80).fill(-1);
for (let c = 0; c < 0x80; c++) HEX[c] = hexValue(c);

function hexAt(codes: Uint16Array, at: number): number {
  const c = codes[at] as number;
  return c < 0x80 ? (HEX[c] as number) : -1;
}

/** True when `code` is a code point {@link QUIET} rules out. */
export function isQuiet(code: number): boolean {
  return code < 0x80 && QUIET[code] === 1;
}

/** True when the `%` at `at` is no escape, or one of a {@link QUIET} byte. `%uXXXX` gets the full check. */
export function quietPercent(codes: Uint16Array, at: number, length: number): boolean {
  if (at + 2 >= length) return true;
  const high = hexAt(codes, at + 1);
  const low = hexAt(codes, at + 2);
  if (high >= 0 && low >= 0) return isQuiet(high * 16 + low);
  return ((codes[at + 1] as number) | 0x20) !== 0x75;
}

/** Digits read inline in a numeric reference; a longer one (leading zeros) gets the full check. */
const QUICK_DIGITS = 7;

/**
 * True when the `&` at `at` starts no reference (`&&`, `& `, `&#` without digits), or a numeric one of a
 * {@link QUIET} code point (`&#39;`, `&#x2F;`). Named references and `&{` get the full check.
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
  return i < limit && isQuiet(point);
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

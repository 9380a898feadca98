/**
 * Escapes of a space, a quote or a slash (`%20`, `%22`, `&quot;`, `\x27`, `%2F`) in a long value. They fill ordinary
 * encoded text, so reading a window around each would make encoded prose, JSON and redirects pay for every one;
 * but each is also the unit a short-value rule reads on one side of its start, and a long value is read undecoded:
 * `x%20onerror=f(1)` hides the space `checkEventBreakout` needs before `onerror`, `%22;f(1)` the quote that
 * `checkScriptBreakout` needs before `;`. So such an escape is judged by what follows it (one escape decoded, as the
 * short views decode) and gets a window read only when that can complete a rule.
 *
 * What the rules read next to a space, quote or slash, and so what is looked for after the escape:
 * - `checkEventBreakout` and `checkScheme` need one of them right before a name: a handler (`on` and a letter) or a
 *   scheme word of at most ten letters, controls between, ending in `:` (`%20javascript:`). An escaped letter or
 *   colon there is a candidate of its own.
 * - `checkScriptBreakout` needs a quote, at most seven of `)]}`, spaces, one of `;+-*,|&` (maybe doubled), spaces
 *   and a name: a quote or space followed by an operator is judged by the letter after it, so `%22%2C%22` in
 *   encoded JSON is not read. A quote before `)]}` may also name a call (`["alert"](1)`) or follow a `[`
 *   (`self[%22cookie%22]`, `checkGlobalAccess`).
 * - `checkScriptCall`, `checkDomWrite` and `checkGlobalAccess` skip spaces between a name and its `(`, backtick,
 *   `=`, `[` or `.`: an escaped space before one of those (`alert%20(1)`) is read.
 * A slash counts only before a name (`%2Fonclick=`). Escaped spaces are skipped after the escape as raw ones are.
 */

import { budget, READ_SHIFT } from './budget.js';
import {
  AMPERSAND,
  BACKSLASH,
  BACKTICK,
  DOUBLE_QUOTE,
  EQUALS,
  hexValue,
  isHtmlSpace,
  isLetter,
  LEFT_PAREN,
  PERCENT,
  SINGLE_QUOTE,
  SLASH,
  SPACE,
} from './chars.js';
import { decodedAt, decodedEnd, resetDecoded } from './entities.js';
import { resetEscapedNames, startsNamedRule } from './escaped-names.js';
import { BREAKOUT_CLOSERS, isJoiningOperator } from './script-rules.js';

/**
 * How far after an escape spaces are skipped: the window an escape opens reads 192 units after it, so a rule
 * completed farther away would not be in it.
 */
const SPACE_REACH = 128;

/**
 * The run of spaces, raw or escaped, read last: `[from, to)`. The escapes of a needle's pass are met in order, so
 * one that starts inside the run goes on from its end: `%20%20%20...` costs one read per unit, not one per unit
 * and escape.
 */
const spaceRun = { from: -1, to: -1 };

/** Starts the memos of a value's passes. */
export function resetEscapedBoundaries(): void {
  spaceRun.from = -1;
  spaceRun.to = -1;
  resetEscapedNames();
  resetDecoded();
}

/** The code point at the index the last {@link skipSpaces} returned, decoded, and where its unit or escape ends. */
let skippedTo = 0;
let skippedEnd = 0;

/**
 * Index of the first unit at or after `from` that is no space, raw or escaped, or -1 past {@link SPACE_REACH}; sets
 * {@link skippedTo} and {@link skippedEnd}.
 */
function skipSpaces(codes: Uint16Array, from: number, end: number): number {
  const first = from < end ? (codes[from] as number) : -1;
  if (first > 0x26 && first !== BACKSLASH) {
    // No space and no escape: most escapes are followed by a word or another escape.
    skippedTo = first;
    skippedEnd = from + 1;
    return from;
  }
  if (first === PERCENT && from + 2 < end) {
    // Another `%XX` that is no space (`%22%3A`, `%27%27`), read inline: encoded text is dense with them.
    const high = hexValue(codes[from + 1] as number);
    const low = hexValue(codes[from + 2] as number);
    const point = high * 16 + low;
    if (high >= 0 && low >= 0 && !isHtmlSpace(point)) {
      skippedTo = point;
      skippedEnd = from + 3;
      return from;
    }
  }
  let i = from;
  if (from >= spaceRun.from && from < spaceRun.to) i = spaceRun.to;
  const read = i;
  const limit = Math.min(end, from + SPACE_REACH);
  let escapes = 0;
  for (;;) {
    // Raw spaces are read inline; only an escape is decoded (`%20`, `&#32;`).
    while (i < limit && isHtmlSpace(codes[i] as number)) i++;
    const c = i < limit ? (codes[i] as number) : 0;
    if (c !== PERCENT && c !== AMPERSAND && c !== BACKSLASH) break;
    escapes++;
    if (!isHtmlSpace(decodedAt(codes, i, end))) break;
    i = decodedEnd;
  }
  const c = decodedAt(codes, i, end);
  skippedEnd = decodedEnd;
  // A call costs a unit however short its read, and a unit per escape decoded: `%20%20...`, as timed.
  budget.left -= 1 + escapes + ((i - read) >> READ_SHIFT);
  spaceRun.from = from;
  spaceRun.to = i;
  skippedTo = c;
  return i < limit || i >= end ? i : -1;
}

/**
 * Spaces a look-ahead past an operator or a `)]}` reads before it gives up and asks for the window anyway: the
 * rule skips any number, and an unbounded skip here could re-read the same run for each escape before it.
 */
const NEAR_SPACES = 16;

/** Index of the first unit at or after `from` that is no space, raw or escaped, or -1 past {@link NEAR_SPACES}. */
function skipNearSpaces(codes: Uint16Array, from: number, end: number): number {
  let i = from;
  let k = 0;
  for (; k <= NEAR_SPACES; k++) {
    if (!isHtmlSpace(decodedAt(codes, i, end))) break;
    i = decodedEnd;
  }
  // Half a unit per unit, each decoded (`%22]` and fifteen tabs, repeated to 1 MiB, took 5.6 ms uncharged).
  budget.left -= k >> NEAR_SPACE_SHIFT;
  return k <= NEAR_SPACES ? i : -1;
}

/** Budget units of {@link skipNearSpaces} per unit, as a shift. */
const NEAR_SPACE_SHIFT = 1;

function isCloser(c: number): boolean {
  return c === 0x29 || c === 0x5d || c === 0x7d;
}

/** How far before a quote a `[` may be for `checkGlobalAccess`. */
const MAX_BRACKET_UNITS = 64;

/** Budget units of judging an escape here, besides its needle's. */
const BOUNDARY_UNITS = 1;

/** True for the code points judged here: space, `"`, `'`, `/`. */
export function isBoundaryCode(code: number): boolean {
  return code === SPACE || code === DOUBLE_QUOTE || code === SINGLE_QUOTE || code === SLASH;
}

/**
 * True when the escape `codes[at..after)` of a space, quote or slash (`code`, see {@link isBoundaryCode}) can
 * complete a rule with what follows it, or (a quote) with the `[` before it: its window must be read.
 *
 * @example completesBoundary(codes, 0x22, 0, 3, length) // true for "%22;alert(1)", false for "%22%2C%22"
 */
export function completesBoundary(
  codes: Uint16Array,
  code: number,
  at: number,
  after: number,
  end: number,
): boolean {
  // A needle's unit again: the look around costs as much as the search (timed on `%27%27...`, `%20word%20...`).
  budget.left -= BOUNDARY_UNITS;
  const quote = code === DOUBLE_QUOTE || code === SINGLE_QUOTE;
  if (code !== SLASH) {
    let b = at - 1;
    while (b >= 0 && at - b < MAX_BRACKET_UNITS && isHtmlSpace(codes[b] as number)) b--;
    budget.left -= (at - 1 - b) >> READ_SHIFT;
    if (codes[b] === 0x5b) return true;
  }
  const next = skipSpaces(codes, after, end);
  if (next < 0) return false;
  if (isLetter(codes[next] ?? 0)) return startsNamedRule(codes, next, end);
  if (code === SLASH) return false;
  let pos = next;
  let c = skippedTo;
  // Where the unit `c` ends (an escape is longer than one unit).
  let cEnd = skippedEnd;
  if (quote) {
    let closers = 0;
    while (closers < BREAKOUT_CLOSERS && isCloser(c)) {
      closers++;
      // Each unit read past the first is charged as the escape was: `%22%7D%2C%7B` in encoded JSON reads three.
      budget.left -= BOUNDARY_UNITS;
      pos = cEnd;
      c = decodedAt(codes, pos, end);
      cEnd = decodedEnd;
    }
    if (closers > 0) {
      pos = skipNearSpaces(codes, pos, end);
      if (pos < 0) return true;
      c = decodedAt(codes, pos, end);
      cEnd = decodedEnd;
    }
  }
  if (isJoiningOperator(c)) {
    // The operator, maybe doubled, the spaces and the unit after them are decoded: as timed on `%22%2C%22%2C...`.
    budget.left -= 3 * BOUNDARY_UNITS;
    const operator = c;
    let i = cEnd;
    if (decodedAt(codes, i, end) === operator) i = decodedEnd;
    i = skipNearSpaces(codes, i, end);
    if (i < 0) return true;
    // The name the breakout calls: a raw one is read to its `(` or backtick (`%22%2C%20then%20left` in encoded
    // prose calls nothing); an escaped letter is a candidate of its own.
    return isLetter(codes[i] as number) ? startsNamedRule(codes, i, end) : isLetter(decodedAt(codes, i, end));
  }
  if (c === LEFT_PAREN || c === BACKTICK) return true;
  return !quote && (c === EQUALS || c === 0x5b || c === 0x2e);
}

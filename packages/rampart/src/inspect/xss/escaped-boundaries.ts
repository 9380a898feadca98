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

import { budget } from './budget.js';
import {
  AMPERSAND,
  BACKSLASH,
  BACKTICK,
  COLON,
  DOUBLE_QUOTE,
  EQUALS,
  hexValue,
  isDigit,
  isHtmlSpace,
  isLetter,
  LEFT_PAREN,
  PERCENT,
  SINGLE_QUOTE,
  SLASH,
  SPACE,
} from './chars.js';
import { percentAt, percentEnd, readEnd, readEscape, readReference } from './entities.js';
import { BREAKOUT_CLOSERS, isJoiningOperator } from './script-rules.js';

/** Where the unit read by the last {@link decodedAt} ends. */
let decodedEnd = 0;

/**
 * The code unit at `codes[at]`, or the code point of the escape starting there (`%3B`, `&#59;`, `&quot;`, `\x3b`),
 * or -1 at `end`; sets {@link decodedEnd}.
 */
function decodedAt(codes: Uint16Array, at: number, end: number): number {
  if (at >= end) {
    decodedEnd = at;
    return -1;
  }
  const c = codes[at] as number;
  if (c === PERCENT) {
    const point = percentAt(codes, at, end);
    if (point >= 0) {
      decodedEnd = percentEnd;
      return point;
    }
  } else if (c === AMPERSAND) {
    const point = readReference(codes, at, end);
    if (point >= 0) {
      decodedEnd = readEnd;
      return point;
    }
  } else if (c === BACKSLASH) {
    const point = readEscape(codes, at, end);
    if (point >= 0) {
      decodedEnd = readEnd;
      return point;
    }
  }
  decodedEnd = at + 1;
  return c;
}

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

/**
 * The member chain read last by {@link readsNamedRule}: `[from, to)`, and its last dot. The escapes of a pass come
 * in order, so one inside the chain goes on from its end: dense escaped dots cost one read per unit, not one per
 * unit and escape (`a%2Ea%2E...` took 20 ms per MiB without it).
 */
const chainRun = { from: -1, to: -1, lastDot: -1 };

/** Budget units of reading a chain, per code unit read, as a shift: escapes in it are decoded. */
const CHAIN_COST_SHIFT = 3;

/** Starts the memo of a value's passes. */
export function resetEscapedBoundaries(): void {
  spaceRun.from = -1;
  spaceRun.to = -1;
  chainRun.from = -1;
  chainRun.to = -1;
  chainRun.lastDot = -1;
}

/** Budget units of skipping spaces after an escape, per code unit skipped, as a shift. */
const SPACE_COST_SHIFT = 3;

/** The code point at the index the last {@link skipSpaces} returned, decoded. */
let skippedTo = 0;

/**
 * Index of the first unit at or after `from` that is no space, raw or escaped, or -1 past {@link SPACE_REACH}; sets
 * {@link skippedTo} and {@link decodedEnd}.
 */
function skipSpaces(codes: Uint16Array, from: number, end: number): number {
  const first = from < end ? (codes[from] as number) : -1;
  if (first > 0x26 && first !== BACKSLASH) {
    // No space and no escape: most escapes are followed by a word or another escape.
    skippedTo = first;
    decodedEnd = from + 1;
    return from;
  }
  if (first === PERCENT && from + 2 < end) {
    // Another `%XX` that is no space (`%22%3A`, `%27%27`), read inline: encoded text is dense with them.
    const high = hexValue(codes[from + 1] as number);
    const low = hexValue(codes[from + 2] as number);
    const point = high * 16 + low;
    if (high >= 0 && low >= 0 && !isHtmlSpace(point)) {
      skippedTo = point;
      decodedEnd = from + 3;
      return from;
    }
  }
  let i = from;
  if (from >= spaceRun.from && from < spaceRun.to) i = spaceRun.to;
  const read = i;
  const limit = Math.min(end, from + SPACE_REACH);
  let c = decodedAt(codes, i, end);
  while (i < limit && isHtmlSpace(c)) {
    i = decodedEnd;
    c = decodedAt(codes, i, end);
  }
  // A call costs a unit however short its read: `%20%20...` reads one escape per call, as timed.
  budget.left -= 1 + ((i - read) >> SPACE_COST_SHIFT);
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
  for (let k = 0; k <= NEAR_SPACES; k++) {
    if (!isHtmlSpace(decodedAt(codes, i, end))) return i;
    i = decodedEnd;
  }
  return -1;
}

/** Letters of the longest scheme word a rule reads at its `:`; how far controls between them are skipped. */
const MAX_SCHEME_LETTERS = 10;
const MAX_SCHEME_UNITS = 64;
/** Longest name read after an escape, dots and spaces included, up to its `(`, `[` or `=`. */
const MAX_NAME_UNITS = 64;

/** A unit of a member chain as the rules read it: names, dots, spaces and the slashes and stars of comments. */
function isChainUnit(c: number): boolean {
  return (
    isLetter(c) ||
    isDigit(c) ||
    c === 0x5f ||
    c === 0x24 ||
    c === 0x2e ||
    isHtmlSpace(c) ||
    c === SLASH ||
    c === 0x2a
  );
}

/**
 * True when the word starting at the letter `codes[at]` is one a rule reads with the unit before it: a handler name
 * (`on` and a letter), a scheme word and its `:`, a name called or indexed (`alert(`, `` alert` ``, `self[`), or a
 * member chain assigned (`document.body.innerHTML=`; `member` when the unit before the word is a dot). Only the
 * decoded unit before it tells where such a word starts: `%3Balert(1)` reads as the name `3Balert` undecoded. A
 * word of prose is ruled out at the unit after its letters: this runs for every escaped space before one.
 */
export function startsNamedRule(codes: Uint16Array, at: number, end: number, member = false): boolean {
  if (
    ((codes[at] as number) | 0x20) === 0x6f &&
    ((codes[at + 1] ?? 0) | 0x20) === 0x6e &&
    isLetter(codes[at + 2] ?? 0)
  )
    return true;
  let i = at + 1;
  const limit = Math.min(end, at + MAX_NAME_UNITS);
  while (i < limit && isLetter(codes[i] as number)) i++;
  if (i >= end) return false;
  const c = codes[i] as number;
  if (c === COLON) return i - at >= 4 && i - at <= MAX_SCHEME_LETTERS;
  if (c === LEFT_PAREN || c === BACKTICK || c === 0x5b) return true;
  return (
    (c < 0x20 || isChainUnit(c) || c === EQUALS || isEscapeStart(c)) && readsNamedRule(codes, at, end, member)
  );
}

function isEscapeStart(c: number): boolean {
  return c === PERCENT || c === AMPERSAND || c === BACKSLASH;
}

/**
 * {@link startsNamedRule} past a word's letters: controls inside a scheme, digits, dots, spaces, comments. The
 * chain's dots and its `=` may be escaped (`body%2EinnerHTML%3D`): each escape there is decoded, as the window
 * would decode it.
 */
function readsNamedRule(codes: Uint16Array, at: number, end: number, member: boolean): boolean {
  let letters = 0;
  let i = at;
  const limit = Math.min(end, at + MAX_SCHEME_UNITS);
  for (; i < limit; i++) {
    const c = codes[i] as number;
    if (isLetter(c)) {
      if (++letters > MAX_SCHEME_LETTERS) break;
    } else if (c >= 0x20) break;
  }
  if (letters >= 4 && letters <= MAX_SCHEME_LETTERS && codes[i] === COLON) return true;
  const nameLimit = Math.min(end, at + MAX_NAME_UNITS);
  i = at;
  const run = chainRun;
  if (at > run.from && at < run.to) {
    // Inside the chain read last: its units up to `to` are chain units, read once (`a%2Ea%2E...`).
    if (run.lastDot >= at) member = true;
    i = run.to;
  } else {
    run.from = at;
    run.lastDot = -1;
  }
  const read = i;
  let c = -1;
  while (i < nameLimit) {
    c = decodedAt(codes, i, end);
    if (!isChainUnit(c)) break;
    if (c === 0x2e) {
      member = true;
      run.lastDot = i;
    }
    i = decodedEnd;
  }
  run.to = i;
  // A read costs a unit however short: `a%2Ea%2E...` reads five units per escape, as timed.
  budget.left -= 1 + ((i - read) >> CHAIN_COST_SHIFT);
  if (i >= end) return false;
  return c === LEFT_PAREN || c === BACKTICK || c === 0x5b || (member && c === EQUALS);
}

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
    if (codes[b] === 0x5b) return true;
  }
  const next = skipSpaces(codes, after, end);
  if (next < 0) return false;
  if (isLetter(codes[next] ?? 0)) return startsNamedRule(codes, next, end);
  if (code === SLASH) return false;
  let pos = next;
  let c = skippedTo;
  if (quote) {
    let closers = 0;
    while (closers < BREAKOUT_CLOSERS && isCloser(c)) {
      closers++;
      // Each unit read past the first is charged as the escape was: `%22%7D%2C%7B` in encoded JSON reads three.
      budget.left -= BOUNDARY_UNITS;
      pos = decodedEnd;
      c = decodedAt(codes, pos, end);
    }
    if (closers > 0) {
      pos = skipNearSpaces(codes, pos, end);
      if (pos < 0) return true;
      c = decodedAt(codes, pos, end);
    }
  }
  if (isJoiningOperator(c)) {
    // The operator, maybe doubled, the spaces and the unit after them are decoded: as timed on `%22%2C%22%2C...`.
    budget.left -= 3 * BOUNDARY_UNITS;
    const operator = c;
    let i = decodedEnd;
    if (decodedAt(codes, i, end) === operator) i = decodedEnd;
    i = skipNearSpaces(codes, i, end);
    return i < 0 || isLetter(decodedAt(codes, i, end));
  }
  if (c === LEFT_PAREN || c === BACKTICK) return true;
  return !quote && (c === EQUALS || c === 0x5b || c === 0x2e);
}

/**
 * The checks a long value runs at each needle (a character found natively at which a rule can start), in place on
 * the value's copy. Each first asks the cheap question that rules the needle out in ordinary text (`https:`,
 * `a=1&b=2`, JSON's `":` and `["`), and only then runs the rule the short scanner would run there.
 */

import { breakoutBefore } from './breakout-before.js';
import { budget, spend, WORK_LIMIT } from './budget.js';
import {
  AMPERSAND,
  BACKSLASH,
  BACKTICK,
  COLON,
  DOUBLE_QUOTE,
  EQUALS,
  isDigit,
  isHtmlSpace,
  isLetter,
  LEFT_BRACE,
  LEFT_PAREN,
  PERCENT,
  RIGHT_BRACE,
  SINGLE_QUOTE,
  SLASH,
} from './chars.js';
import { percentAt, percentEnd, readEnd, readEscape, readReference } from './entities.js';
import { resetEscapedBoundaries } from './escaped-boundaries.js';
import { COLON_WORD_ENDS, decodesToCandidate } from './escapes.js';
import {
  LOOK_BACK_SHIFT,
  mark,
  RULE_UNITS,
  SCHEME_RULE_UNITS,
  source,
  WIDE_RULE_UNITS,
} from './needle-marks.js';
import {
  gluesToName,
  isQuiet,
  NEEDLE_UNITS,
  quietBackslash,
  quietPercent,
  quietReference,
} from './quiet-needles.js';
import {
  checkDomWrite,
  checkGlobalAccess,
  checkJsFuck,
  checkTaggedCall,
  DOM_WRITE_REACH,
  isJsFuckUnit,
  JSFUCK_REACH,
  LOOK_REACH,
} from './script-idioms.js';
import { CALL_SPACES, checkScriptBreakout, checkScriptCall } from './script-rules.js';
import {
  checkCssInText,
  checkEventBreakout,
  checkScheme,
  HANDLER_SPACES,
  SCHEME_REACH,
} from './text-rules.js';
import { shiftedDigits } from './utf7.js';

export { mark, source } from './needle-marks.js';
export { hasQuietCheck, isQuietNeedle, NEEDLE_UNITS } from './quiet-needles.js';

/**
 * The next `![]` at or after the last `(` pass's floor, found natively, or -1 before the first: JSFuck
 * is only looked for around a `(` that has one within its reach.
 */
const jsFuckSeed = { at: -1 };

function isIdentifierUnit(code: number): boolean {
  return isLetter(code) || isDigit(code) || code === 0x5f || code === 0x24;
}

/**
 * The next `}` at or after `from`, looked for up to `limit`, or -1. The `&{` of a long value are met in order:
 * the stretch found free of `}` is remembered, so `&{&{&{...` costs one read per unit, not one per unit and entity.
 */
const braceSearch = { scannedTo: 0, found: -1 };

function nextBrace(codes: Uint16Array, from: number, limit: number): number {
  const memo = braceSearch;
  if (memo.found >= from) return memo.found < limit ? memo.found : -1;
  let i = Math.max(from, memo.scannedTo);
  for (; i < limit; i++) {
    if (codes[i] === RIGHT_BRACE) {
      memo.found = i;
      return i;
    }
  }
  memo.scannedTo = i;
  return -1;
}

/** Starts the memos of a value's needle passes. */
export function resetNeedles(): void {
  braceSearch.scannedTo = 0;
  braceSearch.found = -1;
  jsFuckSeed.at = -1;
  resetEscapedBoundaries();
}

/** How far after `&{` a Netscape JavaScript entity's `}` may be, as `checkScriptEntity` reads it. */
const ENTITY_REACH = 128;

/** At `&{`: a Netscape JavaScript entity (`checkScriptEntity`), its `}` found through {@link nextBrace}. */
function atScriptEntity(codes: Uint16Array, at: number, length: number): string | undefined {
  if (at > 0 && codes[at - 1] === AMPERSAND) return undefined;
  return nextBrace(codes, at + 2, Math.min(length, at + 2 + ENTITY_REACH)) >= 0 ? 'js:entity' : undefined;
}

/**
 * True when a page write can end at the `=` at `at`, read back as `checkDomWrite` reads (any spaces, a `+`, within
 * its reach): a `)` or `]` before it, a member name after a `.`, or the end of a comment to look
 * past.
 * `a=1` in a query string is ruled out at its name.
 */
function mayWriteDom(codes: Uint16Array, at: number): boolean {
  const floor = Math.max(0, at - DOM_WRITE_REACH);
  let i = at - 1;
  while (i >= floor && isHtmlSpace(codes[i] as number)) i--;
  if (codes[i] === 0x2b) {
    i--;
    while (i >= floor && isHtmlSpace(codes[i] as number)) i--;
  }
  let c = codes[i];
  if (c !== 0x29 && c !== 0x5d && c !== SLASH) {
    while (i >= floor && isIdentifierUnit(codes[i] as number)) i--;
    while (i >= floor && isHtmlSpace(codes[i] as number)) i--;
    c = codes[i];
  }
  budget.left -= (at - i) >> LOOK_BACK_SHIFT;
  return i >= floor && (c === 0x29 || c === 0x5d || c === SLASH || c === 0x2e);
}

/**
 * At a `=`: the name before it decides which rule can apply: an `on…` name (at most as many spaces before the
 * `=` as `checkEventBreakout` skips) opens a handler, a member after a `.` (or a `)`/`]`) may be a page write.
 * `a=1` in a query string runs neither.
 */
function atEquals(codes: Uint16Array, at: number, length: number): string | undefined {
  // The name before the `=` is read back, up to 64 units, and a page write's chain: twice a needle's cost with the
  // search's, as timed on `===...`.
  budget.left -= 2 * NEEDLE_UNITS;
  let i = at - 1;
  while (i >= 0 && at - i <= HANDLER_SPACES && isHtmlSpace(codes[i] as number)) i--;
  const nameEnd = i + 1;
  while (i >= 0 && nameEnd - i <= 64 && isLetter(codes[i] as number)) i--;
  const nameStart = i + 1;
  const on =
    ((codes[nameStart] as number) | 0x20) === 0x6f && ((codes[nameStart + 1] as number) | 0x20) === 0x6e;
  if (nameEnd - nameStart >= 3 && on) {
    budget.left -= RULE_UNITS;
    const found = checkEventBreakout(codes, 0, at, length);
    if (found !== undefined) return found;
  }
  if (!mayWriteDom(codes, at)) return undefined;
  budget.left -= WIDE_RULE_UNITS;
  return checkDomWrite(codes, 0, at, length);
}

/** {@link COLON_WORD_ENDS} as a table: 1 for the lower-case last letter of a word read at a `:`. */
const COLON_WORD_END = new Uint8Array(0x80);
for (const c of COLON_WORD_ENDS) COLON_WORD_END[c] = 1;

/**
 * At a `:` after a scheme's or binding property's last letter, or after controls the URL parser skips (as many as
 * `checkScheme` reads back): `https:`, times and JSON's `":` are passed over without a rule.
 */
function atColon(codes: Uint16Array, at: number, length: number): string | undefined {
  let i = at - 1;
  while (i >= 0 && at - i <= SCHEME_REACH && (codes[i] as number) < 0x20) i--;
  budget.left -= (at - 1 - i) >> LOOK_BACK_SHIFT;
  if (i < 0) return undefined;
  const last = (codes[i] as number) | 0x20;
  if (last >= 0x80 || COLON_WORD_END[last] !== 1) return undefined;
  // The scheme rule reads the word back and up to a media type forward, the CSS rule the word again.
  budget.left -= SCHEME_RULE_UNITS;
  return checkScheme(codes, 0, at, length) ?? checkCssInText(codes, 0, at, length);
}

/**
 * True when a name (or a `]`, for `window["alert"]`) ends before `at`, as many spaces skipped as
 * `checkScriptCall` skips: only then can a call or a CSS function open there. `((((`, `1 + (2)` and `: (` are
 * passed over without reading a word back.
 */
function followsName(codes: Uint16Array, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && at - i <= CALL_SPACES && isHtmlSpace(codes[i] as number)) i--;
  const c = codes[i] ?? 0;
  return isIdentifierUnit(c) || c === 0x5d;
}

/**
 * True when a `![]` is close enough to the `(` at `at` for JSFuck around it (`checkJsFuck` reads
 * {@link JSFUCK_REACH} units each way): the `(` of a pass come in order, so the `![]` searches are linear in total.
 */
function nearJsFuckSeed(at: number, length: number): boolean {
  const floor = Math.max(0, at - JSFUCK_REACH);
  if (jsFuckSeed.at < floor) {
    // A native search: `((((...` holds no `![]`, and a JavaScript pass over a MiB costs a millisecond.
    const next = source.text.indexOf('![]', Math.max(floor, jsFuckSeed.at + 1));
    jsFuckSeed.at = next < 0 ? length : next;
  }
  return jsFuckSeed.at + 2 < Math.min(length, at + JSFUCK_REACH);
}

function atParen(codes: Uint16Array, at: number, length: number): string | undefined {
  // The rules run only after a name: a `(` after punctuation or an ideograph (`（` in Chinese prose) costs the
  // look at the unit before it and the JSFuck and breakout screens, twice a needle's cost (timed on `((((...`).
  budget.left -= 2 * NEEDLE_UNITS;
  let found: string | undefined;
  if (followsName(codes, at)) {
    budget.left -= RULE_UNITS;
    found = checkCssInText(codes, 0, at, length) ?? checkScriptCall(codes, 0, at);
  }
  if (found === undefined && isJsFuckUnit(codes[at + 1] as number) && nearJsFuckSeed(at, length)) {
    if (!spend(WIDE_RULE_UNITS)) return WORK_LIMIT;
    found = checkJsFuck(codes, 0, at, length);
  }
  return found ?? breakoutBefore(codes, at, length);
}

function atBacktick(codes: Uint16Array, at: number, length: number): string | undefined {
  budget.left -= RULE_UNITS;
  return (
    (followsName(codes, at) ? checkScriptCall(codes, 0, at) : undefined) ??
    checkScriptBreakout(codes, at, length) ??
    checkTaggedCall(codes, 0, at) ??
    breakoutBefore(codes, at, length)
  );
}

/**
 * At a `[` before a quote: a global's property reached by a quoted name (`self["alert"]`). The quote may follow
 * spaces and a comment as far as `checkGlobalAccess` reads back from it: after a
 * comment, each quote in that reach is checked (only code puts a comment after a `[`).
 */
function atBracket(codes: Uint16Array, at: number, length: number): string | undefined {
  const limit = Math.min(length, at + 1 + LOOK_REACH);
  let quote = at + 1;
  while (quote < limit && isHtmlSpace(codes[quote] as number)) quote++;
  budget.left -= (quote - at) >> LOOK_BACK_SHIFT;
  const c = codes[quote];
  if (c === SLASH && codes[quote + 1] === 0x2a) {
    if (!spend(limit - quote)) return WORK_LIMIT;
    for (let q = quote + 2; q < limit; q++) {
      const d = codes[q];
      if (d !== DOUBLE_QUOTE && d !== SINGLE_QUOTE) continue;
      budget.left -= RULE_UNITS;
      const found = checkGlobalAccess(codes, 0, q);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (quote >= limit || (c !== DOUBLE_QUOTE && c !== SINGLE_QUOTE)) return undefined;
  // The global-access check reads the name before the `[` and the quoted property after it.
  budget.left -= RULE_UNITS;
  return checkGlobalAccess(codes, 0, quote);
}

/** At an escape character: marks the escape when it decodes to a rule's start; `&{` is a JavaScript entity. */
function atEscape(codes: Uint16Array, at: number, length: number, needle: number): string | undefined {
  let code = -1;
  let after = 0;
  let byte = false;
  if (needle === PERCENT) {
    if (quietPercent(codes, at, length)) return undefined;
    code = percentAt(codes, at, length);
    after = percentEnd;
    byte = after === at + 3;
  } else if (needle === AMPERSAND) {
    // A reference's digits or name are read ahead, up to sixteen units.
    budget.left -= NEEDLE_UNITS;
    if (quietReference(codes, at, length)) return undefined;
    budget.left -= RULE_UNITS;
    if (codes[at + 1] === LEFT_BRACE) return atScriptEntity(codes, at, length);
    code = readReference(codes, at, length);
    after = readEnd;
  } else if (needle === BACKSLASH) {
    if (quietBackslash(codes, at)) return undefined;
    code = readEscape(codes, at, length);
    after = readEnd;
  } else if (codes[at + 1] === 0x41 && shiftedDigits(codes, at, length) > 0) mark(at);
  // The escape was read in full and, unless quiet, its neighbours are judged: a rule's cost, not a needle's.
  budget.left -= RULE_UNITS;
  if (code < 0) return undefined;
  if (
    isQuiet(code)
      ? gluesToName(codes, after, length, code)
      : decodesToCandidate(codes, at, after, code, byte, length)
  )
    mark(at);
  return undefined;
}

/** The characters at which a long value's text rules run, in the order their passes run. */
export const NEEDLES: readonly string[] = ['%', '&', '\\', '+', '=', '[', '(', '`', ':'];

/** Runs the check of the needle `needle` (a code unit of {@link NEEDLES}) at `at` of `codes[0..length)`. */
export function checkNeedle(
  codes: Uint16Array,
  needle: number,
  at: number,
  length: number,
): string | undefined {
  switch (needle) {
    case EQUALS:
      return atEquals(codes, at, length);
    case COLON:
      return atColon(codes, at, length);
    case LEFT_PAREN:
      return atParen(codes, at, length);
    case BACKTICK:
      return atBacktick(codes, at, length);
    case 0x5b:
      return atBracket(codes, at, length);
    default:
      return atEscape(codes, at, length, needle);
  }
}

/**
 * A string breakout before a call in a long value (`";alert(1)`, `%22;alert(1)`), read back from the call's `(` or
 * backtick as `checkScriptBreakout` reads forward from the quote, JavaScript's spaces (`\u00a0`, `\u2028`, raw or
 * escaped) skipped as it skips them.
 */

import { budget, READ_SHIFT, WORK_LIMIT } from './budget.js';
import {
  AMPERSAND,
  BACKSLASH,
  BACKTICK,
  DOUBLE_QUOTE,
  hexValue,
  isDigit,
  isIdentifierUnit,
  isLetter,
  isScriptSpace,
  PERCENT,
  SINGLE_QUOTE,
  startsWithWord,
} from './chars.js';
import { percentAt, percentEnd, readEnd, readEscape, readReference } from './entities.js';
import { mark, RULE_UNITS, WIDE_RULE_UNITS } from './needle-marks.js';
import { NEEDLE_UNITS } from './quiet-needles.js';
import {
  BREAKOUT_CLOSERS,
  BREAKOUT_NAME_UNITS,
  checkScriptBreakout,
  isJoiningOperator,
} from './script-rules.js';

/** How far `checkScriptBreakout` reads after a call's `(` for its `)`. */
const CALL_REACH = 128;

/** Where the escape read by the last {@link escapeEndingAt} starts. */
let escapeStart = 0;

/**
 * False when no escape can end at `codes[last]`: every one ends with a hexadecimal digit (`%2C`, `\x20`, `&#32`),
 * `;` (`&quot;`), `}` (`\u{20}`), or the `t` or `p` of a legacy reference without `;` (`&lt`, `&quot`, `&nbsp`).
 * Prose and code end most words otherwise, and the look-back for the escape's start is spared there.
 */
function mayEndEscape(codes: Uint16Array, last: number): boolean {
  const c = codes[last] as number;
  if (c === 0x3b || c === 0x7d || hexValue(c) >= 0) return true;
  const lower = c | 0x20;
  return (
    (lower === 0x74 || lower === 0x70) &&
    (codes[last - 2] === AMPERSAND || codes[last - 3] === AMPERSAND || codes[last - 4] === AMPERSAND)
  );
}

/**
 * The code point of the escape ending at `codes[last]` (`%22`, `&quot;`, `&#59;`, `\x3b`: one to ten units, read
 * from their start), or -1; sets {@link escapeStart}.
 */
function escapeEndingAt(codes: Uint16Array, last: number, length: number): number {
  if (!mayEndEscape(codes, last)) return -1;
  // The look back for the escape's start, up to nine units, each looked at: `;url(` and 1s, repeated to 1 MiB,
  // looked three times per `(` and took 5.5 ms charged as a rule.
  budget.left -= Math.min(last, 9) >> READ_SHIFT;
  for (let s = last - 1; s >= 0 && last - s < 10; s--) {
    const c = codes[s] as number;
    let point = -1;
    let end = -1;
    if (c === PERCENT) {
      point = percentAt(codes, s, length);
      end = percentEnd;
    } else if (c === AMPERSAND) {
      point = readReference(codes, s, length);
      end = readEnd;
    } else if (c === BACKSLASH) {
      point = readEscape(codes, s, length);
      end = readEnd;
    } else continue;
    if (point >= 0 && end === last + 1) {
      escapeStart = s;
      return point;
    }
  }
  return -1;
}

/**
 * Where the escaped JavaScript space ending at `codes[last]` starts, or -1: one escape (`%20`, `&#160;`, `\u2028`),
 * or the UTF-8 bytes of a space escaped one by one (`%C2%A0`, `%E2%80%A8`), as the percent-decoded view reads them.
 */
function escapedSpaceStart(codes: Uint16Array, last: number, length: number): number {
  const point = escapeEndingAt(codes, last, length);
  if (point < 0x80 || point > 0xbf || codes[escapeStart] !== PERCENT || last - escapeStart !== 2)
    return isScriptSpace(point) ? escapeStart : -1;
  // A continuation byte: one or two `%XX` bytes before it complete the character (every JavaScript space is below
  // U+10000, so three bytes at most).
  let start = escapeStart;
  let value = point & 0x3f;
  for (let bytes = 2; bytes <= 3; bytes++) {
    const at = start - 3;
    if (at < 0 || codes[at] !== PERCENT) return -1;
    const byte = percentAt(codes, at, length);
    if (byte < 0x80 || percentEnd !== start) return -1;
    start = at;
    if (byte < 0xc0) {
      value |= (byte & 0x3f) << 6;
      continue;
    }
    // The lead byte, accepted as `percentDecodeCodes` accepts it: C2-DF before one continuation, E0-EF before two.
    if (bytes === 2 ? byte < 0xc2 || byte > 0xdf : byte < 0xe0 || byte > 0xef) return -1;
    value |= (byte & (bytes === 2 ? 0x1f : 0x0f)) << (6 * (bytes - 1));
    return isScriptSpace(value) ? start : -1;
  }
  return -1;
}

/** Set by {@link skipEscapedSpacesBack} when it passed an escaped space. */
let passedEscape = false;

/**
 * Index of the last unit before `at` that is neither a JavaScript space nor the last unit of an escaped one (`%20`,
 * `&#32;`, `\x20`, `%C2%A0`), or -1; sets {@link passedEscape}. `checkScriptBreakout` skips any number of spaces,
 * and a long run of escaped ones (`%22` and forty `%20` before `;foo(1)`) is wider than the window an escape opens:
 * the breakout is read back across it from the call instead. Each run is read for the one call or operator it ends
 * at.
 */
function skipEscapedSpacesBack(codes: Uint16Array, at: number, length: number): number {
  passedEscape = false;
  let i = at - 1;
  while (i >= 0) {
    const c = codes[i] as number;
    if (isScriptSpace(c)) {
      i--;
      continue;
    }
    // An escape ends with a digit or letter, `;` (a reference) or `}` (`\u{a0}`).
    const start =
      c < 0x80 && (isDigit(c) || isLetter(c) || c === 0x3b || c === 0x7d)
        ? escapedSpaceStart(codes, i, length)
        : -1;
    if (start < 0) break;
    passedEscape = true;
    i = start - 1;
  }
  budget.left -= (at - 1 - i) >> ESCAPED_SPACE_SHIFT;
  return i;
}

/** Budget units of reading escaped spaces back, per code unit, as a shift: each is decoded from its start. */
const ESCAPED_SPACE_SHIFT = 1;

function isQuote(code: number): boolean {
  return code === DOUBLE_QUOTE || code === SINGLE_QUOTE || code === BACKTICK;
}

function isCloser(code: number): boolean {
  return code === 0x29 || code === 0x5d || code === 0x7d;
}

/**
 * Where the name called at `at` ends: before the `?.` of an optional call (`alert?.(1)`) and a comment
 * (`alert/**\/(1)`) between it and its `(`, as `checkScriptBreakout` skips them reading forward.
 */
function callNameEnd(codes: Uint16Array, at: number): number {
  let end = at;
  if (codes[end - 1] === 0x2e && codes[end - 2] === 0x3f) end -= 2;
  if (codes[end - 1] === 0x2f && codes[end - 2] === 0x2a) {
    // Back to the comment's `/*`, within the reach `checkScriptBreakout` reads forward; a `*/` before it ends
    // another comment, and this one has no start (`*/(` repeated reads three units a call, not 64).
    const floor = Math.max(0, end - 64);
    let k = end - 3;
    while (
      k > floor &&
      !(codes[k] === 0x2f && codes[k + 1] === 0x2a) &&
      !(codes[k] === 0x2a && codes[k + 1] === 0x2f)
    )
      k--;
    budget.left -= (end - k) >> READ_SHIFT;
    if (k > floor && codes[k] === 0x2f) end = k;
  }
  return end;
}

/** True when `word` ends at `codes[wordEnd]`, a whole word with something before it (the operator looked for). */
function isWordEndingAt(codes: Uint16Array, wordEnd: number, word: string): boolean {
  const start = wordEnd - word.length + 1;
  return (
    start >= 1 &&
    !isIdentifierUnit(codes[start - 1] as number) &&
    startsWithWord(codes, start, wordEnd + 1, word)
  );
}

/**
 * Where the operator before `new` is (`";new Image(...)`: the object made is the breakout's expression), when the
 * word ending at `wordEnd` is `new`; else `wordEnd`.
 */
function beforeNew(codes: Uint16Array, wordEnd: number, length: number): number {
  if (!isWordEndingAt(codes, wordEnd, 'new')) return wordEnd;
  // The look back past the word costs about what a rule does.
  budget.left -= RULE_UNITS;
  const before = skipEscapedSpacesBack(codes, wordEnd - 2, length);
  return before >= 0 && isJoiningOperator(codes[before] as number) ? before : wordEnd;
}

/**
 * When the word ending at `wordEnd` is `instanceof` (`" instanceof alert(1)//`, an operator spelled as a word):
 * the breakout from the quote before it, or undefined; null when the word is another.
 */
function instanceofBreakout(codes: Uint16Array, wordEnd: number, length: number): string | undefined | null {
  if (!isWordEndingAt(codes, wordEnd, 'instanceof')) return null;
  budget.left -= RULE_UNITS;
  const last = skipEscapedSpacesBack(codes, wordEnd - 9, length);
  for (let q = last; q >= 0 && last - q <= BREAKOUT_CLOSERS; q--) {
    if (isQuote(codes[q] as number)) {
      budget.left -= RULE_UNITS;
      return checkScriptBreakout(codes, q, length);
    }
    if (!isCloser(codes[q] as number)) break;
  }
  return undefined;
}

/**
 * Before a call or template at `at`: a quote that closes a string and joins the call (`";alert(1)`). Read back as
 * `checkScriptBreakout` reads forward: the name, spaces (any number), the operator, spaces, at most seven `)]}`,
 * and the quote, so only the quotes that can start this call's breakout are checked: a quote-dense value (JSON)
 * pays for none that cannot. Each space run is read back for the one call it precedes. An escaped quote there
 * (`%22` and a long run of spaces, farther than the window its escape opens) is checked on a copy of the breakout
 * with the quote decoded and each run of spaces as one.
 */
export function breakoutBefore(codes: Uint16Array, at: number, length: number): string | undefined {
  let i = callNameEnd(codes, at) - 1;
  const nameEnd = i + 1;
  while (
    i >= 0 &&
    at - i <= BREAKOUT_NAME_UNITS &&
    (isIdentifierUnit(codes[i] as number) || codes[i] === 0x2e)
  )
    i--;
  let nameStart = i + 1;
  if (nameEnd - nameStart < 2) return undefined;
  // The name, and the look for spaces, escapes and an operator before it: a needle's cost besides the reads, as
  // timed on `(xx(xx...`.
  budget.left -= NEEDLE_UNITS + ((at - nameStart) >> READ_SHIFT);
  // The name read back may begin with an escaped space's last digits (`%20foo(`, `\x20foo(`, `&#32foo(`): it
  // starts after them. Such an escape starts right before the name, where a `%`, `\` or `#` stopped the read,
  // unless the read stopped at its length.
  const lead = nameStart > 0 ? (codes[nameStart - 1] as number) : 0;
  const escapedLead =
    lead === PERCENT || lead === BACKSLASH || lead === 0x23 || at - nameStart >= BREAKOUT_NAME_UNITS;
  for (let k = nameStart; escapedLead && k < at - 2 && k < nameStart + 5; k++) {
    if (hexValue(codes[k] as number) < 0 || !isLetter(codes[k + 1] as number)) continue;
    budget.left -= RULE_UNITS;
    if (escapedSpaceStart(codes, k, length) >= 0) {
      nameStart = k + 1;
      break;
    }
  }
  let operatorEnd = skipEscapedSpacesBack(codes, nameStart, length);
  if (operatorEnd < 0) return undefined;
  // A word before the name (`";new Image(...)`, `" instanceof alert(1)`): read apart, so that this function, run
  // at every call of a long value, stays small enough for the compiler to inline what it calls.
  const wordEnd = codes[operatorEnd] as number;
  if (wordEnd === 0x77 && nameStart > operatorEnd + 1) operatorEnd = beforeNew(codes, operatorEnd, length);
  else if (wordEnd === 0x66 && nameStart > operatorEnd + 1) {
    const found = instanceofBreakout(codes, operatorEnd, length);
    if (found !== null) return found;
  }
  let escaped = passedEscape;
  const operator = codes[operatorEnd] as number;
  if (!isJoiningOperator(operator)) {
    // `"%3Bfoo(1)`, `";%20foo(1)`: the operator or a space before the name is escaped; the window decodes it. Most
    // units end no escape (`print(`, after a newline or a `)`), and are told so at once.
    if (!mayEndEscape(codes, operatorEnd)) return undefined;
    budget.left -= RULE_UNITS;
    const point = escapeEndingAt(codes, operatorEnd, length);
    if (isJoiningOperator(point) || isScriptSpace(point)) mark(at);
    return undefined;
  }
  // A doubled operator (`;;`), unless the first `;` ends a reference (`&#32;;foo(1)`).
  const doubled =
    codes[operatorEnd - 1] === operator &&
    (operator !== 0x3b || escapeEndingAt(codes, operatorEnd - 1, length) < 0);
  const operatorStart = doubled ? operatorEnd - 1 : operatorEnd;
  const last = skipEscapedSpacesBack(codes, operatorStart, length);
  escaped ||= passedEscape;
  // The name and the spaces were charged as they were read.
  if (budget.left < 0) return WORK_LIMIT;
  // The quote, then at most seven `)]}` up to `last`.
  const floor = Math.max(0, last - BREAKOUT_CLOSERS);
  let quoted = false;
  const parts = { last, operatorStart, operatorEnd: operatorEnd + 1, nameStart, at };
  for (let q = last; q >= floor; q--) {
    if (isQuote(codes[q] as number)) {
      budget.left -= RULE_UNITS;
      quoted = true;
      // Escaped spaces between the parts are read as one space each, on a copy.
      const found = escaped
        ? checkCollapsedBreakout(codes, codes[q] as number, q + 1, parts, length)
        : checkScriptBreakout(codes, q, length);
      if (found !== undefined) return found;
    }
  }
  // A breakout whose call closes only once decoded (`";foo(1%29`): the window decodes it.
  if (quoted && escapeInCall(codes, at, length)) mark(at);
  budget.left -= RULE_UNITS;
  for (let q = last; q >= floor; q--) {
    const point = escapeEndingAt(codes, q, length);
    if (isQuote(point)) {
      return checkCollapsedBreakout(codes, point, q + 1, parts, length);
    }
    // An escaped `)]}`, space or first operator (`%22%29;foo(1)`, `"%3B;foo(1)`): the window decodes it with the
    // quote before it.
    if (isCloser(point) || isScriptSpace(point) || isJoiningOperator(point)) {
      mark(at);
      break;
    }
    if (!isCloser(codes[q] as number)) break;
  }
  return undefined;
}

/** True when an escape is within the reach of the `)` `checkScriptBreakout` looks for after the `(` at `at`. */
function escapeInCall(codes: Uint16Array, at: number, length: number): boolean {
  const limit = Math.min(length, at + CALL_REACH);
  budget.left -= (limit - at) >> READ_SHIFT;
  for (let i = at + 1; i < limit; i++) {
    const c = codes[i];
    if (c === PERCENT || c === AMPERSAND || c === BACKSLASH) return true;
  }
  return false;
}

/** Where the parts of a breakout read back by {@link breakoutBefore} are. */
interface BreakoutParts {
  /** The last `)]}` before the spaces before the operator, or the quote's last unit. */
  last: number;
  operatorStart: number;
  /** One past the operator's last unit. */
  operatorEnd: number;
  nameStart: number;
  /** The `(` or backtick. */
  at: number;
}

/**
 * `checkScriptBreakout` on a copy: the decoded quote `quote`, the `)]}` from `closers` to `last`, the operator
 * between single spaces, the name and the call.
 */
function checkCollapsedBreakout(
  codes: Uint16Array,
  quote: number,
  closers: number,
  parts: BreakoutParts,
  length: number,
): string | undefined {
  const callEnd = Math.min(length, parts.at + CALL_REACH);
  const operatorEnd = parts.operatorEnd;
  const copy = new Uint16Array(
    3 + (parts.last + 1 - closers) + (operatorEnd - parts.operatorStart) + (callEnd - parts.nameStart),
  );
  let n = 0;
  copy[n++] = quote;
  copy.set(codes.subarray(closers, parts.last + 1), n);
  n += parts.last + 1 - closers;
  copy[n++] = 0x20;
  copy.set(codes.subarray(parts.operatorStart, operatorEnd), n);
  n += operatorEnd - parts.operatorStart;
  copy[n++] = 0x20;
  copy.set(codes.subarray(parts.nameStart, callEnd), n);
  n += callEnd - parts.nameStart;
  budget.left -= WIDE_RULE_UNITS;
  return checkScriptBreakout(copy, 0, n);
}

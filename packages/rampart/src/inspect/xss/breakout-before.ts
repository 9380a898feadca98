/**
 * A string breakout before a call in a long value (`";alert(1)`, `%22;alert(1)`), read back from the call's `(` or
 * backtick as `checkScriptBreakout` reads forward from the quote.
 */

import { budget, spend, WORK_LIMIT } from './budget.js';
import {
  AMPERSAND,
  BACKSLASH,
  BACKTICK,
  DOUBLE_QUOTE,
  isDigit,
  isHtmlSpace,
  isLetter,
  PERCENT,
  SINGLE_QUOTE,
} from './chars.js';
import { percentAt, percentEnd, readEnd, readEscape, readReference } from './entities.js';
import { LOOK_BACK_SHIFT, mark, RULE_UNITS, WIDE_RULE_UNITS } from './needle-marks.js';
import {
  BREAKOUT_CLOSERS,
  BREAKOUT_NAME_UNITS,
  checkScriptBreakout,
  isJoiningOperator,
} from './script-rules.js';

/** How far `checkScriptBreakout` reads after a call's `(` for its `)`. */
const CALL_REACH = 128;

function isIdentifierUnit(code: number): boolean {
  return isLetter(code) || isDigit(code) || code === 0x5f || code === 0x24;
}

/** Index of the last unit before `at` that is no HTML space, or -1. */
function skipSpacesBack(codes: Uint16Array, at: number): number {
  let i = at - 1;
  while (i >= 0 && isHtmlSpace(codes[i] as number)) i--;
  return i;
}

/**
 * The code point of the escape ending at `codes[last]` (`%22`, `&quot;`, `&#59;`, `\x3b`: one to ten units, read
 * from their start), or -1.
 */
function escapeEndingAt(codes: Uint16Array, last: number, length: number): number {
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
    if (point >= 0 && end === last + 1) return point;
  }
  return -1;
}

function isQuote(code: number): boolean {
  return code === DOUBLE_QUOTE || code === SINGLE_QUOTE || code === BACKTICK;
}

function isCloser(code: number): boolean {
  return code === 0x29 || code === 0x5d || code === 0x7d;
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
  let i = at - 1;
  while (
    i >= 0 &&
    at - i <= BREAKOUT_NAME_UNITS &&
    (isIdentifierUnit(codes[i] as number) || codes[i] === 0x2e)
  )
    i--;
  const nameStart = i + 1;
  if (at - nameStart < 2) return undefined;
  const operatorEnd = skipSpacesBack(codes, nameStart);
  const operator = codes[operatorEnd] as number;
  if (operatorEnd < 0) return undefined;
  if (!isJoiningOperator(operator)) {
    // `"%3Bfoo(1)`, `";%20foo(1)`: the operator or a space before the name is escaped; the window decodes it.
    budget.left -= RULE_UNITS;
    const point = escapeEndingAt(codes, operatorEnd, length);
    if (isJoiningOperator(point) || isHtmlSpace(point)) mark(at);
    return undefined;
  }
  const operatorStart = codes[operatorEnd - 1] === operator ? operatorEnd - 1 : operatorEnd;
  const last = skipSpacesBack(codes, operatorStart);
  if (!spend((at - last) >> LOOK_BACK_SHIFT)) return WORK_LIMIT;
  // The quote, then at most seven `)]}` up to `last`.
  const floor = Math.max(0, last - BREAKOUT_CLOSERS);
  let quoted = false;
  for (let q = last; q >= floor; q--) {
    if (isQuote(codes[q] as number)) {
      budget.left -= RULE_UNITS;
      quoted = true;
      const found = checkScriptBreakout(codes, q, length);
      if (found !== undefined) return found;
    }
  }
  // A breakout whose call closes only once decoded (`";foo(1%29`): the window decodes it.
  if (quoted && escapeInCall(codes, at, length)) mark(at);
  budget.left -= RULE_UNITS;
  for (let q = last; q >= floor; q--) {
    const point = escapeEndingAt(codes, q, length);
    if (isQuote(point)) {
      const parts = { last, operatorStart, nameStart, at };
      return checkCollapsedBreakout(codes, point, q + 1, parts, length);
    }
    // An escaped `)]}`, space or first operator (`%22%29;foo(1)`, `"%3B;foo(1)`): the window decodes it with the
    // quote before it.
    if (isCloser(point) || isHtmlSpace(point) || isJoiningOperator(point)) {
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
  budget.left -= (limit - at) >> LOOK_BACK_SHIFT;
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
  const operatorEnd = skipSpacesBack(codes, parts.nameStart) + 1;
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

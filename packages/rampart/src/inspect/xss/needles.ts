/**
 * The checks a long value runs at each needle (a character found natively at which a rule can start), in place on
 * the value's copy. Each first asks the cheap question that rules the needle out in ordinary text (`https:`,
 * `a=1&b=2`, JSON's `":` and `["`), and only then runs the rule the short scanner would run there.
 */

import { breakoutBefore } from './breakout-before.js';
import { budget, READ_SHIFT, spend, WORK_LIMIT } from './budget.js';
import {
  AMPERSAND,
  BACKSLASH,
  BACKTICK,
  COLON,
  DOUBLE_QUOTE,
  EQUALS,
  HASH,
  isHtmlSpace,
  isIdentifierUnit,
  isLetter,
  LEFT_BRACE,
  LEFT_PAREN,
  PERCENT,
  PLUS,
  RIGHT_BRACE,
  SINGLE_QUOTE,
  SLASH,
} from './chars.js';
import { percentAt, percentEnd, readEnd, readEscape, readReference } from './entities.js';
import { resetEscapedBoundaries } from './escaped-boundaries.js';
import { gluesToName } from './escaped-names.js';
import { COLON_WORD_ENDS, decodesToCandidate } from './escapes.js';
import { mark, RULE_UNITS, SCHEME_RULE_UNITS, source, WIDE_RULE_UNITS } from './needle-marks.js';
import { isQuiet, NEEDLE_UNITS } from './quiet-needles.js';
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
import {
  aliasBreakoutBefore,
  checkScriptBreakout,
  checkScriptCall,
  isSinkAssigned,
  mayCallSink,
  SINK_FIRST,
} from './script-rules.js';
import {
  checkCssInText,
  checkEventBreakout,
  checkScheme,
  HANDLER_SPACES,
  isColonWord,
  MAX_COLON_WORD_UNITS,
  SCHEME_REACH,
} from './text-rules.js';
import { shiftedDigits } from './utf7.js';

export { mark, source } from './needle-marks.js';
export { hasQuietCheck, isPlainPercent, isQuietNeedle, NEEDLE_UNITS, quietName } from './quiet-needles.js';

/**
 * The next `![]` at or after the last `(` pass's floor, found natively, or -1 before the first: JSFuck
 * is only looked for around a `(` that has one within its reach.
 */
const jsFuckSeed = { at: -1 };

/**
 * The next `}` at or after `from`, looked for up to `limit`, or -1. The `&{` of a long value are met in order:
 * the stretch found free of `}` is remembered, so `&{&{&{...` costs one read per unit, not one per unit and entity.
 */
const braceSearch = { scannedTo: 0, found: -1 };

function nextBrace(codes: Uint16Array, from: number, limit: number): number {
  const memo = braceSearch;
  if (memo.found >= from) return memo.found < limit ? memo.found : -1;
  const read = Math.max(from, memo.scannedTo);
  let i = read;
  while (i < limit && codes[i] !== RIGHT_BRACE) i++;
  budget.left -= (i - read) >> READ_SHIFT;
  if (i < limit) {
    memo.found = i;
    return i;
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
  const c = codes[i];
  if (c === 0x29 || c === 0x5d || c === SLASH) {
    budget.left -= (at - i) >> READ_SHIFT;
    return i >= floor;
  }
  // After a name, only a `.` (or a comment's end) continues the chain `checkDomWrite` reads back: `(12ms) ua=` in
  // a log line is no member.
  while (i >= floor && isIdentifierUnit(codes[i] as number)) i--;
  while (i >= floor && isHtmlSpace(codes[i] as number)) i--;
  budget.left -= (at - i) >> READ_SHIFT;
  return i >= floor && (codes[i] === SLASH || codes[i] === 0x2e);
}

/**
 * At a `=`: the name before it decides which rule can apply: an `on…` name (at most as many spaces before the
 * `=` as `checkEventBreakout` skips) opens a handler, a member after a `.` (or a `)`/`]`) may be a page write.
 * `a=1` in a query string runs neither.
 */
/** True when a sink's first letter follows the `=` at `at`, after at most two spaces. */
function sinkFollows(codes: Uint16Array, at: number, length: number): boolean {
  let i = at + 1;
  while (i < length && i - at <= 2 && codes[i] === 0x20) i++;
  return i < length && SINK_FIRST[codes[i] as number] === 1;
}

function atEquals(codes: Uint16Array, at: number, length: number): string | undefined {
  // The look before the `=`: twice a needle's cost with the search's, as timed on `x=x=...` and `next=h...`.
  budget.left -= 2 * NEEDLE_UNITS;
  let i = at - 1;
  while (i >= 0 && at - i <= HANDLER_SPACES && isHtmlSpace(codes[i] as number)) i--;
  budget.left -= (at - 1 - i) >> READ_SHIFT;
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
  if (codes[at + 1] === EQUALS) {
    // `==` compares, writes nothing; the name read back is charged here, as `mayWriteDom` charges it otherwise.
    budget.left -= (at - nameStart) >> READ_SHIFT;
    return undefined;
  }
  // `$=alert`: a sink given another name after a string breakout. A needle's cost when a sink's first letter
  // follows, as timed on `"-a=alert ` repeated.
  if (sinkFollows(codes, at, length)) {
    budget.left -= NEEDLE_UNITS;
    if (isSinkAssigned(codes, at, length)) {
      budget.left -= RULE_UNITS;
      const found = aliasBreakoutBefore(codes, at, length);
      if (found !== undefined) return found;
    }
  }
  if (!mayWriteDom(codes, at)) return undefined;
  // The chain's reads are charged by `checkDomWrite` itself.
  budget.left -= RULE_UNITS;
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
  // Controls before a `:` are read back past, a needle's cost (timed on `:\t\t\t:...`) and a quarter per control.
  if (i < at - 1) budget.left -= NEEDLE_UNITS + ((at - 1 - i) >> READ_SHIFT);
  if (i < 0) return undefined;
  const last = (codes[i] as number) | 0x20;
  if (last >= 0x80 || COLON_WORD_END[last] !== 1) return undefined;
  if (i === at - 1) {
    // No control before the `:`: the word is its run of letters, and only a scheme or binding property that ends
    // there is read (`color:`, `hover:` in a style sheet are not). A `-` or a control before it gets the rules.
    let w = i;
    while (w >= 0 && at - w <= MAX_COLON_WORD_UNITS && isLetter(codes[w] as number)) w--;
    budget.left -= (at - 1 - w) >> READ_SHIFT;
    // The word and its lookup: a needle's cost.
    budget.left -= NEEDLE_UNITS;
    const before = w >= 0 ? (codes[w] as number) : 0x20;
    if (before !== 0x2d && before >= 0x20 && !isColonWord(codes, w + 1, at)) return undefined;
  }
  // The scheme rule reads the word back and up to a media type forward, the CSS rule the word again.
  budget.left -= SCHEME_RULE_UNITS;
  return checkScheme(codes, 0, at, length) ?? checkCssInText(codes, 0, at, length);
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
  // The rules run only after the last unit of a name they read: a `(` after punctuation or an ideograph (`（` in
  // Chinese prose) or after most names (`print(`, `f(`) costs the look at the unit before it and the JSFuck and
  // breakout screens, twice a needle's cost (timed on `((((...`).
  budget.left -= 2 * NEEDLE_UNITS;
  let found: string | undefined;
  // `url(` and `expression(` (`checkCssInText`) end with `l` or `n` right before the `(`.
  const before = (at > 0 ? (codes[at - 1] as number) : 0) | 0x20;
  if (before === 0x6c || before === 0x6e) {
    budget.left -= RULE_UNITS;
    found = checkCssInText(codes, 0, at, length);
  }
  if (found === undefined && mayCallSink(codes, at)) {
    budget.left -= RULE_UNITS;
    found = checkScriptCall(codes, 0, at, length);
  }
  if (found === undefined && isJsFuckUnit(codes[at + 1] as number) && nearJsFuckSeed(at, length)) {
    if (!spend(WIDE_RULE_UNITS)) return WORK_LIMIT;
    found = checkJsFuck(codes, 0, at, length);
  }
  return found ?? breakoutBefore(codes, at, length);
}

/**
 * True when `checkTaggedCall` can find `.call` or `.apply` before the backtick at `at`: the unit before it ends one
 * of them, or is a space or a comment's `/` it reads back past.
 */
function mayTagCall(codes: Uint16Array, at: number): boolean {
  const c = at > 0 ? (codes[at - 1] as number) : 0;
  return c === 0x6c || c === 0x79 || c === SLASH || isHtmlSpace(c);
}

function atBacktick(codes: Uint16Array, at: number, length: number): string | undefined {
  // Three rules look around each backtick, and a fourth reads back past spaces and comments: a rule's cost each,
  // their reads charged apart (timed on ``` `\n\n`\n\n... ```).
  budget.left -= 2 * RULE_UNITS;
  let found = mayCallSink(codes, at) ? checkScriptCall(codes, 0, at, length) : undefined;
  found ??= checkScriptBreakout(codes, at, length);
  if (found === undefined && mayTagCall(codes, at)) {
    budget.left -= RULE_UNITS;
    found = checkTaggedCall(codes, 0, at);
  }
  return found ?? breakoutBefore(codes, at, length);
}

/**
 * At a `[` before a quote: a global's property reached by a quoted name (`self["alert"]`). The quote may follow
 * spaces and a comment as far as `checkGlobalAccess` reads back from it: after a
 * comment, each quote in that reach is checked (only code puts a comment after a `[`).
 */
function atBracket(codes: Uint16Array, at: number, length: number): string | undefined {
  // A global's name, a `)` around one, or the spaces or comment `checkGlobalAccess` reads back past, ends right
  // before the `[`: JSON's `":[` is ruled out by that unit alone.
  const before = at > 0 ? (codes[at - 1] as number) : 0;
  if (!(isIdentifierUnit(before) || before === 0x29 || before === SLASH || isHtmlSpace(before)))
    return undefined;
  // The look past the `[`: twice a needle's cost with the search's, as timed on `a[a[...`.
  budget.left -= NEEDLE_UNITS;
  const limit = Math.min(length, at + 1 + LOOK_REACH);
  let quote = at + 1;
  while (quote < limit && isHtmlSpace(codes[quote] as number)) quote++;
  // Spaces after the `[` (none in JSON or Markdown) cost a needle's and a quarter each, as timed on `[\n\n[...`.
  if (quote > at + 1) budget.left -= NEEDLE_UNITS + ((quote - at) >> READ_SHIFT);
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
  // Called once `isQuietNeedle` found the escape no quiet one.
  if (needle === PERCENT) {
    code = percentAt(codes, at, length);
    after = percentEnd;
    byte = after === at + 3;
  } else if (needle === AMPERSAND) {
    budget.left -= RULE_UNITS;
    if (codes[at + 1] === LEFT_BRACE) return atScriptEntity(codes, at, length);
    code = readReference(codes, at, length);
    after = readEnd;
  } else if (needle === BACKSLASH) {
    code = readEscape(codes, at, length);
    after = readEnd;
  } else if (codes[at + 1] === 0x41 && shiftedDigits(codes, at, length) > 0) mark(at);
  // The escape was read in full and, unless quiet, its neighbours are judged: a rule's cost, not a needle's. A
  // reference's digits, however many, were charged as `readReference` read them.
  budget.left -= RULE_UNITS + (code < 0 || needle === AMPERSAND ? 0 : (after - at) >> READ_SHIFT);
  if (code < 0) return undefined;
  if (
    isQuiet(code)
      ? gluesToName(codes, after, length, code)
      : decodesToCandidate(codes, at, after, code, byte, length)
  )
    mark(at);
  return undefined;
}

/**
 * For the needles whose rules all need a certain unit right before them, 1 for each such unit: a name's last
 * letter, a `)`, a comment's `/` or a space before a `[` (`atBracket`); a control or the last letter of a scheme or
 * binding property before a `:` (`atColon`). A pass looks it up before it calls the rule: JSON's `":[` and `":`
 * cost a table lookup each.
 */
const BRACKET_BEFORE = new Uint8Array(0x10000);
const COLON_BEFORE = new Uint8Array(0x10000);
/**
 * The same for the unit right after: an octal digit, `x` or `u` after a `\` (`readEscape`); `#`, `{` or a letter after a `&`
 * (a reference, a JavaScript entity); `A` after a `+` (UTF-7). `\frac` in LaTeX and `&&` in code cost a lookup.
 */
const BACKSLASH_AFTER = new Uint8Array(0x10000);
const AMPERSAND_AFTER = new Uint8Array(0x10000);
const PLUS_AFTER = new Uint8Array(0x10000);
for (let c = 0; c < 0x80; c++) {
  BRACKET_BEFORE[c] = isIdentifierUnit(c) || c === 0x29 || c === SLASH || isHtmlSpace(c) ? 1 : 0;
  COLON_BEFORE[c] = c < 0x20 || (isLetter(c) && COLON_WORD_END[c | 0x20] === 1) ? 1 : 0;
  BACKSLASH_AFTER[c] = (c >= 0x30 && c <= 0x37) || (c | 0x20) === 0x78 || (c | 0x20) === 0x75 ? 1 : 0;
  AMPERSAND_AFTER[c] = c === HASH || c === LEFT_BRACE || isLetter(c) ? 1 : 0;
  PLUS_AFTER[c] = c === 0x41 ? 1 : 0;
}

/** Every code unit: a needle whose rules may have any unit around it. */
const ANY_UNIT = new Uint8Array(0x10000).fill(1);

/** The units a rule of `needle` needs right before it (see {@link BRACKET_BEFORE}): all for most needles. */
export function unitsBefore(needle: number): Uint8Array {
  return needle === 0x5b ? BRACKET_BEFORE : needle === COLON ? COLON_BEFORE : ANY_UNIT;
}

/** The units a rule of `needle` needs right after it (see {@link BACKSLASH_AFTER}): all for most needles. */
export function unitsAfter(needle: number): Uint8Array {
  switch (needle) {
    case BACKSLASH:
      return BACKSLASH_AFTER;
    case AMPERSAND:
      return AMPERSAND_AFTER;
    case PLUS:
      return PLUS_AFTER;
    default:
      return ANY_UNIT;
  }
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

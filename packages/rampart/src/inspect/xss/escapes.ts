/**
 * Which escapes in a long value need a decoded reading. A long value is read in place, undecoded; only the
 * neighbourhood of an escape that decodes to something a rule starts at is decoded and read in full. Escapes of
 * digits and other punctuation (`%2C`, `&#46;`), which fill ordinary encoded text, are not: they change nothing a
 * rule reads unless a rule's own start is escaped too. Escapes of spaces, quotes and slashes (`%20`, `&quot;`,
 * `%2F`) are read when what follows them can complete a rule (`escaped-boundaries.ts`).
 */

import { budget, READ_SHIFT } from './budget.js';
import {
  AMPERSAND,
  COLON,
  EQUALS,
  HASH,
  hexValue,
  isDigit,
  isHtmlSpace,
  isLetter,
  PERCENT,
  toLower,
} from './chars.js';
import { decodedAt, decodedEnd, readEnd, readReference } from './entities.js';
import { completesBoundary } from './escaped-boundaries.js';
import { gluesToName } from './escaped-names.js';
import { opensEscapedTag } from './escaped-tags.js';
import { foldCode } from './normalize.js';
import { CSS_BINDING_PROPERTIES } from './text-rules.js';
import { SCHEME_NAMES } from './urls.js';

/** Last letters of the words read at a `:` (schemes, binding properties), lower case: `t` of `javascript`... */
export const COLON_WORD_ENDS: readonly number[] = [
  ...new Set([...SCHEME_NAMES, ...CSS_BINDING_PROPERTIES].map((word) => word.charCodeAt(word.length - 1))),
];

/**
 * True when a `\` decoded from an escape, before `codes[after]`, starts a JavaScript escape the unescaped view
 * decodes (octal `\0` to `\377`, `\x`, `\u`, the next unit maybe escaped too): `%5C%22` in encoded JSON (`\"`)
 * starts none.
 */
function startsScriptEscape(codes: Uint16Array, after: number, end: number): boolean {
  const next = decodedAt(codes, after, end);
  const kind = next | 0x20;
  return (next >= 0x30 && next <= 0x37) || kind === 0x78 || kind === 0x75;
}

/**
 * True when an escaped `=` at `at` may open a handler or a page write: after an `on…` name (its letters, up to 48) or
 * a member (`.textContent`: letters and digits after a dot, up to 64), which the rule at a raw `=` would read
 * (`checkEventBreakout`, `checkDomWrite`). Both names are read back in one pass.
 */
function equalsEndsName(codes: Uint16Array, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && at - i <= 48 && isLetter(codes[i] as number)) i--;
  if (at - i > 3 && toLower(codes[i + 1] as number) === 0x6f && toLower(codes[i + 2] as number) === 0x6e) {
    budget.left -= (at - 1 - i) >> READ_SHIFT;
    return true;
  }
  while (i >= 0 && at - i <= 64 && (isLetter(codes[i] as number) || isDigit(codes[i] as number))) i--;
  budget.left -= (at - 1 - i) >> READ_SHIFT;
  return i < at - 1 && codes[i] === 0x2e;
}

/**
 * True when an escaped `:` at `at` may end a scheme or binding property: after another escape (`%74%3A`,
 * `&#116;&#58;`) or a scheme's last letter; not in `https%3A%2F%2F`.
 */
function colonEndsWord(codes: Uint16Array, at: number): boolean {
  const before = at > 0 ? (codes[at - 1] as number) : 0;
  return !(isLetter(before) || isDigit(before)) || COLON_WORD_END[toLower(before) & 0x7f] === 1;
}

/** {@link COLON_WORD_ENDS} as a table. */
const COLON_WORD_END = new Uint8Array(0x80);
for (const c of COLON_WORD_ENDS) COLON_WORD_END[c] = 1;

/**
 * True when the escape `codes[at..after)` decodes to `code` (a UTF-8 byte when `byte`) that a rule may start at
 * or that hides one: a letter (`&#106;avascript:`), a control, a `<` that opens a tag the short reading may report
 * (`escaped-tags.ts`), `(`, a backtick, a backslash that starts a JavaScript escape, a `:` after a scheme's last
 * letter, a `=` after an `on…` name or a member, a `+A` (UTF-7), a `%` or `&` that starts another escape (double
 * encoding), a character that folds to ASCII (`%EF%BC%9C` is `＜`), or a space, quote or slash that what follows
 * can complete a rule with (`%22;alert(1)`, `x%20onerror=`; see `escaped-boundaries.ts`). `nested` is set for the
 * second level of a double encoding, past which any escape counts.
 */
export function decodesToCandidate(
  codes: Uint16Array,
  at: number,
  after: number,
  code: number,
  byte: boolean,
  end: number,
  nested = false,
): boolean {
  if (code >= 0x80) return byte ? code === 0xe3 || code === 0xef : foldCode(code) !== code;
  if (code < 0x20 || isLetter(code)) return true;
  switch (code) {
    case 0x20 /* space */:
    case 0x22 /* " */:
    case 0x27 /* ' */:
    case 0x2f /* / */:
      return completesBoundary(codes, code, at, after, end);
    case PERCENT:
      // `%253C`: the `%` and the hex digits after it are a second escape.
      if (
        nested ||
        (hexValue(codes[after] ?? 0) >= 0 && hexValue(codes[after + 1] ?? 0) >= 0) ||
        toLower(codes[after] ?? 0) === 0x75
      )
        return true;
      break;
    case AMPERSAND: {
      const next = codes[after];
      if (nested || next === HASH || next === PERCENT || next === 0x7b) return true;
      // `&amp;lt;` is `<` once unescaped twice; `&amp;b=2` is a query string.
      const point = readReference(codes, after - 1, end);
      if (point >= 0 && decodesToCandidate(codes, after, readEnd, point, false, end, true)) return true;
      break;
    }
    default:
      if (opensRuleAt(codes, at, after, code, end)) return true;
  }
  return gluesToName(codes, after, end, code);
}

/**
 * True when the escape `codes[at..after)` of the ASCII punctuation `code` (not a space, quote, slash, `%` or `&`)
 * starts a rule or hides one's start, told by its neighbours: `(` and backtick always, a `<` that opens a tag the
 * short reading may report, a `\` that starts a JavaScript escape, `+A` (UTF-7), a `:` after a scheme's last
 * letter, a `=` after a handler's or member's name, a `[` between a global's name and a quote. The name an escape's
 * last digits may glue to is judged apart (`gluesToName`).
 */
export function opensRuleAt(
  codes: Uint16Array,
  at: number,
  after: number,
  code: number,
  end: number,
): boolean {
  switch (code) {
    case 0x28 /* ( */:
    case 0x60 /* ` */:
      return true;
    case 0x3c /* < */:
      return opensEscapedTag(codes, after, end);
    case 0x5c /* \ */:
      return startsScriptEscape(codes, after, end);
    case 0x2b /* + */:
      return codes[after] === 0x41;
    case COLON:
      return colonEndsWord(codes, at);
    case EQUALS:
      return equalsEndsName(codes, at);
    case 0x5b /* [ */:
      return bracketsQuote(codes, at, after, end);
    default:
      return false;
  }
}

/** How far after an escaped `[` the quote of `checkGlobalAccess` may be, spaces between. */
const BRACKET_REACH = 64;

/**
 * True when an escaped `[` at `at` stands between a name, a `)`, a space or a comment and a quote, raw or escaped
 * (`top%5B'cookie'%5D`, `self%5B%22alert%22%5D`): `checkGlobalAccess` reads the `[` decoded. Encoded JSON's
 * `%3A%5B%22` is ruled out by the escaped `:` before it.
 */
function bracketsQuote(codes: Uint16Array, at: number, after: number, end: number): boolean {
  let before = at > 0 ? (codes[at - 1] as number) : 0;
  if (at >= 3 && codes[at - 3] === PERCENT) {
    // The unit before may itself be an escape's last digit.
    const high = hexValue(codes[at - 2] as number);
    const low = hexValue(before);
    if (high >= 0 && low >= 0) before = high * 16 + low;
  }
  if (!(isLetter(before) || isDigit(before) || before === 0x5f || before === 0x24 || before === 0x29)) {
    if (before !== 0x2f && !isHtmlSpace(before)) return false;
  }
  let i = after;
  let c = decodedAt(codes, i, end);
  while (isHtmlSpace(c) && i - after < BRACKET_REACH) {
    i = decodedEnd;
    c = decodedAt(codes, i, end);
  }
  budget.left -= (i - after) >> READ_SHIFT;
  return c === 0x22 || c === 0x27 || c === 0x2f;
}

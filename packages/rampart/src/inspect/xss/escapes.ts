/**
 * Which escapes in a long value need a decoded reading. A long value is read in place, undecoded; only the
 * neighbourhood of an escape that decodes to something a rule starts at is decoded and read in full. Escapes of
 * digits and other punctuation (`%2C`, `&#46;`), which fill ordinary encoded text, are not: they change nothing a
 * rule reads unless a rule's own start is escaped too. Escapes of spaces, quotes and slashes (`%20`, `&quot;`,
 * `%2F`) are read when what follows them can complete a rule (`escaped-boundaries.ts`).
 */

import { AMPERSAND, COLON, EQUALS, HASH, hexValue, isDigit, isLetter, PERCENT, toLower } from './chars.js';
import { readEnd, readReference } from './entities.js';
import { completesBoundary } from './escaped-boundaries.js';
import { foldCode } from './normalize.js';
import { CSS_BINDING_PROPERTIES } from './text-rules.js';
import { SCHEME_NAMES } from './urls.js';

/** Last letters of the words read at a `:` (schemes, binding properties), lower case: `t` of `javascript`... */
export const COLON_WORD_ENDS: readonly number[] = [
  ...new Set([...SCHEME_NAMES, ...CSS_BINDING_PROPERTIES].map((word) => word.charCodeAt(word.length - 1))),
];

/** True when the word ending just before `at` starts with `on`: an escaped `=` after it may open a handler. */
function followsHandlerName(codes: Uint16Array, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && at - i <= 48 && isLetter(codes[i] as number)) i--;
  return at - i > 3 && toLower(codes[i + 1] as number) === 0x6f && toLower(codes[i + 2] as number) === 0x6e;
}

/**
 * True when a member name ends just before `at` (`.textContent`): an escaped `=` after it may be a page write,
 * which the rule at a raw `=` would read (`checkDomWrite`).
 */
function followsMember(codes: Uint16Array, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && at - i <= 64 && (isLetter(codes[i] as number) || isDigit(codes[i] as number))) i--;
  return i < at - 1 && codes[i] === 0x2e;
}

/**
 * True when the escape `codes[at..after)` decodes to `code` (a UTF-8 byte when `byte`) that a rule may start at
 * or that hides one: a letter (`&#106;avascript:`), a control, `<`, `(`, a backtick, a backslash, a `:` after a
 * scheme's last letter, a `=` after an `on…` name or a member, a `+A` (UTF-7), a `%` or `&` that starts another escape (double
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
    case 0x3c /* < */:
    case 0x28 /* ( */:
    case 0x60 /* ` */:
    case 0x5c /* \ */:
      return true;
    case 0x2b /* + */:
      return codes[after] === 0x41;
    case COLON: {
      const before = at > 0 ? (codes[at - 1] as number) : 0;
      // After another escape (`%74%3A`, `&#116;&#58;`) or a scheme's last letter; not in `https%3A%2F%2F`.
      return !(isLetter(before) || isDigit(before)) || COLON_WORD_ENDS.includes(toLower(before));
    }
    case EQUALS:
      return followsHandlerName(codes, at) || followsMember(codes, at);
    case 0x20 /* space */:
    case 0x22 /* " */:
    case 0x27 /* ' */:
    case 0x2f /* / */:
      return completesBoundary(codes, code, at, after, end);
    case PERCENT:
      // `%253C`: the `%` and the hex digits after it are a second escape.
      return (
        nested ||
        (hexValue(codes[after] ?? 0) >= 0 && hexValue(codes[after + 1] ?? 0) >= 0) ||
        toLower(codes[after] ?? 0) === 0x75
      );
    case AMPERSAND: {
      const next = codes[after];
      if (nested || next === HASH || next === PERCENT || next === 0x7b) return true;
      // `&amp;lt;` is `<` once unescaped twice; `&amp;b=2` is a query string.
      const point = readReference(codes, after - 1, end);
      return point >= 0 && decodesToCandidate(codes, after, readEnd, point, false, end, true);
    }
    default:
      return false;
  }
}

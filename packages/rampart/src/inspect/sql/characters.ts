/**
 * How the tokenizer classifies characters: word characters (names, keywords, numbers), spaces, digits. A table
 * gives the class of any UTF-16 unit in one load; regular expressions give the same classes to native scans of
 * long runs.
 *
 * How this folder's code is written for V8, which compiles it:
 * - Each file that reads a value declares `const charCodeAt = String.prototype.charCodeAt` and calls
 *   `charCodeAt.call(value, i)`, never `value.charCodeAt(i)`; the same for `indexOf`, `includes` and `slice`. V8
 *   keeps a string in one of several representations (one or two bytes per character; flat, sliced,
 *   concatenated, thin, internalized), each with its own hidden class, and a server meets them all: query parsers
 *   slice, decoders concatenate, `JSON.parse` internalizes short strings, and the detector's own readings decode
 *   and fold values. A `value.charCodeAt(i)` site that has met more than four of them goes megamorphic: each call
 *   looks the method up in a global cache, at ten times the cost of the read, and is no longer inlined. Through a
 *   constant of the file the read is inlined whatever the representation.
 * - Each file binds what it imports once, as constants of its own (`const { roleOf } = lexicon`). An imported
 *   binding is live, so the compiled code reloads it and checks it at every use, and a function called through it
 *   is inlined without its constants; a constant of the file is folded into the code, and so are the constants
 *   of the functions it names. On 32-byte values this took a tenth off the whole detector.
 */

import * as charCodes from '../char-codes.js';

/** Runs of spaces and control characters, skipped natively once they are longer than a few characters. */
export const SPACES = /[\0-\x20\xa0]*/y;
/** The word characters above ASCII (see {@link markWordChars}), as the body of a regular expression's class. */
export const WIDE_WORD_CLASS =
  '\\x80-\\x9f\\xa1-\\u1fff\\u2070-\\u2fff\\u3040-\\uff00\\uff04\\uff10-\\uff19\\uff21-\\uff3a\\uff3f\\uff41-\\uff5a\\uff5f-\\ufffc\\ufffe\\uffff';
/** The rest of a long word, read natively (see {@link isWordChar}). */
export const WORD_REST = new RegExp(`[0-9A-Za-z_$${WIDE_WORD_CLASS}]*`, 'y');
/** U+FFFD, what a decoder makes of a byte that is not text. */
const REPLACEMENT = 0xfffd;
const { FULLWIDTH_OFFSET, isDigit } = charCodes;

export { isDigit } from '../char-codes.js';

/**
 * Sets `table[c] = value` for every word character `c` of a zeroed table, and returns it: letters, digits, `_`,
 * `$` and non-ASCII characters (identifiers may be Unicode), punctuation aside. By ranges, natively: a script loop
 * over all 65,536 units cost milliseconds at load time for each table built this way.
 */
export function markWordChars<Table extends Uint8Array | Uint16Array>(table: Table, value: number): Table {
  table.fill(value, 0x80);
  // The no-break space and U+FFFD (what a decoder makes of a byte that is not text) separate words, as the
  // byte it replaced did to the database (`1\ufffdUNION\ufffdSELECT`). General punctuation (typographic quotes,
  // dashes, primes), CJK punctuation (the ideographic space) and fullwidth punctuation are not letters either;
  // other readings fold them to the ASCII they stand for.
  table[0xa0] = 0;
  table[REPLACEMENT] = 0;
  table.fill(0, 0x2000, 0x2070);
  table.fill(0, 0x3000, 0x3040);
  table.fill(0, 0xff01, 0xff5f);
  // ASCII letters, digits, `_` and `$`, and their fullwidth forms.
  for (const offset of [0, FULLWIDTH_OFFSET]) {
    table.fill(value, 0x30 + offset, 0x3a + offset);
    table.fill(value, 0x41 + offset, 0x5b + offset);
    table.fill(value, 0x61 + offset, 0x7b + offset);
    table[0x5f + offset] = value;
    table[0x24 + offset] = value;
  }
  return table;
}

/** The bits of {@link charClass}. */
export const WORD_CHAR = 1;
export const SPACE_CHAR = 2;
export const DIGIT_CHAR = 4;

/**
 * Per UTF-16 unit, whether it is a word character, a space, a digit: one load per character. Control characters
 * count as spaces: several servers and drivers skip them, and so do fuzzing payloads.
 */
const CHAR_CLASS = (() => {
  const classes = markWordChars(new Uint8Array(0x10000), WORD_CHAR);
  classes.fill(SPACE_CHAR, 0, 0x21);
  classes[0xa0] = SPACE_CHAR;
  classes[REPLACEMENT] = SPACE_CHAR;
  classes.fill(WORD_CHAR | DIGIT_CHAR, 0x30, 0x3a);
  return classes;
})();

/** The {@link WORD_CHAR}, {@link SPACE_CHAR} and {@link DIGIT_CHAR} bits of `c`, where one load must tell them all. */
export function charClass(c: number): number {
  return CHAR_CLASS[c] as number;
}

export function isWordChar(c: number): boolean {
  return ((CHAR_CLASS[c] as number) & WORD_CHAR) !== 0;
}

export function isSpace(c: number): boolean {
  return ((CHAR_CLASS[c] as number) & SPACE_CHAR) !== 0;
}

export function isHexDigit(c: number): boolean {
  const lower = c | 0x20;
  return isDigit(c) || (lower >= 0x61 && lower <= 0x66);
}

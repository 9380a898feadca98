/**
 * Character codes and classifiers shared by the XSS scanners. Everything works on UTF-16 code units so that no
 * scanner allocates a string per character.
 */

export const NUL = 0x00;
export const TAB = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
export const SPACE = 0x20;
export const BANG = 0x21;
export const DOUBLE_QUOTE = 0x22;
export const HASH = 0x23;
export const PERCENT = 0x25;
export const AMPERSAND = 0x26;
export const SINGLE_QUOTE = 0x27;
export const LEFT_PAREN = 0x28;
export const RIGHT_PAREN = 0x29;
export const PLUS = 0x2b;
export const COMMA = 0x2c;
export const MINUS = 0x2d;
export const SLASH = 0x2f;
export const COLON = 0x3a;
export const SEMICOLON = 0x3b;
export const LESS_THAN = 0x3c;
export const EQUALS = 0x3d;
export const GREATER_THAN = 0x3e;
export const QUESTION = 0x3f;
export const BACKSLASH = 0x5c;
export const BACKTICK = 0x60;
export const LEFT_BRACE = 0x7b;
export const RIGHT_BRACE = 0x7d;

/** ASCII letter, either case. */
export function isLetter(code: number): boolean {
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}

import { isDigit } from '../char-codes.js';

export { hexValue, isDigit } from '../char-codes.js';

/** An ASCII unit of a JavaScript name: a letter, a digit, `_` or `$`. */
export function isIdentifierUnit(code: number): boolean {
  return isLetter(code) || isDigit(code) || code === 0x5f || code === 0x24;
}

/** The whitespace of the HTML tokenizer (tab, LF, FF, CR, space). */
export function isHtmlSpace(code: number): boolean {
  return code === SPACE || code === TAB || code === LF || code === 0x0c || code === CR;
}

/**
 * JavaScript's WhiteSpace and LineTerminator (ECMA-262 §12.2-12.3): the HTML spaces, and also VT, the no-break space,
 * the byte-order mark, the line and paragraph separators and every other Unicode space separator (Zs). Between the
 * tokens of a script (`";\u00a0alert(1)//` once a string is closed) they separate as a space does, where the HTML
 * tokenizer reads them as text.
 */
export function isScriptSpace(code: number): boolean {
  if (code <= SPACE) return code === SPACE || (code >= TAB && code <= CR);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** ASCII lower case of one code unit; other code units are returned unchanged. */
export function toLower(code: number): number {
  return code >= 0x41 && code <= 0x5a ? code | 0x20 : code;
}

/**
 * True when `codes[at..]` starts with `word` (ASCII lower case), ignoring ASCII case. `end` bounds the read so a
 * match never runs past the text.
 */
export function startsWithWord(codes: Uint16Array, at: number, end: number, word: string): boolean {
  const length = word.length;
  if (at + length > end) return false;
  for (let i = 0; i < length; i++) {
    if (toLower(codes[at + i] ?? 0) !== word.charCodeAt(i)) return false;
  }
  return true;
}

/** {@link CHAR_CLASS} bit: HTML whitespace (tab, LF, FF, CR, space). */
export const SPACE_CLASS = 1;
/** {@link CHAR_CLASS} bit: `+`, a space once form-decoded. */
export const PLUS_CLASS = 2;
/** {@link CHAR_CLASS} bit: `/`, which ends a tag or attribute name and separates attributes. */
export const SLASH_CLASS = 4;
/** {@link CHAR_CLASS} bit: `>`. */
export const GREATER_THAN_CLASS = 64;
/** {@link CHAR_CLASS} bit: `=`. */
export const EQUALS_CLASS = 8;
/** {@link CHAR_CLASS} bit: ASCII letter or digit. */
export const ALNUM_CLASS = 16;
/**
 * {@link CHAR_CLASS} bit: `-`, `.` and `_`, which an element's name holds past its letters (custom elements:
 * `<script-loader>` is no script element in any parser).
 */
export const NAME_PUNCTUATION_CLASS = 128;
/** {@link CHAR_CLASS} bit: a character at which a plain-value rule starts (`<`, quotes, `&`, `(`, `:`, `=`, backtick, `\`). */
export const TRIGGER_CLASS = 32;

/**
 * Classes of every UTF-16 code unit, so the tokenizer's loops test one table entry per character instead of a chain
 * of comparisons. 64 KiB, indexed by any code unit without a bounds branch.
 */
export const CHAR_CLASS = new Uint8Array(0x10000);
for (const c of '\t\n\f\r ') CHAR_CLASS[c.charCodeAt(0)] = SPACE_CLASS;
CHAR_CLASS[PLUS] = PLUS_CLASS;
CHAR_CLASS[SLASH] = SLASH_CLASS;
CHAR_CLASS[GREATER_THAN] = GREATER_THAN_CLASS;
for (let c = 0x30; c <= 0x39; c++) CHAR_CLASS[c] = ALNUM_CLASS;
for (let c = 0x41; c <= 0x5a; c++) CHAR_CLASS[c] = ALNUM_CLASS;
for (let c = 0x61; c <= 0x7a; c++) CHAR_CLASS[c] = ALNUM_CLASS;
for (const c of '<"\'&(:=`\\') CHAR_CLASS[c.charCodeAt(0)] = TRIGGER_CLASS;
for (const c of '-._') CHAR_CLASS[c.charCodeAt(0)] = NAME_PUNCTUATION_CLASS;
CHAR_CLASS[EQUALS] = TRIGGER_CLASS | EQUALS_CLASS;

/**
 * The character-code helpers both detectors need, defined once so that the SQL and XSS readings cannot disagree on
 * what a digit, a hexadecimal digit or a fullwidth form is. Hot paths bind them as constants of their own file (see
 * `sql/characters.ts`).
 */

/**
 * A code unit above Latin-1. V8 stores a string without one in one byte per character, and a regular expression
 * that cannot match such a string answers at once; in a two-byte string it stops at the first one.
 */
export const WIDE_UNIT = /[^\0-\xff]/;

/** What separates a fullwidth form (U+FF01-U+FF5E) from the ASCII character it stands for. */
export const FULLWIDTH_OFFSET = 0xfee0;

/** ASCII digit. */
export function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** The value of a hexadecimal digit, or -1. */
export function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/**
 * Fullwidth ASCII (`＇`, `＜`) and the ideographic space as the ASCII they stand for, as databases and frameworks
 * fold them on the way in; any other code unit unchanged.
 */
export function foldWidth(code: number): number {
  if (code >= 0xff01 && code <= 0xff5e) return code - FULLWIDTH_OFFSET;
  return code === 0x3000 ? 0x20 : code;
}

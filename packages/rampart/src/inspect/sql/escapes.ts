/**
 * The escapes a decoding pass reads: `%XX`, `%uXXXX`, `\\xHH`, `\\uHHHH`, and the fullwidth forms that fold to
 * ASCII. Pure functions of the value, shared by `normalize.ts` and `references.ts`.
 */

import * as charCodes from '../char-codes.js';

export { foldWidth as fold, hexValue } from '../char-codes.js';

// Imports bound once as constants of this file, and characters read through a constant method: see `characters.ts`.
const { hexValue } = charCodes;
const charCodeAt = String.prototype.charCodeAt;

/** The byte of a `%XX` escape at `at`, or -1. */
export function escapedByte(value: string, at: number): number {
  if (charCodeAt.call(value, at) !== 0x25) return -1;
  const high = hexValue(charCodeAt.call(value, at + 1));
  const low = high < 0 ? -1 : hexValue(charCodeAt.call(value, at + 2));
  return low < 0 ? -1 : high * 16 + low;
}

/** The unit of a `\xHH` or `\uHHHH` escape at `at` (its backslash), or -1. */
export function jsEscape(value: string, at: number): number {
  const kind = charCodeAt.call(value, at + 1) | 0x20;
  if (kind === 0x78) {
    const high = hexValue(charCodeAt.call(value, at + 2));
    const low = high < 0 ? -1 : hexValue(charCodeAt.call(value, at + 3));
    return low < 0 ? -1 : high * 16 + low;
  }
  return kind === 0x75 ? unicodeEscape(value, at + 2) : -1;
}

export function unicodeEscape(value: string, at: number): number {
  let unit = 0;
  for (let i = at; i < at + 4; i++) {
    const digit = hexValue(charCodeAt.call(value, i));
    if (digit < 0) return -1;
    unit = unit * 16 + digit;
  }
  return unit;
}

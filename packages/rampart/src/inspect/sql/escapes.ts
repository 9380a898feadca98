/**
 * The escapes a decoding pass reads: `%XX`, `%uXXXX`, `\\xHH`, `\\uHHHH`, and the fullwidth forms that fold to
 * ASCII. Pure functions of the value, shared by `normalize.ts` and `references.ts`.
 */

// Called as `charCodeAt.call(value, i)`, never as `value.charCodeAt(i)`: see `characters.ts`.
const charCodeAt = String.prototype.charCodeAt;

export function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** The byte of a `%XX` escape at `at`, or -1. */
export function escapedByte(value: string, at: number): number {
  if (charCodeAt.call(value, at) !== 0x25) return -1;
  const high = hexValue(charCodeAt.call(value, at + 1));
  const low = high < 0 ? -1 : hexValue(charCodeAt.call(value, at + 2));
  return low < 0 ? -1 : high * 16 + low;
}

/** Fullwidth ASCII (`＇`, `＝`) and the ideographic space fold to ASCII, as some databases fold them. */
export function fold(c: number): number {
  if (c >= 0xff01 && c <= 0xff5e) return c - 0xfee0;
  return c === 0x3000 ? 0x20 : c;
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

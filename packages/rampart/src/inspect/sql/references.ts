import * as escapes from './escapes.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const { fold, hexValue } = escapes;

// Called as `charCodeAt.call(value, i)`, never as methods of the value: see `characters.ts`.
const charCodeAt = String.prototype.charCodeAt;
const slice = String.prototype.slice;

/**
 * HTML character references (`&#39;`, `&#x27;`, `&apos;`), which a template or a browser-facing layer may decode
 * before the value reaches a query.
 */

const REPLACEMENT = 0xfffd;

/** Named references that decode to SQL syntax (ASCII punctuation), plus the no-break space. */
const NAMED: Readonly<Record<string, number>> = {
  quot: 0x22,
  apos: 0x27,
  amp: 0x26,
  lt: 0x3c,
  gt: 0x3e,
  num: 0x23,
  lpar: 0x28,
  rpar: 0x29,
  semi: 0x3b,
  equals: 0x3d,
  comma: 0x2c,
  sol: 0x2f,
  bsol: 0x5c,
  ast: 0x2a,
  excl: 0x21,
  percnt: 0x25,
  plus: 0x2b,
  period: 0x2e,
  colon: 0x3a,
  lowbar: 0x5f,
  commat: 0x40,
  grave: 0x60,
  verbar: 0x7c,
  vert: 0x7c,
  hyphen: 0x2d,
  dash: 0x2d,
  nbsp: 0x20,
  Tab: 0x09,
  NewLine: 0x0a,
};
const MAX_NAME = 8;

/** What the last {@link decodeReference} decoded (one UTF-16 unit): a reused cell, so decoding allocates nothing. */
export const reference = { value: 0 };

/** Decodes an HTML reference at `at` into {@link reference}; returns its end, or `at` if there is none. */
export function decodeReference(value: string, at: number): number {
  let end = at + 1;
  if (charCodeAt.call(value, end) === 0x23) {
    end++;
    const hex = (charCodeAt.call(value, end) | 0x20) === 0x78;
    if (hex) end++;
    const digitsStart = end;
    let code = 0;
    // Leading zeros are legal (`&#0000039;`) and cost nothing; more than 7 significant digits is not a character.
    let significant = 0;
    for (;;) {
      const c = charCodeAt.call(value, end);
      const digit = hex ? hexValue(c) : c >= 0x30 && c <= 0x39 ? c - 0x30 : -1;
      if (digit < 0) break;
      if (code > 0 || digit > 0) significant++;
      if (significant <= 7) code = code * (hex ? 16 : 10) + digit;
      end++;
    }
    if (end === digitsStart) return at;
    if (charCodeAt.call(value, end) === 0x3b) end++;
    const valid = significant <= 7 && code > 0 && code <= 0xffff && !(code >= 0xd800 && code <= 0xdfff);
    reference.value = valid ? fold(code) : REPLACEMENT;
    return end;
  }
  while (end - at <= MAX_NAME && isAlphanumeric(charCodeAt.call(value, end))) end++;
  if (charCodeAt.call(value, end) !== 0x3b || end === at + 1) return at;
  const name = slice.call(value, at + 1, end);
  // Own entries only: `&valueOf;` must not find Object.prototype's method.
  const named = Object.hasOwn(NAMED, name) ? NAMED[name] : undefined;
  if (named === undefined) return at;
  reference.value = named;
  return end + 1;
}

function isAlphanumeric(c: number): boolean {
  const lower = c | 0x20;
  return (lower >= 0x61 && lower <= 0x7a) || (c >= 0x30 && c <= 0x39);
}

/**
 * HTML character references and JavaScript string escapes, decoded from code units into a scratch buffer. A
 * browser decodes references in text and attribute values before it parses a URL or runs a handler
 * (`href="&#106;avascript:"`); a JavaScript string decodes `\x3c` and `\u003c` before the string reaches
 * `innerHTML`; a URL's `%3C` is decoded by the server before the application sees it. Linear, never throws.
 */

import { budget, READ_SHIFT } from './budget.js';
import {
  AMPERSAND,
  BACKSLASH,
  HASH,
  hexValue,
  isDigit,
  isLetter,
  PERCENT,
  SEMICOLON,
  toLower,
} from './chars.js';
import { NameTable } from './names.js';
import { foldCode, type PassReport, report } from './normalize.js';

/**
 * Named references that decode to ASCII (and the no-break space): markup and script syntax are ASCII, so no other
 * name can change what a scanner sees. Names and values from the HTML standard's table.
 */
const NAMED: ReadonlyMap<string, number> = new Map([
  ['Tab', 0x09],
  ['NewLine', 0x0a],
  ['nbsp', 0x20],
  ['excl', 0x21],
  ['quot', 0x22],
  ['QUOT', 0x22],
  ['num', 0x23],
  ['dollar', 0x24],
  ['percnt', 0x25],
  ['amp', 0x26],
  ['AMP', 0x26],
  ['apos', 0x27],
  ['lpar', 0x28],
  ['rpar', 0x29],
  ['ast', 0x2a],
  ['midast', 0x2a],
  ['plus', 0x2b],
  ['comma', 0x2c],
  ['period', 0x2e],
  ['sol', 0x2f],
  ['colon', 0x3a],
  ['semi', 0x3b],
  ['lt', 0x3c],
  ['LT', 0x3c],
  ['equals', 0x3d],
  ['gt', 0x3e],
  ['GT', 0x3e],
  ['quest', 0x3f],
  ['commat', 0x40],
  ['lsqb', 0x5b],
  ['lbrack', 0x5b],
  ['bsol', 0x5c],
  ['rsqb', 0x5d],
  ['rbrack', 0x5d],
  ['Hat', 0x5e],
  ['lowbar', 0x5f],
  ['UnderBar', 0x5f],
  ['grave', 0x60],
  ['DiacriticalGrave', 0x60],
  ['lcub', 0x7b],
  ['lbrace', 0x7b],
  ['verbar', 0x7c],
  ['vert', 0x7c],
  ['VerticalLine', 0x7c],
  ['rcub', 0x7d],
  ['rbrace', 0x7d],
]);

const NAMED_TABLE = new NameTable<number>(NAMED, true);

/**
 * Names a browser decodes without the closing `;`, even when letters follow (`&ltscript` is `<script` in text).
 * Longest first, so `&amp` wins over `&am`.
 */
const LEGACY = ['quot', 'QUOT', 'nbsp', 'amp', 'AMP', 'lt', 'LT', 'gt', 'GT'] as const;

const LEGACY_INITIALS: readonly number[] = [...new Set(LEGACY.map((name) => name.charCodeAt(0)))];

const MAX_NAME_UNITS = 16;
/** Significant digits read in a numeric reference; leading zeros are free (`&#0000060;`), as in a browser. */
const MAX_DIGITS = 8;

/** Budget units of looking a name up (see `budget.ts`). */
const NAME_LOOKUP_UNITS = 1;

/** Budget units of reading a numeric reference's digits, per digit, as a shift (see `budget.ts`). */
const DIGIT_SHIFT = READ_SHIFT + 1;

/** Where the last reference or escape read by {@link readReference} / {@link readEscape} ended. */
export let readEnd = 0;

/**
 * The code point of the reference whose `&` is at `codes[at]` (only what follows is read: an escaped `&` works too),
 * or -1; sets {@link readEnd}.
 */
export function readReference(codes: Uint16Array, at: number, end: number): number {
  let i = at + 1;
  if (codes[i] === HASH) {
    i++;
    const hex = ((codes[i] ?? 0) | 0x20) === 0x78;
    if (hex) i++;
    const digitsStart = i;
    while (i < end && codes[i] === 0x30) i++;
    let point = 0;
    let significant = 0;
    for (; i < end; i++) {
      const c = codes[i] as number;
      const digit = hex ? hexValue(c) : isDigit(c) ? c - 0x30 : -1;
      if (digit < 0) break;
      if (++significant > MAX_DIGITS) break;
      point = point * (hex ? 16 : 10) + digit;
    }
    // Past its last significant digit the reference is invalid however it ends: the rest of its digits are skipped
    // in a tighter loop (four nanoseconds a digit in the loop above).
    if (significant > MAX_DIGITS) {
      i++;
      if (hex) while (i < end && hexValue(codes[i] as number) >= 0) i++;
      else while (i < end && isDigit(codes[i] as number)) i++;
    }
    // A browser reads every digit (`&#` and a thousand `1`s is one reference): each rule that decodes the
    // reference reads them again, and a value dense with such runs pays for them (`%27&#` and 95 `1`s, repeated
    // to 1 MiB, took 6.5 ms charged per reference). An eighth of a unit per digit: the loop is tighter than most.
    budget.left -= (i - digitsStart) >> DIGIT_SHIFT;
    if (i === digitsStart) return -1;
    if (codes[i] === SEMICOLON) i++;
    readEnd = i;
    // `&#0;` is U+FFFD today but was dropped by legacy parsers (`j&#0;avascript:`): it becomes a NUL, which is removed.
    const valid = significant <= MAX_DIGITS && point <= 0x10ffff && !(point >= 0xd800 && point <= 0xdfff);
    return valid ? point : 0xfffd;
  }
  const nameEnd = Math.min(end, at + 1 + MAX_NAME_UNITS);
  while (i < nameEnd && (isLetter(codes[i] ?? 0) || isDigit(codes[i] ?? 0))) i++;
  if (i === at + 1) return -1;
  // Looked up in place, case-sensitively as the standard's names are: no string per reference. A lookup hashes the
  // name and compares it, a unit of work (`=%27}&nbsp;` repeated to 1 MiB, read past each quote, took 5.1 ms with
  // the name charged as a read alone).
  budget.left -= NAME_LOOKUP_UNITS;
  const named = codes[i] === SEMICOLON ? NAMED_TABLE.get(codes, at + 1, i) : undefined;
  if (named !== undefined) {
    readEnd = i + 1;
    return named;
  }
  // Every legacy name starts with one of these letters: `&page=` in a query string is rejected here.
  if (!LEGACY_INITIALS.includes(codes[at + 1] as number)) return -1;
  for (const legacy of LEGACY) {
    const n = legacy.length;
    if (i - at - 1 < n) continue;
    let k = 0;
    while (k < n && codes[at + 1 + k] === legacy.charCodeAt(k)) k++;
    if (k === n) {
      readEnd = at + 1 + n;
      return NAMED.get(legacy) ?? -1;
    }
  }
  return -1;
}

/** Where the escape read by the last {@link percentAt} ends. */
export let percentEnd = 0;

/** The byte of the `%XX` or the code unit of the `%uXXXX` at `codes[at] === '%'`, or -1; sets {@link percentEnd}. */
export function percentAt(codes: Uint16Array, at: number, end: number): number {
  if (at + 2 >= end) return -1;
  const high = hexValue(codes[at + 1] as number);
  const low = hexValue(codes[at + 2] as number);
  if (high >= 0 && low >= 0) {
    percentEnd = at + 3;
    return high * 16 + low;
  }
  if (toLower(codes[at + 1] as number) !== 0x75 || at + 5 >= end) return -1;
  let point = 0;
  for (let k = at + 2; k < at + 6; k++) {
    const digit = hexValue(codes[k] as number);
    if (digit < 0) return -1;
    point = point * 16 + digit;
  }
  percentEnd = at + 6;
  return point;
}

/**
 * The code point of the JavaScript escape `\xHH`, `\uHHHH`, `\u{H...}` or octal `\0` to `\377` at
 * `codes[at] === '\'`, or -1; sets {@link readEnd}.
 */
export function readEscape(codes: Uint16Array, at: number, end: number): number {
  const first = codes[at + 1] ?? 0;
  const kind = first | 0x20;
  let digits = 0;
  let start = at + 2;
  if (isOctalDigit(first) && at + 1 < end) {
    // `\0` then a digit is left alone: it is how CSS's hex escapes begin (`\0075` is `u`), which this view holds
    // too (`&lt;div style=&quot;background:\0075rl(...)`).
    if (first === 0x30 && at + 2 < end && isDigit(codes[at + 2] as number)) return -1;
    return readOctalEscape(codes, at, end);
  }
  if (kind === 0x78 /* x */) digits = 2;
  else if (kind !== 0x75 /* u */) return -1;
  else if (codes[start] === 0x7b /* { */) {
    start++;
    let point = 0;
    let i = start;
    for (; i < end && i - start < 6; i++) {
      const digit = hexValue(codes[i] ?? 0);
      if (digit < 0) break;
      point = point * 16 + digit;
    }
    if (i === start || codes[i] !== 0x7d /* } */ || point > 0x10ffff) return -1;
    readEnd = i + 1;
    return point;
  } else digits = 4;
  if (start + digits > end) return -1;
  let point = 0;
  for (let i = start; i < start + digits; i++) {
    const digit = hexValue(codes[i] ?? 0);
    if (digit < 0) return -1;
    point = point * 16 + digit;
  }
  readEnd = start + digits;
  return point;
}

function isOctalDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x37;
}

/**
 * The legacy octal escape at `codes[at] === '\'` that a JavaScript string outside strict mode decodes, as
 * `readEscape` returns it: `\0` (NUL: `<scr\0ipt>` once the string is written to the page), `\74` (`<`), `\156`
 * (`n`); three digits when the first is 1 to 3, at most two otherwise, up to `\377`. `\74svg o\156load\75...`
 * writes a tag and its handler.
 */
function readOctalEscape(codes: Uint16Array, at: number, end: number): number {
  const first = codes[at + 1] as number;
  let point = first - 0x30;
  const last = Math.min(end, at + (first <= 0x33 ? 4 : 3));
  let i = at + 2;
  for (; i < last && isOctalDigit(codes[i] ?? 0); i++) point = point * 8 + ((codes[i] as number) - 0x30);
  readEnd = i;
  return point;
}

/**
 * Decodes character references in `input[start..end)` into `out` (and JavaScript escapes too when
 * `javascriptEscapes`), applying fullwidth folding and NUL removal to what they decode to; the input is folded
 * already. `out` must hold `end - start` units: decoding only shrinks. Returns the shared pass report.
 */
export function decodeReferences(
  input: Uint16Array,
  start: number,
  end: number,
  out: Uint16Array,
  javascriptEscapes: boolean,
): PassReport {
  let n = 0;
  let changed = false;
  let hasEscape = false;
  let i = start;
  while (i < end) {
    // The input is folded already: runs without `&` (or `\`) are copied as they are, long ones natively.
    let j = i;
    if (javascriptEscapes) while (j < end && input[j] !== AMPERSAND && input[j] !== BACKSLASH) j++;
    else while (j < end && input[j] !== AMPERSAND) j++;
    if (j - i > 32) out.set(input.subarray(i, j), n);
    else for (let k = i; k < j; k++) out[n + k - i] = input[k] as number;
    n += j - i;
    if (j >= end) break;
    i = j;
    let code = input[i] as number;
    const point = code === AMPERSAND ? readReference(input, i, end) : readEscape(input, i, end);
    i++;
    if (point >= 0) {
      i = readEnd;
      changed = true;
      code = point;
      if (code > 0xffff) {
        out[n++] = 0xd800 + ((code - 0x10000) >> 10);
        code = 0xdc00 + ((code - 0x10000) & 0x3ff);
      }
    }
    const folded = foldCode(code);
    if (folded < 0) continue;
    if (folded === AMPERSAND || folded === BACKSLASH) hasEscape = true;
    out[n++] = folded;
  }
  report.length = n;
  // Not tracked here: no caller decodes percent escapes after references.
  report.percent = false;
  report.escape = hasEscape;
  report.changed = changed;
  return report;
}

/** True when `codes[start..end)` holds a `&` that may start a reference: the cheap test before a decoding pass. */
export function hasReference(codes: Uint16Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (codes[i] === AMPERSAND) {
      const next = codes[i + 1] ?? 0;
      if (next === HASH || isLetter(next)) return true;
    }
  }
  return false;
}

/** Where the unit read by the last {@link decodedAt} ends. */
export let decodedEnd = 0;

/**
 * The last two escapes {@link decodedAt} decoded, as `[at, end, point, decodedEnd]` each, in the value being read:
 * the rules after an escape decode the next unit, then each decodes it again (`completesBoundary` skips the spaces
 * after `%20`, reads the operator after them, skips spaces again and reads the name): `&amp;%20` and tabs, repeated
 * to 1 MiB, looked `amp` up four times per escape and took 6 ms.
 */
const decodedMemo = new Int32Array(8).fill(-1);
let decodedCodes: Uint16Array | undefined;
let decodedSlot = 0;

/** Forgets the escapes decoded in the previous value: its copy may share the scratch buffer. */
export function resetDecoded(): void {
  decodedCodes = undefined;
  decodedMemo.fill(-1);
}

/**
 * The code unit at `codes[at]`, or the code point of the escape starting there (`%3B`, `&#59;`, `&quot;`, `\x3b`),
 * or -1 at `end`; sets {@link decodedEnd}. The rules that read past an escape in a long value read the next unit so,
 * as the decoded views would hold it.
 */
export function decodedAt(codes: Uint16Array, at: number, end: number): number {
  if (at >= end) {
    decodedEnd = at;
    return -1;
  }
  const c = codes[at] as number;
  if (c !== PERCENT && c !== AMPERSAND && c !== BACKSLASH) {
    decodedEnd = at + 1;
    return c;
  }
  if (codes === decodedCodes) {
    for (let k = 0; k < 8; k += 4) {
      if (decodedMemo[k] === at && decodedMemo[k + 1] === end) {
        decodedEnd = decodedMemo[k + 3] as number;
        return decodedMemo[k + 2] as number;
      }
    }
  } else {
    decodedCodes = codes;
    decodedMemo.fill(-1);
  }
  let point =
    c === PERCENT
      ? percentAt(codes, at, end)
      : c === AMPERSAND
        ? readReference(codes, at, end)
        : readEscape(codes, at, end);
  if (point >= 0) decodedEnd = c === PERCENT ? percentEnd : readEnd;
  else {
    point = c;
    decodedEnd = at + 1;
  }
  decodedMemo[decodedSlot] = at;
  decodedMemo[decodedSlot + 1] = end;
  decodedMemo[decodedSlot + 2] = point;
  decodedMemo[decodedSlot + 3] = decodedEnd;
  decodedSlot ^= 4;
  return point;
}

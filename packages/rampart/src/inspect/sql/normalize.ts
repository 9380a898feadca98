/**
 * One fused, linear decoding pass for the SQL detector: `%XX` (UTF-8 sequences included) and `%uXXXX`, HTML
 * character references, JavaScript escapes (`\x27`, `\u0027`), fullwidth forms and NUL, written into a reused
 * buffer. The shared decoders in
 * `../decode.ts` build their output by string concatenation, which costs 10-60 ms on a 1 MiB value of escapes;
 * this pass stays under a few milliseconds, which the per-value budget needs.
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

let buffer = new Uint16Array(256);

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** The byte of a `%XX` escape at `at`, or -1. */
function escapedByte(value: string, at: number): number {
  if (value.charCodeAt(at) !== 0x25) return -1;
  const high = hexValue(value.charCodeAt(at + 1));
  const low = high < 0 ? -1 : hexValue(value.charCodeAt(at + 2));
  return low < 0 ? -1 : high * 16 + low;
}

/** Fullwidth ASCII (`＇`, `＝`) and the ideographic space fold to ASCII, as some databases fold them. */
function fold(c: number): number {
  if (c >= 0xff01 && c <= 0xff5e) return c - 0xfee0;
  return c === 0x3000 ? 0x20 : c;
}

/** True when `c` may start something one decoding pass changes (`%`, `&`, `\\`, NUL, fullwidth forms). */
export function isDecodable(c: number): boolean {
  return c === 0x25 || c === 0x26 || c === 0x5c || c === 0 || c === 0x3000 || (c >= 0xff01 && c <= 0xff5e);
}

/** True when one decoding pass could change `value`. */
export function needsNormalizing(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    if (isDecodable(value.charCodeAt(i))) return true;
  }
  return false;
}

/** True for the typographic quotes and primes (U+2018/2019/201C/201D/2032/2033). */
export function isTypographicQuote(c: number): boolean {
  return c === 0x2018 || c === 0x2019 || c === 0x201c || c === 0x201d || c === 0x2032 || c === 0x2033;
}

/**
 * Replaces typographic quotes and primes with ASCII quotes, as SQL Server's best-fit conversion to a code page
 * does (`‘` and `′` become `'`, `“` and `″` become `"`): a query built in such a column type sees real quotes.
 */
export function foldTypographicQuotes(value: string): string {
  return value.replace(/[\u2018\u2019\u2032]/g, "'").replace(/[\u201c\u201d\u2033]/g, '"');
}

let unitA = 0;
let unitB = 0;
/** How many units {@link decodeAt} produced (in {@link unitA}, {@link unitB}): 0, 1 or 2. */
let units = 0;

/**
 * Decodes what starts at `i` (a character for which {@link isDecodable} holds, or `+`) into {@link unitA} and
 * {@link unitB}; returns the offset after it, or -1 when nothing there decodes.
 */
function decodeAt(value: string, i: number, plusAsSpace: boolean): number {
  const c = value.charCodeAt(i);
  units = 1;
  if (c === 0x25) {
    const byte = escapedByte(value, i);
    if (byte >= 0) return decodeUtf8(value, i, byte);
    if ((value.charCodeAt(i + 1) | 0x20) !== 0x75) return -1;
    const unit = unicodeEscape(value, i + 2);
    if (unit < 0) return -1;
    unitA = fold(unit);
    return i + 6;
  }
  if (c === 0x26) {
    const end = decodeReference(value, i);
    unitA = referenceValue;
    return end > i ? end : -1;
  }
  if (c === 0x5c) {
    // `\x27`, `\u0027`: JavaScript and JSON escapes, which a template or a JSON layer may decode again.
    const unit = jsEscape(value, i);
    if (unit < 0) return -1;
    unitA = fold(unit);
    return (value.charCodeAt(i + 1) | 0x20) === 0x78 ? i + 4 : i + 6;
  }
  if (c === 0) {
    units = 0;
    return i + 1;
  }
  if (c === 0x2b) {
    unitA = 0x20;
    return plusAsSpace ? i + 1 : -1;
  }
  unitA = fold(c);
  return unitA !== c ? i + 1 : -1;
}

/**
 * Decodes `value` once: percent escapes (with `+` as a space when the value holds a valid `%XX`, as form
 * encoding does), HTML references, JavaScript escapes, fullwidth forms, NUL removal. Returns `value` itself when
 * nothing changed. Never throws; malformed UTF-8 becomes U+FFFD.
 * @example normalizeOnce('1%27%20OR%201=1') === "1' OR 1=1"
 */
export function normalizeOnce(value: string): string {
  const length = value.length;
  if (buffer.length < length) buffer = new Uint16Array(length);
  const out = buffer;
  let n = 0;
  let changed = false;
  const plusAsSpace = hasValidEscape(value);
  let i = 0;
  while (i < length) {
    const c = value.charCodeAt(i);
    const end = isDecodable(c) || c === 0x2b ? decodeAt(value, i, plusAsSpace) : -1;
    if (end < 0) {
      out[n++] = c;
      i++;
      continue;
    }
    changed = true;
    if (units > 0) out[n++] = unitA;
    if (units > 1) out[n++] = unitB;
    i = end;
  }
  return changed ? unitsToString(out, n) : value;
}

const DECODABLE = /[%&\\\0+\u3000\uff01-\uff5e]/g;

/** What finding a candidate by a native scan costs, in decoded escapes: a scan is a call, an escape a few steps. */
const SCAN_COST = 8;

/** How much undecoded text follows the decoded part when {@link normalizeLong} stops early. */
const TAIL_AFTER_CUT = 4096;

/**
 * {@link normalizeOnce} for long values: native scans skip the text between escapes, and decoding stops after
 * `maxEscapes` escapes' worth of work, so that the time spent is bounded whatever the value holds. When it
 * stops early, the result is the decoded part and the next few KiB as they are: copying the rest of a mebibyte
 * of escapes would cost more than reading it, and its raw form is read anyway.
 */
export function normalizeLong(value: string, maxEscapes: number): string {
  const plusAsSpace = hasValidEscape(value);
  const length = value.length;
  if (buffer.length < 256) buffer = new Uint16Array(256);
  const parts: string[] = [];
  let last = 0;
  let escapes = 0;
  let at = 0;
  while (escapes < maxEscapes) {
    // A native scan skips the text up to the next candidate; a run of escapes is then decoded by script, a chunk
    // of units at a time, without a scan per escape.
    DECODABLE.lastIndex = at;
    if (!DECODABLE.test(value)) break;
    // Candidates that decode to nothing (`%zz`, a lone `&`) cost their scan too.
    escapes += SCAN_COST;
    const first = DECODABLE.lastIndex - 1;
    at = first;
    let n = 0;
    while (at < length && escapes < maxEscapes && n < 254) {
      const c = value.charCodeAt(at);
      const end = isDecodable(c) || c === 0x2b ? decodeAt(value, at, plusAsSpace) : -1;
      if (end < 0) break;
      escapes++;
      if (units > 0) buffer[n++] = unitA;
      if (units > 1) buffer[n++] = unitB;
      at = end;
    }
    if (at === first) {
      at++;
      continue;
    }
    parts.push(value.slice(last, first), unitsToString(buffer, n));
    last = at;
  }
  DECODABLE.lastIndex = 0;
  if (parts.length === 0) return value;
  parts.push(escapes < maxEscapes ? value.slice(last) : value.slice(last, last + TAIL_AFTER_CUT));
  return parts.join('');
}

/** How many `%` are checked for a valid escape: a value with none among so many is not form-encoded. */
const MAX_PERCENT_CHECKS = 64;

function hasValidEscape(value: string): boolean {
  let at = value.indexOf('%');
  for (let checked = 0; at !== -1 && checked < MAX_PERCENT_CHECKS; checked++) {
    if (escapedByte(value, at) >= 0) return true;
    at = value.indexOf('%', at + 1);
  }
  return false;
}

/** The unit of a `\xHH` or `\uHHHH` escape at `at` (its backslash), or -1. */
function jsEscape(value: string, at: number): number {
  const kind = value.charCodeAt(at + 1) | 0x20;
  if (kind === 0x78) {
    const high = hexValue(value.charCodeAt(at + 2));
    const low = high < 0 ? -1 : hexValue(value.charCodeAt(at + 3));
    return low < 0 ? -1 : high * 16 + low;
  }
  return kind === 0x75 ? unicodeEscape(value, at + 2) : -1;
}

function unicodeEscape(value: string, at: number): number {
  let unit = 0;
  for (let i = at; i < at + 4; i++) {
    const digit = hexValue(value.charCodeAt(i));
    if (digit < 0) return -1;
    unit = unit * 16 + digit;
  }
  return unit;
}

/** Decodes the UTF-8 sequence starting with `lead` (escaped at `at`) into the units; returns the next offset. */
function decodeUtf8(value: string, at: number, lead: number): number {
  units = 1;
  if (lead < 0x80) {
    unitA = lead;
    return at + 3;
  }
  const extra = lead >= 0xf0 && lead <= 0xf4 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc2 && lead < 0xe0 ? 1 : 0;
  let code = extra === 3 ? lead & 0x07 : extra === 2 ? lead & 0x0f : lead & 0x1f;
  let next = at + 3;
  for (let k = 0; k < extra; k++) {
    const byte = escapedByte(value, next);
    if (byte < 0x80 || byte > 0xbf) {
      // Malformed UTF-8 keeps its lead byte as a Latin-1 character: as meaningless to SQL as U+FFFD, and the
      // decoded string stays one byte per character, which native scans read faster.
      unitA = lead;
      return next;
    }
    code = code * 64 + (byte & 0x3f);
    next += 3;
  }
  if (extra === 0) {
    unitA = lead;
    return next;
  }
  if (code > 0xffff) {
    // A 4-byte sequence (12 escape characters) yields 2 units: the output never outgrows the input.
    unitA = 0xd800 + ((code - 0x10000) >> 10);
    unitB = 0xdc00 + ((code - 0x10000) & 0x3ff);
    units = 2;
    return next;
  }
  unitA = fold(code);
  return next;
}

let referenceValue = 0;

/** Decodes an HTML reference at `at` into {@link referenceValue}; returns its end, or `at` if there is none. */
function decodeReference(value: string, at: number): number {
  let end = at + 1;
  if (value.charCodeAt(end) === 0x23) {
    end++;
    const hex = (value.charCodeAt(end) | 0x20) === 0x78;
    if (hex) end++;
    const digitsStart = end;
    let code = 0;
    // Leading zeros are legal (`&#0000039;`) and cost nothing; more than 7 significant digits is not a character.
    let significant = 0;
    for (;;) {
      const c = value.charCodeAt(end);
      const digit = hex ? hexValue(c) : c >= 0x30 && c <= 0x39 ? c - 0x30 : -1;
      if (digit < 0) break;
      if (code > 0 || digit > 0) significant++;
      if (significant <= 7) code = code * (hex ? 16 : 10) + digit;
      end++;
    }
    if (end === digitsStart) return at;
    if (value.charCodeAt(end) === 0x3b) end++;
    const valid = significant <= 7 && code > 0 && code <= 0xffff && !(code >= 0xd800 && code <= 0xdfff);
    referenceValue = valid ? fold(code) : REPLACEMENT;
    return end;
  }
  while (end - at <= MAX_NAME && isAlphanumeric(value.charCodeAt(end))) end++;
  if (value.charCodeAt(end) !== 0x3b || end === at + 1) return at;
  const named = NAMED[value.slice(at + 1, end)];
  if (named === undefined) return at;
  referenceValue = named;
  return end + 1;
}

function isAlphanumeric(c: number): boolean {
  const lower = c | 0x20;
  return (lower >= 0x61 && lower <= 0x7a) || (c >= 0x30 && c <= 0x39);
}

const CHUNK = 4096;
const utf16 = new TextDecoder('utf-16le');

function unitsToString(units: Uint16Array, length: number): string {
  if (length <= CHUNK)
    return String.fromCharCode.apply(null, units.subarray(0, length) as unknown as number[]);
  return utf16.decode(new Uint8Array(units.buffer, 0, length * 2));
}

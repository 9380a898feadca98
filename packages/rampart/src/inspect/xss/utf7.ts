/**
 * UTF-7 (RFC 2152), the legacy encoding old Internet Explorer picked up from a `charset` hint or by sniffing:
 * `+ADw-script+AD4-` is `<script>` there. A value holding UTF-7 shifted sequences is read once more as UTF-7.
 */

import { acquireBuffer } from './buffers.js';
import { MINUS, PLUS } from './chars.js';
import { foldCode } from './normalize.js';

/** Scratch slot of the UTF-7 view. */
const UTF7_SLOT = 6;

/** Modified-base64 digit values, -1 for other characters. */
const BASE64 = new Int8Array(128).fill(-1);
const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
for (let k = 0; k < DIGITS.length; k++) BASE64[DIGITS.charCodeAt(k)] = k;

function digit(code: number): number {
  return code < 128 ? (BASE64[code] as number) : -1;
}

/** Longest shifted sequence decoded, in base64 digits: five characters. */
const MAX_SHIFTED_DIGITS = 16;

/**
 * Length in digits of the shifted sequence after the `+` at `plus` when it encodes characters below U+0100 (as
 * markup is: its first digit is `A`) and ends with an explicit `-`, else 0. Base64 blobs and `C++` hold none: a
 * standard base64 text has no `-`, a URL-safe one no `+`.
 */
export function shiftedDigits(codes: Uint16Array, plus: number, length: number): number {
  if (codes[plus + 1] !== 0x41) return 0;
  let i = plus + 1;
  const limit = Math.min(length, plus + 1 + MAX_SHIFTED_DIGITS);
  while (i < limit && digit(codes[i] as number) >= 0) i++;
  const digits = i - plus - 1;
  return digits >= 3 && codes[i] === MINUS ? digits : 0;
}

/** True when `codes[0..length)` holds a UTF-7 shifted sequence as {@link shiftedDigits} reads them. */
export function hasUtf7(codes: Uint16Array, length: number): boolean {
  for (let i = 0; i + 4 < length; i++)
    if (codes[i] === PLUS && shiftedDigits(codes, i, length) > 0) return true;
  return false;
}

/** Length of the last view decoded by {@link decodeUtf7}. */
export let utf7Length = 0;

/** `codes[0..length)` with its shifted sequences decoded and folded, in a scratch buffer of {@link utf7Length}. */
export function decodeUtf7(codes: Uint16Array, length: number): Uint16Array {
  const out = acquireBuffer(UTF7_SLOT, length);
  let n = 0;
  let i = 0;
  while (i < length) {
    const c = codes[i] as number;
    const digits = c === PLUS ? shiftedDigits(codes, i, length) : 0;
    if (digits === 0) {
      out[n++] = c;
      i++;
      continue;
    }
    // 6 bits per digit, a UTF-16 unit per 16 bits; the `-` that ends the sequence is dropped.
    let bits = 0;
    let count = 0;
    for (let k = i + 1; k <= i + digits; k++) {
      bits = ((bits << 6) | digit(codes[k] as number)) & 0x3fffff;
      count += 6;
      if (count >= 16) {
        count -= 16;
        const folded = foldCode((bits >> count) & 0xffff);
        if (folded >= 0) out[n++] = folded;
      }
    }
    i += digits + 2;
  }
  utf7Length = n;
  return out;
}

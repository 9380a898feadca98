/**
 * Long values stored two bytes per character (any text outside Latin-1: CJK, Cyrillic, emoji, fullwidth forms).
 * They are folded as a short value is (fullwidth ASCII to ASCII, the ideographic space to a space) and given a
 * one-byte shadow for the native searches: the same length, every unit above Latin-1 replaced by `ÿ`, which starts
 * no rule. A native search in a two-byte string looks for one byte of the needle and stops at every character
 * that holds it (`子` is U+5B50, a `[` to `memchr`): on Chinese prose the ten needle searches cost 1.5 ms per MiB,
 * on the shadow a tenth of a millisecond. Rules still read the folded copy, where every character is itself.
 */

import { foldWidth } from '../char-codes.js';
import { acquireShadow } from './buffers.js';

/** Every UTF-16 code unit folded as `foldCode` folds it, NUL kept (it is removed apart, see `foldWide`). */
const FOLD = new Uint16Array(0x10000);
/** Every UTF-16 code unit's byte in the shadow: its folded self up to U+00FF, `ÿ` above. */
const SHADOW = new Uint8Array(0x10000);
for (let code = 0; code < 0x10000; code++) {
  const folded = foldWidth(code);
  FOLD[code] = folded;
  SHADOW[code] = Math.min(folded, 0xff);
}

/**
 * Folds `codes[0..length)` in place and writes its shadow; returns the shadow as a string. Two units per step
 * through 32-bit views, each a table lookup, no branch: half the time of a loop with a branch per unit on Chinese
 * prose, where every tenth character is fullwidth punctuation (0.7 ms per MiB on a quiet development machine,
 * where a loop that only reads each unit takes 1.2 ms).
 */
function foldPairs(codes: Uint16Array, length: number): string {
  const shadow = acquireShadow(length + 1);
  // The views start at offset 0 of buffers allocated whole, so both are 4-byte aligned.
  const pairs = new Uint32Array(codes.buffer, codes.byteOffset, length >> 1);
  const bytePairs = new Uint16Array(shadow.buffer, shadow.byteOffset, length >> 1);
  const half = length >> 1;
  for (let j = 0; j < half; j++) {
    const pair = pairs[j] as number;
    const low = pair & 0xffff;
    const high = pair >>> 16;
    // Written back unconditionally: a branch on "changed" mispredicts on mixed text (ASCII words among CJK), a
    // third slower there.
    pairs[j] = (FOLD[low] as number) | ((FOLD[high] as number) << 16);
    bytePairs[j] = (SHADOW[low] as number) | ((SHADOW[high] as number) << 8);
  }
  if ((length & 1) === 1) {
    const last = codes[length - 1] as number;
    codes[length - 1] = FOLD[last] as number;
    shadow[length - 1] = SHADOW[last] as number;
  }
  return shadow.toString('latin1', 0, length);
}

/** Removes the NULs of `codes[0..length)` in place; returns the new length. */
function removeNuls(codes: Uint16Array, length: number): number {
  let n = 0;
  for (let i = 0; i < length; i++) {
    const code = codes[i] as number;
    if (code !== 0) codes[n++] = code;
  }
  return n;
}

/** The folded copy of a two-byte value and its shadow, as `foldWide` leaves them. */
export const wide = { text: '', length: 0 };

/**
 * Folds the copy `codes[0..length)` of a two-byte value in place and sets {@link wide}: its shadow for native
 * searches and its length once NULs, which parsers skip (`<scr\0ipt>`), are removed. A NUL is found in the
 * shadow natively; removing them costs a second pass, made only when `payForNuls` says the budget covers it (when
 * it does not, the caller reports the value and the shadow is left with its NULs).
 */
export function foldWide(codes: Uint16Array, length: number, payForNuls: () => boolean): void {
  let text = foldPairs(codes, length);
  if (text.indexOf('\0') >= 0 && payForNuls()) {
    length = removeNuls(codes, length);
    text = foldPairs(codes, length);
  }
  wide.text = text;
  wide.length = length;
}

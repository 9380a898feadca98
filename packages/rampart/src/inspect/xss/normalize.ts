/**
 * The first normalisation steps, on code units in scratch buffers: NUL removal, fullwidth folding and percent
 * decoding. They write into reusable buffers in one linear pass each, because string versions would allocate per
 * escape and take tens of milliseconds on a 1 MiB hostile value (the budget is 5 ms).
 */

import { FULLWIDTH_OFFSET } from '../char-codes.js';
import { hexValue, NUL, PERCENT } from './chars.js';

/**
 * The code unit a scanner should see for `code`: fullwidth ASCII (U+FF01-U+FF5E) folded to ASCII and the
 * ideographic space to a space, because databases and frameworks fold them on the way in (`＜script＞`); -1 for NUL,
 * which C-based parsers and old browsers skip (`<scr\0ipt>`).
 */
export function foldCode(code: number): number {
  if (code < 0xff01) return code === NUL ? -1 : code === 0x3000 ? 0x20 : code;
  // Spelled out rather than through `foldWidth`: NUL first, in the order of the copy loop's common cases.
  return code <= 0xff5e ? code - FULLWIDTH_OFFSET : code;
}

/** What a copy or decoding pass saw in its output, so the caller can skip passes that would change nothing. */
export interface PassReport {
  /** Output length in code units. */
  length: number;
  /** The output holds a `%`: percent decoding may apply (again). */
  percent: boolean;
  /** The output holds a `&` or `\`: entity or escape decoding may apply (again). */
  escape: boolean;
  /** The pass decoded at least one escape or reference (or removed a NUL, or folded a character). */
  changed: boolean;
  /**
   * Set by {@link copyFolded}: the value holds a character at which some rule starts (`<`, `:`, `=`, `(`, backtick,
   * an escape, a NUL, a folded character). A value with none holds no tag, scheme, handler, call or encoding of one.
   */
  trigger: boolean;
  /** Set by {@link copyFolded}: the value holds a `+`, which may start UTF-7. */
  plus: boolean;
}

/** Reused report; the passes are not re-entrant and callers read it before the next pass. */
export const report: PassReport = {
  length: 0,
  percent: false,
  escape: false,
  changed: false,
  trigger: false,
  plus: false,
};

/** What {@link copyFolded} notes about an ASCII code unit: 1 `%`, 2 `&` or `\`, 4 NUL. */
const COPY_FLAGS = new Uint8Array(128);
COPY_FLAGS[PERCENT] = 1;
COPY_FLAGS[0x26] = 2;
COPY_FLAGS[0x5c] = 2;
COPY_FLAGS[NUL] = 4;
for (const c of '<:=(`') COPY_FLAGS[c.charCodeAt(0)] = 16;
COPY_FLAGS[0x2b] = 32;

/**
 * Copies `value` into `out` with {@link foldCode} applied; fills {@link report}. The loop reads each code unit once
 * and branches only on the rare ones (NUL, non-ASCII): on a short value the copy is most of the cost of a scan.
 */
export function copyFolded(value: string, out: Uint16Array): PassReport {
  const length = value.length;
  let flags = 0;
  let n = 0;
  for (let i = 0; i < length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x80) {
      const flag = COPY_FLAGS[code] as number;
      flags |= flag;
      if (flag === 4) continue;
      out[n++] = code;
    } else if (code < 0x3000) out[n++] = code;
    else {
      const folded = foldCode(code);
      if (folded !== code) flags |= 8 | (folded < 0x80 ? (COPY_FLAGS[folded] as number) : 0);
      out[n++] = folded;
    }
  }
  return fillReport(n, flags);
}

function fillReport(length: number, flags: number): PassReport {
  report.length = length;
  report.percent = (flags & 1) !== 0;
  report.escape = (flags & 2) !== 0;
  report.changed = (flags & 12) !== 0;
  report.trigger = (flags & 31) !== 0;
  report.plus = (flags & 32) !== 0;
  return report;
}

/**
 * Removes NULs and folds fullwidth characters in `codes[0..length)` in place (the output never outgrows the input);
 * returns the new length, or -1 when nothing changed. The long-value pass: one read per unit and a write only
 * past the first change, about a nanosecond per unit, where a pass that also noted what it saw cost two.
 */
export function foldInPlace(codes: Uint16Array, length: number): number {
  let i = 0;
  for (; i < length; i++) {
    const code = codes[i] as number;
    if (code === NUL || (code >= 0x3000 && foldCode(code) !== code)) break;
  }
  if (i === length) return -1;
  let n = i;
  for (; i < length; i++) {
    const code = codes[i] as number;
    if (code === NUL) continue;
    codes[n++] = code < 0x3000 ? code : foldCode(code);
  }
  return n;
}

function pair(high: number, low: number): number {
  const h = hexValue(high);
  if (h < 0) return -1;
  const l = hexValue(low);
  return l < 0 ? -1 : h * 16 + l;
}

/**
 * Decodes `%XX` (a run of them as UTF-8, invalid sequences to U+FFFD) and the IIS `%uXXXX` once, from `input` to
 * `out`, applying {@link foldCode} to every output unit. `out` must hold `length` units: decoding only shrinks.
 */
export function percentDecodeCodes(input: Uint16Array, length: number, out: Uint16Array): PassReport {
  let n = 0;
  let changed = false;
  let percent = false;
  let hasEscape = false;
  let i = 0;
  while (i < length) {
    let code = input[i] as number;
    let next = i + 1;
    if (code === PERCENT && i + 2 < length) {
      const byte = pair(input[i + 1] ?? 0, input[i + 2] ?? 0);
      if (byte >= 0) {
        next = i + 3;
        code = byte;
        changed = true;
        if (byte >= 0x80) {
          // A UTF-8 lead byte: read its continuation bytes, each a %XX escape in the 0x80-0xBF range.
          const extra =
            byte >= 0xf0 && byte <= 0xf4 ? 3 : byte >= 0xe0 ? 2 : byte >= 0xc2 && byte < 0xe0 ? 1 : 0;
          let point = extra === 3 ? byte & 0x07 : extra === 2 ? byte & 0x0f : byte & 0x1f;
          let ok = extra > 0;
          for (let k = 0; ok && k < extra; k++) {
            const at = i + 3 * (k + 1);
            const cont = input[at] === PERCENT ? pair(input[at + 1] ?? 0, input[at + 2] ?? 0) : -1;
            if (cont < 0x80 || cont > 0xbf) ok = false;
            else point = (point << 6) | (cont & 0x3f);
          }
          if (ok) next = i + 3 * (extra + 1);
          code = ok ? point : 0xfffd;
          if (code > 0xffff) {
            out[n++] = 0xd800 + ((code - 0x10000) >> 10);
            code = 0xdc00 + ((code - 0x10000) & 0x3ff);
          }
        }
      } else if (((input[i + 1] ?? 0) | 0x20) === 0x75 && i + 5 < length) {
        const high = pair(input[i + 2] ?? 0, input[i + 3] ?? 0);
        const low = high < 0 ? -1 : pair(input[i + 4] ?? 0, input[i + 5] ?? 0);
        if (low >= 0) {
          code = high * 256 + low;
          next = i + 6;
          changed = true;
        }
      }
    }
    i = next;
    const folded = foldCode(code);
    if (folded < 0) continue;
    if (folded === PERCENT) percent = true;
    else if (folded === 0x26 || folded === 0x5c) hasEscape = true;
    out[n++] = folded;
  }
  report.length = n;
  report.percent = percent;
  report.escape = hasEscape;
  report.changed = changed;
  return report;
}

/** True when `codes[0..length)` holds a valid `%XX` or `%uXXXX` escape. */
export function hasPercentEscape(codes: Uint16Array, length: number): boolean {
  for (let i = 0; i + 2 < length; i++) {
    if (codes[i] !== PERCENT) continue;
    if (pair(codes[i + 1] ?? 0, codes[i + 2] ?? 0) >= 0) return true;
    if (((codes[i + 1] ?? 0) | 0x20) === 0x75 && pair(codes[i + 2] ?? 0, codes[i + 3] ?? 0) >= 0) return true;
  }
  return false;
}

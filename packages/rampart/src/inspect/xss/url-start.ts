/**
 * The start of a long URL value as the URL parser reads it. A long value is read in windows, and only the first is
 * judged as a URL; but the parser strips C0 controls and spaces from the start and removes every tab and newline
 * inside, so thousands of `%00` before `javascript:`, or of tabs inside it (`java` + tabs + `script:`), would push
 * the scheme out of that window while a browser, handed the decoded value, runs the script.
 */

import { bufferText } from './buffers.js';
import { AMPERSAND, BACKSLASH, hexValue, PERCENT } from './chars.js';
import { decodedAt, decodedEnd } from './entities.js';

/** Where the unit read by the last {@link pointAt} ends. */
let pointEnd = 0;

/**
 * The code point of the unit or escape at `codes[at]` (`decodedAt`: percent, `%u`, references, `\x`, `\u`), looking
 * through one doubled percent encoding (`%2509` is a tab once decoded twice); sets {@link pointEnd}.
 */
function pointAt(codes: Uint16Array, at: number, end: number): number {
  const c = codes[at] as number;
  if (c !== PERCENT && c !== AMPERSAND && c !== BACKSLASH) {
    pointEnd = at + 1;
    return c;
  }
  const point = decodedAt(codes, at, end);
  pointEnd = decodedEnd;
  if (point === 0x25 && pointEnd > at + 1 && pointEnd + 1 < end) {
    const high = hexValue(codes[pointEnd] as number);
    const low = hexValue(codes[pointEnd + 1] as number);
    if (high >= 0 && low >= 0) {
      pointEnd += 2;
      return high * 16 + low;
    }
  }
  return point;
}

function isTabOrNewline(point: number): boolean {
  return point === 0x09 || point === 0x0a || point === 0x0d;
}

/**
 * The offset of `codes[0..length)` past its leading C0 controls and spaces, raw or escaped, read up to `limit` at
 * most: an offset at or past `limit` says the blanks went on that far. Escapes are read whole, whatever the limit.
 */
export function urlStart(codes: Uint16Array, length: number, limit: number): number {
  let at = 0;
  while (at < length && at < limit) {
    const point = pointAt(codes, at, length);
    if (point < 0 || point > 0x20) break;
    at = pointEnd;
  }
  return at;
}

/** Where the last {@link urlHead} stopped reading. */
export let urlHeadEnd = 0;

/**
 * The first `max` units of `codes[from..length)` with every tab and newline removed, raw or escaped, as the URL
 * parser removes them; `undefined` when there was none to remove.
 */
export function urlHead(codes: Uint16Array, length: number, from: number, max: number): string | undefined {
  const parts: string[] = [];
  let kept = 0;
  let run = from;
  let at = from;
  while (at < length && kept < max) {
    const point = pointAt(codes, at, length);
    if (isTabOrNewline(point)) {
      if (at > run) parts.push(bufferText(codes, run, at));
      run = pointEnd;
    } else kept++;
    at = pointEnd;
  }
  urlHeadEnd = at;
  if (run === from) return undefined;
  parts.push(bufferText(codes, run, at));
  return parts.join('');
}

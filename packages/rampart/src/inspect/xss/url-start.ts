/**
 * The start of a long URL value as the URL parser reads it. A long value is read in windows, and only the first is
 * judged as a URL; but the parser strips C0 controls and spaces from the start and removes every tab and newline
 * inside, so thousands of `%00` before `javascript:`, or of tabs inside it (`java` + tabs + `script:`), would push
 * the scheme out of that window while a browser, handed the decoded value, runs the script.
 */

import { hexValue, isDigit } from './chars.js';

/** The value of the `count` hex digits at `at`, or -1 when one is not a hex digit. */
function hexAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = 0; i < count; i++) {
    const digit = hexValue(text.charCodeAt(at + i));
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/** What the escape matched last by {@link blankEscapeLength} decodes to. */
let blank = 0;

/** The length of a numeric character reference at `at` (`&#9;`, `&#x20;`, `;` optional) worth at most 0x20, or 0. */
function referenceLength(text: string, at: number): number {
  const base = (text.charCodeAt(at + 2) | 0x20) === 0x78 ? 16 : 10;
  const first = at + (base === 16 ? 3 : 2);
  let i = first;
  let value = 0;
  for (; i < first + 8; i++) {
    const c = text.charCodeAt(i);
    const digit = base === 16 ? hexValue(c) : isDigit(c) ? c - 0x30 : -1;
    if (digit < 0) break;
    value = value * base + digit;
  }
  if (i === first || value > 0x20) return 0;
  blank = value;
  return (text.charCodeAt(i) === 0x3b ? i + 1 : i) - at;
}

/** `length` when `value` (an escape's) is a C0 control or a space, and notes it in {@link blank}; else 0. */
function ifBlank(value: number, length: number): number {
  if (value < 0 || value > 0x20) return 0;
  blank = value;
  return length;
}

/**
 * The length of the escape at `at` of a C0 control or a space (percent, double-percent and `%u` escapes, `\x` and
 * `\u` escapes, numeric references, `&Tab;` and `&NewLine;`), or 0. Sets {@link blank}.
 */
function blankEscapeLength(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c === 0x25) {
    if (hexValue(text.charCodeAt(at + 1)) >= 0) {
      const doubled = text.charCodeAt(at + 1) === 0x32 && text.charCodeAt(at + 2) === 0x35;
      return ifBlank(hexAt(text, at + 1, 2), 3) || (doubled ? ifBlank(hexAt(text, at + 3, 2), 5) : 0);
    }
    return (text.charCodeAt(at + 1) | 0x20) === 0x75 ? ifBlank(hexAt(text, at + 2, 4), 6) : 0;
  }
  if (c === 0x5c) {
    const kind = text.charCodeAt(at + 1) | 0x20;
    if (kind === 0x78) return ifBlank(hexAt(text, at + 2, 2), 4);
    return kind === 0x75 ? ifBlank(hexAt(text, at + 2, 4), 6) : 0;
  }
  if (c === 0x26) {
    if (text.charCodeAt(at + 1) === 0x23) return referenceLength(text, at);
    if (text.startsWith('&Tab;', at)) return ifBlank(0x09, 5);
    if (text.startsWith('&NewLine;', at)) return ifBlank(0x0a, 9);
  }
  return 0;
}

function isTabOrNewline(c: number): boolean {
  return c === 0x09 || c === 0x0a || c === 0x0d;
}

/** The offset of `text` (of `length` units) past its leading C0 controls, spaces and escapes of them. */
export function urlStart(text: string, length: number): number {
  let at = 0;
  while (at < length) {
    if (text.charCodeAt(at) <= 0x20) {
      at++;
      continue;
    }
    const escaped = blankEscapeLength(text, at);
    if (escaped === 0) break;
    at += escaped;
  }
  return Math.min(at, length);
}

/** Where the last {@link urlHead} stopped reading `text`. */
export let urlHeadEnd = 0;

/**
 * The first `max` units of `text` from `from` with every tab and newline removed, raw or escaped, as the URL parser
 * removes them; `undefined` when there was none to remove.
 */
export function urlHead(text: string, length: number, from: number, max: number): string | undefined {
  const parts: string[] = [];
  let kept = 0;
  let run = from;
  let at = from;
  while (at < length && kept < max) {
    const c = text.charCodeAt(at);
    let skip = isTabOrNewline(c) ? 1 : 0;
    if (skip === 0 && (c === 0x25 || c === 0x5c || c === 0x26)) {
      const escaped = blankEscapeLength(text, at);
      if (escaped > 0 && isTabOrNewline(blank)) skip = escaped;
    }
    if (skip === 0) {
      at++;
      kept++;
      continue;
    }
    if (at > run) parts.push(text.slice(run, at));
    at += skip;
    run = at;
  }
  urlHeadEnd = at;
  if (run === from) return undefined;
  parts.push(text.slice(run, at));
  return parts.join('');
}

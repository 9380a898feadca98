/**
 * Where a long URL value begins once what the URL parser strips from its start is gone: C0 controls and spaces,
 * raw or escaped. A long value is read in windows, and only the first is judged as a URL: thousands of `%00` or
 * `\u0000` before `javascript:` would push the scheme out of it, while a browser, handed the decoded value,
 * strips them and runs the script.
 */

/** The value of the hex digit `c`, or -1. */
function hex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

/** The value of the `count` hex digits at `at`, or -1 when one is not a hex digit. */
function hexAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = 0; i < count; i++) {
    const digit = hex(text.charCodeAt(at + i));
    if (digit < 0) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/** The end of a numeric character reference at `at` (`&#9;`, `&#x20;`, `;` optional) worth at most 0x20, or -1. */
function referenceEnd(text: string, at: number): number {
  const base = (text.charCodeAt(at + 2) | 0x20) === 0x78 ? 16 : 10;
  let i = at + (base === 16 ? 3 : 2);
  const first = i;
  let value = 0;
  for (; i < first + 8; i++) {
    const c = text.charCodeAt(i);
    const digit = base === 16 ? hex(c) : c >= 0x30 && c <= 0x39 ? c - 0x30 : -1;
    if (digit < 0) break;
    value = value * base + digit;
  }
  if (i === first || value > 0x20) return -1;
  return text.charCodeAt(i) === 0x3b ? i + 1 : i;
}

const NAMED = ['&Tab;', '&NewLine;'];

/** The length of the escape of a C0 control or a space at `at`, or 0. */
function blankEscapeLength(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c === 0x25) {
    if (hexAt(text, at + 1, 2) >= 0 && hexAt(text, at + 1, 2) <= 0x20) return 3;
    if (text.startsWith('25', at + 1) && hexAt(text, at + 3, 2) >= 0 && hexAt(text, at + 3, 2) <= 0x20)
      return 5;
    const u = text.charCodeAt(at + 1) | 0x20;
    if (u === 0x75 && hexAt(text, at + 2, 4) >= 0 && hexAt(text, at + 2, 4) <= 0x20) return 6;
    return 0;
  }
  if (c === 0x5c) {
    const kind = text.charCodeAt(at + 1) | 0x20;
    if (kind === 0x78 && hexAt(text, at + 2, 2) >= 0 && hexAt(text, at + 2, 2) <= 0x20) return 4;
    if (kind === 0x75 && hexAt(text, at + 2, 4) >= 0 && hexAt(text, at + 2, 4) <= 0x20) return 6;
    return 0;
  }
  if (c === 0x26) {
    if (text.charCodeAt(at + 1) === 0x23) {
      const end = referenceEnd(text, at);
      return end < 0 ? 0 : end - at;
    }
    for (const name of NAMED) if (text.startsWith(name, at)) return name.length;
  }
  return 0;
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

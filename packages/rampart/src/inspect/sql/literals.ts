import * as characters from './characters.js';
import * as search from './search.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const { isDigit, isHexDigit, isSpace, isWordChar } = characters;
const { find, NEEDLES, searchTextOf } = search;

// Called as `charCodeAt.call(value, i)`, never as methods of the value: see `characters.ts`.
const charCodeAt = String.prototype.charCodeAt;
const indexOf = String.prototype.indexOf;
const slice = String.prototype.slice;

/**
 * Where literals and names that need more than a character class end: quoted names, variables, dollar-quoted
 * strings, ODBC escapes. Pure functions of the value, so that the tokenizer stays about tokens.
 */

const NEWLINE = 0x0a;

/**
 * The end of `` `name` `` or `[name]` opened at `start`, or -1: an opening mark that is never closed on the same
 * identifier is not SQL. Stops at the first character a name cannot hold, so `[[[[` costs one step per bracket.
 */
export function quotedNameEnd(value: string, start: number): number {
  if (charCodeAt.call(value, start) === 0x60) {
    // A backquoted name holds anything but a line break: native searches, not a script loop to the value's end
    // (each reading that met an unclosed backquote in a mebibyte paid one).
    const text = searchTextOf(value);
    const end = find(text, NEEDLES.backquote, start + 1);
    if (end === -1) return -1;
    // Up to the closing mark only: a search to the end of the value for each name read cost a pass each.
    return find(slice.call(text, 0, end), NEEDLES.newline, start + 1) === -1 ? end + 1 : -1;
  }
  for (let at = start + 1; at < value.length; at++) {
    const c = charCodeAt.call(value, at);
    if (c === 0x5d) return at + 1;
    if (c === NEWLINE || (!isWordChar(c) && c !== 0x20 && c !== 0x2e)) break;
  }
  return -1;
}

/**
 * The end of the variable at `start`: `@name`, `@@name`, `@'name'`, `@@global.name`; a bare `@` is MySQL's
 * variable with an empty name (`@:=1`).
 */
export function variableEnd(value: string, start: number): number {
  let at = start + 1;
  if (charCodeAt.call(value, at) === 0x40) at++;
  const c = charCodeAt.call(value, at);
  if (c === 0x27 || c === 0x22 || c === 0x60) {
    const mark = c === 0x27 ? NEEDLES.singleQuote : c === 0x22 ? NEEDLES.doubleQuote : NEEDLES.backquote;
    const close = find(searchTextOf(value), mark, at + 1);
    if (close !== -1) return close + 1;
  }
  while (at < value.length && isWordChar(charCodeAt.call(value, at))) at++;
  // `@@global.max_connections`, `@@session.sql_mode`: a system variable in a scope.
  while (
    at > start + 2 &&
    charCodeAt.call(value, at) === 0x2e &&
    isWordChar(charCodeAt.call(value, at + 1) || 0)
  ) {
    at++;
    while (at < value.length && isWordChar(charCodeAt.call(value, at))) at++;
  }
  return at;
}

/** {@link dollarQuoteEnd}: `start` opens no dollar quote (`$5`, `$USD`, `$$$` are words). */
const NOT_DOLLAR_QUOTE = -1;
/** {@link dollarQuoteEnd}: `start` opens a dollar quote that nothing after it closes. */
export const UNCLOSED_DOLLAR_QUOTE = -2;

/**
 * PostgreSQL's dollar quoting, `$$text$$` or `$tag$text$tag$`: the end of the literal opened at `start`,
 * {@link NOT_DOLLAR_QUOTE} when `start` opens none, or {@link UNCLOSED_DOLLAR_QUOTE}.
 */
export function dollarQuoteEnd(value: string, start: number): number {
  let at = start + 1;
  if (isDigit(charCodeAt.call(value, at))) return NOT_DOLLAR_QUOTE;
  while (
    at < value.length &&
    at - start <= 16 &&
    isWordChar(charCodeAt.call(value, at)) &&
    charCodeAt.call(value, at) !== 0x24
  )
    at++;
  if (charCodeAt.call(value, at) !== 0x24) return NOT_DOLLAR_QUOTE;
  const tag = slice.call(value, start, at + 1);
  const close = indexOf.call(value, tag, at + 1);
  return close < 0 ? UNCLOSED_DOLLAR_QUOTE : close + tag.length;
}

/**
 * ODBC escapes, which MySQL and MSSQL accept: `{d '2020-01-01'}`, `{ts ...}`, `{fn ...}`: the brace and its
 * identifier open a group that `}` closes. Returns the end of that opening, or `start + 1` for a brace before
 * anything else (JSON, templates), which is not SQL.
 */
export function odbcEscapeEnd(value: string, start: number): number {
  let at = start + 1;
  while (at < value.length && isSpace(charCodeAt.call(value, at))) at++;
  const nameStart = at;
  while (at < value.length && at - nameStart < 8 && isWordChar(charCodeAt.call(value, at))) at++;
  return at === nameStart || !isSpace(charCodeAt.call(value, at) || 0x41) ? start + 1 : at;
}

/** The char code at `at` of a value of `length` characters, 0 at or past its end. */
function codeAt(value: string, length: number, at: number): number {
  return at < length ? charCodeAt.call(value, at) : 0;
}

/** The end of the run of digits from `at`, read no further than `limit`. */
function digitsEnd(value: string, at: number, limit: number): number {
  let next = at;
  while (next < limit && isDigit(charCodeAt.call(value, next))) next++;
  return next;
}

/**
 * The end of the numeric literal at `start` (a digit, or a dot before one): `0x1F`, `0b101`, `12.5e-3`. Reads no
 * further than `limit` (what the tokenizer's work budget allows); a word glued to it is the tokenizer's to judge.
 */
export function numberEnd(value: string, start: number, limit: number): number {
  const length = value.length;
  const first = codeAt(value, length, start);
  const lower = codeAt(value, length, start + 1) | 0x20;
  if (first === 0x30 && lower === 0x78 && isHexDigit(codeAt(value, length, start + 2))) {
    let at = start + 2;
    while (at < limit && isHexDigit(charCodeAt.call(value, at))) at++;
    return at;
  }
  if (first === 0x30 && lower === 0x62 && isDigit(codeAt(value, length, start + 2))) {
    return digitsEnd(value, start + 2, limit);
  }
  let at = digitsEnd(value, start, limit);
  if (codeAt(value, length, at) === 0x2e) at = digitsEnd(value, at + 1, limit);
  if ((codeAt(value, length, at) | 0x20) === 0x65) {
    let digit = at + 1;
    const sign = codeAt(value, length, digit);
    if (sign === 0x2b || sign === 0x2d) digit++;
    if (isDigit(codeAt(value, length, digit))) at = digitsEnd(value, digit, limit);
  }
  return at;
}

/** `N'..'`, `X'..'`, `B'..'`, `E'..'` and charset introducers such as `_utf8'..'` prefix a literal. */
export function isStringPrefix(value: string, start: number, end: number): boolean {
  const first = charCodeAt.call(value, start);
  if (first === 0x5f) return end - start > 1;
  if (end - start !== 1) return false;
  const lower = first | 0x20;
  return lower === 0x6e || lower === 0x78 || lower === 0x62 || lower === 0x65;
}

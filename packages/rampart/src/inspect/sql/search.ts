/**
 * Native searches for the strings the SQL detector looks for (quotes, line breaks, comment ends), in time linear
 * in the distance searched whatever the value holds.
 *
 * `indexOf` finds a character in a two-byte string with `memchr` on one of its bytes, and every character that
 * holds the same byte is a false candidate, at the cost of a call each: U+4E2D 中 holds 0x2D (`-`), U+7528 用
 * 0x28 (`(`), every fullwidth form 0xFF, every kana 0x30. A mebibyte of such text took 8 ms per search. A regular
 * expression with a character class reads a two-byte string unit by unit instead, at about 0.3 ns each whatever
 * it holds. One-byte strings, and strings without a character above U+00FF, have no false candidates and keep
 * `indexOf`, which is faster still; so do short values, whose false candidates cost less than the regular
 * expression's call.
 */

import * as charCodes from '../char-codes.js';

// Imports bound once as constants of this file (see `characters.ts`).
const { WIDE_UNIT } = charCodes;

// Called as `indexOf.call(value, ...)`, never as a method of the value: see `characters.ts`.
const indexOf = String.prototype.indexOf;

/** A string the detector searches for, with a regular expression that finds it unit by unit. */
export interface Needle {
  readonly text: string;
  readonly pattern: RegExp;
}

function needle(text: string): Needle {
  // Each character in a class of its own: a literal pattern would be searched the way `indexOf` searches.
  const source = [...text].map((c) => `[${c === '\\' || c === ']' || c === '^' ? `\\${c}` : c}]`).join('');
  return Object.freeze({ text, pattern: new RegExp(source, 'g') });
}

/** What the detector searches values for. */
export const NEEDLES = Object.freeze({
  singleQuote: needle("'"),
  doubleQuote: needle('"'),
  backquote: needle('`'),
  backslash: needle('\\'),
  newline: needle('\n'),
  openParen: needle('('),
  commentStart: needle('/*'),
  commentEnd: needle('*/'),
});

/** Values up to this long are searched with `indexOf` whatever they hold (see the file's comment). */
const SHORT_VALUE = 4096;

// The readings of one value ask again and again: the last answer is kept (the tokenizer keeps the value too).
let lastValue = '';
let lastAnswer = false;

/** Forgets the last value, so that none outlives the detector's call (a request's value may be 1 MiB). */
export function forgetLastValue(): void {
  lastValue = '';
  lastAnswer = false;
}

/**
 * True when `value` must be searched unit by unit: it is long and holds a character above U+00FF. Costs nothing on
 * a one-byte string and stops at the first wide character of a two-byte one.
 */
export function needsUnitSearch(value: string): boolean {
  if (value.length <= SHORT_VALUE) return false;
  if (value !== lastValue) {
    lastAnswer = WIDE_UNIT.test(value);
    lastValue = value;
  }
  return lastAnswer;
}

/** True when `value` holds a character above U+00FF: by {@link needsUnitSearch} when it is long. */
export function holdsWide(value: string): boolean {
  return value.length <= SHORT_VALUE ? WIDE_UNIT.test(value) : needsUnitSearch(value);
}

/**
 * Remembers whether `value` must be searched unit by unit, from whoever built it and knows (`normalize.ts`): asking
 * would take a pass over it, and a comparison with the last value asked about another when both are long.
 */
export function noteUnitSearch(value: string, unitSearch: boolean): void {
  lastValue = value;
  lastAnswer = unitSearch && value.length > SHORT_VALUE;
}

/**
 * `value.indexOf(needle.text, from)`: by `indexOf`, or unit by unit when `unitSearch` (see
 * {@link needsUnitSearch}).
 */
export function find(value: string, needle: Needle, from: number, unitSearch: boolean): number {
  if (!unitSearch) return indexOf.call(value, needle.text, from);
  const pattern = needle.pattern;
  pattern.lastIndex = from;
  return pattern.test(value) ? pattern.lastIndex - needle.text.length : -1;
}

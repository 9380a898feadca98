import * as characters from './characters.js';
import * as functions from './functions.js';
import * as lexicon from './lexicon.js';
import * as search from './search.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const { isDigit, isWordChar, WIDE_WORD_CLASS } = characters;
const { FunctionKind } = functions;
const { DELAY_NAMES, functionKindAt, lookupWord, wordId } = lexicon;
const { find, NEEDLES, searchTextOf } = search;

// Called as `charCodeAt.call(value, i)`, never as `value.charCodeAt(i)`: see `characters.ts`.
const charCodeAt = String.prototype.charCodeAt;

/**
 * A complete call to a function whose only purpose is to stall the server (`SLEEP(5)`, `BENCHMARK(5000000,...`,
 * `PG_SLEEP(5)`), with a numeric first argument, is time-based blind injection wherever it sits: payloads wrap it
 * in `IF(...)`, `CASE`, subqueries or T-SQL juxtapositions that no single reading of the value parses. The names
 * come from the keyword table; each `(` is found by a native scan and the name before it looked up in place.
 */

/**
 * At most this many parentheses are looked at one by one per value, so that `((((...` costs a bounded number of
 * lookups; past them, {@link DELAY_CALL} searches the rest in one native pass, so that no number of parentheses
 * before a call hides it.
 */
const MAX_PARENTHESES = 4096;
/** The longest function name worth looking up (`pg_sleep_until`), with room to spare. */
export const MAX_NAME = 24;

/** A space, a tab or a line break: what may stand between a function's name, its `(` and its argument. */
export function isBlank(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/** True when the `(` at `open` begins a numeric first argument followed by `)`, `,` or an operator. */
function hasNumericArgument(value: string, open: number, count: boolean): boolean {
  let at = open + 1;
  while (isBlank(charCodeAt.call(value, at))) at++;
  const digits = at;
  while (isDigit(charCodeAt.call(value, at))) at++;
  if (at === digits) return false;
  if (charCodeAt.call(value, at) === 0x2e) {
    at++;
    while (isDigit(charCodeAt.call(value, at))) at++;
  }
  while (isBlank(charCodeAt.call(value, at))) at++;
  const c = charCodeAt.call(value, at);
  // `BENCHMARK(count, expression)` takes two: `benchmark (2024) results` calls nothing.
  if (count) return c === 0x2c;
  return c === 0x29 || c === 0x2c || c === 0x2a || c === 0x2b || c === 0x2d || c === 0x2f;
}

const BENCHMARK = wordId('benchmark');

/**
 * What {@link hasDelayCall} looks for, as one native search: a delay function's name, not glued to a word
 * character before it, then blanks, `(`, a number and `)`, `,` or an operator (`BENCHMARK`: a `,`, as it takes a
 * count and an expression). No quantifier is nested.
 */
const NUMERIC_ARGUMENT = '[\\t-\\r ]*\\([\\t-\\r ]*[0-9]+(?:\\.[0-9]*)?[\\t-\\r ]*';
const DELAY_CALL = new RegExp(
  `(?<![0-9A-Za-z_$${WIDE_WORD_CLASS}])(?:(?:${DELAY_NAMES.filter((name) => name !== 'benchmark').join('|')})${NUMERIC_ARGUMENT}[),*+\\-/]|benchmark${NUMERIC_ARGUMENT},)`,
  'gi',
);

/**
 * True when `value` holds a delay call such as `sleep(5)` or `benchmark(3000000,md5(1))`; `sleep (8 hours)`
 * and `xsleep(5)` do not count.
 */
export function hasDelayCall(value: string): boolean {
  // Searched in the value's search text (`search.ts`), where the names and numbers below are themselves.
  const text = searchTextOf(value);
  let open = find(text, NEEDLES.openParen, 0);
  let lastOpen = -1;
  for (let seen = 0; open !== -1 && seen < MAX_PARENTHESES; seen++) {
    let end = open;
    while (end > 0 && isBlank(charCodeAt.call(value, end - 1))) end--;
    let start = end;
    // A name as the tokenizer reads it (non-ASCII letters included): `ésleep(5)` calls no delay function.
    while (start > 0 && end - start <= MAX_NAME && isWordChar(charCodeAt.call(value, start - 1))) start--;
    if (
      start < end &&
      functionKindAt(value, start, end) === FunctionKind.delay &&
      hasNumericArgument(value, open, lookupWord(value, start, end) === BENCHMARK)
    ) {
      return true;
    }
    lastOpen = open;
    open = find(text, NEEDLES.openParen, open + 1);
  }
  if (open === -1) return false;
  // The name before the first parenthesis left unexamined begins after the last one examined.
  DELAY_CALL.lastIndex = lastOpen + 1;
  const found = DELAY_CALL.test(text);
  DELAY_CALL.lastIndex = 0;
  return found;
}

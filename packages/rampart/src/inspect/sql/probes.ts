import * as lexicon from './lexicon.js';
import * as parseState from './parse-state.js';
import * as roles from './roles.js';
import * as statements from './statements.js';
import * as tokenTests from './token-tests.js';
import * as tokenizer from './tokenizer.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const { roleOf, wordId } = lexicon;
const { p, tokens } = parseState;
const { Role } = roles;
const { isWord } = statements;
const { isEmptyOpenString, isLoginChar, isOperator } = tokenTests;
const { Tok } = tokenizer;

/** Words this part of the grammar compares tokens with. */
const W = Object.freeze({
  sounds: wordId('sounds'),
});

/**
 * Fragments that are complete SQL only because of what the query adds after them: a probe that closes the
 * literal, applies an operator and reopens it (`' OR '`, `A '||' B`), and a value cut off by a comment (`1 --`).
 * The grammar asks these once the fragment has parsed to its end.
 */

/** The longest word a probe's operand may be: a probe's `A` and `B` are a letter, a number, a name. */
const MAX_PROBE_WORD = 32;
const SINGLE_QUOTE = 0x27;

/**
 * True when `[from, to)` of the value is at most one word (login characters) with spaces around it: `A `, ` B`,
 * ``, `1`. A phrase (`press `, ` to zoom`) is prose.
 */
function isOneWord(from: number, to: number): boolean {
  // Checked before trimming, so that a long run of spaces costs nothing.
  if (to - from > 2 * MAX_PROBE_WORD) return false;
  let start = from;
  let end = to;
  while (start < end && tokens.charAt(start) === 0x20) start++;
  while (end > start && tokens.charAt(end - 1) === 0x20) end--;
  if (end - start > MAX_PROBE_WORD) return false;
  for (let at = start; at < end; at++) if (!isLoginChar(tokens.charAt(at))) return false;
  return true;
}

/** True when tokens `[from, to)` spell one binary operator: `+`, `||`, `=`, `OR`, `DIV`, `NOT LIKE`, `SOUNDS LIKE`. */
function isOneOperator(from: number, to: number): boolean {
  if (to - from === 1) return isOperator(from);
  if (to - from !== 2 || tokens.type(from) !== Tok.keyword || tokens.type(to - 1) !== Tok.keyword)
    return false;
  const second = roleOf(tokens.keyword(to - 1));
  const negated = roleOf(tokens.keyword(from)) === Role.not;
  return second === Role.predicate && (negated || isWord(tokens, from, W.sounds));
}

/**
 * `' OR '`, `'||'`, `A 'DIV' B`, `x' NOT LIKE 'y`: read after a quote, the fragment closes the literal, applies one
 * operator and opens a literal the query's own quote closes, each side at most one word. In a string context it
 * turns the value into an expression: what an attacker sends first to see whether the quote breaks out. `end` is
 * the index of the end token. A phrase on either side (`press '+' to zoom`) is prose.
 */
export function isQuoteOperatorProbe(end: number): boolean {
  const open = end - 1;
  // Standard SQL quotes strings with `'`; `"` quotes names everywhere but in MySQL, and quotes words in prose
  // (`SMALL "&" SIGN`, `"LIKE" STAMP`).
  if (p.quote !== SINGLE_QUOTE || open < 2 || tokens.type(open) !== Tok.openString) return false;
  if (tokens.charAt(tokens.start(open)) !== SINGLE_QUOTE || !isOneOperator(1, open)) return false;
  const closeAt = tokens.end(0) - 1;
  const openAt = tokens.start(open);
  if (!isOneWord(tokens.start(0), closeAt) || !isOneWord(openAt + 1, tokens.end(open))) return false;
  // One side empty: the other must be glued to its quote, as a closed value is (`admin' OR '`); a quote after a
  // space opens a quotation (`select 'and'`).
  const before = closeAt > tokens.start(0);
  const after = tokens.end(open) > openAt + 1;
  if (before === after) return true;
  return before ? tokens.charAt(closeAt - 1) !== 0x20 : tokens.charAt(openAt + 1) !== 0x20;
}

/**
 * `1 --`, `1*1/*`, `@version--`, `1; --`: a value made only of numbers, variables and operators, then a comment
 * that cuts off the rest of the query. `comment` is the index of the comment token. Words are left out
 * (`admin--` is a password), and so is `#`, which ends many passwords and list items (`12345#`).
 */
export function isTruncatedValue(comment: number): boolean {
  if (p.breakString || comment < 1 || comment > 64 || tokens.charAt(tokens.start(comment)) === 0x23)
    return false;
  const last = tokens.type(comment - 1);
  if (last !== Tok.number && last !== Tok.variable && last !== Tok.close && last !== Tok.semicolon)
    return false;
  // `100.--` is a price (Swiss notation), not a number a payload writes.
  if (last === Tok.number && tokens.charAt(tokens.end(comment - 1) - 1) === 0x2e) return false;
  for (let i = 0; i < comment; i++) {
    const type = tokens.type(i);
    // A list (`1,1--`) is not one value.
    if (
      type === Tok.word ||
      type === Tok.keyword ||
      type === Tok.string ||
      type === Tok.other ||
      type === Tok.comma
    )
      return false;
  }
  return true;
}

/**
 * `'/1/1='`, `' / + (1) ='`: after an empty broken-out literal, a comparison of numbers only with an empty literal
 * the query closes. `end` is the index of the end token. With a word in it (`"+pjVu>".$KE`) it is a password.
 */
export function isConstantComparison(end: number): boolean {
  if (!isEmptyOpenString(end - 1)) return false;
  for (let i = 1; i < end - 1; i++) {
    const type = tokens.type(i);
    if (type === Tok.word || type === Tok.string || type === Tok.openString || type === Tok.variable)
      return false;
  }
  return true;
}

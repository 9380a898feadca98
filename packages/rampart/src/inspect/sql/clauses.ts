import * as lexicon from './lexicon.js';
import * as parseState from './parse-state.js';
import * as statements from './statements.js';
import * as tokenizer from './tokenizer.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const { keywordId, wordId } = lexicon;
const { FAIL, OPERAND, p, tokens } = parseState;
const { isWord } = statements;
const { Tok } = tokenizer;

/** Words this part of the grammar compares tokens with. */
const W = Object.freeze({
  boolean: wordId('boolean'),
  current: wordId('current'),
  date: wordId('date'),
  in: wordId('in'),
  language: wordId('language'),
  lock: wordId('lock'),
  mode: wordId('mode'),
  natural: wordId('natural'),
  schema: wordId('schema'),
  separator: wordId('separator'),
  share: wordId('share'),
  timestamp: wordId('timestamp'),
});

/**
 * Clauses and modifiers that follow a value without being operators: MySQL's `IN BOOLEAN MODE`, `LOCK IN SHARE
 * MODE`, `SEPARATOR`, DB2's `CURRENT USER`, and the match-all pattern of `LIKE '%'`.
 */

const USER = keywordId('user');

/** True when token `i` is a literal made only of `%` wildcards. */
export function isMatchAll(i: number): boolean {
  const type = tokens.type(i);
  if (type !== Tok.string && type !== Tok.openString) return false;
  const start = tokens.start(i) + 1;
  const end = type === Tok.string ? tokens.end(i) - 1 : tokens.end(i);
  if (end <= start) return false;
  for (let at = start; at < end; at++) if (tokens.charAt(at) !== 0x25) return false;
  return true;
}

/** `IN BOOLEAN MODE`, `IN NATURAL LANGUAGE MODE` at `i`: steps over it. */
export function isSearchModifier(i: number): boolean {
  if (!isWord(tokens, i, W.in)) return false;
  let next = i + 1;
  if (isWord(tokens, next, W.natural) && isWord(tokens, next + 1, W.language)) next += 2;
  else if (!isWord(tokens, next, W.boolean)) return false;
  if (!isWord(tokens, next + 1, W.mode)) return false;
  p.i = next + 1;
  return true;
}

/**
 * Words that go on a clause after a value without being keywords elsewhere: MySQL's `LOCK IN SHARE MODE`
 * (like `FOR UPDATE`), and `SEPARATOR '..'` in `GROUP_CONCAT(x SEPARATOR ',')`.
 */
export function clauseWord(i: number): string | undefined {
  if (isSpecialRegister(i)) return undefined;
  if (isWord(tokens, i, W.lock) && isSearchModifierShare(i + 1)) {
    p.i = i + 3;
    return undefined;
  }
  if (p.depth > 0 && isWord(tokens, i, W.separator) && tokens.type(i + 1) === Tok.string) {
    p.state = OPERAND;
    return undefined;
  }
  return FAIL;
}

/**
 * DB2's special registers, `CURRENT USER`, `CURRENT DATE`, `CURRENT SCHEMA`: token `i` is the second word, and the
 * two make one value.
 */
export function isSpecialRegister(i: number): boolean {
  if (!isWord(tokens, i - 1, W.current)) return false;
  if (tokens.type(i) === Tok.keyword) return tokens.keyword(i) === USER;
  return isWord(tokens, i, W.date) || isWord(tokens, i, W.timestamp) || isWord(tokens, i, W.schema);
}

function isSearchModifierShare(i: number): boolean {
  return isWord(tokens, i, W.in) && isWord(tokens, i + 1, W.share) && isWord(tokens, i + 2, W.mode);
}

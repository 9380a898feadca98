import { keywordId } from './keywords.js';
import { FAIL, OPERAND, p, tokens } from './parse-state.js';
import { tokenIs } from './statements.js';
import { Tok } from './tokenizer.js';

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
  if (!tokenIs(tokens, i, 'in')) return false;
  let next = i + 1;
  if (tokenIs(tokens, next, 'natural') && tokenIs(tokens, next + 1, 'language')) next += 2;
  else if (!tokenIs(tokens, next, 'boolean')) return false;
  if (!tokenIs(tokens, next + 1, 'mode')) return false;
  p.i = next + 1;
  return true;
}

/**
 * Words that go on a clause after a value without being keywords elsewhere: MySQL's `LOCK IN SHARE MODE`
 * (like `FOR UPDATE`), and `SEPARATOR '..'` in `GROUP_CONCAT(x SEPARATOR ',')`.
 */
export function clauseWord(i: number): string | undefined {
  if (isSpecialRegister(i)) return undefined;
  if (tokenIs(tokens, i, 'lock') && isSearchModifierShare(i + 1)) {
    p.i = i + 3;
    return undefined;
  }
  if (p.depth > 0 && tokenIs(tokens, i, 'separator') && tokens.type(i + 1) === Tok.string) {
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
  if (!tokenIs(tokens, i - 1, 'current')) return false;
  if (tokens.type(i) === Tok.keyword) return tokens.keyword(i) === USER;
  return tokenIs(tokens, i, 'date') || tokenIs(tokens, i, 'timestamp') || tokenIs(tokens, i, 'schema');
}

function isSearchModifierShare(i: number): boolean {
  return tokenIs(tokens, i, 'in') && tokenIs(tokens, i + 1, 'share') && tokenIs(tokens, i + 2, 'mode');
}

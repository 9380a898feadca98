import * as lexicon from './lexicon.js';
import * as operand from './operand.js';
import * as parseState from './parse-state.js';
import * as roles from './roles.js';
import * as statements from './statements.js';
import * as tokenTests from './token-tests.js';
import * as tokenizer from './tokenizer.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const { keywordId, roleOf } = lexicon;
const { skipSelectModifiers } = operand;
const { FAIL, OPERAND, p, tokens } = parseState;
const { Role } = roles;
const { startsSelectList } = statements;
const { isValueEnd } = tokenTests;
const { Tok } = tokenizer;

/**
 * After a complete value: a set operation (`UNION [ALL] SELECT`) or a second statement run without a `;` (T-SQL's
 * `1 SELECT @@version`), the two ways a fragment reads data the query never asked for.
 */

const DISTINCT = keywordId('distinct');

/**
 * `UNION [ALL | DISTINCT] [(] SELECT`; or a UNION that ends the fragment after a number, a variable or a `)`
 * (`-1 union`, `1/1 union#`): the probe that checks whether a UNION parses before its SELECT is written. After
 * a literal it may be prose (`Teachers' union`).
 */
export function union(i: number): string | undefined {
  let next = i + 1;
  while (
    tokens.type(next) === Tok.keyword &&
    (tokens.keyword(next) === DISTINCT || roleOf(tokens.keyword(next)) === Role.quantifier)
  )
    next++;
  const after = tokens.type(next);
  if (after === Tok.end || after === Tok.comment) {
    const before = tokens.type(i - 1);
    return before === Tok.number || before === Tok.variable || before === Tok.close ? 'union-select' : FAIL;
  }
  while (tokens.type(next) === Tok.open) next++;
  return tokens.type(next) === Tok.keyword && roleOf(tokens.keyword(next)) === Role.select
    ? 'union-select'
    : FAIL;
}

/** True when the statement keyword at `i` follows a value (`1 DROP ...`) or the broken-out login (`x' DROP`). */
export function afterValue(i: number): boolean {
  if (p.breakString && i === 1) return p.loginLike;
  return isValueEnd(i - 1);
}

/**
 * `1 SELECT @@version`, `x' SELECT * FROM users`: a SELECT after a value is a second statement (T-SQL needs no
 * `;`). It counts once it reads server data (see {@link selectSignal}), like a whole SELECT given as the value.
 */
export function stackedSelect(i: number): string | undefined {
  // After a login-like literal (`admin' SELECT ...`) the break-out itself is the proof, as for other statements.
  if (p.breakString && i === 1 && p.loginLike)
    return startsSelectList(tokens, i + 1) ? 'stacked-query' : FAIL;
  if (!afterValue(i) || p.depth !== 0 || !startsSelectList(tokens, i + 1)) return FAIL;
  p.state = OPERAND;
  p.inSelect = true;
  p.statementSelect = true;
  p.stackedSelect = true;
  p.fromSeen = false;
  p.constantSeen = false;
  p.callSeen = false;
  p.logicSeen = false;
  p.comparisonPending = false;
  skipSelectModifiers(i);
  return undefined;
}

/** The signal of a whole SELECT statement that reads server data. */
export function selectSignal(): string {
  return p.stackedSelect ? 'stacked-query' : 'select-statement';
}

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
const VALUES = keywordId('values');
const TABLE = keywordId('table');

/**
 * `UNION [ALL | DISTINCT] [(] SELECT`, `VALUES (` or `TABLE name`; or a UNION that ends the fragment after a
 * number, a variable or a `)` (`-1 union`, `1/1 union#`): the probe that checks whether a UNION parses before its
 * SELECT is written. After a literal it may be prose (`Teachers' union`).
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
  if (tokens.type(next) !== Tok.keyword) return FAIL;
  const keyword = tokens.keyword(next);
  if (roleOf(keyword) === Role.select) return 'union-select';
  // A row constructor, `UNION VALUES (1, version())` (MySQL 8, MariaDB, PostgreSQL, SQLite), and PostgreSQL's
  // `UNION TABLE creds`, which is `SELECT * FROM creds`.
  // Both after a value only: "Trade union values (solidarity, equality)", "Student union table booking".
  if (!isValueEnd(i - 1)) return FAIL;
  const rows =
    (keyword === VALUES && tokens.type(next + 1) === Tok.open && startsRow(next + 2)) ||
    (keyword === TABLE && tokens.type(next + 1) === Tok.word && endsQuery(next + 2));
  return rows ? 'union-select' : FAIL;
}

/** What may begin a row's values: a literal, a variable, a name, a keyword (`NULL`, `version`). */
const ROW_VALUES: ReadonlySet<number> = new Set([
  Tok.number,
  Tok.string,
  Tok.variable,
  Tok.keyword,
  Tok.word,
]);

/** True when token `i` begins a row's values: one value, then `,` or `)` (`(1, version())`, not `(of 1990)`). */
function startsRow(i: number): boolean {
  const type = tokens.type(i);
  if (!ROW_VALUES.has(type)) return false;
  const after = tokens.type(i + 1);
  return after === Tok.comma || after === Tok.close || (after === Tok.open && type !== Tok.number);
}

/** True when the query may end at token `i`: the end, a comment, a `;` or a `)`. */
function endsQuery(i: number): boolean {
  const type = tokens.type(i);
  return type === Tok.end || type === Tok.comment || type === Tok.semicolon || type === Tok.close;
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

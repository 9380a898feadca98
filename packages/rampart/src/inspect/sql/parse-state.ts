import * as tokenizer from './tokenizer.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const { SqlTokenizer } = tokenizer;

/**
 * The state of one reading of a value, shared by the grammar's parts (`grammar.ts` drives the loop, `operand.ts`,
 * `after-operand.ts` and `statement.ts` handle one token each). One instance is reused for every reading, so a
 * reading allocates nothing.
 */

/** Where the parse stands: an operand is expected, one is complete, a statement may begin, or nothing yet. */
export const OPERAND = 0;
export const AFTER = 1;
export const STATEMENT = 2;
export const START = 3;

/** What an open parenthesis opened. */
export const PAREN_GROUP = 0;
export const PAREN_CALL = 1;
export const PAREN_SUBQUERY = 2;

/**
 * What a token handler returns when the fragment cannot be SQL at this token (the parse fails, weak signals
 * included); `undefined` means "keep reading", any other string is a strong signal, reported at once.
 */
export const FAIL = '';

/** The tokenizer every reading uses. */
export const tokens = new SqlTokenizer();

class ParseState {
  /** The index of the token being handled; handlers may advance it past tokens they consumed. */
  i = 0;
  state = START;
  /** The quote the value is read after (0: as-is). */
  quote = 0;
  breakString = false;
  /** Only `)` and `;` since the broken-out literal: `admin')--`. */
  onlyClosers = false;
  /** `LIMIT` right after the broken-out literal and its closers: `admin' LIMIT 1--` keeps one row of a login. */
  limitAfterBreak = false;
  /**
   * The broken-out literal goes on as a list the query did not have: another assignment of an `UPDATE ... SET`
   * (`x', is_admin=1--`), or another row of an `INSERT ... VALUES` after the query's `)` (`x', 1), ('evil', 1)--`).
   */
  listAfterBreak = false;
  /** A `)` closed a parenthesis the fragment did not open: the query's own (`x')`, `1))`). */
  closedQueryParen = false;
  depth = 0;
  /** A signal that counts only if the whole fragment parses. */
  weak: string | undefined = undefined;
  logicSeen = false;
  comparisonPending = false;
  /**
   * A condition between columns only (`a || b > c`) reads no data and proves nothing; one with a literal, a
   * variable or a call (`1=1`, `'a'='a'`, `ASCII(x)>64`) is a tautology or an oracle.
   */
  constantSeen = false;
  rightOfLogic = false;
  afterOperator = false;
  betweenPending = false;
  inSelect = false;
  aliasAllowed = false;
  caseDepth = 0;
  orderBy = false;
  fromSeen = false;
  statementSelect = false;
  /** The select statement began after a complete value, as T-SQL runs a second statement without `;`. */
  stackedSelect = false;
  /** A call, a system variable or `*` in a statement's select list: `select version()`, `select @@version`. */
  callSeen = false;
  /** Keywords and logical operators (or balanced parentheses): what makes a fragment SQL rather than a password. */
  sqlish = false;
  operatorAfterBreak = false;
  /** The fragment began with a number and a logical keyword (`1 OR ...`). */
  numberThenLogic = false;
  /** An operator follows the broken-out literal, whatever it holds (`'-(1)--`). */
  operatorFollowsBreak = false;
  /** A comparison or `IS` follows the broken-out literal and an operator (`1' = '1`, `'/1='`, `x'^0!='1`). */
  comparisonAfterBreak = false;
  /** The operator after the broken-out literal was a symbol (`1'-'`, `x'*'`): string arithmetic on it. */
  symbolAfterBreak = false;
  parenSeen = false;
  /** The broken-out literal (token 0 of a quoted reading) looks like a login or an id: see `isLoginLike`. */
  loginLike = false;

  reset(quote: number): void {
    this.i = 0;
    this.state = START;
    this.quote = quote;
    this.breakString = quote !== 0;
    this.onlyClosers = quote !== 0;
    this.limitAfterBreak = false;
    this.listAfterBreak = false;
    this.closedQueryParen = false;
    this.depth = 0;
    this.weak = undefined;
    this.logicSeen = false;
    this.comparisonPending = false;
    this.constantSeen = false;
    this.rightOfLogic = false;
    this.afterOperator = false;
    this.betweenPending = false;
    this.inSelect = false;
    this.aliasAllowed = false;
    this.caseDepth = 0;
    this.orderBy = false;
    this.fromSeen = false;
    this.statementSelect = false;
    this.stackedSelect = false;
    this.callSeen = false;
    this.sqlish = false;
    this.operatorAfterBreak = false;
    this.operatorFollowsBreak = false;
    this.numberThenLogic = false;
    this.comparisonAfterBreak = false;
    this.symbolAfterBreak = false;
    this.parenSeen = false;
    this.loginLike = false;
  }
}

/** The state of the reading in progress. */
export const p = new ParseState();

/** What each open parenthesis opened (a ring, like the tokens: only the innermost few matter). */
export const parens = new Uint8Array(256);

/** Notes what the parenthesis opened at the current depth holds, and enters it. */
export function openParen(kind: number): void {
  parens[p.depth++ & 0xff] = kind;
}

/** What the innermost open parenthesis holds. */
export function innerParen(): number {
  return parens[(p.depth - 1) & 0xff] as number;
}

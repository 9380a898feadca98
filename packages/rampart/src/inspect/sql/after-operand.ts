import * as clauses from './clauses.js';
import * as lexicon from './lexicon.js';
import * as newStatement from './new-statement.js';
import * as parseState from './parse-state.js';
import * as roles from './roles.js';
import * as statements from './statements.js';
import * as tokenTests from './token-tests.js';
import * as tokenizer from './tokenizer.js';
import * as unionAndStacking from './union-and-stacking.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const { clauseWord, isMatchAll, isSearchModifier, isSpecialRegister } = clauses;
const { keywordId, roleOf, wordId } = lexicon;
const { ifStatement, isGoto } = newStatement;
const { FAIL, OPERAND, PAREN_SUBQUERY, p, parens, STATEMENT, tokens } = parseState;
const { Role } = roles;
const { isWord, startsDelay, startsStatement } = statements;
const { callSignal, isBatchStatement, isOperator, isValueEnd } = tokenTests;
const { Tok } = tokenizer;
const { afterValue, selectSignal, stackedSelect, union } = unionAndStacking;

/** Words this part of the grammar compares tokens with. */
const W = Object.freeze({
  for: wordId('for'),
  goto: wordId('goto'),
  if: wordId('if'),
  like: wordId('like'),
  similar: wordId('similar'),
  sounds: wordId('sounds'),
  update: wordId('update'),
});

/**
 * The grammar after a complete operand: operators, logic, clauses of a SELECT (`FROM`, `WHERE`, `ORDER BY`,
 * `UNION`...), and statements that T-SQL runs after a value without a `;`. Returns `undefined` to keep reading,
 * {@link FAIL}, or a strong signal.
 */

const K = Object.freeze({
  and: keywordId('and'),
  by: keywordId('by'),
  not: keywordId('not'),
  analyse: keywordId('analyse'),
});

/** Handles token `p.i` of type `type` after a complete operand. */
export function afterOperand(type: number): string | undefined {
  const i = p.i;
  if (i === 1 && p.breakString && isOperator(i) && p.loginLike) {
    p.operatorFollowsBreak = true;
    p.operatorAfterBreak = tokens.end(0) > 1 || type === Tok.comparison;
    // `1'-'`, `x'^'`, `1'||'`: arithmetic or concatenation on the closed value needs no second operand to run;
    // a word operator does.
    p.symbolAfterBreak = (type === Tok.operator || type === Tok.logic) && tokens.end(0) > 1;
  }
  const wasAliasAllowed = p.aliasAllowed;
  p.aliasAllowed = false;
  switch (type) {
    case Tok.operator:
      p.state = OPERAND;
      p.afterOperator = true;
      return undefined;
    case Tok.comparison:
      p.state = OPERAND;
      p.afterOperator = true;
      if (p.operatorFollowsBreak) p.comparisonAfterBreak = true;
      if (p.logicSeen) p.comparisonPending = true;
      return undefined;
    case Tok.logic:
      startCondition();
      return undefined;
    case Tok.close:
      if (p.depth > 0) {
        p.depth--;
        // A whole `(SELECT ... FROM ...)` where a value was expected.
        if (parens[p.depth & 0xff] === PAREN_SUBQUERY && p.fromSeen && p.weak === undefined)
          p.weak = 'subquery';
      } else p.closedQueryParen = true;
      if (p.comparisonPending && p.constantSeen) return 'tautology';
      p.aliasAllowed = p.inSelect;
      return undefined;
    case Tok.comma:
      if (p.breakString && p.loginLike && continuesList(i)) p.listAfterBreak = true;
      p.state = OPERAND;
      return undefined;
    case Tok.semicolon:
      p.state = STATEMENT;
      return undefined;
    case Tok.openString:
      if (p.quote !== 0 && tokens.charAt(tokens.start(i)) === p.quote && p.weak !== undefined)
        return undefined;
      return FAIL;
    case Tok.word:
      // An alias (`SELECT 1 a`, `(SELECT ...) x`), allowed once after an operand inside a SELECT.
      if (wasAliasAllowed && p.inSelect) return undefined;
      if (tokens.type(i + 1) === Tok.open) {
        // `1 SLEEP(5)`, `x' sleep(5) '`: a delay or a dangerous call right after a value, as sloppy payloads and
        // MySQL's juxtaposition tricks write it.
        const signal = callSignal(i, i, false);
        if (signal === 'time-delay' || signal === 'dangerous-function') return signal;
      }
      // `1 IF (1=1) SELECT ...`: T-SQL's IF statement after a value, without a `;`.
      if (isValueEnd(i - 1) && isWord(tokens, i, W.if)) return ifStatement(i) ?? FAIL;
      if (isValueEnd(i - 1) && isWord(tokens, i, W.goto)) return isGoto(i) ? 'stacked-query' : FAIL;
      return clauseWord(i);
    case Tok.keyword:
      return keyword(i, tokens.keyword(i));
    case Tok.other:
      // Informix names a table of another database `db:table` (`FROM sysmaster:sysdual`): one name.
      if (p.fromSeen && isDatabaseColon(i)) {
        p.i = i + 1;
        return undefined;
      }
      return FAIL;
    default:
      return FAIL;
  }
}

/** A `:` between a name and the name right after it, both touching it (`sysmaster:sysdual`). */
function isDatabaseColon(i: number): boolean {
  const at = tokens.start(i);
  const next = tokens.type(i + 1);
  return (
    tokens.charAt(at) === 0x3a &&
    tokens.end(i) === at + 1 &&
    tokens.type(i - 1) === Tok.word &&
    tokens.end(i - 1) === at &&
    (next === Tok.word || next === Tok.keyword) &&
    tokens.start(i + 1) === at + 1
  );
}

/** `AND`, `OR`, `&&`, `WHERE`: a new condition starts. */
function startCondition(): void {
  // `1 OR x=y`: a number, a logical keyword and a condition: the number was the value, the rest is injected.
  if (p.i === 1 && tokens.type(0) === Tok.number && tokens.type(1) === Tok.keyword) p.numberThenLogic = true;
  p.state = OPERAND;
  p.logicSeen = true;
  p.comparisonPending = false;
  p.constantSeen = false;
  p.rightOfLogic = true;
  p.afterOperator = true;
}

function keyword(i: number, id: number): string | undefined {
  switch (roleOf(id)) {
    case Role.logic:
      if (p.betweenPending && id === K.and) {
        p.betweenPending = false;
        p.state = OPERAND;
        return undefined;
      }
      startCondition();
      return undefined;
    case Role.not:
      return tokens.type(i + 1) === Tok.keyword ? undefined : FAIL;
    case Role.predicate:
      // MySQL's full-text modifiers, after the literal of `MATCH (...) AGAINST ('...' IN BOOLEAN MODE)`.
      if (isSearchModifier(i)) return undefined;
      if (isWord(tokens, i, W.sounds) || isWord(tokens, i, W.similar)) p.i = i + 1;
      p.state = OPERAND;
      p.afterOperator = true;
      if (p.logicSeen) p.comparisonPending = true;
      // `x LIKE '%'` matches every value: a tautology.
      if (p.weak === undefined && isWord(tokens, i, W.like) && isMatchAll(i + 1)) p.weak = 'tautology';
      return undefined;
    case Role.between:
      p.betweenPending = true;
      p.state = OPERAND;
      if (p.logicSeen) p.comparisonPending = true;
      return undefined;
    case Role.is:
      return isPredicate(i);
    case Role.postfix:
      return p.logicSeen ? 'tautology' : undefined;
    case Role.operator:
      // `FOR UPDATE` ends a SELECT; `FOR` is otherwise an operator (`SUBSTRING(x FROM 1 FOR 1)`).
      if (isWord(tokens, i, W.for) && isWord(tokens, i + 1, W.update)) {
        p.i = i + 1;
        return undefined;
      }
      p.state = OPERAND;
      return undefined;
    case Role.union:
      return union(i);
    case Role.from:
      p.fromSeen = true;
      // A whole `SELECT 1, version() FROM t` as the value; `select x from y` names columns only, like prose,
      // unless `y` is qualified (`sysibm.systables`, `master..sysdatabases`): a catalog, not a sentence.
      if (
        p.depth === 0 &&
        p.statementSelect &&
        (p.constantSeen || p.callSeen || tokens.type(i + 2) === Tok.dot) &&
        p.weak === undefined
      ) {
        p.weak = selectSignal();
      }
      p.state = OPERAND;
      return undefined;
    case Role.limit:
      if (p.breakString && followsBreakout(i)) p.limitAfterBreak = true;
      p.state = OPERAND;
      return undefined;
    case Role.join:
    case Role.on:
      p.state = OPERAND;
      return undefined;
    case Role.where:
      p.state = OPERAND;
      p.logicSeen = true;
      p.comparisonPending = false;
      p.constantSeen = false;
      return undefined;
    case Role.orderGroup:
      if (tokens.type(i + 1) !== Tok.keyword || tokens.keyword(i + 1) !== K.by) return FAIL;
      p.i = i + 1;
      p.orderBy = true;
      // `ORDER BY 3`: counting the columns of the query, the first step of a UNION attack.
      if (tokens.type(i + 2) === Tok.number && p.weak === undefined) p.weak = 'order-by';
      p.state = OPERAND;
      return undefined;
    case Role.sort:
      return p.orderBy ? undefined : FAIL;
    case Role.into:
      if (tokens.type(i + 1) === Tok.keyword && roleOf(tokens.keyword(i + 1)) === Role.file)
        return 'into-outfile';
      p.state = OPERAND;
      return undefined;
    case Role.procedure:
      return tokens.type(i + 1) === Tok.keyword && tokens.keyword(i + 1) === K.analyse
        ? 'procedure-analyse'
        : FAIL;
    case Role.as:
      p.state = OPERAND;
      return undefined;
    case Role.when:
      if (p.caseDepth === 0) return FAIL;
      p.state = OPERAND;
      return undefined;
    case Role.end:
      if (p.caseDepth === 0) return FAIL;
      // A whole `CASE WHEN ... THEN ... END`: a conditional expression, the core of a blind oracle.
      if (--p.caseDepth === 0 && p.weak === undefined) p.weak = 'conditional';
      return undefined;
    case Role.waitfor:
      // MSSQL runs statements back to back without `;`.
      return startsDelay(tokens, i + 1) ? 'time-delay' : FAIL;
    case Role.statement:
      // MSSQL runs statements back to back without `;`: `' DECLARE @s ...`, `1 EXEC xp_cmdshell ...`,
      // `1 CREATE TABLE t (...)`. After a prose word it is a sentence going on (`Please drop table legs`).
      return (isBatchStatement(i) || afterValue(i)) && startsStatement(tokens, i) ? 'stacked-query' : FAIL;
    case Role.select:
      return stackedSelect(i);
    default:
      return isSpecialRegister(i) ? undefined : FAIL;
  }
}

/** `IS [NOT] NULL`, `IS TRUE`, `IS [NOT] DISTINCT FROM`. */
function isPredicate(i: number): string | undefined {
  if (p.operatorFollowsBreak) p.comparisonAfterBreak = true;
  let next = i + 1;
  if (tokens.type(next) === Tok.keyword && tokens.keyword(next) === K.not) next++;
  if (tokens.type(next) !== Tok.keyword) return FAIL;
  const role = roleOf(tokens.keyword(next));
  p.i = next;
  if (role === Role.value) {
    if (p.logicSeen) return 'tautology';
    p.aliasAllowed = true;
    return undefined;
  }
  if (role !== Role.unary) return FAIL;
  p.i = next + 1;
  p.state = OPERAND;
  if (p.logicSeen) p.comparisonPending = true;
  return undefined;
}

/** True when only `)` and `;` stand between the broken-out literal (token 0) and token `i`. */
function followsBreakout(i: number): boolean {
  for (let k = 1; k < i; k++) {
    const type = tokens.type(k);
    if (type !== Tok.close && type !== Tok.semicolon) return false;
  }
  return true;
}

/**
 * True when the `,` at `i` goes on from the broken-out literal with what an `UPDATE`'s `SET` or an `INSERT`'s
 * `VALUES` holds: right after it, `name =` (another assignment); after the query's own `)`, a `(` (another row).
 */
function continuesList(i: number): boolean {
  if (i === 1) {
    const next = i + 2;
    return (
      tokens.type(i + 1) === Tok.word &&
      tokens.type(next) === Tok.comparison &&
      tokens.end(next) - tokens.start(next) === 1 &&
      tokens.charAt(tokens.start(next)) === 0x3d
    );
  }
  return (
    p.closedQueryParen && p.depth === 0 && tokens.type(i - 1) === Tok.close && tokens.type(i + 1) === Tok.open
  );
}

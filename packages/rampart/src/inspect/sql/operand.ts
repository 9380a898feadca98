import * as functions from './functions.js';
import * as lexicon from './lexicon.js';
import * as parseState from './parse-state.js';
import * as roles from './roles.js';
import * as statements from './statements.js';
import * as tokenTests from './token-tests.js';
import * as tokenizer from './tokenizer.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const { FunctionKind } = functions;
const { keywordId, packageKindOf, roleOf } = lexicon;
const { AFTER, FAIL, innerParen, OPERAND, openParen, PAREN_CALL, PAREN_GROUP, PAREN_SUBQUERY, p, tokens } =
  parseState;
const { Role } = roles;
const { startsSelectList } = statements;
const { callSignal, isBooleanAtEnd, isEmptyOpenString, isSameWordComparison, isTruthyString } = tokenTests;
const { Tok } = tokenizer;

/**
 * The grammar where an operand is expected: a literal, a column, a call, a subquery, a parenthesised group, or a
 * prefix operator before one. Returns `undefined` to keep reading, {@link FAIL}, or a strong signal.
 */

const K = Object.freeze({
  all: keywordId('all'),
  distinct: keywordId('distinct'),
  top: keywordId('top'),
  when: keywordId('when'),
  true: keywordId('true'),
  false: keywordId('false'),
  null: keywordId('null'),
  unknown: keywordId('unknown'),
});

/** Handles token `p.i` of type `type` where an operand is expected. */
export function operandToken(type: number): string | undefined {
  const i = p.i;
  const wasRightOfLogic = p.rightOfLogic;
  const wasAfterOperator = p.afterOperator;
  p.rightOfLogic = false;
  p.afterOperator = false;
  switch (type) {
    case Tok.number:
    case Tok.string:
      p.constantSeen = true;
      // `OR 1--`, `AND 0`: a constant condition; `1950 or 1960` stays prose unless cut off or a boolean. With
      // MySQL's `||` between two constants (`1||6`) it is a tautology whatever the number: prose has no `||`.
      if (
        wasRightOfLogic &&
        p.weak === undefined &&
        (tokens.type(i + 1) === Tok.comment || isBooleanAtEnd(i) || isSymbolicTautology(i))
      ) {
        p.weak = 'tautology';
      }
      break;
    case Tok.openString:
      p.constantSeen = true;
      if (p.quote === 0 || tokens.charAt(tokens.start(i)) !== p.quote) {
        // Read as-is, a literal left open at the end is closed by the query's own quote (`1 OR 'a'='a`, in
        // `WHERE id=1 OR 'a'='a'`): it counts when it completes a condition, and nothing else can follow it.
        return p.comparisonPending ? 'tautology' : FAIL;
      }
      // Only the query's own closing quote can close it: valid only when read after that quote. `OR '1`, and
      // `OR ''-'` (a constant expression the query's quote completes), make a constant condition.
      if (p.weak === undefined && ((wasRightOfLogic && isTruthyString(i)) || isConstantArithmetic(i))) {
        p.weak = 'tautology';
      }
      break;
    case Tok.variable:
      p.constantSeen = true;
      if (tokens.charAt(tokens.start(i) + 1) === 0x40) {
        p.callSeen = true;
        if (p.weak === undefined) p.weak = 'system-variable';
      }
      break;
    case Tok.word:
    case Tok.keyword: {
      // `table.column`: a name that happens to be a keyword, qualified, is a name too.
      const result =
        type === Tok.word || isQualifiedKeyword(i)
          ? word(i, wasRightOfLogic)
          : keyword(i, wasRightOfLogic, wasAfterOperator);
      if (result !== null) return result;
      break;
    }
    case Tok.open:
      openParen(PAREN_GROUP);
      p.rightOfLogic = wasRightOfLogic;
      p.afterOperator = wasAfterOperator;
      return undefined;
    case Tok.close:
      // `f()`: a call with no argument.
      if (p.depth > 0 && innerParen() === PAREN_CALL && tokens.type(i - 1) === Tok.open) {
        p.depth--;
        break;
      }
      return FAIL;
    case Tok.not:
      return undefined;
    case Tok.operator: {
      const c = tokens.charAt(tokens.start(i));
      if (c === 0x2a && (p.inSelect || tokens.type(i - 1) === Tok.open)) {
        p.callSeen = p.callSeen || tokens.type(i - 1) !== Tok.open;
        break;
      }
      if (c === 0x2d || c === 0x2b || c === 0x7e) {
        p.rightOfLogic = wasRightOfLogic;
        return undefined;
      }
      return FAIL;
    }
    default:
      return FAIL;
  }
  // An operand is complete.
  p.state = AFTER;
  p.aliasAllowed = true;
  if (p.comparisonPending && (p.constantSeen || isSameWordComparison(p.i))) return 'tautology';
  // `1 OR x=y`: a condition between columns after a number and OR, if nothing follows it.
  if (p.comparisonPending && p.numberThenLogic && p.weak === undefined) p.weak = 'boolean-blind';
  return undefined;
}

/** True when the number at `i` ends `<number> || <number>` (or `&&`): MySQL's OR of two constants. */
function isSymbolicTautology(i: number): boolean {
  return (
    i === 2 &&
    tokens.type(i - 1) === Tok.logic &&
    tokens.type(i - 2) === Tok.number &&
    tokens.type(i) === Tok.number &&
    tokens.type(i + 1) === Tok.end
  );
}

/**
 * True when the empty open string at `i` ends `<logic> <literal> <symbol>`: `OR ''-'`, `AND 1*'`, a constant
 * expression as the whole condition.
 */
function isConstantArithmetic(i: number): boolean {
  if (!p.logicSeen || i < 3 || !isEmptyOpenString(i) || tokens.type(i - 1) !== Tok.operator) return false;
  const operand = tokens.type(i - 2);
  return (operand === Tok.string || operand === Tok.number) && tokens.type(i - 3) === Tok.keyword;
}

function isQualifiedKeyword(i: number): boolean {
  return tokens.type(i + 1) === Tok.dot && roleOf(tokens.keyword(i)) === Role.object;
}

/** Oracle calls a function without arguments without parentheses: `'||UTL_HTTP.REQUEST` right of `OR`, `||`. */
function isPackageReference(i: number, wasRightOfLogic: boolean): boolean {
  return wasRightOfLogic && packageKindOf(tokens.keyword(i)) === FunctionKind.dangerous;
}

/** A column (`a.b.c`) or a call (`f(`, `utl_http.request(`). `null` when the operand is complete. */
function word(i: number, wasRightOfLogic: boolean): string | undefined | null {
  let last = i;
  while (tokens.type(last + 1) === Tok.dot) {
    let next = last + 2;
    if (tokens.type(next) === Tok.dot) next++;
    const nextType = tokens.type(next);
    if (nextType === Tok.word || (nextType === Tok.keyword && tokens.keyword(next) >= 0)) last = next;
    else if (nextType === Tok.operator && tokens.charAt(tokens.start(next)) === 0x2a) last = next;
    else return FAIL;
  }
  if (last > i && isPackageReference(i, wasRightOfLogic)) return 'dangerous-function';
  if (tokens.type(last + 1) === Tok.open) {
    p.constantSeen = true;
    p.callSeen = true;
    const signal = callSignal(i, last, wasRightOfLogic);
    if (signal === 'time-delay' || signal === 'dangerous-function') return signal;
    if (signal !== undefined && p.weak === undefined) p.weak = signal;
    p.i = last + 1;
    openParen(PAREN_CALL);
    p.state = OPERAND;
    return undefined;
  }
  p.i = last;
  return null;
}

/** A keyword where an operand is expected. `null` when it completes the operand. */
function keyword(i: number, wasRightOfLogic: boolean, wasAfterOperator: boolean): string | undefined | null {
  const id = tokens.keyword(i);
  const role = roleOf(id);
  if (
    tokens.type(i + 1) === Tok.open &&
    role !== Role.select &&
    role !== Role.unary &&
    role !== Role.not &&
    role !== Role.quantifier
  ) {
    // `insert(`, `left(`, `database(`, `user(`: MySQL functions that share a keyword's spelling.
    if (role === Role.logic || role === Role.union || role === Role.case) return FAIL;
    p.constantSeen = true;
    const signal = callSignal(i, i, wasRightOfLogic);
    if (signal === 'time-delay' || signal === 'dangerous-function') return signal;
    if (signal !== undefined && p.weak === undefined) p.weak = signal;
    p.i = i + 1;
    openParen(PAREN_CALL);
    return undefined;
  }
  if (role === Role.value) {
    p.constantSeen = true;
    if (wasRightOfLogic && p.weak === undefined && (id === K.true || id === K.false)) p.weak = 'tautology';
    // `SELECT CURRENT_USER`, `SELECT SESSION_USER`: a value only the server knows, like a call.
    if (p.inSelect && id !== K.null && id !== K.true && id !== K.false && id !== K.unknown) p.callSeen = true;
    return null;
  }
  if (role === Role.object) return null;
  if (role === Role.unary || role === Role.not || role === Role.quantifier) {
    p.rightOfLogic = wasRightOfLogic;
    // `1 - ANY(SELECT ...)`: the subquery is still the right side of the operator.
    p.afterOperator = wasAfterOperator;
    return undefined;
  }
  if (role === Role.case) {
    p.caseDepth++;
    if (tokens.type(i + 1) === Tok.keyword && tokens.keyword(i + 1) === K.when) p.i = i + 1;
    return undefined;
  }
  if (role !== Role.select) return FAIL;
  if (i > 0 && tokens.type(i - 1) === Tok.open) {
    if (!startsSelectList(tokens, i + 1)) return FAIL;
    // A subquery where a value was expected: `1 AND (SELECT ...)`, `'||(SELECT ...)||'`.
    if (wasAfterOperator || (p.depth > 0 && innerParen() === PAREN_GROUP && p.logicSeen)) return 'subquery';
    p.depth--;
    openParen(PAREN_SUBQUERY);
  }
  p.inSelect = true;
  p.fromSeen = false;
  if (i === 0) p.statementSelect = true;
  skipSelectModifiers(i);
  return undefined;
}

/** Steps over `DISTINCT`, `ALL` or `TOP n` after the `SELECT` at `i`. */
export function skipSelectModifiers(i: number): void {
  if (tokens.type(i + 1) !== Tok.keyword) return;
  const next = tokens.keyword(i + 1);
  if (next === K.distinct || next === K.all) p.i = i + 1;
  else if (next === K.top && tokens.type(i + 2) === Tok.number) p.i = i + 2;
}

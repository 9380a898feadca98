import * as afterOperandGrammar from './after-operand.js';
import * as lexicon from './lexicon.js';
import * as newStatement from './new-statement.js';
import * as operand from './operand.js';
import * as parseState from './parse-state.js';
import * as probes from './probes.js';
import * as roles from './roles.js';
import * as tokenTests from './token-tests.js';
import * as tokenizer from './tokenizer.js';
import * as unionAndStacking from './union-and-stacking.js';
import * as unread from './unread.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const { afterOperand } = afterOperandGrammar;
const { roleOf } = lexicon;
const { statementToken } = newStatement;
const { operandToken } = operand;
const { AFTER, FAIL, OPERAND, p, START, STATEMENT, tokens } = parseState;
const { isConstantComparison, isQuoteOperatorProbe, isTruncatedValue } = probes;
const { Role } = roles;
const { hasAlphanumeric, isBareComment, isEmptyOpenString, isLoginLike } = tokenTests;
const { Tok } = tokenizer;
const { selectSignal } = unionAndStacking;
const { weighReading } = unread;

/**
 * Decides whether a value, read in one context, is a fragment of executable SQL that does something an
 * application's own query would not: the grammar of an injection rather than a list of payloads.
 *
 * The fragment is parsed as a continuation of a query (an expression where an operand was expected, or after an
 * operand, or a new statement). Any token that SQL cannot accept at that point ends the parse: prose such as
 * `Please select your drop-off point` fails at its second word. Along the way the parser notes signals:
 * - strong ones prove intent on their own (`UNION SELECT`, `; DROP TABLE`, `OR 1=1`, `SLEEP(5)`) and are reported
 *   as soon as they are complete;
 * - weak ones (`OR true`, `admin'--`, `ORDER BY 3`) count only if the whole fragment parses to its end.
 */

/**
 * Reads `value` as SQL, as-is (`quote` 0) or as if it followed an opening quote (`quote` = its char code), and
 * returns the fingerprint of the injection found, or `undefined`. `backslashEscapes`: `\'` escapes a quote.
 * @example judgeSql("x' OR 'a'='a", 0x27, false) === 'tautology'
 */
export function judgeSql(value: string, quote: number, backslashEscapes: boolean): string | undefined {
  const found = parse(value, quote, backslashEscapes);
  // A reading that stopped short of the end proves nothing about what it did not read: `unread.ts` weighs it.
  if (found === undefined) {
    const exhausted = tokens.readingExhausted;
    weighReading(value, {
      quoted: quote !== 0,
      exhausted,
      stoppedAt: exhausted ? tokens.stoppedAt : tokens.scannedTo,
      openEnd: tokens.openEndStart,
      openComment: tokens.openEndIsComment,
      triggers: tokens.readTriggers,
    });
  }
  return found;
}

function parse(value: string, quote: number, backslashEscapes: boolean): string | undefined {
  tokens.reset(value, quote, backslashEscapes);
  p.reset(quote);
  if (quote !== 0) {
    // The fragment breaks out of a literal only if it closes it; an open literal is all string.
    if (tokens.type(0) !== Tok.string) return undefined;
    p.loginLike = isLoginLike(0);
    p.i = 1;
    p.state = AFTER;
  }
  for (; ; p.i++) {
    const type = tokens.type(p.i);
    if (type === Tok.end || type === Tok.comment) return atEnd(type);
    if (type !== Tok.close && type !== Tok.semicolon) p.onlyClosers = false;
    if (type === Tok.keyword || type === Tok.logic) p.sqlish = true;
    else if (type === Tok.open) p.parenSeen = true;
    if (p.state === START) p.state = firstState(type);
    const result =
      p.state === OPERAND
        ? operandToken(type)
        : p.state === AFTER
          ? afterOperand(type)
          : statementToken(type);
    if (result !== undefined) return result === FAIL ? undefined : result;
  }
}

/** What the first token of an as-is reading begins: a statement, an operand, or a continuation. */
function firstState(type: number): number {
  if (type === Tok.keyword) {
    const role = roleOf(tokens.keyword(p.i));
    if (role === Role.statement || role === Role.waitfor) return STATEMENT;
    if (role === Role.select || role === Role.value || role === Role.case || role === Role.unary)
      return OPERAND;
    // `NOT ...`, `ANY(SELECT ...)`, and functions spelled like keywords (`DATABASE()`).
    const operand =
      role === Role.not ||
      role === Role.quantifier ||
      (role === Role.object && tokens.type(p.i + 1) === Tok.open);
    return operand ? OPERAND : AFTER;
  }
  if (type === Tok.number || type === Tok.string || type === Tok.word || type === Tok.variable)
    return OPERAND;
  return type === Tok.open || type === Tok.not || type === Tok.operator ? OPERAND : AFTER;
}

/** The verdict when the fragment ends (or a comment cuts it) with everything before it parsed. */
function atEnd(type: number): string | undefined {
  // Cut short by the work budget: what was read proves nothing about the rest (`judgeSql` weighs it).
  if (tokens.readingExhausted) return undefined;
  const i = p.i;
  // sqlmap's random tag after `--` counts only glued to what the comment cuts (`admin'-- xy`, not `Dunkin' -- Donuts`).
  const tagAllowed = p.breakString && tokens.start(i) === tokens.end(i - 1);
  if (type === Tok.comment && p.weak === undefined && isBareComment(i, tagAllowed)) {
    // `admin'--`, `1) OR (1 --`, `'-(1)--`: the fragment is SQL and cuts off whatever the query had after it.
    const closedValue =
      p.breakString &&
      p.loginLike &&
      (p.onlyClosers || p.limitAfterBreak || p.listAfterBreak || p.logicSeen || p.operatorFollowsBreak);
    if (
      closedValue ||
      ((p.sqlish || (p.depth === 0 && p.parenSeen)) && !p.breakString) ||
      isTruncatedValue(i)
    ) {
      p.weak = 'comment-truncation';
    }
  }
  if (p.weak === undefined && type === Tok.end && isQuoteOperatorProbe(i)) return 'quote-operator';
  // `x' LIKE 'y`, `a' || 'b`, `1' = '1`, `1'-'`, `'/1/1='`: a value closed, an operator, and a literal the
  // query's own quote closes. The operator now runs as code: `'='`, `1' = '1` compare the closed value;
  // arithmetic symbols apply to it and the empty literal (`1'-'`, `1'*'`); other operators need an operand
  // (`A' LIKE 'B`).
  if (
    p.weak === undefined &&
    (p.operatorAfterBreak || (p.comparisonAfterBreak && isConstantComparison(i))) &&
    type === Tok.end &&
    tokens.type(i - 1) === Tok.openString &&
    (p.comparisonAfterBreak || hasAlphanumeric(i - 1) || (p.symbolAfterBreak && isEmptyOpenString(i - 1)))
  ) {
    return 'quote-operator';
  }
  if (p.weak === undefined && p.statementSelect && p.callSeen && p.depth <= 0) return selectSignal();
  return p.weak;
}

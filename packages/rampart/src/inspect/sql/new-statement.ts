import * as lexicon from './lexicon.js';
import * as parseState from './parse-state.js';
import * as roles from './roles.js';
import * as statements from './statements.js';
import * as tokenizer from './tokenizer.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const { roleOf, wordId } = lexicon;
const { FAIL, OPERAND, p, tokens } = parseState;
const { Role } = roles;
const { isWholeWord, isWord, startsDelay, startsSelectList, startsStatement } = statements;
const { Tok } = tokenizer;

/** Words this part of the grammar compares tokens with. */
const W = Object.freeze({
  begin: wordId('begin'),
  database: wordId('database'),
  desc: wordId('desc'),
  end: wordId('end'),
  describe: wordId('describe'),
  goto: wordId('goto'),
  if: wordId('if'),
  print: wordId('print'),
  use: wordId('use'),
  while: wordId('while'),
});

/**
 * The grammar where a statement may begin: at the start of a value that is a whole statement, after a `;`, and
 * T-SQL's `IF <condition> <statement>`. Returns `undefined` to keep reading, {@link FAIL}, or a strong signal.
 */

/** How far a T-SQL IF's condition is followed: conditions in payloads are short, prose runs on. */
const MAX_CONDITION_TOKENS = 64;

/** Handles token `p.i` of type `type` where a statement may begin. */
export function statementToken(type: number): string | undefined {
  const i = p.i;
  if (type === Tok.semicolon) return undefined;
  if (type === Tok.openString && p.quote !== 0 && i > 0) return undefined;
  if (type === Tok.word) return i > 0 ? wordStatement(i) : FAIL;
  // `; (SELECT ...)`: a parenthesised query is a statement too.
  if (type === Tok.open && i > 0) {
    return tokens.type(i + 1) === Tok.keyword && startsStatement(tokens, i + 1) ? 'stacked-query' : FAIL;
  }
  if (type !== Tok.keyword) return FAIL;
  const role = roleOf(tokens.keyword(i));
  // T-SQL's `PRINT 'text'` after another statement: harmless, and the batch goes on.
  if (i > 0 && isWord(tokens, i, W.print) && tokens.type(i + 1) === Tok.string && isNeutralEnd(i + 2)) {
    p.i = i + 1;
    return undefined;
  }
  if (role === Role.select) {
    if (!startsSelectList(tokens, i + 1)) return FAIL;
    if (i > 0) return 'stacked-query';
    p.inSelect = true;
    p.statementSelect = true;
    p.state = OPERAND;
    return undefined;
  }
  if (role === Role.waitfor && startsDelay(tokens, i + 1)) return 'time-delay';
  // MySQL's `DESC users`, `DESCRIBE users` as a statement of its own after a `;`.
  if (i > 0 && role === Role.sort && isWord(tokens, i, W.desc) && isDescribed(i + 1)) return 'stacked-query';
  // `BEGIN;` opens a transaction and `END;` ends one, leading to the next statement (`1;BEGIN;DROP TABLE users`).
  const transaction = isWord(tokens, i, W.begin) || isWord(tokens, i, W.end);
  if (i > 0 && i < MAX_NEUTRAL_AT && transaction && isNeutralEnd(i + 1)) return undefined;
  if (role !== Role.statement || !startsStatement(tokens, i)) return FAIL;
  // A whole destructive statement as the value (`DROP TABLE users`): its object was checked above.
  return i > 0 ? 'stacked-query' : 'statement';
}

/**
 * A statement that starts with a word rather than a keyword, after a `;`: MySQL's `DESCRIBE t`, T-SQL's
 * `IF`/`WHILE <condition> <statement>` and `GOTO label`; `USE db;` and a label (`name:`), which lead to the
 * next statement.
 */
function wordStatement(i: number): string | undefined {
  if (isWord(tokens, i, W.describe)) return isDescribed(i + 1) ? 'stacked-query' : FAIL;
  if (isWord(tokens, i, W.if) || isWord(tokens, i, W.while)) return ifStatement(i) ?? FAIL;
  if (isWord(tokens, i, W.goto)) return isGoto(i) ? 'stacked-query' : FAIL;
  if (isWord(tokens, i, W.use) && tokens.type(i + 1) === Tok.word && isNeutralEnd(i + 2)) {
    p.i = i + 1;
    return undefined;
  }
  if (isLabel(i)) {
    p.i = i + 1;
    return undefined;
  }
  // Ends of a transaction lead to the next statement too: `1;COMMIT;DROP TABLE users`, `START TRANSACTION;`.
  if (i >= MAX_NEUTRAL_AT) return FAIL;
  if (TRANSACTION_ENDS.some((word) => isWholeWord(tokens, i, word)) && isNeutralEnd(i + 1)) return undefined;
  if (isWholeWord(tokens, i, 'start') && isWholeWord(tokens, i + 1, 'transaction') && isNeutralEnd(i + 2)) {
    p.i = i + 1;
    return undefined;
  }
  // SQLite's `ATTACH [DATABASE] 'file' AS name`: writes a database file where the attacker says (a web shell).
  if (isWholeWord(tokens, i, 'attach')) return attaches(i + 1) ? 'stacked-query' : FAIL;
  return FAIL;
}

/**
 * How far into a reading the transaction statements may lead on to the next one: a payload's come first
 * (`1;BEGIN;DROP ...`), and a mebibyte of `;commit` would otherwise be read to the end of the budget.
 */
const MAX_NEUTRAL_AT = 64;

/** Statements that end a transaction and do nothing else. */
const TRANSACTION_ENDS = ['commit', 'rollback'];

/** `[DATABASE] <file> AS <name>` from token `i`: the rest of SQLite's `ATTACH`. */
function attaches(i: number): boolean {
  const database = isWord(tokens, i, W.database);
  const at = database ? i + 1 : i;
  const file = tokens.type(at);
  // A file is a literal; a name or a variable only after `DATABASE` ("attach resume as PDF" is an instruction).
  if (file !== Tok.string && !(database && (file === Tok.word || file === Tok.variable))) return false;
  return isWholeWord(tokens, at + 1, 'as') && tokens.type(at + 2) === Tok.word;
}

/** True when token `i` is a word followed by `:`: a T-SQL label. */
function isLabel(i: number): boolean {
  const next = i + 1;
  return (
    tokens.type(i) === Tok.word &&
    tokens.type(next) === Tok.other &&
    tokens.charAt(tokens.start(next)) === 0x3a &&
    tokens.end(next) - tokens.start(next) === 1
  );
}

/** True when a neutral statement ends before token `i`: a `;` follows, and something after it. */
function isNeutralEnd(i: number): boolean {
  return tokens.type(i) === Tok.semicolon && tokens.type(i + 1) !== Tok.end;
}

/**
 * T-SQL's `GOTO label` at `i`, followed by the end of the statement, a label or another statement: how a
 * batch jumps over what the query had and into the attacker's code.
 */
export function isGoto(i: number): boolean {
  if (tokens.type(i + 1) !== Tok.word) return false;
  const next = i + 2;
  const type = tokens.type(next);
  if (type === Tok.semicolon || type === Tok.end || type === Tok.comment || isLabel(next)) return true;
  return type === Tok.keyword && startsStatement(tokens, next);
}

/** A table name ending a statement: what `DESC` describes. */
function isDescribed(index: number): boolean {
  if (tokens.type(index) !== Tok.word) return false;
  const next = tokens.type(index + 1);
  return next === Tok.end || next === Tok.semicolon || next === Tok.comment;
}

/**
 * T-SQL's `IF <condition> <statement>` at token `i` (the `IF`): a condition holding a comparison, a predicate
 * or a call, then, outside any parenthesis, a statement that begins well-formed (`IF (1=1) SELECT 1`,
 * `IF NOT (SUBSTRING(...) <> 8) WAITFOR DELAY '0:0:2'`). Returns its signal, or `undefined`.
 */
export function ifStatement(i: number): string | undefined {
  let depth = 0;
  let condition = false;
  const last = i + MAX_CONDITION_TOKENS;
  for (let j = i + 1; j < last; j++) {
    const type = tokens.type(j);
    switch (type) {
      case Tok.end:
      case Tok.comment:
      case Tok.semicolon:
      case Tok.other:
        return undefined;
      case Tok.open:
        depth++;
        break;
      case Tok.close:
        if (--depth < 0) return undefined;
        break;
      case Tok.comparison:
        condition = true;
        break;
      case Tok.keyword: {
        const role = roleOf(tokens.keyword(j));
        if (role === Role.predicate || role === Role.is || role === Role.between) condition = true;
        if (depth > 0 || !condition || j === i + 1) break;
        if (role === Role.select && startsSelectList(tokens, j + 1)) return 'if-statement';
        if (role === Role.waitfor && startsDelay(tokens, j + 1)) return 'time-delay';
        if (role === Role.statement && startsStatement(tokens, j)) return 'if-statement';
        break;
      }
      case Tok.word:
        // A call in the condition: `IF IS_SRVROLEMEMBER('sysadmin') > 0`, `IF EXISTS (...)`.
        if (tokens.type(j + 1) === Tok.open) condition = true;
        break;
    }
  }
  return undefined;
}

import * as functions from './functions.js';
import * as lexicon from './lexicon.js';
import * as parseState from './parse-state.js';
import * as roles from './roles.js';
import * as statements from './statements.js';
import * as tokenizer from './tokenizer.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const { FunctionKind } = functions;
const { functionKindOf, packageKindOf, roleOf, wordId } = lexicon;
const { tokens } = parseState;
const { Role } = roles;
const { isWord } = statements;
const { Tok } = tokenizer;

/** Words this part of the grammar compares tokens with. */
const W = Object.freeze({
  begin: wordId('begin'),
  benchmark: wordId('benchmark'),
  declare: wordId('declare'),
  div: wordId('div'),
  exec: wordId('exec'),
  execute: wordId('execute'),
  mod: wordId('mod'),
});

/** Questions the grammar asks about single tokens of the reading in progress. */

/** A login name or an id is short; a longer literal is a sentence, and checking it would cost a pass. */
const MAX_LOGIN_LENGTH = 128;

function isAsciiAlphanumeric(c: number): boolean {
  const lower = c | 0x20;
  return (lower >= 0x61 && lower <= 0x7a) || (c >= 0x30 && c <= 0x39);
}

/**
 * True when the string token at `index` (read after a quote) holds what a login form or an id parameter holds:
 * word characters and `. @ - + : /`. `admin'--` cuts a query after a user name; a sentence or a random password
 * that happens to contain a quote and a `#` is not that.
 */
export function isLoginLike(index: number): boolean {
  const end = tokens.end(index) - 1;
  let start = tokens.start(index);
  if (end - start > MAX_LOGIN_LENGTH) return false;
  // Leading spaces are how a value was pasted, not a sentence.
  while (start < end && tokens.charAt(start) === 0x20) start++;
  for (let i = start; i < end; i++) if (!isLoginChar(tokens.charAt(i))) return false;
  return true;
}

/** Word characters and `. @ - + : /`: what a login name, an e-mail address or an id is made of. */
export function isLoginChar(c: number): boolean {
  if (isAsciiAlphanumeric(c) || c === 0x5f || c >= 0x80) return true;
  return c === 0x2e || c === 0x40 || c === 0x2d || c === 0x2b || c === 0x3a || c === 0x2f;
}

/** How much of a comment {@link isBareComment} reads: a payload's cut is short, padding after it says nothing. */
const MAX_BARE_COMMENT = 64;

/** The longest tag sqlmap's `-- ` comments end with (four random letters by default). */
const MAX_TAG = 12;

/**
 * True when the comment at `index` says nothing (`--`, `-- -`, `#`, `/*`, `-- -a`, `#1`, `-- xKcD`): it is there
 * only to cut. A word in it (`-- see notes`, `-- 6' tall`) makes it a remark, unless a `--` holds that one word
 * and nothing else after a broken-out literal (`tagAllowed`): the random tag sqlmap appends to its payloads.
 *
 * A query string or a form body read whole (`id=1' -- &password=`) ends the value at `&name=`, where the next
 * parameter begins: the application splices that one into the query apart, so what follows it is not in the
 * comment and says nothing about it (`1' -- &password=` is `1' --`). A lone `&` or one before words without `=`
 * (`-- & more`) is read as part of the comment.
 */
export function isBareComment(index: number, tagAllowed: boolean): boolean {
  const start = tokens.start(index);
  const end = Math.min(tokens.end(index), start + MAX_BARE_COMMENT);
  const hash = tokens.charAt(start) === 0x23;
  let previous = false;
  for (let i = hash ? start + 1 : start + 2; i < end; i++) {
    const c = tokens.charAt(i);
    if (c === 0x26 && isParameterStart(i + 1, end)) return true;
    const letter = isAsciiAlphanumeric(c) || c >= 0x80;
    if (letter && previous) return tagAllowed && !hash && isTagOnly(start + 2, tokens.end(index));
    previous = letter;
  }
  return true;
}

/** True when `[from, end)` is one word of at most {@link MAX_TAG} letters and digits, spaces around it. */
function isTagOnly(from: number, end: number): boolean {
  let at = from;
  while (at < end && at - from <= MAX_TAG && tokens.charAt(at) === 0x20) at++;
  const word = at;
  while (at < end && at - word <= MAX_TAG && isAsciiAlphanumeric(tokens.charAt(at))) at++;
  if (at === word || at - word > MAX_TAG) return false;
  const spaces = at;
  while (at < end && at - spaces <= MAX_TAG && tokens.charAt(at) === 0x20) at++;
  return at === end;
}

/** True when `[at, end)` of the value begins `name=`: a query-string parameter after its `&`. */
function isParameterStart(at: number, end: number): boolean {
  let i = at;
  while (i < end && (isAsciiAlphanumeric(tokens.charAt(i)) || tokens.charAt(i) === 0x5f)) i++;
  return i > at && tokens.charAt(i) === 0x3d;
}

/** True when the open string at `index` starts with a non-zero digit: `' OR '1` is true, `' AND '` is not. */
export function isTruthyString(index: number): boolean {
  const c = tokens.charAt(tokens.start(index) + 1);
  return c >= 0x31 && c <= 0x39;
}

/** True when token `index` is an open string holding a letter or digit: `'B` in `A' LIKE 'B`, not `''''`. */
export function hasAlphanumeric(index: number): boolean {
  if (tokens.type(index) !== Tok.openString) return false;
  const end = tokens.end(index);
  for (let i = tokens.start(index) + 1; i < end; i++) {
    if (isAsciiAlphanumeric(tokens.charAt(i))) return true;
  }
  return false;
}

/**
 * True when token `index` is an open string with nothing but spaces in it: the lone quote the query's own quote
 * closes.
 */
export function isEmptyOpenString(index: number): boolean {
  if (tokens.type(index) !== Tok.openString) return false;
  const end = tokens.end(index);
  for (let at = tokens.start(index) + 1; at < end; at++) if (tokens.charAt(at) !== 0x20) return false;
  return true;
}

/** True when token `index` is a binary operator, symbol or word (`+`, `=`, `||`, `LIKE`, `MOD`, `NOT LIKE`). */
export function isOperator(index: number): boolean {
  const type = tokens.type(index);
  if (type === Tok.operator || type === Tok.comparison || type === Tok.logic) return true;
  if (type !== Tok.keyword) return false;
  const role = roleOf(tokens.keyword(index));
  if (role === Role.operator) return isWord(tokens, index, W.div) || isWord(tokens, index, W.mod);
  return role === Role.logic || role === Role.predicate || role === Role.not || role === Role.is;
}

/**
 * True when token `index` ends a value an application puts in a query: a number, a literal, a variable or a
 * closing parenthesis. Prose words are left out: a sentence may well go on with `drop` or `select`.
 */
export function isValueEnd(index: number): boolean {
  const type = tokens.type(index);
  return type === Tok.number || type === Tok.string || type === Tok.variable || type === Tok.close;
}

/** True when token `index` is a statement that MSSQL runs after another without a `;`. */
export function isBatchStatement(index: number): boolean {
  return (
    isWord(tokens, index, W.exec) ||
    isWord(tokens, index, W.execute) ||
    isWord(tokens, index, W.declare) ||
    isWord(tokens, index, W.begin)
  );
}

/** True when number token `index` is `0` or `1` and ends the fragment: MySQL's false and true. */
export function isBooleanAtEnd(index: number): boolean {
  if (tokens.end(index) - tokens.start(index) !== 1) return false;
  // `OR 1`, `(1 OR 1)`: closing parentheses may follow.
  let next = index + 1;
  while (tokens.type(next) === Tok.close) next++;
  if (tokens.type(next) !== Tok.end) return false;
  const c = tokens.charAt(tokens.start(index));
  return c === 0x30 || c === 0x31;
}

/** True when word token `index` closes `x = x` (the same column on both sides): always true. */
export function isSameWordComparison(index: number): boolean {
  if (tokens.type(index) !== Tok.word || tokens.type(index - 1) !== Tok.comparison) return false;
  const left = index - 2;
  if (left < 0 || tokens.type(left) !== Tok.word) return false;
  const length = tokens.end(index) - tokens.start(index);
  if (tokens.end(left) - tokens.start(left) !== length) return false;
  for (let k = 0; k < length; k++) {
    if ((tokens.charAt(tokens.start(left) + k) | 0x20) !== (tokens.charAt(tokens.start(index) + k) | 0x20)) {
      return false;
    }
  }
  return true;
}

/** The {@link FunctionKind} of the function named by tokens `first..last` (`utl_http.request`). */
function callKind(first: number, last: number): number {
  const kind = functionKindOf(tokens.keyword(last));
  if (kind !== 0 || first === last) return kind;
  return packageKindOf(tokens.keyword(first));
}

/**
 * True when the first argument of a delay function, at token `index`, is a duration: a number ending the argument
 * (`SLEEP(5)`, `BENCHMARK(5000000,`), a variable, an expression in parentheses, a call, or nothing yet (the
 * value ends there). `sleep (8 hours)` is prose.
 */
function delaysByArgument(index: number, count: boolean): boolean {
  const type = tokens.type(index);
  // A call cut off at its parenthesis (`SLEEP(`) is read as meant: the rest of the query may complete it.
  if (type === Tok.variable || type === Tok.open || type === Tok.end) return true;
  // A call, or a name standing for the duration glued to the call (`SLEEP(__TIME__)`: MySQL needs a built-in's
  // parenthesis right after its name); `sleep (8 hours)`, `sleep (lots)` are prose.
  if (type === Tok.word || type === Tok.keyword) {
    const next = tokens.type(index + 1);
    if (next === Tok.open) return true;
    return type === Tok.word && next === Tok.close && tokens.end(index - 2) === tokens.start(index - 1);
  }
  // A number in quotes is converted: `SLEEP('1')` sleeps (MySQL, and PostgreSQL's `pg_sleep('1')`).
  if (type !== Tok.number && !(type === Tok.string && isQuotedNumber(index))) return false;
  const next = tokens.type(index + 1);
  // `BENCHMARK(count, expression)` takes two: `benchmark (2024) results` calls nothing.
  if (count) return next === Tok.comma;
  return next === Tok.close || next === Tok.comma || next === Tok.operator;
}

/** How many tokens before a bare call {@link isProseCall} looks at: a title or a label is short. */
const MAX_PROSE_TOKENS = 16;

/**
 * True when the call named by tokens `first..last` holds one name or number, ends the value, and follows nothing
 * an application's value could end with (a number, a literal, a variable, a `)`): `Black and White (1)`, `Length
 * (cm)`, `Top floor (penthouse)`, as titles, labels and product names end. Such a call reads nothing from the
 * database and is compared with nothing, and the conditionals, `CAST` and `CONVERT` are no SQL with one argument.
 * After a value or a constant it is an attacker's condition (`1 OR FLOOR(1)`, `NULL OR ABS(1)`); with a literal, a
 * call or a subquery in it, it takes something apart (`1 - ORD('A')`); a known function right of AND or OR reads
 * a column (`id OR LENGTH(password)`).
 */
function isProseCall(first: number, last: number, kind: number, rightOfLogic: boolean): boolean {
  // A function blind injection uses, right of AND or OR, takes a column apart (`id OR LENGTH(password)`).
  if (rightOfLogic && kind !== 0) return false;
  const argument = tokens.type(last + 2);
  if (argument !== Tok.word && argument !== Tok.number) return false;
  if (tokens.type(last + 3) !== Tok.close || tokens.type(last + 4) !== Tok.end) return false;
  if (first > MAX_PROSE_TOKENS) return false;
  for (let k = 0; k < first; k++) {
    const type = tokens.type(k);
    if (isValueEnd(k) || type === Tok.openString) return false;
    // `NULL OR ABS(1)`, `TRUE OR ABS(1)`: a constant is a value too.
    if (type === Tok.keyword && roleOf(tokens.keyword(k)) === Role.value) return false;
  }
  return true;
}

/** True when the string token at `index` holds a number and nothing else: `'1'`, `'0.5'`. */
function isQuotedNumber(index: number): boolean {
  const end = tokens.end(index) - 1;
  let digits = 0;
  for (let at = tokens.start(index) + 1; at < end; at++) {
    const c = tokens.charAt(at);
    if (c >= 0x30 && c <= 0x39) digits++;
    else if (c !== 0x2e) return false;
  }
  return digits > 0 && digits <= 16;
}

/** The signal of a call to the function named by tokens `first..last` (its `(` follows `last`). */
export function callSignal(first: number, last: number, rightOfLogic: boolean): string | undefined {
  const kind = callKind(first, last);
  if (kind === FunctionKind.delay && delaysByArgument(last + 2, tokens.keyword(last) === W.benchmark))
    return 'time-delay';
  if (kind === FunctionKind.dangerous) return 'dangerous-function';
  if (kind === FunctionKind.info && tokens.type(last + 2) === Tok.close) return 'info-function';
  const blind = kind === FunctionKind.conditional || rightOfLogic;
  if (!blind && kind !== FunctionKind.extract) return undefined;
  if (isProseCall(first, last, kind, rightOfLogic)) return undefined;
  return blind ? 'boolean-blind' : 'blind-extraction';
}

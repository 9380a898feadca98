import * as lexicon from './lexicon.js';
import * as roles from './roles.js';
import type { SqlTokenizer } from './tokenizer.js';
import * as tokenizer from './tokenizer.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const { keywordId, roleOf, wordId } = lexicon;
const { Role } = roles;
const { Tok } = tokenizer;

/** Words this part of the grammar compares tokens with. */
const W = Object.freeze({
  as: wordId('as'),
  goto: wordId('goto'),
  ignore: wordId('ignore'),
  immediate: wordId('immediate'),
  log: wordId('log'),
  low_priority: wordId('low_priority'),
  program: wordId('program'),
  quick: wordId('quick'),
  stdin: wordId('stdin'),
  stdout: wordId('stdout'),
  time: wordId('time'),
  to: wordId('to'),
  tran: wordId('tran'),
  transaction: wordId('transaction'),
  try: wordId('try'),
  with: wordId('with'),
  xml: wordId('xml'),
});

/**
 * What makes a statement keyword the start of a statement rather than a word in a sentence: the object that must
 * follow it (`DROP TABLE`, `DELETE FROM`, `EXEC xp_cmdshell`, `WAITFOR DELAY '..'`, `DECLARE @x`).
 */

const K = Object.freeze({
  select: keywordId('select'),
  not: keywordId('not'),
  values: keywordId('values'),
  insert: keywordId('insert'),
  update: keywordId('update'),
  delete: keywordId('delete'),
  drop: keywordId('drop'),
  create: keywordId('create'),
  alter: keywordId('alter'),
  truncate: keywordId('truncate'),
  exec: keywordId('exec'),
  execute: keywordId('execute'),
  declare: keywordId('declare'),
  shutdown: keywordId('shutdown'),
  grant: keywordId('grant'),
  revoke: keywordId('revoke'),
  rename: keywordId('rename'),
  call: keywordId('call'),
  load: keywordId('load'),
  copy: keywordId('copy'),
  set: keywordId('set'),
  waitfor: keywordId('waitfor'),
  into: keywordId('into'),
  from: keywordId('from'),
  table: keywordId('table'),
  data: keywordId('data'),
  delay: keywordId('delay'),
  all: keywordId('all'),
  or: keywordId('or'),
  user: keywordId('user'),
  top: keywordId('top'),
  begin: keywordId('begin'),
  backup: keywordId('backup'),
  print: keywordId('print'),
  database: keywordId('database'),
  on: keywordId('on'),
  login: keywordId('login'),
});

/** Objects that `DROP`, `CREATE`, `ALTER` and `RENAME` act on. */
const OBJECTS = new Set(
  ['table', 'database', 'schema', 'view', 'function', 'procedure', 'index', 'trigger', 'login', 'user'].map(
    keywordId,
  ),
);

/**
 * True when token `index` is the lexicon word `id` (`lexicon.ts`), as a word or a keyword, in any case: the
 * tokenizer looked it up once, so this compares two integers.
 */
export function isWord(tokens: SqlTokenizer, index: number, id: number): boolean {
  // Reads the token first: its id is stale until the tokenizer has got that far.
  return tokens.type(index) !== Tok.end && tokens.keyword(index) === id;
}

/** True when token `index` begins with `prefix` (lower-case ASCII), in any case. */
function tokenStartsWith(tokens: SqlTokenizer, index: number, prefix: string): boolean {
  if (tokens.type(index) === Tok.end) return false;
  const start = tokens.start(index);
  if (tokens.end(index) - start < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) {
    if ((tokens.charAt(start + i) | 0x20) !== (prefix.charCodeAt(i) | 0x20)) return false;
  }
  return true;
}

/** True when an object's name is at `index`, after `IF EXISTS` or `IF NOT EXISTS` maybe. */
function namesObject(tokens: SqlTokenizer, index: number): boolean {
  let at = index;
  if (isWholeWord(tokens, at, 'if')) {
    at++;
    if (tokens.type(at) === Tok.keyword && tokens.keyword(at) === K.not) at++;
    if (!isWholeWord(tokens, at, 'exists')) return false;
    at++;
  }
  // A name as any dialect quotes it: a word, `[x]`, `` `x` ``, `"x"` (a string to the tokenizer), a MySQL account
  // (`'evil'@'localhost'`), a variable, or MSSQL's `#tmp`, which the tokenizer reads as a comment.
  if (isName(tokens, at)) return true;
  const type = tokens.type(at);
  return type === Tok.variable || type === Tok.string || type === Tok.openString || type === Tok.comment;
}

/** True unless the table at `index` is a plain word followed by another (prose). */
function insertsRows(tokens: SqlTokenizer, index: number): boolean {
  // Only prose is ruled out, a word after a word ("insert into the slot"): a table may be quoted, a variable or
  // `#tmp`, and what follows it differs by dialect (`VALUES`, `VALUE`, `DEFAULT VALUES`, `EXEC`, `OUTPUT`, `WITH`...).
  if (tokens.type(index) !== Tok.word) return true;
  let at = index;
  while (tokens.type(at + 1) === Tok.dot && isName(tokens, at + 2)) at += 2;
  return (
    tokens.type(at + 1) !== Tok.word ||
    isWholeWord(tokens, at + 1, 'default') ||
    isWholeWord(tokens, at + 1, 'value') ||
    isWholeWord(tokens, at + 1, 'output')
  );
}

/**
 * True when `INFILE` or `INPATH` is at `index`, after at most `LOW_PRIORITY` or `CONCURRENT` and `LOCAL`, or
 * `FROM S3` is.
 */
function loadsFile(tokens: SqlTokenizer, index: number): boolean {
  if (tokens.type(index) === Tok.keyword && tokens.keyword(index) === K.from)
    return isWholeWord(tokens, index + 1, 's3');
  let at = index;
  if (isWholeWord(tokens, at, 'low_priority') || isWholeWord(tokens, at, 'concurrent')) at++;
  if (isWholeWord(tokens, at, 'local')) at++;
  return isWholeWord(tokens, at, 'infile') || isWholeWord(tokens, at, 'inpath');
}

/** True when token `index` is `word` (lower-case ASCII), in any case. */
export function isWholeWord(tokens: SqlTokenizer, index: number, word: string): boolean {
  // The type first: it reads the token, whose offsets are stale until the tokenizer has got that far.
  return (
    (tokens.type(index) === Tok.word || tokens.type(index) === Tok.keyword) &&
    tokens.end(index) - tokens.start(index) === word.length &&
    tokenStartsWith(tokens, index, word)
  );
}

/** The index of the token after the (maybe qualified) name at `index`: `t`, `db.t`, `db..t`. */
function afterName(tokens: SqlTokenizer, index: number): number {
  let at = index;
  while (tokens.type(at + 1) === Tok.dot) {
    at += 2;
    if (tokens.type(at) === Tok.dot) at++;
  }
  return at + 1;
}

function isName(tokens: SqlTokenizer, index: number): boolean {
  const type = tokens.type(index);
  return type === Tok.word || (type === Tok.keyword && roleOf(tokens.keyword(index)) === Role.object);
}

/** True when the statement may end after the call opened at `open` (see {@link afterParentheses}). */
function endsCall(tokens: SqlTokenizer, open: number): boolean {
  const after = afterParentheses(tokens, open);
  return after === open + MAX_CALL_TOKENS || isStatementEnd(tokens, after);
}

/** PostgreSQL's options of `COPY ... TO STDOUT` in the form before 9.0 (`COPY t TO STDOUT CSV HEADER`). */
const COPY_OPTIONS = ['binary', 'csv', 'delimiter', 'null', 'header', 'quote', 'escape', 'force', 'oids'];

/** What may come between `BACKUP DATABASE name` and `TO`: the files or filegroups backed up. */
const BACKUP_PARTS = ['file', 'filegroup', 'read_write_filegroups'];

/** How many tokens {@link afterParentheses} reads at most. */
const MAX_CALL_TOKENS = 64;

/**
 * The index of the token after the parentheses opened at `open`; the end token's when they do not close (the
 * query's own quote and parenthesis may: `x'); CALL evil('`) or close past {@link MAX_CALL_TOKENS} tokens.
 */
function afterParentheses(tokens: SqlTokenizer, open: number): number {
  let depth = 0;
  for (let i = open; i < open + MAX_CALL_TOKENS; i++) {
    const type = tokens.type(i);
    if (type === Tok.end || type === Tok.openString || type === Tok.comment) return i;
    if (type === Tok.open) depth++;
    else if (type === Tok.close && --depth === 0) return i + 1;
  }
  return open + MAX_CALL_TOKENS;
}

/** True after a statement that needs nothing more: the end, a `;`, a comment, or the query's own quote's literal. */
function isStatementEnd(tokens: SqlTokenizer, index: number): boolean {
  const type = tokens.type(index);
  return type === Tok.end || type === Tok.semicolon || type === Tok.comment || type === Tok.openString;
}

const SELECT_MODIFIERS = new Set(['distinct', 'all'].map(keywordId));

/**
 * True when token `index` starts a `SELECT` list: `DISTINCT`, `ALL` or `TOP n` and then an operand, a `*`, or a
 * function call.
 */
export function startsSelectList(tokens: SqlTokenizer, index: number): boolean {
  let at = index;
  if (tokens.type(at) === Tok.keyword) {
    if (SELECT_MODIFIERS.has(tokens.keyword(at))) at++;
    else if (tokens.keyword(at) === K.top && tokens.type(at + 1) === Tok.number) at += 2;
  }
  const type = tokens.type(at);
  if (type === Tok.keyword && tokens.type(at + 1) === Tok.open) return true;
  return startsOperand(tokens, at);
}

function startsOperand(tokens: SqlTokenizer, index: number): boolean {
  const type = tokens.type(index);
  if (type === Tok.number || type === Tok.string || type === Tok.word || type === Tok.variable) return true;
  if (type === Tok.open || type === Tok.not) return true;
  if (type === Tok.operator) {
    const c = tokens.charAt(tokens.start(index));
    return c === 0x2a || c === 0x2d || c === 0x2b || c === 0x7e;
  }
  if (type !== Tok.keyword) return false;
  const role = roleOf(tokens.keyword(index));
  return role === Role.value || role === Role.unary || role === Role.case || role === Role.object;
}

/**
 * True when the keyword at `index` (a statement keyword, `SELECT` or `WAITFOR`) begins a well-formed statement:
 * the object it acts on follows. `1; exec will create the case` is prose; `1; exec xp_cmdshell 'dir'` is not.
 */
export function startsStatement(tokens: SqlTokenizer, index: number): boolean {
  const keyword = tokens.keyword(index);
  const next = index + 1;
  const nextKeyword = tokens.type(next) === Tok.keyword ? tokens.keyword(next) : -1;
  switch (keyword) {
    case K.select:
      return startsSelectList(tokens, next);
    case K.begin:
      // T-SQL blocks: `BEGIN TRY`, `BEGIN TRAN`, `BEGIN DECLARE ...`, `BEGIN GOTO label`.
      return (
        (nextKeyword >= 0 &&
          (roleOf(nextKeyword) === Role.statement || roleOf(nextKeyword) === Role.select)) ||
        isWord(tokens, next, W.try) ||
        isWord(tokens, next, W.tran) ||
        isWord(tokens, next, W.transaction) ||
        (isWord(tokens, next, W.goto) && tokens.type(next + 1) === Tok.word)
      );
    case K.insert:
      // `INSERT INTO t (...)`, `INSERT INTO db.t VALUES ...`, `INSERT INTO t SELECT ...`, MySQL's `INSERT INTO t
      // SET a = 1`: a table, then what goes in it. "Insert into the slot, then select OK" names no such thing. A
      // whole value that stops at the table ("Insert into envelope") inserts nothing; after another statement,
      // the query's own text may complete it.
      return insertStatement(tokens, index, next);
    case K.update:
      return updateStatement(tokens, next);
    case K.delete:
      // MySQL's modifiers come first: `DELETE LOW_PRIORITY QUICK IGNORE FROM t`. T-SQL's `DELETE t` without
      // `FROM`, unless it is the whole value in two words: how a button is labelled ("Delete account").
      return (
        nextKeyword === K.from ||
        (isName(tokens, next) && isStatementEnd(tokens, next + 1) && !isLabel(tokens, index, next)) ||
        (isDeleteModifier(tokens, next) && tokens.type(next + 1) === Tok.keyword)
      );
    case K.drop:
    case K.alter:
    case K.rename:
      // The object's name follows, maybe after `IF [NOT] EXISTS`: "drop table by the window" names none.
      return OBJECTS.has(nextKeyword) && namesObject(tokens, next + 1);
    case K.create:
      // PostgreSQL's `CREATE EXTENSION dblink`, `CREATE ROLE x SUPERUSER`, after another statement ("Create role
      // models" as a whole value is prose).
      return (
        (OBJECTS.has(nextKeyword) && namesObject(tokens, next + 1)) ||
        nextKeyword === K.or ||
        (index > 0 &&
          (isWholeWord(tokens, next, 'extension') || isWholeWord(tokens, next, 'role')) &&
          namesObject(tokens, next + 1))
      );
    case K.truncate:
      // MySQL's and PostgreSQL's `TRUNCATE t` without `TABLE`, unless it is the whole value in two words: a
      // label ("Truncate text").
      return (
        (nextKeyword === K.table && namesObject(tokens, next + 1)) ||
        (isName(tokens, next) && isStatementEnd(tokens, next + 1) && !isLabel(tokens, index, next))
      );
    case K.exec:
    case K.execute:
      // `EXECUTE AS LOGIN = 'sa'`: T-SQL's impersonation, after another statement.
      if (index > 0 && isWord(tokens, next, W.as)) {
        const whom = tokens.type(next + 1) === Tok.keyword ? tokens.keyword(next + 1) : -1;
        return whom === K.login || whom === K.user;
      }
      return startsProcedureCall(tokens, next);
    case K.declare:
      return tokens.type(next) === Tok.variable;
    case K.shutdown:
      // T-SQL's `SHUTDOWN [WITH NOWAIT]`: "shutdown with care" is prose.
      return (
        isStatementEnd(tokens, next) ||
        (isWord(tokens, next, W.with) && isWholeWord(tokens, next + 1, 'nowait'))
      );
    case K.grant:
    case K.revoke:
      // `GRANT ALL [PRIVILEGES] ON`, `GRANT SELECT ON`; after another statement also `GRANT CONNECT TO name`
      // (Oracle roles are plain names, and so are the words of `Grant access to everyone` and "grant all access
      // to the team").
      return (
        (nextKeyword === K.all &&
          ((tokens.type(next + 1) === Tok.keyword && tokens.keyword(next + 1) === K.on) ||
            tokens.type(next + 1) === Tok.open ||
            isWord(tokens, next + 1, W.to) ||
            isWholeWord(tokens, next + 1, 'privileges'))) ||
        (nextKeyword >= 0 &&
          (roleOf(nextKeyword) === Role.statement || roleOf(nextKeyword) === Role.select)) ||
        (index > 0 && tokens.type(next) === Tok.word && isGrantee(tokens, next + 1))
      );
    case K.backup:
      // `BACKUP DATABASE master TO DISK = '...'`, `BACKUP LOG ...`.
      // "backup database to disk" names no database.
      return (
        (nextKeyword === K.database || isWord(tokens, next, W.log)) &&
        isName(tokens, next + 1) &&
        !isWord(tokens, next + 1, W.to) &&
        (isWord(tokens, next + 2, W.to) || BACKUP_PARTS.some((part) => isWholeWord(tokens, next + 2, part)))
      );
    case K.call:
      // `CALL proc(...)` ends there: "Call support(24/7) now" goes on.
      return isName(tokens, next) && tokens.type(next + 1) === Tok.open && endsCall(tokens, next + 1);
    case K.load:
      // MySQL's `LOAD DATA [LOW_PRIORITY | CONCURRENT] [LOCAL] INFILE`, and `LOAD XML` likewise; Aurora's `LOAD DATA
      // FROM S3`; Hive's and Spark's `LOAD DATA [LOCAL] INPATH`. Without one of them it is English ("load data and
      // instantiate objects", "load data from the server").
      return (nextKeyword === K.data || isWord(tokens, next, W.xml)) && loadsFile(tokens, next + 1);
    case K.copy: {
      // PostgreSQL's `COPY t FROM '/etc/passwd'`, `COPY t TO PROGRAM '...'`: a file, a program or the client. The
      // table may take a column list (`COPY t(name) FROM PROGRAM 'id'`), or be a query (`COPY (SELECT ...) TO`).
      let at = tokens.type(next) === Tok.open ? afterParentheses(tokens, next) : next;
      if (at === next) {
        if (!isName(tokens, next)) return false;
        at = afterName(tokens, next);
        if (tokens.type(at) === Tok.open) at = afterParentheses(tokens, at);
      }
      return (
        ((tokens.type(at) === Tok.keyword && tokens.keyword(at) === K.from) || isWord(tokens, at, W.to)) &&
        (tokens.type(at + 1) === Tok.string ||
          tokens.type(at + 1) === Tok.openString ||
          isWord(tokens, at + 1, W.program) ||
          // The client's streams end the statement or take options: "copy report to stdout please" goes on.
          ((isWord(tokens, at + 1, W.stdin) || isWord(tokens, at + 1, W.stdout)) &&
            (isStatementEnd(tokens, at + 2) ||
              isWord(tokens, at + 2, W.with) ||
              tokens.type(at + 2) === Tok.open ||
              COPY_OPTIONS.some((option) => isWholeWord(tokens, at + 2, option)))))
      );
    }
    case K.set: {
      // MySQL's scopes: `SET GLOBAL general_log_file = '/var/www/x.php'`, `SET SESSION`, `SET PERSIST`.
      const at = SET_SCOPES.some((scope) => isWholeWord(tokens, next, scope)) ? next + 1 : next;
      return (
        tokens.type(at) === Tok.variable || (isName(tokens, at) && tokens.type(at + 1) === Tok.comparison)
      );
    }
    case K.waitfor:
      return startsDelay(tokens, next);
    case K.print:
      // T-SQL's `PRINT @@version`: a statement of its own that shows a variable (`print 'hello'` is prose too, and
      // so is `print @ home`, a lone `@`).
      return tokens.type(next) === Tok.variable && tokens.end(next) - tokens.start(next) > 1;
    default:
      return false;
  }
}

/** MySQL's scopes of a `SET`. */
const SET_SCOPES = ['global', 'session', 'local', 'persist', 'persist_only'];

/** MySQL's modifiers of an `INSERT`, before `INTO`. */
const INSERT_MODIFIERS = ['low_priority', 'delayed', 'high_priority', 'ignore'];

/**
 * `INSERT [LOW_PRIORITY | DELAYED | HIGH_PRIORITY] [IGNORE] [INTO] t ...` at `index`, whose next token is `next`.
 * With `INTO`, a table and then what goes in it (see {@link insertsRows}); a whole value that stops at the table
 * ("Insert into envelope") inserts nothing, while after another statement the query's own text may complete it.
 * Without `INTO` (MySQL), the rows must be spelled out: `INSERT users (a, b) VALUES (...)`, `INSERT t SELECT ...`.
 */
function insertStatement(tokens: SqlTokenizer, index: number, next: number): boolean {
  let at = next;
  while (INSERT_MODIFIERS.some((word) => isWholeWord(tokens, at, word))) at++;
  if (tokens.type(at) === Tok.keyword && tokens.keyword(at) === K.into) {
    return insertsRows(tokens, at + 1) && (index > 0 || tokens.type(afterName(tokens, at + 1)) !== Tok.end);
  }
  if (!isName(tokens, at)) return false;
  at = afterName(tokens, at);
  if (tokens.type(at) === Tok.open) at = afterParentheses(tokens, at);
  if (isWholeWord(tokens, at, 'value') || isWord(tokens, at, K.values))
    return tokens.type(at + 1) === Tok.open;
  return isWord(tokens, at, K.select) || isWord(tokens, at, K.set);
}

/**
 * `UPDATE [LOW_PRIORITY] [IGNORE] t [alias] SET` at `index`: a table as any dialect names it (`users`,
 * `public.users`, `"users"`, `` `users` ``), maybe an alias, then `SET`.
 */
function updateStatement(tokens: SqlTokenizer, index: number): boolean {
  let at = index;
  if (isWord(tokens, at, W.low_priority)) at++;
  if (isWord(tokens, at, W.ignore)) at++;
  if (tokens.type(at) === Tok.string) at++;
  else if (isName(tokens, at)) at = afterName(tokens, at);
  else return false;
  if (tokens.type(at) === Tok.word) at++;
  if (!isWord(tokens, at, K.set)) return false;
  // An assignment follows: "update my drum set" sets nothing.
  at++;
  if (tokens.type(at) === Tok.variable) return true;
  if (!isName(tokens, at)) return false;
  at = afterName(tokens, at);
  return tokens.type(at) === Tok.comparison && tokens.charAt(tokens.start(at)) === 0x3d;
}

/**
 * True when the statement keyword at `index` and the word at `name` are the whole value, a plain word after the
 * keyword: "Delete account", "Truncate text" label buttons (`DELETE [users];`, `DELETE users--` are no labels).
 */
function isLabel(tokens: SqlTokenizer, index: number, name: number): boolean {
  return (
    index === 0 &&
    tokens.type(name) === Tok.word &&
    isAsciiLetter(tokens.charAt(tokens.start(name))) &&
    tokens.type(name + 1) === Tok.end
  );
}

function isAsciiLetter(c: number): boolean {
  const lower = c | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}

/** MySQL's `LOW_PRIORITY`, `QUICK` and `IGNORE` after `DELETE`. */
function isDeleteModifier(tokens: SqlTokenizer, index: number): boolean {
  return (
    isWord(tokens, index, W.low_priority) || isWord(tokens, index, W.quick) || isWord(tokens, index, W.ignore)
  );
}

/** `TO` or `ON` after a privilege: `GRANT CONNECT TO`, `GRANT USAGE ON`. */
function isGrantee(tokens: SqlTokenizer, index: number): boolean {
  return (
    isWord(tokens, index, W.to) || (tokens.type(index) === Tok.keyword && tokens.keyword(index) === K.on)
  );
}

/** `EXEC` / `EXECUTE` followed by a system procedure, a qualified name, a variable or a parenthesised string. */
function startsProcedureCall(tokens: SqlTokenizer, index: number): boolean {
  const type = tokens.type(index);
  if (type === Tok.variable) return true;
  // T-SQL's `EXEC ('...' + @s)` runs a string or a variable: `Rank Exec (rankexec.com)` is a name in parentheses.
  if (type === Tok.open) {
    const inside = tokens.type(index + 1);
    return inside === Tok.string || inside === Tok.openString || inside === Tok.variable;
  }
  if (type !== Tok.word) return false;
  if (tokenStartsWith(tokens, index, 'xp_') || tokenStartsWith(tokens, index, 'sp_')) return true;
  // Oracle's `EXECUTE IMMEDIATE 'sql'` runs a string built by the caller.
  if (isWord(tokens, index, W.immediate)) {
    const next = tokens.type(index + 1);
    return next === Tok.string || next === Tok.openString || next === Tok.variable;
  }
  return tokens.type(index + 1) === Tok.dot;
}

/** `DELAY '0:0:5'` or `TIME '..'` after `WAITFOR` (MSSQL). */
export function startsDelay(tokens: SqlTokenizer, index: number): boolean {
  const isDelay = tokens.type(index) === Tok.keyword && tokens.keyword(index) === K.delay;
  if (!isDelay && !isWord(tokens, index, W.time)) return false;
  const type = tokens.type(index + 1);
  return type === Tok.string || type === Tok.openString || type === Tok.variable;
}

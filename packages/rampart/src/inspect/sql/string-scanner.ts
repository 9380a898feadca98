import * as characters from './characters.js';
import * as search from './search.js';
import * as tokenRing from './token-ring.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const { isDigit, isWordChar } = characters;
const { find, NEEDLES } = search;
const { READ_TRIGGER, TOKEN_COST, Tok, TokenRing } = tokenRing;

// Called as `charCodeAt.call(value, i)`, never as methods of the value: see `characters.ts`.
const charCodeAt = String.prototype.charCodeAt;
const indexOf = String.prototype.indexOf;

const SINGLE_QUOTE = 0x27;

/**
 * A quote after an even run of backslashes, which a backslash does not escape: found in one native pass whatever
 * the number of escapes before it. A quote after a character that is no backslash is matched with that character,
 * a two-character test the pass makes without a try at each position; one after two or more backslashes is matched
 * from its last pair, and the run is looked behind at: its pairs by a loop of a fixed-length body, which
 * backtracks without a stack, then the character before it. A mebibyte of `\\'` costs 0.7 ms so (3.6 ms when each
 * position, then 3.2 ms when each quote, was a try); one without quotes at most 1.8 ms.
 */
const UNESCAPED = {
  single: /[^\\]'|\\\\'(?<=(?<!\\)(?:\\\\)+')/g,
  double: /[^\\]"|\\\\"(?<=(?<!\\)(?:\\\\)+")/g,
};

/**
 * How many quotes {@link unescapedQuote} looks at by `memchr` at least, how far apart they must be on average for it
 * to go on (a quote looked at costs about what the pattern's pass over 256 characters does), and how long a run of
 * backslashes before each.
 */
const FEW_QUOTES = 16;
const MIN_QUOTE_GAP = 256;
const SHORT_RUN = 16;

/**
 * The offset of the first `quote` at or after `from` that no backslash escapes, or -1. A literal's body starts
 * after a quote, so no run of backslashes crosses `from`, and a quote at `from` is not escaped. The first few
 * quotes, and all of them while they are far apart (a `\'` every 2 KiB), are found by `memchr` and their
 * backslashes counted: the pattern's pass tries every character, 0.7 ms on a mebibyte without quotes, where
 * `memchr` reads it in a twentieth of that. Dense quotes or long runs are left to the pattern, whose pass costs the
 * same whatever it meets.
 */
function unescapedQuote(value: string, quote: number, from: number): number {
  let at = from;
  const mark = quote === SINGLE_QUOTE ? "'" : '"';
  for (let n = 0; n < FEW_QUOTES || at - from >= n * MIN_QUOTE_GAP; n++) {
    const close = indexOf.call(value, mark, at);
    if (close === -1) return -1;
    let start = close;
    while (start > from && close - start <= SHORT_RUN && charCodeAt.call(value, start - 1) === 0x5c) start--;
    if (close - start > SHORT_RUN) break;
    if (((close - start) & 1) === 0) return close;
    at = close + 1;
  }
  // From the first quote not yet looked at. The pattern matches a quote with the character before it: one at `at`
  // follows a quote (or begins the body), no backslash.
  if (charCodeAt.call(value, at) === quote) return at;
  const pattern = quote === SINGLE_QUOTE ? UNESCAPED.single : UNESCAPED.double;
  pattern.lastIndex = at;
  const close = pattern.test(value) ? pattern.lastIndex - 1 : -1;
  pattern.lastIndex = 0;
  return close;
}

/** Where dialects lex alike no more: bits of {@link StringScanner.lexing}, 0 for the readings of every value. */
export const Lexing = Object.freeze({
  /** `--` a comment only before a space, a control character or the end, as MySQL reads it (`1--+1 UNION ...`). */
  mysqlDashes: 1,
  /** `#` PostgreSQL's XOR operator, not a comment (`1#1 UNION ...`). */
  hashOperator: 2,
  /** `/*! ... *\/` and `/*M! ... *\/` comments, as every server but MySQL and MariaDB reads them. */
  plainComments: 4,
  /** Block comments nested, as PostgreSQL reads them (`/* /* *\/ x *\/` is one comment). */
  nestedComments: 8,
});

/**
 * The tokenizer's reading of what native searches skip: string literals and comments (`tokenizer.ts` reads the
 * rest). Each ends where a native search finds its closing mark, and the work it skips is charged a 64th per
 * character.
 */
export abstract class StringScanner extends TokenRing {
  private backslashEscapes = true;
  /** Open MySQL executable comments (`/*!50000 ... *\/`), whose closing marker is skipped. */
  protected executable = 0;
  /**
   * How this reading lexes where dialects differ, as {@link Lexing} bits: set by `readings.ts` for a reading of its
   * own, never by a reset.
   */
  lexing = 0;
  /**
   * The next line break and backslash found by a native search, or -1 when there is none further on; -2 before the
   * first search. Tokens are read forward, so each search resumes past the last answer: a value dense with `--x`
   * or strings costs one pass over it, not one per token.
   */
  private newlineAt = -2;
  private backslashAt = -2;

  /**
   * `--` starts a comment in every dialect when followed by a space or punctuation; `--5` is double minus in
   * MySQL, and reading it so keeps `1990--1995` an arithmetic expression rather than a truncation. Followed by a
   * word it is a comment to the other dialects: so read when a line break ends it (`1--x\nAND 1=1`).
   */
  protected startsDashComment(at: number): boolean {
    if ((this.lexing & Lexing.mysqlDashes) !== 0) return at + 2 >= this.length || this.code(at + 2) <= 0x20;
    if (!isWordChar(this.code(at + 2))) return true;
    if (this.newlineAt !== -1 && this.newlineAt < at + 2)
      this.newlineAt = find(this.searchText, NEEDLES.newline, at + 2);
    return this.newlineAt !== -1;
  }

  /** The next backslash at or after `from`, or -1 (see {@link backslashAt}). */
  protected nextBackslash(from: number): number {
    if (this.backslashAt !== -1 && this.backslashAt < from)
      this.backslashAt = find(this.searchText, NEEDLES.backslash, from);
    return this.backslashAt;
  }

  /**
   * A literal from `bodyStart` to its closing quote; `''` (and `\'` when enabled) stay inside it. Native scans
   * jump from quote to quote, and over backslash escapes to the first quote they leave unescaped (JSON text in a
   * literal holds thousands of `\"`); each doubled quote costs a token's work, so `''''...` stays bounded.
   */
  protected scanString(bodyStart: number, quote: number, tokenStart: number): number {
    const length = this.length;
    const mark = quote === SINGLE_QUOTE ? NEEDLES.singleQuote : NEEDLES.doubleQuote;
    let at = bodyStart;
    for (;;) {
      let close = find(this.searchText, mark, at);
      if (close > 0 && this.backslashEscapes) {
        const backslash = this.nextBackslash(at);
        if (backslash !== -1 && backslash < close) close = unescapedQuote(this.searchText, quote, at);
      }
      this.work += ((close < 0 ? length : close) - at) >> 6;
      if (close < 0) return this.push(Tok.openString, tokenStart, length);
      if (this.code(close + 1) !== quote) return this.push(Tok.string, tokenStart, close + 1);
      at = close + 2;
      this.work += 2 * TOKEN_COST;
      if (this.work > this.limit) {
        // What follows `at` in this literal, and after it, is unread.
        this.stopExhausted(at);
        return this.push(Tok.openString, tokenStart, length);
      }
    }
  }

  /** `--` or `#` to the end of the line; a comment that reaches the end of the value truncates the query. */
  protected scanLineComment(start: number): number {
    const newline = find(this.searchText, NEEDLES.newline, start);
    if (newline === -1) return this.push(Tok.comment, start, this.value.length);
    this.work += (newline - start) >> 6;
    this.position = newline + 1;
    this.readTriggers |= READ_TRIGGER;
    return this.count;
  }

  protected scanBlockComment(start: number): number {
    const value = this.value;
    // MariaDB's own executable comments are `/*M! ... */` and `/*M!100101 ... */`.
    const mariadb = this.code(start + 2) === 0x4d && this.code(start + 3) === 0x21 ? 1 : 0;
    if ((this.lexing & Lexing.plainComments) === 0 && this.code(start + 2 + mariadb) === 0x21) {
      // MySQL runs the body of `/*! ... */` as code, and of `/*!50000 ... */` on servers at least that version.
      // Fewer digits are a version to old servers when a word follows (`/*!0UNION`), and code otherwise
      // (`/*!1 union` is `1 union`).
      let at = start + 3 + mariadb;
      while (at < start + 9 + mariadb && isDigit(this.code(at))) at++;
      const digits = at - start - 3 - mariadb;
      this.executable++;
      this.position = digits >= 5 || isWordChar(this.code(at)) ? at : start + 3 + mariadb;
      this.readTriggers |= READ_TRIGGER;
      return this.count;
    }
    const close =
      (this.lexing & Lexing.nestedComments) !== 0
        ? this.nestedCommentEnd(start)
        : find(this.searchText, NEEDLES.commentEnd, start + 2);
    if (close === -1) return this.push(Tok.comment, start, value.length);
    this.work += (close - start) >> 6;
    this.position = close + 2;
    this.readTriggers |= READ_TRIGGER;
    return this.count;
  }

  /**
   * The `*\/` that closes the comment at `start` when comments nest, or -1. Each `/*` and `*\/` costs a token's work,
   * and the next `/*` is searched for again only once passed, so the scan stays linear.
   */
  private nestedCommentEnd(start: number): number {
    let depth = 1;
    let at = start + 2;
    let open = find(this.searchText, NEEDLES.commentStart, at);
    for (;;) {
      const close = find(this.searchText, NEEDLES.commentEnd, at);
      if (close === -1) return -1;
      this.work += TOKEN_COST;
      if (this.work > this.limit) {
        this.stopExhausted(at);
        return -1;
      }
      if (open !== -1 && open < close) {
        depth++;
        at = open + 2;
        open = find(this.searchText, NEEDLES.commentStart, at);
      } else {
        depth--;
        if (depth === 0) return close;
        at = close + 2;
        if (open !== -1 && open < at) open = find(this.searchText, NEEDLES.commentStart, at);
      }
    }
  }

  /** Starts reading `value` (see `TokenRing.begin`); `backslashEscapes`: a backslash escapes a quote. */
  protected beginText(value: string, backslashEscapes: boolean): void {
    this.begin(value);
    this.executable = 0;
    this.newlineAt = -2;
    this.backslashAt = -2;
    this.backslashEscapes = backslashEscapes;
  }
}

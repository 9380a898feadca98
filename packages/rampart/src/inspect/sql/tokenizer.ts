import * as characters from './characters.js';
import * as lexicon from './lexicon.js';
import * as literals from './literals.js';
import * as operators from './operators.js';
import * as search from './search.js';
import * as tokenRing from './token-ring.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const {
  charClass,
  DIGIT_CHAR,
  isDigit,
  isHexDigit,
  isSpace,
  isWordChar,
  SPACE_CHAR,
  SPACES,
  WORD_CHAR,
  WORD_REST,
} = characters;
const { functionKindOf, keywordId, lookupRun, lookupWord, MAX_WORD, roleOf } = lexicon;
const { dollarQuoteEnd, isStringPrefix, odbcEscapeEnd, quotedNameEnd, variableEnd } = literals;
const { operatorAt, packedLength, packedType } = operators;
const { find, NEEDLES } = search;
const { TOKEN_COST, Tok, TokenRing } = tokenRing;

// Called as `charCodeAt.call(value, i)`, never as `value.charCodeAt(i)`: see `characters.ts`.
const charCodeAt = String.prototype.charCodeAt;

export { Tok } from './token-ring.js';

const SINGLE_QUOTE = 0x27;
const DOUBLE_QUOTE = 0x22;
const NULL_KEYWORD = keywordId('null');

/**
 * Splits a value into SQL tokens on demand (the grammar often decides after three tokens), into the ring of
 * {@link TokenRing}. Scans each character a bounded number of times; literals, names and comments are read here,
 * operators by `operators.ts`.
 */
export class SqlTokenizer extends TokenRing {
  private backslashEscapes = true;
  /** Open MySQL executable comments (`/*!50000 ... *\/`), whose closing marker is skipped. */
  private executable = 0;
  /**
   * The next line break and backslash found by a native search, or -1 when there is none further on; -2 before the
   * first search. Tokens are read forward, so each search resumes past the last answer: a value dense with `--x`
   * or strings costs one pass over it, not one per token.
   */
  private newlineAt = -2;
  private backslashAt = -2;

  /**
   * Starts reading `value`. With `quote` (a quote's char code), the value is read as if it followed that quote,
   * as a fragment injected into a string literal would be: its first token is the rest of that literal.
   * `backslashEscapes` says whether `\'` escapes a quote (MySQL) or not (standard SQL).
   */
  reset(value: string, quote: number, backslashEscapes: boolean): void {
    this.begin(value);
    this.executable = 0;
    this.newlineAt = -2;
    this.backslashAt = -2;
    this.backslashEscapes = backslashEscapes;
    if (quote !== 0) this.scanString(0, quote, 0);
  }

  /** Skips the spaces from `from`: a few by script, a long run (padding) by a native scan. */
  private skipSpaces(from: number): number {
    const value = this.value;
    const limit = Math.min(from + 16, this.length);
    let at = from;
    while (at < limit && isSpace(charCodeAt.call(value, at))) at++;
    if (at < limit || at >= this.length) return at;
    SPACES.lastIndex = at;
    SPACES.test(value);
    // A character-class scan costs about a tenth of a script step per character.
    this.work += (SPACES.lastIndex - at) >> 4;
    return SPACES.lastIndex;
  }

  protected scan(): number {
    // Every step costs, including those that push no token (comments, `/*!` markers).
    this.work += TOKEN_COST;
    if (this.work > this.limit) {
      this.stopExhausted();
      return this.count;
    }
    const value = this.value;
    const length = this.length;
    let at = this.position;
    if (at >= length) return this.finish(at);
    // Each character is read once, and its class loaded once: most tokens are a word and a space.
    let c = charCodeAt.call(value, at);
    let kind = charClass(c);
    // One space between tokens is the rule; only a longer run takes the call.
    if ((kind & SPACE_CHAR) !== 0) {
      at++;
      if (at < length && isSpace(charCodeAt.call(value, at))) at = this.skipSpaces(at);
      if (at >= length) return this.finish(at);
      c = charCodeAt.call(value, at);
      kind = charClass(c);
    }
    // Words and literals first: they are most tokens, and need no look at the next character.
    if ((kind & WORD_CHAR) !== 0)
      return (kind & DIGIT_CHAR) !== 0 ? this.scanNumber(at) : this.scanWord(at, c);
    if (c === SINGLE_QUOTE || c === DOUBLE_QUOTE) return this.scanString(at + 1, c, at);
    const next = this.code(at + 1);
    switch (c) {
      case 0x28:
        return this.push(Tok.open, at, at + 1);
      case 0x29:
        return this.push(Tok.close, at, at + 1);
      case 0x2c:
        return this.push(Tok.comma, at, at + 1);
      case 0x3b:
        return this.push(Tok.semicolon, at, at + 1);
      case 0x2e:
        return isDigit(next) ? this.scanNumber(at) : this.push(Tok.dot, at, at + 1);
      case 0x60:
      case 0x5b: {
        const end = quotedNameEnd(value, at);
        return end < 0 ? this.push(Tok.other, at, at + 1) : this.push(Tok.word, at, end);
      }
      case 0x40:
        return this.push(Tok.variable, at, variableEnd(value, at));
      case 0x23:
        return this.scanLineComment(at);
      case 0x2d:
        if (next === 0x2d && this.startsDashComment(at)) return this.scanLineComment(at);
        break;
      case 0x2f:
        if (next === 0x2a) return this.scanBlockComment(at);
        break;
      case 0x2a:
        // The end of an executable comment, or of a PostgreSQL nested comment (`/* /* */ */`): MySQL reads the
        // first `*/` as the end, PostgreSQL the last, and `*` `/` in a row is never an expression anyway (`1*/*!`
        // is a product and a comment).
        if (next === 0x2f && (this.executable > 0 || this.code(at + 2) !== 0x2a)) {
          if (this.executable > 0) this.executable--;
          this.position = at + 2;
          return this.count;
        }
        break;
      case 0x5c:
        // MySQL's `\N` is NULL.
        if (next === 0x4e && !isWordChar(this.code(at + 2)))
          return this.push(Tok.keyword, at, at + 2, NULL_KEYWORD);
        break;
      case 0x7b: {
        // JSON and templates (`{"`, `{{`) are not looked at further.
        const end = isWordChar(next) || isSpace(next) ? odbcEscapeEnd(value, at) : at + 1;
        return this.push(end > at + 1 ? Tok.open : Tok.other, at, end);
      }
      case 0x7d:
        return this.push(Tok.close, at, at + 1);
    }
    const packed = operatorAt(c, next, this.code(at + 2));
    return this.push(packedType(packed), at, at + packedLength(packed));
  }

  /**
   * `--` starts a comment in every dialect when followed by a space or punctuation; `--5` is double minus in
   * MySQL, and reading it so keeps `1990--1995` an arithmetic expression rather than a truncation. Followed by a
   * word it is a comment to the other dialects: so read when a line break ends it (`1--x\nAND 1=1`).
   */
  private startsDashComment(at: number): boolean {
    if (!isWordChar(this.code(at + 2))) return true;
    if (this.newlineAt !== -1 && this.newlineAt < at + 2)
      this.newlineAt = find(this.value, NEEDLES.newline, at + 2, this.unitSearch);
    return this.newlineAt !== -1;
  }

  /** The next backslash at or after `from`, or -1 (see {@link backslashAt}). */
  private nextBackslash(from: number): number {
    if (this.backslashAt !== -1 && this.backslashAt < from)
      this.backslashAt = find(this.value, NEEDLES.backslash, from, this.unitSearch);
    return this.backslashAt;
  }

  /**
   * A literal from `bodyStart` to its closing quote; `''` (and `\'` when enabled) stay inside it. Native scans
   * jump from quote to quote; each doubled quote or escape costs a token's work, so `''''...` stays bounded.
   */
  private scanString(bodyStart: number, quote: number, tokenStart: number): number {
    const value = this.value;
    const length = this.length;
    const mark = quote === SINGLE_QUOTE ? NEEDLES.singleQuote : NEEDLES.doubleQuote;
    let at = bodyStart;
    let backslashAt = this.backslashEscapes ? this.nextBackslash(at) : -1;
    for (;;) {
      const close = find(value, mark, at, this.unitSearch);
      this.work += ((close < 0 ? length : close) - at) >> 6;
      if (backslashAt >= 0 && (close < 0 || backslashAt < close)) {
        at = backslashAt + 2;
        backslashAt = this.nextBackslash(at);
      } else if (close < 0) {
        return this.push(Tok.openString, tokenStart, length);
      } else if (this.code(close + 1) === quote) {
        at = close + 2;
        this.work += TOKEN_COST;
      } else {
        return this.push(Tok.string, tokenStart, close + 1);
      }
      this.work += TOKEN_COST;
      if (this.work > this.limit) {
        this.stopExhausted();
        return this.push(Tok.openString, tokenStart, length);
      }
    }
  }

  private scanNumber(start: number): number {
    const next = this.code(start + 1);
    // A lone digit (`1`, `0`) is most numbers in a payload.
    if (!isWordChar(next) && next !== 0x2e) {
      this.work += 1;
      return this.push(Tok.number, start, start + 1);
    }
    const value = this.value;
    const end = this.scanLimit(start);
    let at = start;
    const lower = next | 0x20;
    if (this.code(start) === 0x30 && lower === 0x78 && isHexDigit(this.code(start + 2))) {
      at += 2;
      while (at < end && isHexDigit(charCodeAt.call(value, at))) at++;
    } else if (this.code(start) === 0x30 && lower === 0x62 && isDigit(this.code(start + 2))) {
      at = this.digits(at + 2, end);
    } else {
      at = this.digits(at, end);
      if (this.code(at) === 0x2e) at = this.digits(at + 1, end);
      const e = this.code(at) | 0x20;
      if (e === 0x65) {
        let digit = at + 1;
        const sign = this.code(digit);
        if (sign === 0x2b || sign === 0x2d) digit++;
        if (isDigit(this.code(digit))) at = this.digits(digit, end);
      }
    }
    this.work += at - start;
    if (!isWordChar(this.code(at))) return this.push(Tok.number, start, at);
    // Digits glued to letters: `1union` is a number and a keyword to MySQL, `3rd` an identifier. A glued function
    // name (`1sleep(5)`) is read as a call, as a fragment appended to a number would be meant.
    let wordEnd = at;
    // Keywords and function names are short: a longer word is an identifier whatever it spells.
    const wordLimit = Math.min(end, at + 32);
    while (wordEnd < wordLimit && isWordChar(charCodeAt.call(value, wordEnd))) wordEnd++;
    const glued = lookupWord(value, at, wordEnd);
    if (roleOf(glued) !== 0 || functionKindOf(glued) !== 0) {
      return this.push(Tok.number, start, at);
    }
    // Oracle's typed literals: `1D` (BINARY_DOUBLE), `1F` (BINARY_FLOAT), glued to a keyword (`1DUNION`).
    const suffix = this.code(at) | 0x20;
    if ((suffix === 0x64 || suffix === 0x66) && roleOf(lookupWord(value, at + 1, wordEnd)) !== 0) {
      return this.push(Tok.number, start, at + 1);
    }
    return this.scanWord(start, charCodeAt.call(value, start));
  }

  /** The end of the run of digits from `at`, read no further than `end`. */
  private digits(at: number, end: number): number {
    const value = this.value;
    let next = at;
    while (next < end && isDigit(charCodeAt.call(value, next))) next++;
    return next;
  }

  /** The word whose first character, `c`, is at `start`. */
  private scanWord(start: number, c: number): number {
    const value = this.value;
    const length = this.length;
    if (c === 0x24) {
      const end = dollarQuoteEnd(value, start);
      this.work += ((end < 0 ? length : end) - start) >> 6;
      if (end > 0) return this.push(Tok.string, start, end);
    }
    let at = start + 1;
    const end = Math.min(length, at + 32);
    // The last character is kept for the lookup, which would otherwise read it again.
    let last = c;
    while (at < end) {
      const next = charCodeAt.call(value, at);
      if (!isWordChar(next)) break;
      last = next;
      at++;
    }
    this.work += at - start;
    if (at === end && at < length && isWordChar(charCodeAt.call(value, at))) {
      // A long word (a blob, padding): the rest is read natively, at about a quarter of a script step each.
      WORD_REST.lastIndex = at;
      WORD_REST.test(value);
      this.work += (WORD_REST.lastIndex - at) >> 2;
      at = WORD_REST.lastIndex;
    }
    if (at < length && charCodeAt.call(value, at) === SINGLE_QUOTE && isStringPrefix(value, start, at))
      return this.scanString(at + 1, SINGLE_QUOTE, start);
    // A word longer than the lexicon's longest is no lexicon word, and costs the lookup nothing.
    const id = at - start <= MAX_WORD ? lookupRun(value, start, at, c, last) : -1;
    return this.push(roleOf(id) !== 0 ? Tok.keyword : Tok.word, start, at, id);
  }

  /** Ends the reading at `at`, the end of the value. */
  private finish(at: number): number {
    this.position = at;
    this.done = true;
    return this.count;
  }

  /** `--` or `#` to the end of the line; a comment that reaches the end of the value truncates the query. */
  private scanLineComment(start: number): number {
    const newline = find(this.value, NEEDLES.newline, start, this.unitSearch);
    if (newline === -1) return this.push(Tok.comment, start, this.value.length);
    this.work += (newline - start) >> 6;
    this.position = newline + 1;
    return this.count;
  }

  private scanBlockComment(start: number): number {
    const value = this.value;
    if (this.code(start + 2) === 0x21) {
      // MySQL runs the body of `/*! ... */` as code, and of `/*!50000 ... */` on servers at least that version.
      // Fewer digits are a version to old servers when a word follows (`/*!0UNION`), and code otherwise
      // (`/*!1 union` is `1 union`).
      let at = start + 3;
      while (at < start + 9 && isDigit(this.code(at))) at++;
      const digits = at - start - 3;
      this.executable++;
      this.position = digits >= 5 || isWordChar(this.code(at)) ? at : start + 3;
      return this.count;
    }
    const close = find(value, NEEDLES.commentEnd, start + 2, this.unitSearch);
    if (close === -1) return this.push(Tok.comment, start, value.length);
    this.work += (close - start) >> 6;
    this.position = close + 2;
    return this.count;
  }
}

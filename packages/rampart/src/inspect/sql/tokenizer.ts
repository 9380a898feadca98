import * as characters from './characters.js';
import * as lexicon from './lexicon.js';
import * as literals from './literals.js';
import * as operators from './operators.js';
import * as search from './search.js';
import * as stringScanner from './string-scanner.js';
import * as tokenRing from './token-ring.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const { charClass, DIGIT_CHAR, isDigit, isSpace, isWordChar, SPACE_CHAR, SPACES, WORD_CHAR, WORD_REST } =
  characters;
const { functionKindOf, keywordId, lookupRun, lookupWord, MAX_WORD, roleOf } = lexicon;
const {
  dollarQuoteEnd,
  isStringPrefix,
  numberEnd,
  odbcEscapeEnd,
  quotedNameEnd,
  UNCLOSED_DOLLAR_QUOTE,
  variableEnd,
} = literals;
const { operatorAt, packedLength, packedType } = operators;
const { forgetSearchTexts } = search;
const { READ_TRIGGER, TOKEN_COST, Tok } = tokenRing;
const { Lexing, StringScanner } = stringScanner;

// Called as `charCodeAt.call(value, i)`, never as `value.charCodeAt(i)`: see `characters.ts`.
const charCodeAt = String.prototype.charCodeAt;

export { Tok } from './token-ring.js';

const SINGLE_QUOTE = 0x27;
const DOUBLE_QUOTE = 0x22;
const NULL_KEYWORD = keywordId('null');

/**
 * Splits a value into SQL tokens on demand (the grammar often decides after three tokens), into the ring of
 * `TokenRing`. Scans each character a bounded number of times; words, numbers and punctuation are read here,
 * strings and comments by `string-scanner.ts`, operators by `operators.ts`.
 */
export class SqlTokenizer extends StringScanner {
  /**
   * False once a dollar quote of this reading is left unclosed. PostgreSQL stops there (the rest of the value is
   * inside it) and no other dialect has dollar quotes (`$` is a word character), so no dialect reads a later one as
   * a quote; and looking for each one's close would cost a search through the rest of the value per `$tag$`
   * (`$a1$+$a2$+...` took 9 ms at 16 KiB).
   */
  private dollarQuotes = true;
  /**
   * The last dollar quote looked up in this call: each reading of a value (as-is, after a quote, with backslash
   * escapes) meets the same `$tag$`, and an unclosed one costs a search through the rest of the value. Compared by
   * position first, so a `$` elsewhere costs no string comparison; forgotten at each call, so no value outlives its
   * request and none can prime another.
   */
  private lastDollarStart = -1;
  private lastDollarValue = '';
  private lastDollarEnd = 0;

  override startBudget(): void {
    super.startBudget();
    this.lastDollarStart = -1;
    this.lastDollarValue = '';
    forgetSearchTexts();
  }

  override release(): void {
    super.release();
    this.lastDollarValue = '';
    forgetSearchTexts();
  }

  /**
   * Starts reading `value`. With `quote` (a quote's char code), the value is read as if it followed that quote,
   * as a fragment injected into a string literal would be: its first token is the rest of that literal.
   * `backslashEscapes` says whether `\'` escapes a quote (MySQL) or not (standard SQL).
   */
  reset(value: string, quote: number, backslashEscapes: boolean): void {
    this.beginText(value, backslashEscapes);
    this.dollarQuotes = true;
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
      this.stopExhausted(this.position);
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
        if (next === 0x40) this.readTriggers |= READ_TRIGGER;
        return this.push(Tok.variable, at, variableEnd(value, at));
      case 0x23:
        return (this.lexing & Lexing.hashOperator) !== 0
          ? this.push(Tok.operator, at, at + 1)
          : this.scanLineComment(at);
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
          this.readTriggers |= READ_TRIGGER;
          return this.count;
        }
        break;
      case 0x5c:
        // MySQL's `\N` is NULL, whatever follows it: its lexer reads the two characters alone (`\Nunion`).
        if (next === 0x4e) return this.push(Tok.keyword, at, at + 2, NULL_KEYWORD);
        break;
      case 0x7b: {
        // JSON and templates (`{"`, `{{`) are not looked at further.
        const end = isWordChar(next) || isSpace(next) ? odbcEscapeEnd(value, at) : at + 1;
        return this.push(end > at + 1 ? Tok.open : Tok.other, at, end);
      }
      case 0x7d:
        return this.push(Tok.close, at, at + 1);
    }
    // `|` is one of the screen's triggers (`screen.ts`); `||` is read as logic.
    if (c === 0x7c) this.readTriggers |= READ_TRIGGER;
    const packed = operatorAt(c, next, this.code(at + 2));
    return this.push(packedType(packed), at, at + packedLength(packed));
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
    const at = numberEnd(value, start, end);
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

  /** {@link dollarQuoteEnd} at `start` of the current value, remembered (see {@link lastDollarStart}). */
  private dollarQuoteAt(start: number): number {
    if (start !== this.lastDollarStart || this.value !== this.lastDollarValue) {
      this.lastDollarEnd = dollarQuoteEnd(this.value, start);
      this.lastDollarStart = start;
      this.lastDollarValue = this.value;
    }
    return this.lastDollarEnd;
  }

  /** The word whose first character, `c`, is at `start`. */
  private scanWord(start: number, c: number): number {
    const value = this.value;
    const length = this.length;
    if (c === 0x24 && this.dollarQuotes) {
      // What the search passed is charged; once a tag was left unclosed, no later `$` is searched (nor charged).
      const end = this.dollarQuoteAt(start);
      this.work += ((end < 0 ? length : end) - start) >> 6;
      if (end > 0) return this.push(Tok.string, start, end);
      if (end === UNCLOSED_DOLLAR_QUOTE) this.dollarQuotes = false;
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
}

import * as search from './search.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const { searchTextOf } = search;

// Called as `charCodeAt.call(value, i)`, never as `value.charCodeAt(i)`: see `characters.ts`.
const charCodeAt = String.prototype.charCodeAt;

/** Token types. `end` is what {@link TokenRing.type} returns past the last token. */
export const Tok = Object.freeze({
  end: 0,
  number: 1,
  /** A closed string literal. */
  string: 2,
  /** A string literal still open at the end of the value (the query's own quote may close it). */
  openString: 3,
  /** An identifier: bareword, `backtick`, [bracket]. */
  word: 4,
  keyword: 5,
  /** `@x`, `@@version`. */
  variable: 6,
  /** Arithmetic, bitwise, concatenation, cast and JSON operators. */
  operator: 7,
  /** `=`, `<>`, `!=`, `<=>`, `:=`... */
  comparison: 8,
  /** `&&`, `||`. */
  logic: 9,
  /** `!` (MySQL's NOT). */
  not: 10,
  open: 11,
  close: 12,
  comma: 13,
  semicolon: 14,
  dot: 15,
  /** A comment that runs to the end of the value: everything the query had after the value is cut off. */
  comment: 16,
  /** Anything SQL has no use for (`?`, `{`, a stray backslash...): a fragment holding one is not SQL. */
  other: 17,
});

/** The bits of {@link TokenRing.readTriggers}. */
export const READ_TRIGGER = 1;
export const READ_LITERAL = 2;

/** What each token type adds to {@link TokenRing.readTriggers}: words of the lexicon are added by their id. */
const TRIGGER_OF_TYPE = (() => {
  const bits = new Uint8Array(32);
  bits[Tok.keyword] = READ_TRIGGER;
  bits[Tok.logic] = READ_TRIGGER;
  bits[Tok.comment] = READ_TRIGGER;
  bits[Tok.string] = READ_LITERAL;
  bits[Tok.openString] = READ_LITERAL;
  return bits;
})();

/**
 * Tokens are kept in a ring of this many entries: the grammar looks a few tokens back and ahead, never further,
 * so a reading may run through any number of tokens while its memory stays fixed.
 */
const RING = 256;
const MASK = RING - 1;

/**
 * The work one reading of a value may spend, in units of about one character read by script (a few nanoseconds):
 * a token or a doubled quote costs {@link TOKEN_COST}, a long word or run of spaces read by a character-class
 * scan a quarter or a sixteenth per character, and what `indexOf` skips (string bodies, comments) a 64th. With
 * {@link CALL_BUDGET} across all the readings of a value, it bounds the time per value (about a millisecond on a
 * slow core) whatever the value holds: a mebibyte of spaces is skipped within it, so a payload behind them is
 * still read. Benign values fail to parse within a few tokens of where a reading starts and spend a tiny part of
 * it. When it runs out, {@link TokenRing.readingExhausted} says so and the reading proves nothing: `unread.ts` then
 * decides whether what it left unread may hide SQL.
 */
export const READING_BUDGET = 80_000;
const CALL_BUDGET = 120_000;
/**
 * The budget of a fresh reading (`unread.ts`): a few hundred tokens from just before the first trigger that a
 * reading which ran out of budget left unread, given whatever the call has spent (at most four per call).
 */
const FRESH_READING_BUDGET = 16_000;
export const TOKEN_COST = 16;

/**
 * The ring itself: constants of this file rather than fields, so that the compiled code knows where they are and
 * how long (the grammar reads them several times per token). There is one ring per process, since the detector
 * reads one value at a time: `parse-state.ts` makes the only tokenizer.
 */
const TYPES = new Uint8Array(RING);
const STARTS = new Int32Array(RING);
const ENDS = new Int32Array(RING);
const KEYWORDS = new Int16Array(RING);
let rings = 0;

/**
 * The tokens of the reading in progress and the work it has spent: what the grammar reads, filled on demand by
 * {@link SqlTokenizer} (`tokenizer.ts`). Reuses its buffers and allocates nothing per value.
 */
export abstract class TokenRing {
  protected value = '';
  protected length = 0;
  /** {@link searchText}, once asked for in this reading; '' before. */
  private searched = '';
  /** Work spent by the current reading; it may spend up to {@link limit}. */
  protected work = 0;
  protected limit = READING_BUDGET;
  /** Work spent by the readings before the current one, in this call of the detector. */
  private spent = 0;
  /** The budget of the next reading when it is a fresh one (see {@link grantFresh}), else 0. */
  private grant = 0;
  /** True when the current reading stopped because its budget ran out. */
  readingExhausted = false;
  /** Where the current reading stopped reading when its budget ran out: nothing from here on was read. */
  stoppedAt = 0;
  /**
   * What the current reading has read of what may make SQL (`unread.ts` weighs it when the reading stops short):
   * {@link READ_TRIGGER} for a keyword, a word of the lexicon, logic symbols, a comment, `@@` or `|`;
   * {@link READ_LITERAL} for a string literal, which only matters to a reading after a quote.
   */
  readTriggers = 0;
  protected position = 0;
  protected count = 0;
  protected done = true;

  constructor() {
    // A second tokenizer would write over the first one's tokens.
    if (++rings > 1) throw new Error('sql tokenizer: one per process');
  }

  /**
   * The text the value's native searches run in: itself, or its shadow (see `search.ts`). Made when a reading first
   * searches: one that decides within its first tokens (`1 OR 1=1-- ` before a mebibyte of CJK) needs none.
   */
  protected get searchText(): string {
    if (this.searched === '') this.searched = searchTextOf(this.value);
    return this.searched;
  }

  /** Reads one more token (or skips a comment), setting {@link done} at the end of the value. */
  protected abstract scan(): number;

  /** Gives the next reading, a fresh one (`unread.ts`), a budget of its own, whatever this call has spent. */
  grantFresh(): void {
    this.grant = FRESH_READING_BUDGET;
  }

  /** Starts a reading of `value`, with what is left of the call's budget. */
  protected begin(value: string): void {
    this.value = value;
    this.length = value.length;
    this.searched = '';
    this.spent += this.work;
    this.work = 0;
    this.readingExhausted = false;
    this.readTriggers = 0;
    this.limit = this.grant > 0 ? this.grant : Math.min(READING_BUDGET, CALL_BUDGET - this.spent);
    this.grant = 0;
    this.position = 0;
    this.count = 0;
    this.done = false;
  }

  /** Lets go of the text read last, when a call of the detector on a long value ends (`readings.ts`). */
  release(): void {
    this.value = '';
    this.length = 0;
    this.searched = '';
    this.done = true;
  }

  /** Gives the next call of the detector a fresh budget. */
  startBudget(): void {
    this.work = 0;
    this.spent = 0;
    this.grant = 0;
  }

  /** The type of token `index`, reading more of the value if needed; {@link Tok.end} past the last. */
  type(index: number): number {
    while (index >= this.count && !this.done) this.scan();
    // Only the last RING tokens are kept; the grammar never looks further back.
    return index < this.count && index >= 0 ? (TYPES[index & MASK] as number) : Tok.end;
  }

  start(index: number): number {
    return STARTS[index & MASK] as number;
  }

  end(index: number): number {
    return ENDS[index & MASK] as number;
  }

  /** The keyword index of a {@link Tok.keyword} token (see `keywords.ts`), -1 for other tokens. */
  keyword(index: number): number {
    return KEYWORDS[index & MASK] as number;
  }

  /** The char code at `offset` of the value, 0 outside it (never NaN, which would deoptimize the callers). */
  charAt(offset: number): number {
    return offset < this.length && offset >= 0 ? charCodeAt.call(this.value, offset) : 0;
  }

  /** How far the current reading has read the value: the tokens before this offset are all it has seen. */
  get scannedTo(): number {
    return this.position;
  }

  /** Whether the token {@link openEndStart} points at is a comment, rather than a literal. */
  get openEndIsComment(): boolean {
    return TYPES[(this.count - 1) & MASK] === Tok.comment;
  }

  /**
   * Where the last token read begins when it is a literal left open or a comment that runs to the end of the value
   * (what more text after the value could close), or -1.
   */
  get openEndStart(): number {
    const last = (this.count - 1) & MASK;
    const type = TYPES[last] as number;
    const open = this.count > 0 && (type === Tok.openString || type === Tok.comment);
    return open && (ENDS[last] as number) >= this.length ? (STARTS[last] as number) : -1;
  }

  protected push(type: number, start: number, end: number, keyword = -1): number {
    const index = this.count++ & MASK;
    TYPES[index] = type;
    STARTS[index] = start;
    ENDS[index] = end;
    KEYWORDS[index] = keyword;
    this.position = end;
    this.readTriggers |= (TRIGGER_OF_TYPE[type] as number) | (keyword >= 0 ? READ_TRIGGER : 0);
    if (type === Tok.comment || type === Tok.openString) this.done = true;
    return this.count;
  }

  /** Stops the reading for want of budget; `at` is the first offset of the value it did not read. */
  protected stopExhausted(at: number): void {
    this.done = true;
    this.readingExhausted = true;
    this.stoppedAt = at;
  }

  /** The char code at `at`, 0 at or past the end of the value. */
  protected code(at: number): number {
    return at < this.length ? charCodeAt.call(this.value, at) : 0;
  }

  /** How far a script loop from `at` may read before the reading's budget runs out. */
  protected scanLimit(at: number): number {
    return Math.min(this.length, at + Math.max(this.limit - this.work, 0) + 1);
  }
}

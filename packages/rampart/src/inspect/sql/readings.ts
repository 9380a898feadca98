import * as characters from './characters.js';
import * as delayCalls from './delay-calls.js';
import * as delayCallsPastCut from './delay-calls-past-cut.js';
import * as grammar from './grammar.js';
import * as normalize from './normalize.js';
import * as parseState from './parse-state.js';
import * as screen from './screen.js';
import * as search from './search.js';
import * as stringScanner from './string-scanner.js';
import * as unread from './unread.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const { isWordChar } = characters;
const { hasDelayCall } = delayCalls;
const { delayCallAtCut, delayCallPastCut, PastCut } = delayCallsPastCut;
const { judgeSql } = grammar;
const {
  foldTypographicQuotes,
  Holds,
  isTypographicQuote,
  joinSplitWords,
  longCut,
  normalizeLong,
  normalizeOnce,
} = normalize;
const { tokens } = parseState;
const { cannotBeSql } = screen;
const { find, firstDecodableWide, NEEDLES, searchableSlice, searchTextOf, WideKinds, wideKinds } = search;
const { Lexing } = stringScanner;
const {
  firstRestTrigger,
  forgetUnread,
  noteCutDecoding,
  noteUnread,
  quotedRestFrom,
  takeFreshReading,
  unreadMayHide,
} = unread;

// Called as `charCodeAt.call(value, i)`, never as methods of the value: see `characters.ts`.
const charCodeAt = String.prototype.charCodeAt;
const includes = String.prototype.includes;
const indexOf = String.prototype.indexOf;
const slice = String.prototype.slice;

/**
 * The readings of one value: as-is, after a single or a double quote, after decoding rounds and with typographic
 * quotes folded, in the order that finds most injections soonest. `index.ts` screens values before them.
 */

const SINGLE_QUOTE = 0x27;
const DOUBLE_QUOTE = 0x22;

/** What one pass over a value found, as bits. */
const SEEN_SINGLE = 1;
const SEEN_DOUBLE = 2;
const SEEN_BACKSLASH = 4;
/** Something a decoding pass changes: `%`, `&`, `\`, NUL, fullwidth forms. */
const SEEN_DECODABLE = 8;
/** A character that is neither a word character nor a separator of dates, paths and names: see {@link CLASSES}. */
const SEEN_SYNTAX = 16;
/** `-` or `*`: the second character of a `--` or a `/*` comment (ordinary values only). */
const SEEN_COMMENT_MARK = 32;
const SEEN_PAREN = 64;
const SEEN_TYPOGRAPHIC = 128;
/** What a long value's scan found for its decoding: `normalize.ts`'s {@link Holds}, in the bits above these. */
const HOLDS_SHIFT = 8;
const SEEN_PERCENT = Holds.percent << HOLDS_SHIFT;
const SEEN_AMPERSAND = Holds.ampersand << HOLDS_SHIFT;
const SEEN_REFERENCE_END = Holds.referenceEnd << HOLDS_SHIFT;
const HOLDS_BACKSLASH = Holds.backslash << HOLDS_SHIFT;
/** `#` (ordinary values only): PostgreSQL's XOR, for the reading of {@link holdsHashBetweenOperands}. */
const SEEN_HASH = 1 << (HOLDS_SHIFT + 4);

/**
 * What each character tells the pre-scan, in one table for all of UTF-16 so that a character costs one load. Word
 * characters and the separators of dates, paths, host names and identifiers (`_ . : / -`) cannot, on their own,
 * build SQL: a value made only of them and without `--` is at most one SQL word or an arithmetic expression, never
 * an injection, and most benign values end there.
 */
const CLASSES = (() => {
  // Non-ASCII letters of any script are word characters (0); the few wide characters that matter are set by
  // hand, so that the table costs no script loop over all of UTF-16 at load time.
  const classes = new Uint16Array(0x10000);
  classes[0xa0] = SEEN_SYNTAX;
  classes[0xfffd] = SEEN_SYNTAX;
  classes[0x3000] = SEEN_SYNTAX | SEEN_DECODABLE;
  classes.fill(SEEN_SYNTAX | SEEN_DECODABLE, 0xff01, 0xff5f);
  for (let c = 0x2018; c <= 0x2033; c++)
    if (isTypographicQuote(c)) classes[c] = SEEN_SYNTAX | SEEN_TYPOGRAPHIC;
  for (let c = 0; c < 128; c++) {
    const lower = c | 0x20;
    const inert =
      (lower >= 0x61 && lower <= 0x7a) ||
      (c >= 0x30 && c <= 0x39) ||
      '_.:/-'.includes(String.fromCharCode(c));
    classes[c] = inert ? 0 : SEEN_SYNTAX;
  }
  const add = (c: number, bits: number): void => {
    classes[c] = (classes[c] as number) | bits;
  };
  add(SINGLE_QUOTE, SEEN_SINGLE);
  add(DOUBLE_QUOTE, SEEN_DOUBLE);
  add(0x23, SEEN_HASH);
  add(0x5c, SEEN_BACKSLASH | SEEN_DECODABLE);
  add(0x25, SEEN_DECODABLE);
  add(0x26, SEEN_DECODABLE);
  add(0, SEEN_DECODABLE);
  add(0x2d, SEEN_COMMENT_MARK);
  add(0x2a, SEEN_COMMENT_MARK);
  add(0x28, SEEN_PAREN);
  return classes;
})();

/**
 * Values longer than this are pre-scanned and decoded by native scans (regular expressions, `indexOf`), which cost
 * a fraction of a script loop per character: a mebibyte is then read within the time budget.
 */
export const LONG_VALUE = 4096;
/**
 * At most about this many escapes are decoded in a long value; beyond them its decoded form stops a few KiB
 * later (see `normalizeLong`), while its raw form is still read whole.
 */
const MAX_LONG_ESCAPES = 4096;
/**
 * The longest undecoded rest of a long value's decoding that is searched (`inspectPastCut`); a value with a longer
 * one, which holds more than {@link MAX_LONG_ESCAPES} escapes and is over a quarter of a mebibyte, is `work-limit`.
 */
const MAX_REST = 256 * 1024;
/** Decoding rounds: two for ordinary values (double encoding), one for long ones, whose budget is tighter. */
const ROUNDS = 2;

/**
 * The characters a long value is searched for, with the bits each one sets: by `memchr` in its search text
 * (`search.ts`), where they are themselves. `#` and `;` tell the decoding whether a `&` may begin a reference. The
 * wide characters the decoding folds (the fullwidth forms, the ideographic space) are told by the shadow's build;
 * typographic quotes are left to ordinary values.
 */
const LONG_MARKS: ReadonlyArray<readonly [string, number]> = [
  ["'", SEEN_SINGLE],
  ['"', SEEN_DOUBLE],
  ['(', SEEN_PAREN],
  ['#', SEEN_REFERENCE_END],
  [';', SEEN_REFERENCE_END],
  // The ones that may begin something the decoding reads (`normalize.ts`'s `isDecodable`): where the first is, is
  // where the decoding's search begins.
  ['\\', SEEN_BACKSLASH | SEEN_DECODABLE | HOLDS_BACKSLASH],
  ['%', SEEN_DECODABLE | SEEN_PERCENT],
  ['&', SEEN_DECODABLE | SEEN_AMPERSAND],
  ['\0', SEEN_DECODABLE],
];

/**
 * Where the value the last {@link scan} read may first hold a character that begins something the decoding reads
 * (`normalize.ts`'s `isDecodable`), when it is long: that character's offset or one before it. Its decoding starts
 * there: a mebibyte of text before one ideographic space is not searched again.
 */
let candidatesFrom = 0;

/**
 * The bits of a long value, from native searches of its search text for single characters (a character-class scan
 * costs as much as a script loop on a slow core). Whether it holds syntax is not worked out: the readings find out
 * within a token; nor whether it holds comment marks, which only the readings of ordinary values use.
 */
function scanLong(value: string): number {
  const text = searchTextOf(value);
  let seen = SEEN_SYNTAX;
  let first = -1;
  for (const [c, bits] of LONG_MARKS) {
    // A mark whose bits are all seen is not looked for, unless the decoding may begin at it: NUL's bit is the one
    // `%` and `&` set too, and a NUL before them is where the decoding starts.
    const decodable = (bits & SEEN_DECODABLE) !== 0;
    if (!decodable && (seen & bits) === bits) continue;
    const at = indexOf.call(text, c);
    if (at === -1) continue;
    seen |= bits;
    if (decodable && (first === -1 || at < first)) first = at;
  }
  const kinds = wideKinds(value);
  if (kinds !== 0) {
    // Fullwidth SQL cannot break out of anything without a fullwidth quote or an ideographic space: a long value
    // that holds neither is not decoded for its fullwidth forms alone.
    if ((kinds & (WideKinds.fullwidthQuote | WideKinds.ideographicSpace)) !== 0) seen |= SEEN_DECODABLE;
    if ((kinds & WideKinds.decodable) !== 0) {
      const wide = firstDecodableWide(value);
      if (first === -1 || wide < first) first = wide;
    }
  }
  candidatesFrom = Math.max(first, 0);
  return seen;
}

/** One linear pass over the whole value: the {@link SEEN_SINGLE}... bits of everything in it. */
function scan(value: string): number {
  candidatesFrom = 0;
  if (value.length > LONG_VALUE) return scanLong(value);
  let seen = 0;
  for (let i = 0; i < value.length; i++) {
    const c = charCodeAt.call(value, i);
    seen |= CLASSES[c] as number;
  }
  return seen;
}

/**
 * Reads one form of the value in every context it could have been injected into. `seen` is its {@link scan}.
 * Returns the fingerprint found, or `undefined`.
 */
function inspect(value: string, seen: number, asIsRead = false, joinWords = true): string | undefined {
  if (
    !asIsRead &&
    (seen & SEEN_SYNTAX) === 0 &&
    ((seen & SEEN_COMMENT_MARK) === 0 || !includes.call(value, '--'))
  ) {
    return undefined;
  }
  const single = (seen & SEEN_SINGLE) !== 0;
  const double = (seen & SEEN_DOUBLE) !== 0;
  const backslash = (seen & SEEN_BACKSLASH) !== 0;
  // As-is: the value stands where a number, a name or a whole condition was expected (`id=1 OR 1=1`).
  let found = asIsRead ? undefined : judgeSql(value, 0, false);
  // After a quote: the value was spliced into a string literal and breaks out of it (`x' OR 'a'='a`). With a
  // backslash, the fragment reads differently where `\'` escapes a quote (MySQL) and where it does not.
  if (found === undefined && single) found = judgeQuoted(value, SINGLE_QUOTE, backslash);
  if (found === undefined && double) found = judgeQuoted(value, DOUBLE_QUOTE, backslash);
  if (found === undefined && (seen & SEEN_PAREN) !== 0 && hasDelayCall(value)) found = 'time-delay';
  // PostgreSQL nests block comments (`x' OR /* /* */ x */ 1=1--`): read again so, when the value holds a comment
  // inside a comment. Like the joining below, left to ordinary values, whose comment marks the scan records.
  if (
    found === undefined &&
    (seen & SEEN_COMMENT_MARK) !== 0 &&
    value.length <= LONG_VALUE &&
    holdsNestedComment(value)
  ) {
    found = judgeDialect(Lexing.nestedComments, value, single, double, backslash);
  }
  // The dialects that lex comments and operators otherwise: see `judgeDialects`.
  if (found === undefined && (seen & (SEEN_COMMENT_MARK | SEEN_HASH)) !== 0 && value.length <= LONG_VALUE) {
    found = judgeDialects(value, seen, single, double, backslash);
  }
  if (found === undefined && (seen & SEEN_TYPOGRAPHIC) !== 0) {
    const folded = foldTypographicQuotes(value);
    found = inspect(folded, scan(folded), false, joinWords);
  }
  // Keywords split by empty comments (`UNI/**/ON SEL/**/ECT`), as a comment-stripping filter joins them. Once:
  // removing comments may form new ones (`/*/**/*/`), which a second round would not be bounded by. Like the
  // typographic folding, left to ordinary values: a long one would be copied and read whole once more.
  if (found === undefined && joinWords && (seen & SEEN_COMMENT_MARK) !== 0 && value.length <= LONG_VALUE) {
    const joined = joinSplitWords(value);
    if (joined !== value) found = inspect(joined, scan(joined), false, false);
  }
  return found;
}

/** True when a `/*` of `value` holds another `/*` before its first `*\/` (or has none): a comment that nests. */
function holdsNestedComment(value: string): boolean {
  for (let open = indexOf.call(value, '/*'); open !== -1; ) {
    const close = indexOf.call(value, '*/', open + 2);
    const inner = indexOf.call(value, '/*', open + 2);
    if (inner !== -1 && (close === -1 || inner < close)) return true;
    if (close === -1) return false;
    open = indexOf.call(value, '/*', close + 2);
  }
  return false;
}

/** True when a `--` of `value` is followed by punctuation: a comment everywhere but in MySQL. */
function holdsDashesBeforePunctuation(value: string): boolean {
  for (let at = indexOf.call(value, '--'); at !== -1; at = indexOf.call(value, '--', at + 2)) {
    // `---` too: MySQL reads the three as minus signs, the others as a comment. Not `-->` and `--!>`, which end
    // HTML comments by the hundred in markup, and no SQL but a comparison with a negation.
    const c = codeAt(value, at + 2);
    if (c === 0x2d ? codeAt(value, at + 3) !== 0x3e : c > 0x20 && c !== 0x3e && c !== 0x21 && !isWordChar(c))
      return true;
  }
  return false;
}

/**
 * The readings of an ordinary value lexed as a dialect lexes it where that differs from the readings above: MySQL's
 * `--` needs a space after it (`1--+1 UNION SELECT ...` is a comment to the others and a UNION to MySQL), when the
 * value holds a `--` before punctuation; PostgreSQL's `#` is XOR (`1#1 UNION SELECT ...`), and an executable
 * comment is code to MySQL and MariaDB only (`1 UNION/*M!x*\/SELECT ...` must not hide what the others run), when
 * the value holds a `#` between two operands or an executable comment. Apart from {@link inspect}, which every
 * value runs through.
 */
function judgeDialects(
  value: string,
  seen: number,
  single: boolean,
  double: boolean,
  backslash: boolean,
): string | undefined {
  const comments = (seen & SEEN_COMMENT_MARK) !== 0;
  let found: string | undefined;
  if (comments && holdsDashesBeforePunctuation(value)) {
    found = judgeDialect(DIALECT.mysql, value, single, double, backslash);
  }
  const hash = (seen & SEEN_HASH) !== 0 && holdsHashBetweenOperands(value);
  const executable = comments && holdsExecutableComment(value);
  if (found === undefined && (hash || executable)) {
    found = judgeDialect(DIALECT.postgresql, value, single, double, backslash);
  }
  if (found === undefined && executable) {
    found = judgeDialect(DIALECT.others, value, single, double, backslash);
  }
  return found;
}

/**
 * True when a `#` of `value` stands between two operands, spaces around it allowed: a value's end before it (a
 * digit, `)`, a quote or `$`: a hashtag or "issue #5" follows a word), and after it a number or `(`, a word, a
 * quote or `$` (`1#1`, `1 # (1)`, `1#id`, `1#'1'`).
 */
function holdsHashBetweenOperands(value: string): boolean {
  for (let at = indexOf.call(value, '#', 1); at !== -1; at = indexOf.call(value, '#', at + 1)) {
    let before = at - 1;
    while (before > 0 && codeAt(value, before) === 0x20 && at - before < MAX_HASH_SPACES) before--;
    let after = at + 1;
    while (codeAt(value, after) === 0x20 && after - at < MAX_HASH_SPACES) after++;
    const left = codeAt(value, before);
    const right = codeAt(value, after);
    // Between two quotes it is markup or prose (`href="#"`): PostgreSQL has no `#` of two strings either.
    if (endsValue(left) && isOperandEdge(right, 0x28) && !(isQuote(left) && isQuote(right))) return true;
  }
  return false;
}

/**
 * The unit at `at` of `value`, 0 past its end: `charCodeAt` answers NaN there, and a NaN passed to `isWordChar`
 * would make the compiler generalise it for every caller (the tokenizer's among them: 10% of the SQL detector's
 * throughput, measured).
 */
function codeAt(value: string, at: number): number {
  return at < value.length ? charCodeAt.call(value, at) : 0;
}

/** True when `c` ends a value an application puts in a query: a digit, `)`, a quote, `$`. */
function endsValue(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x29 || c === SINGLE_QUOTE || c === DOUBLE_QUOTE || c === 0x24;
}

function isQuote(c: number): boolean {
  return c === SINGLE_QUOTE || c === DOUBLE_QUOTE;
}

/** Spaces looked over on each side of a `#`. */
const MAX_HASH_SPACES = 8;

/** True when `c` ends (or begins, with `paren` an opening one) an operand: a word character, a quote, `$`, `paren`. */
function isOperandEdge(c: number, paren: number): boolean {
  return isWordChar(c) || c === paren || c === SINGLE_QUOTE || c === DOUBLE_QUOTE || c === 0x24;
}

/** True when `value` holds MySQL's `/*!` or MariaDB's `/*M!`. */
function holdsExecutableComment(value: string): boolean {
  const at = indexOf.call(value, '/*');
  return at !== -1 && (includes.call(value, '/*!', at) || includes.call(value, '/*M!', at));
}

/** The lexings of the dialects whose readings {@link judgeDialects} adds (see `string-scanner.ts`'s `Lexing`). */
const DIALECT = Object.freeze({
  mysql: Lexing.mysqlDashes,
  postgresql: Lexing.hashOperator | Lexing.plainComments | Lexing.nestedComments,
  /** SQLite, SQL Server, Oracle. */
  others: Lexing.plainComments,
});

/**
 * The readings as-is and after each quote the value holds, lexed as one dialect does: `--` as MySQL, `#` as
 * PostgreSQL, executable comments as every server but MySQL and MariaDB.
 */
function judgeDialect(
  lexing: number,
  value: string,
  single: boolean,
  double: boolean,
  backslash: boolean,
): string | undefined {
  tokens.lexing = lexing;
  try {
    let found = judgeSql(value, 0, false);
    if (found === undefined && single) found = judgeQuoted(value, SINGLE_QUOTE, backslash);
    if (found === undefined && double) found = judgeQuoted(value, DOUBLE_QUOTE, backslash);
    return found;
  } finally {
    tokens.lexing = 0;
  }
}

/** The readings after `quote`, without and (when the value holds a backslash) with MySQL's `\'` escapes. */
function judgeQuoted(value: string, quote: number, backslash: boolean): string | undefined {
  const found = judgeSql(value, quote, false);
  // Both readings see the same tokens up to the first backslash: when the first one decided before reaching it,
  // the second would decide the same.
  if (found !== undefined || !backslash) return found;
  if (find(searchTextOf(value), NEEDLES.backslash, 0) >= tokens.scannedTo) return found;
  return judgeSql(value, quote, true);
}

function isLetter(c: number): boolean {
  const lower = c | 0x20;
  return (lower >= 0x61 && lower <= 0x7a) || c >= 0x80;
}

/**
 * Decodes and inspects `value` again: `rounds` more times at most, while decoding changes it. `seen` is its
 * {@link scan}, `from` the {@link candidatesFrom} that scan left.
 */
function inspectDecoded(value: string, seen: number, from: number, rounds: number): string | undefined {
  const long = value.length > LONG_VALUE;
  const decoded = long
    ? normalizeLong(value, MAX_LONG_ESCAPES, undefined, (seen >>> HOLDS_SHIFT) & Holds.unknown, from)
    : normalizeOnce(value);
  // Whether a long value changed is the decoding's to say: comparing a mebibyte with its decoding costs a pass.
  if (long ? !longCut.changed : decoded === value) return undefined;
  // Where the decoding stopped, kept before any reading decodes a window of the rest (`unread.ts`).
  const { decodedLength, sourceFrom, plusAsSpace } = longCut;
  const cut = long && decodedLength >= 0;
  // What reading past the cut and searching the rest cost (a few nanoseconds per character, a fraction of a
  // microsecond per place that may decode to `(`) is not all charged to the budget: with a longer rest it would
  // take the value past its time. The value is `work-limit`, unread.
  if (cut && value.length - sourceFrom > MAX_REST) {
    noteUnread();
    return undefined;
  }
  if (cut) noteCutDecoding(decoded, decodedLength, value, sourceFrom);
  const decodedSeen = scan(decoded);
  const decodedFrom = candidatesFrom;
  const found =
    inspect(decoded, decodedSeen) ??
    (cut ? inspectPastCut(value, decoded, decodedLength, sourceFrom, plusAsSpace) : undefined);
  if (found !== undefined || rounds <= 1 || (decodedSeen & SEEN_DECODABLE) === 0) return found;
  return inspectDecoded(decoded, decodedSeen, decodedFrom, rounds - 1);
}

/**
 * The readings of a long value's decoding that begin past the point where its decoding stopped (`normalize.ts`):
 * a quoted reading whose quote is not in the decoded part is read from that quote's source on, decoded afresh, which
 * is exact, since such a reading holds nothing before its first quote but the literal it breaks out of (padding
 * inside it, `&amp;`... then `&#39; OR 1=1--`, is anything). A delay call, looked for anywhere in a value, is looked
 * for in the rest too (`delay-calls-past-cut.ts`). The readings of the decoded part that read past its end are
 * weighed by `unread.ts`.
 */
function inspectPastCut(
  value: string,
  decoded: string,
  decodedLength: number,
  sourceFrom: number,
  plusAsSpace: boolean,
): string | undefined {
  for (const quote of [SINGLE_QUOTE, DOUBLE_QUOTE]) {
    // Each reading below notes its own cut: the value's is noted again for the next quote.
    noteCutDecoding(decoded, decodedLength, value, sourceFrom);
    const from = quotedRestFrom(quote);
    if (from === -1) continue;
    const rest = normalizeLong(searchableSlice(value, from), MAX_LONG_ESCAPES, plusAsSpace);
    if (longCut.decodedLength >= 0)
      noteCutDecoding(rest, longCut.decodedLength, value, from + longCut.sourceFrom);
    const found = judgeQuoted(rest, quote, includes.call(searchTextOf(rest), '\\'));
    if (found !== undefined) return found;
  }
  noteCutDecoding(decoded, decodedLength, value, sourceFrom);
  let delay = delayCallAtCut(value, sourceFrom, slice.call(decoded, 0, decodedLength), plusAsSpace);
  const first = delay === PastCut.none ? firstRestTrigger() : -1;
  if (first !== -1) delay = delayCallPastCut(value, first, plusAsSpace);
  if (delay === PastCut.found) return 'time-delay';
  if (delay === PastCut.unsure) noteUnread();
  return undefined;
}

/**
 * Reads `value` (at least 2 characters) in every context and returns the fingerprint of the injection found, or
 * `undefined`. The whole value is read within the call's work budget.
 */
export function findInjection(value: string): string | undefined {
  startCall();
  // A value that starts like a fragment appended to a number or a literal (a digit, a quote, punctuation) is
  // read as-is at once: most injections show there, before the value has been scanned for what the other
  // readings need. One that starts with a letter is scanned first, since a word, a token or an identifier made
  // only of word characters and separators needs no reading at all.
  const asIsFirst = !isLetter(charCodeAt.call(value, 0));
  const found = asIsFirst ? judgeSql(value, 0, false) : undefined;
  return found ?? readAll(value, asIsFirst);
}

/**
 * True when `c` begins most fragments appended to a query and few plain values: an operator, a parenthesis, a
 * space (`-1 UNION`, `) OR (`, ` AND 1=1`, `+(SELECT`).
 */
function startsContinuation(c: number): boolean {
  return (
    c <= 0x20 ||
    c === 0x2d ||
    c === 0x2b ||
    c === 0x28 ||
    c === 0x29 ||
    c === 0x40 ||
    c === 0x3b ||
    c === 0x21 ||
    c === 0x3d ||
    c === 0x2c ||
    c === 0x2a
  );
}

/**
 * {@link findInjection} behind the benign screen (`screen.ts`), for values of at most {@link LONG_VALUE}: what the
 * detector calls. A value that starts like a continuation is read as-is before it is screened: few such values
 * are cleared by the screen, and most attacks among them are found by that reading, which then spares them the
 * screen. Since the screen is sound, a value it clears could not have been found by that reading either, so the
 * verdict is the same in either order.
 */
export function findScreened(value: string): string | undefined {
  const first = charCodeAt.call(value, 0);
  if (!startsContinuation(first)) return cannotBeSql(value) ? undefined : findInjection(value);
  startCall();
  const found = judgeSql(value, 0, false);
  if (found !== undefined || cannotBeSql(value)) return found;
  return readAll(value, true);
}

/**
 * Forgets every text a call kept (the value, its decodings, their shadows and slices, the answers of searches):
 * called when a call on a long value ends, so that none of its mebibytes outlives it.
 */
export function releaseCall(): void {
  tokens.release();
  forgetUnread();
}

/** Gives a call of the detector a fresh budget, and forgets what the last call left unread. */
function startCall(): void {
  tokens.startBudget();
  forgetUnread();
}

/** The readings after the first as-is one (which `asIsRead` says was done), then the decoded forms. */
function readAll(value: string, asIsRead: boolean): string | undefined {
  const seen = scan(value);
  const from = candidatesFrom;
  let found = inspect(value, seen, asIsRead);
  // Double encoding (`%2527`) survives one round; a second one costs the same and no more is applied.
  if (found === undefined && (seen & SEEN_DECODABLE) !== 0) {
    found = inspectDecoded(value, seen, from, value.length > LONG_VALUE ? 1 : ROUNDS);
  }
  // Readings that stopped short of their text's end (budget, cut decoding): `unread.ts`.
  return found ?? readUnread();
}

/** The fresh readings `unread.ts` asked for, each with its own budget; then its verdict on what is left. */
function readUnread(): string | undefined {
  for (let text = takeFreshReading(); text !== undefined; text = takeFreshReading()) {
    tokens.grantFresh();
    const found = judgeSql(text, 0, false);
    if (found !== undefined) return found;
  }
  return unreadMayHide() ? 'work-limit' : undefined;
}

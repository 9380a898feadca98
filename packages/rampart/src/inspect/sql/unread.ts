import * as characters from './characters.js';
import * as normalize from './normalize.js';
import * as search from './search.js';
import * as tokenRing from './token-ring.js';
import * as unreadSearch from './unread-search.js';
import * as unreadSources from './unread-sources.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const { isDigit, isWordChar } = characters;
const { longCut, normalizeLong } = normalize;
const { searchableSlice } = search;
const { READ_LITERAL, READ_TRIGGER } = tokenRing;
const { firstEncodedTrigger, firstTrigger, forgetSearches } = unreadSearch;
const { firstQuoteSource, forgetSourceSearch, holdsNewlineSource, isReferenceChar } = unreadSources;

// Called as `charCodeAt.call(value, i)`, never as methods of the value: see `characters.ts`.
const charCodeAt = String.prototype.charCodeAt;
const indexOf = String.prototype.indexOf;

/**
 * What the readings of a value did not reach, and whether it may hide an injection.
 *
 * A reading stops when its work budget runs out (`token-ring.ts`), and the decoding of a long value stops after so
 * many escapes (`normalize.ts`). Padding that parses as SQL but decides nothing (`1+1+...`, `(1)+(1)+...`,
 * `1,2,3,...`) would then hide whatever follows it: `"1+".repeat(5000) + "1 UNION SELECT password FROM users--"`
 * read as clean while the reading had only seen numbers. So a reading that stops short of its text's end proves
 * nothing, and this file decides instead, from what the reading read (its tokens say) and what it did not (native
 * searches, `unread-search.ts`, for the triggers of the benign screen, `screen.ts`: a comment mark, `||`, `&&`, `|`,
 * `@@`, `\`, a word of the lexicon, and for a reading after a quote, a quote):
 * - the reading read a trigger: `work-limit`. What it left open (an `OR` waiting for its comparison in
 *   `1 OR 1+1+...+1=1`, a broken-out literal) may be completed by what it did not read, and nothing short of reading
 *   the padding tells;
 * - it read none, and the rest holds none: clean. No reading can report anything without one: the screen's
 *   argument, and a list of numbers or a formula of names and operators is only long;
 * - it read none, and the rest holds one: the rest is read afresh, with a budget of its own, from a few tokens
 *   before its first trigger. What the padding before it left is only nesting and the place of an operand, which
 *   the few tokens restore; so the fresh reading's verdict is the reading's: a signal is reported, a failure
 *   (`abc-or-def` in base64url, where `OR` cannot follow `-`) clears the value, and a fresh reading that stops
 *   short in turn is `work-limit`.
 * A reading after a quote always read a trigger, its broken-out literal; the reading that can start afresh exactly
 * is the one after a quote whose quote the decoding did not reach: `readings.ts` reads it from that quote's source.
 *
 * What this costs benign values: lists of numbers or quoted ids, base64 and base64url, hex, CSV, long formulas
 * stay clean; a value that parses as SQL for thousands of tokens after a SQL word, a comment or a quote
 * (`=IF(A1,A1+A2+...)`, one line of thousands of quoted strings read after a quote) is reported. The searches
 * are native passes, about a millisecond per mebibyte, made only for a text a reading did not finish.
 */

/** How many characters of padding before the first trigger a fresh reading reads, to restore its context. */
const CONTEXT = 48;
/** At most this many fresh readings per call: one per reading that stopped short, and the as-is one is first. */
const MAX_FRESH = 4;
/** Set once a reading of the current call stopped short on a text that may hide SQL. */
let hidden = false;
/**
 * The texts to read afresh, and for each the decoding cut it holds: how many of its characters are decoded (-1: all)
 * and where the undecoded rest of the value begins. How many were asked for in this call.
 */
const freshTexts: string[] = [];
const freshCuts: number[] = [];
const freshRests: number[] = [];
const freshProbes: boolean[] = [];
/**
 * The text each fresh text is a suffix of (the reading's text it was sliced from, or that text's own base), and the
 * base of the reading under way: the searches of what a fresh reading left unread run on the base, where the
 * readings of one call share the answer of one search (`unread-search.ts` remembers the last), instead of
 * searching each suffix afresh (a 1 MiB rest searched by several probes took 12 ms).
 */
const freshBases: string[] = [];
let readingBase = '';
let readingText = '';
let freshAsked = 0;
/** Probes asked for in this call, and whether the fresh reading under way is one (see {@link weighReading}). */
let probesAsked = 0;
let probing = false;
/** The decoded text whose decoding stopped early, how much of it was decoded, and the rest of its source. */
let cutText = '';
let cutLength = 0;
let cutSource = '';
let cutFrom = 0;
let cutPlusAsSpace = false;

/**
 * The first trigger of the undecoded rest of the cut decoding noted last (for a reading after a quote, which also
 * stands for the as-is one's: it is found no later), searched once per rest: every search `readings.ts` makes of
 * the rest (quotes, parentheses) finds nothing before it, which is what lets them start there.
 */
let restSource = '';
let restFrom = 0;
let restTrigger = -1;

/** {@link restTrigger}, searched for when the rest is not the one searched last. */
export function firstRestTrigger(): number {
  if (restSource !== cutSource || restFrom !== cutFrom) {
    restSource = cutSource;
    restFrom = cutFrom;
    restTrigger = firstEncodedTrigger(cutSource, cutFrom, true);
  }
  return restTrigger;
}

/**
 * Empties `array`. Setting the length of an array is a call into the runtime even when it is empty already, and
 * every call of the detector starts by forgetting: the five arrays below cost a tenth of the time of a short value.
 */
function empty(array: unknown[]): void {
  if (array.length !== 0) array.length = 0;
}

/** Starts a call of the detector: nothing is hidden yet, and no text of a former call is kept. */
export function forgetUnread(): void {
  hidden = false;
  empty(freshTexts);
  empty(freshCuts);
  empty(freshRests);
  empty(freshProbes);
  empty(freshBases);
  readingBase = '';
  readingText = '';
  freshAsked = 0;
  probesAsked = 0;
  probing = false;
  cutText = '';
  cutSource = '';
  restSource = '';
  forgetSearches();
  forgetSourceSearch();
}

/**
 * Notes that `text`, a decoding of `source` (by `normalizeLong`, whose {@link longCut} says the rest), holds only
 * `decodedLength` decoded characters, and `source` from `sourceFrom` on was not decoded: a reading of `text` that
 * reads past them has read text that is not what the value decodes to.
 */
export function noteCutDecoding(
  text: string,
  decodedLength: number,
  source: string,
  sourceFrom: number,
): void {
  cutText = text;
  cutLength = decodedLength;
  cutSource = source;
  cutFrom = sourceFrom;
  cutPlusAsSpace = longCut.plusAsSpace;
}

/** How a reading ended, as {@link weighReading} needs it. */
export interface ReadingEnd {
  /** Read after a quote, rather than as-is. */
  readonly quoted: boolean;
  /** Stopped because its budget ran out. */
  readonly exhausted: boolean;
  /** Where it stopped reading: where the budget ran out, or how far it read. */
  readonly stoppedAt: number;
  /** Where its last token begins when that is a literal or a comment running to the end of the text; -1 if not. */
  readonly openEnd: number;
  /** Whether that token is a comment: a reading after a quote starts with the literal, whatever its first character. */
  readonly openComment: boolean;
  /** What it read that may make SQL: `READ_TRIGGER` and `READ_LITERAL` bits (`token-ring.ts`). */
  readonly triggers: number;
}

/**
 * True when a reading of the cut text that read past its decoded part ended in a literal or a line comment that
 * nothing in the undecoded rest can close: on the whole decoding it would run to the end all the same, and the
 * reading's verdict stands (`["'\`-->` in a long encoded page opens both).
 */
function endsUnclosable(text: string, openEnd: number, comment: boolean): boolean {
  if (openEnd < 0) return false;
  if (comment) {
    const c = charCodeAt.call(text, openEnd);
    if (c === 0x2f) return false;
    // A `#` after `&` in the undecoded rest begins a character reference, not a comment: decoded, the text goes on
    // (`x'` and thousands of `&#32;`, then ` OR 1=1--`).
    if (c === 0x23 && openEnd >= cutLength && charCodeAt.call(text, openEnd - 1) === 0x26) return false;
    return !holdsNewlineSource(cutSource, cutFrom);
  }
  // A literal, whatever its first character (after a quote, `#x''...` is the literal, not a comment).
  // Every place that may decode to a quote is a trigger of the rest: none comes before the first.
  const first = firstRestTrigger();
  return (
    first === -1 ||
    (firstQuoteSource(cutSource, first, 0x27) === -1 && firstQuoteSource(cutSource, first, 0x22) === -1)
  );
}

/**
 * Weighs a reading of `text` that found nothing: when it stopped short of what `text` stands for (its budget ran
 * out, or it read past the decoded part of a cut decoding), decides as the file's comment says, setting
 * {@link unreadMayHide} or asking for a fresh reading ({@link takeFreshReading}).
 */
export function weighReading(text: string, end: ReadingEnd): void {
  if (hidden) return;
  const { stoppedAt } = end;
  const cut = text === cutText && cutText !== '';
  if (
    !end.exhausted &&
    !(cut && stoppedAt > cutLength && !endsUnclosable(text, end.openEnd, end.openComment))
  )
    return;
  const read = (end.triggers & READ_TRIGGER) !== 0 || (end.quoted && (end.triggers & READ_LITERAL) !== 0);
  // A fresh reading that stopped short having read nothing that may make SQL (a name that is also a function's,
  // in base64url) leaves the rest to the next one, as the first reading did. A probe that stops short asks for
  // probes of what it left, and never hides anything.
  if (probing) {
    askFromTrigger(text, stoppedAt, cut, true);
    return;
  }
  if (read || freshAsked >= MAX_FRESH) {
    hidden = true;
    return;
  }
  askFromTrigger(text, stoppedAt, cut, false);
}

/**
 * Asks for a fresh reading of `text` from just before its first trigger past `stoppedAt` (or of the cut decoding's
 * rest), a probe when `probe`; and probes from the last few characters before the trigger that open a literal, a
 * quoted name or a comment. The trigger may be inside one (`1+1+...+1+'a union' UNION SELECT ...`), where the
 * reading from the word takes the literal's closing quote for an opening one and the payload for its content;
 * which opening holds it (`"it's a union"`) is not worked out, each of the last {@link MAX_OPENINGS} is read. A
 * probe's findings are reported, but it clears nothing and hides nothing: from a quote, a long list of numbers and
 * quoted prose would run it out.
 */
function askFromTrigger(text: string, stoppedAt: number, cut: boolean, probe: boolean): void {
  const limit = cut ? cutLength : text.length;
  // Searched on the base the text is a suffix of, at the same place (see {@link freshBases}).
  const base = text === readingText ? readingBase : text;
  const offset = base.length - text.length;
  const found = stoppedAt < limit ? firstTrigger(base, offset + stoppedAt, false) : -1;
  const at = found === -1 ? -1 : found - offset;
  if (at === -1 || at >= limit) {
    if (cut && !probe) askFreshInRest();
    return;
  }
  const from = freshStart(text, stoppedAt, at);
  if (!probe) askFresh(searchableSlice(text, from), cut ? cutLength - from : -1, cutFrom, false, base);
  else if (probesAsked < MAX_PROBES) askProbe(text, from, cut, base);
  // A word glued to a number is found at the break before the number: `'15union` at its quote, which a reading
  // from there takes for a literal's. A probe reads from the number too.
  if (opensBeforeNumber(text, at) && probesAsked < MAX_PROBES) askProbe(text, at + 1, cut, base);
  const floor = Math.max(stoppedAt, at - OPENING_REACH);
  let before = Math.min(from, at);
  for (let n = 0; n < MAX_OPENINGS && probesAsked < MAX_PROBES; n++) {
    const opening = lastOpening(text, floor, before);
    if (opening === -1) break;
    askProbe(text, opening, cut, base);
    before = opening;
  }
}

function askProbe(text: string, from: number, cut: boolean, base: string): void {
  probesAsked++;
  askFresh(searchableSlice(text, from), cut ? cutLength - from : -1, cutFrom, true, base);
}

/** How far before a trigger the openings a probe may start at are looked for, and how many. */
const OPENING_REACH = 4096;
const MAX_OPENINGS = 3;
/** At most this many probes per call. */
const MAX_PROBES = 12;

/**
 * Where a fresh reading of `text` from just before the trigger at `at` begins: at the start of the run of word
 * characters that holds `at` (a word is read whole, as the tokenizer reads it: `abc1union` is no keyword), and up to
 * {@link CONTEXT} characters before, from a break between tokens, unless those hold what would open a literal, a
 * name or a comment before the trigger. Never before `stoppedAt`, where the reading stopped.
 */
function freshStart(text: string, stoppedAt: number, at: number): number {
  let start = at;
  while (start > stoppedAt && at - start < 64 && isWordChar(charCodeAt.call(text, start - 1))) start--;
  let from = Math.max(stoppedAt, start - CONTEXT);
  while (from < start && isWordChar(charCodeAt.call(text, from - 1))) from++;
  for (let i = from; i < start; i++) if (opensAt(text, i)) return start;
  return from;
}

/** True when `text[i]` opens a literal, a quoted name or a comment: a quote, a backquote, `[`, `$`, `#`, `/`, `--`. */
function opensAt(text: string, i: number): boolean {
  const c = charCodeAt.call(text, i);
  return (
    c === 0x27 ||
    c === 0x22 ||
    c === 0x60 ||
    c === 0x5b ||
    c === 0x24 ||
    c === 0x23 ||
    c === 0x2f ||
    (c === 0x2d && charCodeAt.call(text, i + 1) === 0x2d)
  );
}

/**
 * True when `text[at]` {@link opensAt} and a number follows it (a digit or `.`). Not a word: a reading from inside
 * a literal that holds a statement (`,"Delete account"` after a list of numbers) reports what the literal says,
 * where the reading from its quote, as a literal, rightly finds nothing.
 */
function opensBeforeNumber(text: string, at: number): boolean {
  if (at + 1 >= text.length || !opensAt(text, at)) return false;
  const next = charCodeAt.call(text, at + 1);
  return isDigit(next) || next === 0x2e;
}

/** The offset of the last character in `text[from, to)` that {@link opensAt}, or -1. */
function lastOpening(text: string, from: number, to: number): number {
  for (let i = to - 1; i >= from; i--) if (opensAt(text, i)) return i;
  return -1;
}

/**
 * A cut decoding whose decoded part holds no trigger past where a reading stopped: its undecoded rest is searched,
 * and decoded afresh from just before the first trigger it may hold, to be read afresh.
 */
function askFreshInRest(): void {
  const at = firstRestTrigger();
  if (at === -1) return;
  const from = escapeBoundary(cutSource, Math.max(cutFrom, at - CONTEXT), at);
  const window = normalizeLong(searchableSlice(cutSource, from), MAX_WINDOW_ESCAPES, cutPlusAsSpace);
  askFresh(window, longCut.decodedLength, from + longCut.sourceFrom);
}

/**
 * The first offset from `from` (and not past `limit`) that cannot be inside an escape or a reference: one that
 * starts one, or any character but a letter, a digit, `#` and `;`. A window decoded from the middle of `%20`
 * would begin with `20`, a number that a payload after it does not follow (`20 1 UNION SELECT` parses as nothing).
 */
function escapeBoundary(value: string, from: number, limit: number): number {
  for (let at = from; at < limit; at++) {
    const c = charCodeAt.call(value, at);
    if (!isReferenceChar(c) && c !== 0x3b) return at;
  }
  return limit;
}

/** Escapes decoded for a window of a cut decoding's rest: as many as for the value's own decoding. */
const MAX_WINDOW_ESCAPES = 4096;

function askFresh(text: string, cut: number, restFrom: number, probe = false, base = text): void {
  if (!probe) freshAsked++;
  freshTexts.push(text);
  freshCuts.push(cut);
  freshRests.push(restFrom);
  freshProbes.push(probe);
  freshBases.push(base);
}

/** The next text to read afresh, as-is, with its own budget (`readings.ts` reads it), or `undefined`. */
export function takeFreshReading(): string | undefined {
  const text = freshTexts.pop();
  if (text === undefined) return undefined;
  const cut = freshCuts.pop() as number;
  const restFrom = freshRests.pop() as number;
  probing = freshProbes.pop() === true;
  readingBase = freshBases.pop() as string;
  readingText = text;
  // A slice of a cut text keeps that text's cut; a window of its undecoded rest may be cut in turn.
  if (cut >= 0) noteCutDecoding(text, cut, cutSource, restFrom);
  return text;
}

/**
 * The offset of the value from which a quoted reading of its full decoding must be read, when the cut decoding
 * noted last holds no `quote` in its decoded part: a few characters before the first place that may decode to one
 * in the undecoded rest, so that a backslash before it (`\'`, `%5C%27`, which MySQL reads as an escaped quote) is
 * read with it; what else they hold is inside the literal the reading breaks out of. -1 when the decoded part holds
 * one (its quoted reading is the one of the cut text) or the rest cannot make one.
 */
export function quotedRestFrom(quote: number): number {
  const at = indexOf.call(cutText, String.fromCharCode(quote));
  if (at !== -1 && at < cutLength) return -1;
  // Every place that may decode to a quote is a trigger of the rest: none comes before the first.
  const first = firstRestTrigger();
  const source = first === -1 ? -1 : firstQuoteSource(cutSource, first, quote);
  return source === -1 ? -1 : Math.max(cutFrom, source - 4);
}

/** Notes that a part of the value no reading reached may hide what no search could rule out: `work-limit`. */
export function noteUnread(): void {
  hidden = true;
}

/** True when a reading of this call stopped short of a text that may hide SQL: the value is `work-limit`. */
export function unreadMayHide(): boolean {
  return hidden;
}

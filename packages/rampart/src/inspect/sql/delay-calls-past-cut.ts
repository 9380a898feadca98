import * as characters from './characters.js';
import * as delayCalls from './delay-calls.js';
import * as escapes from './escapes.js';
import * as functions from './functions.js';
import * as lexicon from './lexicon.js';
import * as normalize from './normalize.js';
import * as references from './references.js';
import * as unreadSources from './unread-sources.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const { isHexDigit, isWordChar } = characters;
const { hasDelayCall, isBlank, MAX_NAME } = delayCalls;
const { escapedByte, fold, jsEscape, unicodeEscape } = escapes;
const { decodeReference, reference } = references;
const { FunctionKind } = functions;
const { DELAY_NAMES, functionKindAt } = lexicon;
const { normalizeLong } = normalize;
const { firstOpenSource, nextOpenSource, openSourceStart, referenceStart, sourceStart } = unreadSources;

// Called as `slice.call(value, ...)`, never as methods of the value: see `characters.ts`.
const charCodeAt = String.prototype.charCodeAt;
const indexOf = String.prototype.indexOf;
const slice = String.prototype.slice;

/**
 * Delay calls in the part of a long value that its decoding did not reach. `normalizeLong` stops after a few
 * thousand escapes, and a delay call is looked for anywhere in a value, not where a reading stands: so
 * `x%20` five thousand times, then `%53LEEP%285%29`, used to pass, its call neither in the raw value (which holds
 * no `(`) nor in the decoded part. Every call has a `(`: each place of the undecoded rest that may decode to one
 * is found by a native search (`unread-sources.ts`), and a window around it is decoded and searched as the decoded
 * value would be.
 */

/** What {@link delayCallPastCut} found. */
export const PastCut = Object.freeze({ none: 0, found: 1, unsure: 2 });

/** The source before a `(` decoded with it: a name, the blanks before the `(`, and the escapes they may be. */
const WINDOW_BEFORE = 160;
/** The source after it: blanks, the number and what follows it. */
const WINDOW_AFTER = 64;
/**
 * At most this many places that may decode to `(` are looked at per value: past them, the rest is not cleared. URL-
 * encoded code holds about 20 000 in a mebibyte; each costs a few hundred nanoseconds of script, so this bounds the
 * time (about 13 ms), not yet within the 5 ms target for values made of little else (`a&#40;b` repeated).
 */
const MAX_OPEN_SOURCES = 65_536;
/** At most this many windows per value: past them, the rest is not cleared. */
const MAX_WINDOWS = 256;
/** A window is decoded whole: it is short. */
const WINDOW_ESCAPES = 1 << 16;

function isArgumentChar(c: number): boolean {
  return isBlank(c) || (c >= 0x30 && c <= 0x39) || c === 0x2e;
}

/**
 * True when a `(` of the decoded window has nothing but blanks between it and an edge of the window that is not an
 * edge of the value, or a number running to that edge: a name further away than the window reaches, or the end of
 * the number, may be hidden there.
 */
function blanksToEdge(window: string, startsValue: boolean, endsValue: boolean): boolean {
  // The first characters may be an escape cut in the middle: they count as the edge.
  const edge = startsValue ? 0 : 8;
  for (let open = indexOf.call(window, '('); open !== -1; open = indexOf.call(window, '(', open + 1)) {
    let before = open;
    while (before > edge && isBlank(charCodeAt.call(window, before - 1))) before--;
    // A `(` at the very edge, with no blanks before it, is not the one the window was decoded for.
    if (before <= edge && before < open && !startsValue) return true;
    // Blanks or a number that run to the end: the `)` or operator after them may be past it.
    let after = open + 1;
    while (after < window.length && isArgumentChar(charCodeAt.call(window, after))) after++;
    if (after === window.length && after > open + 1 && !endsValue) return true;
  }
  return false;
}

/**
 * True when what precedes the `(` whose source begins at `start` reads as it is: blanks (raw, `+`, `%20`, `%09`...),
 * then a run of word characters (or none) with no escape, reference, NUL or fullwidth form in it, after a break that
 * decodes to no word character (`%20`, `%2C`, a space...). Decoding then leaves the name as it is, so the lexicon
 * says at once whether it names a delay function, and most parentheses of a long value (`f(x)`, `text%20(see`,
 * `テスト（`) cost no window: a window each would cost a decoding, and too many of them the value's clearance.
 */
function namesNoDelay(value: string, start: number): boolean {
  let end = start;
  while (end > 0 && start - end < MAX_BLANKS) {
    const c = charCodeAt.call(value, end - 1);
    if (isBlank(c) || c === 0x2b) end--;
    else if (end >= 3 && isEncodedBlank(value, end - 3)) end -= 3;
    else break;
  }
  let begin = end;
  while (begin > 0 && end - begin <= MAX_NAME + 2 && isWordChar(charCodeAt.call(value, begin - 1))) {
    const c = charCodeAt.call(value, begin - 1);
    if (c >= 0xff01 && c <= 0xff5e) return !mayEndDelayName(value, end);
    begin--;
  }
  let before = begin > 0 ? charCodeAt.call(value, begin - 1) : 0x20;
  // A `%XX` escape before the run: the run's first two characters are its digits, and it is a break when it
  // decodes to no word character.
  if (before === 0x25) {
    const byte = escapedByte(value, begin - 1);
    if (byte < 0 || byte >= 0x80 || isWordChar(byte)) return !mayEndDelayName(value, end);
    begin += 2;
    before = 0x20;
  }
  if (
    before === 0x26 ||
    before === 0x3b ||
    before === 0x5c ||
    before === 0 ||
    (before >= 0xff01 && before <= 0xff5e)
  ) {
    return !mayEndDelayName(value, end);
  }
  // A longer run is an identifier to `hasDelayCall`, whatever it ends with.
  return end - begin > MAX_NAME || begin >= end || functionKindAt(value, begin, end) !== FunctionKind.delay;
}

/** The unit {@link sourceBefore} decoded: a UTF-16 unit, or -1 for a NUL, which decoding removes. */
let unitBefore = 0;

/**
 * Decodes the character whose source ends at `at` (exclusive), reading backwards: a `%XX`, `%uXXXX`, `\\xHH` or
 * `\\uHHHH` escape ending there, a reference ending there, a fullwidth form, or the character itself. Sets
 * {@link unitBefore} and returns where the source begins, or -1 when it cannot say (a byte of a UTF-8 sequence).
 */
function sourceBefore(value: string, at: number): number {
  const c = charCodeAt.call(value, at - 1);
  if (c === 0x3b || isHexDigit(c)) {
    const ampersand = referenceStart(value, at - 1, 0);
    if (ampersand !== -1 && decodeReference(value, ampersand) === at) {
      unitBefore = reference.value;
      return ampersand;
    }
  }
  if (isHexDigit(c)) {
    const lead = at >= 6 ? charCodeAt.call(value, at - 6) : 0;
    if ((lead === 0x25 || lead === 0x5c) && (charCodeAt.call(value, at - 5) | 0x20) === 0x75) {
      const unit = unicodeEscape(value, at - 4);
      if (unit >= 0) {
        unitBefore = fold(unit);
        return at - 6;
      }
    }
    if (at >= 4 && charCodeAt.call(value, at - 4) === 0x5c) {
      const unit = jsEscape(value, at - 4);
      if (unit >= 0 && (charCodeAt.call(value, at - 3) | 0x20) === 0x78) {
        unitBefore = fold(unit);
        return at - 4;
      }
    }
    if (at >= 3) {
      const byte = escapedByte(value, at - 3);
      if (byte >= 0x80) return -1;
      if (byte >= 0) {
        unitBefore = byte === 0 ? -1 : byte;
        return at - 3;
      }
    }
  }
  unitBefore = c === 0 ? -1 : fold(c);
  return at - 1;
}

/**
 * Every end of a delay function's name (`p`, `ep`, `eep`... `sleep`), looked up once per character a name is decoded
 * backwards: a mebibyte may hold a hundred thousand names to decode, and a search of {@link DELAY_NAMES} for each
 * character of each costs a closure call per name.
 */
const DELAY_NAME_ENDS: ReadonlySet<string> = new Set(
  DELAY_NAMES.flatMap((name) => Array.from(name, (_, start) => name.slice(start))),
);

/**
 * False when the name that decoding makes of what ends at `end` (blanks before a `(` already skipped) cannot be a
 * delay function's: it is decoded backwards a character at a time, and given up as soon as no name ends so. True
 * when it may be, or when a character cannot be decoded backwards: a window then decides.
 */
function mayEndDelayName(value: string, end: number): boolean {
  let name = '';
  let at = end;
  let steps = 0;
  for (; at > 0; steps++) {
    // A mebibyte of encoded blanks before a `(` is not decoded backwards: a window decides.
    if (steps >= MAX_BLANKS) return true;
    const start = sourceBefore(value, at);
    if (start === -1) return true;
    at = start;
    const c = unitBefore;
    if (c === -1) continue;
    if (!isWordChar(c)) {
      // Encoded blanks between the name and the `(`.
      if (name === '' && isBlank(c)) continue;
      break;
    }
    name = String.fromCharCode(c >= 0x41 && c <= 0x5a ? c | 0x20 : c) + name;
    if (name.length > MAX_NAME || !DELAY_NAME_ENDS.has(name)) return false;
  }
  return DELAY_NAMES.includes(name);
}

/** True when a `%XX` escape of a blank (a space, a tab, a line break) begins at `at`. */
function isEncodedBlank(value: string, at: number): boolean {
  if (charCodeAt.call(value, at) !== 0x25) return false;
  const byte = escapedByte(value, at);
  return byte === 0x20 || (byte >= 0x09 && byte <= 0x0d);
}

/**
 * Decodes the window of `value` from `start` to `end` and looks for a delay call in it: {@link PastCut}.
 */
function judgeWindow(value: string, start: number, end: number, plusAsSpace: boolean): number {
  const from = Math.max(0, start);
  const to = Math.min(value.length, end);
  const window = normalizeLong(slice.call(value, from, to), WINDOW_ESCAPES, plusAsSpace);
  if (hasDelayCall(window)) return PastCut.found;
  return blanksToEdge(window, from === 0, to === value.length) ? PastCut.unsure : PastCut.none;
}

/**
 * Looks for a delay call in `value` from `from` on, an offset of the undecoded rest of its decoding before which
 * none of the rest's calls can begin (its first trigger: a name is a word or holds an escaped letter). `plusAsSpace`
 * is the value's own. Returns {@link PastCut}: `found`, `none`, or `unsure` when more places may decode to `(` than
 * it reads, or when blanks reach past a window (the caller then does not clear the value).
 */
export function delayCallPastCut(value: string, from: number, plusAsSpace: boolean): number {
  let windows = 0;
  let seen = 0;
  for (let at = firstOpenSource(value, from); at !== -1; at = nextOpenSource(value, at + 1)) {
    // Each costs a few hundred nanoseconds of script: a hundred thousand of them would cost the time bound.
    if (++seen > MAX_OPEN_SOURCES) return PastCut.unsure;
    const exact = openSourceStart(value, at);
    if (exact !== -1 && namesNoDelay(value, exact)) continue;
    const start = exact !== -1 ? exact : sourceStart(value, at, 0);
    if (++windows > MAX_WINDOWS) return PastCut.unsure;
    const result = judgeWindow(value, start - WINDOW_BEFORE, at + WINDOW_AFTER, plusAsSpace);
    if (result !== PastCut.none) return result;
  }
  return PastCut.none;
}

/**
 * What may decode to blanks, read from the cut on: the call that straddles it has only blanks between its decoded
 * name and the `(` past the cut. A superset (`+` counts whether or not the value is form-encoded).
 */
const BLANK_SOURCES =
  /(?:[\0\t-\r +\u3000]|%(?:0[09a-d]|20|e3%80%80)|&(?:nbsp|Tab|NewLine);|&#0*(?:9|1[0-3]|32);?|&#x0*(?:[9a-d]|20);?|\\x(?:0[9a-d]|20)|[%\\]u(?:00(?:0[9a-d]|20)|3000))*/iy;

/**
 * Looks for a delay call that straddles the point `cut` of `value` where its decoding stopped: its name, `(` or
 * number decoded (`decodedPart` ends with a word character, a `(` or a `.` before blanks), the rest not. One window
 * around the cut is decoded, as far past it as blanks run. Returns {@link PastCut}.
 */
export function delayCallAtCut(
  value: string,
  cut: number,
  decodedPart: string,
  plusAsSpace: boolean,
): number {
  const trimmed = decodedPart.trimEnd();
  const c = charCodeAt.call(trimmed, trimmed.length - 1);
  if (trimmed.length === 0 || !(isWordChar(c) || c === 0x28 || c === 0x2e)) return PastCut.none;
  BLANK_SOURCES.lastIndex = cut;
  BLANK_SOURCES.test(value);
  const blanksEnd = BLANK_SOURCES.lastIndex;
  BLANK_SOURCES.lastIndex = 0;
  // A mebibyte of blanks after a name is not decoded: the value is not cleared.
  if (blanksEnd - cut > MAX_BLANKS) return PastCut.unsure;
  return judgeWindow(value, cut - WINDOW_BEFORE, blanksEnd + WINDOW_AFTER, plusAsSpace);
}

/** The most source characters of blanks after the cut that {@link delayCallAtCut} decodes. */
const MAX_BLANKS = 4096;

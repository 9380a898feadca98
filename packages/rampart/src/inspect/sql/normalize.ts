/**
 * One fused, linear decoding pass for the SQL detector: `%XX` (UTF-8 sequences included) and `%uXXXX`, HTML
 * character references, JavaScript escapes (`\x27`, `\u0027`), fullwidth forms and NUL. A short value is decoded
 * unit by unit, once a native scan has found something to decode; a long one by runs of escapes written into a
 * reused buffer, the text between them copied by slices. The shared decoders in `../decode.ts` build their output
 * by string concatenation, which costs 10-60 ms on a 1 MiB value of escapes; this pass stays under a few
 * milliseconds, which the per-value budget needs.
 */

import * as characters from './characters.js';
import * as escapes from './escapes.js';
import * as references from './references.js';
import * as search from './search.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const { isWordChar } = characters;
const { escapedByte, fold, jsEscape, unicodeEscape } = escapes;
const { decodeReference, reference } = references;
const {
  firstDecodableWide,
  holdsWide,
  isShadowed,
  noteSearchText,
  searchTextOf,
  shadowCode,
  shadowKind,
  WideKinds,
  wideKinds,
} = search;

// Called as `charCodeAt.call(value, i)`, never as methods of the value: see `characters.ts`.
const charCodeAt = String.prototype.charCodeAt;
const exec = RegExp.prototype.exec;
const indexOf = String.prototype.indexOf;
const slice = String.prototype.slice;

let buffer = new Uint16Array(256);

/** True when `c` may start something one decoding pass changes (`%`, `&`, `\\`, NUL, fullwidth forms). */
export function isDecodable(c: number): boolean {
  return c === 0x25 || c === 0x26 || c === 0x5c || c === 0 || c === 0x3000 || (c >= 0xff01 && c <= 0xff5e);
}

/** True for the typographic quotes and primes (U+2018/2019/201C/201D/2032/2033). */
export function isTypographicQuote(c: number): boolean {
  return c === 0x2018 || c === 0x2019 || c === 0x201c || c === 0x201d || c === 0x2032 || c === 0x2033;
}

/**
 * Replaces typographic quotes and primes with ASCII quotes, as SQL Server's best-fit conversion to a code page
 * does (`‘` and `′` become `'`, `“` and `″` become `"`): a query built in such a column type sees real quotes.
 */
export function foldTypographicQuotes(value: string): string {
  return value.replace(/[\u2018\u2019\u2032]/g, "'").replace(/[\u201c\u201d\u2033]/g, '"');
}

/**
 * Removes the empty comments (`/**\/`) from `value` when at least one splits a word (`UNI/**\/ON`), as a filter that
 * strips comments before the value reaches the query does: `UNI/**\/ON SEL/**\/ECT` becomes `UNION SELECT`. To the
 * database itself an empty comment separates tokens like a space, and the readings of the value as it is cover
 * that. Returns `value` itself when no empty comment sits between two word characters. Native scans only.
 * @example joinSplitWords('1 uni/**\/on sel/**\/ect 1') === '1 union select 1'
 */
export function joinSplitWords(value: string): string {
  for (let at = indexOf.call(value, '/**/'); at !== -1; at = indexOf.call(value, '/**/', at + 4)) {
    if (
      at > 0 &&
      at + 4 < value.length &&
      isWordChar(charCodeAt.call(value, at - 1)) &&
      isWordChar(charCodeAt.call(value, at + 4))
    )
      return value.replaceAll('/**/', '');
  }
  return value;
}

let unitA = 0;
let unitB = 0;
/** How many units {@link decodeAt} produced (in {@link unitA}, {@link unitB}): 0, 1 or 2. */
let units = 0;

/**
 * Decodes what starts at `i` (a character for which {@link isDecodable} holds, or `+`) into {@link unitA} and
 * {@link unitB}; returns the offset after it, or -1 when nothing there decodes.
 */
function decodeAt(value: string, i: number, plusAsSpace: boolean): number {
  const c = charCodeAt.call(value, i);
  units = 1;
  if (c === 0x25) {
    const byte = escapedByte(value, i);
    if (byte >= 0) return decodeUtf8(value, i, byte);
    if ((charCodeAt.call(value, i + 1) | 0x20) !== 0x75) return -1;
    const unit = unicodeEscape(value, i + 2);
    if (unit < 0) return -1;
    unitA = fold(unit);
    return i + 6;
  }
  if (c === 0x26) {
    const end = decodeReference(value, i);
    unitA = reference.value;
    return end > i ? end : -1;
  }
  if (c === 0x5c) {
    // `\x27`, `\u0027`: JavaScript and JSON escapes, which a template or a JSON layer may decode again.
    const unit = jsEscape(value, i);
    if (unit < 0) return -1;
    unitA = fold(unit);
    return (charCodeAt.call(value, i + 1) | 0x20) === 0x78 ? i + 4 : i + 6;
  }
  if (c === 0) {
    units = 0;
    return i + 1;
  }
  if (c === 0x2b) {
    unitA = 0x20;
    return plusAsSpace ? i + 1 : -1;
  }
  unitA = fold(c);
  return unitA !== c ? i + 1 : -1;
}

/**
 * What any decoding below can change, to a native scan: a valid `%XX` or `%uXXXX` (`+` only counts beside one),
 * the start of an HTML reference, `\xHH` or `\uHHHH`, NUL, fullwidth forms. A value without any decodes to
 * itself, and most do: the scan costs a fraction of the decoding loop. No quantifier is nested or unbounded.
 */
const MAY_DECODE =
  /%[0-9A-Fa-f]{2}|%[Uu][0-9A-Fa-f]{4}|&(?:#|[0-9A-Za-z]{1,8};)|\\[Xx][0-9A-Fa-f]{2}|\\[Uu][0-9A-Fa-f]{4}|[\0\u3000\uff01-\uff5e]/;

/**
 * Decodes `value` once: percent escapes (with `+` as a space when the value holds a valid `%XX`, as form
 * encoding does), HTML references, JavaScript escapes, fullwidth forms, NUL removal. Returns `value` itself when
 * nothing changed. Never throws; malformed UTF-8 becomes U+FFFD.
 * @example normalizeOnce('1%27%20OR%201=1') === "1' OR 1=1"
 */
export function normalizeOnce(value: string): string {
  if (!MAY_DECODE.test(value)) return value;
  const length = value.length;
  // A plain array of small integers: `String.fromCharCode.apply` reads one faster than a typed array.
  const out: number[] = [];
  let changed = false;
  const plusAsSpace = hasValidEscape(value);
  let i = 0;
  while (i < length) {
    const c = charCodeAt.call(value, i);
    const end = isDecodable(c) || c === 0x2b ? decodeAt(value, i, plusAsSpace) : -1;
    if (end < 0) {
      out.push(c);
      i++;
      continue;
    }
    changed = true;
    if (units > 0) out.push(unitA);
    if (units > 1) out.push(unitB);
    i = end;
  }
  if (!changed) return value;
  return out.length <= CHUNK
    ? String.fromCharCode.apply(null, out)
    : unitsToString(Uint16Array.from(out), out.length);
}

/**
 * Where {@link normalizeLong} may find something to decode, matched whole: a `%` and two hex digits or `u` and four,
 * a `\\x` or `\\u`, NUL, fullwidth forms, a `&` before `#` or a name and `;`; with `+` when it decodes to a space.
 * Each alternative begins with its own character, which irregexp dispatches on: text between candidates is skipped
 * at the speed of a character class (a two-byte mebibyte needs it), and a character that begins no escape (a lone
 * `%` or `&`, a `u`) costs a failed alternative, about 2 ns. A class matched first and looked around from cost 10 ns
 * on each such character: a mebibyte of `%` or `u%` took 11 to 13 ms. A name is matched lazily: the same matches
 * (a name holds no `;`), and a `&` before a word with no `;` fails sooner. A `\\n` or a lone `&` is no candidate: JSON
 * text holds thousands, and each would cost the decoding's budget a scan. Hex digits are spelled out, not counted
 * (`{4}`): irregexp compiles a counted repetition as a loop, which the quick checks it makes before a try cannot see
 * past, and a mebibyte of `a%u` took 3.7 ms to scan so, 2.0 ms spelled out (`%u` tried first: 1.0 ms on `x%2g`).
 */
const HEX = '[0-9A-Fa-f]';
const PERCENT_ESCAPES = `%(?:[Uu]${HEX}${HEX}${HEX}${HEX}|${HEX}${HEX})`;
const JS_ESCAPES = '\\\\[UXux]';
const REFERENCES = '&(?:#|[0-9A-Za-z]{1,8}?;)';
/**
 * A `%uXXXX` escape, searched for in a value that holds no `%XX` (see {@link candidatesFor}); spelled out, as above:
 * 0.6 ms on a mebibyte of `a%u`, where `%[Uu][0-9A-Fa-f]{4}` took 3.1 ms.
 */
const PERCENT_U = new RegExp(`%[Uu]${HEX}${HEX}${HEX}${HEX}`);
/**
 * The candidate patterns by what a value may hold: bit 1 `%` escapes, bit 2 `+` decoding to a space (which only
 * a value with a `%XX` escape has), bit 4 references, bit 8 JavaScript escapes. The alternatives a value cannot
 * hold are left out: each lone `%` or `&` cost the scan a failed match (a mebibyte of `u%` or `a&b`, 3 ms), and
 * a two-byte mebibyte is scanned twice as fast for a class alone as with every alternative.
 */
function candidatePattern(bits: number, wide: boolean): RegExp {
  const alternatives = [`[\\0${bits & 2 ? '+' : ''}${wide ? '\\u3000\\uff01-\\uff5e' : ''}]`];
  if (bits & 8) alternatives.unshift(JS_ESCAPES);
  if (bits & 1) alternatives.unshift(PERCENT_ESCAPES);
  if (bits & 4) alternatives.push(REFERENCES);
  return new RegExp(alternatives.join('|'), 'g');
}
const CANDIDATES: readonly RegExp[] = Array.from({ length: 16 }, (_, bits) => candidatePattern(bits, true));
/**
 * The candidates that are ASCII, for a shadowed value's search text (`search.ts`), where they are themselves and
 * are found at the speed of one byte per character; its wide ones are looked for in the value by {@link WIDE_CANDIDATE}.
 */
const ASCII_CANDIDATES: readonly RegExp[] = Array.from({ length: 16 }, (_, bits) =>
  candidatePattern(bits, false),
);
const WIDE_CANDIDATE = /[\u3000\uff01-\uff5e]/g;
/** {@link ASCII_CANDIDATES}, tried at one offset. */
const ASCII_STICKY: readonly RegExp[] = ASCII_CANDIDATES.map((pattern) => new RegExp(pattern.source, 'y'));

/**
 * What a scan of a whole long value found (`readings.ts`), as bits, so that {@link normalizeLong} leaves out what
 * cannot be there. {@link Holds.unknown}, every bit, is what an unscanned value may hold.
 */
export const Holds = Object.freeze({
  percent: 1,
  ampersand: 2,
  /** `#` or `;`: without either, a `&` begins no reference. */
  referenceEnd: 4,
  backslash: 8,
  unknown: 15,
});

/**
 * The candidate patterns for `value` (the index of {@link CANDIDATES} and {@link ASCII_CANDIDATES}), which `holds`
 * what a scan found (see {@link Holds}). Every reference needs a `#` or a `;`. Each character is looked for by
 * `memchr` in the value's search text (`search.ts`), where the ASCII is itself. `plusAsSpace` is the value's own
 * flag (or, for a part, its value's): false, the value holds no `%XX`, and a `%` can only begin a `%uXXXX`. -1 when
 * the value holds no candidate at all.
 */
function candidatesFor(value: string, plusAsSpace: boolean, holds: number, percentU?: boolean): number {
  const text = searchTextOf(value);
  const holding = (bit: number, character: string): boolean =>
    (holds & bit) !== 0 && indexOf.call(text, character) !== -1;
  const references =
    holding(Holds.ampersand, '&') && (holding(Holds.referenceEnd, '#') || holding(Holds.referenceEnd, ';'));
  const percents = plusAsSpace || (percentU ?? (holding(Holds.percent, '%') && PERCENT_U.test(text)));
  const backslashes = holding(Holds.backslash, '\\');
  // Without any of those, what is left is the class of NUL, `+` and the wide forms: in a value without a `+` that
  // decodes, a wide character or NUL, nothing, which a test stopping at the first wide character and `memchr` tell
  // faster than the class is scanned.
  if (!(percents || references || backslashes || holdsWide(value) || indexOf.call(text, '\0') !== -1))
    return -1;
  return (percents ? 1 : 0) | (plusAsSpace ? 2 : 0) | (references ? 4 : 0) | (backslashes ? 8 : 0);
}

/**
 * The search for a long value's next candidate: in the value by one pattern, or, when it is shadowed, in its search
 * text for the ASCII ones and in the value for the wide ones from the first there may be. Each answer is kept until
 * the decoding passes it, so that a run of wide candidates before a far ASCII one costs one search of each.
 */
const next = {
  value: '',
  text: '',
  pattern: CANDIDATES[0] as RegExp,
  asciiFrom: 0,
  wideFrom: -1,
  asciiAt: -2,
  wideAt: -2,
  /** True when every candidate the ASCII search may find begins with one of its starts: see {@link asciiCandidate}. */
  asciiOnly: false,
  sticky: ASCII_STICKY[0] as RegExp,
  asciiStarts: startsOf([]),
  wideStarts: startsOf([]),
};

/** Single characters looked for by `memchr`: the next offset of each (-1: none left; -2: not looked for yet). */
interface Starts {
  readonly chars: readonly string[];
  readonly at: number[];
  from: number;
  /** The characters found that began no candidate, and how far apart they were in all, over the whole decoding. */
  falseStarts: number;
  falseGaps: number;
}

function startsOf(chars: readonly string[]): Starts {
  return { chars, at: chars.map(() => -2), from: 0, falseStarts: 0, falseGaps: 0 };
}

/**
 * Whether stepping from start to start by `memchr` still pays in this decoding: after {@link MAX_FALSE_STARTS}
 * false starts, only while they are {@link MIN_FALSE_START_GAP} apart on average. Counted over the whole decoding,
 * not per search: a value in which each real candidate is followed by a run of false starts would otherwise pay
 * that run of steps again for every candidate.
 */
function stepsPay(starts: Starts): boolean {
  return (
    starts.falseStarts < MAX_FALSE_STARTS || starts.falseGaps >= starts.falseStarts * MIN_FALSE_START_GAP
  );
}

/** Counts a false start at `start`, found by a step from `at`. */
function falseStart(starts: Starts, at: number, start: number): void {
  starts.falseStarts++;
  starts.falseGaps += start - at;
}

/** The first offset at or after `from` of one of `starts`' characters in `text`, or -1; each found once. */
function firstStart(starts: Starts, text: string, from: number): number {
  const { chars, at } = starts;
  // The decoding moves forward; should a search ever go back, what was found is looked for again.
  if (from < starts.from) at.fill(-2);
  starts.from = from;
  let first = -1;
  for (let i = 0; i < chars.length; i++) {
    let offset = at[i] as number;
    if (offset === -1) continue;
    if (offset < from) {
      offset = indexOf.call(text, chars[i] as string, from);
      at[i] = offset;
      if (offset === -1) continue;
    }
    if (first === -1 || offset < first) first = offset;
  }
  return first;
}

/** What a decodable wide character (an ideographic space, a fullwidth form) is in a shadow: see `search.ts`. */
const WIDE_SHADOWS: readonly string[] = ['\u00a0', '\u00ff'];

/** The characters each bit of the candidate patterns' index adds (see {@link CANDIDATES}); NUL is always one. */
const CANDIDATE_STARTS: ReadonlyArray<readonly [number, string]> = [
  [1, '%'],
  [2, '+'],
  [4, '&'],
  [8, '\\'],
];

function startCandidates(value: string, text: string, bits: number): void {
  const shadowed = isShadowed(value);
  next.value = value;
  next.text = shadowed ? text : value;
  next.pattern = (shadowed ? ASCII_CANDIDATES[bits] : CANDIDATES[bits]) as RegExp;
  next.wideFrom = shadowed && (wideKinds(value) & WideKinds.decodable) !== 0 ? firstDecodableWide(value) : -1;
  next.asciiAt = -2;
  next.wideAt = next.wideFrom === -1 ? -1 : -2;
  // The ASCII search starts at the first character that may begin one of its alternatives, which `memchr` finds:
  // a mebibyte of `a%u` before one `\'` is not read for `\u` escapes. (Unless the pattern looks for wide
  // characters too, in a value whose wide characters are not known.)
  next.asciiFrom = 0;
  next.asciiOnly = shadowed || wideKinds(value) === 0;
  next.sticky = ASCII_STICKY[bits] as RegExp;
  const starts = ['\0'];
  for (const [bit, c] of CANDIDATE_STARTS) if ((bits & bit) !== 0) starts.push(c);
  next.asciiStarts = startsOf(starts);
  next.wideStarts = startsOf(WIDE_SHADOWS);
  if (next.asciiOnly) {
    const first = firstStart(next.asciiStarts, next.text, 0);
    next.asciiFrom = first;
    if (first === -1) next.asciiAt = -1;
  }
}

/**
 * How many characters that may begin an ASCII candidate, and do not (the `\` of `\'`, a lone `%`), the search
 * steps over by `memchr` at least, and how far apart they must be on average for it to go on doing so: a step costs
 * a call and a try, about what the pattern's scan of 256 characters costs.
 */
const MAX_FALSE_STARTS = 32;
const MIN_FALSE_START_GAP = 256;

/**
 * The first ASCII candidate at or after `from`, or -1. Every one begins with a character of `next.asciiStarts`, and
 * those are often few and far apart (a `\'` every 2 KiB): `memchr` finds each and the candidate pattern is tried
 * there alone, where the pattern's own scan reads every character between them (0.4 ms a mebibyte). Where they are
 * dense, the pattern takes over (see {@link MAX_FALSE_STARTS}).
 */
function asciiCandidate(from: number): number {
  const text = next.text;
  let at = from;
  const starts = next.asciiStarts;
  if (next.asciiOnly) {
    const sticky = next.sticky;
    while (stepsPay(starts)) {
      const start = firstStart(starts, text, at);
      if (start === -1) return -1;
      sticky.lastIndex = start;
      const found = sticky.test(text);
      sticky.lastIndex = 0;
      if (found) return start;
      falseStart(starts, at, start);
      at = start + 1;
    }
  }
  const pattern = next.pattern;
  pattern.lastIndex = at;
  const match = exec.call(pattern, text);
  pattern.lastIndex = 0;
  return match === null ? -1 : match.index;
}

/**
 * The first ideographic space or fullwidth form of a shadowed value at or after `from`, or -1: found in its shadow
 * by `memchr` where each is a no-break space or `ÿ`, and told apart there from the others that are; where those are
 * dense (CJK text), by a scan of the value for them.
 */
function wideCandidate(from: number): number {
  const value = next.value;
  const starts = next.wideStarts;
  let at = from;
  while (stepsPay(starts)) {
    const start = firstStart(starts, next.text, at);
    if (start === -1) return -1;
    if ((shadowKind(charCodeAt.call(value, start)) & WideKinds.decodable) !== 0) return start;
    falseStart(starts, at, start);
    at = start + 1;
  }
  WIDE_CANDIDATE.lastIndex = at;
  const found = WIDE_CANDIDATE.test(value) ? WIDE_CANDIDATE.lastIndex - 1 : -1;
  WIDE_CANDIDATE.lastIndex = 0;
  return found;
}

/** The offset of the first candidate at or after `at`, or -1. */
function nextCandidate(at: number): number {
  if (next.asciiAt !== -1 && next.asciiAt < at) next.asciiAt = asciiCandidate(Math.max(at, next.asciiFrom));
  if (next.wideAt !== -1 && next.wideAt < at) next.wideAt = wideCandidate(Math.max(at, next.wideFrom));
  const ascii = next.asciiAt;
  const wide = next.wideAt;
  return ascii === -1 ? wide : wide === -1 ? ascii : Math.min(ascii, wide);
}

/** Ends a decoding's search: no value outlives the detector's call. */
function endCandidates(): void {
  next.value = '';
  next.text = '';
}

/** What finding a candidate by a native scan costs, in decoded escapes: a scan is a call, an escape a few steps. */
const SCAN_COST = 8;

/** How much undecoded text follows the decoded part when {@link normalizeLong} stops early. */
const TAIL_AFTER_CUT = 4096;

/**
 * Where the last {@link normalizeLong} stopped decoding: `decodedLength` is how many characters of its result are
 * decoded (-1 when it decoded the whole value), `sourceFrom` the offset of the value where the undecoded rest
 * begins. The readings need it: what follows that point in the result is not what the value decodes to. `changed`
 * is false when the result is the value itself, which a comparison of the two would take a pass to find out.
 */
export const longCut = { decodedLength: -1, sourceFrom: 0, plusAsSpace: false, changed: false };

/**
 * {@link normalizeOnce} for long values: native scans skip the text between escapes, and decoding stops after
 * `maxEscapes` escapes' worth of work, so that the time spent is bounded whatever the value holds. When it
 * stops early, the result is the decoded part and the next few KiB as they are, and {@link longCut} says where:
 * copying the rest of a mebibyte of escapes would cost more than reading it, and its raw form is read anyway.
 * `plusAsSpace` (whether `+` decodes to a space) is the value's own unless a part of a value is decoded apart;
 * `holds` is what a scan of the value found (see {@link Holds}), and `from` where it found the first character
 * that may begin a candidate: the search for them starts there, unless a `+` before it may be a space.
 */
export function normalizeLong(
  value: string,
  maxEscapes: number,
  plusAsSpace?: boolean,
  holds: number = Holds.unknown,
  from = 0,
): string {
  const text = searchTextOf(value);
  // Whether `+` is a space, and whether any `%` escape is there, from one pass when the value's own flag is asked.
  let plus = plusAsSpace ?? false;
  let percentU: boolean | undefined;
  if (plusAsSpace === undefined && (holds & Holds.percent) !== 0) {
    const found = percentEscapes(text);
    plus = (found & PercentEscape.xx) !== 0;
    percentU = found !== 0;
  }
  longCut.decodedLength = -1;
  longCut.plusAsSpace = plus;
  longCut.changed = true;
  const length = value.length;
  if (buffer.length < 256) buffer = new Uint16Array(256);
  const bits = candidatesFor(value, plus, holds, percentU);
  if (bits === -1) {
    longCut.changed = false;
    return value;
  }
  startCandidates(value, text, bits);
  // The result's search text is built alongside it, from the same slices of the value's and the shadow of what
  // was decoded (see `search.ts`), and so are the wide kinds it holds: none of the readings of the result then
  // pays a pass to find them out.
  const parts: string[] = [];
  const textParts: string[] = [];
  decodedKinds = 0;
  let last = 0;
  let escapes = 0;
  let at = plus ? 0 : from;
  while (escapes < maxEscapes) {
    // A native scan skips the text up to the next candidate; a run of escapes is then decoded by script, a chunk
    // of units at a time, without a scan per escape.
    const first = nextCandidate(at);
    if (first === -1) break;
    // Candidates that decode to nothing (`&#;`, an invalid reference) cost their scan too.
    escapes += SCAN_COST;
    at = first;
    let n = 0;
    while (at < length && escapes < maxEscapes && n < 254) {
      const c = charCodeAt.call(value, at);
      const end = isDecodable(c) || c === 0x2b ? decodeAt(value, at, plus) : -1;
      if (end < 0) break;
      escapes++;
      if (units > 0) buffer[n++] = unitA;
      if (units > 1) buffer[n++] = unitB;
      at = end;
    }
    if (at === first) {
      // Out of budget before this candidate was decoded: the cut is at its start, not inside it (a `&` decoded
      // as itself, then `#32;` read raw as a comment).
      if (escapes >= maxEscapes) break;
      // Past the character that began the candidate: whatever follows it may begin one. It stays in the result.
      decodedKinds |= shadowKind(charCodeAt.call(value, first));
      at = first + 1;
      continue;
    }
    const decodedPart = unitsToString(buffer, n);
    parts.push(slice.call(value, last, first), decodedPart);
    textParts.push(slice.call(text, last, first), shadowOf(buffer, n, decodedPart));
    last = at;
  }
  // Out of budget with no candidate left: nothing was left undecoded.
  if (escapes >= maxEscapes && nextCandidate(at) === -1) escapes = 0;
  endCandidates();
  // The wide characters the result keeps from the value: every ideographic space and fullwidth form is a candidate,
  // decoded or kept as counted above, unless the decoding stops early.
  const valueKinds = wideKinds(value);
  // Before `from` nothing was looked at: a decodable wide character there is kept as it is. (The readings start the
  // decoding at or before the first one; a caller that starts past one must not have it read as narrow.)
  const skipped =
    !plus && from > 0 && (valueKinds & WideKinds.decodable) !== 0 && firstDecodableWide(value) < from;
  const keptKinds = skipped ? valueKinds : valueKinds & WideKinds.other;
  if (escapes < maxEscapes) {
    if (parts.length === 0) {
      longCut.changed = false;
      return value;
    }
    parts.push(slice.call(value, last));
    textParts.push(slice.call(text, last));
    const kinds = keptKinds | decodedKinds;
    // A two-byte value whose wide characters all decoded (an ideographic space among ASCII) decodes to text of one
    // byte per character, built so: the readings of a one-byte string run twice as fast.
    const decoded = joinParts(parts, kinds !== 0);
    const decodedText = kinds === 0 ? decoded : joinParts(textParts, false);
    noteSearchText(decoded, decodedText, kinds, firstOf(kinds), {
      value,
      shared: (parts[0] as string).length,
      // The last part is the value's text after the last escape decoded.
      suffixFrom: decoded.length - (length - last),
      sourceSuffixFrom: last,
    });
    return decoded;
  }
  // Stopped early, even if nothing before decoded (candidates that decode to nothing cost work too): the result
  // is not the whole value, which the readings must know. All before `at` was looked at, and is decoded.
  parts.push(slice.call(value, last, at));
  textParts.push(slice.call(text, last, at));
  let decodedLength = 0;
  for (const part of parts) decodedLength += part.length;
  longCut.decodedLength = decodedLength;
  longCut.sourceFrom = at;
  // The tail is joined with the rest: a concatenation of the two would be copied again when first read, a
  // millisecond for a two-byte result of a mebibyte.
  parts.push(slice.call(value, at, at + TAIL_AFTER_CUT));
  const result = parts.join('');
  longCut.changed = result !== value;
  // The undecoded tail may hold any wide kind the value holds.
  const kinds = valueKinds | decodedKinds;
  let resultText = result;
  if (kinds !== 0) {
    textParts.push(slice.call(text, at, at + TAIL_AFTER_CUT));
    resultText = textParts.join('');
  }
  // Its undecoded tail is no shared end: it ends a few KiB in, where the value goes on.
  noteSearchText(result, resultText, kinds, firstOf(kinds), {
    value,
    shared: (parts[0] as string).length,
    suffixFrom: -1,
    sourceSuffixFrom: -1,
  });
  return result;
}

/** The {@link WideKinds} of the units {@link shadowOf} read since the last decoding began. */
let decodedKinds = 0;

/**
 * The shadow of `units[0..length)` (see `search.ts`), which `decoded` spells, noting their wide kinds in
 * {@link decodedKinds}: `decoded` itself when none is wide.
 */
function shadowOf(units: Uint16Array, length: number, decoded: string): string {
  let kinds = 0;
  for (let i = 0; i < length; i++) {
    const c = units[i] as number;
    kinds |= shadowKind(c);
    shadowBuffer[i] = shadowCode(c);
  }
  decodedKinds |= kinds;
  return kinds === 0 ? decoded : unitsToString(shadowBuffer, length);
}

const shadowBuffer = new Uint16Array(256);

/** Where a result holding `kinds` may first hold a decodable wide character: anywhere, or nowhere. */
function firstOf(kinds: number): number {
  return (kinds & WideKinds.decodable) !== 0 ? 0 : -1;
}

/** Parts joined through a reused buffer at most: past them, one `write` call each costs more than a join. */
const FEW_PARTS = 256;
let joinBytes = Buffer.alloc(0);

/**
 * `parts.join('')`; a few parts through a reused buffer, one byte per character unless `wide`. A join copies a
 * slice of a long two-byte string at about 2 GB/s, a third of the speed of writing it to a buffer and reading
 * that back, and never narrows it.
 */
function joinParts(parts: readonly string[], wide: boolean): string {
  if (parts.length > FEW_PARTS) return parts.join('');
  let length = 0;
  for (const part of parts) length += part.length;
  const encoding = wide ? 'utf16le' : 'latin1';
  const bytes = wide ? 2 * length : length;
  if (joinBytes.length < bytes) joinBytes = Buffer.allocUnsafe(bytes);
  let at = 0;
  for (const part of parts) at += joinBytes.write(part, at, encoding);
  return joinBytes.toString(encoding, 0, at);
}

/**
 * A `%XX` escape: a value holding one anywhere is form-encoded, and its `+` are spaces. One native pass: a count of
 * `%` looked at would let that many bogus ones (`%%%...`) hide the escape after them.
 */
const PERCENT_ESCAPE = /%[0-9A-Fa-f]{2}/;

function hasValidEscape(value: string): boolean {
  return PERCENT_ESCAPE.test(value);
}

/** What {@link percentEscapes} found: a `%XX` escape, or only `%uXXXX` ones. */
const PercentEscape = { xx: 1, u: 2 };
/** Either escape, in one pass: a mebibyte dense with `%` that begins neither is read once, not twice. */
const ANY_PERCENT_ESCAPE = new RegExp(PERCENT_ESCAPES, 'g');
const NEXT_PERCENT_ESCAPE = new RegExp(PERCENT_ESCAPE.source, 'g');

/** Whether `text` holds a `%XX` escape ({@link PercentEscape.xx}), else a `%uXXXX` one ({@link PercentEscape.u}), or 0. */
function percentEscapes(text: string): number {
  ANY_PERCENT_ESCAPE.lastIndex = 0;
  const match = exec.call(ANY_PERCENT_ESCAPE, text);
  ANY_PERCENT_ESCAPE.lastIndex = 0;
  if (match === null) return 0;
  if ((match[0] as string).length === 3) return PercentEscape.xx;
  // A `%uXXXX` first: a `%XX` may follow it.
  NEXT_PERCENT_ESCAPE.lastIndex = match.index + 6;
  const xx = NEXT_PERCENT_ESCAPE.test(text);
  NEXT_PERCENT_ESCAPE.lastIndex = 0;
  return xx ? PercentEscape.xx : PercentEscape.u;
}

/** Decodes the UTF-8 sequence starting with `lead` (escaped at `at`) into the units; returns the next offset. */
function decodeUtf8(value: string, at: number, lead: number): number {
  units = 1;
  if (lead < 0x80) {
    unitA = lead;
    return at + 3;
  }
  const extra = lead >= 0xf0 && lead <= 0xf4 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc2 && lead < 0xe0 ? 1 : 0;
  let code = extra === 3 ? lead & 0x07 : extra === 2 ? lead & 0x0f : lead & 0x1f;
  let next = at + 3;
  for (let k = 0; k < extra; k++) {
    const byte = escapedByte(value, next);
    if (byte < 0x80 || byte > 0xbf) {
      // Malformed UTF-8 keeps its lead byte as a Latin-1 character: as meaningless to SQL as U+FFFD, and the
      // decoded string stays one byte per character, which native scans read faster.
      unitA = lead;
      return next;
    }
    code = code * 64 + (byte & 0x3f);
    next += 3;
  }
  if (extra === 0) {
    unitA = lead;
    return next;
  }
  if (code > 0xffff) {
    // A 4-byte sequence (12 escape characters) yields 2 units: the output never outgrows the input.
    unitA = 0xd800 + ((code - 0x10000) >> 10);
    unitB = 0xdc00 + ((code - 0x10000) & 0x3ff);
    units = 2;
    return next;
  }
  unitA = fold(code);
  return next;
}

const CHUNK = 4096;
const utf16 = new TextDecoder('utf-16le');

function unitsToString(units: Uint16Array, length: number): string {
  // Most runs of escapes are one or two characters (`%27`, `%20OR%20`'s spaces): no array is made for them.
  if (length === 1) return String.fromCharCode(units[0] as number);
  if (length === 2) return String.fromCharCode(units[0] as number, units[1] as number);
  if (length <= CHUNK)
    return String.fromCharCode.apply(null, units.subarray(0, length) as unknown as number[]);
  return utf16.decode(new Uint8Array(units.buffer, 0, length * 2));
}

/**
 * Native searches for the ASCII the SQL detector looks for (quotes, line breaks, comment marks, lexicon words), in
 * time linear in the distance searched whatever the value holds.
 *
 * `indexOf` finds a character in a two-byte string with `memchr` on one of its bytes, and every character that
 * holds the same byte is a false candidate, at the cost of a call each: U+4E2D 中 holds 0x2D (`-`), U+7528 用
 * 0x28 (`(`), every fullwidth form 0xFF, every kana 0x30. A mebibyte of such text took 8 ms per search. A regular
 * expression reads a two-byte string unit by unit instead, at 0.3 ns or more each, and the readings of one value
 * make a dozen searches: a two-byte mebibyte ending in `\'` took 8 ms so. So a long two-byte value is searched in
 * its shadow: a one-byte string of the same length, built once per value (1 to 2 ms a mebibyte), in
 * which every character up to U+00FF is itself and every wider one is `ÿ` when it is a word character and a
 * no-break space when it is not. Every search in this folder that looks for ASCII, and tells the characters above
 * ASCII apart only as word characters or not (`characters.ts`), finds the same offsets in the shadow as in the
 * value, with `memchr` again. The searches that look for wide characters (the fullwidth forms a decoding folds)
 * read the value itself.
 *
 * Short values, and one-byte ones, are their own search text: a short value's false candidates cost less than a
 * shadow.
 */

import * as charCodes from '../char-codes.js';
import * as characters from './characters.js';

// Imports bound once as constants of this file (see `characters.ts`).
const { WIDE_UNIT } = charCodes;
const { markWordChars } = characters;

// Called as `indexOf.call(value, ...)`, never as a method of the value: see `characters.ts`.
const indexOf = String.prototype.indexOf;
const slice = String.prototype.slice;

/** A string the detector searches for: one or two ASCII characters, and for two a pattern of a class per character. */
export interface Needle {
  readonly text: string;
  readonly pair: RegExp | null;
}

function needle(text: string): Needle {
  // `indexOf` of two characters stops at every occurrence of the first one: a mebibyte of `*` took 7.6 ms to
  // search for `*/` so, 0.4 ms by a class per character.
  const pair =
    text.length === 2 ? new RegExp([...text].map((c) => `[${c === '\\' ? '\\\\' : c}]`).join(''), 'g') : null;
  return Object.freeze({ text, pair });
}

/** What the detector searches values for. */
export const NEEDLES = Object.freeze({
  singleQuote: needle("'"),
  doubleQuote: needle('"'),
  backquote: needle('`'),
  backslash: needle('\\'),
  newline: needle('\n'),
  openParen: needle('('),
  commentStart: needle('/*'),
  commentEnd: needle('*/'),
});

/** Values up to this long are their own search text whatever they hold (see the file's comment). */
const SHORT_VALUE = 4096;

/**
 * `text.indexOf(needle.text, from)`, where `text` is a value's {@link searchTextOf}: by `indexOf`, or for a pair in a
 * long text by its pattern.
 */
export function find(text: string, needle: Needle, from: number): number {
  const pair = needle.pair;
  if (pair === null || text.length <= SHORT_VALUE) return indexOf.call(text, needle.text, from);
  pair.lastIndex = from;
  const at = pair.test(text) ? pair.lastIndex - 2 : -1;
  pair.lastIndex = 0;
  return at;
}

/** The shadow's character for each UTF-16 unit (see the file's comment). */
const SHADOW_WORD = 0xff;
const SHADOW_OTHER = 0xa0;

/**
 * What the wide characters of a value are, as bits: the fullwidth forms (the quotes among them also as
 * `fullwidthQuote`) and the ideographic space, which a decoding folds (`decodable`), and the others, which it leaves
 * as they are.
 */
export const WideKinds = Object.freeze({
  other: 1,
  fullwidth: 2,
  ideographicSpace: 4,
  fullwidthQuote: 8,
  decodable: 6,
  /** What a short value that holds a wide character may hold: short values are not shadowed, nor their kinds told. */
  unknown: 15,
});

/**
 * Per UTF-16 unit: its shadow character in the low byte, its {@link WideKinds} bit above (one load per unit). Built
 * by ranges: a script loop over every unit costs a millisecond at load time.
 */
const SHADOW = (() => {
  const other = WideKinds.other << 8;
  const table = markWordChars(new Uint16Array(0x10000), other | SHADOW_WORD);
  for (let c = 0; c < 0x100; c++) table[c] = c;
  // The units above U+00FF that are no word character: general and CJK punctuation, fullwidth punctuation, U+FFFD.
  for (const [from, to] of [
    [0x2000, 0x2070],
    [0x3000, 0x3040],
    [0xff01, 0xff5f],
    [0xfffd, 0xfffe],
  ] as const) {
    for (let c = from; c < to; c++) if (table[c] === 0) table[c] = other | SHADOW_OTHER;
  }
  table[0x3000] = (WideKinds.ideographicSpace << 8) | SHADOW_OTHER;
  for (let c = 0xff01; c <= 0xff5e; c++)
    table[c] = (WideKinds.fullwidth << 8) | ((table[c] as number) & 0xff);
  for (const quote of [0xff07, 0xff02])
    table[quote] = (table[quote] as number) | (WideKinds.fullwidthQuote << 8);
  return table;
})();

/** The shadow character of one UTF-16 unit. */
export function shadowCode(c: number): number {
  return (SHADOW[c] as number) & 0xff;
}

/** The {@link WideKinds} bit of one UTF-16 unit (0 up to U+00FF). */
export function shadowKind(c: number): number {
  return (SHADOW[c] as number) >>> 8;
}

/** The first unit above U+00FF (see `WIDE_UNIT`), where a shadow's loop starts. */
const FIRST_WIDE = new RegExp(WIDE_UNIT.source, 'g');

/** Buffers for building shadows, kept up to a size that holds a 1 MiB value; a larger value gets its own. */
const MAX_KEPT_UNITS = 1.25 * 1024 * 1024;
let units = new Uint16Array(0);
let bytes = Buffer.alloc(0);

/**
 * A search text and what {@link WideKinds} its value holds, and where its first decodable wide one may be. An entry is
 * also its search text's identity: two long strings are told apart by comparing them, which reads both up to their
 * first difference, and a value and its decoding may share a mebibyte.
 */
export interface SearchEntry {
  readonly value: string;
  readonly text: string;
  readonly kinds: number;
  /** The offset of the first ideographic space or fullwidth form, or an offset before it; -1 when there is none. */
  readonly firstDecodable: number;
  /** The entry of the value this one's value was decoded from, whose search text begins as this one's does. */
  readonly source: SearchEntry | null;
  /** How many leading characters the two search texts share, at least. */
  readonly shared: number;
  /**
   * Where this search text begins to end as the source's does (-1: not known), and where the same characters are
   * in the source's: a decoding keeps the text after its last escape as it was.
   */
  readonly suffixFrom: number;
  readonly sourceSuffixFrom: number;
}

/**
 * A run of units up to U+00FF at least this long is narrowed natively (`Buffer.write` as Latin-1, each unit its own
 * shadow) rather than read by the table loop: a native write costs a call and a tenth of a nanosecond a unit, the
 * loop about a nanosecond a unit.
 */
const NATIVE_RUN = 1024;
/**
 * After this many units without a wide one, the table loop asks where the next wide unit is; each time the answer
 * is too near to narrow natively, it waits twice as long before it asks again (up to {@link MAX_QUIET_UNITS}): a
 * search that finds a wide unit 900 units on costs about what the loop's reading of them does.
 */
const QUIET_UNITS = 1024;
const MAX_QUIET_UNITS = 65536;

/**
 * Builds the shadow of a long two-byte value whose first wide character is at `firstWide`. Where the wide units
 * are dense, they are read four at a time through 32-bit views of a native copy, each a table load, without a
 * branch per unit: 1.2 ms a mebibyte of CJK on a quiet core, 2 ms on a busy one. Runs of narrow units between them
 * (the text before the first one, ASCII with a CJK word every 8 KiB) are narrowed natively, found by a native
 * search for the next wide unit once the loop has read {@link QUIET_UNITS} without one: the loop alone reads a
 * mebibyte in about a millisecond whatever it holds.
 */
function shadowEntry(value: string, firstWide: number): SearchEntry {
  const length = value.length;
  // Four units per step: the last step may read up to three units past the value, which are set to 0.
  const padded = (length + 3) & ~3;
  let codes = units;
  let out = bytes;
  if (codes.length < padded) {
    codes = new Uint16Array(padded);
    out = Buffer.from(new ArrayBuffer(padded));
    if (padded <= MAX_KEPT_UNITS) {
      units = codes;
      bytes = out;
    }
  }
  // The loop works in whole steps: the units it reads again before a wide one are their own shadow.
  const start = firstWide & ~3;
  if (start > 0) out.write(slice.call(value, 0, start), 0, 'latin1');
  Buffer.from(codes.buffer, 2 * start, 2 * (length - start)).write(slice.call(value, start), 0, 'utf16le');
  codes.fill(0, length, padded);
  const pairs = new Uint32Array(codes.buffer, 0, padded >> 1);
  const quads = new Uint32Array(out.buffer, 0, padded >> 2);
  const steps = padded >> 2;
  let kinds = 0;
  let first = -1;
  let j = start >> 2;
  // The step of the last wide unit the loop read, and how many units it reads without one before it asks.
  let lastWide = j;
  let quiet = QUIET_UNITS;
  while (j < steps) {
    const low = pairs[2 * j] as number;
    const high = pairs[2 * j + 1] as number;
    const a = SHADOW[low & 0xffff] as number;
    const b = SHADOW[low >>> 16] as number;
    const c = SHADOW[high & 0xffff] as number;
    const d = SHADOW[high >>> 16] as number;
    quads[j] = (a & 0xff) | ((b & 0xff) << 8) | ((c & 0xff) << 16) | ((d & 0xff) << 24);
    const all = a | b | c | d;
    j++;
    // Every unit above U+00FF has a kind: `all` is past the low byte exactly when one of the four is wide.
    if (all < 0x100) {
      if (4 * (j - lastWide) < quiet) continue;
      // A quiet stretch: where is the next wide unit? A long run up to it is narrowed natively.
      FIRST_WIDE.lastIndex = 4 * j;
      const next = FIRST_WIDE.test(value) ? FIRST_WIDE.lastIndex - 1 : length;
      FIRST_WIDE.lastIndex = 0;
      const to = next & ~3;
      if (to - 4 * j >= NATIVE_RUN) {
        out.write(slice.call(value, 4 * j, to), 4 * j, 'latin1');
        j = to >> 2;
        quiet = QUIET_UNITS;
      } else quiet = Math.min(2 * quiet, MAX_QUIET_UNITS);
      lastWide = j;
      continue;
    }
    lastWide = j;
    kinds |= all;
    if ((all & (WideKinds.decodable << 8)) !== 0 && first === -1) first = 4 * (j - 1);
  }
  return {
    value,
    text: out.toString('latin1', 0, length),
    kinds: kinds >>> 8,
    firstDecodable: first,
    ...UNRELATED,
  };
}

/**
 * The search texts of the long values met in this call, the last one asked about first. A value is found by
 * comparison, which costs nothing for the same string and little for another unless both are long and share a long
 * prefix (a value and its decoding): the readings ask once per reading, not once per search.
 */
const entries: SearchEntry[] = [];
/** A call reads a value, its decoding and up to 16 fresh readings and probes of their rests (`unread.ts`). */
const MAX_ENTRIES = 32;

function remember(entry: SearchEntry): SearchEntry {
  entries.unshift(entry);
  if (entries.length > MAX_ENTRIES) entries.length = MAX_ENTRIES;
  return entry;
}

function entryFor(value: string): SearchEntry {
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as SearchEntry;
    if (entry.value !== value) continue;
    if (i > 0) {
      entries.splice(i, 1);
      entries.unshift(entry);
    }
    return entry;
  }
  FIRST_WIDE.lastIndex = 0;
  const wide = FIRST_WIDE.test(value);
  const firstWide = FIRST_WIDE.lastIndex - 1;
  FIRST_WIDE.lastIndex = 0;
  return remember(
    wide ? shadowEntry(value, firstWide) : { value, text: value, kinds: 0, firstDecodable: -1, ...UNRELATED },
  );
}

/** Forgets the search texts, so that no value outlives the detector's call (a request's value may be 1 MiB). */
export function forgetSearchTexts(): void {
  // Setting the length is a call into the runtime, even of an empty array: most calls kept no text.
  if (entries.length !== 0) entries.length = 0;
}

/** The text `value` is searched in: its shadow when it is long and two-byte, else itself. */
export function searchTextOf(value: string): string {
  return value.length <= SHORT_VALUE ? value : entryFor(value).text;
}

/**
 * The {@link WideKinds} `value` holds: 0 when it holds no character above U+00FF, `unknown` when it is short and
 * does. (Whether a value is shadowed is told so, not by comparing it with its search text: a comparison of a long
 * two-byte value and its shadow reads both to the first wide character.)
 */
export function wideKinds(value: string): number {
  if (value.length > SHORT_VALUE) return entryFor(value).kinds;
  return WIDE_UNIT.test(value) ? WideKinds.unknown : 0;
}

/** True when `value` is searched in a shadow (see {@link searchTextOf}). */
export function isShadowed(value: string): boolean {
  return value.length > SHORT_VALUE && entryFor(value).kinds !== 0;
}

/** True when `value` holds a character above U+00FF. */
export function holdsWide(value: string): boolean {
  return wideKinds(value) !== 0;
}

/** Where a long `value`'s first ideographic space or fullwidth form may be (at or before it), or -1 with none. */
export function firstDecodableWide(value: string): number {
  return entryFor(value).firstDecodable;
}

/**
 * Remembers `text` as the search text of the long `value`, from whoever built both and knows it (`normalize.ts`
 * builds a decoding's shadow from the shadow of what it decoded), with its {@link WideKinds}, where its first
 * decodable one may be, and the value it was decoded from with how many leading characters the two search texts
 * share (see {@link knownSharedPrefix}).
 */
export function noteSearchText(
  value: string,
  text: string,
  kinds: number,
  firstDecodable: number,
  decodedFrom: {
    readonly value: string;
    readonly shared: number;
    /** Where the text after the last escape decoded begins in `value` and in the value decoded, or -1 for both. */
    readonly suffixFrom: number;
    readonly sourceSuffixFrom: number;
  },
): void {
  if (value.length <= SHORT_VALUE) return;
  const source = decodedFrom.value.length > SHORT_VALUE ? entryFor(decodedFrom.value) : null;
  if (source === null) remember({ value, text, kinds, firstDecodable, ...UNRELATED });
  else {
    const { shared, suffixFrom, sourceSuffixFrom } = decodedFrom;
    remember({ value, text, kinds, firstDecodable, source, shared, suffixFrom, sourceSuffixFrom });
  }
}

/** The relation fields of an entry known to be no decoding of another. */
const UNRELATED = Object.freeze({ source: null, shared: 0, suffixFrom: -1, sourceSuffixFrom: -1 });

/** The search entry of a long `value`, or null for a short one (which is its own search text). */
export function searchEntryOf(value: string): SearchEntry | null {
  return value.length <= SHORT_VALUE ? null : entryFor(value);
}

/**
 * How many leading characters the search texts of two entries are known to share: all of the shorter when they are
 * one entry, what a decoding noted of its value's, else 0. Entries are compared by identity, never by their texts.
 */
export function knownSharedPrefix(a: SearchEntry, b: SearchEntry): number {
  const length = Math.min(a.text.length, b.text.length);
  if (a === b) return length;
  if (a.source === b) return Math.min(a.shared, length);
  if (b.source === a) return Math.min(b.shared, length);
  return 0;
}

/**
 * Where the search text of `entry` begins to end as the one of `other` does, and how much further on the same
 * characters are in `other`'s: what a decoding noted of the value it decoded (either way round), or null.
 */
export function knownSharedEnd(
  other: SearchEntry,
  entry: SearchEntry,
): { readonly from: number; readonly shift: number } | null {
  if (entry.source === other && entry.suffixFrom >= 0) {
    return { from: entry.suffixFrom, shift: entry.sourceSuffixFrom - entry.suffixFrom };
  }
  if (other.source === entry && other.suffixFrom >= 0) {
    return { from: other.sourceSuffixFrom, shift: other.suffixFrom - other.sourceSuffixFrom };
  }
  return null;
}

/**
 * `value.slice(from)`, whose search text is remembered as the same slice of `value`'s: a slice of a long value
 * read apart (the rest of a decoding, a fresh reading) needs no shadow of its own.
 */
export function searchableSlice(value: string, from: number): string {
  const part = slice.call(value, from);
  if (part.length <= SHORT_VALUE) return part;
  const entry = entryFor(value);
  if (entry.kinds === 0) remember({ value: part, text: part, kinds: 0, firstDecodable: -1, ...UNRELATED });
  else {
    const first = entry.firstDecodable;
    remember({
      value: part,
      text: slice.call(entry.text, from),
      kinds: entry.kinds,
      // One before the slice may be followed by more: the slice may hold one anywhere.
      firstDecodable: first === -1 ? -1 : Math.max(0, first - from),
      ...UNRELATED,
    });
  }
  return part;
}

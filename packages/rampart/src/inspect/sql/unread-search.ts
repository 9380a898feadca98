import * as characters from './characters.js';
import * as lexicon from './lexicon.js';
import type { SearchEntry } from './search.js';
import * as search from './search.js';
import * as unreadSources from './unread-sources.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const { isDigit, isHexDigit, isWordChar, WIDE_WORD_CLASS } = characters;
const { MAX_WORD, WORDS } = lexicon;
const { knownSharedEnd, knownSharedPrefix, searchEntryOf } = search;
const { firstMatch } = unreadSources;

// Called as `indexOf.call(value, ...)`, never as methods of the value: see `characters.ts`.
const charCodeAt = String.prototype.charCodeAt;
const exec = RegExp.prototype.exec;
const indexOf = String.prototype.indexOf;
const slice = String.prototype.slice;

/**
 * Native searches for what `unread.ts` looks for in the part of a text a reading did not read: the triggers of the
 * benign screen (`screen.ts`), in text as it is and in text not yet decoded. Each is one pass of a regular
 * expression or of `indexOf`, linear whatever the text holds, and returns where the first match begins (or -1),
 * since a fresh reading starts near it. They run in the text's search text (`search.ts`): they look for ASCII, and
 * tell wider characters apart only as word characters or not.
 */

/** A character of the lexicon as a case-insensitive class: a regular expression with the `i` flag costs more. */
function anyCase(c: string): string {
  const upper = c.toUpperCase();
  return upper === c ? c : `[${c}${upper}]`;
}

/** A trie of words: a child per next character, the empty key marking the end of a word. */
type TrieNode = Map<string, TrieNode>;

function trieOf(words: readonly string[]): TrieNode {
  const root: TrieNode = new Map();
  for (const word of words) {
    let node = root;
    for (const c of word) {
      let next = node.get(c);
      if (next === undefined) {
        next = new Map();
        node.set(c, next);
      }
      node = next;
    }
    node.set('', new Map());
  }
  return root;
}

/** The words of the lexicon as a trie, for the pattern and the table built from it below. */
const LEXICON_TRIE = trieOf(WORDS);

/**
 * A trie as a regular expression: alternatives (`u(?:n(?:ion|ique)|...)`), so that a position costs a comparison
 * per character of the longest prefix it shares with a word, not one per word.
 */
function trieSource(node: TrieNode): string {
  const branches = [...node].filter(([c]) => c !== '').map(([c, next]) => `${anyCase(c)}${trieSource(next)}`);
  if (branches.length === 0) return '';
  const choice = `(?:${branches.join('|')})`;
  return node.has('') ? `${choice}?` : choice;
}

/** The words of the lexicon as one trie pattern, for the word searches below. */
const WORD_TRIE = trieSource(LEXICON_TRIE);

/**
 * A word of the lexicon where the tokenizer would read it as one: a whole run of word characters, or the rest of a
 * run after the number literal it begins with (`1union`, `1.5e3union`, `0x1Funion`, `0b1union`, and Oracle's `1D`
 * and `1F` suffixes: `1Dunion`). A `$` before the word counts as a break (it may close a dollar quote:
 * `$$x$$union`), and so does an escape (`%2Cor` decodes to `,or`); one after it does not, since the tokenizer reads
 * `union$` as one word. The break before the word is matched, not looked behind at, and a digit is no break (the
 * number it begins is matched whole instead): inside runs of letters and digits (base64, lists of numbers) a
 * position then fails at once, which keeps the search near the cost of a plain character scan. No quantifier is
 * nested, so the search is linear. Case-insensitive, as the lexicon is.
 */
const NUMBER_PREFIX = '(?:0[xX][0-9a-fA-F]*|0[bB][0-9]*|[0-9]*(?:\\.[0-9]*)?(?:[eE][+-]?[0-9]+)?[dDfF]?)';
const WORD_END = `(?![0-9A-Za-z_$${WIDE_WORD_CLASS}])`;
const WORD = new RegExp(
  `(?:%[0-9a-fA-F][a-fA-F]|[^0-9A-Za-z_${WIDE_WORD_CLASS}])${NUMBER_PREFIX}${WORD_TRIE}${WORD_END}`,
  'g',
);
/** {@link WORD} at the start of the text, where no break precedes it: a `^` alternative in it costs every position. */
const WORD_AT_START = new RegExp(`${NUMBER_PREFIX}${WORD_TRIE}${WORD_END}`, 'y');
/**
 * Two ASCII letters in a row, which every word of the lexicon begins with: a scan for them costs a fraction of
 * {@link WORD}'s, and skips what holds none (`1+1+...`, `a,a,...`, lists of numbers) whole.
 */
const LETTER_PAIR = /[a-z]{2}/gi;
/**
 * {@link LETTER_PAIR} in text not yet decoded: a pair of hex digits right after `%` or `%` and a hex digit is part of
 * an escape, which decodes to no letter (URL-encoded text other than ASCII holds one every few characters).
 */
const ENCODED_LETTER_PAIR = /[g-z][a-z]|[a-z][g-z]|(?<!%[0-9a-f]?)[a-f]{2}/gi;
/** How far before the first {@link LETTER_PAIR} the break that may begin its word is looked for. */
const MAX_NUMBER_PREFIX = 64;

/**
 * The triggers that are not words: comment marks, logic symbols, system variables, backslashes, and for a reading
 * after a quote, quotes. A reading as-is is not given quotes: its literals are operands like numbers, and no
 * signal of the grammar is made of literals, names, numbers and operators alone (`'a'='a'` is a comparison, the
 * `OR` before it the signal; a test checks this on random values), so a long list of quoted ids stays clean.
 */
const SYMBOLS = ['\\', '#', '|'];
/**
 * The two-character symbols, each with a pattern of a class per character: `indexOf` of a two-character string stops
 * at every occurrence of its first character, and took 3.7 ms on a mebibyte of `-@` (for `@@`) or `/` (for `/*`),
 * 0.3 ms so. A pair is only searched for when the value holds both its characters, which `indexOf` of one
 * character tells at the speed of `memchr`.
 */
const SYMBOL_PAIRS: ReadonlyArray<readonly [string, RegExp]> = [
  ['/*', /[/][*]/g],
  ['&&', /[&][&]/g],
  ['@@', /[@][@]/g],
];
const QUOTES = ["'", '"'];
// A class per character: `indexOf('--')` stops at every `-`, 3.6 ms on a mebibyte of `-@`, 0.3 ms so.
const DASHES = /[-][-]/g;
/**
 * `--` before anything but a word character, which starts a comment in every dialect; before a word character it
 * does only where a line break follows (`tokenizer.ts`: `1--x` is double minus to MySQL), and base64url holds
 * thousands of those.
 */
const COMMENT_DASHES = new RegExp(`[-][-](?![0-9A-Za-z_$${WIDE_WORD_CLASS}])`, 'g');

/**
 * Where the first `--` of `text[from...]` before `end` (see {@link upTo}) that may start a comment is, or -1. A text
 * without a `-` is told by `memchr`.
 */
function firstDashes(entry: SearchEntry | null, text: string, from: number, end: number): number {
  const within = upTo(text, end);
  const length = within.length;
  const at = indexOf.call(within, '-', from) === -1 ? -1 : recalledMatch(DASHES, entry, text, length, from);
  if (at === -1) return -1;
  return indexOf.call(text, '\n', at) !== -1 ? at : recalledMatch(COMMENT_DASHES, entry, text, length, at);
}

/**
 * What a round of decoding may turn into a trigger or a letter, in text that was not decoded: escapes of quotes,
 * `#`, `\\`, `|`, `*`, NUL and letters (`%55NION`), and of fullwidth forms in UTF-8; `-`, `/`, `@`, `&` escaped
 * beside another that pairs with it (`%2D-`, `/%2A`); any `%u` escape and numeric HTML reference; the named
 * references of those characters; raw fullwidth forms and NUL. Escapes of spaces, digits and lone operators
 * (`%20`, `%2B`, `%2C`, `%2F`, `%3D`: URL-encoded base64 and lists) decode to what padding is made of.
 */
const ESCAPED = new RegExp(
  [
    '%(?:2[237a]|[46][1-9a-f]|[57][0-9ac]|00|ef|u|2d(?:-|%2d)|2f(?:\\*|%2a)|40(?:@|%40)|26(?:&|%26))',
    '-%2d|/%2a|@%40',
    '&(?:%26|#|quot;|apos;|num;|bsol;|verbar;|vert;|hyphen;|dash;|sol;|ast;|commat;|amp;&)',
    '[\\0\\uff01-\\uff5e]',
  ].join('|'),
  'gi',
);

/**
 * Where the first of `symbols` (single characters, by `indexOf`) or of `pairs` occurs in `value[from...]` before `end`
 * (a symbol may end past it), or -1.
 */
function firstSymbol(
  value: string,
  from: number,
  end: number,
  symbols: readonly string[],
  pairs: ReadonlyArray<readonly [string, RegExp]> = [],
): number {
  const text = upTo(value, end);
  let first = -1;
  for (const [pair, pairPattern] of pairs) {
    const within = first === -1 ? text : upTo(text, first + 2);
    if (
      indexOf.call(within, pair[0] as string, from) === -1 ||
      indexOf.call(within, pair[1] as string, from) === -1
    )
      continue;
    const at = firstMatch(pairPattern, within, from);
    if (at !== -1 && (first === -1 || at < first)) first = at;
  }
  for (const symbol of symbols) {
    const at = indexOf.call(first === -1 ? text : upTo(text, first + symbol.length), symbol, from);
    if (at !== -1 && (first === -1 || at < first)) first = at;
  }
  return first;
}

/** `value` up to `end` (a slice costs no copy), all of it when `end` is -1 or past its end. */
function upTo(value: string, end: number): string {
  return end < 0 || end >= value.length ? value : slice.call(value, 0, end);
}

/** The lesser of two offsets, -1 standing for none. */
function earlier(a: number, b: number): number {
  return a === -1 ? b : b === -1 ? a : Math.min(a, b);
}

/**
 * Where the first trigger (see `unread.ts`) of `value[from...]` begins for a reading after a quote (`quoted`) or
 * as-is, or -1. The character before `from` is looked at too, as the one that may end the word before a lexicon
 * word; a word is found at that character, before it begins. `before` is an offset of a trigger found by another
 * search: none after it is looked for, since only the first one matters. `encoded`: `value` is not decoded yet, and
 * the hex digits of its `%XX` escapes are no letters.
 */
export function firstTrigger(
  value: string,
  from: number,
  quoted: boolean,
  before = -1,
  encoded = false,
): number {
  const entry = searchEntryOf(value);
  const text = entry === null ? value : entry.text;
  // Each search stops where an earlier one found a trigger: only the first one matters.
  let first = earlier(before, firstSymbol(text, from, reach(before, 2), SYMBOLS, SYMBOL_PAIRS));
  first = earlier(first, firstDashes(entry, text, from, reach(first, 2)));
  if (quoted) first = earlier(first, firstSymbol(text, from, reach(first, 1), QUOTES));
  // A word that begins before the first trigger found ends within a few characters of it.
  const end = reach(first, WORD_REACH);
  return earlier(
    first,
    end === -1 ? firstWord(entry, text, from, encoded) : searchWord(entry, text, end, from, encoded),
  );
}

/** Where a search for what begins before `first` (-1: anywhere) and is at most `length` long may stop. */
function reach(first: number, length: number): number {
  return first === -1 ? -1 : first + length;
}

/** Longer than any match of {@link WORD} from the start of its word: a break, the word, the lookahead after it. */
const WORD_REACH = 64;

/**
 * The last search of {@link firstWord}: the readings of one value search the same rest again (the raw value, then the
 * undecoded rest of its decoding), and a search of a mebibyte costs a millisecond or more. Forgotten at each call.
 * A long text is told by its search entry, not compared: a value and its decoding may be as long and differ only
 * in their last characters, and comparing them read both, 0.5 ms a mebibyte.
 */
const lastWord: { entry: SearchEntry | null; value: string; from: number; at: number } = {
  entry: null,
  value: '',
  from: 0,
  at: -1,
};

/** True when `value` (whose entry is `entry`) is the text {@link lastWord} searched. */
function searchedLast(entry: SearchEntry | null, value: string): boolean {
  return entry === null ? lastWord.entry === null && value === lastWord.value : entry === lastWord.entry;
}

/**
 * {@link searchWord}'s answer for `value` from `from`. A search of the same value from an offset the last one
 * covered is answered from it; one from before that offset searches only up to it, unless a run of word characters
 * crosses it, which a match could span.
 */
function firstWord(entry: SearchEntry | null, value: string, from: number, encoded: boolean): number {
  // A search of text as it is finds no later than one of text not yet decoded: its answer stands for both; the
  // converse does not hold, and the latter is not remembered.
  if (searchedLast(entry, value)) {
    const { from: lastFrom, at: lastAt } = lastWord;
    if (from >= lastFrom && (lastAt === -1 || from - 1 <= lastAt)) return lastAt;
    if (from < lastFrom && !crossedByRun(value, lastFrom)) {
      // The slice cuts the text: a word there may run on past it. From `lastFrom - 1` on, the last search knows.
      const at = searchWord(entry, value, lastFrom + RUN_CHECKED, from, encoded);
      return at !== -1 && at < lastFrom - 1 ? at : lastAt;
    }
  }
  const at = searchWord(entry, value, -1, from, encoded);
  if (encoded) return at;
  lastWord.entry = entry;
  lastWord.value = value;
  lastWord.from = from;
  lastWord.at = at;
  return at;
}

/** How far past the offset a search covered a match found by searching before it may reach, at most (see below). */
const RUN_CHECKED = 64;

/**
 * True when the characters around `at` may all belong to one match of {@link WORD} (a number glued to a word spans
 * digits, letters, `.`, `+` and `-`): a search that stops {@link RUN_CHECKED} characters past `at` may then cut one.
 */
function crossedByRun(value: string, at: number): boolean {
  const end = Math.min(value.length, at + RUN_CHECKED);
  for (let i = Math.max(0, at - 1); i < end; i++) {
    if (!isRunChar(charCodeAt.call(value, i))) return false;
  }
  return true;
}

/**
 * Where {@link WORD}'s first match from the character before `from` is, told by the break before the run of word
 * characters it ends with ({@link breakBeforeRun}), or -1. The search starts at the break before the first pair of
 * letters (or, in text where that is cheaper, the first word of the lexicon wherever it stands: see
 * {@link wordsFirst}), and before the number glued to it ({@link numberStart}); either way the answer is the same.
 * In text not yet decoded (`encoded`), a pair of hex digits after `%` is no pair of letters, and the search starts
 * from the first other one.
 */
function searchWord(
  entry: SearchEntry | null,
  text: string,
  end: number,
  from: number,
  encoded: boolean,
): number {
  const value = upTo(text, end);
  const pair = recalledMatch(encoded ? ENCODED_LETTER_PAIR : LETTER_PAIR, entry, text, value.length, from);
  if (pair === -1) return -1;
  return searchFrom(entry, text, value, from, pair, wordsFirst(value, pair));
}

/**
 * {@link searchWord} from the first pair of letters, `pair`, by a search for words anywhere first or not. Every word
 * of the lexicon begins with a pair of letters, so none of WORD's matches has its word before this one.
 */
function searchFrom(
  entry: SearchEntry | null,
  text: string,
  value: string,
  from: number,
  pair: number,
  anywhereFirst: boolean,
): number {
  const first = anywhereFirst ? recalledMatch(WORD_ANYWHERE, entry, text, value.length, pair) : pair;
  if (first === -1) return -1;
  const floor = Math.max(0, from - 1);
  const start = numberStart(value, first, floor);
  if (start === 0 && from === 0) {
    WORD_AT_START.lastIndex = 0;
    if (WORD_AT_START.test(value)) return 0;
  }
  const at = recalledMatch(WORD, entry, text, value.length, start > floor ? start - 1 : floor);
  return at === -1 ? -1 : breakBeforeRun(value, at);
}

/** {@link WORD} tried at one offset, to tell where its match there ends. */
const WORD_AT = new RegExp(WORD.source, 'y');

/**
 * The break right before the run of word characters that ends the match of {@link WORD} at `at`, `at` at the
 * earliest: `.` in `'1.5union`, where the match begins at the quote. A fresh reading begins near a trigger, and
 * one from the quote would read the payload as a literal; every match of {@link WORD} from `at` to there has the
 * same word, so the answer is one function of the text still.
 */
function breakBeforeRun(value: string, at: number): number {
  WORD_AT.lastIndex = at;
  const match = exec.call(WORD_AT, value);
  WORD_AT.lastIndex = 0;
  if (match === null) return at;
  let start = at + (match[0] as string).length;
  while (start - 1 > at && isWordChar(charCodeAt.call(value, start - 1))) start--;
  return start - 1;
}

/**
 * Where a number glued to the text at `first` may begin, walking back from it: over word characters, one `.`, and
 * one sign right after an `e` and after any `.` (`1.5e+5`), as {@link NUMBER_PREFIX} spells a number; `floor` when
 * that is more than {@link MAX_NUMBER_PREFIX} characters back. A match of {@link WORD} whose word begins at `first`
 * or later, and whose break is before `first`, has its number begin here or later: the search from the break before
 * this offset finds the first match from `floor`, whichever of the two searches found `first`.
 */
function numberStart(value: string, first: number, floor: number): number {
  let start = first;
  let dot = false;
  let sign = false;
  while (start > floor) {
    if (first - start >= MAX_NUMBER_PREFIX) return floor;
    const c = charCodeAt.call(value, start - 1);
    if (c === 0x2e) {
      if (dot) break;
      dot = true;
    } else if (c === 0x2b || c === 0x2d) {
      if (sign || dot || start < 2 || (charCodeAt.call(value, start - 2) | 0x20) !== 0x65) break;
      sign = true;
    } else if (!isWordChar(c)) break;
    start--;
  }
  return start;
}

/**
 * A search of one of {@link RECALLED_PATTERNS} in `text[0..length)` from `from`, and what it found. The readings of a
 * value and of its decoding search texts that are the same up to the first escape decoded and after the last one,
 * often most of a mebibyte: a search of the one answers for the other there (see {@link recalledMatch}). Forgotten
 * at each call.
 */
interface RecalledSearch {
  readonly pattern: RegExp;
  readonly entry: SearchEntry;
  readonly length: number;
  readonly from: number;
  readonly at: number;
}
const recalled: RecalledSearch[] = [];
/** Six patterns, each searched by a few readings. */
const MAX_RECALLED = 16;

/**
 * Offsets `[from, to)` of a text where a match tried fares as one tried `shift` characters later in an earlier
 * search's text: the two read the same characters.
 */
interface Span {
  readonly from: number;
  readonly to: number;
  readonly shift: number;
}

/**
 * The spans where tries of `pattern` in `text[0..length)` (of `entry`) fare as in `earlier`'s text: up to where
 * their shared beginning ends ({@link sameBefore}), and from where their shared end begins to the end, when both
 * searches ran to the ends of texts that end alike. In offset order, without overlap.
 */
function spansOf(
  pattern: RegExp,
  earlier: RecalledSearch,
  entry: SearchEntry,
  text: string,
  length: number,
): Span[] {
  const spans: Span[] = [];
  const shared = Math.min(knownSharedPrefix(earlier.entry, entry), earlier.length, length);
  const head = shared === 0 ? 0 : sameBefore(pattern, text, shared);
  const tail = knownSharedEnd(earlier.entry, entry);
  // A try reads forward, and a few characters back at most: one far enough past the shared end's start reads only
  // what both texts hold alike.
  const from = tail === null ? length : tail.from + (FIXED_REACH.get(pattern)?.behind ?? 0);
  const tailSpan =
    tail !== null && earlier.length === length + tail.shift && from < length
      ? { from, to: length, shift: tail.shift }
      : null;
  const headTo = tailSpan === null ? head : Math.min(head, tailSpan.from);
  if (headTo > 0) spans.push({ from: 0, to: headTo, shift: 0 });
  if (tailSpan !== null) spans.push(tailSpan);
  return spans;
}

/** {@link searchTries}' answer when the tries searched found no match before the offset asked. */
const NONE = -2;

/**
 * `firstMatch(pattern, text.slice(0, length), from)`, for a pattern of {@link RECALLED_PATTERNS}, answered in part by
 * an earlier search of the same pattern in a text known to begin or end alike (`search.ts`'s `SearchEntry`). Within
 * a span of {@link spansOf}, the tries the earlier search failed fail here too, and its match is a match here. What
 * no span covers, or the earlier search did not try, is searched, in a slice that holds all those tries read (see
 * {@link readsBefore}). The answer is the one a search from `from` gives, whatever was searched before.
 */
function recalledMatch(
  pattern: RegExp,
  entry: SearchEntry | null,
  text: string,
  length: number,
  from: number,
): number {
  const whole = length === text.length ? text : slice.call(text, 0, length);
  // A short text is searched at once: it is its own search text, and has no entry.
  if (entry === null) return firstMatch(pattern, whole, from);
  for (const earlier of recalled) {
    if (earlier.pattern !== pattern) continue;
    const spans = spansOf(pattern, earlier, entry, text, length);
    if (spans.length === 0) continue;
    return remembered(pattern, entry, length, from, searchSpans(pattern, text, whole, from, earlier, spans));
  }
  return remembered(pattern, entry, length, from, firstMatch(pattern, whole, from));
}

/** {@link recalledMatch} through the spans of one earlier search. */
function searchSpans(
  pattern: RegExp,
  text: string,
  whole: string,
  from: number,
  earlier: RecalledSearch,
  spans: readonly Span[],
): number {
  let at = from;
  for (const span of spans) {
    if (span.to <= at) continue;
    if (at < span.from) {
      const found = searchTries(pattern, text, whole, at, span.from);
      if (found !== NONE) return found;
      at = span.from;
    }
    // The earlier search began later: what it did not try is searched here.
    if (earlier.from > at + span.shift) {
      const until = Math.min(span.to, earlier.from - span.shift);
      const found = searchTries(pattern, text, whole, at, until);
      if (found !== NONE) return found;
      at = until;
      if (at >= span.to) continue;
    }
    // Tries from `at` fare as the earlier search's from `at + shift`: they failed up to its match, which stands.
    if (earlier.at !== -1) {
      // Where its match is here: before `at`, it tells nothing of the tries from `at`.
      const known = earlier.at - span.shift;
      if (known < at) return firstMatch(pattern, whole, at);
      if (known < span.to) return known;
    }
    at = span.to;
  }
  return firstMatch(pattern, whole, at);
}

/**
 * The first match of the tries of `pattern` in `whole` from `from` up to `until`, or {@link NONE}. Searched in a
 * slice that holds what those tries read; when that is all of the text, the search answers for the tries after
 * `until` as well, and its answer is returned whatever it is.
 */
function searchTries(pattern: RegExp, text: string, whole: string, from: number, until: number): number {
  const end = readsBefore(pattern, text, until, whole.length);
  if (end === whole.length) return firstMatch(pattern, whole, from);
  const found = firstMatch(pattern, slice.call(text, 0, end), from);
  return found !== -1 && found < until ? found : NONE;
}

function remembered(pattern: RegExp, entry: SearchEntry, length: number, from: number, at: number): number {
  recalled.unshift({ pattern, entry, length, from, at });
  if (recalled.length > MAX_RECALLED) recalled.length = MAX_RECALLED;
  return at;
}

/**
 * How far past the end of its number a try of {@link WORD} may read: the word, the character after it, and what a
 * number's optional parts (`.`, an exponent, a suffix) read to find out they are not there.
 */
const PAST_NUMBER = MAX_WORD + 5;

/**
 * The offset before which every match of `pattern` tried in `text` reads only its first `shared` characters. A
 * pattern of {@link FIXED_REACH} reads a fixed number of characters. {@link WORD} reads a break of up to three
 * characters, a number (see {@link NUMBER_PREFIX}: decimal characters, or hex or binary digits after `0x` or `0b`),
 * then at most {@link PAST_NUMBER} more: a try that begins three characters before the first number that may run on
 * to within that distance of the end stops before it. A run longer than {@link MAX_RUN_WALK} is not walked: nothing
 * is then known to be the same (-1).
 */
export function sameBefore(pattern: RegExp, text: string, shared: number): number {
  const fixed = FIXED_REACH.get(pattern);
  if (fixed !== undefined) return shared - fixed.reach;
  const reach = shared - PAST_NUMBER;
  if (reach <= 0) return -1;
  const floor = Math.max(0, reach - MAX_RUN_WALK);
  const decimal = runBack(text, reach, floor, isNumberChar);
  const hex = runBack(text, reach, floor, isHexDigit);
  const digits = runBack(text, reach, floor, isDigit);
  if (decimal === -1 || hex === -1 || digits === -1) return -1;
  let start = decimal;
  if (prefixedBy(text, hex, 0x78)) start = Math.min(start, hex - 2);
  if (prefixedBy(text, digits, 0x62)) start = Math.min(start, digits - 2);
  return start - 3;
}

/**
 * How much of `text[0..length)` the matches of `pattern` tried before `offset` read, at most: the converse of
 * {@link sameBefore}. A try of {@link WORD} before `offset` begins its number by `offset + 2`, and its `0x` or `0b`
 * by `offset + 4`; past {@link MAX_RUN_WALK} characters of a number, all of the text is taken.
 */
export function readsBefore(pattern: RegExp, text: string, offset: number, length: number): number {
  const fixed = FIXED_REACH.get(pattern);
  if (fixed !== undefined) return Math.min(length, offset + fixed.reach);
  const from = offset + 4;
  const limit = Math.min(length, from + MAX_RUN_WALK);
  let end = from;
  for (const isPart of [isNumberChar, isHexDigit]) {
    let at = from;
    while (at < limit && isPart(charCodeAt.call(text, at))) at++;
    if (at >= limit && limit < length) return length;
    end = Math.max(end, at);
  }
  return Math.min(length, end + PAST_NUMBER);
}

/**
 * Where the run of characters `isPart` takes that ends at `end` (exclusive) begins, or -1 when it goes on past
 * `floor`.
 */
function runBack(text: string, end: number, floor: number, isPart: (c: number) => boolean): number {
  let at = end;
  while (at > floor && isPart(charCodeAt.call(text, at - 1))) at--;
  return at === floor && floor > 0 && isPart(charCodeAt.call(text, floor - 1)) ? -1 : at;
}

/** True when `0x` (`letter` 0x78) or `0b` (0x62), in either case, ends right before `at`. */
function prefixedBy(text: string, at: number, letter: number): boolean {
  return (
    at >= 2 && (charCodeAt.call(text, at - 1) | 0x20) === letter && charCodeAt.call(text, at - 2) === 0x30
  );
}

/** A character of {@link NUMBER_PREFIX}'s decimal form: a digit, `.`, `e`, `+`, `-`, or a `d` or `f` suffix. */
function isNumberChar(c: number): boolean {
  const lower = c | 0x20;
  return (
    isDigit(c) || c === 0x2e || c === 0x2b || c === 0x2d || lower === 0x65 || lower === 0x64 || lower === 0x66
  );
}

/**
 * How far {@link sameBefore} and {@link readsBefore} walk a number: a mebibyte of digits would cost a millisecond a
 * walk, and a search that knows less only searches more.
 */
const MAX_RUN_WALK = 256;

/** A character {@link WORD}'s number prefix or word may hold: a word character, `.`, `+` or `-`. */
function isRunChar(c: number): boolean {
  return isWordChar(c) || c === 0x2e || c === 0x2b || c === 0x2d;
}

/**
 * A word of the lexicon wherever it stands, even inside a run of word characters: what every match of {@link WORD}
 * ends with. A search for it tries each letter (about 5 ns a try), where {@link WORD} tries each break (15-30 ns
 * when a letter or a digit follows, as in URL-encoded text: `%2E`, `%20`, `=`, `&`); a mebibyte of `a%2Eb` costs
 * 2.9 ms so, 5.8 ms by {@link WORD}, and one of base64, with few breaks, costs the other way round.
 */
const WORD_ANYWHERE = new RegExp(`${WORD_TRIE}${WORD_END}`, 'g');
/**
 * How {@link wordsFirst} samples a text: {@link SAMPLE_RUNS} runs of {@link SAMPLE_RUN} characters, one in each of
 * as many equal stretches from where the search begins to the end, at an offset within its stretch drawn for each
 * call of the detector. Runs at offsets known in advance let a value show them one make-up and hold another
 * everywhere else (a reviewer's value took 8 ms so); the draw changes only the cost of the search, never its answer
 * (see {@link searchWord}).
 */
const SAMPLE_RUNS = 16;
const SAMPLE_RUN = 64;
/** This call's offset of each run within its stretch, as a fraction of the room there; -1 until drawn. */
let sampleOffset = -1;
/**
 * What {@link wordsFirst} weighs, per character of its sample: for {@link WORD_ANYWHERE}, a letter (a try) and each
 * character of a word of the lexicon that the text there begins with (how deep the try goes); for {@link WORD}, an
 * ASCII break and each such character after it and the number it may begin. Fitted to both searches' times on a
 * mebibyte of each of 97 random mixes of SQL words, letters, digits and punctuation (2026-12-07), and checked on 97
 * more: there the choice cost at most 0.5 ms more than the better search, 0.8 ms summed over each half, where the
 * letters against the breaks of the first KiB, as chosen before, cost up to 2 ms more, 4.5 to 4.8 ms summed.
 */
const LETTER_COST = 5;
const ANYWHERE_DEPTH_COST = 6;
const BREAK_COST = 30;
const WORD_DEPTH_COST = 5;

/** The column of each ASCII character in {@link TRIE_NEXT}: a letter of either case, `_`, a digit; 0 for none. */
const TRIE_SYMBOL = (() => {
  const symbols = new Uint8Array(0x80);
  for (let c = 0; c < 26; c++) {
    symbols[0x61 + c] = 1 + c;
    symbols[0x41 + c] = 1 + c;
  }
  symbols[0x5f] = 27;
  for (let c = 0; c < 10; c++) symbols[0x30 + c] = 28 + c;
  return symbols;
})();
const TRIE_WIDTH = 38;
/** {@link LEXICON_TRIE} as a table, for {@link prefixDepth}: a row per node, the next node per column, -1 for none. */
const TRIE_NEXT = (() => {
  const rows: number[][] = [];
  const add = (node: TrieNode): number => {
    const row: number[] = new Array(TRIE_WIDTH).fill(-1);
    rows.push(row);
    const id = rows.length - 1;
    for (const [c, next] of node) if (c !== '') row[TRIE_SYMBOL[c.charCodeAt(0)] as number] = add(next);
    return id;
  };
  add(LEXICON_TRIE);
  return Int16Array.from(rows.flat());
})();

/** How many characters of `value` from `at` (before `end`) spell the beginning of a word of the lexicon. */
function prefixDepth(value: string, at: number, end: number): number {
  let node = 0;
  let i = at;
  while (i < end) {
    const c = charCodeAt.call(value, i);
    const symbol = c < 0x80 ? (TRIE_SYMBOL[c] as number) : 0;
    if (symbol === 0) break;
    node = TRIE_NEXT[node * TRIE_WIDTH + symbol] as number;
    if (node < 0) break;
    i++;
  }
  return i - at;
}

/**
 * How far {@link pastNumber} walks: far enough for the numbers glued to words that text holds (`1.5e5`), as a
 * sample only weighs a try there. Walked to the end of the text from each break of the sample, a mebibyte of dots
 * took a second and a half (a reviewer's value).
 */
const SAMPLED_NUMBER = 16;

/** Past the decimal characters a number may begin with after a break (`1.5e5`), where {@link WORD} tries a word. */
function pastNumber(value: string, at: number, length: number): number {
  const end = Math.min(length, at + SAMPLED_NUMBER);
  let i = at;
  while (i < end) {
    const c = charCodeAt.call(value, i);
    if (!isDigit(c) && c !== 0x2e && (c | 0x20) !== 0x65) break;
    i++;
  }
  return i;
}

/**
 * True when the characters after `at` say that searching `value` for {@link WORD_ANYWHERE} first, then for
 * {@link WORD} from its first match, costs less than searching for {@link WORD} at once: by the weights above, on
 * a sample. Either way the answer is the same (see {@link searchWord}). A search is dear when it runs far, so the
 * sample is spread over all that it may run through, not taken where it begins: a mebibyte that begins with 100 KB
 * of `abcd.` and goes on with `,1.5e5selec` costs 4.9 ms by {@link WORD} and 3 ms the other way, and a sample of its
 * first KiB chose {@link WORD}. A value whose make-up misleads the sample costs the dearer search, no more.
 */
export function wordsFirst(value: string, at: number): boolean {
  const length = value.length;
  const span = length - at;
  const runs = span <= SAMPLE_RUNS * SAMPLE_RUN ? 1 : SAMPLE_RUNS;
  const run = runs === 1 ? span : SAMPLE_RUN;
  const stretch = runs === 1 ? 0 : Math.floor(span / SAMPLE_RUNS);
  if (runs > 1 && sampleOffset < 0) sampleOffset = Math.random();
  const offset = runs === 1 ? 0 : Math.floor(sampleOffset * (stretch - run));
  let anywhere = 0;
  let word = 0;
  for (let r = 0; r < runs; r++) {
    const start = at + r * stretch + offset;
    const end = start + run;
    for (let i = start; i < end; i++) {
      const c = charCodeAt.call(value, i);
      const lower = c | 0x20;
      if (lower >= 0x61 && lower <= 0x7a) {
        anywhere += LETTER_COST + ANYWHERE_DEPTH_COST * prefixDepth(value, i, length);
      } else if (c < 0x80 && !isDigit(c) && c !== 0x5f) {
        word += BREAK_COST + WORD_DEPTH_COST * prefixDepth(value, pastNumber(value, i + 1, length), length);
      }
    }
  }
  return anywhere < word;
}

/**
 * {@link firstTrigger} for text not yet decoded: a trigger as it is, or something a decoding round turns into one
 * ({@link ESCAPED}).
 */
export function firstEncodedTrigger(value: string, from: number, quoted: boolean): number {
  return firstTrigger(value, from, quoted, firstMatch(ESCAPED, value, from), true);
}

/**
 * The reused patterns whose tries read a bounded number of characters (see {@link recalledMatch}): how many from
 * where a try begins (a word of the lexicon and the character after it, for {@link WORD_ANYWHERE}), and how many
 * before it (a lookbehind).
 */
const FIXED_REACH: ReadonlyMap<RegExp, { readonly reach: number; readonly behind: number }> = new Map([
  [WORD_ANYWHERE, { reach: MAX_WORD + 1, behind: 0 }],
  [DASHES, { reach: 2, behind: 0 }],
  [COMMENT_DASHES, { reach: 3, behind: 0 }],
  [LETTER_PAIR, { reach: 2, behind: 0 }],
  [ENCODED_LETTER_PAIR, { reach: 2, behind: 2 }],
]);

/** The patterns whose searches are reused (see {@link recalledMatch}), for the tests of their bounds. */
export const RECALLED_PATTERNS = Object.freeze({
  WORD,
  WORD_ANYWHERE,
  DASHES,
  COMMENT_DASHES,
  LETTER_PAIR,
  ENCODED_LETTER_PAIR,
});

/**
 * {@link searchWord} of text as it is, with the search for words anywhere first (`anywhereFirst`) or not, whatever
 * {@link wordsFirst} would choose: for the tests, which check both answers against {@link WORD} itself.
 */
export function firstWordBy(value: string, from: number, anywhereFirst: boolean): number {
  const entry = searchEntryOf(value);
  const text = entry === null ? value : entry.text;
  const pair = recalledMatch(LETTER_PAIR, entry, text, text.length, from);
  return pair === -1 ? -1 : searchFrom(entry, text, text, from, pair, anywhereFirst);
}

/** Forgets the searches of this file, so that no value outlives the call of the detector that read it. */
export function forgetSearches(): void {
  sampleOffset = -1;
  lastWord.entry = null;
  lastWord.value = '';
  lastWord.at = -1;
  // Setting the length is a call into the runtime, even of an empty array: most calls searched nothing.
  if (recalled.length !== 0) recalled.length = 0;
}

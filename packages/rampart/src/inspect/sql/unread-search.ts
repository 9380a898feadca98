import * as characters from './characters.js';
import * as lexicon from './lexicon.js';
import * as search from './search.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const { isWordChar, WIDE_WORD_CLASS } = characters;
const { WORDS } = lexicon;
const { needsUnitSearch } = search;

// Called as `indexOf.call(value, ...)`, never as methods of the value: see `characters.ts`.
const charCodeAt = String.prototype.charCodeAt;
const indexOf = String.prototype.indexOf;

/**
 * Native searches for what `unread.ts` looks for in the part of a text a reading did not read: the triggers of the
 * benign screen (`screen.ts`), in text as it is and in text not yet decoded. Each is one pass of a regular
 * expression or of `indexOf`, linear whatever the text holds, and returns where the first match begins (or -1),
 * since a fresh reading starts near it.
 */

/**
 * The lexicon as a regular expression: a trie of alternatives (`u(?:n(?:ion|ique)|...)`), so that a position
 * costs a comparison per character of the longest prefix it shares with a word, not one per word.
 */
function trieSource(words: readonly string[]): string {
  type Node = Map<string, Node>;
  const root: Node = new Map();
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
    // The empty key marks the end of a word.
    node.set('', new Map());
  }
  const source = (node: Node): string => {
    const branches = [...node].filter(([c]) => c !== '').map(([c, next]) => `${c}${source(next)}`);
    if (branches.length === 0) return '';
    const choice = `(?:${branches.join('|')})`;
    return node.has('') ? `${choice}?` : choice;
  };
  return source(root);
}

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
const WORD = new RegExp(
  `(?:^|[^0-9A-Za-z_${WIDE_WORD_CLASS}]|%[0-9a-f][a-f])` +
    `(?:0x[0-9a-f]*|0b[0-9]*|[0-9]*(?:\\.[0-9]*)?(?:e[+-]?[0-9]+)?[df]?)${trieSource(WORDS)}` +
    `(?![0-9A-Za-z_$${WIDE_WORD_CLASS}])`,
  'gi',
);
/**
 * Two ASCII letters in a row, which every word of the lexicon begins with: a scan for them costs a fraction of
 * {@link WORD}'s, and skips what holds none (`1+1+...`, `a,a,...`, lists of numbers) whole.
 */
const LETTER_PAIR = /[a-z]{2}/gi;
/** How far before the first {@link LETTER_PAIR} the break that may begin its word is looked for. */
const MAX_NUMBER_PREFIX = 64;

/**
 * The triggers that are not words: comment marks, logic symbols, system variables, backslashes, and for a reading
 * after a quote, quotes. A reading as-is is not given quotes: its literals are operands like numbers, and no
 * signal of the grammar is made of literals, names, numbers and operators alone (`'a'='a'` is a comparison, the
 * `OR` before it the signal; a test checks this on random values), so a long list of quoted ids stays clean.
 */
const SYMBOLS = ['\\', '#', '|', '/*', '&&', '@@'];
const QUOTES = ["'", '"'];
/** {@link SYMBOLS} in one pass, for a long value that `search.ts` says must be searched unit by unit. */
const SYMBOL = /[\\#|]|\/\*|&&|@@/g;
const QUOTE = /['"]/g;
const DASHES = /--/g;
const NEWLINE = /\n/g;
/**
 * `--` before anything but a word character, which starts a comment in every dialect; before a word character it
 * does only where a line break follows (`tokenizer.ts`: `1--x` is double minus to MySQL), and base64url holds
 * thousands of those.
 */
const COMMENT_DASHES = new RegExp(`--(?![0-9A-Za-z_$${WIDE_WORD_CLASS}])`, 'g');

/** Where the first `--` of `value[from...]` that may start a comment is, or -1. */
function firstDashes(value: string, from: number): number {
  const unitSearch = needsUnitSearch(value);
  const at = unitSearch ? firstMatch(DASHES, value, from) : indexOf.call(value, '--', from);
  if (at === -1) return -1;
  const newline = unitSearch ? firstMatch(NEWLINE, value, at) : indexOf.call(value, '\n', at);
  return newline !== -1 ? at : firstMatch(COMMENT_DASHES, value, at);
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
 * What may decode to a single or a double quote (see `normalize.ts`): the quote, its fullwidth form, and their
 * escapes and HTML references. A superset: the first match is at or before the first quote of that kind in the
 * decoded text, and ends at most {@link QUOTE_SOURCE_LENGTH} characters after the start of its source. A `%` or
 * `\\` escape is matched at its last character and looked behind from there, first at the one character before
 * it: a `%` is too frequent in encoded text to start a match at.
 */
const QUOTE_SOURCES = {
  single:
    /['\uff07]|7(?<=[207]7)(?<=%27|\\x27|[%\\]u0027|[%\\]uff07|%ef%bc%87)|&(?=#0*39|#0*65287|#x0*27|#x0*ff07|apos;)/gi,
  double:
    /["\uff02]|2(?<=[208]2)(?<=%22|\\x22|[%\\]u0022|[%\\]uff02|%ef%bc%82)|&(?=#0*34|#0*65282|#x0*22|#x0*ff02|quot;)/gi,
};
const QUOTE_SOURCE_LENGTH = 16;

/** What may decode to a line break, which ends a `--` or `#` comment. */
const NEWLINE_SOURCE = /\n|[a0](?<=%0a|%u000a|\\x0a|\\u000a|&#x0*a|&#0*10)|&(?=newline;)/gi;

/** Where `pattern` first matches `value` from `from` (the match's first character), or -1. */
function firstMatch(pattern: RegExp, value: string, from: number): number {
  pattern.lastIndex = from;
  const at = pattern.exec(value)?.index ?? -1;
  pattern.lastIndex = 0;
  return at;
}

/** Where the first of `symbols` occurs in `value` from `from`, or -1; searched by `pattern` where `search.ts` says so. */
function firstSymbol(value: string, from: number, symbols: readonly string[], pattern: RegExp): number {
  if (needsUnitSearch(value)) return firstMatch(pattern, value, from);
  let first = -1;
  for (const symbol of symbols) {
    const at = indexOf.call(value, symbol, from);
    if (at !== -1 && (first === -1 || at < first)) first = at;
  }
  return first;
}

/** The lesser of two offsets, -1 standing for none. */
function earlier(a: number, b: number): number {
  return a === -1 ? b : b === -1 ? a : Math.min(a, b);
}

/**
 * Where the first trigger (see `unread.ts`) of `value[from...]` begins for a reading after a quote (`quoted`) or
 * as-is, or -1. The character before `from` is looked at too, as the one that may end the word before a lexicon
 * word; a word is found at that character, before it begins.
 */
export function firstTrigger(value: string, from: number, quoted: boolean): number {
  let first = earlier(firstSymbol(value, from, SYMBOLS, SYMBOL), firstDashes(value, from));
  if (quoted) first = earlier(first, firstSymbol(value, from, QUOTES, QUOTE));
  return earlier(first, firstWord(value, from));
}

/**
 * Where the first {@link WORD} of `value[from...]` is matched (the break before it included), or -1. The search
 * starts at the break before the first pair of letters, found by a backward walk over the word characters glued to
 * it; a number longer than {@link MAX_NUMBER_PREFIX} glued to it sends the search back to `from`.
 */
function firstWord(value: string, from: number): number {
  const pair = firstMatch(LETTER_PAIR, value, from);
  if (pair === -1) return -1;
  const floor = Math.max(0, from - 1);
  let start = pair;
  while (start > floor && pair - start < MAX_NUMBER_PREFIX && isWordChar(charCodeAt.call(value, start - 1)))
    start--;
  if (start > floor && pair - start >= MAX_NUMBER_PREFIX) start = floor;
  return firstMatch(WORD, value, start > floor ? start - 1 : floor);
}

/**
 * {@link firstTrigger} for text not yet decoded: a trigger as it is, or something a decoding round turns into one
 * ({@link ESCAPED}).
 */
export function firstEncodedTrigger(value: string, from: number, quoted: boolean): number {
  return earlier(firstMatch(ESCAPED, value, from), firstTrigger(value, from, quoted));
}

/** Where the first place that may decode to `quote` (a char code) begins in `value[from...]`, or -1. */
export function firstQuoteSource(value: string, from: number, quote: number): number {
  const at = firstMatch(quote === 0x27 ? QUOTE_SOURCES.single : QUOTE_SOURCES.double, value, from);
  // A `%` or `\\` escape is matched at its last character: its source begins a few characters before.
  return at === -1 ? -1 : Math.max(from, at - QUOTE_SOURCE_LENGTH);
}

/** True when `value[from...]` holds something that may decode to a line break, which ends a `--` or `#` comment. */
export function holdsNewlineSource(value: string, from: number): boolean {
  return firstMatch(NEWLINE_SOURCE, value, from) !== -1;
}

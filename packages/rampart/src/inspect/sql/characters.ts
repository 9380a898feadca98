/**
 * How the tokenizer classifies characters: word characters (names, keywords, numbers), spaces, digits. A table
 * gives the class of any UTF-16 unit in one load; regular expressions give the same classes to native scans of
 * long runs.
 *
 * How the detector reads characters: each file that reads a value declares `const charCodeAt =
 * String.prototype.charCodeAt` and calls `charCodeAt.call(value, i)`, never `value.charCodeAt(i)`. V8 keeps a
 * string in one of several representations (one or two bytes per character; flat, sliced, concatenated, thin,
 * internalized), each with its own hidden class, and a server meets them all: query parsers slice, decoders
 * concatenate, `JSON.parse` internalizes short strings, and the detector's own readings decode and fold values. A
 * `value.charCodeAt(i)` site that has met more than four of them goes megamorphic: each call looks the method up
 * in a global cache, at ten times the cost of the read, and is no longer inlined. Through a constant of the file,
 * the read is inlined whatever the representation (an imported constant is not: it is reloaded and checked at
 * every use). The same holds for `indexOf`, `includes` and `slice`.
 */

/** Runs of spaces and control characters, skipped natively once they are longer than a few characters. */
export const SPACES = /[\0-\x20\xa0]*/y;
/** The rest of a long word, read natively (see {@link isWordChar}). */
export const WORD_REST =
  /[0-9A-Za-z_$\x80-\x9f\xa1-\u1fff\u2070-\u2fff\u3040-\uff00\uff04\uff10-\uff19\uff21-\uff3a\uff3f\uff41-\uff5a\uff5f-\ufffc\ufffe\uffff]*/y;
/**
 * U+FFFD, what a decoder makes of a byte that is not text: a separator, as the byte it replaced was to the
 * database (`1\ufffdUNION\ufffdSELECT`).
 */
const REPLACEMENT = 0xfffd;

export function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Letters, digits, `_`, `$` and non-ASCII characters (identifiers may be Unicode), punctuation aside. */
function isWordCharSlow(c: number): boolean {
  const lower = c | 0x20;
  if ((lower >= 0x61 && lower <= 0x7a) || isDigit(c) || c === 0x5f || c === 0x24) return true;
  return c >= 0x80 && c !== 0xa0 && !isWidePunctuation(c);
}

/**
 * General punctuation (typographic quotes, dashes, primes), CJK punctuation (the ideographic space) and fullwidth
 * punctuation: not letters, so not part of a name. Other readings fold them to the ASCII they stand for.
 */
function isWidePunctuation(c: number): boolean {
  if (c < 0x2000) return false;
  if (c <= 0x206f || (c >= 0x3000 && c <= 0x303f)) return true;
  if (c < 0xff01 || c > 0xff5e) return false;
  // Fullwidth digits and letters are word characters; the rest of the block is punctuation.
  const ascii = c - 0xfee0;
  const lower = ascii | 0x20;
  return !(isDigit(ascii) || (lower >= 0x61 && lower <= 0x7a) || ascii === 0x5f || ascii === 0x24);
}

/**
 * Per UTF-16 unit, whether it is a word character (bit 1) or a space (bit 2): one load per character. Control
 * characters count as spaces: several servers and drivers skip them, and so do fuzzing payloads.
 */
const CHAR_CLASS = (() => {
  const classes = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++)
    classes[c] = c === REPLACEMENT ? 2 : (isWordCharSlow(c) ? 1 : 0) | (c <= 0x20 || c === 0xa0 ? 2 : 0);
  return classes;
})();

export function isWordChar(c: number): boolean {
  return ((CHAR_CLASS[c] as number) & 1) !== 0;
}

export function isSpace(c: number): boolean {
  return ((CHAR_CLASS[c] as number) & 2) !== 0;
}

export function isHexDigit(c: number): boolean {
  const lower = c | 0x20;
  return isDigit(c) || (lower >= 0x61 && lower <= 0x66);
}

import * as characters from './characters.js';
import * as lexicon from './lexicon.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const { isDigit, markWordChars } = characters;
const { lookupRun, MAX_WORD } = lexicon;

// Called as `charCodeAt.call(value, i)`, never as `value.charCodeAt(i)`: see `characters.ts`.
const charCodeAt = String.prototype.charCodeAt;

/**
 * A benign pre-screen: one pass that proves a value cannot make any reading of the detector report anything, so
 * that most benign values (names, addresses, phone numbers, plain URLs, prose without SQL words) are cleared
 * without being tokenized at all.
 *
 * Why it is sound. Every signal the grammar reports needs, somewhere in the value, one of:
 * - a word of the lexicon (`lexicon.ts`): keywords (UNION, OR, SELECT, NULL...), function and package names
 *   (SLEEP, ASCII, UTL_HTTP), and the words the grammar names (GOTO, DESCRIBE...). The grammar recognises words
 *   only through token ids from that table, and the tokenizer looks up whole words, a word glued to a number
 *   (`1union`, `1Dunion`, `0x1Funion`), and a word after a dollar-quoted string (`$$x$$union`): the screen looks
 *   up every run of word characters split at `$`, and every suffix of a run that starts with a digit;
 * - a quote (string literals, the quoted readings, `quote-operator`), a comment (`--`, `#`, `/*`: comment
 *   truncation, executable comments), `||` or `&&` (logic, which every tautology and boolean signal needs),
 *   `@@` (system variables), `\` (`\N`, escapes);
 * - or something a decoding round or the typographic folding changes (`%`, `&`, `\`, NUL, fullwidth forms, the
 *   ideographic space, typographic quotes), after which the value is read again.
 * The work limit (`sqli:work-limit`) needs one of the same in the text a reading did not finish (`unread.ts`
 * relies on this argument and searches for them natively). Whatever else
 * the value holds (numbers, names, arithmetic, parentheses, `;`, single `@`) parses to nothing the grammar
 * reports. A test checks the implication on random values built from SQL's own pieces.
 */

const INERT = 0;
const WORD = 1;
/** Characters that can make SQL on their own: see above. */
const TRIGGER = 2;
/** `-`, `/`, `@`: triggers when doubled or followed by `*` (`--`, `/*`, `@@`). */
const PAIRED = 3;
/** `$`: a word character that may end a dollar-quoted string, after which a new word starts. */
const DOLLAR = 4;

const CLASS = (() => {
  const classes = markWordChars(new Uint8Array(0x10000), WORD);
  for (const c of '\'"\\%&|#\0') classes[c.charCodeAt(0)] = TRIGGER;
  for (const c of [0x2018, 0x2019, 0x201c, 0x201d, 0x2032, 0x2033, 0x3000]) classes[c] = TRIGGER;
  classes.fill(TRIGGER, 0xff01, 0xff5f);
  for (const c of '-/@') classes[c.charCodeAt(0)] = PAIRED;
  classes[0x24] = DOLLAR;
  return classes;
})();

/**
 * True when the run of word characters `value[start, end)`, whose first and last characters are `first` and
 * `last`, holds a lexicon word: the whole run or, when it starts with a digit or follows one and a dot, a suffix
 * that does not. Most runs are rejected by their length, first and last characters alone (`lookupRun`), without
 * being hashed: hashing every character as it was read cost more than the rest of the screen.
 */
function isKnownRun(value: string, start: number, end: number, first: number, last: number): boolean {
  if (end - start <= MAX_WORD && lookupRun(value, start, end, first, last) >= 0) return true;
  // A run after `1.` continues a number to the tokenizer (`1.Dunion` is the literal `1.D` and UNION; `1.e5union`,
  // `1.e5` and UNION), so its suffixes are looked up as those of a run that starts with a digit.
  const afterNumber =
    start >= 2 && charCodeAt.call(value, start - 1) === 0x2e && isDigit(charCodeAt.call(value, start - 2));
  if (!afterNumber && !isDigit(first)) return false;
  for (let at = Math.max(start + 1, end - MAX_WORD); at < end; at++) {
    const c = charCodeAt.call(value, at);
    if (!isDigit(c) && lookupRun(value, at, end, c, last) >= 0) return true;
  }
  return false;
}

/**
 * True when no reading of `value` can find SQL in it (see the file's comment); false when it may, which proves
 * nothing. Stops at the first character or word that may matter, so that an attack costs a few steps here.
 * @example cannotBeSql('John Smith, 12 Main St.') === true
 * @example cannotBeSql("O'Connell") === false
 */
export function cannotBeSql(value: string): boolean {
  const length = value.length;
  let at = 0;
  while (at < length) {
    let c = charCodeAt.call(value, at);
    let kind = CLASS[c] as number;
    if (kind === WORD) {
      // A run is read by a tight loop of table loads and looked at once, where it ends, with its first and last
      // characters kept for the lookup.
      const start = at;
      const first = c;
      let last = c;
      for (;;) {
        at++;
        if (at >= length) {
          kind = INERT;
          break;
        }
        c = charCodeAt.call(value, at);
        kind = CLASS[c] as number;
        if (kind !== WORD) break;
        last = c;
      }
      if (isKnownRun(value, start, at, first, last)) return false;
      if (at >= length) return true;
    }
    if (kind === TRIGGER) return false;
    if (kind === PAIRED) {
      const next = at + 1 < length ? charCodeAt.call(value, at + 1) : 0;
      if (c === 0x2f ? next === 0x2a : next === c) return false;
    }
    at++;
  }
  return true;
}

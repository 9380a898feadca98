/**
 * Names after an escape in a long value. A rule reads a name with the unit before it (`;alert(1)`, `"onclick=`,
 * `.innerHTML=`), but undecoded the escape's last digits join the name (`%3Balert(1)` reads as the name `3Balert`):
 * an escape before a name a rule reads there gets a window read in full, one before a word of prose does not. The
 * escapes of a needle's pass come in order; the member chain read last is remembered, so dense escapes in a chain
 * are read once.
 */

import { budget, READ_SHIFT } from './budget.js';
import {
  AMPERSAND,
  BACKSLASH,
  BACKTICK,
  COLON,
  EQUALS,
  isDigit,
  isHtmlSpace,
  isLetter,
  LEFT_PAREN,
  PERCENT,
  SLASH,
} from './chars.js';
import { decodedAt, decodedEnd } from './entities.js';
import { isColonWord } from './text-rules.js';

/**
 * The member chain read last by {@link readsNamedRule}: `[from, to)`, and its last dot. The escapes of a pass come
 * in order, so one inside the chain goes on from its end: dense escaped dots cost one read per unit, not one per
 * unit and escape (`a%2Ea%2E...` took 20 ms per MiB without it).
 */
const chainRun = { from: -1, to: -1, lastDot: -1 };

/** Starts the memo of a value's passes. */
export function resetEscapedNames(): void {
  chainRun.from = -1;
  chainRun.to = -1;
  chainRun.lastDot = -1;
}

/** Letters of the longest scheme word a rule reads at its `:`; how far controls between them are skipped. */
const MAX_SCHEME_LETTERS = 10;
const MAX_SCHEME_UNITS = 64;
/** Longest name read after an escape, dots and spaces included, up to its `(`, `[` or `=`. */
const MAX_NAME_UNITS = 64;

/**
 * The units of a member chain as the rules read it, as a table of ASCII: names, dots, spaces and the slashes and
 * stars of comments.
 */
const CHAIN_UNITS = new Uint8Array(0x80);
for (let c = 0; c < 0x80; c++) {
  CHAIN_UNITS[c] =
    isLetter(c) ||
    isDigit(c) ||
    c === 0x5f ||
    c === 0x24 ||
    c === 0x2e ||
    isHtmlSpace(c) ||
    c === SLASH ||
    c === 0x2a
      ? 1
      : 0;
}

function isChainUnit(c: number): boolean {
  return c >= 0 && c < 0x80 && CHAIN_UNITS[c] === 1;
}

/**
 * True when the word starting at the letter `codes[at]` is one a rule reads with the unit before it: a handler name
 * (`on` and a letter), a scheme word and its `:`, a name called or indexed (`alert(`, `` alert` ``, `self[`), or a
 * member chain assigned (`document.body.innerHTML=`; `member` when the unit before the word is a dot). Only the
 * decoded unit before it tells where such a word starts: `%3Balert(1)` reads as the name `3Balert` undecoded. A
 * word of prose is ruled out at the unit after its letters: this runs for every escaped space before one.
 */
export function startsNamedRule(codes: Uint16Array, at: number, end: number, member = false): boolean {
  if (
    ((codes[at] as number) | 0x20) === 0x6f &&
    ((codes[at + 1] ?? 0) | 0x20) === 0x6e &&
    isLetter(codes[at + 2] ?? 0)
  )
    return true;
  let i = at + 1;
  const limit = Math.min(end, at + MAX_NAME_UNITS);
  while (i < limit && isLetter(codes[i] as number)) i++;
  budget.left -= (i - at) >> READ_SHIFT;
  // A word longer than any name a rule reads after the escape (`%20` before 64 letters) completes none.
  if (i >= limit) return false;
  let c = codes[i] as number;
  if (c === COLON) return isColonWord(codes, at, i);
  if (isEscapeStart(c)) {
    // An escape right after the word (`c%3Dd` in an encoded query string) is decoded first: most end the name.
    budget.left -= 1;
    c = decodedAt(codes, i, end);
    if (c < 0) return false;
  }
  if (c === LEFT_PAREN || c === BACKTICK || c === 0x5b) return true;
  // A `=` right after a name writes to it only when it is a member (`checkDomWrite`).
  if (c === EQUALS) return member;
  return (c < 0x20 || isChainUnit(c)) && readsNamedRule(codes, at, i, end, member);
}

function isEscapeStart(c: number): boolean {
  return c === PERCENT || c === AMPERSAND || c === BACKSLASH;
}

/**
 * {@link startsNamedRule} past a word's letters `codes[at..wordEnd)`: controls inside a scheme, digits, dots,
 * spaces, comments. The chain's dots and its `=` may be escaped (`body%2EinnerHTML%3D`): each escape there is
 * decoded, as the window would decode it.
 */
function readsNamedRule(
  codes: Uint16Array,
  at: number,
  wordEnd: number,
  end: number,
  member: boolean,
): boolean {
  if ((codes[wordEnd] as number) < 0x20 && wordEnd - at <= MAX_SCHEME_LETTERS) {
    // Controls inside a scheme word, which the URL parser drops (`java\tscript:`).
    let letters = wordEnd - at;
    let i = wordEnd;
    const limit = Math.min(end, at + MAX_SCHEME_UNITS);
    for (; i < limit; i++) {
      const c = codes[i] as number;
      if (isLetter(c)) {
        if (++letters > MAX_SCHEME_LETTERS) break;
      } else if (c >= 0x20) break;
    }
    budget.left -= (i - wordEnd) >> READ_SHIFT;
    if (letters >= 4 && letters <= MAX_SCHEME_LETTERS && codes[i] === COLON) return true;
  }
  const nameLimit = Math.min(end, at + MAX_NAME_UNITS);
  // The word's letters are chain units, already read.
  let i = wordEnd;
  const run = chainRun;
  if (at > run.from && at < run.to) {
    // Inside the chain read last: its units up to `to` are chain units, read once (`a%2Ea%2E...`).
    if (run.lastDot >= at) member = true;
    i = Math.max(i, run.to);
  } else {
    run.from = at;
    run.lastDot = -1;
  }
  const read = i;
  let escapes = 0;
  let c = -1;
  while (i < nameLimit) {
    c = codes[i] as number;
    let next = i + 1;
    // Raw units are read inline; only an escape is decoded (`body%2EinnerHTML`).
    if (c === PERCENT || c === AMPERSAND || c === BACKSLASH) {
      c = decodedAt(codes, i, end);
      next = decodedEnd;
      escapes++;
    }
    if (!isChainUnit(c)) break;
    if (c === 0x2e) {
      member = true;
      run.lastDot = i;
    }
    i = next;
  }
  run.to = i;
  // A read costs a unit however short, and a unit per escape decoded: `a%2Ea%2E...`, as timed.
  budget.left -= 1 + escapes + ((i - read) >> READ_SHIFT);
  if (i >= end) return false;
  return c === LEFT_PAREN || c === BACKTICK || c === 0x5b || (member && c === EQUALS);
}

/** How far after a quiet escape spaces before a name are skipped. */
const NAME_SPACE_REACH = 128;

/**
 * True when a name a rule reads follows a quiet escape of `code` ending at `after`, spaces between
 * (`%3Balert(1)`, `%29 alert(1)`, `\x2Cself[`): undecoded, the escape's last digits join the name (`3Balert`) or
 * stand before it as a word (`29 alert(1)` reads as prose), so the rule at its `(` cannot see it. An escaped dot
 * (`document%2Ebody%2EinnerHTML=`, `[]&#46;sort&#46;call\``) makes the name after it a member, whatever the
 * escape ends with: the rule at the `=` or backtick reads the chain back and meets the escape. Each space run is
 * read for the one escape before it.
 */
export function gluesToName(codes: Uint16Array, after: number, length: number, code: number): boolean {
  const dot = code === 0x2e;
  if (!dot && !isAlnum(codes[after - 1] ?? 0)) return false;
  // The look past the escape, a needle's cost (timed on `%2C %2C ...`); its spaces and name are charged apart.
  budget.left -= 1;
  let i = after;
  // Past the window the escape would open, a name could not be read with it.
  const limit = Math.min(length, after + NAME_SPACE_REACH);
  while (i < limit && (codes[i] === 0x20 || codes[i] === 0x09)) i++;
  budget.left -= (i - after) >> READ_SHIFT;
  if (!isLetter(codes[i] ?? 0)) return false;
  // The name is read to its end, after a dot as a member chain: one or three needles' cost besides its reads, as
  // timed on `%3Fb%3Fb...` and `a%2Ea%2E...`.
  budget.left -= dot ? 3 : 1;
  return startsNamedRule(codes, i, length, dot);
}

function isAlnum(code: number): boolean {
  return isLetter(code) || isDigit(code);
}

/**
 * Rules for a plain value outside any tag, for the places it may land besides HTML text: a URL (`href="VALUE"`),
 * the inside of an attribute (`title="VALUE"`, `<a VALUE>`), a style sheet, a script string (`var s = "VALUE"`).
 * Each rule is called at one trigger character, looks a bounded distance around it and allocates only when it has
 * a candidate, so the scan stays linear.
 */

import { budget, READ_SHIFT } from './budget.js';
import {
  BACKTICK,
  COLON,
  COMMA,
  DOUBLE_QUOTE,
  EQUALS,
  GREATER_THAN,
  isDigit,
  isHtmlSpace,
  isIdentifierUnit,
  isLetter,
  LEFT_PAREN,
  MINUS,
  SEMICOLON,
  SINGLE_QUOTE,
  SLASH,
  startsWithWord,
} from './chars.js';
import { knownEventHandler } from './events.js';
import { NameTable } from './names.js';
import { classifyUrl, readSchemeWord, SCHEME_NAMES, schemeWordEnd } from './urls.js';

/** How far a rule looks around its trigger, in code units: past this the text is no construct we know. */
const MAX_WORD_UNITS = 64;
const MAX_TAIL_UNITS = 128;
/** How far before its `:` a scheme's first letter may be, controls between its letters skipped. */
export const SCHEME_REACH = MAX_WORD_UNITS;
/**
 * Most spaces between a handler's name and its `=` in an attribute breakout, and at the start of its quoted value:
 * the HTML tokenizer skips any number (`" onmouseover        =alert(1)` ran in Chromium), and the reads are charged.
 */
export const HANDLER_SPACES = 64;

/**
 * Whether the text being scanned starts where the value starts. A window of a long value does not: text the
 * window leaves out precedes it, so its first characters are not the value's start.
 */
export const textOrigin = { atValueStart: true };

/**
 * True when `codes[at]` is a place where a URL may start: the value's start, a delimiter or space, or another
 * scheme's colon (`feed:javascript:` was followed by old Firefox).
 */
function isBoundary(codes: Uint16Array, start: number, at: number): boolean {
  if (at < start) return true;
  const c = codes[at] as number;
  return (
    c <= 0x20 ||
    c === EQUALS ||
    c === DOUBLE_QUOTE ||
    c === SINGLE_QUOTE ||
    c === BACKTICK ||
    c === LEFT_PAREN ||
    c === COMMA ||
    c === SEMICOLON ||
    c === GREATER_THAN ||
    c === SLASH ||
    c === COLON
  );
}

/** True when `codes[start..at)` is only whitespace and controls: `at` is where the value starts for a browser. */
function isValueStart(codes: Uint16Array, start: number, at: number): boolean {
  for (let i = start; i < at; i++) if ((codes[i] as number) > 0x20) return false;
  return true;
}

/**
 * True when what follows `scheme:` reads as prose ("JavaScript: The Good Parts"): a space, then only letters,
 * digits, spaces and sentence punctuation. Code needs brackets, operators or quotes, and a URL has no space there.
 */
function isProseTail(codes: Uint16Array, from: number, end: number): boolean {
  if (from >= end || !isHtmlSpace(codes[from] as number)) return false;
  let letters = 0;
  const limit = Math.min(end, from + MAX_TAIL_UNITS);
  for (let i = from; i < limit; i++) {
    const c = codes[i] as number;
    if (isLetter(c)) letters++;
    else if (
      !(c === 0x20 || isDigit(c) || c === COMMA || c === 0x2e || c === 0x21 || c === 0x3f || c === MINUS)
    )
      return false;
  }
  return letters > 0;
}

/**
 * JavaScript's reserved and contextual words: one of them may stand next to a name or a number (`new Image`,
 * `typeof x`, `a in b`, `let x`, `await x`), two names side by side may not. Case-sensitive, as JavaScript is.
 */
const JS_KEYWORDS = new NameTable<true>(
  (
    'arguments async await break case catch class const continue debugger default delete do else enum eval export ' +
    'extends false finally for function get if implements import in instanceof interface let new null of package ' +
    'private protected public return set static super switch this throw true try typeof undefined var void while ' +
    'using with yield'
  )
    .split(' ')
    .map((word) => [word, true] as const),
  true,
);

/**
 * What a title after a scheme's name holds, and all that {@link isUnparsableScript} reads: ASCII letters and digits,
 * spaces and `( ) , . : ! ?`. None of them begins a string, a comment (`//`, `/*`, `-->`, a hashbang `#!`), an
 * escape or a line (`%0A` and U+2028 end one once the URL is decoded).
 */
function isTitleUnit(c: number): boolean {
  return (
    isLetter(c) ||
    isDigit(c) ||
    c === 0x20 ||
    c === LEFT_PAREN ||
    c === 0x29 ||
    c === COMMA ||
    c === 0x2e ||
    c === COLON ||
    c === 0x21 ||
    c === 0x3f
  );
}

/**
 * True when what follows a `javascript:` (or `livescript:`, `mocha:`) scheme can never parse as a script: two
 * names or numbers side by side, with only spaces between them, neither a keyword ("JavaScript: The Good Parts
 * (2008)", "JavaScript: 5 years (expert)", "Learn JavaScript: Variables (part 1)"). A script that does not parse
 * runs nothing, whatever follows. Read only in a tail made of {@link isTitleUnit}s, where no string, comment,
 * escape or line break can begin (a reviewer ran `javascript:-->a b%0Aprint()`), and only spaces count: the URL
 * parser removes tabs and newlines.
 */
function isUnparsableScript(codes: Uint16Array, from: number, end: number): boolean {
  const limit = Math.min(end, from + MAX_TAIL_UNITS);
  budget.left -= (limit - from) >> READ_SHIFT;
  for (let i = from; i < limit; i++) if (!isTitleUnit(codes[i] as number)) return false;
  // The last word read, while only spaces have followed it; -1 after anything else.
  let wordStart = -1;
  let wordEnd = -1;
  for (let i = from; i < limit; ) {
    const c = codes[i] as number;
    if (!isIdentifierUnit(c)) {
      if (c !== 0x20) wordStart = -1;
      i++;
      continue;
    }
    const start = i;
    while (i < limit && isIdentifierUnit(codes[i] as number)) i++;
    // A word cut by the limit may go on: it is not judged.
    if (i >= limit && limit < end) return false;
    if (
      wordStart !== -1 &&
      JS_KEYWORDS.get(codes, wordStart, wordEnd) === undefined &&
      JS_KEYWORDS.get(codes, start, i) === undefined
    )
      return true;
    wordStart = start;
    wordEnd = i;
  }
  return false;
}

/**
 * At a `:`: a `javascript:`, `vbscript:`, `livescript:` or active `data:` URL starting at the value's start or after
 * a delimiter (`url=javascript:...`, `url(javascript:...)`), tabs and newlines inside the scheme ignored as the URL
 * parser does.
 *
 * @example checkScheme(codes, 0, 10, length) // 'url:javascript' for "javascript:alert(1)"
 */
export function checkScheme(
  codes: Uint16Array,
  start: number,
  colon: number,
  end: number,
): string | undefined {
  let i = colon - 1;
  let letters = 0;
  const floor = Math.max(start, colon - SCHEME_REACH);
  for (; i >= floor; i--) {
    const c = codes[i] as number;
    if (isLetter(c)) {
      // The known schemes have at most 10 letters.
      if (++letters > 10) return undefined;
    } else if (c >= 0x20) break;
  }
  if (letters < 4 || !isBoundary(codes, start, i)) return undefined;
  const found = classifyUrl(codes, i + 1, end, false);
  if (found === undefined || found === 'url:data') return found;
  if (isProseTail(codes, colon + 1, end)) return undefined;
  if (found !== 'url:vbscript' && isUnparsableScript(codes, colon + 1, end)) return undefined;
  // An empty tail is a bare scheme: an attack probe at the value's start, a sentence ending in "javascript:" elsewhere.
  const tail = colon + 1 < end && !isValueStart(codes, colon + 1, end);
  return tail || (textOrigin.atValueStart && isValueStart(codes, start, i + 1)) ? found : undefined;
}

/**
 * After `url(`: a script scheme, spaces allowed around it as CSS tokenizers of old allowed
 * (`url ( javascript : alert(1) )`), or cut off at the value's end (`x:url(javascript`), since the rest of the
 * declaration may follow in the page.
 */
function checkCssUrl(codes: Uint16Array, from: number, end: number): string | undefined {
  let i = from;
  while (
    i < end &&
    (isHtmlSpace(codes[i] as number) || codes[i] === DOUBLE_QUOTE || codes[i] === SINGLE_QUOTE)
  )
    i++;
  const scheme = readSchemeWord(codes, i, end);
  // Any number of spaces, then a word with its controls skipped: `:url(x` and fifty newlines, repeated to 1 MiB,
  // read them at each `url(` and took 7.6 ms charged as a rule.
  budget.left -= (Math.max(i, schemeWordEnd) - from) >> READ_SHIFT;
  if (scheme === undefined || scheme.name === 'data' || scheme.name === 'mocha') return undefined;
  i = schemeWordEnd;
  while (i < end && isHtmlSpace(codes[i] as number)) i++;
  return i >= end || codes[i] === COLON ? scheme.style : undefined;
}

/** The CSS properties that bind script, read by {@link checkCssInText} at their `:`. */
export const CSS_BINDING_PROPERTIES: readonly string[] = ['-moz-binding', 'behavior', 'behaviour'];

/**
 * The words of letters a rule reads before a `:`: the schemes {@link checkScheme} reports (`javascript`, `data`...)
 * and the binding properties {@link checkCssInText} reports (`behavior`).
 */
const COLON_WORDS = new NameTable<true>(
  [...SCHEME_NAMES, ...CSS_BINDING_PROPERTIES.filter((name) => isLetter(name.charCodeAt(0)))].map(
    (name) => [name, true] as const,
  ),
);

/** Letters read back from a `:` to tell its word: one more than the longest of {@link COLON_WORDS}. */
export const MAX_COLON_WORD_UNITS = 11;

/**
 * True when the letters `codes[start..end)` are a word a rule reads before a `:`, any case: `https:`, `note:` and
 * `color:` are not.
 */
export function isColonWord(codes: Uint16Array, start: number, end: number): boolean {
  return COLON_WORDS.get(codes, start, end) !== undefined;
}

/**
 * At a `:` or `(`: CSS that runs script, written outside a style attribute (`style=x:expression(...)`,
 * `-moz-binding:url(...)`, `behavior: url(x.htc)`), for a value that lands in a `style` attribute or sheet.
 */
export function checkCssInText(
  codes: Uint16Array,
  start: number,
  at: number,
  end: number,
): string | undefined {
  let i = at - 1;
  // No keyword is longer than 12 units: a longer word is read no further.
  const floor = Math.max(start, at - 13);
  while (i >= floor && (isLetter(codes[i] as number) || codes[i] === MINUS)) i--;
  const wordStart = i + 1;
  if (codes[at] === LEFT_PAREN) {
    if (at - wordStart === 3 && startsWithWord(codes, wordStart, at, 'url'))
      return checkCssUrl(codes, at + 1, end);
    if (at - wordStart !== 10 || !startsWithWord(codes, wordStart, at, 'expression')) return undefined;
    while (i >= start && isHtmlSpace(codes[i] as number)) i--;
    return codes[i] === COLON ? 'style:expression' : undefined;
  }
  const word = at - wordStart;
  if (word !== 8 && word !== 9 && word !== 12) return undefined;
  const binding = startsWithWord(codes, wordStart, at, '-moz-binding');
  if (
    !binding &&
    !startsWithWord(codes, wordStart, at, 'behavior') &&
    !startsWithWord(codes, wordStart, at, 'behaviour')
  )
    return undefined;
  let j = at + 1;
  while (j < end && isHtmlSpace(codes[j] as number)) j++;
  if (!startsWithWord(codes, j, end, 'url')) return undefined;
  return binding ? 'style:moz-binding' : 'style:behavior';
}

/** True when the value starting at `from` looks like code: a call or template within its first word. */
function looksLikeCode(codes: Uint16Array, from: number, end: number): boolean {
  const limit = Math.min(end, from + MAX_WORD_UNITS);
  let i = from;
  while (i < limit && codes[i] !== LEFT_PAREN && codes[i] !== BACKTICK) {
    const c = codes[i] as number;
    if (isHtmlSpace(c) || c === GREATER_THAN) break;
    i++;
  }
  // The word, up to 64 units: ` ona=b&` before Chinese text, repeated to 1 MiB, read it at each `=` and took
  // 5.2 ms charged as a rule.
  budget.left -= (i - from) >> READ_SHIFT;
  return i < limit && (codes[i] === LEFT_PAREN || codes[i] === BACKTICK);
}

/**
 * At a `=`: an event handler opened outside a tag, the shape of an attribute breakout (`" onmouseover="alert(1)`,
 * `' onerror=alert(1) '`, `x;onfocus=eval(...)`): `on` + letters after a quote, space, `/` or `;`, with code after
 * the `=`. A known handler name needs any value; an unknown one needs a value that looks like a call.
 *
 * @example checkEventBreakout(codes, 0, 13, length) // 'attr-breakout:onmouseover' for "\" onmouseover=alert(1)"
 */
export function checkEventBreakout(
  codes: Uint16Array,
  start: number,
  equals: number,
  end: number,
): string | undefined {
  let i = equals - 1;
  while (i >= start && equals - i <= HANDLER_SPACES && isHtmlSpace(codes[i] as number)) i--;
  budget.left -= (equals - 1 - i) >> READ_SHIFT;
  const nameEnd = i + 1;
  const floor = Math.max(start, equals - MAX_WORD_UNITS);
  while (i >= floor && isLetter(codes[i] as number)) i--;
  const nameStart = i + 1;
  if (nameEnd - nameStart < 3 || !startsWithWord(codes, nameStart, nameEnd, 'on')) return undefined;
  const atStart = i < start;
  if (!atStart) {
    const c = codes[i] as number;
    if (
      !(
        isHtmlSpace(c) ||
        c === SLASH ||
        c === DOUBLE_QUOTE ||
        c === SINGLE_QUOTE ||
        c === BACKTICK ||
        c === SEMICOLON
      )
    )
      return undefined;
  }
  let v = equals + 1;
  while (v < end && isHtmlSpace(codes[v] as number)) v++;
  budget.left -= (v - equals) >> READ_SHIFT;
  let quoted = false;
  if (codes[v] === DOUBLE_QUOTE || codes[v] === SINGLE_QUOTE || codes[v] === BACKTICK) {
    v++;
    quoted = true;
  }
  // Spaces opening a quoted handler are the script's own (`" onmouseover=" alert(1)`); then the value must read
  // as code, whatever the handler, since prose quotes that way too (`onclick=" handler"`).
  const valueStart = v;
  if (quoted) while (v < end && v - valueStart <= HANDLER_SPACES && isHtmlSpace(codes[v] as number)) v++;
  budget.left -= (v - valueStart) >> READ_SHIFT;
  if (v >= end) return undefined;
  const first = codes[v] as number;
  if (isHtmlSpace(first) || first === GREATER_THAN || first === DOUBLE_QUOTE || first === SINGLE_QUOTE)
    return undefined;
  const known = knownEventHandler(codes, nameStart, nameEnd);
  const code = looksLikeCode(codes, v, end);
  if (v > valueStart) return code ? (known?.breakout ?? 'attr-breakout:on*') : undefined;
  if (atStart ? known !== undefined && code : known !== undefined || code)
    return known?.breakout ?? 'attr-breakout:on*';
  return undefined;
}

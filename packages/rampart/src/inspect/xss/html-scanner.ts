/**
 * An HTML tokenizer reduced to what decides whether markup can run script: tag open, tag name, attribute name and
 * value (double-quoted, single-quoted, unquoted), self-closing `/`, end tags and bogus comments, as the HTML
 * standard's tokenizer reads them. One pass, never backtracks: each tag is read once from its `<` to its `>` (or to
 * the end of the text), so the work is linear whatever the input.
 */

import { attributeText, checkAttribute } from './attributes.js';
import { budget, READ_SHIFT, spend, WORK_LIMIT } from './budget.js';
import {
  ALNUM_CLASS,
  AMPERSAND,
  BACKTICK,
  BANG,
  CHAR_CLASS,
  COLON,
  DOUBLE_QUOTE,
  EQUALS,
  EQUALS_CLASS,
  GREATER_THAN,
  GREATER_THAN_CLASS,
  isLetter,
  LEFT_PAREN,
  LESS_THAN,
  NAME_PUNCTUATION_CLASS,
  PLUS_CLASS,
  QUESTION,
  SINGLE_QUOTE,
  SLASH,
  SLASH_CLASS,
  SPACE_CLASS,
  startsWithWord,
  TRIGGER_CLASS,
} from './chars.js';
import { dangerousCss } from './css.js';
import { elementEntry } from './elements.js';
import {
  checkDomWrite,
  checkGlobalAccess,
  checkJsFuck,
  checkScriptEntity,
  checkTaggedCall,
  isJsFuckUnit,
  JSFUCK_REACH,
  nextJsFuckSeed,
} from './script-idioms.js';
import { checkScriptBreakout, checkScriptCall } from './script-rules.js';
import { checkCssInText, checkEventBreakout, checkScheme } from './text-rules.js';

/** How far into a tag's name a quote is checked as a script-string breakout, and what the check costs. */
const MAX_QUOTED_NAME_UNITS = 64;
const RULE_UNITS_AT_QUOTE = 4;

/** What an element's local name is read over (see {@link scanTag}). */
const LOCAL_NAME_CLASS = ALNUM_CLASS | NAME_PUNCTUATION_CLASS;

/** Index just past the tag read by the last {@link scanTag}. */
export let tagEnd = 0;

/**
 * Whitespace between tag parts, as {@link CHAR_CLASS} bits. In a plain value `+` counts too: form encoding turns a
 * space into `+`, and a value decoded once more downstream (`"><script+src=...>`) reads as markup with spaces.
 */
function tagSpaceMask(rich: boolean): number {
  return rich ? SPACE_CLASS : SPACE_CLASS | PLUS_CLASS;
}

function indexOfCode(codes: Uint16Array, code: number, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    if (codes[i] === code) return i;
  }
  return -1;
}

/** Index of the first character in `codes[from..end)` with none of the {@link CHAR_CLASS} bits `mask`, or `end`. */
function skipClass(codes: Uint16Array, from: number, end: number, mask: number): number {
  let i = from;
  while (i < end && ((CHAR_CLASS[codes[i] as number] as number) & mask) !== 0) i++;
  return i;
}

/** Index of the first character in `codes[from..end)` with one of the {@link CHAR_CLASS} bits `mask`, or `end`. */
function findClass(codes: Uint16Array, from: number, end: number, mask: number): number {
  let i = from;
  while (i < end && ((CHAR_CLASS[codes[i] as number] as number) & mask) === 0) i++;
  return i;
}

/** Index of the first character in `codes[from..end)` at which a plain-value rule starts, or `end`. */
function nextTrigger(codes: Uint16Array, from: number, end: number): number {
  let i = from;
  while (i < end && ((CHAR_CLASS[codes[i] as number] as number) & TRIGGER_CLASS) === 0) i++;
  return i;
}

/**
 * Reads the tag whose `<` is at `lt` and returns a fingerprint when it can run script; sets {@link tagEnd}.
 * Comments, `<!...>` and `<?...>` are stepped over rather than skipped, so markup hidden in IE conditional comments
 * or CDATA sections is still read.
 */
export function scanTag(
  codes: Uint16Array,
  lt: number,
  end: number,
  rich: boolean,
  depth: number,
): string | undefined {
  // Each unit of a tag is charged a quarter of a budget unit as it is read: a tag longer than the budget left could
  // pay for (a MiB of `<xxxx...`) is read no further than that, and reported.
  const limit = Math.min(end, lt + 1 + Math.max(0, budget.left) * (1 << READ_SHIFT));
  const found = readTag(codes, lt, limit, rich, depth);
  if (found !== undefined) return found;
  return tagEnd >= limit && limit < end ? WORK_LIMIT : undefined;
}

/** {@link scanTag} up to `end`. */
function readTag(
  codes: Uint16Array,
  lt: number,
  end: number,
  rich: boolean,
  depth: number,
): string | undefined {
  let i = lt + 1;
  const first = codes[i] ?? 0;
  if (first === SLASH && rich) {
    // End tags carry no behaviour in a browser; `</ foo="><script>` is a bogus comment ending at the first `>`.
    const close = indexOfCode(codes, GREATER_THAN, i, end);
    tagEnd = close < 0 ? end : close + 1;
    if (!spend((tagEnd - i) >> READ_SHIFT)) return WORK_LIMIT;
    return undefined;
  }
  if (first === QUESTION) {
    // IE's `<?import implementation="x.htc">` binds script; `<?xml-stylesheet?>` loads XSLT, which can emit script.
    tagEnd = i + 1;
    if (startsWithWord(codes, i + 1, end, 'import')) return 'tag:?import';
    if (startsWithWord(codes, i + 1, end, 'xml-stylesheet')) return 'tag:?xml-stylesheet';
    // IE: `<?xml:namespace ... ns="urn:schemas-microsoft-com:time">` declares the prefix of script behaviours.
    if (!rich && startsWithWord(codes, i + 1, end, 'xml:namespace')) return 'tag:?xml:namespace';
    return undefined;
  }
  if (first === SLASH) {
    // In a plain value an end tag's attributes are read too (`</a onmousemove="...">`, `<// style=...>`): a
    // filter or a later edit may turn it into a start tag, and no ordinary text holds them.
    i++;
  } else if (first === BANG || !isLetter(first)) {
    // `<!--`, `<!DOCTYPE`, `<![CDATA[`; or `a < b`, `x<3`, `I <3 you`: text for a browser.
    tagEnd = i;
    return undefined;
  }
  const nameStart = i;
  const space = tagSpaceMask(rich);
  const nameEnds = space | SLASH_CLASS | GREATER_THAN_CLASS;
  // The name's local part: after the last `:` (`<x:script xmlns:x="http://www.w3.org/1999/xhtml">` is a script
  // element in XHTML). A plain value is also read as lenient parsers and filters read it, ending the local name at
  // the first character that is not a letter or digit (`<script<{alert(1)}>`, `<iframe/src=...>` alike), or a
  // `-`, `.` or `_`, which every parser reads as part of the name (`<script-loader>`, `<link-preview>`).
  let localStart = i;
  i = skipClass(codes, i, end, LOCAL_NAME_CLASS);
  let localEnd = i;
  // A quote in a plain value's tag name (`<b';alert(1)//`): in a script string the `<b` is text, and the quote
  // may close the string. The first one only, near the `<`: a name of a mebibyte of `'<b` is one tag, and a check
  // at each of its quotes took 12 ms.
  let quoteChecked = rich;
  while (i < end && ((CHAR_CLASS[codes[i] as number] as number) & nameEnds) === 0) {
    if (!quoteChecked && (codes[i] === SINGLE_QUOTE || codes[i] === DOUBLE_QUOTE)) {
      quoteChecked = true;
      if (i - nameStart <= MAX_QUOTED_NAME_UNITS) {
        budget.left -= RULE_UNITS_AT_QUOTE;
        const found = checkScriptBreakout(codes, i, end);
        if (found !== undefined) {
          tagEnd = i;
          return found;
        }
      }
    }
    if (codes[i] === COLON) {
      localStart = i + 1;
      i = skipClass(codes, i + 1, end, LOCAL_NAME_CLASS);
      localEnd = i;
    } else i++;
  }
  // The name is read to its end, however long (`<xxxx...` over a MiB).
  if (!spend((i - nameStart) >> READ_SHIFT)) return WORK_LIMIT;
  if (first !== SLASH) {
    const element = elementEntry(codes, localStart, rich ? i : localEnd);
    if (element !== undefined && (element.risk === 'active' || !rich)) {
      tagEnd = i;
      return element.fingerprint;
    }
  }
  const attributeEnds = nameEnds | EQUALS_CLASS;
  for (;;) {
    const spaceStart = i;
    i = skipClass(codes, i, end, space | SLASH_CLASS);
    if (i >= end) break;
    if (codes[i] === GREATER_THAN) {
      i++;
      break;
    }
    // An attribute name runs to whitespace, `/`, `>` or `=`; a leading `=` or quote belongs to the name.
    const attributeStart = i++;
    i = findClass(codes, i, end, attributeEnds);
    const attributeEnd = i;
    // An attribute's checks cost about as much as four rule triggers, and the spaces and name before them are read.
    budget.left -= 4 + ((attributeEnd - spaceStart) >> READ_SHIFT);
    if (budget.left < 0) return WORK_LIMIT;
    const j = skipClass(codes, i, end, SPACE_CLASS);
    let valueStart = j;
    let valueEnd = j;
    if (codes[j] === EQUALS) {
      i = skipClass(codes, j + 1, end, SPACE_CLASS);
      const quote = codes[i];
      if (quote === DOUBLE_QUOTE || quote === SINGLE_QUOTE) {
        const close = indexOfCode(codes, quote, i + 1, end);
        valueStart = i + 1;
        valueEnd = close < 0 ? end : close;
        i = close < 0 ? end : close + 1;
      } else {
        valueStart = i;
        i = findClass(codes, i, end, SPACE_CLASS | GREATER_THAN_CLASS);
        valueEnd = i;
      }
      if (!spend((i - attributeEnd) >> READ_SHIFT)) return WORK_LIMIT;
    }
    let found = checkAttribute(codes, attributeStart, attributeEnd, valueStart, valueEnd, rich, depth);
    if (found === undefined && attributeText.nested) {
      const { codes: text, start, end: textEnd } = attributeText;
      found = scan(text, start, textEnd, rich, depth + 1);
    }
    if (found !== undefined) return found;
  }
  tagEnd = i;
  if (rich && first !== SLASH && startsWithWord(codes, nameStart, end, 'style')) {
    // A style element in rich text is judged by its sheet, up to `</style` or the end.
    let close = i;
    while (close < end && !(codes[close] === LESS_THAN && startsWithWord(codes, close + 1, end, '/style')))
      close++;
    return spend(close - i) ? dangerousCss(codes, i, close) : WORK_LIMIT;
  }
  return undefined;
}

/**
 * Scans `codes[start..end)` and returns the fingerprint of the first construct that can run script, or undefined.
 * `rich` reads the text as an editor's HTML (only markup counts); otherwise the text is a plain value that may land
 * in HTML text, in an attribute, in a URL or in a script string, and the text rules of `text-rules.ts` apply too.
 *
 * @example scan(codes, 0, length, false, 0) // 'attr:onload' for "<svg/onload=alert(1)>"
 */
export function scan(
  codes: Uint16Array,
  start: number,
  end: number,
  rich: boolean,
  depth: number,
): string | undefined {
  // The first `![]` at or after the last JSFuck floor: JSFuck needs one within its reach of a `(`, and `((((...`
  // without one would otherwise read 128 units around each `(`. The `(` come in order, so the searches are linear.
  let jsFuckSeed = start - 1;
  for (let i = start; i < end; i++) {
    i = nextTrigger(codes, i, end);
    if (i >= end) return undefined;
    const c = codes[i] as number;
    // Rules other than tags look around their trigger and cost about twice as much.
    budget.left -= c === LESS_THAN ? 1 : 2;
    if (budget.left < 0) return WORK_LIMIT;
    let found: string | undefined;
    if (c === LESS_THAN) {
      // Most `<` in hostile filler open no tag (`<<<`, `a < b`): decided here without a call.
      const next = codes[i + 1] ?? 0;
      if (i + 1 >= end || !(isLetter(next) || next === SLASH || next === QUESTION)) continue;
      found = scanTag(codes, i, end, rich, depth);
      i = tagEnd - 1;
    } else if (rich) continue;
    else if (c === COLON) found = checkScheme(codes, start, i, end) ?? checkCssInText(codes, start, i, end);
    else if (c === EQUALS)
      found = checkEventBreakout(codes, start, i, end) ?? checkDomWrite(codes, start, i, end);
    else if (c === LEFT_PAREN) {
      found = checkCssInText(codes, start, i, end) ?? checkScriptCall(codes, start, i, end);
      if (found === undefined && isJsFuckUnit(codes[i + 1] as number)) {
        const floor = Math.max(start, i - JSFUCK_REACH);
        if (jsFuckSeed < floor) jsFuckSeed = nextJsFuckSeed(codes, Math.max(floor, jsFuckSeed + 1), end);
        if (jsFuckSeed + 2 < Math.min(end, i + JSFUCK_REACH)) found = checkJsFuck(codes, start, i, end);
      }
    } else if (c === BACKTICK)
      found =
        checkScriptCall(codes, start, i, end) ??
        checkScriptBreakout(codes, i, end) ??
        checkTaggedCall(codes, start, i);
    else if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE)
      found =
        checkScriptBreakout(codes, i, end) ??
        (codes[i - 1] === 0x5b || codes[i - 1] === 0x20 ? checkGlobalAccess(codes, start, i) : undefined);
    else if (c === AMPERSAND) found = checkScriptEntity(codes, start, i, end);
    if (found !== undefined) return found;
  }
  return undefined;
}

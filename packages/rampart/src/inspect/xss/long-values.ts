/**
 * Long values, read without a JavaScript pass over every character: native searches (`indexOf`) find the
 * characters at which a rule can start, each rule runs in place on a native copy of the value, and only the
 * neighbourhood of an escape that hides such a character is decoded and read in full. Ordinary text, JSON, CSV,
 * URLs and base64 hold few such candidates, so a 1 MiB value takes a fraction of a millisecond; each candidate
 * spends budget units, so only a value dense with candidates is reported (`work-limit`), and always the same way.
 */

import { WIDE_UNIT } from '../char-codes.js';
import { budget, READ_SHIFT, resetLongBudget, spend, WORK_LIMIT } from './budget.js';
import { bufferText, copyToBuffer } from './buffers.js';
import { AMPERSAND, BACKSLASH, HASH, isLetter, PERCENT, PLUS, QUESTION, SEMICOLON, SLASH } from './chars.js';
import { scanTag, tagEnd } from './html-scanner.js';
import {
  checkNeedle,
  hasQuietCheck,
  isPlainPercent,
  isQuietNeedle,
  mark,
  NEEDLE_UNITS,
  NEEDLES,
  quietName,
  resetNeedles,
  source,
  unitsAfter,
  unitsBefore,
} from './needles.js';
import { foldInPlace } from './normalize.js';
import { scanText } from './plain.js';
import { textOrigin } from './text-rules.js';
import { urlHead, urlHeadEnd, urlStart } from './url-start.js';
import { foldWide, wide } from './wide-values.js';
import { Windows } from './windows.js';

/** Values at least this long are read through their candidates. */
export const LONG_VALUE = 2048;

/**
 * Budget units of removing NULs in JavaScript per code unit, as a shift (an eighth of a unit, two or three
 * nanoseconds), and of reading the result back as a string (a sixteenth).
 */
const FOLD_COST_SHIFT = 3;
const TEXT_COST_SHIFT = 4;

/**
 * Budget units of loading a two-byte value per code unit, as two shifts: three thirty-seconds of a unit (98K units
 * per MiB). Its copy, folding and shadow (`wide-values.ts`) take 1.8 ms per MiB warm: charged near the unit's
 * price, the rest of a two-byte value's reading stays within the bound now that the budget no longer shrinks with
 * length (Chinese text with ASCII words and `a=b` took 4.4 ms per MiB in the bench at five sixty-fourths), and
 * Chinese prose with fullwidth brackets and colons (some 50K units of candidates per MiB) within the budget.
 * Removing NULs costs as much again.
 */
const WIDE_COST_SHIFT = 4;
const WIDE_EXTRA_SHIFT = 5;

/** Budget units of a tag's `<` (its attributes pay their own). */
const TAG_UNITS = 3;

/**
 * Budget units of a window read in full, per code unit, as a shift (its rules pay their own): the short pipeline
 * copies, decodes and tokenizes every unit, several nanoseconds each.
 */
const WINDOW_COST_SHIFT = 1;
/** How much of a long URL value, past what its start strips, is judged as a URL (as much as a window). */
const URL_HEAD = 4096;
const MAX_URL_START = 65_536;

const windows = new Windows();

/** How far a dense needle's next occurrence is looked for in JavaScript before a native search is asked. */
const NEAR_UNITS = 8;

/**
 * The index of the next `needle` (one code unit) in `codes[from..length)`, or -1. A native search costs tens of
 * nanoseconds per call, a JavaScript step one or two: after a short gap (`gap`, the distance between the last two
 * occurrences) the next few units are looked at first, so dense needles (`%` in encoded text, `=` in query
 * strings) cost a few steps; after a long one a native search is asked at once, so sparse needles do not also pay
 * the steps.
 */
function nextOccurrence(
  text: string,
  codes: Uint16Array,
  length: number,
  needle: string,
  from: number,
  gap: number,
): number {
  if (gap > NEAR_UNITS) return text.indexOf(needle, from);
  const code = needle.charCodeAt(0);
  const near = Math.min(length, from + NEAR_UNITS);
  let i = from;
  while (i < near && codes[i] !== code) i++;
  // The units looked at, as any read: a needle every few units of filler pays for them.
  budget.left -= (i - from) >> READ_SHIFT;
  if (i < near) return i;
  return near < length ? text.indexOf(needle, near) : -1;
}

/**
 * Runs the check of `needle` at each of its occurrences; stops at the first finding or when the budget is out.
 * One pass per needle, each found natively: a JavaScript pass over every unit costs two milliseconds per MiB on
 * a slow core, the native searches a fraction of that on ordinary text.
 */
function eachNeedle(text: string, codes: Uint16Array, length: number, needle: string): string | undefined {
  const code = needle.charCodeAt(0);
  const screened = hasQuietCheck(code);
  const before = unitsBefore(code);
  const after = unitsAfter(code);
  let at = text.indexOf(needle);
  let last = at;
  while (at >= 0) {
    budget.left -= NEEDLE_UNITS;
    if (budget.left < 0) return WORK_LIMIT;
    // The scratch copy holds a previous value's units past `length`: the value's end reads as a NUL.
    if (
      (at === 0 || before[codes[at - 1] as number] === 1) &&
      after[at + 1 < length ? (codes[at + 1] as number) : 0] === 1 &&
      !(screened && isQuietNeedle(codes, code, at, length))
    ) {
      const found = checkNeedle(codes, code, at, length);
      if (found !== undefined) return found;
    }
    const gap = at - last;
    last = at;
    at = nextOccurrence(text, codes, length, needle, at + 1, gap);
  }
  return undefined;
}

/**
 * {@link eachNeedle} for `%`, the needle of encoded text: an escape of punctuation before no name (`%2C%20`, the
 * bulk of an encoded body) is passed over inline, every other one gets the quiet check and the rule.
 */
function eachPercent(text: string, codes: Uint16Array, length: number): string | undefined {
  const inline = length - 3;
  let at = text.indexOf('%');
  let last = at;
  while (at >= 0) {
    budget.left -= NEEDLE_UNITS;
    if (budget.left < 0) return WORK_LIMIT;
    if (!(at < inline && isPlainPercent(codes, at)) && !isQuietNeedle(codes, PERCENT, at, length)) {
      const found = checkNeedle(codes, PERCENT, at, length);
      if (found !== undefined) return found;
    }
    const gap = at - last;
    last = at;
    at = nextOccurrence(text, codes, length, '%', at + 1, gap);
  }
  return undefined;
}

/** True when an escape starts at `at`, or a control that parsers drop: `<` before one may open a hidden tag. */
function opensEscape(code: number): boolean {
  return code === 0x25 || code === 0x26 || code === 0x5c || code === 0x2b || code < 0x20;
}

/**
 * True when the unit at `at`, inside a tag read in place, is a control parsers drop or an escape that may change
 * what the tag holds once decoded. Two are ruled out: `&amp;` before no second reference (a link's query string in
 * an HTML page, `href="/x?a=1&amp;b=2"`), and a `+` before no `A` (UTF-7). Any other escape may split the tag's
 * name from an attribute (`<iframe%20src=`) or close a value (`x%22onclick=`), which the quiet checks of text do
 * not know. An HTML page with a `&amp;` in every link read each tag again in a window, from 52 KiB past the budget.
 */
function hidesInTag(codes: Uint16Array, at: number, length: number): boolean {
  const c = codes[at] as number;
  if (c < 0x20 || c === PERCENT || c === BACKSLASH) return true;
  if (c === PLUS) return codes[at + 1] === 0x41;
  if (c !== AMPERSAND) return false;
  if (
    codes[at + 1] !== 0x61 ||
    codes[at + 2] !== 0x6d ||
    codes[at + 3] !== 0x70 ||
    codes[at + 4] !== SEMICOLON
  )
    return true;
  // `&amp;lt;` decodes to a reference: it gets the window.
  budget.left -= NEEDLE_UNITS;
  const next = codes[at + 5] ?? 0;
  return next === HASH || (isLetter(next) && !quietName(codes, at + 4, length));
}

/** Tags: each read in place from its `<`; one with escapes inside, or escaped after its `<`, is decoded too. */
function scanTags(text: string, codes: Uint16Array, length: number, rich: boolean): string | undefined {
  for (let at = text.indexOf('<'); at >= 0; at = nextOccurrence(text, codes, length, '<', at + 1, 0)) {
    budget.left -= TAG_UNITS;
    if (budget.left < 0) return WORK_LIMIT;
    const next = codes[at + 1] ?? 0;
    if (isLetter(next) || next === SLASH || next === QUESTION) {
      const found = scanTag(codes, at, length, rich, 0);
      if (found !== undefined) return found;
      const close = Math.max(tagEnd, at + 1);
      if (!rich) {
        // A second read of the tag, for escapes.
        if (!spend((close - at) >> READ_SHIFT)) return WORK_LIMIT;
        for (let i = at + 1; i < close; i++) {
          if (hidesInTag(codes, i, length)) {
            mark(at);
            break;
          }
        }
      }
      at = close - 1;
    } else if (!rich && opensEscape(next)) mark(at);
  }
  return undefined;
}

/**
 * The value as the passes read it: its copy, and the text natively searched for needles (the copy as a string, or
 * for a two-byte value its one-byte shadow, where windows are read from the copy instead).
 */
interface Loaded {
  text: string;
  codes: Uint16Array;
  length: number;
  wide: boolean;
}

/**
 * Most NULs a one-byte value may hold, per code unit as a shift, for them to be removed natively: `replaceAll`
 * costs tens of nanoseconds per NUL (28 ms on `a\0a\0...`), so a value denser in NULs is folded in JavaScript.
 */
const NATIVE_NUL_SHIFT = 6;

/**
 * Budget units of removing NULs natively: counting them (an `indexOf` each) and `replaceAll` per NUL, and the copy
 * of the result per code unit as a shift.
 */
const NATIVE_NUL_UNITS = 4;
const NATIVE_COPY_SHIFT = 4;

/** The number of NULs in `value` from its first, `first`, counted up to one past `limit`. */
function countNuls(value: string, first: number, limit: number): number {
  let count = 0;
  for (let at = first; at >= 0 && count <= limit; at = value.indexOf('\0', at + 1)) count++;
  return count;
}

/**
 * Copies `value` natively, removing its NULs or folding it only when it holds some or a non-Latin-1 unit: a
 * one-byte value with few NULs loses them natively (random bytes hold one in 128), one with many in a JavaScript
 * pass, and a two-byte value is folded and shadowed (`wide-values.ts`), all paid.
 */
function load(value: string): Loaded {
  // A one-byte string holds no fullwidth character, and its NUL search is a native `memchr`.
  // A value with no wide unit is told apart without a JavaScript pass, where `Buffer.byteLength` took two
  // milliseconds on a two-byte MiB.
  if (WIDE_UNIT.test(value)) {
    const codes = copyToBuffer(value);
    const cost = (value.length >> WIDE_COST_SHIFT) + (value.length >> WIDE_EXTRA_SHIFT);
    budget.left -= cost;
    // With NULs, the second pass is paid before it runs: one the budget cannot cover is not made.
    foldWide(codes, value.length, () => spend(cost));
    return { text: wide.text, codes, length: wide.length, wide: true };
  }
  const nul = value.indexOf('\0');
  if (nul < 0) return { text: value, codes: copyToBuffer(value), length: value.length, wide: false };
  const limit = value.length >> NATIVE_NUL_SHIFT;
  const nuls = countNuls(value, nul, limit);
  // Past the limit the count (a few tenths of a millisecond) is not charged: the folding pass is charged in full.
  if (nuls <= limit) {
    budget.left -= nuls * NATIVE_NUL_UNITS + (value.length >> NATIVE_COPY_SHIFT);
    const text = value.replaceAll('\0', '');
    return { text, codes: copyToBuffer(text), length: text.length, wide: false };
  }
  const codes = copyToBuffer(value);
  const loaded = { text: value, codes, length: value.length, wide: false };
  budget.left -= value.length >> FOLD_COST_SHIFT;
  // A value whose folding alone would exhaust the budget is not folded first.
  if (budget.left < 0) return loaded;
  const length = foldInPlace(codes, value.length);
  if (length < 0) return loaded;
  budget.left -= length >> TEXT_COST_SHIFT;
  loaded.length = length;
  loaded.text = bufferText(codes, 0, length);
  return loaded;
}

/** Reads the windows around escapes in full, the whole short-value pipeline on each. */
function scanWindows({ text, codes, length, wide }: Loaded, url: boolean): string | undefined {
  let found: string | undefined;
  // A URL field is judged by its start, decoded, as a short value is: `data:` and scripts schemes there.
  if (url) mark(0);
  if (budget.left < 0) return WORK_LIMIT;
  if (url) {
    // And as the URL parser reads its start: past the controls it strips there (`%00` by the thousand, then
    // `javascript:`), and without the tabs and newlines it removes (`java`, thousands of tabs, `script:`).
    // A start of MAX_URL_START blanks or more is no URL anyone sends: too much input, not read further. (Read up to
    // that offset, not cut there: an escape cut at it read as no blank, and the blanks after it as the URL.)
    const start = urlStart(codes, length, MAX_URL_START);
    if (start >= MAX_URL_START || !spend(start >> WINDOW_COST_SHIFT)) return WORK_LIMIT;
    const head = start < length ? urlHead(codes, length, start, URL_HEAD) : undefined;
    if (head !== undefined || (start > 0 && start < length)) {
      if (!spend((urlHeadEnd - start) >> WINDOW_COST_SHIFT)) return WORK_LIMIT;
      found = scanText(head ?? bufferText(codes, start, Math.min(length, start + URL_HEAD)), true);
      if (found !== undefined) return found;
    }
  }
  for (let w = windows.first(codes, length); found === undefined && w; w = windows.next(codes, length)) {
    if (!spend((windows.end - windows.start) >> WINDOW_COST_SHIFT)) return WORK_LIMIT;
    textOrigin.atValueStart = windows.start === 0;
    const window = wide
      ? bufferText(codes, windows.start, windows.end)
      : text.slice(windows.start, windows.end);
    found = scanText(window, url && windows.start === 0);
  }
  textOrigin.atValueStart = true;
  return found;
}

/**
 * Scans a long value (at least {@link LONG_VALUE} code units): tags first, then (in a plain value) the text rules
 * at their needles and the windows around escapes. `rich` reads tags only, as an editor's HTML.
 */
export function scanLong(value: string, url: boolean, rich: boolean): string | undefined {
  resetLongBudget(value.length);
  const loaded = load(value);
  if (budget.left < 0) return WORK_LIMIT;
  const { text, codes, length } = loaded;
  windows.clear();
  resetNeedles();
  source.windows = windows;
  source.text = text;
  try {
    const found = scanTags(text, codes, length, rich);
    if (found !== undefined || rich) return found;
    for (const needle of NEEDLES) {
      const atNeedle =
        needle === '%' ? eachPercent(text, codes, length) : eachNeedle(text, codes, length, needle);
      if (atNeedle !== undefined) return atNeedle;
    }
    return scanWindows(loaded, url);
  } finally {
    textOrigin.atValueStart = true;
    source.windows = undefined;
    source.text = '';
  }
}

/**
 * Long values, read without a JavaScript pass over every character: native searches (`indexOf`) find the
 * characters at which a rule can start, each rule runs in place on a native copy of the value, and only the
 * neighbourhood of an escape that hides such a character is decoded and read in full. Ordinary text, JSON, CSV,
 * URLs and base64 hold few such candidates, so a 1 MiB value takes a fraction of a millisecond; each candidate
 * spends budget units, so only a value dense with candidates is reported (`work-limit`), and always the same way.
 */

import { budget, resetLongBudget, spend, WORK_LIMIT } from './budget.js';
import { copyToBuffer } from './buffers.js';
import { isLetter, LESS_THAN, QUESTION, SLASH } from './chars.js';
import { scanTag, tagEnd } from './html-scanner.js';
import { breakout, checkNeedle, jsFuck, mark, NEEDLE_UNITS, NEEDLES, source } from './needles.js';
import { foldInPlace } from './normalize.js';
import { scanText } from './plain.js';
import { textOrigin } from './text-rules.js';
import { Windows } from './windows.js';

/** Values at least this long are read through their candidates. */
export const LONG_VALUE = 2048;

/** Budget units of the folding pass per code unit, as a shift: an eighth of a unit, about a nanosecond. */
const FOLD_COST_SHIFT = 3;

/** Budget units of a tag's `<` (its attributes pay their own). */
const TAG_UNITS = 4;

const decoder = new TextDecoder('utf-16le');
const windows = new Windows();

let text = '';
let codes: Uint16Array = new Uint16Array(0);
let length = 0;

/** How far a dense needle's next occurrence is looked for in JavaScript before a native search is asked. */
const NEAR_UNITS = 8;

/**
 * The index of the next `needle` (one code unit, `code`) from `from`, or -1. A native search costs tens of
 * nanoseconds per call, a JavaScript step one: the next few units are looked at first, so dense needles (`%` in
 * encoded text, `=` in query strings) cost a step, sparse ones a native search.
 */
function nextOccurrence(needle: string, code: number, from: number): number {
  const near = Math.min(length, from + NEAR_UNITS);
  for (let i = from; i < near; i++) if (codes[i] === code) return i;
  return near < length ? text.indexOf(needle, near) : -1;
}

/** Runs the check of `needle` at each of its occurrences; stops at the first finding or when the budget is out. */
function eachNeedle(needle: string): string | undefined {
  const code = needle.charCodeAt(0);
  breakout.floor = 0;
  for (let at = text.indexOf(needle); at >= 0; at = nextOccurrence(needle, code, at + 1)) {
    budget.left -= NEEDLE_UNITS;
    if (budget.left < 0) return WORK_LIMIT;
    const found = checkNeedle(code, at);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** True when an escape starts at `at`, or a control that parsers drop: `<` before one may open a hidden tag. */
function opensEscape(code: number): boolean {
  return code === 0x25 || code === 0x26 || code === 0x5c || code === 0x2b || code < 0x20;
}

/** Tags: each read in place from its `<`; one with escapes inside, or escaped after its `<`, is decoded too. */
function scanTags(rich: boolean): string | undefined {
  for (let at = text.indexOf('<'); at >= 0; at = nextOccurrence('<', LESS_THAN, at + 1)) {
    budget.left -= TAG_UNITS;
    if (budget.left < 0) return WORK_LIMIT;
    const next = codes[at + 1] ?? 0;
    if (isLetter(next) || next === SLASH || next === QUESTION) {
      const found = scanTag(codes, at, length, rich, 0);
      if (found !== undefined) return found;
      const close = Math.max(tagEnd, at + 1);
      if (!rich) {
        if (!spend((close - at) >> 3)) return WORK_LIMIT;
        for (let i = at + 1; i < close; i++) {
          if (opensEscape(codes[i] as number)) {
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

/** Copies `value` natively, folding it (and re-reading it as a string) only when it holds NUL or non-ASCII. */
function load(value: string): void {
  codes = copyToBuffer(value);
  length = value.length;
  text = value;
  if (value.indexOf('\0') < 0 && Buffer.byteLength(value, 'utf8') === length) return;
  // The folding pass is a JavaScript loop over every unit, its re-reading as a string a native one: both are paid.
  budget.left -= length >> FOLD_COST_SHIFT;
  const pass = foldInPlace(codes, length);
  if (!pass.changed) return;
  budget.left -= length >> (FOLD_COST_SHIFT + 1);
  length = pass.length;
  text = decoder.decode(codes.subarray(0, length));
}

/** Reads the windows around escapes in full, the whole short-value pipeline on each. */
function scanWindows(url: boolean): string | undefined {
  let found: string | undefined;
  // A URL field is judged by its start, decoded, as a short value is: `data:` and scripts schemes there.
  if (url) mark(0);
  if (budget.left < 0) return WORK_LIMIT;
  for (let w = windows.first(codes, length); found === undefined && w; w = windows.next(codes, length)) {
    if (!spend((windows.end - windows.start) >> 2)) return WORK_LIMIT;
    textOrigin.atValueStart = windows.start === 0;
    found = scanText(text.slice(windows.start, windows.end), url && windows.start === 0);
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
  load(value);
  if (budget.left < 0) return WORK_LIMIT;
  windows.clear();
  source.codes = codes;
  source.length = length;
  source.windows = windows;
  // Every JSFuck letter starts from `![]`: without one, no `(` needs the look around.
  jsFuck.possible = text.indexOf('![') >= 0;
  try {
    let found = scanTags(rich);
    if (found !== undefined || rich) return found;
    for (const needle of NEEDLES) {
      found = eachNeedle(needle);
      if (found !== undefined) return found;
    }
    return scanWindows(url);
  } finally {
    textOrigin.atValueStart = true;
    // The copy may be a megabyte: keep no string of it alive.
    text = '';
    source.windows = undefined;
  }
}

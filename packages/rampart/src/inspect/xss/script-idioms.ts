/**
 * JavaScript written to run without the characters filters look for: a function called through a tagged template
 * (`[].sort.call\`${alert}1\``), a global reached by a quoted property (`self["alert"]`, `(document)["cookie"]`),
 * and JSFuck, script spelt with `[]()!+` alone. Each is syntax only code has: prose, Markdown and ordinary code
 * snippets hold none of them.
 */

import { budget, READ_SHIFT } from './budget.js';
import { isHtmlSpace, isIdentifierUnit, SLASH } from './chars.js';
import { NameTable } from './names.js';

/** How far a rule looks around its trigger, in code units. */
const MAX_LOOK_UNITS = 64;
/** How far before a quote `checkGlobalAccess` reads back to its `[` and name. */
export const LOOK_REACH = MAX_LOOK_UNITS;
/** How far before a `=` `checkDomWrite` reads its member chain. */
export const DOM_WRITE_REACH = MAX_LOOK_UNITS * 2;
/** How far each way from a `(` `checkJsFuck` reads. */
export const JSFUCK_REACH = MAX_LOOK_UNITS;
/** Shortest run of JSFuck characters reported: `(![]+[])[+[]]` alone, a letter, is 14. */
const MIN_JSFUCK_UNITS = 24;

/** Objects through which injected script reaches the page or any global: `window`, `self`, `document`... */
const GLOBALS = new NameTable<string>(
  ['window', 'self', 'top', 'parent', 'frames', 'document', 'globalThis', 'opener', 'content'].map(
    (name) => [name, name] as const,
  ),
  true,
);

/** The members through which a tagged template calls a function. */
const TAGS = new NameTable<true>(
  ['call', 'apply'].map((name) => [name, true] as const),
  true,
);

/** Index of the last non-space character before `at`, block comments (`/ * ... * /`) skipped, or `floor - 1`. */
function skipBackSpace(codes: Uint16Array, floor: number, at: number): number {
  let i = at - 1;
  while (i >= floor) {
    const c = codes[i] as number;
    if (isHtmlSpace(c)) i--;
    else if (c === SLASH && i - 1 >= floor && codes[i - 1] === 0x2a) {
      // The end of a block comment: step back to its start, as far as the floor when there is none (`*/a.b=`
      // repeated: each `=` read its whole reach, charged as the name only, 6.6 ms per MiB). The read is charged
      // here, the caller's charge ending at what it reads last.
      let j = i - 2;
      while (j > floor && !(codes[j] === 0x2a && codes[j - 1] === SLASH)) j--;
      budget.left -= (i - j) >> READ_SHIFT;
      if (j <= floor) return i;
      i = j - 2;
    } else return i;
  }
  return i;
}

/** Start of the identifier ending at `last` (inclusive), or `last + 1` when there is none. */
function identifierStart(codes: Uint16Array, floor: number, last: number): number {
  let i = last;
  while (i >= floor && isIdentifierUnit(codes[i] as number)) i--;
  return i + 1;
}

/**
 * At a backtick: a tagged template whose tag is `.call` or `.apply` (`[].sort.call\`${alert}1\``,
 * `Reflect.apply.call\`...\``), the idiom that calls a function without parentheses.
 *
 * @example checkTaggedCall(codes, 0, 12) // 'js:tagged-call' for "[].sort.call`${alert}1`"
 */
export function checkTaggedCall(codes: Uint16Array, start: number, backtick: number): string | undefined {
  const floor = Math.max(start, backtick - MAX_LOOK_UNITS);
  const last = skipBackSpace(codes, floor, backtick);
  const nameStart = identifierStart(codes, floor, last);
  // Spaces, comments and a name, up to 64 units, are read back.
  budget.left -= (backtick - nameStart) >> READ_SHIFT;
  if (TAGS.get(codes, nameStart, last + 1) === undefined) return undefined;
  const dot = skipBackSpace(codes, floor, nameStart);
  return dot >= floor && codes[dot] === 0x2e ? 'js:tagged-call' : undefined;
}

/**
 * At a quote: a global object's property reached by a quoted name (`self["alert"]`, `top['eval']`,
 * `(document)["cookie"]`), the idiom that hides a name from filters.
 *
 * @example checkGlobalAccess(codes, 0, 5) // 'js:global-access' for 'self["alert"](1)'
 */
export function checkGlobalAccess(codes: Uint16Array, start: number, quote: number): string | undefined {
  const floor = Math.max(start, quote - MAX_LOOK_UNITS);
  const bracket = skipBackSpace(codes, floor, quote);
  budget.left -= (quote - bracket) >> READ_SHIFT;
  if (bracket < floor || codes[bracket] !== 0x5b) return undefined;
  let last = skipBackSpace(codes, floor, bracket);
  // `(document)["cookie"]`: a parenthesised global.
  let parenthesised = false;
  if (last >= floor && codes[last] === 0x29) {
    last = skipBackSpace(codes, floor, last);
    parenthesised = true;
  }
  const nameStart = identifierStart(codes, floor, last);
  // The spaces and the name before the `[`, up to 64 units: `["` after a long number or a blank line, repeated
  // to 1 MiB, read them at each quote and took 5 ms charged for the quote's spaces only.
  budget.left -= (bracket - Math.max(floor, nameStart)) >> READ_SHIFT;
  if (GLOBALS.get(codes, nameStart, last + 1) === undefined) return undefined;
  const before = skipBackSpace(codes, floor, nameStart);
  if (parenthesised) return before >= floor && codes[before] === 0x28 ? 'js:global-access' : undefined;
  // The name must stand alone: `myself["x"]` is not `self`, `a.top["x"]` is a property.
  const c = before >= floor ? (codes[before] as number) : 0x20;
  return before < nameStart - 1 || !(isIdentifierUnit(c) || c === 0x2e) ? 'js:global-access' : undefined;
}

/**
 * At the `]` right before a call: a global object's property reached by a computed name and called
 * (`top[/al/.source+/ert/.source](1)`, `self[8680439..toString(30)](1)`, `window[atob("YWxlcnQ=")](1)`), the idiom
 * of {@link checkGlobalAccess} with the name built rather than quoted. The name is built: a `+`, a call, a regular
 * expression or a template in the brackets, which touch the global's name. `self[key](value)`,
 * `window[cfg.callback](data)` and `frames[0]()` are ordinary code, in Python too, and a Markdown link after a
 * word (`the document [v1.2](https://...)`, `top[10 tips](/tips)`) is prose.
 *
 * @example checkComputedGlobalCall(codes, 0, 30, 33) // 'js:global-access' for 'top[/al/.source+/ert/.source](1)'
 */
export function checkComputedGlobalCall(
  codes: Uint16Array,
  start: number,
  close: number,
  end: number,
): string | undefined {
  const floor = Math.max(start, close - MAX_LOOK_UNITS);
  const open = matchBack(codes, floor, close);
  if (open <= floor) return undefined;
  let computed = false;
  for (let i = open + 1; i < close && !computed; i++) {
    const c = codes[i] as number;
    computed = c === 0x2b || c === 0x28 || c === SLASH || c === 0x60;
  }
  if (!computed || isLinkTarget(codes, close + 2, end)) return undefined;
  const last = open - 1;
  const nameStart = identifierStart(codes, floor, last);
  budget.left -= (open - Math.max(floor, nameStart)) >> READ_SHIFT;
  if (nameStart > last || GLOBALS.get(codes, nameStart, last + 1) === undefined) return undefined;
  // The name must stand alone: `myself[...]` is not `self`, `a.top[...]` is a property.
  const before = skipBackSpace(codes, floor, nameStart);
  const c = before >= floor ? (codes[before] as number) : 0x20;
  return before < nameStart - 1 || !(isIdentifierUnit(c) || c === 0x2e) ? 'js:global-access' : undefined;
}

/** True when what follows `](` at `at` starts a link's target: a URL, a path or a fragment (Markdown). */
function isLinkTarget(codes: Uint16Array, at: number, end: number): boolean {
  if (at >= end) return false;
  const c = codes[at] as number;
  if (c === 0x23 || c === SLASH || c === 0x2e) return true;
  return (
    at + 4 <= end &&
    (codes[at] as number) === 0x68 &&
    (codes[at + 1] as number) === 0x74 &&
    (codes[at + 2] as number) === 0x74 &&
    (codes[at + 3] as number) === 0x70
  );
}

/** True for the characters JSFuck is written with: `[]()!+`, and the space a decoded `+` becomes. */
export function isJsFuckUnit(code: number): boolean {
  return (
    code === 0x5b ||
    code === 0x5d ||
    code === 0x28 ||
    code === 0x29 ||
    code === 0x21 ||
    code === 0x2b ||
    code === 0x20
  );
}

/** Index of the opening bracket that matches the closing one at `close`, or -1 within `floor`. */
function matchBack(codes: Uint16Array, floor: number, close: number): number {
  const closing = codes[close] as number;
  const opening = closing === 0x29 ? 0x28 : 0x5b;
  let depth = 0;
  let i = close;
  for (; i >= floor; i--) {
    const c = codes[i] as number;
    if (c === closing) depth++;
    else if (c === opening && --depth === 0) break;
  }
  // Unmatched, the whole reach is read (`)=` and 29 newlines, repeated: 10 ms per MiB charged as one unit).
  budget.left -= (close - i) >> READ_SHIFT;
  return i >= floor ? i : -1;
}

/**
 * At a `=`: an assignment to a property reached from `document` or `window` (`document.body.innerHTML = ...`,
 * `document.querySelector("p").textContent="..."`, `window.location = ...`): a statement that writes to the page
 * or navigates it. Comparisons (`==`, `<=`...) are not assignments; a lone `document.title` mentioned in prose
 * assigns nothing.
 *
 * @example checkDomWrite(codes, 0, 20, length) // 'js:dom-write' for 'document.body.innerHTML="<b>"'
 */
export function checkDomWrite(
  codes: Uint16Array,
  start: number,
  equals: number,
  end: number,
): string | undefined {
  if (equals + 1 < end && codes[equals + 1] === 0x3d) return undefined;
  const floor = Math.max(start, equals - DOM_WRITE_REACH);
  let i = skipBackSpace(codes, floor, equals);
  // `+=` appends markup as surely as `=` writes it; `!=`, `<=`, `>=` compare.
  if (i >= floor && codes[i] === 0x2b) i = skipBackSpace(codes, floor, i);
  let members = 0;
  let pageMember = false;
  let found: string | undefined;
  while (i >= floor) {
    const c = codes[i] as number;
    if (c === 0x29 || c === 0x5d) {
      const open = matchBack(codes, floor, i);
      if (open < 0) break;
      i = skipBackSpace(codes, floor, open);
      continue;
    }
    const nameStart = identifierStart(codes, floor, i);
    if (nameStart > i) break;
    const before = skipBackSpace(codes, floor, nameStart);
    if (before >= floor && codes[before] === 0x2e) {
      members++;
      // A unit per member looked up: `top.a.a.a...=x` repeated to 1 MiB looked 276,000 up (7 ms).
      budget.left -= 1;
      pageMember ||= isPageMember(codes, nameStart, i + 1);
      i = skipBackSpace(codes, floor, before);
      continue;
    }
    // The chain's root: `document`, or another global through the page (`window.location`, `top.document...`,
    // `window.onload`); `self.primary_key = "id"` is Python or Ruby, and `window.name` writes no page.
    const root = GLOBALS.get(codes, nameStart, i + 1);
    if (
      members > 0 &&
      root !== undefined &&
      (pageMember || root === 'document') &&
      !(before >= floor && isIdentifierUnit(codes[before] as number)) &&
      assignsExpression(codes, equals + 1, end)
    )
      found = 'js:dom-write';
    i = before;
    break;
  }
  // The chain is read back up to 128 units, brackets matched, and the value after the `=`, up to 64.
  budget.left -= ((equals - Math.max(i, floor)) >> READ_SHIFT) + (assignRead >> READ_SHIFT);
  assignRead = 0;
  return found;
}

/** The members through which a global's assignment reaches the page, its address or its markup. */
const PAGE_MEMBERS = new NameTable<true>(
  ['document', 'location', 'href', 'innerHTML', 'outerHTML', 'srcdoc', 'src', 'cookie', 'domain'].map(
    (name) => [name, true] as const,
  ),
  true,
);

/** True for a member in {@link PAGE_MEMBERS} or an event handler property (`onload`, `onerror`). */
function isPageMember(codes: Uint16Array, start: number, end: number): boolean {
  if (PAGE_MEMBERS.get(codes, start, end) !== undefined) return true;
  return end - start > 2 && codes[start] === 0x6f && codes[start + 1] === 0x6e;
}

/** How many units the last {@link assignsExpression} read. */
let assignRead = 0;

/**
 * True when the right-hand side from `from` is more than a lone word: a string or template literal, a call, a
 * member or a concatenation (`"<b>x</b>"`, `location.hash`, `a + b`). "Set `window.location = url` to redirect"
 * names a variable in prose; injected code writes something it built.
 */
function assignsExpression(codes: Uint16Array, from: number, end: number): boolean {
  let i = from;
  while (i < end && isHtmlSpace(codes[i] as number)) i++;
  // The scratch buffers hold a previous value's units past `end`: none is read.
  if (i >= end) return false;
  const first = codes[i];
  if (first === 0x22 || first === 0x27 || first === 0x60) return true;
  const wordStart = i;
  while (i < end && i - wordStart < MAX_LOOK_UNITS && isIdentifierUnit(codes[i] as number)) i++;
  if (i === wordStart) return i < end;
  while (i < end && isHtmlSpace(codes[i] as number)) i++;
  if (i >= end) return false;
  assignRead = i - from;
  const next = codes[i];
  return next === 0x28 || next === 0x2e || next === 0x5b || next === 0x2b || next === 0x60;
}

/**
 * At a `&`: a Netscape JavaScript entity, `&{expression};`, which Netscape 4 evaluated wherever a character
 * reference may stand (`<p title="&{alert(1)};">`). `&&{` is the `&&` operator, not one.
 *
 * @example checkScriptEntity(codes, 0, 0, length) // 'js:entity' for "&{alert(1)};"
 */
export function checkScriptEntity(
  codes: Uint16Array,
  start: number,
  ampersand: number,
  end: number,
): string | undefined {
  if (codes[ampersand + 1] !== 0x7b || (ampersand > start && codes[ampersand - 1] === 0x26)) return undefined;
  const limit = Math.min(end, ampersand + 2 + MAX_LOOK_UNITS * 2);
  for (let i = ampersand + 2; i < limit; i++) if (codes[i] === 0x7d) return 'js:entity';
  return undefined;
}

/**
 * At a `(`: JSFuck, a run of at least {@link MIN_JSFUCK_UNITS} of `[]()!+` (spaces allowed, as form decoding turns
 * `+` into one) that negates an array (`![]`), the coercion every JSFuck letter starts from.
 *
 * @example checkJsFuck(codes, 0, 0, length) // 'js:jsfuck' for "(![]+[])[+[]]+(![]+[])[!+[]+!+[]]"
 */
export function checkJsFuck(
  codes: Uint16Array,
  start: number,
  open: number,
  end: number,
): string | undefined {
  let from = open;
  const floor = Math.max(start, open - JSFUCK_REACH);
  while (from > floor && isJsFuckUnit(codes[from - 1] as number)) from--;
  let to = open + 1;
  const limit = Math.min(end, open + JSFUCK_REACH);
  while (to < limit && isJsFuckUnit(codes[to] as number)) to++;
  if (to - from < MIN_JSFUCK_UNITS) return undefined;
  for (let i = from; i + 2 < to; i++) {
    if (codes[i] === 0x21 && codes[i + 1] === 0x5b && codes[i + 2] === 0x5d) return 'js:jsfuck';
  }
  return undefined;
}

/**
 * Index of the first `![]` (the coercion every JSFuck letter starts from) in `codes[from..end)`, or `end`:
 * {@link checkJsFuck} finds JSFuck at a `(` only with one within {@link JSFUCK_REACH} units of it, so a caller that
 * keeps this index for the `(` it meets in order rules out `((((...` without reading around each.
 */
export function nextJsFuckSeed(codes: Uint16Array, from: number, end: number): number {
  for (let i = from; i + 2 < end; i++) {
    if (codes[i] === 0x21 && codes[i + 1] === 0x5b && codes[i + 2] === 0x5d) return i;
  }
  return end;
}

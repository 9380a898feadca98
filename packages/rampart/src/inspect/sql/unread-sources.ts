// Called as `charCodeAt.call(value, i)`, never as methods of the value: see `characters.ts`.
const charCodeAt = String.prototype.charCodeAt;

/**
 * Native searches of text not yet decoded for the places that may decode to a quote, a `(` or a line break: where a
 * quoted reading of a long value's decoding must begin past the point where the decoding stopped (`readings.ts`),
 * where a delay call may hide there (`delay-calls-past-cut.ts`), whether a literal or a comment left open can close
 * (`unread.ts`). Each pattern is matched at the last character of what it finds, and a few characters are looked
 * behind from there: a `%` or a `&`, frequent in encoded text, would each cost a try.
 */

/** Where `pattern` first matches `value` from `from` (the match's first character), or -1. */
export function firstMatch(pattern: RegExp, value: string, from: number): number {
  pattern.lastIndex = from;
  const at = pattern.exec(value)?.index ?? -1;
  pattern.lastIndex = 0;
  return at;
}

/**
 * What may decode to a single or a double quote (see `normalize.ts`): the quote, its fullwidth form, and their
 * escapes and HTML references. A superset: the first match is at or before the first quote of that kind in the
 * decoded text. An escape or a reference is matched at its last character and looked behind from there, first at
 * the one character before it: a `%` or a `&` is too frequent in encoded text to start a match at, and a
 * lookahead from each costs a mebibyte of `&#` several milliseconds. {@link sourceStart} finds where it begins.
 */
const QUOTE_SOURCES = {
  single:
    /['\uff07]|7(?<=[2078]7)(?<=%27|\\x27|[%\\]u0027|[%\\]uff07|%ef%bc%87|&#x0*27|&#x0*ff07|&#0*65287)|9(?<=&#0*39)|;(?<=&apos;)/gi,
  double:
    /["\uff02]|2(?<=[208]2)(?<=%22|\\x22|[%\\]u0022|[%\\]uff02|%ef%bc%82|&#x0*22|&#x0*ff02|&#0*65282)|4(?<=&#0*34)|;(?<=&quot;)/gi,
};
/** How far before its last character an escape (not a reference) begins, at most: `%EF%BC%87` and more. */
const ESCAPE_LENGTH = 16;

/**
 * Where the place that may decode to a character, matched at its last character `at`, begins: at the `&` of a
 * reference (its zeros are not bounded: `&#000...39;`), else at most {@link ESCAPE_LENGTH} characters before.
 */
export function sourceStart(value: string, at: number, from: number): number {
  const ampersand = referenceStart(value, at, from);
  return ampersand !== -1 ? ampersand : Math.max(from, at - ESCAPE_LENGTH);
}

/**
 * The `&` that begins the reference whose last character is at `at`, found by walking back over the characters a
 * reference holds, not before `from`; -1 when no `&` is there.
 */
export function referenceStart(value: string, at: number, from: number): number {
  let start = at;
  while (start > from && isReferenceChar(charCodeAt.call(value, start - 1))) start--;
  return start > from && charCodeAt.call(value, start - 1) === 0x26 ? start - 1 : -1;
}

/** The escapes of `(` that end in its last character, by their length less one. */
const OPEN_ESCAPES: ReadonlyArray<readonly [number, RegExp]> = [
  [2, /%28/y],
  [3, /\\x28/iy],
  [5, /[%\\]u(?:0028|ff08)/iy],
  [8, /%ef%bc%88/iy],
];

/**
 * Where the place that may decode to `(` matched at `at` (see {@link nextOpenSource}) begins, exactly, or -1 when
 * no escape of `(` ends there: what precedes it is what a name before the `(` would be.
 */
export function openSourceStart(value: string, at: number): number {
  const c = charCodeAt.call(value, at);
  if (c === 0x28 || c === 0xff08) return at;
  const ampersand = referenceStart(value, at, 0);
  if (ampersand !== -1) return ampersand;
  for (const [back, pattern] of OPEN_ESCAPES) {
    if (at < back) continue;
    pattern.lastIndex = at - back;
    if (pattern.test(value)) return at - back;
  }
  return -1;
}

export function isReferenceChar(c: number): boolean {
  const lower = c | 0x20;
  return (c >= 0x30 && c <= 0x39) || (lower >= 0x61 && lower <= 0x7a) || c === 0x23;
}

/**
 * What may decode to a line break, which ends a `--` or `#` comment. Matched from its first character, unlike the
 * places above: a `%`, `\\` or `&` then fails at its next character or two, where a look behind from each `a` and
 * `0` tried six escapes (a mebibyte of `a&#40;b`: 2.5 ms, now 0.8 ms; of `&#`: 1.0 ms).
 */
const NEWLINE_SOURCE = /\n|%(?:0a|u000a)|\\(?:x0a|u000a)|&(?:#(?:x0*a|0*10)|newline;)/gi;

/**
 * What may decode to `(`, as {@link QUOTE_SOURCES} to a quote: a delay call needs one (`delay-calls-past-cut.ts`).
 */
const OPEN_SOURCE =
  /[(\uff08]|8(?<=[028]8)(?<=%28|\\x28|[%\\]u0028|[%\\]uff08|%ef%bc%88|&#x0*28|&#x0*ff08|&#0*65288)|0(?<=&#0*40)|;(?<=&lpar;)/gi;

/** The kinds of place {@link firstSource} finds. */
const SourceKind = { single: 0, double: 1, open: 2 };
const SOURCE_PATTERNS = [QUOTE_SOURCES.single, QUOTE_SOURCES.double, OPEN_SOURCE];
/**
 * The patterns of the kinds not found yet (a bit per kind) in one pass, each alternative matching one character,
 * which the sticky ones then classify: once a kind is found it is no longer matched, so that a value dense in one
 * kind (a mebibyte of `＇`) costs a match per kind, not one per character.
 */
const ANY_SOURCE: RegExp[] = [];
for (let kinds = 0; kinds < 1 << SOURCE_PATTERNS.length; kinds++) {
  const wanted = SOURCE_PATTERNS.filter((_, kind) => (kinds & (1 << kind)) !== 0);
  ANY_SOURCE.push(new RegExp(wanted.map((pattern) => pattern.source).join('|') || '$^', 'gi'));
}
const SOURCE_AT = SOURCE_PATTERNS.map((pattern) => new RegExp(pattern.source, 'iy'));

/**
 * The places of each kind found in `value` from `from`, by one pass that stops at the first place of the kind asked
 * for and is resumed for the next: the rest of a value is searched once for quotes and parentheses, not three times.
 * `scannedTo` is where the pass resumes, -1 once it reached the end. Forgotten at each call.
 */
const sources = { value: '', from: 0, scannedTo: 0, found: [-1, -1, -1] };

/** Forgets the last pass, so that no value outlives the call of the detector that read it. */
export function forgetSourceSearch(): void {
  sources.value = '';
}

/** Where the first place of `kind` that may decode to its character is matched in `value[from...]`, or -1. */
function firstSource(value: string, from: number, kind: number): number {
  if (value !== sources.value || from !== sources.from) {
    sources.value = value;
    sources.from = from;
    sources.scannedTo = from;
    sources.found.fill(-1);
  }
  const { found } = sources;
  while ((found[kind] as number) === -1 && sources.scannedTo !== -1) {
    let kinds = 0;
    for (let k = 0; k < found.length; k++) if (found[k] === -1) kinds |= 1 << k;
    const any = ANY_SOURCE[kinds] as RegExp;
    any.lastIndex = sources.scannedTo;
    const match = any.exec(value);
    any.lastIndex = 0;
    if (match === null) {
      sources.scannedTo = -1;
      break;
    }
    const at = match.index;
    for (let k = 0; k < SOURCE_AT.length; k++) {
      const pattern = SOURCE_AT[k] as RegExp;
      pattern.lastIndex = at;
      if (found[k] === -1 && pattern.test(value)) found[k] = at;
    }
    sources.scannedTo = at + 1;
  }
  return found[kind] as number;
}

/** Where the first place that may decode to `(` is matched in `value[from...]`, or -1. */
export function firstOpenSource(value: string, from: number): number {
  return firstSource(value, from, SourceKind.open);
}

/** The next place that may decode to `(` in `value[from...]`, or -1: a plain search, for the ones after the first. */
export function nextOpenSource(value: string, from: number): number {
  // `test`, not `exec`: a mebibyte may hold a hundred thousand, and each match of `exec` is an allocation.
  OPEN_SOURCE.lastIndex = from;
  const at = OPEN_SOURCE.test(value) ? OPEN_SOURCE.lastIndex - 1 : -1;
  OPEN_SOURCE.lastIndex = 0;
  return at;
}

/** Where the first place that may decode to `quote` (a char code) begins in `value[from...]`, or -1. */
export function firstQuoteSource(value: string, from: number, quote: number): number {
  const at = firstSource(value, from, quote === 0x27 ? SourceKind.single : SourceKind.double);
  return at === -1 ? -1 : sourceStart(value, at, from);
}

/** True when `value[from...]` holds something that may decode to a line break, which ends a `--` or `#` comment. */
export function holdsNewlineSource(value: string, from: number): boolean {
  return firstMatch(NEWLINE_SOURCE, value, from) !== -1;
}

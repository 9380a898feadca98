import * as delayCalls from './delay-calls.js';
import * as normalize from './normalize.js';

// Imports bound once as constants of this file: the compiler folds constants into the code that uses them,
// where an imported binding is reloaded and checked at every use (see `characters.ts`).
const { hasDelayCall } = delayCalls;
const { normalizeLong } = normalize;

// Called as `slice.call(value, ...)`, never as methods of the value: see `characters.ts`.
const charCodeAt = String.prototype.charCodeAt;
const indexOf = String.prototype.indexOf;
const slice = String.prototype.slice;

/**
 * Delay calls in the part of a long value that its decoding did not reach. `normalizeLong` stops after a few
 * thousand escapes, and a delay call is looked for anywhere in a value, not where a reading stands: so
 * `x%20` five thousand times, then `%53LEEP%285%29`, used to pass, its call neither in the raw value (which holds
 * no `(`) nor in the decoded part. Every call has a `(`: each place of the undecoded rest that may decode to one
 * is found by a native search, and a window around it is decoded and searched as the decoded value would be.
 */

/** What {@link delayCallPastCut} found. */
export const PastCut = Object.freeze({ none: 0, found: 1, unsure: 2 });

/**
 * What may decode to `(` in one round (see `normalize.ts`): the character and its fullwidth form, their `%`,
 * `%u`, `\\x` and `\\u` escapes, UTF-8 `%EF%BC%88`, and HTML references. An escape is matched at its last
 * character and looked behind from there, first at the one character before it: a `%` is too frequent in encoded
 * text to start a match at.
 */
const OPEN_SOURCE =
  /[(\uff08]|8(?<=[028]8)(?<=%28|\\x28|[%\\]u0028|[%\\]uff08|%ef%bc%88)|&(?=#0*40(?![0-9])|#0*65288|#x0*28(?![0-9a-f])|#x0*ff08|lpar;)/gi;
/** The source before a `(` decoded with it: a name, the blanks before the `(`, and the escapes they may be. */
const WINDOW_BEFORE = 160;
/** The source after it: blanks, the number and what follows it. */
const WINDOW_AFTER = 64;
/** At most this many windows per value: past them, the rest is not cleared. */
const MAX_WINDOWS = 256;
/** A window is decoded whole: it is short. */
const WINDOW_ESCAPES = 1 << 16;

function isBlank(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

/**
 * True when a `(` of the decoded window has nothing but blanks between it and an edge of the window that is not an
 * edge of the value: a name or a number further away than the window reaches may be hidden there.
 */
function blanksToEdge(window: string, startsValue: boolean, endsValue: boolean): boolean {
  // The first characters may be an escape cut in the middle: they count as the edge.
  const edge = startsValue ? 0 : 8;
  for (let open = indexOf.call(window, '('); open !== -1; open = indexOf.call(window, '(', open + 1)) {
    let before = open;
    while (before > edge && isBlank(charCodeAt.call(window, before - 1))) before--;
    if (before <= edge && !startsValue) return true;
    let after = open + 1;
    while (after < window.length && isBlank(charCodeAt.call(window, after))) after++;
    if (after === window.length && !endsValue) return true;
  }
  return false;
}

/**
 * Looks for a delay call in `value` from `from`, where its decoding stopped, on. `plusAsSpace` is the value's own.
 * Returns {@link PastCut}: `found`, `none`, or `unsure` when more places may decode to `(` than it reads, or when
 * blanks reach past a window (the caller then does not clear the value).
 */
export function delayCallPastCut(value: string, from: number, plusAsSpace: boolean): number {
  let windows = 0;
  let result: number = PastCut.none;
  // Calls that straddle the cut, their `(` decoded and their number not, are looked at too.
  OPEN_SOURCE.lastIndex = Math.max(0, from - WINDOW_AFTER);
  while (OPEN_SOURCE.test(value)) {
    if (++windows > MAX_WINDOWS) {
      result = PastCut.unsure;
      break;
    }
    const at = OPEN_SOURCE.lastIndex - 1;
    const start = Math.max(0, at - WINDOW_BEFORE);
    const end = Math.min(value.length, at + WINDOW_AFTER);
    const window = normalizeLong(slice.call(value, start, end), WINDOW_ESCAPES, plusAsSpace);
    if (hasDelayCall(window)) {
      result = PastCut.found;
      break;
    }
    if (blanksToEdge(window, start === 0, end === value.length)) {
      result = PastCut.unsure;
      break;
    }
  }
  OPEN_SOURCE.lastIndex = 0;
  return result;
}

/**
 * An escaped `<` in a long value (`&lt;`, `%3C`, `\x3c`): the tag it opens once decoded. HTML-escaped prose and
 * documents are dense with such escapes (`&lt;b&gt;`, `&lt;/p&gt;`), and a window read in full around each made
 * them fail closed from 32 KiB: only a tag the short reading could report gets one.
 */

import { budget, READ_SHIFT } from './budget.js';
import { AMPERSAND, BACKSLASH, GREATER_THAN, isDigit, isLetter, PERCENT, QUESTION, SLASH } from './chars.js';
import { elementEntry } from './elements.js';
import { decodedAt, decodedEnd } from './entities.js';
import { MAX_TABLE_NAME_UNITS } from './names.js';

/** 1 for the letters and digits of a tag's name, as a table of every code unit. */
const ALNUM = new Uint8Array(0x10000);
for (let c = 0; c < 0x80; c++) ALNUM[c] = isLetter(c) || isDigit(c) ? 1 : 0;

/**
 * True when the `<` an escape decodes to, before `codes[after]`, opens a tag the short reading may report: an
 * element of the tables (`&lt;script`), a tag with anything but `>` or `/>` after its name, raw or escaped (an
 * attribute, a namespace, an escape inside the name), `<?`, or an end tag without a name (`</ onclick=...>` is read
 * for attributes). `&lt;b&gt;`, `&lt;/i&gt;` and `&lt;br/&gt;` open none. A `<` before anything but a letter, `/`
 * or `?` is text, unless an escape follows that may decode to one.
 *
 * @example opensEscapedTag(codes, 4, length) // false for "&lt;b&gt;", true for "&lt;b onclick=x&gt;"
 */
export function opensEscapedTag(codes: Uint16Array, after: number, end: number): boolean {
  if (after >= end) return false;
  const first = codes[after] as number;
  if (first === QUESTION) return true;
  if (first !== SLASH && !isLetter(first))
    return first === PERCENT || first === AMPERSAND || first === BACKSLASH;
  const nameStart = first === SLASH ? after + 1 : after;
  const limit = Math.min(end, nameStart + MAX_TABLE_NAME_UNITS);
  let i = nameStart;
  while (i < limit && ALNUM[codes[i] as number] === 1) i++;
  // The name, up to 48 units: `%3Cself` and fifty 1s, repeated to 1 MiB, read it twice per escape and took 5.5 ms
  // charged as a lookup.
  budget.left -= (i - nameStart) >> READ_SHIFT;
  // A name longer than any in the tables, or cut off by the value's end, is left to the window.
  if (i >= limit || i === nameStart) return true;
  // An end tag's name is not judged (`scanTag` reads only its attributes).
  if (first !== SLASH && elementEntry(codes, nameStart, i) !== undefined) return true;
  let next = decodedAt(codes, i, end);
  if (next === SLASH) next = decodedAt(codes, decodedEnd, end);
  return next !== GREATER_THAN;
}

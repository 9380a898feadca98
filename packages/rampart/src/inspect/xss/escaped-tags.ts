/**
 * An escaped `<` in a long value (`&lt;`, `%3C`, `\x3c`): the tag it opens once decoded. HTML-escaped prose and
 * documents are dense with such escapes (`&lt;b&gt;`, `&lt;/p&gt;`), and a window read in full around each made
 * them fail closed from 32 KiB: only a tag the short reading could report gets one.
 */

import { AMPERSAND, BACKSLASH, GREATER_THAN, isDigit, isLetter, PERCENT, QUESTION, SLASH } from './chars.js';
import { elementEntry } from './elements.js';
import { decodedAt, decodedEnd } from './entities.js';
import { MAX_TABLE_NAME_UNITS } from './names.js';

function isAlnum(code: number): boolean {
  return isLetter(code) || isDigit(code);
}

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
  while (i < limit && isAlnum(codes[i] as number)) i++;
  // A name longer than any in the tables, or cut off by the value's end, is left to the window.
  if (i >= limit || i === nameStart) return true;
  // An end tag's name is not judged (`scanTag` reads only its attributes).
  if (first !== SLASH && elementEntry(codes, nameStart, i) !== undefined) return true;
  let next = decodedAt(codes, i, end);
  if (next === SLASH) next = decodedAt(codes, decodedEnd, end);
  return next !== GREATER_THAN;
}

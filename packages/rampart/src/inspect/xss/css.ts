/**
 * Dangerous CSS: the constructs by which a style sheet or a `style` attribute runs script or loads active code in
 * some browser (IE `expression()` and `behavior:`, Firefox `-moz-binding`, `javascript:` URLs, `@import` of a
 * foreign sheet). Ordinary declarations (`color: red; text-align: center`) never match.
 */

import { acquireBuffer } from './buffers.js';
import { BACKSLASH, CR, hexValue, isHtmlSpace, LF, SLASH, startsWithWord, toLower } from './chars.js';
import { NameTable } from './names.js';

/** Scratch slot of the normalised CSS; distinct from the slots of the HTML scanner that calls in. */
const CSS_SLOT = 7;

/** Keyword (as it reads with comments, escapes and whitespace removed) and the fingerprint it yields. */
const KEYWORDS: ReadonlyArray<readonly [string, string]> = [
  ['expression(', 'style:expression'],
  ['javascript:', 'style:javascript'],
  ['vbscript:', 'style:vbscript'],
  ['livescript:', 'style:livescript'],
  ['-moz-binding', 'style:moz-binding'],
  ['behavior:', 'style:behavior'],
  ['behaviour:', 'style:behavior'],
  ['@import', 'style:import'],
];

/**
 * Removes comments, decodes escapes (`\65` and `\e` are both `e`, `\` + newline vanishes), lower-cases and drops
 * whitespace, because browsers accept all of these inside keywords (`exp/**\/ression`, `\65xpression`,
 * `url ( javascript : ...)`). Returns the normalised length in the CSS slot.
 */
function normaliseCss(codes: Uint16Array, start: number, end: number, out: Uint16Array): number {
  let n = 0;
  let i = start;
  while (i < end) {
    const c = codes[i] as number;
    if (c === SLASH && codes[i + 1] === 0x2a) {
      i += 2;
      while (i < end && !(codes[i] === 0x2a && codes[i + 1] === SLASH)) i++;
      i += 2;
      continue;
    }
    if (c === BACKSLASH) {
      i++;
      let point = 0;
      let digits = 0;
      while (i < end && digits < 6 && hexValue(codes[i] as number) >= 0) {
        point = point * 16 + hexValue(codes[i] as number);
        digits++;
        i++;
      }
      if (digits > 0) {
        if (i < end && isHtmlSpace(codes[i] as number)) i++;
        if (point > 0 && point < 0x10000) out[n++] = toLower(point);
      } else if (i < end) {
        const escaped = codes[i] as number;
        if (escaped !== LF && escaped !== CR) out[n++] = toLower(escaped);
        i++;
      }
      continue;
    }
    i++;
    if (!isHtmlSpace(c)) out[n++] = toLower(c);
  }
  return n;
}

/**
 * The fingerprint of the first dangerous construct in the CSS `codes[start..end)` (`style:expression`,
 * `style:javascript`, `style:moz-binding`, `style:behavior`, `style:import`...), or undefined.
 *
 * @example dangerousCss(codes, 0, length) // 'style:expression' for "width: exp/**\/ression(alert(1))"
 */
export function dangerousCss(codes: Uint16Array, start: number, end: number): string | undefined {
  const out = acquireBuffer(CSS_SLOT, end - start);
  const length = normaliseCss(codes, start, end, out);
  for (let i = 0; i < length; i++) {
    const c = out[i];
    // Dispatch on the first letter so the scan stays one pass however many keywords there are.
    if (c !== 0x65 && c !== 0x6a && c !== 0x76 && c !== 0x6c && c !== 0x2d && c !== 0x62 && c !== 0x40)
      continue;
    for (const [keyword, fingerprint] of KEYWORDS) {
      if (keyword.charCodeAt(0) === c && startsWithWord(out, i, length, keyword)) return fingerprint;
    }
  }
  return undefined;
}

/** CSS functions that load a resource. */
const LOADING_FUNCTIONS = new NameTable<true>(
  ['url', 'image', 'image-set', '-webkit-image-set', 'cross-fade', 'element', 'src'].map(
    (name) => [name, true] as const,
  ),
);

/**
 * For a `style` attribute found in a plain value: the fingerprint of anything beyond formatting declarations
 * (`color: red; font-family: "Arial"; margin: 0 auto`). Resource loads (`url(`, `image-set(`...) leak the reader to a
 * foreign host and were the vector of SVG and binding attacks; escapes and comments only obfuscate; braces,
 * brackets and angle brackets cannot appear in a declaration list and only desynchronise a filter's CSS parser from
 * the browser's. An editor's style attributes belong in a rich-text field, which does not apply this rule.
 *
 * @example unusualCss(codes, 0, length) // 'style:url' for "background:url(x.svg)"
 */
export function unusualCss(codes: Uint16Array, start: number, end: number): string | undefined {
  let word = start;
  for (let i = start; i < end; i++) {
    const c = codes[i] as number;
    if (c === BACKSLASH) return 'style:escape';
    if (c === SLASH && codes[i + 1] === 0x2a) return 'style:comment';
    if (c === 0x7b || c === 0x7d || c === 0x5b || c === 0x5d || c === 0x3c || c === 0x3e)
      return 'style:syntax';
    if (c === 0x28 && LOADING_FUNCTIONS.get(codes, word, i) === true) return 'style:url';
    const lower = c | 0x20;
    if (!((lower >= 0x61 && lower <= 0x7a) || c === 0x2d)) word = i + 1;
  }
  return undefined;
}

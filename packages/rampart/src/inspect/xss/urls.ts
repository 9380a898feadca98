/**
 * URL scheme checks, after the normalisation a browser's URL parser applies: leading C0 controls and spaces are
 * stripped, tabs and newlines are removed anywhere (`java\tscript:` is `javascript:`), the scheme is
 * case-insensitive.
 */

import { COLON, COMMA, isLetter, SEMICOLON, SLASH, startsWithWord, toLower } from './chars.js';
import { NameTable } from './names.js';

/** A scheme the detector knows, with the fingerprints reported for it in a URL and in CSS. */
export interface SchemeEntry {
  readonly name: string;
  readonly url: string;
  readonly style: string;
}

/**
 * Schemes whose URL runs script in the page that follows it (Netscape's `livescript:` and `mocha:` included), and
 * `data:`, whose media type decides.
 */
export const SCHEME_NAMES: readonly string[] = ['javascript', 'vbscript', 'livescript', 'mocha', 'data'];

const SCHEMES = new NameTable<SchemeEntry>(
  SCHEME_NAMES.map((name) => [name, { name, url: `url:${name}`, style: `style:${name}` }] as const),
);

/** Longest scheme worth reading: the known ones are at most 10 letters. */
const MAX_SCHEME_LETTERS = 10;
const MAX_MEDIA_TYPE_UNITS = 64;

/** The letters of the last word read by {@link readSchemeWord}. */
const letters = new Uint16Array(MAX_SCHEME_LETTERS);

/** Index just after the last word read by {@link readSchemeWord}: its colon, if any, is here. */
export let schemeWordEnd = 0;

/**
 * The known scheme spelled by the letters from `start`, C0 controls skipped (tab and newlines are removed by the URL
 * parser; other controls were skipped by legacy parsers, IE among them), or undefined. Sets {@link schemeWordEnd}.
 */
export function readSchemeWord(codes: Uint16Array, start: number, end: number): SchemeEntry | undefined {
  let n = 0;
  let i = start;
  // However many controls: `java` + 60 tabs + `script:` is a script URL to the URL parser. The scan stays bounded:
  // each caller reads a word at most once from each place (an attribute value, a list item, `url(`, which charges
  // it), and a word ends at its eleventh letter.
  for (; i < end; i++) {
    const c = codes[i] as number;
    if (c < 0x20) continue;
    if (!isLetter(c)) break;
    if (n >= MAX_SCHEME_LETTERS) return undefined;
    letters[n++] = c;
  }
  schemeWordEnd = i;
  return n < 4 ? undefined : SCHEMES.get(letters, 0, n);
}

/** Index just after the colon of the last scheme read by {@link readScheme}. */
export let schemeEnd = 0;

/**
 * The scheme of the URL in `codes[start..end)` when it is one of `javascript`, `vbscript`, `livescript`, `mocha`
 * or `data`, else undefined. Sets {@link schemeEnd}.
 */
export function readScheme(codes: Uint16Array, start: number, end: number): SchemeEntry | undefined {
  let i = start;
  // The URL parser strips leading C0 controls and spaces.
  while (i < end && (codes[i] as number) <= 0x20) i++;
  if (i >= end || !isLetter(codes[i] as number)) return undefined;
  const scheme = readSchemeWord(codes, i, end);
  if (scheme === undefined || codes[schemeWordEnd] !== COLON || schemeWordEnd >= end) return undefined;
  schemeEnd = schemeWordEnd + 1;
  return scheme;
}

/** The media type of the last `data:` URL read by {@link isActiveDataUrl}, controls removed. */
const mediaType = new Uint16Array(MAX_MEDIA_TYPE_UNITS);

/**
 * True when the `data:` URL whose body starts at `start` (just after `data:`) can hold an active document or
 * script: any media type but plain text and passive media (non-SVG images, audio, video, fonts), which a browser
 * never runs as markup, and invalid types, which a browser reads as plain text. Spaces and controls inside the type
 * are dropped, as they only obfuscate it.
 */
export function isActiveDataUrl(codes: Uint16Array, start: number, end: number): boolean {
  let n = 0;
  let svg = false;
  let slash = false;
  const limit = Math.min(end, start + MAX_MEDIA_TYPE_UNITS);
  for (let i = start; i < limit; i++) {
    const c = codes[i] as number;
    if (c === COMMA || c === SEMICOLON) break;
    if (c <= 0x20) continue;
    if (c === SLASH) slash = true;
    mediaType[n++] = c;
    if (n >= 3 && toLower(c) === 0x67 && startsWithWord(mediaType, n - 3, n, 'svg')) svg = true;
  }
  if (n === 0 || (n === 10 && startsWithWord(mediaType, 0, n, 'text/plain'))) return false;
  // A type without a `/` is invalid and read as `text/plain` (`data: 1, 2, 3` in prose).
  if (!slash) return false;
  if (startsWithWord(mediaType, 0, n, 'image/')) return svg;
  return !(
    startsWithWord(mediaType, 0, n, 'audio/') ||
    startsWithWord(mediaType, 0, n, 'video/') ||
    startsWithWord(mediaType, 0, n, 'font/')
  );
}

/**
 * The fingerprint for a URL in `codes[start..end)` that runs script where it is followed or loaded: `url:javascript`,
 * `url:vbscript`, `url:livescript`, `url:data` (an active data: URL, or any data: URL when `anyData`), else
 * undefined.
 *
 * @example classifyUrl(codes, 0, length, false) // 'url:javascript' for "\u0001 JaVa\tScRiPt:alert(1)"
 */
export function classifyUrl(
  codes: Uint16Array,
  start: number,
  end: number,
  anyData: boolean,
): string | undefined {
  const scheme = readScheme(codes, start, end);
  if (scheme === undefined) return undefined;
  if (scheme.name !== 'data') return scheme.url;
  return anyData || isActiveDataUrl(codes, schemeEnd, end) ? scheme.url : undefined;
}

/**
 * XSS detection for values arriving in HTTP requests: `detectXss` for any field, `detectXssInUrl` for a field that
 * holds a URL, `detectXssInRichText` for a field that holds an editor's HTML. Each normalises the value as the
 * application or the browser would (percent and entity decoding, JavaScript escapes, fullwidth folding, NUL
 * removal), then reads it with an HTML tokenizer and context rules. Linear in the value's length and bounded by a
 * work budget counted in units, never in time, so a value always gets the same verdict; never throws.
 */

import { WIDE_UNIT } from '../char-codes.js';
import { CLEAN, type Verdict, verdictCache } from '../verdict.js';
import { resetBudget } from './budget.js';
import { LONG_VALUE, scanLong } from './long-values.js';
import { scanRichText, scanText } from './plain.js';

/** Reads a plain value: a short one in full, a long one through its candidates. */
function scanPlain(value: string, url: boolean): string | undefined {
  // Not a string (a caller outside TypeScript): nothing to read, as for the SQL detector.
  if (typeof value !== 'string') return undefined;
  if (value.length >= LONG_VALUE) return scanLong(value, url, false);
  resetBudget(value.length);
  return scanText(value, url);
}

/** A tag's opening, raw or fullwidth, searched in a long two-byte value. */
const TAG_START = /[<\uff1c]/;

/**
 * True when `value` holds a `<` or a fullwidth `＜`, which every tag the rich-text reading reports opens with. A
 * native search for one character in a two-byte string filters on one of its bytes: 1 MiB of `（` or `丼`, whose
 * bytes are `＜`'s or `<`'s, took 8 ms. A long two-byte value is searched with a regular expression instead,
 * half a millisecond per MiB whatever it holds; a one-byte value's search is a native `memchr`.
 */
function mayHoldTag(value: string): boolean {
  if (value.length >= LONG_VALUE && WIDE_UNIT.test(value)) return TAG_START.test(value);
  return value.indexOf('<') !== -1 || value.indexOf('\uff1c') !== -1;
}

const detected = verdictCache('');

/** A detector bug must not let a value through unread, nor crash the request: it is reported as a detection. */
const FAILED: Verdict = Object.freeze({ detected: true, fingerprint: 'detector-error' });

/**
 * Detects XSS in a plain value that may be rendered in HTML text, inside an attribute, used as a URL or placed in
 * a script string. Flags what can run script: script-capable or active-content elements (`script`, `iframe`,
 * `object`, `embed`, `base`, `meta`, `link`, `style`, `form`...), event-handler attributes, script URLs in URL
 * attributes, dangerous CSS, attribute and script-string breakouts, and `javascript:`/`vbscript:`/active `data:`
 * URLs. Harmless markup (`<b>`, `<p style="color: red">`, `<a href="https://...">`) is not flagged: output encoding
 * handles it, and blocking it would block users who type HTML-like text.
 *
 * @returns `{ detected: true, fingerprint }` (`tag:script`, `attr:onerror`, `url:javascript`, `style:expression`,
 *   `attr-breakout:onmouseover`, `js-breakout`), or `CLEAN`. Never throws.
 * @example detectXss('<img src=x onerror=alert(1)>') // { detected: true, fingerprint: 'attr:onerror' }
 */
export function detectXss(value: string): Verdict {
  try {
    const found = scanPlain(value, false);
    return found === undefined ? CLEAN : detected(found);
  } catch {
    return FAILED;
  }
}

/**
 * Detects XSS in a field that holds a URL: a `javascript:`, `vbscript:`, `livescript:` or any `data:` URL after the
 * normalisation a browser applies (entity and percent decoding, leading whitespace and controls, tabs and newlines
 * inside the scheme, case), plus everything {@link detectXss} flags. `https:`, `mailto:` and relative URLs pass.
 *
 * @returns `{ detected: true, fingerprint }` (`url:javascript`, `url:data`...), or `CLEAN`. Never throws.
 * @example detectXssInUrl(' java&#x09;script:alert(1)') // { detected: true, fingerprint: 'url:javascript' }
 */
export function detectXssInUrl(value: string): Verdict {
  try {
    const found = scanPlain(value, true);
    return found === undefined ? CLEAN : detected(found);
  } catch {
    return FAILED;
  }
}

/**
 * Detects XSS in a field that legitimately holds a safe subset of HTML (an editor's output). Reads the value as a
 * browser does (character references decoded in attribute values only, so `&lt;script&gt;` in text stays text) and
 * flags only what can run script: script-capable elements (`script`, `iframe`, `object`, `embed`, `base`, `meta`,
 * `link`...), event-handler attributes, script or active data URLs in URL attributes (`href`, `src`, `action`,
 * `formaction`...), and `expression(`, `javascript:`, `behavior:`, `-moz-binding`, `@import` in styles. Formatting
 * markup, `style="color: red; text-align: center"`, and `https:` links and images pass.
 *
 * @returns `{ detected: true, fingerprint }`, or `CLEAN`. Never throws.
 * @example detectXssInRichText('<p style="color: red">Hi</p>') // CLEAN
 */
export function detectXssInRichText(value: string): Verdict {
  if (typeof value !== 'string') return CLEAN;
  if (!mayHoldTag(value)) return CLEAN;
  try {
    let found: string | undefined;
    if (value.length >= LONG_VALUE) found = scanLong(value, false, true);
    else {
      resetBudget(value.length);
      found = scanRichText(value);
    }
    return found === undefined ? CLEAN : detected(found);
  } catch {
    return FAILED;
  }
}

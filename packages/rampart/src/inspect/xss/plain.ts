/**
 * The full reading of a short plain value, or of a window of a long one: every view (copy, percent-decoded,
 * unescaped, UTF-7) scanned by the tokenizer and the text rules. The caller starts the budget.
 */

import { budget, spend, WORK_LIMIT } from './budget.js';
import type { DecodedText } from './buffers.js';
import { scan } from './html-scanner.js';
import { classifyUrl } from './urls.js';
import { decodeUtf7, hasUtf7, utf7Length } from './utf7.js';
import { copyReport, copyValue, mayUnescape, PASS_COST_SHIFT, readValue, unescapeValue } from './views.js';

/** Scans the UTF-7 reading of `view` when it holds UTF-7: legacy browsers decoded a page as UTF-7 on a hint. */
function scanUtf7(view: DecodedText): string | undefined {
  if (!hasUtf7(view.codes, view.length)) return undefined;
  if (!spend(view.length >> PASS_COST_SHIFT)) return WORK_LIMIT;
  return scan(decodeUtf7(view.codes, view.length), 0, utf7Length, false, 0);
}

/**
 * Scans a plain value in both views, the unescaped one first: it is where escaped markup shows, and reading it first
 * reports what the escapes hid (`java&#x09;script:` is `url:javascript`). `url` first checks the whole value as a
 * URL, any `data:` included.
 */
export function scanText(value: string, url: boolean): string | undefined {
  const { codes, pass } = copyValue(value);
  // No `<`, `:`, `=`, `(`, backtick, `+`, escape or folded character: no tag, scheme, handler, call or encoding.
  if (!pass.trigger && !pass.plus) return undefined;
  const view = readValue(codes, pass, true);
  if (view === undefined) return WORK_LIMIT;
  // Only a `+`: the value can hold UTF-7 markup and nothing else.
  if (!copyReport.trigger) return scanUtf7(view);
  const unescaped = mayUnescape ? unescapeValue(view) : undefined;
  if (unescaped === WORK_LIMIT) return WORK_LIMIT;
  let found: string | undefined;
  if (url) {
    if (unescaped !== undefined) found = classifyUrl(unescaped.codes, 0, unescaped.length, true);
    found ??= classifyUrl(view.codes, 0, view.length, true);
  }
  if (unescaped !== undefined) found ??= scan(unescaped.codes, 0, unescaped.length, false, 0);
  found ??= scan(view.codes, 0, view.length, false, 0);
  if (found === undefined && copyReport.plus) found = scanUtf7(view);
  // A scan that ran out of budget stopped early and may have missed the rest of the value.
  return found ?? (budget.left < 0 ? WORK_LIMIT : undefined);
}

/** Scans a short value in rich-text mode: the copy as a browser's tokenizer reads it, no decoding. */
export function scanRichText(value: string): string | undefined {
  const { codes, pass } = copyValue(value);
  const view = readValue(codes, pass, false);
  if (view === undefined) return WORK_LIMIT;
  return scan(view.codes, 0, view.length, true, 0) ?? (budget.left < 0 ? WORK_LIMIT : undefined);
}

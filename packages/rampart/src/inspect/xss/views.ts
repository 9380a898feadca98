/**
 * The views of a value the detectors read: the copy (NUL removed, fullwidth folded), the percent-decoded view and
 * the unescaped view (character references and JavaScript escapes decoded), each in reused scratch buffers, each
 * pass paid for from the call's budget.
 */

import { spend, WORK_LIMIT } from './budget.js';
import { acquireBuffer, type DecodedText } from './buffers.js';
import { decodeReferences } from './entities.js';
import { copyFolded, hasPercentEscape, type PassReport, percentDecodeCodes, report } from './normalize.js';

/** Budget units a decoding pass costs per code unit, as a shift: a pass costs about a quarter of a rule trigger. */
export const PASS_COST_SHIFT = 2;

/** Decoding rounds: two undo double encoding (`%253C`, `&amp;lt;`, `%26lt%3B`) and keep the work bounded. */
const MAX_ROUNDS = 2;

/** What the copy of the current value held. */
export const copyReport = { trigger: false, plus: false };
const copied: { codes: Uint16Array; pass: PassReport } = { codes: new Uint16Array(0), pass: report };
const percentView: DecodedText = { codes: new Uint16Array(0), length: 0 };
/** The percent-decoded view holds a `&` or `\`, so its unescaped view may differ. */
export let mayUnescape = false;
const referenceView: DecodedText = { codes: new Uint16Array(0), length: 0 };

/**
 * Copies a short value (or a window of a long one) into slot 0, NUL removed and fullwidth folded, and notes what it
 * holds. The caller has started the budget.
 */
export function copyValue(value: string): { codes: Uint16Array; pass: PassReport } {
  const codes = acquireBuffer(0, value.length);
  copied.codes = codes;
  copied.pass = copyFolded(value, codes);
  return copied;
}

/**
 * The copied value as a browser's tokenizer receives it: percent escapes decoded too (up to {@link MAX_ROUNDS}
 * times) when `decode`, since an application decodes URLs before it renders them. Undefined when the budget does
 * not cover the passes.
 */
export function readValue(
  copiedCodes: Uint16Array,
  copy: PassReport,
  decode: boolean,
): DecodedText | undefined {
  let codes = copiedCodes;
  let pass = copy;
  copyReport.trigger = pass.trigger;
  copyReport.plus = pass.plus;
  let length = pass.length;
  let slot = 1;
  for (
    let round = 0;
    decode && round < MAX_ROUNDS && pass.percent && hasPercentEscape(codes, length);
    round++
  ) {
    if (!spend(length >> PASS_COST_SHIFT)) return undefined;
    const out = acquireBuffer(slot, length);
    pass = percentDecodeCodes(codes, length, out);
    // `%2B` decodes to a `+`.
    copyReport.plus = true;
    codes = out;
    length = pass.length;
    slot = 3 - slot;
  }
  percentView.codes = codes;
  percentView.length = length;
  mayUnescape = pass.escape;
  return percentView;
}

/**
 * `view` with character references and JavaScript escapes decoded (up to {@link MAX_ROUNDS} times), for a value an
 * application unescapes before it writes it into a page (`&lt;script&gt;`, `\x3cscript\x3e`); undefined when there
 * is nothing to decode. The tokenizer reads both views: this one finds markup hidden by escaping, the other keeps
 * the quoting of attributes whose values hold escaped quotes.
 */
export function unescapeValue(view: DecodedText): DecodedText | typeof WORK_LIMIT | undefined {
  let codes = view.codes;
  let length = view.length;
  let slot = 8;
  let changed = false;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (!spend(length >> PASS_COST_SHIFT)) return WORK_LIMIT;
    const out = acquireBuffer(slot, length);
    const pass = decodeReferences(codes, 0, length, out, true);
    if (!pass.changed) break;
    changed = true;
    codes = out;
    length = pass.length;
    slot = 17 - slot;
    if (!pass.escape) break;
  }
  if (!changed) return undefined;
  referenceView.codes = codes;
  referenceView.length = length;
  return referenceView;
}

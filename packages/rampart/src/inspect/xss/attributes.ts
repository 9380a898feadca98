/**
 * One attribute of a tag, judged as a browser uses it: an event handler compiles its value as a function body, a URL
 * attribute follows or loads its value, `style` parses it as CSS, SVG animation and IE data binding turn other
 * attributes into one of these.
 */

import { spend, WORK_LIMIT } from './budget.js';
import { acquireBuffer } from './buffers.js';
import { CHAR_CLASS, COLON, isLetter, SEMICOLON, startsWithWord, TRIGGER_CLASS, toLower } from './chars.js';
import { dangerousCss, unusualCss } from './css.js';
import {
  ATTRIBUTE_NAME_VALUE,
  attributeKind,
  DATA_FORMAT_VALUE,
  STYLE_VALUE,
  URL_LIST_VALUE,
  URL_VALUE,
} from './elements.js';
import { decodeReferences, hasReference } from './entities.js';
import { knownEventHandler } from './events.js';
import { classifyUrl } from './urls.js';

/** First scratch slot of decoded attribute values; one slot per depth, so a nested scan never clobbers its caller. */
const VALUE_SLOT = 3;

/**
 * The value read by the last {@link checkAttribute} that asked for `nested` reading, references decoded: the
 * caller scans it as a plain value (`<a title="&lt;svg onload=...">`).
 */
export const attributeText: { nested: boolean; codes: Uint16Array; start: number; end: number } = {
  nested: false,
  codes: new Uint16Array(0),
  start: 0,
  end: 0,
};

/**
 * Attribute values are scanned as plain values to this depth: one level finds `<a title="&lt;svg onload=...">`;
 * more would multiply the work on hostile input.
 */
const MAX_DEPTH = 1;

/** True when `codes[start..end)` holds a character at which a plain-value rule starts: it needs a nested scan. */
function hasTrigger(codes: Uint16Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (((CHAR_CLASS[codes[i] as number] as number) & TRIGGER_CLASS) !== 0) return true;
  }
  return false;
}

/** True when `codes[start..end)` is `on` followed by a letter: an event-handler attribute name. */
export function isHandlerName(codes: Uint16Array, start: number, end: number): boolean {
  return (
    end - start > 2 &&
    toLower(codes[start] as number) === 0x6f &&
    toLower(codes[start + 1] as number) === 0x6e &&
    isLetter(codes[start + 2] as number)
  );
}

function indexOfCode(codes: Uint16Array, code: number, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    if (codes[i] === code) return i;
  }
  return -1;
}

/**
 * Checks one attribute: event handlers (`on*` with code), URL attributes with a script-running scheme, dangerous
 * CSS in `style`. In a plain value, when nothing was found and the value holds a rule trigger, sets
 * {@link attributeText} to the value (references decoded) for the caller to read as a plain value.
 */
export function checkAttribute(
  codes: Uint16Array,
  nameStart: number,
  nameEnd: number,
  valueStart: number,
  valueEnd: number,
  rich: boolean,
  depth: number,
): string | undefined {
  attributeText.nested = false;
  // A namespace prefix does not change what a handler is (`x:ontimer` in WML, `xlink:href`).
  let local = nameStart;
  for (let i = nameEnd - 1; i >= nameStart; i--) {
    if (codes[i] === COLON) {
      local = i + 1;
      break;
    }
  }
  if (isHandlerName(codes, local, nameEnd)) {
    // A handler without code runs nothing (`<x onclick>`); any other `on*` value is compiled as a function body.
    if (valueEnd <= valueStart) return undefined;
    return knownEventHandler(codes, local, nameEnd)?.attribute ?? 'attr:on*';
  }
  if (valueEnd <= valueStart) return undefined;
  // XML Events: `ev:handler="#x"` names the script element run when `ev:event` fires.
  if (local > nameStart && nameEnd - local === 7 && startsWithWord(codes, local, nameEnd, 'handler'))
    return 'attr:ev:handler';
  const kind = attributeKind(codes, nameStart, nameEnd);
  // SVG animation and SMIL set an event handler (`<set attributeName="onmouseover" to="alert(1)">`); IE data
  // binding renders bound data as HTML (`<span datasrc=#x dataformatas=html>`).
  if (kind === ATTRIBUTE_NAME_VALUE && isHandlerName(codes, valueStart, valueEnd))
    return 'attr:attributename';
  if (kind === DATA_FORMAT_VALUE && startsWithWord(codes, valueStart, valueEnd, 'html'))
    return 'attr:dataformatas';
  const url = kind === URL_VALUE || kind === URL_LIST_VALUE;
  const style = kind === STYLE_VALUE;
  if (!url && !style && (rich || depth >= MAX_DEPTH)) return undefined;
  if (!spend(valueEnd - valueStart)) return WORK_LIMIT;
  const nested = !rich && depth < MAX_DEPTH && hasTrigger(codes, valueStart, valueEnd);
  if (!url && !style && !nested) return undefined;
  // The browser decodes references in attribute values before it resolves a URL or parses CSS.
  let text = codes;
  let start = valueStart;
  let end = valueEnd;
  if (hasReference(codes, start, end)) {
    text = acquireBuffer(VALUE_SLOT + depth, end - start);
    end = decodeReferences(codes, start, end, text, false).length;
    start = 0;
  }
  if (url) {
    // SVG animation `values` is a `;`-separated list: each item is a URL when the animated attribute is one.
    for (let item = start; item < end; ) {
      const found = classifyUrl(text, item, end, false);
      if (found !== undefined) return found;
      if (kind !== URL_LIST_VALUE) break;
      const next = indexOfCode(text, SEMICOLON, item, end);
      if (next < 0) break;
      item = next + 1;
    }
  }
  if (style) {
    const found = dangerousCss(text, start, end) ?? (rich ? undefined : unusualCss(text, start, end));
    if (found !== undefined) return found;
  }
  attributeText.nested = nested;
  attributeText.codes = text;
  attributeText.start = start;
  attributeText.end = end;
  return undefined;
}

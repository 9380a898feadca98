import { type ErrorCode, errorBody } from '../errors/index.js';
import { FORBIDDEN_KEYS } from '../lib/forbidden-keys.js';
import type { Denial } from '../lib/request.js';

export interface JsonLimits {
  readonly maxJsonDepth: number;
  readonly maxJsonKeys: number;
  readonly maxJsonStringLength: number;
}

export type JsonParseResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly denial: Denial; readonly reason: string };

function refuse(code: ErrorCode, reason: string, extra?: Record<string, unknown>): JsonParseResult {
  return { ok: false, reason, denial: { allowed: false, status: 400, body: errorBody(code, extra) } };
}

/**
 * Parses a JSON request body after checking its shape in one linear pass over the text, so that a hostile body
 * (100,000 nested arrays, a million keys, a 50 MB string) is refused before `JSON.parse` spends time or stack on it.
 *
 * The scan tracks only what it needs: nesting depth, whether a string is an object key, and each string's length.
 * It does not validate JSON (the parse that follows does); an invalid document either fails the scan's counts or
 * the parse, and both give a 400.
 */
export function parseJsonBody(text: string, limits: JsonLimits): JsonParseResult {
  if (cannotBreakLimits(text, limits)) return parse(text);
  return scanThenParse(text, limits);
}

/** Counts `{` and `[` with native searches, stopping as soon as the count passes `max`. */
function openersExceed(text: string, max: number): boolean {
  let count = 0;
  for (const opener of ['{', '[']) {
    for (let at = text.indexOf(opener); at !== -1; at = text.indexOf(opener, at + 1)) {
      if (++count > max) return true;
    }
  }
  return false;
}

/**
 * True when `text` provably cannot break a limit, from bounds that native string searches establish in a fraction
 * of a character-by-character scan: a key takes at least 4 characters (`"":0`), no string is longer than the text,
 * depth cannot exceed the number of `{` and `[`, and a forbidden key cannot appear unless its name, or a `\u`
 * escape that could spell it, does.
 */
function cannotBreakLimits(text: string, limits: JsonLimits): boolean {
  return (
    text.length / 4 <= limits.maxJsonKeys &&
    text.length <= limits.maxJsonStringLength &&
    !text.includes('__proto__') &&
    !text.includes('constructor') &&
    !text.includes('prototype') &&
    !text.includes('\\u') &&
    !openersExceed(text, limits.maxJsonDepth)
  );
}

function parse(text: string): JsonParseResult {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return refuse('INVALID_JSON', 'syntax');
  }
}

function scanThenParse(text: string, limits: JsonLimits): JsonParseResult {
  // Objects and arrays nest; for each open one, remember whether it is an object (its strings alternate key/value).
  const isObject: boolean[] = [];
  let expectKey = false;
  let keys = 0;
  const length = text.length;

  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i + 1;
      let escaped = false;
      i++;
      for (; i < length; i++) {
        const d = text.charCodeAt(i);
        if (escaped) escaped = false;
        else if (d === 0x5c /* \ */) escaped = true;
        else if (d === 0x22) break;
      }
      const stringLength = i - start;
      if (stringLength > limits.maxJsonStringLength) {
        return refuse('JSON_STRING_TOO_LONG', 'string length', { limit: limits.maxJsonStringLength });
      }
      if (expectKey) {
        keys++;
        if (keys > limits.maxJsonKeys)
          return refuse('JSON_TOO_MANY_KEYS', 'key count', { limit: limits.maxJsonKeys });
        const raw = text.slice(start, i);
        // An escaped spelling (`"\u005f_proto__"`) decodes to the same key, so decode before comparing.
        const key = raw.includes('\\') ? safeDecode(raw) : raw;
        if (key === undefined || FORBIDDEN_KEYS.has(key))
          return refuse('JSON_FORBIDDEN_KEY', 'forbidden key');
        expectKey = false;
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      isObject.push(c === 0x7b);
      if (isObject.length > limits.maxJsonDepth) {
        return refuse('JSON_TOO_DEEP', 'depth', { limit: limits.maxJsonDepth });
      }
      expectKey = c === 0x7b;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      isObject.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      expectKey = isObject[isObject.length - 1] === true;
    }
  }

  return parse(text);
}

function safeDecode(raw: string): string | undefined {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return undefined;
  }
}

import type { ErrorCode } from '../errors/index.js';
import { FORBIDDEN_KEYS } from '../lib/forbidden-keys.js';

/**
 * The seeds' `sanitize_string` / `sanitize_json`, made safe for data: they check and return the value unchanged,
 * or refuse it with a code. They never trim, strip or escape, because a sanitizer that rewrites input silently
 * corrupts what is stored (a name loses its apostrophe, a password its `<`). Escaping belongs to output: see
 * `escapeHtml`.
 */
export type Sanitized<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      /** An error code of the registry (`docs/errors.md`), all with status 400. */
      readonly code: ErrorCode;
      /** Where in the value: `$` for the value itself, `$.items[2].name` inside JSON. */
      readonly path: string;
      readonly message: string;
    };

export interface SanitizeStringOptions {
  /** Longest accepted string, in characters (Unicode code points). Default 10,000. */
  readonly maxLength?: number;
  /** Accept line breaks and tabs (for multi-line text). Default true; other control characters are always refused. */
  readonly allowLineBreaks?: boolean;
}

export interface SanitizeJsonOptions {
  /** Deepest nesting of arrays and objects; the top-level value is depth 1. Default 20. */
  readonly maxDepth?: number;
  /** Most object keys in the whole value. Default 1,000. */
  readonly maxKeys?: number;
  /** Longest object key, in UTF-16 code units. Default 256. */
  readonly maxKeyLength?: number;
  /** Longest string value, in UTF-16 code units. Default 100,000. */
  readonly maxStringLength?: number;
}

const STRING_DEFAULTS = { maxLength: 10_000, allowLineBreaks: true } as const;
const JSON_DEFAULTS = { maxDepth: 20, maxKeys: 1000, maxKeyLength: 256, maxStringLength: 100_000 } as const;

/** Deepest `maxDepth` accepted: the walk recurses, and the stack must hold it. */
const MAX_DEPTH_OPTION = 1000;

/**
 * An option's value, or its default when absent. Anything but a positive integer is a programming error: an
 * `undefined` or `NaN` slipping through would silently turn a limit off.
 */
function limitOption(
  value: number | undefined,
  fallback: number,
  name: string,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new TypeError(`rampart: ${name} must be an integer from 1 to ${max}, got ${String(value)}`);
  }
  return value;
}

function refuse<T>(code: ErrorCode, path: string, message: string): Sanitized<T> {
  return { ok: false, code, path, message };
}

/**
 * Why a string is refused, or undefined: a control character a text field has no use for (C0, DEL and C1: `U+009B`
 * begins an escape sequence on some terminals), or a lone surrogate.
 */
function badCharacter(value: string, allowLineBreaks: boolean): string | undefined {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      // A lone surrogate is not Unicode: encoders replace it, databases refuse it, comparisons go wrong.
      const next = value.charCodeAt(i + 1);
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return `a lone surrogate at index ${i}`;
    }
    if (c >= 0x20 && (c < 0x7f || c > 0x9f)) continue;
    if (allowLineBreaks && (c === 0x09 || c === 0x0a || c === 0x0d)) continue;
    return `control character U+${c.toString(16).padStart(4, '0')} at index ${i}`;
  }
  return undefined;
}

function codePointLength(value: string, stopAfter: number): number {
  let count = 0;
  for (let i = 0; i < value.length && count <= stopAfter; i++) {
    const c = value.charCodeAt(i);
    // A surrogate pair is one character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) i++;
    count++;
  }
  return count;
}

/**
 * Checks a user-supplied string: a string, at most `maxLength` characters, well-formed Unicode (no lone
 * surrogates, which break encoders and databases), and no NUL or other control characters (line breaks and tabs
 * allowed unless `allowLineBreaks` is false). Returns the same string, never a rewritten one.
 *
 * @example
 * const name = sanitizeString(body.name, { maxLength: 100 });
 * if (!name.ok) return reply.code(400).send(errorBody(name.code));
 */
export function sanitizeString(value: unknown, options: SanitizeStringOptions = {}): Sanitized<string> {
  const maxLength = limitOption(options.maxLength, STRING_DEFAULTS.maxLength, 'maxLength');
  const allowLineBreaks = options.allowLineBreaks ?? STRING_DEFAULTS.allowLineBreaks;
  if (typeof value !== 'string')
    return refuse('INVALID_STRING', '$', `expected a string, got ${typeOf(value)}`);
  if (value.length > maxLength && codePointLength(value, maxLength) > maxLength) {
    return refuse('STRING_TOO_LONG', '$', `longer than ${maxLength} characters`);
  }
  const bad = badCharacter(value, allowLineBreaks);
  return bad === undefined ? { ok: true, value } : refuse('INVALID_STRING', '$', bad);
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Checks a parsed JSON value (or any value about to be stored as JSON): only JSON types (null, booleans, finite
 * numbers, strings, arrays, plain objects), at most `maxDepth` levels and `maxKeys` keys, keys at most
 * `maxKeyLength` long, strings at most `maxStringLength`, and no `__proto__`, `constructor` or `prototype` key
 * anywhere. Returns the same value, never a copy with parts removed. Work is linear in the value's size and stops
 * at the first problem; a shared or circular reference is refused.
 *
 * @example
 * const data = sanitizeJson(request.body, { maxDepth: 5 });
 * if (!data.ok) return reply.code(400).send(errorBody(data.code, { path: data.path }));
 */
export function sanitizeJson<T = unknown>(value: T, options: SanitizeJsonOptions = {}): Sanitized<T> {
  const limits = {
    maxDepth: limitOption(options.maxDepth, JSON_DEFAULTS.maxDepth, 'maxDepth', MAX_DEPTH_OPTION),
    maxKeys: limitOption(options.maxKeys, JSON_DEFAULTS.maxKeys, 'maxKeys'),
    maxKeyLength: limitOption(options.maxKeyLength, JSON_DEFAULTS.maxKeyLength, 'maxKeyLength'),
    maxStringLength: limitOption(options.maxStringLength, JSON_DEFAULTS.maxStringLength, 'maxStringLength'),
  };
  let keys = 0;
  // JSON has no shared references: an object met twice would be stored twice, and a few arrays that each hold
  // the next one twice would make the walk (and the serialisation) exponential.
  const seen = new Set<object>();

  const visit = (node: unknown, path: string, depth: number): Sanitized<T> | undefined => {
    if (node === null || typeof node === 'boolean') return undefined;
    if (typeof node === 'number') {
      return Number.isFinite(node)
        ? undefined
        : refuse('JSON_UNSUPPORTED_VALUE', path, `${node} is not JSON`);
    }
    if (typeof node === 'string') {
      if (node.length > limits.maxStringLength)
        return refuse('JSON_STRING_TOO_LONG', path, `string longer than ${limits.maxStringLength}`);
      // As sanitizeString: PostgreSQL's jsonb refuses `\u0000`, encoders replace lone surrogates.
      const bad = badCharacter(node, true);
      return bad === undefined ? undefined : refuse('INVALID_STRING', path, bad);
    }
    if (typeof node !== 'object') return refuse('JSON_UNSUPPORTED_VALUE', path, `${typeof node} is not JSON`);
    if (depth > limits.maxDepth)
      return refuse('JSON_TOO_DEEP', path, `nested deeper than ${limits.maxDepth}`);
    if (seen.has(node)) return refuse('JSON_UNSUPPORTED_VALUE', path, 'shared or circular reference');
    seen.add(node);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const problem = visit(node[i], `${path}[${i}]`, depth + 1);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    if (!isPlainObject(node)) return refuse('JSON_UNSUPPORTED_VALUE', path, 'not a plain object');
    for (const key of Reflect.ownKeys(node)) {
      if (typeof key === 'symbol') return refuse('JSON_UNSUPPORTED_VALUE', path, 'symbol key');
      const keyPath = `${path}${keyStep(key)}`;
      if (FORBIDDEN_KEYS.has(key)) return refuse('JSON_FORBIDDEN_KEY', keyPath, `forbidden key "${key}"`);
      if (key.length > limits.maxKeyLength) {
        return refuse('JSON_KEY_TOO_LONG', path, `key longer than ${limits.maxKeyLength}`);
      }
      const badKey = badCharacter(key, false);
      if (badKey !== undefined) return refuse('INVALID_STRING', keyPath, `key with ${badKey}`);
      if (++keys > limits.maxKeys)
        return refuse('JSON_TOO_MANY_KEYS', path, `more than ${limits.maxKeys} keys`);
      const problem = visit((node as Record<string, unknown>)[key], keyPath, depth + 1);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };

  try {
    return visit(value, '$', 1) ?? { ok: true, value };
  } catch {
    // A getter that throws, a proxy's trap: no JSON value does that.
    return refuse('JSON_UNSUPPORTED_VALUE', '$', 'a value that cannot be read');
  }
}

/**
 * One key's step in a path: `.name`, `["first name"]`, or `[?]` for a key that is no plain name, which a caller may
 * well put in an error body or a log line (`<img src=x onerror=...>`).
 */
function keyStep(key: string): string {
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return `.${key}`;
  return /^[\w $.:@-]{1,64}$/.test(key) ? `[${JSON.stringify(key)}]` : '[?]';
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML element content and quoted attribute values (`&`, `<`, `>`, `"`, `'`). An output
 * concern: apply it when rendering, not when storing. Not for URLs, scripts or unquoted attributes. A value that is
 * not a string is escaped as its `String()` (an array of query values as `a,b`); null and undefined as nothing.
 *
 * @example
 * `<p class="memo">${escapeHtml(transfer.memo)}</p>`
 */
export function escapeHtml(text: unknown): string {
  // Templates pass what they are given: `?q=<b>&q=x` makes a query value an array, which has no replace().
  const string = typeof text === 'string' ? text : text === null || text === undefined ? '' : stringOf(text);
  return /[&<>"']/.test(string) ? string.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c) : string;
}

/** `String(value)`, or for an object that has no conversion (`Object.create(null)`) its tag, `[object Object]`. */
function stringOf(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

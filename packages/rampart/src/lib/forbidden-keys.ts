/**
 * Keys that, once merged into an object, reach `Object.prototype` (prototype pollution): the JSON parser, the
 * sanitizers and input inspection refuse them wherever they appear.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

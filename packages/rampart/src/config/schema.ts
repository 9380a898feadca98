import { RampartConfigError } from '../errors/index.js';
import { didYouMean } from '../lib/did-you-mean.js';

/**
 * A tiny declarative validator for option objects. It exists so that every option is checked the same way at
 * creation time (type, range, unit, unknown keys with a "did you mean"), and so the per-request path never has to.
 */
export type Field =
  | { readonly kind: 'number'; readonly min?: number; readonly max?: number; readonly integer?: boolean }
  | { readonly kind: 'boolean' }
  | {
      readonly kind: 'string';
      readonly minLength?: number;
      readonly pattern?: RegExp;
      readonly hint?: string;
    }
  | { readonly kind: 'enum'; readonly values: readonly (string | boolean)[] }
  | { readonly kind: 'strings'; readonly pattern?: RegExp; readonly hint?: string }
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, Field>> }
  | { readonly kind: 'record'; readonly keyPattern: RegExp; readonly keyHint: string; readonly value: Field }
  | { readonly kind: 'function' }
  | { readonly kind: 'instance'; readonly methods: readonly string[] }
  | { readonly kind: 'falseOr'; readonly field: Field };

function describe(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : String(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Throws a `RampartConfigError` naming the option path and the bad value; returns normally when `value` fits. */
export function validate(path: string, field: Field, value: unknown): void {
  const fail = (message: string): never => {
    throw new RampartConfigError(path, `${message} (got ${describe(value)})`);
  };
  switch (field.kind) {
    case 'number':
      if (typeof value !== 'number' || Number.isNaN(value)) fail('must be a number');
      if (field.integer && !Number.isInteger(value)) fail('must be a whole number');
      if (field.min !== undefined && (value as number) < field.min) fail(`must be at least ${field.min}`);
      if (field.max !== undefined && (value as number) > field.max) fail(`must be at most ${field.max}`);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') fail('must be true or false');
      return;
    case 'string':
      if (typeof value !== 'string') fail('must be a string');
      if (field.minLength !== undefined && (value as string).length < field.minLength) {
        fail(`must be at least ${field.minLength} characters`);
      }
      if (field.pattern && !field.pattern.test(value as string)) fail(field.hint ?? 'has the wrong format');
      return;
    case 'enum':
      if (!field.values.includes(value as string | boolean)) {
        fail(`must be one of ${field.values.map((v) => JSON.stringify(v)).join(', ')}`);
      }
      return;
    case 'strings':
      if (!Array.isArray(value)) fail('must be an array of strings');
      for (const [i, item] of (value as unknown[]).entries()) {
        if (typeof item !== 'string') throw new RampartConfigError(`${path}[${i}]`, 'must be a string');
        if (field.pattern && !field.pattern.test(item)) {
          throw new RampartConfigError(
            `${path}[${i}]`,
            `${field.hint ?? 'has the wrong format'} (got ${describe(item)})`,
          );
        }
      }
      return;
    case 'object': {
      if (!isPlainObject(value)) fail('must be a plain object');
      const known = Object.keys(field.fields);
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        const sub = field.fields[key];
        if (sub === undefined) {
          const hint = didYouMean(key, known);
          throw new RampartConfigError(
            path === '' ? key : `${path}.${key}`,
            `unknown option${hint ? `; did you mean "${hint}"?` : ''} (known: ${known.join(', ')})`,
          );
        }
        if (item !== undefined) validate(path === '' ? key : `${path}.${key}`, sub, item);
      }
      return;
    }
    case 'record':
      if (!isPlainObject(value)) fail('must be a plain object');
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        if (!field.keyPattern.test(key)) throw new RampartConfigError(`${path}["${key}"]`, field.keyHint);
        validate(`${path}["${key}"]`, field.value, item);
      }
      return;
    case 'function':
      if (typeof value !== 'function') fail('must be a function');
      return;
    case 'falseOr':
      if (value !== false) validate(path, field.field, value);
      return;
    case 'instance':
      if (typeof value !== 'object' || value === null)
        fail(`must be an object with ${field.methods.join(', ')}`);
      for (const method of field.methods) {
        if (typeof (value as Record<string, unknown>)[method] !== 'function') {
          fail(`must be an object with a ${method}() method`);
        }
      }
      return;
  }
}

/** Deep-freezes plain objects and arrays (not injected instances such as stores or loggers). */
export function deepFreeze<T>(value: T): T {
  if (Array.isArray(value)) {
    for (const item of value) deepFreeze(item);
    return Object.freeze(value);
  }
  if (isPlainObject(value)) {
    for (const item of Object.values(value)) deepFreeze(item);
    return Object.freeze(value);
  }
  return value;
}

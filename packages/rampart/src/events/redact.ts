/**
 * Removes secrets from event details before any sink sees them. Keys are matched by name at any depth, so a
 * caller that puts `{ password }` or `{ headers: { authorization } }` into details cannot leak it.
 */
const SECRET_KEY =
  /pass(word|wd|phrase)?|secret|token|authori[sz]ation|cookie|private.?key|api.?key|otp|totp|backup.?code|signature|session.?id|^key$|credential/i;
const MAX_DEPTH = 6;
const MAX_STRING = 512;

export const REDACTED = '[REDACTED]';

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string')
    return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}...` : value;
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '[...]';
  if (Array.isArray(value)) return value.slice(0, 50).map((item) => redactValue(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? REDACTED : redactValue(item, depth + 1);
  }
  return out;
}

/** A copy of `details` with secret-named keys replaced by `[REDACTED]` and long strings cut. */
export function redactDetails<T>(details: T): T {
  return redactValue(details, 0) as T;
}

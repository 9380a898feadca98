/**
 * Reads one cookie from a `Cookie` header without building a map of all of them (the hot path wants one value).
 * Returns the first occurrence, as browsers send the most specific cookie first. Values are not decoded: Rampart's
 * own cookies are base64url, and an encoded value is simply a value that will not verify.
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined || header === '') return undefined;
  // One pass: each character is looked at once, whatever the header holds (`;;;;...` included).
  let start = 0;
  let eq = -1;
  for (let i = 0; i <= header.length; i++) {
    const c = i === header.length ? 0x3b : header.charCodeAt(i);
    if (c === 0x3d /* = */ && eq === -1) eq = i;
    else if (c === 0x3b /* ; */) {
      if (eq !== -1 && header.slice(start, eq).trim() === name) return header.slice(eq + 1, i).trim();
      start = i + 1;
      eq = -1;
    }
  }
  return undefined;
}

export interface CookieAttributes {
  readonly maxAgeSeconds?: number;
  readonly httpOnly?: boolean;
  readonly secure?: boolean;
  readonly sameSite?: 'Strict' | 'Lax' | 'None';
  readonly path?: string;
}

/** Serializes a `Set-Cookie` value. Names and values must already be cookie-safe (callers use base64url). */
export function serializeCookie(name: string, value: string, attributes: CookieAttributes): string {
  let out = `${name}=${value}; Path=${attributes.path ?? '/'}`;
  if (attributes.maxAgeSeconds !== undefined) out += `; Max-Age=${Math.floor(attributes.maxAgeSeconds)}`;
  if (attributes.httpOnly !== false) out += '; HttpOnly';
  if (attributes.secure) out += '; Secure';
  if (attributes.sameSite) out += `; SameSite=${attributes.sameSite}`;
  return out;
}

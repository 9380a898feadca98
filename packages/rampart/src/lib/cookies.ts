const SPACE = 0x20;
const TAB = 0x09;
const SEMICOLON = 0x3b;
const EQUALS = 0x3d;

/**
 * Reads one cookie from a `Cookie` header without building a map of all of them (the hot path wants one value).
 * Returns the first occurrence, as browsers send the most specific cookie first. Values are not decoded: Rampart's
 * own cookies are base64url, and an encoded value is simply a value that will not verify.
 *
 * The name is found with the engine's string search, then checked to start a pair (`name=` at the start or after
 * `;`, spaces and tabs allowed around it). Linear in the header whatever it holds: the searches move forward, and
 * each space is stepped over at most twice.
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined || name === '') return undefined;
  const length = header.length;
  for (let at = header.indexOf(name); at !== -1; at = header.indexOf(name, at + 1)) {
    let before = at - 1;
    while (before >= 0 && isBlank(header.charCodeAt(before))) before--;
    if (before >= 0 && header.charCodeAt(before) !== SEMICOLON) continue;
    let after = at + name.length;
    while (after < length && isBlank(header.charCodeAt(after))) after++;
    if (header.charCodeAt(after) !== EQUALS) continue;
    const end = header.indexOf(';', after + 1);
    return trimBlanks(header, after + 1, end === -1 ? length : end);
  }
  return undefined;
}

function isBlank(code: number): boolean {
  return code === SPACE || code === TAB;
}

function trimBlanks(text: string, start: number, end: number): string {
  let from = start;
  let to = end;
  while (from < to && isBlank(text.charCodeAt(from))) from++;
  while (to > from && isBlank(text.charCodeAt(to - 1))) to--;
  return text.slice(from, to);
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

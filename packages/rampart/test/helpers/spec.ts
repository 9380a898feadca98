import { Readable } from 'node:stream';

/** SPEC §2's default Content-Security-Policy, spelled out independently of the code under test. */
export const SPEC_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/** SPEC §2's security headers (HSTS aside: HTTPS only), as every response must carry them by default. */
export const SPEC_SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['x-content-type-options', 'nosniff'],
  ['x-frame-options', 'DENY'],
  ['x-xss-protection', '0'],
  ['referrer-policy', 'strict-origin-when-cross-origin'],
  ['permissions-policy', 'geolocation=(), microphone=(), camera=()'],
  ['content-security-policy', SPEC_CSP],
];

/** A request body of `total` bytes sent in 64 KiB chunks without a Content-Length (chunked encoding). */
export function chunkedBody(total: number): Readable {
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const chunk = Buffer.alloc(Math.min(64 * 1024, total - sent), 0x20);
      sent += chunk.length;
      this.push(chunk);
    },
  });
}

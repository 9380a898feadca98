import { errorBody } from '../errors/index.js';
import type { Denial, RequestView } from '../lib/request.js';

export { type JsonLimits, type JsonParseResult, parseJsonBody } from './json.js';

export interface RequestLimitOptions {
  /** Largest request body in bytes (default 10 MiB) → 413. */
  readonly maxBodyBytes: number;
  /** Longest request target (path + query) in bytes (default 2048) → 414. */
  readonly maxUrlBytes: number;
  /** Largest total of header names and values in bytes (default 8 KiB) → 431. */
  readonly maxHeaderBytes: number;
}

export interface RequestLimits {
  /** The first limit the request breaks (URL, headers, declared body length), or undefined. */
  check(
    view: RequestView,
  ): (Denial & { readonly reason: string; readonly limit: number; readonly actual: number }) | undefined;
}

/**
 * Size limits checked before any other work. The declared `Content-Length` is refused up front; bodies without
 * one (chunked) are cut off by the adapter's body reader at the same limit.
 */
export function createRequestLimits(options: RequestLimitOptions): RequestLimits {
  const { maxBodyBytes, maxUrlBytes, maxHeaderBytes } = options;
  const deny = (
    status: number,
    code: 'URL_TOO_LONG' | 'HEADERS_TOO_LARGE' | 'BODY_TOO_LARGE',
    reason: string,
    limit: number,
    actual: number,
  ) => ({
    allowed: false as const,
    status,
    body: errorBody(code),
    reason,
    limit,
    actual,
  });

  return {
    check(view) {
      // Node decodes the request line as latin1: one character per byte received.
      if (view.url.length > maxUrlBytes)
        return deny(414, 'URL_TOO_LONG', 'url_length', maxUrlBytes, view.url.length);
      let headerBytes = 0;
      const raw = view.rawHeaders;
      // name + ": " + value + CRLF, as on the wire.
      for (let i = 0; i < raw.length; i++) headerBytes += (raw[i]?.length ?? 0) + 2;
      if (headerBytes > maxHeaderBytes) {
        return deny(431, 'HEADERS_TOO_LARGE', 'header_size', maxHeaderBytes, headerBytes);
      }
      const declared = view.headers['content-length'];
      if (typeof declared === 'string' && declared.length > 0) {
        const length = Number(declared);
        if (length > maxBodyBytes) return deny(413, 'BODY_TOO_LARGE', 'body_size', maxBodyBytes, length);
      }
      return undefined;
    },
  };
}

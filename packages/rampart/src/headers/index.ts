import { randomBytes } from 'node:crypto';
import type { HeaderPairs } from '../lib/request.js';
import { createRouteSet } from '../lib/route-table.js';

export interface SecurityHeaderOptions {
  readonly enabled: boolean;
  readonly contentSecurityPolicy: Readonly<Record<string, readonly string[]>>;
  readonly dangerouslyDisableContentSecurityPolicy: boolean;
  readonly cspNonce: boolean;
  readonly xssProtection: '0' | '1; mode=block';
  readonly hstsMaxAgeSeconds: number;
  readonly hstsIncludeSubDomains: boolean;
  readonly hstsPreload: boolean;
  readonly referrerPolicy: string;
  readonly permissionsPolicy: string;
  readonly frameOptions: 'DENY' | 'SAMEORIGIN';
  readonly crossOriginOpenerPolicy: false | string;
  readonly crossOriginResourcePolicy: false | string;
  readonly noStoreRoutes: readonly string[];
}

export interface HeaderSet {
  readonly headers: HeaderPairs;
  /** The CSP nonce of this response, for templates (`<script nonce="...">`), when nonces are on. */
  readonly nonce: string | undefined;
}

export interface SecurityHeaders {
  /** Headers for one response. `secure` adds HSTS (only meaningful over HTTPS); `route` selects no-store. */
  forRequest(input: {
    readonly secure: boolean;
    readonly method: string;
    readonly route: string | undefined;
  }): HeaderSet;
}

const NONCE_DIRECTIVES = new Set(['script-src', 'style-src']);
const EMPTY: HeaderSet = Object.freeze({ headers: [], nonce: undefined });

/** Builds a CSP string from directives; with `nonce`, adds `'nonce-…'` to script-src and style-src. */
export function serializeCsp(
  directives: Readonly<Record<string, readonly string[]>>,
  nonce?: string,
): string {
  return Object.entries(directives)
    .map(([name, sources]) => {
      const all =
        nonce !== undefined && NONCE_DIRECTIVES.has(name) ? [...sources, `'nonce-${nonce}'`] : sources;
      return all.length === 0 ? name : `${name} ${all.join(' ')}`;
    })
    .join('; ');
}

/**
 * The security headers of SPEC §2, computed once from options. Per request the only work is choosing between the
 * HTTP and HTTPS lists, and, when CSP nonces are on, 16 random bytes and one string join.
 *
 * @example
 * const headers = createSecurityHeaders(config.headers);
 * headers.forRequest({ secure: true, method: 'GET', route: '/' }).headers; // [['x-content-type-options', 'nosniff'], ...]
 */
export function createSecurityHeaders(options: SecurityHeaderOptions): SecurityHeaders {
  if (!options.enabled) {
    const none: HeaderSet = { headers: [], nonce: undefined };
    return { forRequest: () => none };
  }
  const csp = options.dangerouslyDisableContentSecurityPolicy
    ? undefined
    : serializeCsp(options.contentSecurityPolicy);
  const base: [string, string][] = [
    ['x-content-type-options', 'nosniff'],
    ['x-frame-options', options.frameOptions],
    ['x-xss-protection', options.xssProtection],
    ['referrer-policy', options.referrerPolicy],
    ['permissions-policy', options.permissionsPolicy],
  ];
  // Every header costs CPU on every response; these two only do something for documents, so they are opt-in.
  if (options.crossOriginOpenerPolicy)
    base.push(['cross-origin-opener-policy', options.crossOriginOpenerPolicy]);
  if (options.crossOriginResourcePolicy) {
    base.push(['cross-origin-resource-policy', options.crossOriginResourcePolicy]);
  }
  if (csp !== undefined && !options.cspNonce) base.push(['content-security-policy', csp]);
  let hsts = `max-age=${options.hstsMaxAgeSeconds}`;
  if (options.hstsIncludeSubDomains) hsts += '; includeSubDomains';
  if (options.hstsPreload) hsts += '; preload';

  const noStore: [string, string] = ['cache-control', 'no-store'];
  // Index: 2 x secure + noStore.
  const variants: HeaderPairs[] = [];
  for (const secure of [false, true]) {
    for (const store of [false, true]) {
      const list = [...base];
      if (secure) list.push(['strict-transport-security', hsts]);
      if (store) list.push(noStore);
      variants.push(Object.freeze(list));
    }
  }
  const noStoreRoutes = createRouteSet(options.noStoreRoutes);
  const withNonce = csp !== undefined && options.cspNonce;
  // Without nonces every response of a kind gets the same frozen set: nothing is allocated per request.
  const sets: HeaderSet[] = variants.map((headers) => Object.freeze({ headers, nonce: undefined }));

  return {
    forRequest({ secure, method, route }) {
      const store = noStoreRoutes.get(method, route) !== undefined;
      const index = (secure ? 2 : 0) + (store ? 1 : 0);
      if (!withNonce) return sets[index] ?? EMPTY;
      const headers = variants[index] ?? [];
      const nonce = randomBytes(16).toString('base64');
      return {
        headers: [
          ...headers,
          ['content-security-policy', serializeCsp(options.contentSecurityPolicy, nonce)],
        ],
        nonce,
      };
    },
  };
}

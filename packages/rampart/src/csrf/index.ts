import { randomBytes } from 'node:crypto';
import { errorBody } from '../errors/index.js';
import { readCookie, serializeCookie } from '../lib/cookies.js';
import { ALLOW, type Denial, headerValue, isStateChanging, type RequestContext } from '../lib/request.js';
import { createRouteSet } from '../lib/route-table.js';
import { createTokenSigner, isSessionId } from './token.js';

export { createTokenSigner, type TokenSigner, type TokenVerdict } from './token.js';

export interface CsrfOptions {
  readonly secret: string;
  readonly dangerouslyDisable: boolean;
  readonly tokenBytes: number;
  readonly ttlMs: number;
  readonly tokenRoute: string;
  readonly cookieName: string;
  readonly headerName: string;
  readonly exempt: readonly string[];
  readonly checkOrigin: boolean;
  /** Cross-origin callers allowed by CORS; their `Origin` passes the second layer. */
  readonly trustedOrigins: readonly string[];
  readonly cookieSecure: 'auto' | boolean;
  readonly sameSite: 'Strict' | 'Lax';
  readonly now: () => number;
}

/** `Authorization: Bearer ...`: a credential the browser never attaches on its own. */
const BEARER = /^bearer /i;

export type CsrfFailure = 'csrf_missing' | 'csrf_mismatch' | 'csrf_invalid';

export interface CsrfDenial extends Denial {
  readonly event: CsrfFailure;
  readonly reason: 'missing' | 'malformed' | 'expired' | 'origin' | 'signature' | 'no_session';
}

export interface CsrfIssue {
  readonly body: { readonly csrf_token: string; readonly session_id: string };
  /** A `Set-Cookie` value when a new session id was created. */
  readonly setCookie: string | undefined;
}

export interface CsrfProtection {
  /** The route (`GET`) that issues tokens. */
  readonly tokenRoute: string;
  /** A token bound to the request's session-id cookie, creating that cookie when it is absent or malformed. */
  issue(context: RequestContext): CsrfIssue;
  /** Allows safe methods, exempt routes and bearer-only requests; otherwise checks origin and token. */
  check(context: RequestContext): typeof ALLOW | CsrfDenial;
}

/**
 * CSRF protection for cookie-authenticated requests (SPEC §2).
 *
 * A state-changing request (not GET/HEAD/OPTIONS) on a route that is not exempt must pass two layers:
 * 1. Origin: a browser's `Origin` must be this site or a CORS-trusted origin (`null` is refused); without
 *    `Origin`, `Sec-Fetch-Site: cross-site` is refused. This also stops login CSRF, where no cookie exists yet.
 * 2. Token: when the request carries cookies, `X-CSRF-Token` must hold a token signed for its session-id cookie.
 * Requests that authenticate only with `Authorization: Bearer` carry no ambient credential and pass.
 *
 * @example
 * const csrf = createCsrfProtection({ ...config.csrf, secret, trustedOrigins: config.cors.origins, ... });
 */
export function createCsrfProtection(options: CsrfOptions): CsrfProtection {
  const signer = createTokenSigner(options);
  const exempt = createRouteSet(options.exempt);
  const headerName = options.headerName.toLowerCase();
  const trustedOrigins = new Set(options.trustedOrigins.map((origin) => origin.toLowerCase()));
  const secureName = `__Host-${options.cookieName}`;
  const cookieNameFor = (secure: boolean): string =>
    (options.cookieSecure === 'auto' ? secure : options.cookieSecure) ? secureName : options.cookieName;
  const deny = (event: CsrfFailure, reason: CsrfDenial['reason']): CsrfDenial => ({
    allowed: false,
    status: 403,
    body: errorBody(reason === 'missing' ? 'CSRF_MISSING' : 'CSRF_INVALID'),
    event,
    reason,
  });

  const originAllowed = (context: RequestContext): boolean => {
    const origin = headerValue(context.headers, 'origin');
    if (origin !== undefined) {
      const lowered = origin.toLowerCase();
      if (lowered === 'null') return false;
      if (trustedOrigins.has(lowered)) return true;
      const host = headerValue(context.headers, 'host')?.toLowerCase();
      return (
        host !== undefined &&
        (lowered === `https://${host}` || (!context.secure && lowered === `http://${host}`))
      );
    }
    return headerValue(context.headers, 'sec-fetch-site') !== 'cross-site';
  };

  return {
    tokenRoute: options.tokenRoute,

    issue(context) {
      const name = cookieNameFor(context.secure);
      const existing = readCookie(headerValue(context.headers, 'cookie'), name);
      const sessionId =
        existing !== undefined && isSessionId(existing) ? existing : randomBytes(32).toString('base64url');
      const secure = options.cookieSecure === 'auto' ? context.secure : options.cookieSecure;
      return {
        body: { csrf_token: signer.sign(sessionId, options.now()), session_id: sessionId },
        setCookie:
          sessionId === existing
            ? undefined
            : serializeCookie(name, sessionId, {
                httpOnly: true,
                secure,
                sameSite: options.sameSite,
                maxAgeSeconds: Math.ceil(options.ttlMs / 1000),
              }),
      };
    },

    check(context) {
      if (options.dangerouslyDisable || !isStateChanging(context.method)) return ALLOW;
      // Only an exact spelling of an exempt route is exempt; a normalised match still gets every check.
      if (context.routeExact !== false && exempt.get(context.method, context.route) !== undefined)
        return ALLOW;

      const cookieHeader = headerValue(context.headers, 'cookie');
      const name = cookieNameFor(context.secure);
      const sessionId = readCookie(cookieHeader, name);
      // Bearer-only: no session cookie for a forged request to ride on.
      if (sessionId === undefined) {
        const authorization = headerValue(context.headers, 'authorization');
        if (authorization !== undefined && BEARER.test(authorization)) return ALLOW;
      }

      if (options.checkOrigin && !originAllowed(context)) return deny('csrf_invalid', 'origin');
      // No cookie: no ambient credential for a forged request to ride on.
      if (cookieHeader === undefined || cookieHeader === '') return ALLOW;

      const token = headerValue(context.headers, headerName);
      if (token === undefined || token === '') return deny('csrf_missing', 'missing');
      if (sessionId === undefined) return deny('csrf_mismatch', 'no_session');
      switch (signer.verify(token, sessionId, options.now())) {
        case 'valid':
          return ALLOW;
        case 'no_session':
          return deny('csrf_mismatch', 'no_session');
        case 'expired':
          return deny('csrf_invalid', 'expired');
        case 'mismatch':
          return deny('csrf_mismatch', 'signature');
        default:
          return deny('csrf_invalid', 'malformed');
      }
    },
  };
}

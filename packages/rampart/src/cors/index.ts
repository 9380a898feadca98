import { errorBody } from '../errors/index.js';
import { ALLOW, type Decision, type HeaderPairs, headerValue, type RequestContext } from '../lib/request.js';

export interface CorsOptions {
  readonly enabled: boolean;
  readonly origins: readonly string[];
  readonly methods: readonly string[];
  readonly allowedHeaders: readonly string[];
  readonly exposedHeaders: readonly string[];
  readonly credentials: boolean;
  readonly maxAgeSeconds: number;
}

export type CorsDecision = Decision & {
  /** For an allowed origin: `Access-Control-Expose-Headers`, to add to responses that carry those headers. */
  readonly expose?: HeaderPairs;
  /** Set when a cross-origin request came from an origin not on the list (for the `cors_rejected` event). */
  readonly rejectedOrigin?: string;
  readonly preflight?: boolean;
};

export interface Cors {
  check(context: RequestContext): CorsDecision;
}

const VARY: HeaderPairs = Object.freeze([['vary', 'Origin']] as const);

/** `scheme://host` of the request itself, to tell same-origin requests (which need no CORS) from cross-origin. */
export function ownOrigin(context: RequestContext): string | undefined {
  const host = headerValue(context.headers, 'host');
  return host === undefined ? undefined : `${context.secure ? 'https' : 'http'}://${host.toLowerCase()}`;
}

/**
 * CORS with an exact-match origin whitelist (no patterns, no `*`: with credentials a wildcard would hand every
 * site the user's session). Allowed origins are echoed back one at a time with `Vary: Origin`; others get no CORS
 * headers at all, and their preflights a 403, so the browser blocks them.
 *
 * @example
 * const cors = createCors({ ...DEFAULTS.cors, origins: ['https://wallet.example'] });
 */
export function createCors(options: CorsOptions): Cors {
  if (!options.enabled) return { check: () => ALLOW };
  const origins = new Set(options.origins.map((origin) => origin.toLowerCase()));
  const methods = new Set(options.methods);
  const allowedHeaders = new Set(options.allowedHeaders.map((name) => name.toLowerCase()));
  const credentials: HeaderPairs = options.credentials ? [['access-control-allow-credentials', 'true']] : [];
  const exposed: HeaderPairs =
    options.exposedHeaders.length > 0
      ? [['access-control-expose-headers', options.exposedHeaders.join(', ')]]
      : [];
  const preflightHeaders: HeaderPairs = [
    ['access-control-allow-methods', options.methods.join(', ')],
    ['access-control-allow-headers', options.allowedHeaders.join(', ')],
    ['access-control-max-age', String(options.maxAgeSeconds)],
  ];
  const allowedVary = new Map<string, HeaderPairs>();
  const preflightFor = new Map<string, HeaderPairs>();
  for (const origin of origins) {
    allowedVary.set(
      origin,
      Object.freeze([...VARY, ['access-control-allow-origin', origin], ...credentials]),
    );
    preflightFor.set(
      origin,
      Object.freeze([...VARY, ['access-control-allow-origin', origin], ...credentials, ...preflightHeaders]),
    );
  }
  const allowVary: Decision = Object.freeze({ allowed: true, headers: VARY });

  const requestedHeadersAllowed = (requested: string | undefined): boolean => {
    if (requested === undefined || requested.trim() === '') return true;
    return requested.split(',').every((name) => {
      const trimmed = name.trim().toLowerCase();
      return trimmed === '' || allowedHeaders.has(trimmed);
    });
  };

  return {
    check(context) {
      const origin = headerValue(context.headers, 'origin');
      const preflight =
        context.method === 'OPTIONS' &&
        headerValue(context.headers, 'access-control-request-method') !== undefined;
      if (origin === undefined) return allowVary;
      const lowered = origin.toLowerCase();
      const allowed = allowedVary.get(lowered);

      if (preflight) {
        const method = headerValue(context.headers, 'access-control-request-method') ?? '';
        const headersOk = requestedHeadersAllowed(
          headerValue(context.headers, 'access-control-request-headers'),
        );
        if (allowed !== undefined && methods.has(method) && headersOk) {
          return {
            allowed: false,
            status: 204,
            body: undefined,
            headers: preflightFor.get(lowered) ?? VARY,
            preflight,
          };
        }
        return {
          allowed: false,
          status: 403,
          body: errorBody('CORS_ORIGIN_DENIED'),
          headers: VARY,
          rejectedOrigin: origin.slice(0, 200),
          preflight,
        };
      }
      if (allowed !== undefined)
        return { allowed: true, headers: allowed, expose: exposed.length > 0 ? exposed : undefined };
      // Same-origin requests carry Origin on POST too; they need no CORS headers and are not rejections.
      if (lowered === ownOrigin(context)) return allowVary;
      return { allowed: true, headers: VARY, rejectedOrigin: origin.slice(0, 200), preflight: false };
    },
  };
}

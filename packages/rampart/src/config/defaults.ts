/**
 * Every default in one frozen object. Values come from the two source documents (SPEC §1); units are in the names.
 */
/** `Object.freeze` without its literal-type inference: a default of 120 is a `number`, not the type `120`. */
function frozen<T>(value: T): Readonly<T> {
  return Object.freeze(value);
}

export const DEFAULTS = frozen({
  environment: 'development' as 'production' | 'development' | 'test',
  instances: 1,
  clientIp: frozen({
    /** Proxies whose `X-Forwarded-For` is believed: IPs or CIDR ranges. None by default. */
    trustedProxies: frozen([] as string[]),
    /** IPv6 clients are grouped by this prefix length: one /64 is one client (it is one subscriber's LAN). */
    ipv6PrefixLength: 64,
  }),
  limits: frozen({
    maxBodyBytes: 10 * 1024 * 1024,
    maxUrlBytes: 2048,
    maxHeaderBytes: 8 * 1024,
    maxJsonDepth: 32,
    maxJsonKeys: 10_000,
    maxJsonStringLength: 1024 * 1024,
  }),
  ipBlock: frozen({
    /** Automatic blocking after rate-limit violations (manual blocks are always enforced). */
    enabled: true,
    /** BLOCK_DURATION: how long an automatic block lasts. */
    blockDurationMs: 900_000,
    /** SUSPICIOUS_ACTIVITY_THRESHOLD: violations that trigger an automatic block. */
    violationThreshold: 5,
    /** Violations are counted over this window from the first one; an allowed request does not reset them. */
    violationWindowMs: 600_000,
  }),
  rateLimit: frozen({
    enabled: true,
    algorithm: 'sliding-window' as 'sliding-window' | 'token-bucket',
    /** RATE_LIMIT_REQUESTS per RATE_LIMIT_WINDOW, per client IP, over every route not exempt. */
    global: frozen({ limit: 120, windowMs: 60_000 }),
    routes: frozen({}) as Readonly<Record<string, RouteRuleOptions>>,
    exempt: frozen(['/health', '/healthz', '/readyz']),
    /** When the store fails: `deny` answers 503, `allow` lets the request through. Both emit `store_error`. */
    onStoreError: 'deny' as 'deny' | 'allow',
    /**
     * When allowed responses carry `RateLimit-*` and `X-RateLimit-*` (429s always do): `always`; `near-limit`, once
     * a client has used half its quota, when pacing information helps; or `denied`, never on allowed responses.
     * Each header costs server CPU on every response, so the default sends them when they inform.
     */
    headers: 'near-limit' as 'always' | 'near-limit' | 'denied',
  }),
  cors: frozen({
    enabled: true,
    /** Exact origins (`scheme://host[:port]`). Empty: no cross-origin access. */
    origins: frozen([] as string[]),
    methods: frozen(['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS']),
    allowedHeaders: frozen(['Content-Type', 'Authorization', 'X-CSRF-Token']),
    exposedHeaders: frozen([
      'Retry-After',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
    ]),
    credentials: true,
    maxAgeSeconds: 3600,
  }),
  csrf: frozen({
    dangerouslyDisable: false,
    tokenBytes: 32,
    ttlMs: 86_400_000,
    /** Where tokens are issued (`GET`). */
    tokenRoute: '/csrf-token',
    /** Name of the session-id cookie the token is bound to; `__Host-` is prefixed when cookies are secure. */
    cookieName: 'rampart_sid',
    headerName: 'x-csrf-token',
    /** Exact route patterns (`POST /webhooks/payment`) or patterns (any method) exempt from CSRF. */
    exempt: frozen([] as string[]),
    /** Second layer: refuse cross-site `Origin` / `Sec-Fetch-Site` on state-changing requests. */
    checkOrigin: true,
  }),
  headers: frozen({
    enabled: true,
    contentSecurityPolicy: frozen({
      'default-src': frozen(["'self'"]),
      'script-src': frozen(["'self'"]),
      'style-src': frozen(["'self'"]),
      'img-src': frozen(["'self'", 'data:']),
      'font-src': frozen(["'self'"]),
      'connect-src': frozen(["'self'"]),
      'frame-ancestors': frozen(["'none'"]),
      'base-uri': frozen(["'self'"]),
      'form-action': frozen(["'self'"]),
    }) as Readonly<Record<string, readonly string[]>>,
    dangerouslyDisableContentSecurityPolicy: false,
    /** Add a fresh `'nonce-...'` to script-src and style-src on every response. */
    cspNonce: false,
    /** The seed lists `1; mode=block`; current advice (OWASP, MDN) is `0`, since the auditor itself leaked data. */
    xssProtection: '0' as '0' | '1; mode=block',
    hstsMaxAgeSeconds: 31_536_000,
    hstsIncludeSubDomains: true,
    hstsPreload: false,
    referrerPolicy: 'strict-origin-when-cross-origin',
    permissionsPolicy: 'geolocation=(), microphone=(), camera=()',
    frameOptions: 'DENY' as 'DENY' | 'SAMEORIGIN',
    /** `Cross-Origin-Opener-Policy`, for HTML documents (off: it does nothing for a JSON API). */
    crossOriginOpenerPolicy: false as false | 'same-origin' | 'same-origin-allow-popups' | 'unsafe-none',
    /** `Cross-Origin-Resource-Policy` (off: browsers already block cross-origin no-cors reads of JSON). */
    crossOriginResourcePolicy: false as false | 'same-origin' | 'same-site' | 'cross-origin',
    /** Routes whose responses get `Cache-Control: no-store` (auth responses). Exact patterns. */
    noStoreRoutes: frozen(['/csrf-token']),
  }),
  inspect: frozen({
    /** `monitor`: findings become CRITICAL events and requests go through, so adopting Rampart breaks nothing. */
    mode: 'monitor' as 'off' | 'monitor' | 'block',
    /** Request headers inspected besides the query string and the body. */
    headers: frozen(['user-agent', 'referer']),
    /** Field path → `{ kind, mode }` on every route (see the README's inspection section). */
    fields: frozen({}) as Readonly<Record<string, InspectFieldOptions>>,
    /** Route key → `{ mode, fields }`. */
    routes: frozen({}) as Readonly<Record<string, InspectRouteOptions>>,
    /** String values (object keys included) inspected per request at most; more is itself a finding. */
    maxValues: 1000,
    /** Characters inspected per request at most, all values together; more is itself a finding. */
    maxChars: 1_048_576,
  }),
  /** `Host` whitelist (`example.com`, `*.example.com`); empty: any host. */
  trustedHosts: frozen([] as string[]),
  cookies: frozen({
    /** `auto`: Secure when the request came over HTTPS; in production always Secure. */
    secure: 'auto' as 'auto' | boolean,
    sameSite: 'Strict' as 'Strict' | 'Lax',
  }),
  events: frozen({
    /** Events kept in memory for `recent()` and the live dashboard. */
    bufferSize: 1000,
  }),
});

/** How one field is inspected: what it holds and what a finding does. */
export interface InspectFieldOptions {
  /** Default `text`. */
  readonly kind?: 'text' | 'richText' | 'url' | 'identifier';
  /** Default: the route's mode, else `inspect.mode`. */
  readonly mode?: 'off' | 'monitor' | 'block';
}

/** How one route is inspected. */
export interface InspectRouteOptions {
  readonly mode?: 'off' | 'monitor' | 'block';
  readonly fields?: Readonly<Record<string, InspectFieldOptions>>;
}

/** A per-route rate-limit rule. */
export interface RouteRuleOptions {
  readonly limit: number;
  readonly windowMs: number;
  /** Default: the global algorithm. */
  readonly algorithm?: 'sliding-window' | 'token-bucket';
  /** `ip` (default) counts per client IP; `user` per authenticated user, falling back to IP when anonymous. */
  readonly key?: 'ip' | 'user';
}

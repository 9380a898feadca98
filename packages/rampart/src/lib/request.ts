import type { ErrorBody } from '../errors/index.js';

/**
 * Response headers as name/value pairs. Names are lower-case, as HTTP/2 requires and HTTP/1.1 allows: frameworks
 * and Node lower-case names anyway, and an already lower-case name spares them an allocation per header per
 * response (about 5% of a bare Fastify request's CPU for nine headers).
 */
export type HeaderPairs = readonly (readonly [name: string, value: string])[];

/** Request headers as Node gives them: lower-case names. */
export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>;

/**
 * What a guard sees of a request. Adapters build it from their framework's request; guards never see a framework.
 */
export interface RequestView {
  /** Upper-case method. */
  readonly method: string;
  /** The raw request target (path and query), as received. */
  readonly url: string;
  /** The route pattern that matched (`/balance/:address`), or undefined when no route matched. */
  readonly route: string | undefined;
  /**
   * False when the route was matched only after normalising the path (case, trailing slash, escapes), as the
   * Express adapter does: rules still apply, exemptions do not. Undefined (exact) when the framework routed it.
   */
  readonly routeExact?: boolean | undefined;
  readonly headers: RequestHeaders;
  /** Node's `rawHeaders` (name, value, name, value...), to measure header size as sent. */
  readonly rawHeaders: readonly string[];
  /** The TCP peer address. */
  readonly socketIp: string;
  /** True when the connection to this process is TLS. */
  readonly socketEncrypted: boolean;
  /** Authenticated user id, when the application's `identify` hook found one. */
  readonly userId?: string | undefined;
}

/** A request view after client-IP resolution: every guard after the first works on this. */
export interface RequestContext extends RequestView {
  /** The client address (from a trusted proxy's `X-Forwarded-For`, else the socket). */
  readonly ip: string;
  /** The key the client is limited and blocked by: the IPv4 address, or the IPv6 /64 prefix. */
  readonly ipKey: string;
  /** True when the client reached us over HTTPS (socket TLS, or `X-Forwarded-Proto` from a trusted proxy). */
  readonly secure: boolean;
}

/** A guard's "no": the response to send instead of running the handler. */
export interface Denial {
  readonly allowed: false;
  readonly status: number;
  /** The JSON body; undefined for an empty response (a successful CORS preflight). */
  readonly body: ErrorBody | undefined;
  readonly headers?: HeaderPairs;
}

/** A guard's "yes", possibly with response headers to add. */
export interface Allowance {
  readonly allowed: true;
  readonly headers?: HeaderPairs;
}

export type Decision = Allowance | Denial;

export const ALLOW: Allowance = Object.freeze({ allowed: true });

/** First value of a header that may have been sent several times. */
export function headerValue(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Methods that change state: CSRF applies to these. */
export function isStateChanging(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS';
}

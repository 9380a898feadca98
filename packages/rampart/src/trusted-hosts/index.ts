import { errorBody } from '../errors/index.js';
import { type Denial, headerValue, type RequestHeaders } from '../lib/request.js';

export interface TrustedHosts {
  /** A 400 denial when the `Host` header is missing or not on the list; undefined when allowed. */
  check(headers: RequestHeaders): (Denial & { readonly host: string }) | undefined;
}

/**
 * `Host` whitelist: defends against host-header injection (poisoned password-reset links, cache poisoning) when
 * the application builds absolute URLs. `example.com` matches exactly; `*.example.com` matches any subdomain, not
 * the bare domain. A pattern without a port matches any port. An empty list allows every host.
 */
export function createTrustedHosts(patterns: readonly string[]): TrustedHosts {
  if (patterns.length === 0) return { check: () => undefined };
  const exact = new Set<string>();
  const suffixes: string[] = [];
  for (const pattern of patterns) {
    const lowered = pattern.toLowerCase();
    if (lowered.startsWith('*.')) suffixes.push(lowered.slice(1));
    else exact.add(lowered);
  }
  const allowed = (host: string): boolean => {
    if (exact.has(host)) return true;
    const colon = host.lastIndexOf(':');
    const name = colon > host.lastIndexOf(']') ? host.slice(0, colon) : host;
    if (exact.has(name)) return true;
    return suffixes.some((suffix) => name.endsWith(suffix) && name.length > suffix.length);
  };
  return {
    check(headers) {
      const host = (headerValue(headers, 'host') ?? '').trim().toLowerCase();
      if (host !== '' && allowed(host)) return undefined;
      return { allowed: false, status: 400, body: errorBody('HOST_NOT_ALLOWED'), host: host.slice(0, 255) };
    },
  };
}

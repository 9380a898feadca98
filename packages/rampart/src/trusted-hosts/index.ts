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
/** `name[:port]`: a DNS name or an IPv6 literal, then an optional decimal port. Anything else is not a host. */
const HOST =
  /^(?<name>[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::(?<port>\d{1,5}))?$/;

interface Pattern {
  /** The exact name, or for `*.example.com` the suffix `.example.com`. */
  readonly name: string;
  readonly wildcard: boolean;
  /** Undefined: any port. */
  readonly port: string | undefined;
}

export function createTrustedHosts(patterns: readonly string[]): TrustedHosts {
  if (patterns.length === 0) return { check: () => undefined };
  const compiled: Pattern[] = patterns.map((pattern) => {
    const lowered = pattern.toLowerCase();
    const wildcard = lowered.startsWith('*.');
    const match = HOST.exec(wildcard ? lowered.slice(2) : lowered);
    const name = match?.groups?.name ?? lowered;
    return { name: wildcard ? `.${name}` : name, wildcard, port: match?.groups?.port };
  });

  const allowed = (host: string): boolean => {
    // Parse strictly first: `example.com:80@evil.com` or `example.com:evil` are not a host with a port, and a
    // trailing dot (`example.com.`) is refused too, since caches key on the literal host.
    const match = HOST.exec(host);
    if (match === null) return false;
    const name = match.groups?.name ?? '';
    const port = match.groups?.port;
    return compiled.some(
      (p) =>
        (p.port === undefined || p.port === port) &&
        (p.wildcard ? name.endsWith(p.name) && name.length > p.name.length : name === p.name),
    );
  };

  return {
    check(headers) {
      const host = (headerValue(headers, 'host') ?? '').trim().toLowerCase();
      if (host !== '' && host.length <= 261 && allowed(host)) return undefined;
      return { allowed: false, status: 400, body: errorBody('HOST_NOT_ALLOWED'), host: host.slice(0, 255) };
    },
  };
}

import { errorBody } from '../errors/index.js';
import { type Denial, headerValue, type RequestHeaders } from '../lib/request.js';

export interface TrustedHosts {
  /**
   * A 400 denial when the `Host` header is missing or not on the list, or when a host a proxy forwarded
   * (`X-Forwarded-Host`, `Forwarded: host=`) is not on it; undefined when allowed.
   */
  check(headers: RequestHeaders): (Denial & { readonly host: string }) | undefined;
}

/**
 * `Host` whitelist: defends against host-header injection (poisoned password-reset links, cache poisoning) when
 * the application builds absolute URLs. `example.com` matches exactly; `*.example.com` matches any subdomain, not
 * the bare domain. A pattern without a port matches any port. An empty list allows every host.
 *
 * The hosts in `X-Forwarded-Host` and in `Forwarded`'s `host=` must be on the list too: behind a proxy, Fastify's
 * `request.host` and Express's `req.hostname` come from them, and most proxies pass a client's own through.
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

  /** `anyPort`: a host without a port matches a pattern with one (a proxy's `$host` carries no port). */
  const allowed = (host: string, anyPort = false): boolean => {
    // Parse strictly first: `example.com:80@evil.com` or `example.com:evil` are not a host with a port, and a
    // trailing dot (`example.com.`) is refused too, since caches key on the literal host.
    const match = HOST.exec(host);
    if (match === null) return false;
    const name = match.groups?.name ?? '';
    const port = match.groups?.port;
    return compiled.some(
      (p) =>
        (p.port === undefined || p.port === port || (anyPort && port === undefined)) &&
        (p.wildcard ? name.endsWith(p.name) && name.length > p.name.length : name === p.name),
    );
  };

  const refused = (host: string) => ({
    allowed: false as const,
    status: 400,
    body: errorBody('HOST_NOT_ALLOWED'),
    host: host.slice(0, 255),
  });

  return {
    check(headers) {
      const host = (headerValue(headers, 'host') ?? '').trim().toLowerCase();
      if (host === '' || host.length > 261 || !allowed(host)) return refused(host);
      if (headers['x-forwarded-host'] === undefined && headers.forwarded === undefined) return undefined;
      for (const forwarded of forwardedHosts(headers)) {
        if (forwarded.length > 261 || !allowed(forwarded, true)) return refused(forwarded);
      }
      return undefined;
    },
  };
}

/**
 * The hosts proxies say the client asked for, lower-cased: each entry of `X-Forwarded-Host` (a list when proxies
 * chain, or when the header came twice) and each `host=` of `Forwarded` (RFC 7239; quoted or not). Empty entries
 * name no host and are left out.
 */
function forwardedHosts(headers: RequestHeaders): string[] {
  const hosts: string[] = [];
  const add = (host: string): void => {
    if (host !== '') hosts.push(host.toLowerCase());
  };
  const values = (name: string): readonly string[] => {
    const value = headers[name];
    return value === undefined ? [] : Array.isArray(value) ? value : [value];
  };
  for (const entry of values('x-forwarded-host').join(',').split(',')) add(entry.trim());
  for (const element of values('forwarded').join(',').split(',')) {
    for (const pair of element.split(';')) {
      const equals = pair.indexOf('=');
      if (equals === -1 || pair.slice(0, equals).trim().toLowerCase() !== 'host') continue;
      const value = pair.slice(equals + 1).trim();
      add(value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value);
    }
  }
  return hosts;
}

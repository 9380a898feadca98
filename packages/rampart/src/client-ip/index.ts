import { BlockList, isIPv4 } from 'node:net';
import { RampartConfigError } from '../errors/index.js';
import { forwardedAddress, ipKeyOf, isIp, normalizeIp, proxyRange } from './ip.js';

export { forwardedAddress, ipKeyOf, isIp, normalizeIp } from './ip.js';

export interface ClientIpOptions {
  /** Proxies whose `X-Forwarded-For` / `X-Forwarded-Proto` are believed: IPs or CIDR ranges. Default none. */
  readonly trustedProxies?: readonly string[];
  /** IPv6 clients are keyed by this prefix (default 64). */
  readonly ipv6PrefixLength?: number;
}

export interface ClientAddress {
  /** The client's address. */
  readonly ip: string;
  /** What the client is limited and blocked by (IPv4 address or IPv6 prefix). */
  readonly key: string;
  /** True when the client's connection was HTTPS (TLS socket, or a trusted proxy said so). */
  readonly secure: boolean;
}

export interface ClientIpResolver {
  resolve(input: {
    readonly socketIp: string | undefined;
    readonly socketEncrypted: boolean;
    readonly forwardedFor: string | string[] | undefined;
    readonly forwardedProto: string | string[] | undefined;
  }): ClientAddress;
  /** True when `ip` is one of the trusted proxies. */
  isTrustedProxy(ip: string): boolean;
}

const UNKNOWN = '0.0.0.0';
const DIRECT_CACHE_SIZE = 4096;

/**
 * Resolves the client address of a request.
 *
 * The socket address is the truth unless the peer is a configured trusted proxy. Only then is `X-Forwarded-For`
 * read, from the right: each hop appends the address it saw, so the rightmost entries were written by our own
 * proxies and the first entry from the right that is not a trusted proxy is the client. Anything left of that was
 * written by the client and is ignored — spoofing it gains nothing.
 *
 * @example
 * const resolver = createClientIpResolver({ trustedProxies: ['10.0.0.0/8'] });
 */
export function createClientIpResolver(options: ClientIpOptions = {}): ClientIpResolver {
  const prefixLength = options.ipv6PrefixLength ?? 64;
  const trusted = new BlockList();
  let anyTrusted = false;
  for (const entry of options.trustedProxies ?? []) {
    const range = proxyRange(entry);
    if (typeof range === 'string')
      throw new RampartConfigError('clientIp.trustedProxies', `"${entry}" ${range}`);
    if (range.prefix === undefined) trusted.addAddress(range.ip, range.family);
    else {
      // Trusting every address lets anyone write X-Forwarded-For: dodge limits, or get others blocked. A range
      // that holds the mapped block `::ffff:0:0/96` trusts every IPv4 address (Node's BlockList matches them).
      if (range.prefix === 0) {
        throw new RampartConfigError(
          'clientIp.trustedProxies',
          `"${entry}" trusts every ${range.mapped ? 'IPv4 address (through ::ffff:0:0/96)' : 'address'}; list your proxies`,
        );
      }
      trusted.addSubnet(range.ip, range.prefix, range.family);
    }
    anyTrusted = true;
  }

  const isTrustedProxy = (ip: string): boolean =>
    anyTrusted && isIp(ip) && trusted.check(ip, isIPv4(ip) ? 'ipv4' : 'ipv6');

  // A peer that is not a trusted proxy is the client whatever its headers say, so its address resolves the same way
  // on every request: keep the last few results (keep-alive connections ask again and again). Bounded: a flood of
  // new addresses only cycles the cache.
  const direct = new Map<string, { plain: ClientAddress; tls: ClientAddress }>();
  const resolveDirect = (socketIp: string, encrypted: boolean): ClientAddress => {
    let entry = direct.get(socketIp);
    if (entry === undefined) {
      const ip = normalizeIp(socketIp);
      const key = ipKeyOf(ip, prefixLength);
      entry = { plain: { ip, key, secure: false }, tls: { ip, key, secure: true } };
      if (direct.size >= DIRECT_CACHE_SIZE) direct.delete(direct.keys().next().value as string);
      direct.set(socketIp, entry);
    }
    return encrypted ? entry.tls : entry.plain;
  };

  return {
    isTrustedProxy,
    resolve({ socketIp, socketEncrypted, forwardedFor, forwardedProto }) {
      if (!anyTrusted) return resolveDirect(socketIp || UNKNOWN, socketEncrypted);
      const peer = socketIp === undefined || socketIp === '' ? UNKNOWN : normalizeIp(socketIp);
      if (!isTrustedProxy(peer)) return resolveDirect(peer, socketEncrypted);
      // Several X-Forwarded-For headers are one list, in order.
      const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '')).split(',');
      let client = peer;
      let key: string | undefined;
      for (let i = hops.length - 1; i >= 0; i--) {
        const raw = hops[i] ?? '';
        if (raw.trim() === '') continue;
        const hop = forwardedAddress(raw);
        if (hop === undefined) {
          // Our own proxy wrote an entry we cannot read (`unknown`, an obfuscated id). The client is whoever that
          // is: key it by the entry itself, never by the proxy, or every client behind it would share one limit.
          key = `xff:${raw.trim().slice(0, 64)}`;
          break;
        }
        client = hop;
        if (!isTrustedProxy(hop)) break;
      }
      // Only the nearest proxy's protocol claim matters: it terminated the client's connection (or its proxy's).
      const protoHeader = Array.isArray(forwardedProto) ? forwardedProto.join(',') : (forwardedProto ?? '');
      const proto = protoHeader.split(',').pop()?.trim().toLowerCase();
      return {
        ip: client,
        key: key ?? ipKeyOf(client, prefixLength),
        secure: socketEncrypted || proto === 'https',
      };
    },
  };
}

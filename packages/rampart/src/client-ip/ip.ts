import { isIPv4, isIPv6 } from 'node:net';

/** Strips the IPv4-mapped IPv6 form (`::ffff:192.0.2.1`) that dual-stack sockets report, and zone ids. */
export function normalizeIp(raw: string): string {
  // Fast paths for what sockets report: a plain IPv4 address, or one mapped into IPv6 by a dual-stack listener.
  if (raw.length <= 15 && isIPv4(raw)) return raw;
  if (raw.length <= 22 && raw.startsWith('::ffff:') && isIPv4(raw.slice(7))) return raw.slice(7);
  let ip = raw.trim();
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  const zone = ip.indexOf('%');
  if (zone !== -1) ip = ip.slice(0, zone);
  if (ip.length > 7 && ip.slice(0, 7).toLowerCase() === '::ffff:' && isIPv4(ip.slice(7))) return ip.slice(7);
  // Other spellings of a mapped address (`::ffff:c000:201`, `0:0:0:0:0:ffff:192.0.2.1`), which some proxies write:
  // kept as IPv6, every IPv4 client behind them would share the key `::/64`.
  if (ip.length >= 9 && /ffff/i.test(ip) && isIPv6(ip)) {
    const mapped = mappedIpv4Range(ip, 128);
    if (mapped !== undefined) return mapped.address;
  }
  return ip.toLowerCase();
}

/** The first six groups of the IPv4-mapped block, `::ffff:0:0/96`. */
const MAPPED_BLOCK = [0, 0, 0, 0, 0, 0xffff];

/**
 * The IPv4 addresses that the IPv6 range `ip/prefix` covers through the mapped block `::ffff:0:0/96`, as an IPv4
 * range (`::ffff:c000:200/120` is `192.0.2.0/24`; `::/64` and `::ffff:0:0/96` are `0.0.0.0/0`), or undefined when it
 * covers none. Node's `BlockList` matches IPv4 addresses against such a range.
 */
export function mappedIpv4Range(ip: string, prefix: number): { address: string; prefix: number } | undefined {
  const groups = ipv6Groups(ip);
  const bits = Math.min(prefix, 96);
  for (let i = 0; i * 16 < bits; i++) {
    const inGroup = Math.min(16, bits - i * 16);
    const mask = (0xffff << (16 - inGroup)) & 0xffff;
    if (((groups[i] ?? 0) & mask) !== ((MAPPED_BLOCK[i] ?? 0) & mask)) return undefined;
  }
  if (prefix <= 96) return { address: '0.0.0.0', prefix: 0 };
  const [high = 0, low = 0] = groups.slice(6);
  return { address: `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`, prefix: prefix - 96 };
}

/** The eight 16-bit groups of a valid IPv6 address (handles `::` and a trailing dotted IPv4). */
function ipv6Groups(ip: string): number[] {
  let text = ip;
  const lastColon = text.lastIndexOf(':');
  const tail = text.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [a = 0, b = 0, c = 0, d = 0] = tail.split('.').map(Number);
    text = `${text.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length > 1 && halves[1] ? halves[1].split(':') : [];
  const fill = halves.length > 1 ? 8 - head.length - rest.length : 0;
  return [...head, ...new Array<string>(Math.max(0, fill)).fill('0'), ...rest]
    .slice(0, 8)
    .map((group) => Number.parseInt(group, 16) || 0);
}

/** RFC 5952 text for eight 16-bit groups: lower-case hex, the longest run of two or more zero groups as `::`. */
function formatIpv6(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < groups.length; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/**
 * The key a client is limited and blocked by. IPv4: the address. IPv6: the prefix of `prefixLength` bits in
 * canonical RFC 5952 form (`2001:db8:0:1::/64`, `2001:db8::/64`), because one subscriber is routinely given a whole
 * /64 and can rotate through 2^64 addresses: keying by full address would give each of them a fresh limit.
 */
export function ipKeyOf(ip: string, prefixLength: number): string {
  if (!ip.includes(':')) return ip;
  const groups = ipv6Groups(ip).map((group, i) => {
    const bitsInGroup = Math.max(0, Math.min(16, prefixLength - i * 16));
    return bitsInGroup === 16 ? group : group & ((0xffff << (16 - bitsInGroup)) & 0xffff);
  });
  return prefixLength >= 128 ? formatIpv6(groups) : `${formatIpv6(groups)}/${prefixLength}`;
}

/**
 * An address from an `X-Forwarded-For` entry, without the port some proxies append (`198.51.100.7:51234`,
 * `[2001:db8::7]:443`), or undefined when the entry is not an address.
 */
export function forwardedAddress(entry: string): string | undefined {
  let text = entry.trim();
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close === -1) return undefined;
    text = text.slice(1, close);
  } else {
    const colon = text.indexOf(':');
    // One colon: IPv4 with a port. Several: an IPv6 address, which has no port without brackets.
    if (colon !== -1 && colon === text.lastIndexOf(':')) text = text.slice(0, colon);
  }
  const ip = normalizeIp(text);
  return isIp(ip) ? ip : undefined;
}

export function isIp(value: string): boolean {
  return isIPv4(value) || isIPv6(value);
}

/** A trusted-proxy entry, parsed: an address (`prefix` undefined) or a range. */
export interface ProxyRange {
  readonly ip: string;
  readonly family: 'ipv4' | 'ipv6';
  readonly prefix: number | undefined;
  /** True when the entry was written in IPv6, as a range of the mapped block that is really an IPv4 range. */
  readonly mapped: boolean;
}

/**
 * Parses a trusted-proxy entry (`10.0.0.0/8`, `2001:db8::/48`, `198.51.100.7`). A range that covers IPv4 addresses
 * through the mapped block is the IPv4 range it covers (`::ffff:c000:200/120` is `192.0.2.0/24`, `::/64` all of
 * IPv4), so that its breadth is judged as the IPv4 range it is. A string says what is wrong with the entry.
 */
export function proxyRange(entry: string): ProxyRange | string {
  const [address = '', bits] = entry.split('/');
  const ip = normalizeIp(address);
  if (!isIp(ip)) return 'is not an IP address or CIDR range';
  if (bits === undefined)
    return { ip, family: isIPv4(ip) ? 'ipv4' : 'ipv6', prefix: undefined, mapped: false };
  const written = address.trim().replace(/^\[(.*)\]$/, '$1');
  const v6 = isIPv6(written);
  const prefix = Number(bits);
  if (bits.trim() === '' || !Number.isInteger(prefix) || prefix < 0 || prefix > (v6 ? 128 : 32)) {
    return 'has an invalid prefix length';
  }
  if (!v6) return { ip, family: 'ipv4', prefix, mapped: false };
  const mapped = mappedIpv4Range(written, prefix);
  if (mapped !== undefined)
    return { ip: mapped.address, family: 'ipv4', prefix: mapped.prefix, mapped: true };
  return { ip: written.toLowerCase(), family: 'ipv6', prefix, mapped: false };
}
